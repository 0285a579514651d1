//! The glossary's jump bar and the syllabus map's anchors: a click lands on
//! the group or node, visible below the sticky jump bar, on a phone-sized
//! viewport where the page has to scroll.

use serde_json::json;

use super::harness::*;

const FIXTURE: &str = "tests/fixtures/glossary-syllabus";

fn phone() -> Options {
    Options {
        phone_height: Some(600),
        ..Options::default()
    }
}

#[test]
fn jump_bar_scrolls_to_the_row_below_the_sticky_bar() {
    with_browser_on(FIXTURE, phone(), |p| async move {
        p.goto("glossary/").await;
        p.click(".jump-bar a[href$='#glossary-は']").await;
        p.wait("decodeURIComponent(location.hash) === '#glossary-は' && window.scrollY > 0")
            .await;
        let at = p
            .js(
                "const bar = document.querySelector('.jump-bar').getBoundingClientRect(); \
                 const h = document.getElementById('glossary-は').getBoundingClientRect(); \
                 return { bar: bar.bottom, top: h.top, bottom: h.bottom, view: innerHeight };",
            )
            .await;
        let f = |k: &str| at[k].as_f64().unwrap();
        // The group starts on screen, not hidden under the sticky bar.
        assert!(f("top") >= f("bar") - 1.0, "{at}");
        assert!(f("bottom") <= f("view"), "{at}");
        // An empty row has no link to follow.
        let dead = p
            .js("return document.querySelectorAll(\".jump-bar a[href='#glossary-さ']\").length;")
            .await;
        assert_eq!(dead, json!(0));
        // Every link of the bar names a group on the page.
        let broken = p
            .js("return [...document.querySelectorAll('.jump-bar a')]\
                 .map(a => decodeURIComponent(a.hash).slice(1))\
                 .filter(id => !document.getElementById(id));")
            .await;
        assert_eq!(broken, json!([]));
    });
}

#[test]
fn note_breadcrumb_opens_its_node_on_the_syllabus_map() {
    with_browser_on(FIXTURE, phone(), |p| async move {
        p.goto("risk/hallucination/").await;
        p.click(".syllabus a").await;
        p.wait("location.pathname.endsWith('/syllabus/') && document.readyState === 'complete'")
            .await;
        let node = p
            .js(
                "const n = document.querySelector('.syllabus-node:target'); \
                 if (!n) return null; const r = n.getBoundingClientRect(); \
                 return { id: n.id, top: r.top, view: innerHeight };",
            )
            .await;
        assert_eq!(node["id"], json!("syllabus-生成AIのリスク"), "{node}");
        let top = node["top"].as_f64().unwrap();
        assert!(top >= 0.0 && top < node["view"].as_f64().unwrap(), "{node}");
    });
}
