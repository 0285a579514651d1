//! Serve: live reload over server-sent events on the site's own port. The
//! [`Hub`] keeps one channel per open `EventSource` and broadcasts what the
//! rebuilder decided: `reload`, `css` (only stylesheets changed) or `error`
//! (every diagnostic of a failed build). A browser that connects while the
//! build is broken gets the `error` straight away; every connection starts
//! with `hello` (server id and build number) so a page notices a restarted
//! server or a rebuild it missed while disconnected. Formats messages; knows
//! nothing of files or HTTP routing.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::response::sse::Event;
use futures_core::Stream;
use serde::Serialize;
use tokio::sync::mpsc;

use crate::diagnostics::{Diagnostic, Severity};

/// Where browsers subscribe to live-reload events.
pub const EVENTS_PATH: &str = "/__manabi/events";
/// Where the built-in live-reload script is served (for themes and pages
/// that do not ship their own copy).
pub const SCRIPT_PATH: &str = "/__manabi/livereload.js";
/// How long a browser waits before reconnecting after a dropped stream.
const RETRY: Duration = Duration::from_millis(1000);

/// What the rebuilder tells the browsers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Pages changed: reload. `changed` counts changed output files.
    Reload { changed: usize },
    /// Only these stylesheets changed (URL paths): swap them in place.
    Css { paths: Vec<String> },
    /// The rebuild failed; the last good build is still served.
    Error { problems: Vec<Problem> },
}

/// One problem of a failed build, as the browser overlay shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// `error` or `warning`.
    pub severity: &'static str,
    /// `path:line:col`, absent for problems that are not in a user file.
    pub location: Option<String>,
    pub message: String,
    /// The offending source line.
    pub snippet: Option<String>,
    pub hint: Option<String>,
    /// The whole report as the terminal prints it.
    pub text: String,
}

impl Problem {
    pub fn from_diagnostic(d: &Diagnostic) -> Problem {
        Problem {
            severity: match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            },
            location: Some(format!("{}:{}:{}", d.path.display(), d.line, d.col)),
            message: d.message.clone(),
            snippet: d.snippet.clone(),
            hint: d.hint.clone(),
            text: d.to_string(),
        }
    }

    /// A failure that is not a mistake in a user file (an I/O error).
    pub fn from_error(e: &anyhow::Error) -> Problem {
        let message = format!("{e:#}");
        Problem {
            severity: "error",
            location: None,
            text: format!("error: {message}"),
            message,
            snippet: None,
            hint: None,
        }
    }
}

impl Message {
    fn to_event(&self) -> Event {
        let (name, data) = match self {
            Message::Reload { changed } => ("reload", serde_json::json!({ "changed": changed })),
            Message::Css { paths } => ("css", serde_json::json!({ "paths": paths })),
            Message::Error { problems } => ("error", serde_json::json!({ "problems": problems })),
        };
        Event::default().event(name).data(data.to_string())
    }
}

/// The open live-reload connections and the state a new one needs.
pub struct Hub {
    server: String,
    state: Mutex<HubState>,
}

#[derive(Default)]
struct HubState {
    clients: Vec<mpsc::UnboundedSender<Event>>,
    /// Counts published reloads, so a reconnecting page can tell it missed one.
    build: u64,
    /// The `error` event of the current failure, sent to new connections.
    failure: Option<Event>,
    closed: bool,
}

impl Default for Hub {
    fn default() -> Self {
        Hub::new()
    }
}

impl Hub {
    /// A hub with a fresh server id (pages reload when it changes).
    pub fn new() -> Hub {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let server = format!("{:x}-{nanos:x}", std::process::id());
        Hub {
            server,
            state: Mutex::new(HubState::default()),
        }
    }

    /// A new connection: `hello`, then the current error if the last build
    /// failed, then everything published from now on.
    pub fn subscribe(&self) -> EventStream {
        let (tx, rx) = mpsc::unbounded_channel();
        let mut state = self.lock();
        if !state.closed {
            let hello = serde_json::json!({ "server": self.server, "build": state.build });
            let _ = tx.send(
                Event::default()
                    .event("hello")
                    .retry(RETRY)
                    .data(hello.to_string()),
            );
            if let Some(failure) = &state.failure {
                let _ = tx.send(failure.clone());
            }
            state.clients.push(tx);
        }
        EventStream { rx }
    }

    /// Sends `message` to every open connection, forgetting closed ones.
    pub fn publish(&self, message: &Message) {
        let event = message.to_event();
        let mut state = self.lock();
        match message {
            Message::Error { .. } => state.failure = Some(event.clone()),
            _ => {
                state.failure = None;
                state.build += 1;
            }
        }
        state.clients.retain(|c| c.send(event.clone()).is_ok());
    }

    /// Whether the last published message was an error.
    pub fn is_failing(&self) -> bool {
        self.lock().failure.is_some()
    }

    /// Ends every stream (shutdown), so open connections let the server stop.
    pub fn close(&self) {
        let mut state = self.lock();
        state.closed = true;
        state.clients.clear();
    }

    /// Open connections (after dropping the ones known to be closed).
    pub fn connections(&self) -> usize {
        let mut state = self.lock();
        state.clients.retain(|c| !c.is_closed());
        state.clients.len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HubState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The events of one connection, as a stream for [`axum::response::Sse`].
pub struct EventStream {
    rx: mpsc::UnboundedReceiver<Event>,
}

impl Stream for EventStream {
    type Item = Result<Event, Infallible>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.rx.poll_recv(cx).map(|e| e.map(Ok))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Pos;

    fn drain(stream: &mut EventStream) -> Vec<String> {
        let mut out = Vec::new();
        while let Ok(e) = stream.rx.try_recv() {
            out.push(format!("{e:?}"));
        }
        out
    }

    #[test]
    fn new_connections_get_hello_then_the_current_error() {
        let hub = Hub::new();
        let d = Diagnostic::error("content/a.md", Pos::new(3, 7), "bad").with_hint("fix it");
        hub.publish(&Message::Error {
            problems: vec![Problem::from_diagnostic(&d)],
        });
        let mut s = hub.subscribe();
        let got = drain(&mut s);
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got[0].contains("hello"), "{got:?}");
        assert!(
            got[1].contains("content/a.md:3:7") && got[1].contains("fix it"),
            "{got:?}"
        );
        hub.publish(&Message::Reload { changed: 2 });
        assert!(!hub.is_failing());
        let got = drain(&mut s);
        assert!(got[0].contains("reload"), "{got:?}");
        assert_eq!(drain(&mut hub.subscribe()).len(), 1);
    }

    #[test]
    fn closed_connections_are_dropped_and_close_ends_streams() {
        let hub = Hub::new();
        let a = hub.subscribe();
        let _b = hub.subscribe();
        drop(a);
        assert_eq!(hub.connections(), 1);
        hub.close();
        assert_eq!(hub.connections(), 0);
    }

    #[test]
    fn css_event_lists_paths() {
        let e = Message::Css {
            paths: vec!["/css/style.css".into()],
        }
        .to_event();
        let text = format!("{e:?}");
        assert!(
            text.contains("css") && text.contains("/css/style.css"),
            "{text}"
        );
    }
}
