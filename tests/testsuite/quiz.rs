//! Quizzes end to end: `tests/fixtures/quiz-basic` (questions in
//! front-matter and in ```quiz blocks, with the site's own minimal quiz
//! templates) builds, its questions render in place and in `page.questions`,
//! `tested_by` reaches the related note, the bank's manifest and shards are
//! valid, script-safe and hold every question once, the question pages
//! list areas and sections, and `manabi export quiz` writes JSON, Anki and
//! GIFT; `tests/fixtures/quiz-invalid` reports its mistakes with positions.

use manabi::quiz::shards::shard_of;
use serde_json::{json, Value};

use crate::harness::{Built, SiteTest};

fn quiz_basic() -> Built {
    let built = SiteTest::fixture("quiz-basic").build();
    built.assert_ok();
    built
}

fn manifest(built: &Built) -> Value {
    serde_json::from_str(&built.file("quiz/manifest.json")).expect("the manifest is JSON")
}

/// Every shard's questions, shard by shard.
fn shard_questions(built: &Built) -> Vec<Value> {
    let count = manifest(built)["shards"]["count"].as_u64().unwrap();
    (0..count)
        .flat_map(|n| {
            let text = built.file(&format!("quiz/shards/{n}.json"));
            let shard: Value = serde_json::from_str(&text).expect("a shard is JSON");
            assert_eq!(shard["version"], 2);
            shard["questions"].as_array().unwrap().clone()
        })
        .collect()
}

