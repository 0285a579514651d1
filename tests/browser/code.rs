//! Code blocks: the copy button `js/copy.js` adds to every fenced block of
//! the sample note with code. A headless browser may refuse the clipboard,
//! so the real click only has to give feedback either way; what is copied
//! is checked through a stand-in `navigator.clipboard.writeText`.

use serde_json::json;

use super::harness::*;

const BUTTON: &str = ".note-body pre.highlight .copy-code";

#[test]
fn copy_button_copies_the_code_and_says_so() {
    with_browser_on(SAMPLE_SITE, Options::default(), |p| async move {
        p.goto("open-llm/access/").await;
        p.wait(&format!("document.querySelector('{BUTTON}')")).await;
        let buttons = p
            .js(&format!(
                "return [document.querySelectorAll('.note-body pre.highlight').length, \
                 [...document.querySelectorAll('{BUTTON}')].map(b => b.textContent)];"
            ))
            .await;
        assert_eq!(
            buttons,
            json!([1, ["コピー"]]),
            "one labelled button per block"
        );

        // A real click: copied, or refused by the headless clipboard, but
        // never silent.
        p.js("document.querySelector('.note-body pre.highlight').scrollIntoView();")
            .await;
        p.click(BUTTON).await;
        p.wait(&format!(
            "['copied', 'failed'].includes(document.querySelector('{BUTTON}').dataset.state)"
        ))
        .await;
        let label = p.text(BUTTON).await;
        assert!(
            label == "コピーしました" || label == "コピーできませんでした",
            "{label}"
        );
        // It goes back to its label.
        p.wait(&format!(
            "document.querySelector('{BUTTON}').textContent === 'コピー'"
        ))
        .await;

        // What reaches the clipboard: the code itself, without the button
        // label or line markers.
        p.js("window.copied = null; \
             navigator.clipboard.writeText = async text => { window.copied = text; };")
            .await;
        p.click(BUTTON).await;
        p.wait("window.copied !== null").await;
        let copied = p.js("return window.copied;").await;
        let copied = copied.as_str().expect("copied text");
        assert!(
            copied.starts_with("from transformers import AutoModelForCausalLM, AutoTokenizer\n"),
            "{copied:?}"
        );
        assert!(
            copied.contains("model = AutoModelForCausalLM.from_pretrained(model_id)\n"),
            "{copied:?}"
        );
        assert!(!copied.contains("コピー"), "{copied:?}");
        assert_eq!(p.text(BUTTON).await, "コピーしました");

        // A refused write says so.
        p.wait(&format!(
            "document.querySelector('{BUTTON}').textContent === 'コピー'"
        ))
        .await;
        p.js("navigator.clipboard.writeText = async () => { throw new Error('denied'); };")
            .await;
        p.click(BUTTON).await;
        p.wait(&format!(
            "document.querySelector('{BUTTON}').dataset.state === 'failed'"
        ))
        .await;
        assert_eq!(p.text(BUTTON).await, "コピーできませんでした");
    });
}

#[test]
fn marked_lines_are_highlighted_and_take_the_full_width() {
    with_browser_on(SAMPLE_SITE, Options::default(), |p| async move {
        p.goto("open-llm/access/").await;
        let lines = p
            .js(
                "const pre = document.querySelector('.note-body pre.highlight'); \
                 const marked = [...pre.querySelectorAll('.line.hl')]; \
                 const code = pre.querySelector('code'); \
                 return { marked: marked.map(l => l.textContent.trim()), \
                          bg: marked.map(l => getComputedStyle(l).backgroundColor), \
                          plain: getComputedStyle(pre.querySelector('.line:not(.hl)')).backgroundColor, \
                          keyword: getComputedStyle(pre.querySelector('.hl-keyword')).color, \
                          text: getComputedStyle(code).color };",
            )
            .await;
        assert_eq!(
            lines["marked"],
            json!([
                "tokenizer = AutoTokenizer.from_pretrained(model_id)",
                "model = AutoModelForCausalLM.from_pretrained(model_id)"
            ]),
            "{lines}"
        );
        assert_ne!(
            lines["bg"][0], lines["plain"],
            "marked line has a background"
        );
        assert_ne!(lines["keyword"], lines["text"], "keywords are coloured");
    });
}
