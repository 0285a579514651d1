//! A note's Markdown body: lead, headed parts with paragraphs, lists, tables,
//! code, formulas, callouts, images, footnotes, links to other notes
//! (wikilinks and relative `.md` links) and inline ```` ```quiz ```` blocks.

use std::fmt::Write as _;

use super::rng::Rng;
use super::vocab::*;

/// What the body holds, for the corpus statistics.
#[derive(Default, Clone)]
pub struct BodyStats {
    pub wikilinks: usize,
    pub relative_links: usize,
    pub external_links: usize,
    pub code_blocks: usize,
    pub code_langs: Vec<&'static str>,
    pub math_inline: usize,
    pub math_display: usize,
    pub images: usize,
    pub callouts: usize,
    pub tables: usize,
    pub footnotes: usize,
}

/// Links this note makes, already written as Markdown.
pub struct BodyInput<'a> {
    pub keyword: &'a str,
    pub reading: &'a str,
    /// `[[…]]` and `[label](rel.md)` links, placed in paragraphs.
    pub links: Vec<String>,
    /// Links put in a closing 関連ノート list instead.
    pub list_links: Vec<String>,
    /// Image Markdown (`![alt](path)`), placed as blocks.
    pub images: Vec<String>,
    /// ```` ```quiz ```` blocks, placed between blocks.
    pub quiz_blocks: Vec<String>,
}

/// Fills `{k}` (keyword), `{o}` (other Japanese keyword), `{e}` (English term),
/// `{c}` (code token) and `{n}` (small number) in a template.
pub fn fill(t: &str, kw: &str, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(t.len() + 32);
    let mut rest = t;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let (rep, len): (String, usize) = if after.starts_with("{k}") {
            (kw.to_string(), 3)
        } else if after.starts_with("{o}") {
            (KEYWORDS[rng.below(60)].name.to_string(), 3)
        } else if after.starts_with("{e}") {
            (rng.pick(EN_TERMS).to_string(), 3)
        } else if after.starts_with("{c}") {
            (rng.pick(CODE_TOKENS).to_string(), 3)
        } else if after.starts_with("{n}") {
            (rng.range(2, 9).to_string(), 3)
        } else {
            ("{".to_string(), 1)
        };
        out.push_str(&rep);
        rest = &after[len..];
    }
    out.push_str(rest);
    out
}

pub fn sentence(kw: &str, rng: &mut Rng) -> String {
    if rng.chance(1, 6) {
        let t = rng.pick(EN_SENTENCES);
        fill(t, kw, rng)
    } else {
        let t = rng.pick(JA_SENTENCES);
        fill(t, kw, rng)
    }
}

/// Appends a sentence: after Japanese text sentences join without a space,
/// after Latin text with one.
pub fn join(p: &mut String, s: &str) {
    let ascii_end = p.chars().next_back().is_some_and(|c| c.is_ascii());
    if ascii_end {
        p.push(' ');
    }
    p.push_str(s);
}

fn paragraph_of(kw: &str, n: usize, rng: &mut Rng, st: &mut BodyStats) -> String {
    let mut p = String::new();
    for i in 0..n {
        let s = sentence(kw, rng);
        if i > 0 {
            join(&mut p, &s);
        } else {
            p.push_str(&s);
        }
    }
    if rng.chance(1, 5) {
        let (label, url) = *rng.pick(LINKS);
        let t = rng.pick(LINK_SENTENCES);
        join(&mut p, &t.replace("{label}", label).replace("{url}", url));
        st.external_links += 1;
    }
    p
}

fn bullet_list(kw: &str, rng: &mut Rng) -> String {
    let n = rng.range(3, 5);
    let task = rng.chance(1, 8);
    let mut out = String::new();
    for kind in rng.distinct(5, n) {
        let item = match kind {
            0 => format!("{}との違いを説明できる", KEYWORDS[rng.below(60)].name),
            1 => format!("`{}` の意味と既定値", rng.pick(CODE_TOKENS)),
            2 => format!("英語表記: *{}*", rng.pick(EN_TERMS)),
            3 => format!("代表的な応用例: {}", KEYWORDS[rng.below(60)].name),
            _ => format!("{kw}の**利点**と限界"),
        };
        if task {
            let mark = if rng.chance(1, 2) { 'x' } else { ' ' };
            let _ = writeln!(out, "- [{mark}] {item}");
        } else {
            let _ = writeln!(out, "- {item}");
        }
    }
    out.pop();
    out
}

fn table(kw: &str, rng: &mut Rng) -> String {
    let mut out = String::from("| 項目 | 内容 | 備考 |\n| --- | --- | :---: |\n");
    let rows = [
        ("目的", "汎化性能の向上"),
        ("入力", "特徴量ベクトル"),
        ("出力", "クラス確率"),
        ("計算量", "O(n²)"),
        ("代表例", "BERT, GPT"),
        ("関連", "正則化"),
    ];
    let n_rows = rng.range(3, 4);
    for i in rng.distinct(rows.len(), n_rows) {
        let (a, b) = rows[i];
        let note = match rng.below(3) {
            0 => format!("`{}`", rng.pick(CODE_TOKENS)),
            1 => KEYWORDS[rng.below(60)].name.to_string(),
            _ => "頻出".to_string(),
        };
        let _ = writeln!(out, "| {a} | {kw}の{b} | {note} |");
    }
    out.pop();
    out
}

