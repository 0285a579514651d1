//! Serve, stage 4: HTTP. One handler answers every request on the site's
//! port: the live-reload event stream, the built-in live-reload script, and
//! files of the current in-memory build. Only GET and HEAD (anything else
//! is 405); only files the build produced (sanitised paths, looked up in
//! memory, so nothing outside the build can be named); `404.html` with
//! status 404 for misses. Never reads the disk.

use std::future::IntoFuture as _;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Router;
use tokio::sync::Notify;

use super::live::{EVENTS_PATH, SCRIPT_PATH};
use super::request_path;
use super::store::{content_type, Lookup, SiteFiles};
use super::App;

/// How often an idle event stream sends a comment (keeps proxies and
/// browsers from dropping it).
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How long Ctrl-C waits for open connections before stopping anyway.
const GRACE: Duration = Duration::from_secs(2);
/// The live-reload client (loaded by the theme's `partials/live_reload.html`).
const SCRIPT: &[u8] = include_bytes!("livereload.js");

/// Shown for every page while no build has succeeded yet; the live-reload
/// script shows the error and reloads once the site builds.
const NOT_BUILT_PAGE: &str = "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\
<title>manabi: build failed</title></head><body>\n<h1>The site has not been built yet</h1>\n\
<p>The build failed; the errors are shown in the terminal. This page reloads when the site builds.</p>\n\
<script src=\"/__manabi/livereload.js\" defer></script>\n</body></html>\n";

/// The router for `app` (all requests go to one handler).
pub fn router(app: Arc<App>) -> Router {
    Router::new().fallback(handle).with_state(app)
}

/// Serves until Ctrl-C (or SIGTERM), then closes the event streams and
/// waits briefly for open requests.
pub async fn serve(listener: std::net::TcpListener, app: Arc<App>) -> anyhow::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let stopping = Arc::new(Notify::new());
    let shutdown = shutdown(app.clone(), stopping.clone());
    let server = axum::serve(listener, router(app)).with_graceful_shutdown(shutdown);
    tokio::select! {
        result = server.into_future() => result.context("the HTTP server failed"),
        () = grace(stopping) => Ok(()),
    }
}

async fn shutdown(app: Arc<App>, stopping: Arc<Notify>) {
    wait_for_signal().await;
    eprintln!("stopping");
    app.hub.close();
    stopping.notify_one();
}

async fn grace(stopping: Arc<Notify>) {
    stopping.notified().await;
    tokio::time::sleep(GRACE).await;
}

#[cfg(unix)]
async fn wait_for_signal() {
    use tokio::signal::unix::{signal, SignalKind};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
        }
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}

#[cfg(not(unix))]
async fn wait_for_signal() {
    let _ = tokio::signal::ctrl_c().await;
}

async fn handle(State(app): State<Arc<App>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return method_not_allowed();
    }
    match uri.path() {
        EVENTS_PATH => Sse::new(app.hub.subscribe())
            .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
            .into_response(),
        SCRIPT_PATH => script(),
        raw => site_file(&app, raw, uri.query()),
    }
}

fn site_file(app: &App, raw: &str, query: Option<&str>) -> Response {
    let Ok(path) = request_path::parse(raw) else {
        return text(StatusCode::BAD_REQUEST, "bad request path\n");
    };
    let files = app.site.current();
    match files.lookup(&path) {
        Lookup::File { key, bytes } => file(StatusCode::OK, &key, bytes),
        Lookup::AddSlash => add_slash(raw, query),
        Lookup::NotFound => not_found(&files),
    }
}

fn not_found(files: &SiteFiles) -> Response {
    if let Some(page) = files.get("404.html") {
        return file(StatusCode::NOT_FOUND, "404.html", page.clone());
    }
    if files.is_empty() {
        let page = Bytes::from_static(NOT_BUILT_PAGE.as_bytes());
        return file(StatusCode::SERVICE_UNAVAILABLE, "index.html", page);
    }
    text(StatusCode::NOT_FOUND, "not found\n")
}

/// `/notes/llm` → `/notes/llm/`, keeping the query. The raw path passed
/// the sanitiser, so it cannot become `//host`.
fn add_slash(raw: &str, query: Option<&str>) -> Response {
    let location = match query {
        Some(q) => format!("{raw}/?{q}"),
        None => format!("{raw}/"),
    };
    match HeaderValue::try_from(location) {
        Ok(location) => (StatusCode::FOUND, [(header::LOCATION, location)]).into_response(),
        Err(_) => text(StatusCode::BAD_REQUEST, "bad request path\n"),
    }
}

fn script() -> Response {
    file(StatusCode::OK, "livereload.js", Bytes::from_static(SCRIPT))
}

fn file(status: StatusCode, key: &str, bytes: Bytes) -> Response {
    let headers = [
        (header::CONTENT_TYPE, content_type(key)),
        // A preview server: always show the latest build.
        (header::CACHE_CONTROL, "no-store"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    ];
    (status, headers, bytes).into_response()
}

fn text(status: StatusCode, body: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

fn method_not_allowed() -> Response {
    let headers = [
        (header::ALLOW, "GET, HEAD"),
        (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
    ];
    (
        StatusCode::METHOD_NOT_ALLOWED,
        headers,
        "only GET and HEAD\n",
    )
        .into_response()
}
