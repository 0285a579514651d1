//! Shared harness for the browser tests: builds a fixture site, serves it
//! under a base path, and drives headless Chromium over WebDriver.

use std::collections::BTreeMap;
use std::future::Future;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use std::{env, fs, thread};

use fantoccini::actions::{InputSource, KeyAction, KeyActions};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// The fixture's base path (`base_url: https://example.org/study/`).
pub const BASE_PATH: &str = "/study/";
pub const DEADLINE: Duration = Duration::from_secs(15);
pub const KEY: &str = "manabi:v1:results";
pub const TAB: char = '\u{e004}';
pub const ENTER: char = '\u{e007}';
pub const SPACE: char = ' ';

// ---------- Harness ----------

/// One browser at a time: the machine has two cores.
pub static BROWSER_LOCK: Mutex<()> = Mutex::new(());

/// Where an executable is on PATH.
fn which(name: &str) -> Option<PathBuf> {
    let path = env::var_os("PATH")?;
    env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

pub fn chromium() -> Option<PathBuf> {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|n| which(n))
}

/// Whether the browser tests can run; says so loudly when not.
pub fn browser_available() -> bool {
    if which("chromedriver").is_some() && chromium().is_some() {
        return true;
    }
    if env::var("MANABI_REQUIRE_BROWSER").as_deref() == Ok("1") {
        panic!("MANABI_REQUIRE_BROWSER=1 but chromium/chromedriver are not installed");
    }
    // Straight to stderr: the test harness captures println!/eprintln!.
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED: chromium/chromedriver not installed (apt-get install chromium chromium-driver)"
    );
    false
}

/// The quiz fixture, where most browser tests run.
pub const QUIZ_FIXTURE: &str = "tests/fixtures/quiz-browser";
/// The sample study blog at the repository root.
pub const SAMPLE_SITE: &str = ".";

/// Builds `fixture` (a site root relative to the repository) once per test
/// run, under the base URL `https://example.org/study/`, and serves it;
/// returns the origin plus base path, e.g. `http://127.0.0.1:4321/study/`.
pub fn site_url(fixture: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture);
    built_site_url(&fixture_name(fixture), &root)
}

/// Builds the site at `root` once per test run, under the base URL
/// `https://example.org/study/`, into `browser-site-<name>` of the target's
/// temporary folder, and serves it; returns the origin plus base path.
pub fn built_site_url(name: &str, root: &Path) -> String {
    static URLS: Mutex<BTreeMap<String, String>> = Mutex::new(BTreeMap::new());
    let mut urls = URLS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(url) = urls.get(name) {
        return url.clone();
    }
    let out = built_site_dir(name);
    let _ = fs::remove_dir_all(&out);
    let build = Command::new(env!("CARGO_BIN_EXE_manabi"))
        .args([
            "build",
            "-q",
            "--base-url",
            "https://example.org/study/",
            "--root",
        ])
        .arg(root)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run manabi build");
    assert!(
        build.status.success(),
        "manabi build of {} failed:\n{}",
        root.display(),
        String::from_utf8_lossy(&build.stderr)
    );
    let url = format!("http://127.0.0.1:{}{BASE_PATH}", serve(out));
    urls.insert(name.to_string(), url.clone());
    url
}

/// Where [`site_url`] builds `fixture` (and serves it from).
pub fn site_dir(fixture: &str) -> PathBuf {
    built_site_dir(&fixture_name(fixture))
}

/// The name [`site_url`] builds `fixture` under.
fn fixture_name(fixture: &str) -> String {
    match fixture.trim_matches(['.', '/']) {
        "" => "sample".to_string(),
        f => f.replace('/', "-"),
    }
}

/// Where [`built_site_url`] writes the site called `name`.
pub fn built_site_dir(name: &str) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("browser-site-{name}"))
}

/// A static file server for `root` under [`BASE_PATH`], on a free port.
fn serve(root: PathBuf) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind static server");
    let port = listener.local_addr().expect("local addr").port();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let root = root.clone();
            thread::spawn(move || respond(stream, &root));
        }
    });
    port
}

