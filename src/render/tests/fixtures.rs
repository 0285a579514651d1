//! Contexts that follow docs/templates.md, with realistic Japanese study
//! notes, for the template tests and the theme preview.

use serde_json::{json, Value};
use tera::Context;

use crate::render::Renderer;

pub const BASE_URL: &str = "https://example.github.io/";

/// The globals every template receives, for a page at `url`.
pub fn globals(renderer: &Renderer, url: &str, page_title: &str, description: &str) -> Value {
    json!({
        "site": {
            "title": "G検定 学習ノート",
            "description": "JDLA Generative AI Test と G検定の学習メモ。1キーワード1ノートで、要点と確認問題をまとめています。",
            "author": "まなび",
            "language": "ja",
            "base_url": BASE_URL,
            "base_path": "/",
            "extra": {},
            "generator": "manabi 0.1.0",
        },
        "t": renderer.strings(),
        "sections": [
            {"title": "生成AIの技術", "url": "/genai-tech/", "note_count": 12},
            {"title": "生成AIのリスク", "url": "/genai-risk/", "note_count": 8},
            {"title": "法律と倫理", "url": "/law-ethics/", "note_count": 5},
        ],
        "taxonomies": [{"name": "tags", "title": "タグ", "url": "/tags/", "term_count": 14}],
        "current_url": url,
        "permalink": format!("{}{}", BASE_URL.trim_end_matches('/'), url),
        "page_title": page_title,
        "description": description,
        "og_image": null,
        "live_reload": false,
        "glossary_url": "/glossary/",
        "syllabus_url": "/syllabus/",
    })
}

/// A note card (`{title, url, summary, date, …}`).
pub fn card(title: &str, slug: &str, summary: &str, date: &str, tags: &[&str]) -> Value {
    let tags: Vec<Value> = tags
        .iter()
        .map(|t| json!({"name": t, "url": format!("/tags/{t}/")}))
        .collect();
    json!({
        "title": title,
        "url": format!("/genai-tech/{slug}/"),
        "summary": [summary],
        "date": date,
        "date_display": display_date(date),
        "image": null,
        "tags": tags,
        "reading_time": 3,
        "section": {"title": "生成AIの技術", "url": "/genai-tech/"},
    })
}

fn display_date(date: &str) -> String {
    let parts: Vec<u32> = date.split('-').filter_map(|p| p.parse().ok()).collect();
    format!("{}年{}月{}日", parts[0], parts[1], parts[2])
}

/// Cards for list pages: several notes, newest first.
pub fn cards() -> Vec<Value> {
    vec![
        card(
            "オープンウェイト",
            "open-weights",
            "学習済みの重みを公開し、誰でも推論・追加学習できる形で配布すること",
            "2024-05-26",
            &["LLM", "オープン化"],
        ),
        card(
            "RAG（検索拡張生成）",
            "rag",
            "外部の文書を検索して、その内容を根拠に回答を生成する手法",
            "2024-05-20",
            &["LLM", "検索"],
        ),
        card(
            "ハルシネーション",
            "hallucination",
            "もっともらしいが事実と異なる内容を生成してしまう現象",
            "2024-05-12",
            &["リスク"],
        ),
        card(
            "拡散モデル",
            "diffusion",
            "ノイズを少しずつ取り除く過程を学習して画像を生成するモデル",
            "2024-05-02",
            &["画像生成"],
        ),
        card(
            "LoRA",
            "lora",
            "重み行列の差分を低ランク行列で表し、少ないパラメータで追加学習する手法",
            "2024-04-28",
            &["ファインチューニング", "LLM"],
        ),
    ]
}