/// Code languages with their weights: the four manabi first had compact
/// grammars for (python, bash, json, yaml), then sql, rust and js, which
/// went through syntect's bundled grammars until they got compact ones too.
const CODE_LANGS: &[(&str, u64)] = &[
    ("python", 34),
    ("bash", 18),
    ("json", 14),
    ("yaml", 12),
    ("rust", 7),
    ("sql", 8),
    ("js", 7),
];

fn code_block(kw: &str, rng: &mut Rng) -> (&'static str, String) {
    let n = rng.range(2, 9);
    let c = ["alpha", "beta", "scale", "eps"][rng.below(4)];
    let weights: Vec<u64> = CODE_LANGS.iter().map(|l| l.1).collect();
    let lang = CODE_LANGS[rng.weighted(&weights)].0;
    let code = match lang {
        "python" => format!(
            "```python\nimport numpy as np\n\n\ndef softmax_attention(x, {c}=0.{n}):\n    \"\"\"{kw} の簡単な例\"\"\"\n    scores = x @ x.T / np.sqrt(x.shape[-1])\n    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))\n    weights /= weights.sum(axis=-1, keepdims=True)\n    return weights @ x * (1 - {c})\n\n\nprint(softmax_attention(np.eye({n})).round(3))\n```"
        ),
        "json" => format!(
            "```json\n{{\n  \"model\": \"example-{n}b\",\n  \"temperature\": 0.{n},\n  \"max_tokens\": {n}00,\n  \"messages\": [\n    {{\"role\": \"system\", \"content\": \"あなたは{kw}の専門家です\"}},\n    {{\"role\": \"user\", \"content\": \"{kw}について説明して\"}}\n  ]\n}}\n```"
        ),
        "bash" => format!(
            "```bash\npython -m venv .venv && . .venv/bin/activate\npip install torch transformers datasets\npython train.py --lr 3e-4 --epochs {n} --{c} 0.{n} \\\n  --output-dir runs/exp{n}\n```"
        ),
        "yaml" => format!(
            "```yaml\n# {kw} の実験設定\nmodel:\n  name: example-{n}b\n  dtype: bfloat16\ntraining:\n  learning_rate: 3.0e-4\n  epochs: {n}\n  {c}: 0.{n}\n  schedule: [warmup, cosine]\neval:\n  metrics: [accuracy, f1]\n  every_steps: {n}00\n```"
        ),
        "rust" => format!(
            "```rust\n/// {kw} の例: 数値的に安定な softmax\nfn softmax(xs: &[f32]) -> Vec<f32> {{\n    let max = xs.iter().cloned().fold(f32::NEG_INFINITY, f32::max);\n    let exps: Vec<f32> = xs.iter().map(|x| (x - max).exp()).collect();\n    let sum: f32 = exps.iter().sum();\n    exps.iter().map(|e| e / sum * {n}.0).collect()\n}}\n```"
        ),
        "sql" => format!(
            "```sql\n-- {kw} の評価結果を集計する\nSELECT model, AVG(score) AS mean_score, COUNT(*) AS runs\nFROM evaluations\nWHERE task = 'qa' AND {c} > 0.{n}\nGROUP BY model\nORDER BY mean_score DESC\nLIMIT {n};\n```"
        ),
        _ => format!(
            "```js\n// {kw} の API を呼び出す例\nconst res = await fetch(\"/api/generate\", {{\n  method: \"POST\",\n  body: JSON.stringify({{ prompt: \"{kw}とは\", {c}: 0.{n} }}),\n}});\nconst data = await res.json();\nconsole.log(data.text.slice(0, {n}0));\n```"
        ),
    };
    (lang, code)
}

fn callout(kw: &str, rng: &mut Rng) -> String {
    let (kind, text) = *rng.pick(CALLOUTS);
    let body = fill(text, kw, rng);
    if rng.chance(1, 4) {
        format!(
            "> [!{kind}] {kw}のポイント\n> {body}\n> {}",
            sentence(kw, rng)
        )
    } else {
        format!("> [!{kind}]\n> {body}")
    }
}

/// Soft cap on generated paragraphs; links, quizzes and a footnote come after.
const MAX_BODY: usize = 3800;

enum Block {
    Para(String),
    Raw(String),
}

impl Block {
    fn len(&self) -> usize {
        match self {
            Block::Para(s) | Block::Raw(s) => s.len() + 2,
        }
    }
}

