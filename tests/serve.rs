//! `manabi serve` end to end: the real binary on a free port, serving a
//! small site written into a temporary folder, spoken to with plain
//! HTTP/1.1 over `TcpStream` (pages) and a hand-rolled server-sent-events
//! reader (live reload). Every wait polls against a deadline; nothing
//! asserts on timings. The child is killed when its `Server` guard drops.

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Generous: a loaded CI machine may take a while to build and rebuild.
const DEADLINE: Duration = Duration::from_secs(20);

const SITE: &[(&str, &str)] = &[
    (
        "site.yaml",
        "title: Serve test\nlanguage: en\nbase_url: https://example.org/notes/\n",
    ),
    (
        "content/_index.md",
        "---\ntitle: Serve test\n---\n\nStart with [[First note]].\n",
    ),
    (
        "content/notes/_index.md",
        "---\ntitle: Notes\n---\n\nAll the notes.\n",
    ),
    (
        "content/notes/first.md",
        "---\ntitle: First note\ndate: 2024-05-01\ntags: [basics]\n---\n\nThe original text.\n",
    ),
    (
        "content/notes/second.md",
        "---\ntitle: Second note\ndate: 2024-05-02\n---\n\nSee [[First note]].\n",
    ),
    ("static/css/extra.css", "body { margin: 0 }\n"),
];

const FIRST: &str = "content/notes/first.md";

fn first_note(text: &str) -> String {
    format!("---\ntitle: First note\ndate: 2024-05-01\ntags: [basics]\n---\n\n{text}\n")
}

/// A running `manabi serve` over a temporary copy of [`SITE`].
struct Server {
    child: Child,
    port: u16,
    root: PathBuf,
    log: Arc<Mutex<String>>,
    _dir: tempfile::TempDir,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start() -> Server {
        Server::start_with(&[])
    }

    /// Starts on a free port (`--port 0`), or the given extra arguments.
    fn start_with(args: &[&str]) -> Server {
        Server::start_site(&[], args)
    }

    /// Starts over [`SITE`] with some files replaced by `changed`.
    fn start_site(changed: &[(&str, &str)], args: &[&str]) -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("site");
        for (rel, text) in SITE.iter().chain(changed) {
            write(&root.join(rel), text);
        }
        let port_args: &[&str] = if args.contains(&"--port") {
            &[]
        } else {
            &["--port", "0"]
        };
        let mut child = Command::new(env!("CARGO_BIN_EXE_manabi"))
            .arg("serve")
            .args(port_args)
            .args(args)
            .current_dir(&root)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start manabi serve");
        let log = Arc::new(Mutex::new(String::new()));
        let (url_tx, url_rx) = mpsc::channel();
        drain_stderr(child.stderr.take().expect("stderr"), log.clone(), url_tx);
        let port = match url_rx.recv_timeout(DEADLINE) {
            Ok(port) => port,
            Err(_) => {
                let _ = child.kill();
                panic!("serve did not start; stderr:\n{}", log.lock().unwrap());
            }
        };
        Server {
            child,
            port,
            root,
            log,
            _dir: dir,
        }
    }

    fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    fn get(&self, path: &str) -> Response {
        self.request("GET", path)
    }

    fn request(&self, method: &str, path: &str) -> Response {
        let raw =
            format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        self.raw(raw.as_bytes())
    }

    /// Sends raw request bytes and reads the whole response.
    fn raw(&self, request: &[u8]) -> Response {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect");
        stream.set_read_timeout(Some(DEADLINE)).unwrap();
        stream.write_all(request).expect("send request");
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).expect("read response");
        Response::parse(&bytes)
    }

    /// Subscribes to live-reload events; waits for the opening `hello`.
    fn events(&self) -> Events {
        let events = Events::open(self.port);
        events.expect("hello", self);
        events
    }

    fn write(&self, rel: &str, text: &str) {
        write(&self.root.join(rel), text);
    }

    /// Polls the server's stderr until it contains `needle`.
    fn wait_for_log(&self, needle: &str) {
        let start = Instant::now();
        while !self.log().contains(needle) {
            assert!(
                start.elapsed() < DEADLINE,
                "stderr never showed {needle:?}:\n{}",
                self.log()
            );
            thread::sleep(Duration::from_millis(20));
        }
    }

    /// Polls `path` until its body contains `needle`.
    fn wait_for_page(&self, path: &str, needle: &str) -> Response {
        let start = Instant::now();
        loop {
            let page = self.get(path);
            if page.status == 200 && page.body.contains(needle) {
                return page;
            }
            assert!(
                start.elapsed() < DEADLINE,
                "{path} never showed {needle:?}; last: {page:?}\n{}",
                self.log()
            );
            thread::sleep(Duration::from_millis(50));
        }
    }
}