/// The body of a realistic note, as the markdown stage renders it.
pub const NOTE_CONTENT: &str = r##"<p><strong>オープンウェイト</strong>とは、学習済みモデルの<a class="wikilink" href="/genai-tech/parameters/">パラメータ</a>（重み）を公開し、誰でもダウンロードして推論や追加学習に使えるようにする配布形態です。ソースコードや学習データまで公開する「オープンソース」とは区別されます<sup class="footnote-reference"><a href="#fn-osi" id="fnref-osi">1</a></sup>。</p>
<h2 id="概要">概要<a class="heading-anchor" href="#概要" aria-label="この見出しへのリンク">#</a></h2>
<p>2023年以降、Meta の Llama 2 をはじめ、重みを公開する大規模言語モデルが急増しました。企業は自社環境でモデルを動かせるため、機密データを外部に送らずに<a class="wikilink" href="/genai-tech/rag/">RAG</a>や<a class="wikilink" href="/genai-tech/lora/">LoRA</a>による追加学習を行えます。</p>
<blockquote>
<p>重みが公開されていても、ライセンスが商用利用を制限している場合がある点に注意しましょう。</p>
</blockquote>
<h3 id="代表的なモデル">代表的なモデル<a class="heading-anchor" href="#代表的なモデル" aria-label="この見出しへのリンク">#</a></h3>
<table>
<thead><tr><th>モデル</th><th>公開元</th><th>公開年</th></tr></thead>
<tbody>
<tr><td>BLOOM</td><td>BigScience</td><td>2022</td></tr>
<tr><td>Llama 2</td><td>Meta</td><td>2023</td></tr>
<tr><td>Mistral 7B</td><td>Mistral AI</td><td>2023</td></tr>
</tbody>
</table>
<h3 id="オープンソースとの違い">オープンソースとの違い<a class="heading-anchor" href="#オープンソースとの違い" aria-label="この見出しへのリンク">#</a></h3>
<dl>
<dt>オープンウェイト</dt>
<dd>重みだけを公開。学習データや学習コードは非公開のことが多い。</dd>
<dt>オープンソースAI</dt>
<dd>重み・コード・データの情報まで公開し、改変と再配布を認める。</dd>
</dl>
<aside class="callout callout-note" role="note"><p class="callout-title">ポイント</p>
<p>試験では「重みの公開」と「オープンソース」の違いがよく問われます。</p>
</aside>
<aside class="callout callout-tip" role="note"><p class="callout-title">ヒント</p>
<p>モデルカードでライセンスと想定用途を確認する習慣をつけましょう。</p>
</aside>
<aside class="callout callout-important" role="note"><p class="callout-title">重要</p>
<p>公開された重みは回収できません。安全性評価は公開前に行います。</p>
</aside>
<aside class="callout callout-warning" role="note"><p class="callout-title">注意</p>
<p>「オープン」と名前に付いていても、利用条件はモデルごとに異なります。</p>
</aside>
<aside class="callout callout-caution" role="note"><p class="callout-title">警告</p>
<p>悪用を防ぐ仕組み（セーフガード）は追加学習で外されるおそれがあります。</p>
</aside>
<h2 id="推論の例">推論の例<a class="heading-anchor" href="#推論の例" aria-label="この見出しへのリンク">#</a></h2>
<p>Hugging Face の <code>transformers</code> を使うと、公開された重みを数行で読み込めます。</p>
<pre><code class="language-python">from transformers import AutoModelForCausalLM, AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("meta-llama/Llama-2-7b-hf")
model = AutoModelForCausalLM.from_pretrained("meta-llama/Llama-2-7b-hf")
</code></pre>
<h2 id="学習チェック">学習チェック<a class="heading-anchor" href="#学習チェック" aria-label="この見出しへのリンク">#</a></h2>
<ul>
<li><input disabled="" type="checkbox" checked=""/> オープンウェイトの定義を説明できる</li>
<li><input disabled="" type="checkbox"/> 代表的なモデルを3つ挙げられる</li>
</ul>
<section class="footnotes">
<ol>
<li id="fn-osi"><p>Open Source Initiative による「オープンソースAIの定義」（2024年）を参照。 <a href="#fnref-osi" class="footnote-backref">↩</a></p></li>
</ol>
</section>
"##;