fn respond(mut stream: TcpStream, root: &Path) {
    let mut reader = BufReader::new(&stream);
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    let mut line = String::new();
    while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
        line.clear();
    }
    let target = request.split_whitespace().nth(1).unwrap_or("/");
    let path = percent_decode(target.split(['?', '#']).next().unwrap_or("/"));
    let file = path
        .strip_prefix(BASE_PATH)
        .filter(|rel| !rel.split('/').any(|part| part == ".."))
        .map(|rel| root.join(rel))
        .map(|f| if f.is_dir() { f.join("index.html") } else { f });
    let (status, kind, body) = match file.as_deref().map(fs::read) {
        Some(Ok(body)) => ("200 OK", content_type(file.as_deref().unwrap()), body),
        _ => ("404 Not Found", "text/plain", b"not found".to_vec()),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(&body));
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("xml") => "application/xml",
        Some("png") => "image/png",
        _ => "application/octet-stream",
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A chromedriver on a free port; killed on drop.
pub struct Driver {
    child: Child,
    port: u16,
    _profile: tempfile::TempDir,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    pub fn start() -> Driver {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(started.elapsed() < DEADLINE, "chromedriver did not start");
            thread::sleep(Duration::from_millis(50));
        }
        let profile = tempfile::tempdir().expect("profile dir");
        Driver {
            child,
            port,
            _profile: profile,
        }
    }
}

/// How to start Chromium for a test.
#[derive(Clone, Copy, Default)]
pub struct Options {
    /// Emulate a 375 px wide phone with this viewport height.
    pub phone_height: Option<u32>,
    /// `prefers-color-scheme: dark`.
    pub dark: bool,
}

pub async fn connect(driver: &Driver, opts: Options) -> Client {
    let mut args = vec![
        "--headless".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-dev-shm-usage".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--no-first-run".into(),
        "--hide-scrollbars".into(),
        // Smooth scrolling would move elements while WebDriver clicks them.
        "--force-prefers-reduced-motion".into(),
        "--window-size=1024,900".into(),
        format!("--user-data-dir={}", driver._profile.path().display()),
    ];
    if opts.dark {
        args.push("--force-dark-mode".into());
    }
    let mut chrome = json!({ "args": args });
    if let Some(binary) = chromium() {
        chrome["binary"] = json!(binary);
    }
    if let Some(height) = opts.phone_height {
        chrome["mobileEmulation"] =
            json!({ "deviceMetrics": { "width": 375, "height": height, "pixelRatio": 2 } });
    }
    let mut caps = serde_json::Map::new();
    caps.insert("goog:chromeOptions".into(), chrome);
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("WebDriver session")
}

/// Runs `test` with a fresh browser (empty localStorage) on the quiz
/// fixture; the session is closed even when the test panics.
pub fn with_browser<F, Fut>(opts: Options, test: F)
where
    F: FnOnce(Page) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    with_browser_on(QUIZ_FIXTURE, opts, test);
}

/// Runs `test` with a fresh browser on the site built from `fixture`
/// (see [`site_url`]).
pub fn with_browser_on<F, Fut>(fixture: &str, opts: Options, test: F)
where
    F: FnOnce(Page) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    with_browser_at(|| site_url(fixture), opts, test);
}

/// Runs `test` with a fresh browser on the site `site` serves (called once
/// the browser is known to be there, e.g. [`built_site_url`]).
pub fn with_browser_at<S, F, Fut>(site: S, opts: Options, test: F)
where
    S: FnOnce() -> String,
    F: FnOnce(Page) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let _lock = BROWSER_LOCK.lock().unwrap_or_else(|e| e.into_inner());
    if !browser_available() {
        return;
    }
    let base = site();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    runtime.block_on(async move {
        let driver = Driver::start();
        let client = connect(&driver, opts).await;
        let result = tokio::spawn(test(Page {
            c: client.clone(),
            base,
        }))
        .await;
        let _ = client.close().await;
        drop(driver);
        if let Err(e) = result {
            std::panic::resume_unwind(e.into_panic());
        }
    });
}

/// The browser plus the site's URL, with the few verbs the tests use.
pub struct Page {
    pub c: Client,
    pub base: String,
}

impl Page {
    /// Opens `path` (relative to the base path) and waits for it to load.
    pub async fn goto(&self, path: &str) {
        self.c
            .goto(&format!("{}{path}", self.base))
            .await
            .expect("navigate");
        self.wait("document.readyState === 'complete'").await;
    }