/// Copies the child's stderr into `log`; sends the port once the URL line
/// (`serving http://127.0.0.1:PORT/ ...`) appears.
fn drain_stderr(
    stderr: impl Read + Send + 'static,
    log: Arc<Mutex<String>>,
    port: mpsc::Sender<u16>,
) {
    thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            {
                let mut log = log.lock().unwrap();
                log.push_str(&line);
                log.push('\n');
            }
            if let Some(p) = line.strip_prefix("serving http://127.0.0.1:") {
                let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
                let _ = port.send(digits.parse().expect("port in the URL line"));
            }
        }
    });
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: BTreeMap<String, String>,
    body: String,
}

impl Response {
    fn parse(bytes: &[u8]) -> Response {
        let text = String::from_utf8_lossy(bytes);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status_line = lines.next().unwrap_or_default();
        let status = status_line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        Response {
            status,
            headers,
            body: body.to_string(),
        }
    }

    fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", String::as_str)
    }
}

/// One live-reload connection: events arrive as `(name, data)` on a channel.
struct Events {
    rx: Receiver<(String, String)>,
    _stream: TcpStream,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        let request =
            "GET /__manabi/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n";
        stream.write_all(request.as_bytes()).unwrap();
        let reader = BufReader::new(stream.try_clone().unwrap());
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || read_events(reader, &tx));
        Events {
            rx,
            _stream: stream,
        }
    }

    /// Waits for the next event called `name`, skipping others; its data.
    fn expect(&self, name: &str, server: &Server) -> String {
        let start = Instant::now();
        loop {
            let left = DEADLINE.saturating_sub(start.elapsed());
            match self.rx.recv_timeout(left) {
                Ok((event, data)) if event == name => return data,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                    panic!("no `{name}` event; serve log:\n{}", server.log())
                }
            }
        }
    }
}

/// Reads the response head, then the chunked body, splitting it into
/// server-sent events (blank-line separated `event:`/`data:` lines).
fn read_events(mut reader: BufReader<TcpStream>, tx: &mpsc::Sender<(String, String)>) {
    let mut line = String::new();
    let mut chunked = false;
    loop {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        chunked |= line
            .to_ascii_lowercase()
            .starts_with("transfer-encoding: chunked");
        if line == "\r\n" {
            break;
        }
    }
    let mut text = String::new();
    while let Some(piece) = next_piece(&mut reader, chunked) {
        text.push_str(&piece);
        while let Some(end) = text.find("\n\n") {
            let block: String = text.drain(..end + 2).collect();
            if let Some(event) = parse_event(&block) {
                if tx.send(event).is_err() {
                    return;
                }
            }
        }
    }
}

/// The next chunk of a chunked body, or whatever arrived of a plain one.
fn next_piece(reader: &mut BufReader<TcpStream>, chunked: bool) -> Option<String> {
    if !chunked {
        let mut buf = [0; 4096];
        let n = reader.read(&mut buf).ok().filter(|n| *n > 0)?;
        return Some(String::from_utf8_lossy(&buf[..n]).into_owned());
    }
    let mut size = String::new();
    reader.read_line(&mut size).ok().filter(|n| *n > 0)?;
    let size = usize::from_str_radix(size.trim(), 16)
        .ok()
        .filter(|n| *n > 0)?;
    let mut chunk = vec![0; size + 2];
    reader.read_exact(&mut chunk).ok()?;
    Some(String::from_utf8_lossy(&chunk[..size]).into_owned())
}

fn parse_event(block: &str) -> Option<(String, String)> {
    let mut name = None;
    let mut data = String::new();
    for line in block.lines() {
        if let Some(v) = line.strip_prefix("event:") {
            name = Some(v.trim().to_string());
        } else if let Some(v) = line.strip_prefix("data:") {
            data.push_str(v.strip_prefix(' ').unwrap_or(v));
        }
    }
    Some((name?, data))
}

