//! Formulas: the sample note with a formula shows MathML laid out by the
//! browser, not raw TeX.

use std::env;
use std::path::Path;

use serde_json::json;

use super::harness::*;

#[test]
fn sample_formula_renders_as_mathml() {
    with_browser_on(SAMPLE_SITE, Options::default(), |p| async move {
        p.goto("open-llm/technical-progress/").await;
        // Chromium parses the formula into the MathML namespace and lays
        // out its parts itself: each has a real box.
        let block = p
            .js(
                "const m = document.querySelector('.note-body math[display=block]'); \
                 if (!m) return null; const r = m.getBoundingClientRect(); \
                 const mi = m.querySelector('mi'); \
                 return { mathml: m instanceof MathMLElement && mi instanceof MathMLElement, \
                          w: r.width, h: r.height, mi: mi.getBoundingClientRect().width, \
                          under: m.querySelectorAll('munder').length };",
            )
            .await;
        assert_eq!(block["mathml"], json!(true), "{block}");
        assert!(block["mi"].as_f64().unwrap() > 0.0, "{block}");
        assert!(block["w"].as_f64().unwrap() > 100.0, "{block}");
        assert!(block["h"].as_f64().unwrap() > 20.0, "{block}");
        assert!(
            block["under"].as_u64().unwrap() >= 2,
            "\\underset groups: {block}"
        );
        // The TeX source is kept only as an annotation, which is not shown.
        let text = p.text(".note-body").await;
        let shown = p
            .js("return document.querySelector('.note-body').innerText;")
            .await;
        let shown = shown.as_str().expect("innerText");
        assert!(text.contains("\\underset"), "annotation kept for copy");
        for raw in ["\\underset", "\\times", "$$", "$d"] {
            assert!(!shown.contains(raw), "raw TeX {raw:?} is visible");
        }
        let inline = p
            .js(
                "return [...document.querySelectorAll('.note-body math[display=inline]')]\
                 .filter(m => m.getBoundingClientRect().width > 0).length;",
            )
            .await;
        assert!(
            inline.as_u64().unwrap() >= 10,
            "inline formulas laid out: {inline}"
        );
        if let Some(dir) = env::var_os("MANABI_SCREENSHOTS") {
            let file = Path::new(&dir).join("formula.png");
            p.screenshot(".note-body math[display=block]", &file).await;
        }
    });
}