    pub async fn js(&self, script: &str) -> Value {
        self.c
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    pub async fn js_with(&self, script: &str, args: Vec<Value>) -> Value {
        self.c
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Polls the JS expression until it is truthy.
    pub async fn wait(&self, expr: &str) {
        let started = Instant::now();
        loop {
            let v = self.js(&format!("return !!({expr});")).await;
            if v == json!(true) {
                return;
            }
            assert!(
                started.elapsed() < DEADLINE,
                "timed out waiting for: {expr}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub async fn click(&self, css: &str) {
        let el = self
            .c
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"));
        el.click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    pub async fn type_into(&self, css: &str, text: &str) {
        let el = self
            .c
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element {css}: {e}"));
        el.send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into {css}: {e}"));
    }

    /// Picks choice `n` (authored number) of question `id` by its label.
    pub async fn choose(&self, id: &str, n: u32) {
        self.click(&format!("#q-{id} .quiz-choice[data-choice=\"{n}\"] label"))
            .await;
    }

    pub async fn submit(&self, id: &str) {
        self.click(&format!("#q-{id} .quiz-submit")).await;
    }

    /// `element.dataset[key]` or null.
    pub async fn data(&self, css: &str, key: &str) -> Value {
        self.js_with(
            "const el = document.querySelector(arguments[0]); return el ? (el.dataset[arguments[1]] ?? null) : 'MISSING';",
            vec![json!(css), json!(key)],
        )
        .await
    }

    pub async fn text(&self, css: &str) -> String {
        let v = self
            .js_with(
                "const el = document.querySelector(arguments[0]); return el ? el.textContent : null;",
                vec![json!(css)],
            )
            .await;
        v.as_str()
            .unwrap_or_else(|| panic!("no element {css}"))
            .to_string()
    }

    pub async fn hidden(&self, css: &str) -> bool {
        let v = self
            .js_with(
                "const el = document.querySelector(arguments[0]); return el ? el.hidden || el.closest('[hidden]') !== null : null;",
                vec![json!(css)],
            )
            .await;
        v.as_bool().unwrap_or_else(|| panic!("no element {css}"))
    }

    /// The stored results (`localStorage[manabi:v1:results]`).
    pub async fn results(&self) -> Value {
        let raw = self
            .js(&format!("return localStorage.getItem('{KEY}');"))
            .await;
        raw.as_str().map_or(Value::Null, |s| {
            serde_json::from_str(s).expect("results JSON")
        })
    }

    pub async fn set_results(&self, results: Value) {
        self.js_with(
            &format!("localStorage.setItem('{KEY}', JSON.stringify(arguments[0]));"),
            vec![results],
        )
        .await;
    }

    /// Presses keys one after another (to whatever has focus): characters,
    /// or WebDriver key codes such as [`TAB`].
    pub async fn press(&self, keys: &[char]) {
        let mut actions = KeyActions::new("keyboard".into());
        for &key in keys {
            actions = actions
                .then(KeyAction::Down { value: key })
                .then(KeyAction::Up { value: key });
        }
        self.c.perform_actions(actions).await.expect("key actions");
    }

    /// `#id` (or the tag and class) of the focused element.
    pub async fn focused(&self) -> String {
        self.js("const a = document.activeElement; return a.id || (a.tagName + '.' + a.className + '[' + (a.value || '') + ']');")
            .await
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    pub async fn screenshot(&self, css: &str, file: &Path) {
        let el = self
            .c
            .find(Locator::Css(css))
            .await
            .expect("element to capture");
        let png = el.screenshot().await.expect("screenshot");
        fs::write(file, png).expect("write screenshot");
        println!("screenshot: {}", file.display());
    }
}

/// Midnight (local, in the browser) `days` days from today, in epoch ms.
pub async fn day(page: &Page, days: i64) -> i64 {
    page.js(&format!("const d = new Date(); d.setHours(0, 0, 0, 0); d.setDate(d.getDate() + {days}); return d.getTime();"))
        .await
        .as_i64()
        .expect("epoch ms")
}

pub fn entry(box_: u32, last: &str, at: i64, due: i64) -> Value {
    let correct = u32::from(last == "correct");
    json!({ "attempts": 1, "correct": correct, "last": last, "at": at, "box": box_, "due": due })
}

/// Sums the page's layout-shift entries so far (Chromium's CLS input).
pub const LAYOUT_SHIFT: &str = "const done = arguments[0]; let total = 0; \
    new PerformanceObserver((list) => { for (const e of list.getEntries()) total += e.value; }) \
      .observe({ type: 'layout-shift', buffered: true }); \
    setTimeout(() => done(total), 300);";