/// `content/notes/first.md:LINE:COL` somewhere in `text`.
fn has_location(text: &str, path: &str) -> bool {
    text.match_indices(&format!("{path}:")).any(|(i, m)| {
        let rest = &text[i + m.len()..];
        let line: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let after = &rest[line.len()..];
        !line.is_empty()
            && after.starts_with(':')
            && after[1..].starts_with(|c: char| c.is_ascii_digit())
    })
}

#[test]
fn serves_pages_with_their_content_types() {
    let server = Server::start();
    let page = server.get("/notes/first/");
    assert_eq!(page.status, 200, "{page:?}");
    assert_eq!(page.header("content-type"), "text/html; charset=utf-8");
    assert!(page.body.contains("The original text."), "{}", page.body);
    assert!(
        page.body.contains("/__manabi/livereload.js"),
        "the live-reload script is included"
    );
    // Built for the server's own URL, not site.yaml's base_url.
    assert!(page
        .body
        .contains(&format!("http://127.0.0.1:{}/notes/first/", server.port)));
    assert!(
        !page.body.contains("example.org"),
        "links must work locally"
    );
    let css = server.get("/css/extra.css");
    assert_eq!(
        (css.status, css.header("content-type")),
        (200, "text/css; charset=utf-8")
    );
    let script = server.get("/__manabi/livereload.js");
    assert_eq!(script.status, 200);
    assert!(script
        .header("content-type")
        .starts_with("application/javascript"));
    let folder = server.get("/notes/first");
    assert_eq!(
        (folder.status, folder.header("location")),
        (302, "/notes/first/")
    );
    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("content-type"), "text/html; charset=utf-8");
    let head = server.request("HEAD", "/notes/first/");
    assert_eq!((head.status, head.body.as_str()), (200, ""));
}

#[test]
fn edit_reloads_with_new_content_and_writes_nothing() {
    let server = Server::start();
    let events = server.events();
    server.write(FIRST, &first_note("The edited text."));
    events.expect("reload", &server);
    let page = server.get("/notes/first/");
    assert!(page.body.contains("The edited text."), "{}", page.body);
    server.wait_for_log("rebuilt in ");
    assert!(
        !server.root.join("public").exists(),
        "serve must not write public/"
    );
}

#[test]
fn search_index_follows_an_edit_after_the_reload() {
    let server = Server::start();
    let before = server.get("/search/index.json");
    assert_eq!(before.status, 200, "the first build has the index");
    assert!(!server.get("/search/d0.json").body.contains("zebrafish"));
    let events = server.events();
    server.write(FIRST, &first_note("A zebrafish appears."));
    events.expect("reload", &server);
    // Rebuilds build the index after the reload; it replaces the old one.
    server.wait_for_page("/search/d0.json", "zebrafish");
    let after = server.get("/search/index.json");
    assert_eq!(after.status, 200);
    assert_ne!(before.body, after.body, "the manifest names the new build");
    // The new index replaces the old files, not the search page beside them.
    assert_eq!(server.get("/search/").status, 200);
}

#[test]
fn broken_front_matter_shows_the_error_and_keeps_the_last_good_build() {
    let server = Server::start();
    let events = server.events();
    server.write(
        FIRST,
        "---\ntitle: [unclosed\ndate: 2024-05-01\n---\n\nBroken.\n",
    );
    let error = events.expect("error", &server);
    assert!(
        has_location(&error, FIRST),
        "no {FIRST}:line:col in {error}"
    );
    let page = server.get("/notes/first/");
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("The original text."),
        "the last good build is served"
    );
    // A browser connecting now gets the error straight away.
    let late = server.events();
    assert!(has_location(&late.expect("error", &server), FIRST));
    server.write(FIRST, &first_note("Fixed again."));
    events.expect("reload", &server);
    assert!(server.get("/notes/first/").body.contains("Fixed again."));
}