/// `page` of note.html: a full note per docs/templates.md.
pub fn note_page() -> Value {
    let mut page = card(
        "オープンウェイト",
        "open-weights",
        "学習済みの重みを公開し、誰でも推論・追加学習できる形で配布すること",
        "2024-05-26",
        &["LLM", "オープン化"],
    );
    let extra = json!({
        "slug": "open-weights",
        "permalink": "https://example.github.io/genai-tech/open-weights/",
        "content": NOTE_CONTENT,
        "summary": [
            "学習済みの重みを公開し、誰でも推論・追加学習できる形で配布すること",
            "学習データやコードまで公開する「オープンソース」とは区別される",
            "自社環境で動かせるため、機密データを外部に出さずに活用できる",
        ],
        "toc": [
            {"level": 2, "id": "概要", "title": "概要", "children": [
                {"level": 3, "id": "代表的なモデル", "title": "代表的なモデル", "children": []},
                {"level": 3, "id": "オープンソースとの違い", "title": "オープンソースとの違い", "children": []},
            ]},
            {"level": 2, "id": "推論の例", "title": "推論の例", "children": []},
            {"level": 2, "id": "学習チェック", "title": "学習チェック", "children": []},
        ],
        "updated": "2024-06-01",
        "updated_display": "2024年6月1日",
        "syllabus": ["生成AIの技術", "動向", "テキスト、画像、音声等の生成モデルの技術動向"],
        "syllabus_links": [
            {"name": "生成AIの技術", "url": "/syllabus/#syllabus-生成AIの技術"},
            {"name": "動向", "url": "/syllabus/#syllabus-生成AIの技術/動向"},
            {"name": "テキスト、画像、音声等の生成モデルの技術動向", "url": null},
        ],
        "reading": "おーぷんうぇいと",
        "aliases": ["open weights", "重み公開"],
        "backlinks": [cards()[1].clone(), cards()[4].clone()],
        "backlink_count": 2,
        "questions": [],
        "tested_by": [],
        "tested_by_count": 0,
        "prev": {"title": "拡散モデル", "url": "/genai-tech/diffusion/"},
        "next": {"title": "RAG（検索拡張生成）", "url": "/genai-tech/rag/"},
        "sources": [
            {"title": "Llama 2: Open Foundation and Fine-Tuned Chat Models", "url": "https://arxiv.org/abs/2307.09288"},
            {"title": "The Open Source AI Definition 1.0", "url": "https://opensource.org/ai/open-source-ai-definition"},
            {"title": "JDLA Generative AI Test シラバス", "url": null},
        ],
        "extra": {},
        "word_count": 1200,
    });
    merge(&mut page, extra);
    page
}

/// `section` as seen from a note (no `notes` list).
pub fn note_section() -> Value {
    json!({
        "title": "生成AIの技術",
        "url": "/genai-tech/",
        "permalink": "https://example.github.io/genai-tech/",
        "content": "",
        "objective": "生成AIの仕組みと主要な技術動向を理解し、説明できる。",
        "syllabus": ["生成AIの技術"],
        "subsections": [],
    })
}

/// The `paginator` of a list that fits on one pager.
pub fn one_pager(url: &str, items: &[Value]) -> Value {
    json!({
        "paginate_by": 20,
        "base_url": format!("{url}page/"),
        "number_pagers": 1,
        "first": url,
        "last": url,
        "previous": null,
        "next": null,
        "pages": items,
        "current_index": 1,
        "total_pages": items.len(),
        "pagers": [{"index": 1, "url": url, "current": true, "gap": false}],
    })
}

fn merge(target: &mut Value, extra: Value) {
    if let (Value::Object(t), Value::Object(e)) = (target, extra) {
        t.extend(e);
    }
}

/// Cards as the pages stage hands them to list templates: each with `html`,
/// rendered once through `partials/note_card.html`.
pub fn rendered_cards(renderer: &Renderer, cards: Vec<Value>) -> Vec<Value> {
    cards
        .into_iter()
        .map(|mut card| {
            let g = globals(renderer, "/", "t", "d");
            let ctx = context(g, json!({ "card": card.clone() }));
            let html = renderer
                .render("partials/note_card.html", &ctx, "fixture")
                .expect("card");
            card["html"] = json!(html);
            card
        })
        .collect()
}

fn context(mut globals: Value, page_vars: Value) -> Context {
    merge(&mut globals, page_vars);
    Context::from_serialize(&globals).expect("fixture is a map")
}

pub fn note_context(renderer: &Renderer) -> Context {
    let g = globals(
        renderer,
        "/genai-tech/open-weights/",
        "オープンウェイト | G検定 学習ノート",
        "学習済みの重みを公開し、誰でも推論・追加学習できる形で配布すること",
    );
    let mut page = note_page();
    let backlinks = page["backlinks"].as_array().cloned().unwrap_or_default();
    page["backlinks"] = json!(rendered_cards(renderer, backlinks));
    context(g, json!({"page": page, "section": note_section()}))
}