pub fn body(input: &BodyInput, rng: &mut Rng) -> (String, BodyStats) {
    let kw = input.keyword;
    let mut st = BodyStats::default();
    let target = rng.range(1500, 3300);
    let mut lead = format!(
        "**{kw}**（{}）は、試験範囲の中でも特に重要なキーワードである。",
        input.reading
    );
    for _ in 0..2 {
        let s = sentence(kw, rng);
        join(&mut lead, &s);
    }
    let math = rng.chance(1, 5);
    if math {
        let f = rng.pick(MATH_INLINE);
        join(&mut lead, &format!("式で書くと ${f}$ のように表せる。"));
        st.math_inline += 1;
    }

    // Headed parts: (heading line, blocks). The first is always 概要.
    let n_head = rng.range(2, 5);
    let mut parts: Vec<(String, Vec<Block>)> = Vec::new();
    parts.push((
        format!("## {FIRST_HEADING}"),
        vec![Block::Para(paragraph_of(kw, 2, rng, &mut st))],
    ));
    for (j, h) in rng.distinct(HEADINGS.len(), n_head).into_iter().enumerate() {
        let level = if j == 0 || rng.chance(1, 2) {
            "##"
        } else {
            "###"
        };
        let mut line = format!("{level} {}", HEADINGS[h]);
        if rng.chance(1, 10) {
            let _ = write!(line, " {{#{}-{j}}}", rng.pick(HEADING_IDS));
        }
        let n = rng.range(1, 2);
        parts.push((line, vec![Block::Para(paragraph_of(kw, n, rng, &mut st))]));
    }
    let mut place = |b: Block, rng: &mut Rng| {
        let i = rng.below(parts.len());
        parts[i].1.push(b);
    };
    for _ in 0..rng.range(1, 2) {
        place(Block::Raw(bullet_list(kw, rng)), rng);
    }
    if rng.chance(1, 3) {
        place(Block::Raw(table(kw, rng)), rng);
        st.tables += 1;
    }
    if rng.chance(1, 2) {
        let (lang, code) = code_block(kw, rng);
        place(Block::Raw(code), rng);
        st.code_blocks += 1;
        st.code_langs.push(lang);
    }
    if math && rng.chance(2, 3) {
        let f = rng.pick(MATH_DISPLAY);
        place(Block::Raw(format!("$$\n{f}\n$$")), rng);
        st.math_display += 1;
    }
    if rng.chance(1, 3) {
        place(Block::Raw(callout(kw, rng)), rng);
        st.callouts += 1;
    }
    if rng.chance(1, 8) {
        let def = format!("{kw}\n: {}", sentence(kw, rng));
        place(Block::Raw(def), rng);
    }
    for img in &input.images {
        place(Block::Raw(img.clone()), rng);
        st.images += 1;
    }
    // Grow to the target size with more paragraphs, round robin.
    let size = |lead: &str, parts: &[(String, Vec<Block>)]| {
        lead.len()
            + parts
                .iter()
                .map(|(h, bs)| h.len() + 2 + bs.iter().map(Block::len).sum::<usize>())
                .sum::<usize>()
    };
    let mut k = 0;
    loop {
        let now = size(&lead, &parts);
        if now >= target {
            break;
        }
        let n = rng.range(2, 4);
        let p = paragraph_of(kw, n, rng, &mut st);
        if now >= 1500 && now + p.len() + 2 > MAX_BODY {
            break;
        }
        let i = k % parts.len();
        parts[i].1.push(Block::Para(p));
        k += 1;
    }
    // Links to other notes, appended to random paragraphs.
    let mut paras: Vec<(usize, usize)> = Vec::new();
    for (i, (_, bs)) in parts.iter().enumerate() {
        for (j, b) in bs.iter().enumerate() {
            if matches!(b, Block::Para(_)) {
                paras.push((i, j));
            }
        }
    }
    for w in &input.links {
        let (i, j) = *rng.pick(&paras);
        let s = rng.pick(NOTE_LINK_SENTENCES).replace("{w}", w);
        if let Block::Para(p) = &mut parts[i].1[j] {
            join(p, &s);
        }
    }
    let footnote = rng.chance(1, 6);
    if footnote {
        let (i, j) = *rng.pick(&paras);
        if let Block::Para(p) = &mut parts[i].1[j] {
            p.push_str("[^1]");
        }
        st.footnotes += 1;
    }
    // Inline questions go after a random block of a random part.
    for q in &input.quiz_blocks {
        let i = rng.below(parts.len());
        let j = rng.range(1, parts[i].1.len());
        parts[i].1.insert(j, Block::Raw(q.clone()));
    }

    let mut out = lead;
    out.push_str("\n\n");
    for (h, bs) in &parts {
        out.push_str(h);
        out.push_str("\n\n");
        for b in bs {
            match b {
                Block::Para(s) | Block::Raw(s) => out.push_str(s),
            }
            out.push_str("\n\n");
        }
    }
    if !input.list_links.is_empty() {
        out.push_str("## 関連ノート\n\n");
        for l in &input.list_links {
            let _ = writeln!(out, "- {l}");
        }
        out.push('\n');
    }
    if footnote {
        let (label, url) = *rng.pick(LINKS);
        let _ = write!(out, "[^1]: 出典: [{label}]({url})\n\n");
        st.external_links += 1;
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    (out, st)
}