#[test]
fn a_site_broken_from_the_start_is_served_once_fixed() {
    let broken = "---\ntitle: First note\nbogus_key: 1\n---\n\nBroken.\n";
    let server = Server::start_site(&[(FIRST, broken)], &[]);
    let page = server.get("/notes/first/");
    assert_eq!(page.status, 503, "{page:?}");
    assert!(
        page.body.contains("/__manabi/livereload.js"),
        "the placeholder reloads itself"
    );
    let events = server.events();
    assert!(has_location(&events.expect("error", &server), FIRST));
    server.write(FIRST, &first_note("Working now."));
    events.expect("reload", &server);
    server.wait_for_page("/notes/first/", "Working now.");
}

#[test]
fn atomic_save_is_picked_up() {
    let server = Server::start();
    let events = server.events();
    let temp = server.root.join("content/notes/.first.md.tmp");
    write(&temp, &first_note("Saved atomically."));
    fs::rename(&temp, server.root.join(FIRST)).unwrap();
    events.expect("reload", &server);
    server.wait_for_page("/notes/first/", "Saved atomically.");
}

#[test]
fn renamed_and_deleted_folders_are_picked_up() {
    let server = Server::start();
    let events = server.events();
    fs::rename(
        server.root.join("content/notes"),
        server.root.join("content/cards"),
    )
    .unwrap();
    events.expect("reload", &server);
    server.wait_for_page("/cards/first/", "The original text.");
    assert_eq!(server.get("/notes/first/").status, 404);
    // Editing inside the renamed folder is still seen.
    server.write(
        "content/cards/second.md",
        "---\ntitle: Second note\n---\n\nStill watched.\n",
    );
    events.expect("reload", &server);
    server.wait_for_page("/cards/second/", "Still watched.");
    server.write(
        "content/extra/third.md",
        "---\ntitle: Third note\n---\n\nShort-lived.\n",
    );
    events.expect("reload", &server);
    server.wait_for_page("/extra/third/", "Short-lived.");
    fs::remove_dir_all(server.root.join("content/extra")).unwrap();
    events.expect("reload", &server);
    assert_eq!(server.get("/extra/third/").status, 404);
}

#[test]
fn stylesheet_edit_swaps_css_without_reloading() {
    let server = Server::start();
    let events = server.events();
    server.write("static/css/extra.css", "body { margin: 1rem }\n");
    let data = events.expect("css", &server);
    assert!(data.contains("/css/extra.css"), "{data}");
    server.wait_for_page("/css/extra.css", "1rem");
}

#[test]
fn traversal_requests_are_refused() {
    let server = Server::start();
    // A file beside the site that must never be reachable.
    let attacks = [
        "/../site.yaml",
        "/notes/../../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E%2Fsite.yaml",
        "/%252e%252e/site.yaml",
        "/..%5csite.yaml",
        "/..\\site.yaml",
        "/%c0%ae%c0%ae/site.yaml",
        "/%ef%bc%8e%ef%bc%8e/site.yaml",
        "/%e2%80%a5/site.yaml",
        "/index.html%00",
        "/index.html%00.png",
        "//site.yaml",
        "/content/notes/first.md",
        "/site.yaml",
    ];
    for path in attacks {
        let r = server.request("GET", path);
        assert!(matches!(r.status, 400 | 404), "{path}: {r:?}");
        assert!(
            !r.body.contains("Serve test\nlanguage"),
            "{path} leaked site.yaml"
        );
    }
    let nul = server.raw(b"GET /a\0b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(matches!(nul.status, 400 | 404), "{nul:?}");
}

#[test]
fn only_get_and_head_are_allowed() {
    let server = Server::start();
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let r = server.request(method, "/notes/first/");
        assert_eq!(r.status, 405, "{method}: {r:?}");
        assert_eq!(r.header("allow"), "GET, HEAD");
    }
}

#[test]
fn busy_port_moves_on_to_the_next_one() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    if port > 65000 {
        return; // too close to the end to try the next ones reliably
    }
    let server = Server::start_with(&["--port", &port.to_string()]);
    assert_ne!(server.port, port);
    assert!(
        server.log().contains(&format!("port {port} is in use")),
        "{}",
        server.log()
    );
    assert_eq!(server.get("/notes/first/").status, 200);
}

#[test]
fn polling_watcher_sees_edits_too() {
    let server = Server::start_with(&["--poll"]);
    assert!(
        server.log().contains("polling for changes"),
        "{}",
        server.log()
    );
    let events = server.events();
    server.write(FIRST, &first_note("Seen by polling."));
    events.expect("reload", &server);
    server.wait_for_page("/notes/first/", "Seen by polling.");
}

