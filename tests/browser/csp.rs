//! The default theme's Content-Security-Policy (`script-src 'self'`, in
//! `partials/head.html`) is one its own pages satisfy: each page of the
//! sample site is opened with a listener for `securitypolicyviolation`
//! events that runs before anything else on the page (a copy of the page
//! with `<script src="csp-listener.js">` first in its head), and no
//! violation may be reported. The same copy with an inline script added
//! proves the listener hears one.

use std::fs;
use std::path::Path;

use serde_json::Value;

use super::harness::*;

/// Records violations in `window.__violations`; a file of the site, so
/// the policy allows it.
const LISTENER: &str = "window.__violations = [];\n\
document.addEventListener('securitypolicyviolation', (e) => {\n\
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);\n\
});\n";

/// Writes beside the built page at `path` (`open-llm/`, `404.html`) a
/// copy with the listener first in its head (and `extra` last, where the
/// policy, which covers what follows it, applies); returns the copy's path.
fn instrumented(dir: &Path, path: &str, extra: &str) -> String {
    let (file, copy) = match path.strip_suffix(".html") {
        Some(stem) => (path.to_string(), format!("{stem}.csp-test.html")),
        None => (format!("{path}index.html"), format!("{path}csp-test.html")),
    };
    let html = fs::read_to_string(dir.join(&file)).unwrap_or_else(|e| panic!("{file}: {e}"));
    let listener = format!("<head>\n<script src=\"{BASE_PATH}csp-listener.js\"></script>");
    let copy_html =
        html.replacen("<head>", &listener, 1)
            .replacen("</head>", &format!("{extra}</head>"), 1);
    assert!(copy_html.contains("csp-listener.js"), "{file} has a <head>");
    fs::write(dir.join(&copy), copy_html).expect("write the copy");
    copy
}

/// Opens the instrumented copy of `path` (with `query`) and returns the
/// violations it reported once loaded.
async fn violations(p: &Page, dir: &Path, path: &str, query: &str, extra: &str) -> Vec<String> {
    let copy = instrumented(dir, path, extra);
    p.goto(&format!("{copy}{query}")).await;
    // Module scripts have run by `load`; give their first tasks a moment.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let seen: Value = p.js("return window.__violations;").await;
    serde_json::from_value(seen).expect("the listener ran first")
}

#[test]
fn sample_site_pages_report_no_csp_violation() {
    with_browser_on(SAMPLE_SITE, Options::default(), |p| async move {
        let dir = site_dir(SAMPLE_SITE);
        fs::write(dir.join("csp-listener.js"), LISTENER).expect("write the listener");
        let caught = violations(&p, &dir, "", "", "<script>window.ran = 1</script>").await;
        assert!(
            caught.iter().any(|v| v.starts_with("script-src")),
            "the listener hears an inline script: {caught:?}"
        );
        for (path, query) in [
            ("", ""),
            ("open-llm/", ""),
            ("open-llm/access/", ""),
            ("open-llm/data/", ""),
            ("quiz/", ""),
            ("exam/", ""),
            ("progress/", ""),
            ("review/", ""),
            ("search/", "?q=モデル"),
            ("glossary/", ""),
            ("syllabus/", ""),
            ("tags/", ""),
            ("404.html", ""),
        ] {
            let seen = violations(&p, &dir, path, query, "").await;
            assert_eq!(seen, Vec::<String>::new(), "/{path}{query}");
        }
    });
}
