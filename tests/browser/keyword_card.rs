//! Keyword auto-links (`js/keyword-card.js`): the hover/focus card shows
//! the linked note's summary on pointer hover and on keyboard focus, is
//! announced through role=tooltip + aria-describedby, and Escape hides it.

use fantoccini::actions::{InputSource, MouseActions, PointerAction};
use fantoccini::Locator;
use serde_json::json;

use super::harness::*;

const ESCAPE: char = '\u{e00c}';
const DATA_LINK: &str = ".note-body a.keyword-link[href$='/open-llm/data/']";

async fn hover(p: &Page, css: &str) {
    let element = p.c.find(Locator::Css(css)).await.expect("link to hover");
    let actions = MouseActions::new("mouse".into()).then(PointerAction::MoveToElement {
        element,
        duration: None,
        x: 0.0,
        y: 0.0,
    });
    p.c.perform_actions(actions).await.expect("pointer move");
}

async fn card_state(p: &Page) -> serde_json::Value {
    p.js(
        "const c = document.getElementById('keyword-card'); \
         const a = document.activeElement; \
         return { hidden: c.hidden, role: c.getAttribute('role'), text: c.textContent, \
                  described: [...document.querySelectorAll('a.keyword-link[aria-describedby=\"keyword-card\"]')].map(l => l.getAttribute('href')), \
                  visible: !c.hidden && c.getBoundingClientRect().height > 0, \
                  focused: a.classList.contains('keyword-link') ? a.getAttribute('href') : null };",
    )
    .await
}

#[test]
fn card_shows_the_summary_on_hover_and_focus_and_hides_on_escape() {
    with_browser_on(SAMPLE_SITE, Options::default(), |p| async move {
        p.goto("open-llm/access/").await;
        p.wait("document.getElementById('keyword-card')").await;
        // The script moved the summary out of `title` (no double tooltip).
        let link = p
            .js_with(
                "const l = document.querySelector(arguments[0]); \
                 return { title: l.getAttribute('title'), summary: l.dataset.summary };",
                vec![json!(DATA_LINK)],
            )
            .await;
        assert_eq!(link["title"], json!(null), "{link}");
        assert!(link["summary"]
            .as_str()
            .unwrap()
            .starts_with("データとオープンコーパス\n"));

        hover(&p, DATA_LINK).await;
        p.wait("!document.getElementById('keyword-card').hidden")
            .await;
        let shown = card_state(&p).await;
        assert_eq!(shown["role"], json!("tooltip"));
        assert_eq!(shown["visible"], json!(true), "{shown}");
        let text = shown["text"].as_str().unwrap();
        assert!(text.contains("データとオープンコーパス"), "{text}");
        assert!(
            text.contains("公開コーパスが、誰でもLLMを作り直せる土台になった"),
            "{text}"
        );
        assert_eq!(
            shown["described"],
            json!(["/study/open-llm/data/"]),
            "{shown}"
        );

        p.press(&[ESCAPE]).await;
        let hidden = card_state(&p).await;
        assert_eq!(hidden["hidden"], json!(true), "{hidden}");
        assert_eq!(hidden["described"], json!([]), "{hidden}");

        // Keyboard: focus the first keyword link, then Tab to the next one.
        p.js_with(
            "document.querySelector(arguments[0]).focus();",
            vec![json!(DATA_LINK)],
        )
        .await;
        p.wait("!document.getElementById('keyword-card').hidden")
            .await;
        let mut state = card_state(&p).await;
        for _ in 0..40 {
            if state["focused"] == json!("/study/open-llm/open-source-software/") {
                break;
            }
            p.press(&[TAB]).await;
            state = card_state(&p).await;
        }
        assert_eq!(
            state["focused"],
            json!("/study/open-llm/open-source-software/"),
            "{state}"
        );
        assert_eq!(state["hidden"], json!(false), "{state}");
        let text = state["text"].as_str().unwrap();
        assert!(
            text.contains("重みの公開と、OSSライセンスによる公開は別物"),
            "{text}"
        );
        assert!(
            !text.contains("公開コーパス"),
            "the card follows focus: {text}"
        );
        assert_eq!(
            state["described"],
            json!(["/study/open-llm/open-source-software/"])
        );

        p.press(&[ESCAPE]).await;
        assert_eq!(card_state(&p).await["hidden"], json!(true));
    });
}
