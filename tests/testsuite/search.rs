//! The search stage through a whole build: the index files, the `/search/`
//! page and the header box exist exactly when `search.enabled`; every note
//! and question is a document; the output is deterministic.

use serde_json::Value;

use crate::harness::SiteTest;

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}

/// Every document row of the index, in id order.
fn documents(built: &crate::harness::Built) -> Vec<Value> {
    let manifest = json(&built.file("search/index.json"));
    // One character a chunk (its document count).
    let chunks = manifest["chunks"].as_str().unwrap().len();
    (0..chunks)
        .flat_map(|k| {
            json(&built.file(&format!("search/d{k}.json")))
                .as_array()
                .unwrap()
                .clone()
        })
        .collect()
}

#[test]
fn sample_site_indexes_every_note_and_question_with_a_search_page_and_box() {
    let built = SiteTest::sample().build();
    built.assert_ok();
    let manifest = json(&built.file("search/index.json"));
    assert_eq!(manifest["version"], 2);
    let docs = documents(&built);
    assert_eq!(manifest["docs"].as_u64().unwrap() as usize, docs.len());
    let notes: Vec<&Value> = docs.iter().filter(|d| d[0] == "n").collect();
    let questions: Vec<&Value> = docs.iter().filter(|d| d[0] == "q").collect();
    assert_eq!(notes.len(), 10);
    let bank_len = json(&built.file("quiz/manifest.json"))["total"]
        .as_u64()
        .unwrap() as usize;
    assert!(!questions.is_empty());
    assert_eq!(questions.len(), bank_len);
    let tech = notes
        .iter()
        .find(|d| d[1] == "技術進歩と低コスト化")
        .expect("note document");
    assert_eq!(tech[2], "open-llm/technical-progress/");
    assert!(tech[4].as_array().unwrap().contains(&"量子化".into()));
    assert!(tech[5].as_str().unwrap().contains("LoRA"));
    assert!(questions
        .iter()
        .all(|q| q[2].as_str().unwrap().contains("/#q-")));
    let shards = manifest["shards"].as_u64().unwrap();
    for k in 0..shards {
        assert!(built.has_file(&format!("search/p{k}.json")));
    }
    let page = built.file("search/index.html");
    assert!(page.contains("data-search-page"));
    let home = built.file("index.html");
    assert!(home.contains(r#"role="combobox""#));
    assert!(
        home.contains(r#"data-index="/manabi/search/""#),
        "base path"
    );
    assert!(home.contains(r#"data-search_question="問題""#));
}

#[test]
fn disabled_search_writes_no_index_page_or_box() {
    let site = SiteTest::sample();
    let yaml = site.read("site.yaml") + "search:\n  enabled: false\n";
    site.write("site.yaml", &yaml);
    let built = site.build();
    built.assert_ok();
    assert!(built.paths().iter().all(|p| !p.starts_with("search/")));
    assert!(!built.file("index.html").contains("data-search-box"));
}

#[test]
fn a_site_search_box_partial_is_printed_on_every_page_and_its_errors_are_reported() {
    let site = SiteTest::sample();
    site.write(
        "templates/partials/search_box.html",
        "<form data-search-box>{{ t.search_label }} {{ site.base_path }}</form>",
    );
    let built = site.build();
    built.assert_ok();
    let pages: Vec<&str> = built
        .paths()
        .into_iter()
        .filter(|p| p.ends_with(".html"))
        .collect();
    assert!(pages.len() > 10);
    for path in pages {
        assert!(
            built
                .file(path)
                .contains("<form data-search-box>サイト内検索 /manabi/</form>"),
            "{path}"
        );
    }

    site.write(
        "templates/partials/search_box.html",
        "<form>{{ nothing_here.at_all }}</form>",
    );
    let broken = site.build();
    broken.assert_failed();
    let errors = broken.errors().join("\n");
    assert!(errors.contains("search_box.html"), "{errors}");
    assert!(errors.contains("the header search box"), "{errors}");
}

#[test]
fn the_index_is_byte_for_byte_deterministic() {
    let site = SiteTest::sample();
    let (a, b) = (site.build(), site.build());
    let index: Vec<&str> = a
        .paths()
        .into_iter()
        .filter(|p| p.starts_with("search/"))
        .collect();
    assert!(index.len() > 3);
    for path in index {
        assert_eq!(a.bytes(path), b.bytes(path), "{path}");
    }
}

#[test]
fn plain_text_of_the_body_reaches_the_index_without_markup() {
    let site = SiteTest::with_files(&[
        ("site.yaml", "title: T\nbase_url: https://example.org/\n"),
        (
            "content/a.md",
            "---\ntitle: A\nsummary: [要点]\n---\n**ラグランジュ**の未定乗数法。\n\n```python\nsecret_code()\n```\n",
        ),
    ]);
    let built = site.build();
    built.assert_ok();
    let docs = documents(&built);
    assert_eq!(docs[0][5], "要点 ラグランジュの未定乗数法。");
}