/// Sends `request` on a fresh connection and reads the whole response.
fn raw_to(port: u16, request: &str) -> Response {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    stream.write_all(request.as_bytes()).expect("send request");
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).expect("read response");
    Response::parse(&bytes)
}

fn get_with_host(server: &Server, path: &str, host: &str) -> Response {
    raw_to(
        server.port,
        &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
    )
}

#[test]
fn requests_for_other_host_names_are_refused() {
    let server = Server::start();
    let port = server.port;
    for host in [
        "127.0.0.1".to_string(),
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "LOCALHOST".into(),
        format!("[::1]:{port}"),
        "notes.localhost".into(),
    ] {
        assert_eq!(
            get_with_host(&server, "/notes/first/", &host).status,
            200,
            "{host}"
        );
    }
    for host in [
        format!("evil.example:{port}"),
        "evil.example".into(),
        format!("localhost.evil.example:{port}"),
        "127.0.0.1.nip.io".into(),
    ] {
        let r = get_with_host(&server, "/notes/first/", &host);
        assert_eq!(r.status, 403, "{host}: {r:?}");
        assert!(r.body.contains("DNS rebinding"), "{}", r.body);
        assert!(r.body.contains("--allow-host"), "{}", r.body);
        assert!(!r.body.contains("The original text"));
    }
    let events = get_with_host(&server, "/__manabi/events", "evil.example");
    assert_eq!(events.status, 403, "the live-reload stream too");
    // An absolute-form request names its host in the URI.
    let absolute = raw_to(
        port,
        "GET http://evil.example/notes/first/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
    );
    assert_eq!(absolute.status, 403, "{absolute:?}");
    let no_host = raw_to(port, "GET /notes/first/ HTTP/1.0\r\n\r\n");
    assert_eq!(no_host.status, 400, "{no_host:?}");
}

#[test]
fn allow_host_adds_names() {
    let server = Server::start_with(&["--allow-host", "preview.test", "--allow-host", ".lan"]);
    for host in ["preview.test", "PREVIEW.TEST:1111", "box.lan"] {
        assert_eq!(
            get_with_host(&server, "/notes/first/", host).status,
            200,
            "{host}"
        );
    }
    assert_eq!(
        get_with_host(&server, "/notes/first/", "other.test").status,
        403
    );
}

/// Reads from `stream` until the server closes it; panics if it is still
/// open at the deadline.
fn assert_closed_by_server(mut stream: TcpStream, what: &str) {
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    let mut buf = [0u8; 4096];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => return,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return,
            Err(e) => panic!("{what}: still open ({e})"),
        }
    }
}

#[test]
fn idle_and_slow_connections_are_closed() {
    let server = Server::start_with(&["--idle-timeout-ms", "300"]);
    let connect = || TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
    // Many idle connections: none is kept.
    let idle: Vec<TcpStream> = (0..100).map(|_| connect()).collect();
    for stream in idle {
        assert_closed_by_server(stream, "an idle connection");
    }
    // Headers trickling in slower than the timeout allows.
    let mut slow = connect();
    slow.write_all(b"GET /notes/first/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    let trickle = slow.try_clone().unwrap();
    let writer = thread::spawn(move || {
        let mut trickle = trickle;
        for i in 0..200 {
            if trickle
                .write_all(format!("X-{i}: y\r\n").as_bytes())
                .is_err()
            {
                return;
            }
            thread::sleep(Duration::from_millis(100));
        }
    });
    assert_closed_by_server(slow, "a slow request head");
    writer.join().unwrap();
    // A keep-alive connection idle after its response.
    let mut kept = connect();
    kept.write_all(b"GET /notes/first/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    assert_closed_by_server(kept, "an idle keep-alive connection");
    // The server still answers.
    assert_eq!(server.get("/notes/first/").status, 200);
}

#[test]
fn live_reload_stream_outlives_the_idle_timeout() {
    let server = Server::start_with(&["--idle-timeout-ms", "300"]);
    let events = server.events();
    // Longer than the timeout: the stream has sent its head and is not idle.
    thread::sleep(Duration::from_millis(1500));
    server.write(FIRST, &first_note("After the timeout."));
    events.expect("reload", &server);
    server.wait_for_page("/notes/first/", "After the timeout.");
}