/// The bank question with id `id`, from its shard.
fn question(built: &Built, id: &str) -> Value {
    let count = manifest(built)["shards"]["count"].as_u64().unwrap() as usize;
    let text = built.file(&format!("quiz/shards/{}.json", shard_of(id, count)));
    let shard: Value = serde_json::from_str(&text).unwrap();
    shard["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["id"] == id)
        .unwrap_or_else(|| panic!("{id} is not in its shard"))
        .clone()
}

/// `data-quiz-id` values of the question forms in `html`, in order.
fn question_ids(html: &str) -> Vec<String> {
    html.split("data-quiz-id=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn quiz_fixture_builds_with_only_the_choice_count_warning() {
    let built = quiz_basic();
    assert_eq!(
        built.diagnostics(),
        ["content/risk/hallucination.md:16:5: 3 choices, but site.yaml `quiz.choices` expects 4"]
    );
}

#[test]
fn note_page_lists_front_matter_questions_and_renders_inline_ones_in_place() {
    let main = quiz_basic().main_region("llm/lora/index.html");
    let (content, rest) = main
        .split_once("<section class=\"questions\">")
        .expect("questions section");
    assert_eq!(
        question_ids(content),
        ["lora-inline", "lora-list"],
        "inline questions in the body"
    );
    assert_eq!(
        question_ids(rest),
        ["lora-1", "lora-2", "lora-3", "lora-4"],
        "the rest after it"
    );
    // In place: between the paragraphs around the fences, never as code.
    let first = content.find("軽くする手法").unwrap();
    let inline = content.find("id=\"q-lora-inline\"").unwrap();
    let between = content.find("まとめの前の段落").unwrap();
    let listed = content.find("id=\"q-lora-list\"").unwrap();
    assert!(
        first < inline && inline < between && between < listed,
        "{content}"
    );
    assert!(
        content.contains("<li>\n<p>確認問題:</p>\n<form"),
        "the indented fence stays in its list item: {content}"
    );
    assert!(
        !main.contains("language-quiz") && !main.contains("manabi:quiz"),
        "{main}"
    );
}

#[test]
fn question_fields_are_rendered_markdown_with_wikilinks() {
    let main = quiz_basic().main_region("llm/lora/index.html");
    assert!(main.contains("<div class=\"quiz-stem\"><p>パラメータ効率のよいファインチューニング (PEFT) の手法を<strong>すべて</strong>選べ。</p></div>"), "{main}");
    assert!(main.contains(r#"<li data-choice="1" data-correct="true">LoRA<div class="explain"><p>低ランク行列を足す手法。</p></div></li>"#), "{main}");
    assert!(main.contains(r#"<a class="wikilink" href="/study/llm/quantization/">量子化</a> と組み合わせたものが QLoRA。"#), "{main}");
    assert!(main.contains("<p>A &amp; B &lt; C</p>"), "{main}");
    assert!(main.contains(r#"<div class="model-answer"><p>元の重みを固定し、<strong>低ランク</strong>の差分だけを学習するため。</p></div>"#), "{main}");
    assert!(
        main.contains(r#"data-quiz-type="text""#) && main.contains(r#"data-accept="LoRA""#),
        "{main}"
    );
}

#[test]
fn related_notes_link_back_and_default_to_the_own_note() {
    let main = quiz_basic().main_region("llm/lora/index.html");
    let lora1 = main
        .split("id=\"q-lora-1\"")
        .nth(1)
        .unwrap()
        .split("</form>")
        .next()
        .unwrap();
    assert!(lora1.contains(r#"<a href="/study/llm/lora/">LoRA</a><a href="/study/llm/quantization/">量子化</a> from"#), "{lora1}");
    let lora2 = main
        .split("id=\"q-lora-2\"")
        .nth(1)
        .unwrap()
        .split("</form>")
        .next()
        .unwrap();
    assert!(
        lora2.contains(r#"<p class="related"><a href="/study/llm/lora/">LoRA</a> from"#),
        "{lora2}"
    );
}

#[test]
fn tested_by_appears_on_the_related_note() {
    let built = quiz_basic();
    let main = built.main_region("llm/quantization/index.html");
    assert!(
        main.contains(r#"<li id="tb-lora-1"><a href="/study/llm/lora/#q-lora-1">LoRA が学習するものとして、最も適切なものを1つ選べ。</a> (LoRA)</li>"#),
        "{main}"
    );
    assert!(
        main.contains(r#"<a href="/study/llm/lora/#q-lora-list">"#),
        "{main}"
    );
    assert_eq!(
        question_ids(&main),
        Vec::<String>::new(),
        "no questions of its own"
    );
    // A question that names only its own note is not "tested by" anywhere.
    assert!(!built
        .main_region("llm/lora/index.html")
        .contains("<li id=\"tb-"));
}

#[test]
fn globals_give_the_bank_url_and_whether_there_are_questions() {
    let main = quiz_basic().main_region("risk/hallucination/index.html");
    assert!(
        main.contains(r#"<p class="quiz-total" data-bank="/study/quiz/manifest.json">true</p>"#),
        "{main}"
    );
}

#[test]
fn negative_stems_are_flagged() {
    let main = quiz_basic().main_region("risk/hallucination/index.html");
    let halluc1 = main
        .split("id=\"q-halluc-1\"")
        .nth(1)
        .unwrap()
        .split('>')
        .next()
        .unwrap();
    assert!(halluc1.contains(r#"data-negative="true""#), "{halluc1}");
    assert!(!main
        .split("id=\"q-halluc-2\"")
        .nth(1)
        .unwrap()
        .split('>')
        .next()
        .unwrap()
        .contains("data-negative"));
}

#[test]
fn bank_shards_are_script_safe_and_hold_every_question_once_in_its_shard() {
    let built = quiz_basic();
    let manifest_text = built.file("quiz/manifest.json");
    let count = manifest(&built)["shards"]["count"].as_u64().unwrap() as usize;
    let mut all_text = manifest_text.clone();
    let mut ids = Vec::new();
    for n in 0..count {
        let text = built.file(&format!("quiz/shards/{n}.json"));
        let shard: Value = serde_json::from_str(&text).unwrap();
        for q in shard["questions"].as_array().unwrap() {
            let id = q["id"].as_str().unwrap().to_string();
            assert_eq!(
                shard_of(&id, count),
                n,
                "{id} is in the shard its id hashes to"
            );
            ids.push(id);
        }
        all_text.push_str(&text);
    }
    assert!(
        !all_text.contains('<') && !all_text.contains('>') && !all_text.contains('&'),
        "{all_text}"
    );
    assert!(
        all_text.contains(r"\u003c/script\u003e"),
        "markup in text is escaped, not dropped"
    );
    ids.sort();
    assert_eq!(
        ids,
        [
            "halluc-1",
            "halluc-2",
            "lora-1",
            "lora-2",
            "lora-3",
            "lora-4",
            "lora-inline",
            "lora-list"
        ]
    );
}

#[test]
fn manifest_counts_every_area_per_shard_with_the_exam_settings() {
    let built = quiz_basic();
    let m = manifest(&built);
    assert_eq!(m["version"], 2);
    assert_eq!(m["total"], 8);
    assert_eq!(m["shards"]["url"], "/study/quiz/shards/");
    assert_eq!(
        m["exam"],
        json!({ "title": "腕試し", "questions": 3, "minutes": 5, "pass_percent": 60, "areas": ["生成AIのリスク", "生成AIの技術"] })
    );
    let areas: Vec<(Value, u64)> = m["areas"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["name"].clone(), a["count"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        areas,
        [
            (json!("生成AIのリスク"), 1),
            (json!("生成AIの技術"), 6),
            (json!("雑学"), 1)
        ],
        "exam.areas first, then the others"
    );
    let questions = shard_questions(&built);
    let count = m["shards"]["count"].as_u64().unwrap() as usize;
    for area in m["areas"].as_array().unwrap() {
        let per_shard: Vec<u64> = serde_json::from_value(area["per_shard"].clone()).unwrap();
        assert_eq!(per_shard.len(), count);
        for (n, &k) in per_shard.iter().enumerate() {
            let here = questions
                .iter()
                .filter(|q| q["area"] == area["name"])
                .filter(|q| shard_of(q["id"].as_str().unwrap(), count) == n)
                .count();
            assert_eq!(here as u64, k, "{} in shard {n}", area["name"]);
        }
    }
    assert_eq!(
        (&m["tags"][0], &m["tags"][1]),
        (&json!(["PEFT", 6]), &json!(["ファインチューニング", 6])),
        "most questions first, ties by name"
    );
}

#[test]
fn bank_questions_follow_the_contract() {
    let built = quiz_basic();
    let q = &question(&built, "lora-2");
    assert_eq!(q["type"], "multiple");
    assert_eq!(q["answer"], serde_json::json!([1, 2]));
    assert_eq!(
        q["choices"][0],
        serde_json::json!({ "index": 1, "html": "LoRA", "correct": true, "explain": "<p>低ランク行列を足す手法。</p>" })
    );
    assert_eq!(q["choices"][3]["explain"], serde_json::Value::Null);
    assert_eq!(
        q["area"], "生成AIの技術",
        "the cascaded syllabus gives the area"
    );
    assert_eq!(
        q["tags"],
        serde_json::json!(["ファインチューニング", "PEFT"])
    );
    assert_eq!(
        q["note"],
        serde_json::json!({ "title": "LoRA", "url": "/study/llm/lora/" })
    );
    assert_eq!(q["accept"], serde_json::json!([]));
    assert_eq!(q["model_answer"], serde_json::Value::Null);
    assert!(
        q.get("anchor").is_none() && q.get("inline").is_none(),
        "page-only keys stay out of the bank"
    );
    let keys: Vec<&str> = q.as_object().unwrap().keys().map(String::as_str).collect();
    for key in [
        "id",
        "type",
        "question",
        "negative",
        "choices",
        "answer",
        "accept",
        "model_answer",
        "points",
        "explanation",
        "area",
        "tags",
        "note",
        "related",
    ] {
        assert!(keys.contains(&key), "{key} missing: {keys:?}");
    }
    let text = &question(&built, "lora-3");
    assert_eq!(
        (text["type"].as_str(), &text["accept"]),
        (Some("text"), &serde_json::json!(["LoRA"]))
    );
    let written = &question(&built, "lora-4");
    assert_eq!(
        written["points"],
        serde_json::json!(["重みを固定する", "差分が低ランク"])
    );
}

#[test]
fn quiz_pages_group_questions_by_area_in_exam_order() {
    let built = quiz_basic();
    let main = built.main_region("quiz/index.html");
    let areas: Vec<&str> = main
        .split("class=\"area\" data-name=\"")
        .skip(1)
        .map(|r| r.split('"').next().unwrap())
        .collect();
    assert_eq!(
        areas,
        ["生成AIのリスク", "生成AIの技術", "雑学"],
        "exam.areas first, then the others"
    );
    assert!(main.contains("<p class=\"total\">8</p>"), "{main}");
    assert!(
        main.contains(
            r#"data-name="生成AIの技術" data-count="6" data-url="/study/quiz/areas/生成aiの技術/""#
        ),
        "{main}"
    );
    assert!(
        main.contains(r#"data-name="LLM" data-count="6" data-url="/study/quiz/sections/llm/" data-section="/study/llm/""#),
        "sections with questions: {main}"
    );
    let exam = built.main_region("exam/index.html");
    assert!(exam.contains(r#"data-title="腕試し" data-questions="3" data-minutes="5" data-pass="60" data-bank="/study/quiz/manifest.json""#), "{exam}");
    assert!(built
        .main_region("progress/index.html")
        .contains("学習記録"));
    assert!(built.main_region("review/index.html").contains("復習"));
}

#[test]
fn a_site_without_questions_still_gets_an_empty_bank() {
    let site = SiteTest::with_files(&[("content/a.md", "---\ntitle: A\n---\n本文\n")]);
    let built = site.build();
    built.assert_ok();
    let m = manifest(&built);
    assert_eq!(
        (m["total"].clone(), m["shards"]["count"].clone()),
        (json!(0), json!(1))
    );
    assert_eq!(m["exam"]["title"], "模擬試験");
    assert_eq!(shard_questions(&built), Vec::<Value>::new());
}

#[test]
fn the_same_site_builds_the_same_bank() {
    let (a, b) = (quiz_basic(), quiz_basic());
    assert_eq!(a.file("quiz/manifest.json"), b.file("quiz/manifest.json"));
    assert_eq!(shard_questions(&a), shard_questions(&b));
}

// ------------------------------------------------------------ mistakes

fn quiz_invalid() -> Built {
    let built = SiteTest::fixture("quiz-invalid").build();
    built.assert_failed();
    built
}

#[test]
fn duplicate_ids_are_reported_at_both_places() {
    let errors = quiz_invalid().errors();
    let dup: Vec<&String> = errors
        .iter()
        .filter(|e| e.contains("duplicate question id"))
        .collect();
    assert_eq!(
        dup,
        [
            "content/notes/attention.md:4:5: duplicate question id `shared-id`: also used at content/notes/transformer.md:7:1",
            "content/notes/transformer.md:7:1: duplicate question id `shared-id`: also used at content/notes/attention.md:4:5",
        ]
    );
}

#[test]
fn invalid_quizzes_report_every_mistake_at_its_key() {
    assert_eq!(
        quiz_invalid().errors(),
        [
            "content/notes/attention.md:4:5: duplicate question id `shared-id`: also used at content/notes/transformer.md:7:1",
            "content/notes/attention.md:11:7: `related` names no note: `存在しないノート`",
            "content/notes/transformer.md:7:1: duplicate question id `shared-id`: also used at content/notes/attention.md:4:5",
            "content/notes/transformer.md:18:4: answer 5 is out of range: there are 4 choices",
        ]
    );
}

#[test]
fn check_fails_on_quiz_mistakes_and_prints_positions() {
    let run = SiteTest::fixture("quiz-invalid").cli(&["check"]);
    run.assert_code(1);
    run.assert_stderr_contains("--> content/notes/transformer.md:18:4");
    run.assert_stderr_contains("18 |    answer: 5");
    run.assert_stderr_contains("= hint: name a note by its title, slug or one of its aliases");
}

// ------------------------------------------------------------ export

#[test]
fn export_json_is_the_bank() {
    let site = SiteTest::fixture("quiz-basic");
    let run = site.cli(&["-q", "export", "quiz", "--format", "json"]);
    run.assert_code(0);
    let exported: Value = serde_json::from_str(&run.stdout).expect("JSON on stdout");
    assert_eq!(exported["version"], 1);
    let built = site.build();
    assert_eq!(exported["exam"], manifest(&built)["exam"]);
    let ids: Vec<&str> = exported["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "lora-1",
            "lora-2",
            "lora-3",
            "lora-4",
            "lora-inline",
            "lora-list",
            "halluc-1",
            "halluc-2"
        ],
        "bank order: by note URL, then order in the note"
    );
    for q in exported["questions"].as_array().unwrap() {
        assert_eq!(
            q,
            &question(&built, q["id"].as_str().unwrap()),
            "the same shape as the shards"
        );
    }
    let default = site.cli(&["-q", "export", "quiz"]);
    assert_eq!(default.stdout, run.stdout, "json is the default format");
}

#[test]
fn export_gift_writes_one_paragraph_per_question() {
    let run = SiteTest::fixture("quiz-basic").cli(&["export", "quiz", "--format", "gift"]);
    run.assert_code(0);
    run.assert_stderr_contains("exported 8 questions to stdout");
    let gift = &run.stdout;
    assert!(
        gift.starts_with("// クイズのテスト — 8 questions exported by manabi\n\n"),
        "{gift}"
    );
    assert_eq!(gift.matches("\n::").count(), 8, "{gift}");
    assert!(gift.contains("::lora-1::[html]<p>LoRA が学習するものとして、最も適切なものを1つ選べ。</p>{\n\t~元の重み行列すべて\n\t=重みの差分を表す低ランク行列\n"), "{gift}");
    assert!(
        gift.contains(
            "\t~%50%LoRA#<p>低ランク行列を足す手法。</p>\n\t~%50%Prefix Tuning\n\t~%-100%RLHF#"
        ),
        "{gift}"
    );
    assert!(gift.contains("::lora-3::[html]<p>Low-Rank Adaptation の略称を答えよ。</p>{\n\t=LoRA\n\t####<p>頭文字から。</p>\n}\n"), "{gift}");
    assert!(
        gift.contains("::lora-4::[html]<p>LoRA が少ないメモリで済む理由を説明せよ。</p>{\n\t####"),
        "{gift}"
    );
    assert!(
        gift.contains(r#"<a class\="wikilink" href\="/study/llm/quantization/">"#),
        "escaped = in HTML: {gift}"
    );
    let paragraphs: Vec<&str> = gift
        .split("\n\n")
        .skip(1)
        .filter(|p| !p.is_empty())
        .collect();
    assert_eq!(paragraphs.len(), 8);
    for paragraph in paragraphs {
        assert!(
            paragraph.starts_with("// ") && paragraph.ends_with('}'),
            "{paragraph:?}"
        );
    }
}

#[test]
fn export_anki_writes_the_header_and_three_fields_per_note() {
    let site = SiteTest::fixture("quiz-basic");
    let out = site.scratch("cards.txt");
    let run = site.cli(&[
        "-q",
        "export",
        "quiz",
        "--format",
        "anki",
        "--out",
        out.to_str().unwrap(),
    ]);
    run.assert_code(0);
    assert_eq!(run.stdout, "", "with --out nothing goes to stdout");
    let text = std::fs::read_to_string(&out).unwrap();
    let (header, notes): (Vec<&str>, Vec<&str>) = text.lines().partition(|l| l.starts_with('#'));
    assert_eq!(
        header,
        [
            "#separator:tab",
            "#html:true",
            "#columns:Front\tBack\tTags",
            "#tags column:3"
        ]
    );
    assert_eq!(
        notes.len(),
        8,
        "one line per question (no field has a newline): {text}"
    );
    for note in &notes {
        assert_eq!(note.split('\t').count(), 3, "{note}");
    }
    assert!(notes[0].starts_with("<p>LoRA が学習するものとして、最も適切なものを1つ選べ。</p><ol><li>元の重み行列すべて</li>"), "{}", notes[0]);
    assert!(
        notes[0].contains("<p>正解: 2. 重みの差分を表す低ランク行列</p>"),
        "{}",
        notes[0]
    );
    assert!(
        notes[0].ends_with("\tファインチューニング PEFT 生成AIの技術"),
        "{}",
        notes[0]
    );
    assert!(notes[7].ends_with("\t雑学"), "{}", notes[7]);
}

#[test]
fn export_never_writes_into_the_sites_sources_even_with_force() {
    let site = SiteTest::fixture("quiz-basic");
    let note = site.read("content/llm/lora.md");
    for force in [false, true] {
        let mut args = vec!["export", "quiz", "--out", "content/llm/lora.md"];
        if force {
            args.push("--force");
        }
        let run = site.cli(&args);
        run.assert_code(2);
        run.assert_stderr_contains("refusing to write the export to content/llm/lora.md: it is inside the site's content/ folder");
        assert_eq!(site.read("content/llm/lora.md"), note);
    }
    let run = site.cli(&["export", "quiz", "--out", "static/bank.json"]);
    run.assert_code(2);
    assert!(!site.root().join("static/bank.json").exists());
}

#[test]
fn export_replaces_an_earlier_export_but_not_another_file_without_force() {
    let site = SiteTest::fixture("quiz-basic");
    let out = site.scratch("bank.txt");
    let path = out.to_str().unwrap();
    for format in ["json", "anki", "gift", "json"] {
        site.cli(&["-q", "export", "quiz", "--format", format, "--out", path])
            .assert_code(0);
    }
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("{\"version\":"));

    std::fs::write(&out, "my own notes\n").unwrap();
    let run = site.cli(&["export", "quiz", "--out", path]);
    run.assert_code(2);
    run.assert_stderr_contains("it is not an earlier export of manabi");
    run.assert_stderr_contains("--force");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "my own notes\n");

    site.cli(&["-q", "export", "quiz", "--out", path, "--force"])
        .assert_code(0);
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("{\"version\":"));
    let leftovers: Vec<_> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("manabi-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn export_refuses_a_site_with_errors() {
    let run = SiteTest::fixture("quiz-invalid").cli(&["export", "quiz", "--format", "gift"]);
    run.assert_code(1);
    run.assert_stderr_contains("duplicate question id `shared-id`");
    assert_eq!(run.stdout, "");
}

#[test]
fn quiz_blocks_in_section_indexes_and_related_drafts_are_warnings() {
    let site = SiteTest::with_files(&[
        ("content/s/_index.md", "---\ntitle: S\n---\n前文\n\n```quiz\nquestion: q\n```\n"),
        (
            "content/s/a.md",
            "---\ntitle: A\nquiz:\n  - question: q\n    choices: [a, b, c, d]\n    answer: 1\n    explanation: e\n    related: [Idea]\n---\n",
        ),
        ("content/s/idea.md", "---\ntitle: Idea\ndraft: true\n---\n"),
    ]);
    let built = site.build();
    built.assert_ok();
    assert_eq!(
        built.warnings(),
        [
            "content/s/_index.md:6:1: a ```quiz block in a section index is ignored",
            "content/s/a.md:8:5: `related` names `Idea`, a draft that is not published",
        ]
    );
    let questions = shard_questions(&built);
    assert_eq!(
        questions[0]["related"],
        serde_json::json!([{ "title": "A", "url": "/s/a/" }])
    );
}

#[test]
fn sitemap_lists_the_question_bank_and_exam_but_not_personal_pages() {
    let built = quiz_basic();
    let sitemap = built.file("sitemap.xml");
    assert!(sitemap.contains("/quiz/</loc>"), "{sitemap}");
    assert!(sitemap.contains("/exam/</loc>"), "{sitemap}");
    assert!(!sitemap.contains("/progress/"), "{sitemap}");
    assert!(!sitemap.contains("/review/"), "{sitemap}");
    let plain = SiteTest::with_files(&[("content/a.md", "---\ntitle: A\n---\n")]).build();
    assert!(!plain.file("sitemap.xml").contains("/quiz/"));
}
