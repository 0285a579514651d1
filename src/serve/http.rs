//! Serve, stage 4: HTTP. One handler answers every request on the site's
//! port: the live-reload event stream, the built-in live-reload script, and
//! files of the current in-memory build. Only requests naming this machine
//! in `Host` (403 otherwise, see [`super::host`]); only GET and HEAD
//! (anything else is 405); only files the build produced (sanitised paths,
//! looked up in memory, so nothing outside the build can be named);
//! `404.html` with status 404 for misses. Never reads the disk.
//!
//! Connections are served by hyper's HTTP/1 builder rather than
//! `axum::serve`, which sets no timer: with one, a connection that has
//! not sent a whole request head within the idle timeout (just opened,
//! trickling its headers, or idle between keep-alive requests) is closed,
//! so a thousand idle sockets do not stay open.

use std::pin::pin;
use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::sse::{KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;

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
/// waits briefly for open requests. A connection is closed when it has
/// not sent a whole request head within `idle_timeout`.
pub async fn serve(
    listener: std::net::TcpListener,
    app: Arc<App>,
    idle_timeout: Duration,
) -> anyhow::Result<()> {
    listener.set_nonblocking(true)?;
    let listener = tokio::net::TcpListener::from_std(listener)?;
    let service = TowerToHyperService::new(router(app.clone()));
    let connections = GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(idle_timeout);
    let mut stop = pin!(wait_for_signal());
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let conn = builder.serve_connection(TokioIo::new(stream), service.clone());
                    let conn = connections.watch(conn);
                    tokio::spawn(async move {
                        // A client that goes away or times out is not our error.
                        let _ = conn.await;
                    });
                }
                Err(e) => accept_failed(&e).await,
            },
            () = &mut stop => break,
        }
    }
    eprintln!("stopping");
    app.hub.close();
    tokio::select! {
        () = connections.shutdown() => {}
        () = tokio::time::sleep(GRACE) => {}
    }
    Ok(())
}

/// A failed accept: a connection reset before it was taken is nothing;
/// anything else (out of file descriptors) is said, and accepting pauses
/// so the loop does not spin.
async fn accept_failed(e: &std::io::Error) {
    use std::io::ErrorKind;
    if matches!(
        e.kind(),
        ErrorKind::ConnectionRefused | ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset
    ) {
        return;
    }
    eprintln!("warning: cannot accept a connection: {e}");
    tokio::time::sleep(Duration::from_secs(1)).await;
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

async fn handle(
    State(app): State<Arc<App>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Some(refused) = host_refusal(&app, &uri, &headers) {
        return refused;
    }
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

/// The response refusing a request that does not name this machine, in
/// its `Host` header and, for an absolute-form request (`GET
/// http://host/ HTTP/1.1`), in its URI; `None` when it does.
fn host_refusal(app: &App, uri: &Uri, headers: &HeaderMap) -> Option<Response> {
    let missing = || text(StatusCode::BAD_REQUEST, "a Host header is required\n");
    let host = match headers.get(header::HOST).map(HeaderValue::to_str) {
        Some(Ok(host)) => Some(host),
        Some(Err(_)) => return Some(missing()),
        None => None,
    };
    let authority = uri.authority().map(|a| a.as_str());
    if host.is_none() && authority.is_none() {
        return Some(missing());
    }
    [authority, host]
        .into_iter()
        .flatten()
        .find(|h| !app.hosts.allows(h))
        .map(foreign_host)
}

/// 403 for a `Host` that is not this machine, saying how to allow it.
fn foreign_host(host: &str) -> Response {
    let name = host.rsplit_once(':').map_or(host, |(name, _)| name);
    let body = format!(
        "manabi serve answers requests for localhost and IP addresses only, not `{host}`:\n\
         a page on another site could otherwise read this preview (DNS rebinding).\n\
         If this name is yours, restart with: manabi serve --allow-host {name}\n"
    );
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
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