pub fn index_context(renderer: &Renderer) -> Context {
    let g = globals(
        renderer,
        "/",
        "G検定 学習ノート",
        "JDLA Generative AI Test と G検定の学習メモ。",
    );
    let page = json!({
        "title": "G検定 学習ノート",
        "content": "<p>生成AIパスポートや G検定の出題範囲を、<strong>1キーワード1ノート</strong>で整理しています。各ノートの最後には確認問題があります。</p>",
    });
    let notes = rendered_cards(renderer, cards());
    let paginator = one_pager("/", &notes);
    context(
        g,
        json!({"page": page, "notes": notes, "paginator": paginator}),
    )
}

pub fn section_context(renderer: &Renderer) -> Context {
    let g = globals(
        renderer,
        "/genai-tech/",
        "生成AIの技術 | G検定 学習ノート",
        "生成AIの仕組み",
    );
    let mut section = note_section();
    let notes = rendered_cards(renderer, cards());
    let paginator = one_pager("/genai-tech/", &notes);
    merge(
        &mut section,
        json!({
            "content": "<p>このセクションでは、大規模言語モデルや拡散モデルなど、生成AIを支える技術をまとめます。</p>",
            "note_count": notes.len(),
            "notes": notes,
            "subsections": [{"title": "動向", "url": "/genai-tech/trends/", "note_count": 4}],
        }),
    );
    context(g, json!({"section": section, "paginator": paginator}))
}

pub fn taxonomy_value() -> Value {
    json!({
        "name": "tags",
        "title": "タグ",
        "url": "/tags/",
        "term_count": 3,
        "terms": [
            {"name": "LLM", "url": "/tags/LLM/", "count": 9},
            {"name": "オープン化", "url": "/tags/オープン化/", "count": 3},
            {"name": "画像生成", "url": "/tags/画像生成/", "count": 2},
        ],
    })
}

pub fn taxonomy_context(renderer: &Renderer) -> Context {
    let g = globals(renderer, "/tags/", "タグ | G検定 学習ノート", "タグ一覧");
    let taxonomy = taxonomy_value();
    let paginator = one_pager("/tags/", taxonomy["terms"].as_array().unwrap());
    context(g, json!({"taxonomy": taxonomy, "paginator": paginator}))
}

pub fn term_context(renderer: &Renderer) -> Context {
    let g = globals(
        renderer,
        "/tags/LLM/",
        "#LLM | G検定 学習ノート",
        "LLM のノート",
    );
    let notes = rendered_cards(renderer, cards());
    let paginator = one_pager("/tags/LLM/", &notes);
    let count = notes.len();
    let term = json!({"name": "LLM", "url": "/tags/LLM/", "notes": notes, "count": count});
    context(
        g,
        json!({"taxonomy": taxonomy_value(), "term": term, "paginator": paginator}),
    )
}

pub fn not_found_context(renderer: &Renderer) -> Context {
    let g = globals(
        renderer,
        "/404.html",
        "ページが見つかりません | G検定 学習ノート",
        "",
    );
    context(g, json!({}))
}

fn glossary_entry(
    title: &str,
    slug: &str,
    reading: Option<&str>,
    summary: &[&str],
    questions: usize,
) -> Value {
    json!({
        "title": title,
        "url": format!("/genai-tech/{slug}/"),
        "reading": reading,
        "summary": summary,
        "aliases": [],
        "question_count": questions,
    })
}

fn jump(label: &str, id: &str, count: usize) -> Value {
    let url = (count > 0).then(|| format!("/glossary/#{id}"));
    json!({"label": label, "id": id, "count": count, "url": url})
}

/// glossary.html: `glossary` per docs/templates.md.
pub fn glossary_context(renderer: &Renderer) -> Context {
    let g = globals(renderer, "/glossary/", "用語集 | G検定 学習ノート", "");
    let a = [
        glossary_entry(
            "アテンション",
            "attention",
            None,
            &["入力のどこに注目するかを重みで表す仕組み"],
            3,
        ),
        glossary_entry(
            "オープンウェイト",
            "open-weights",
            Some("おーぷんうぇいと"),
            &[
                "学習済みの重みを公開すること",
                "オープンソースとは区別される",
            ],
            2,
        ),
    ];
    let ka = [
        glossary_entry(
            "拡散モデル",
            "diffusion",
            Some("かくさんもでる"),
            &["ノイズを少しずつ取り除いて画像を生成するモデル"],
            1,
        ),
        glossary_entry(
            "コード生成",
            "code-generation",
            Some("こーどせいせい"),
            &[],
            0,
        ),
    ];
    let latin = [glossary_entry(
        "LoRA",
        "lora",
        None,
        &["低ランク行列で追加学習する手法"],
        4,
    )];
    let other = [glossary_entry("2値分類", "binary", None, &[], 0)];
    let rows = ["あ", "か", "さ", "た", "な", "は", "ま", "や", "ら", "わ"];
    let mut jump_bar: Vec<Value> = rows
        .iter()
        .map(|r| {
            let count = match *r {
                "あ" | "か" => 2,
                _ => 0,
            };
            jump(r, &format!("glossary-{r}"), count)
        })
        .collect();
    jump_bar.push(jump("L", "glossary-L", 1));
    jump_bar.push(jump("", "glossary-other", 1));
    let glossary = json!({
        "total": 6,
        "jump": jump_bar,
        "groups": [
            {"id": "glossary-あ", "label": "あ", "script": "kana", "count": 2, "continued": false, "entries": a},
            {"id": "glossary-か", "label": "か", "script": "kana", "count": 2, "continued": false, "entries": ka},
            {"id": "glossary-L", "label": "L", "script": "latin", "count": 1, "continued": false, "entries": latin},
            {"id": "glossary-other", "label": "", "script": "other", "count": 1, "continued": false, "entries": other},
        ],
    });
    let entries: Vec<Value> = [&a[..], &ka, &latin, &other].concat();
    let paginator = one_pager("/glossary/", &entries);
    context(
        g,
        json!({"page": {"title": "用語集"}, "glossary": glossary, "paginator": paginator}),
    )
}

fn syllabus_node(
    path: &[&str],
    notes: Vec<Value>,
    note_total: usize,
    question_total: usize,
    official: bool,
    outside: bool,
) -> Value {
    let id = format!("syllabus-{}", path.join("/"));
    json!({
        "id": id,
        "name": path.last().unwrap(),
        "path": path,
        "depth": path.len(),
        "child_count": 0,
        "note_count": notes.len(),
        "notes": notes,
        "note_total": note_total,
        "question_total": question_total,
        "official": official,
        "no_notes": official && note_total == 0,
        "no_questions": note_total > 0 && question_total == 0,
        "outside": outside,
    })
}

/// syllabus.html: `syllabus` per docs/templates.md, with an official list.
pub fn syllabus_context(renderer: &Renderer) -> Context {
    let g = globals(
        renderer,
        "/syllabus/",
        "シラバスマップ | G検定 学習ノート",
        "",
    );
    let e = |t: &str, s: &str, q: usize| glossary_entry(t, s, None, &[], q);
    let nodes = [
        syllabus_node(&["生成AIの技術"], vec![], 5, 7, true, false),
        syllabus_node(
            &["生成AIの技術", "特徴"],
            vec![
                e("アテンション", "attention", 3),
                e("拡散モデル", "diffusion", 1),
            ],
            2,
            4,
            true,
            false,
        ),
        syllabus_node(
            &["生成AIの技術", "動向"],
            vec![
                e("オープンウェイト", "open-weights", 2),
                e("LoRA", "lora", 1),
            ],
            2,
            3,
            true,
            false,
        ),
        syllabus_node(
            &["生成AIの技術", "独自の項目"],
            vec![e("コード生成", "code-generation", 0)],
            1,
            0,
            false,
            true,
        ),
        syllabus_node(&["生成AIの利活用"], vec![], 0, 0, true, false),
        syllabus_node(&["生成AIのリスク"], vec![], 0, 0, true, false),
    ];
    let syllabus = json!({
        "has_official": true,
        "total_notes": 6,
        "total_questions": 7,
        "flags": {"no_notes": 2, "no_questions": 1, "outside": 1},
        "nodes": nodes,
        "unplaced": [e("2値分類", "binary", 0)],
        "unplaced_count": 1,
    });
    context(
        g,
        json!({"page": {"title": "シラバスマップ"}, "syllabus": syllabus}),
    )
}
