//! Benchmark corpus generator.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --notes 10000 --out DIR [--seed N] [--hugo DIR2]
//! ```
//!
//! Writes a manabi site (`site.yaml`, `content/` with ~20 sections two levels
//! deep and `--notes` keyword notes) into DIR and, with `--hugo`, an equivalent
//! Hugo site (same notes, same bodies, wikilinks rewritten as plain Markdown
//! links, plus a small but non-trivial layout set) into DIR2.
//!
//! Everything is derived from a tiny splitmix64 PRNG, and nothing iterates a
//! hash map, so the output is byte-for-byte identical for a given seed and
//! note count. Uses only the standard library.
//!
//! An output folder is only ever deleted if it carries the marker file this
//! program writes (`.manabi-bench-corpus`); a non-empty folder without it is
//! refused.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const MARKER: &str = ".manabi-bench-corpus";

// ---------------------------------------------------------------------------
// PRNG

/// splitmix64: tiny, fast, good enough for test data, fully deterministic.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        let mut r = Rng(seed ^ 0x6d61_6e61_6269_2121); // "manabi!!"
        r.next();
        r
    }
    /// An independent stream for item `i` (so a note's text does not depend on
    /// how much randomness earlier notes consumed).
    fn derive(seed: u64, stream: u64, i: u64) -> Self {
        let mut r = Rng::new(seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        r.0 ^= i.wrapping_mul(0xD1B5_4A32_D192_ED03);
        r.next();
        r
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 11) as u128 * n as u128) >> 53) as usize
    }
    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// True with probability `num/den`.
    fn chance(&mut self, num: usize, den: usize) -> bool {
        self.below(den) < num
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    /// `k` distinct indices from `0..n`, in draw order.
    fn distinct(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::with_capacity(k);
        while out.len() < k.min(n) {
            let i = self.below(n);
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------
// Vocabulary

/// Japanese keywords with their hiragana reading.
const JA_KEYWORDS: &[(&str, &str)] = &[
    ("量子化", "りょうしか"),
    ("蒸留", "じょうりゅう"),
    ("過学習", "かがくしゅう"),
    ("正則化", "せいそくか"),
    ("勾配降下法", "こうばいこうかほう"),
    ("誤差逆伝播法", "ごさぎゃくでんぱほう"),
    ("活性化関数", "かっせいかかんすう"),
    ("畳み込み", "たたみこみ"),
    ("転移学習", "てんいがくしゅう"),
    ("強化学習", "きょうかがくしゅう"),
    ("教師あり学習", "きょうしありがくしゅう"),
    ("教師なし学習", "きょうしなしがくしゅう"),
    ("半教師あり学習", "はんきょうしありがくしゅう"),
    ("自己教師あり学習", "じこきょうしありがくしゅう"),
    ("生成モデル", "せいせいもでる"),
    ("拡散モデル", "かくさんもでる"),
    ("埋め込み表現", "うめこみひょうげん"),
    ("形態素解析", "けいたいそかいせき"),
    ("交差検証", "こうさけんしょう"),
    ("混同行列", "こんどうぎょうれつ"),
    ("適合率", "てきごうりつ"),
    ("再現率", "さいげんりつ"),
    ("次元削減", "じげんさくげん"),
    ("主成分分析", "しゅせいぶんぶんせき"),
    ("決定木", "けっていぎ"),
    ("ランダムフォレスト", "らんだむふぉれすと"),
    ("勾配ブースティング", "こうばいぶーすてぃんぐ"),
    ("サポートベクターマシン", "さぽーとべくたーましん"),
    ("ハルシネーション", "はるしねーしょん"),
    ("プロンプトエンジニアリング", "ぷろんぷとえんじにありんぐ"),
    ("ファインチューニング", "ふぁいんちゅーにんぐ"),
    ("検索拡張生成", "けんさくかくちょうせいせい"),
    ("著作権", "ちょさくけん"),
    ("個人情報保護法", "こじんじょうほうほごほう"),
    ("説明可能性", "せつめいかのうせい"),
    ("公平性", "こうへいせい"),
    ("データ拡張", "でーたかくちょう"),
    ("バッチ正規化", "ばっちせいきか"),
    ("ドロップアウト", "どろっぷあうと"),
    ("損失関数", "そんしつかんすう"),
    ("学習率", "がくしゅうりつ"),
    ("特徴量", "とくちょうりょう"),
    ("汎化性能", "はんかせいのう"),
    ("自然言語処理", "しぜんげんごしょり"),
    ("画像認識", "がぞうにんしき"),
    ("音声認識", "おんせいにんしき"),
    ("敵対的生成ネットワーク", "てきたいてきせいせいねっとわーく"),
    ("オープンウェイト", "おーぷんうぇいと"),
    ("基盤モデル", "きばんもでる"),
    ("大規模言語モデル", "だいきぼげんごもでる"),
    ("トークン化", "とーくんか"),
    ("注意機構", "ちゅういきこう"),
    ("位置符号化", "いちふごうか"),
    ("知識蒸留", "ちしきじょうりゅう"),
    ("枝刈り", "えだかり"),
    ("連合学習", "れんごうがくしゅう"),
    ("差分プライバシー", "さぶんぷらいばしー"),
    ("アンサンブル学習", "あんさんぶるがくしゅう"),
    ("ベイズ推定", "べいずすいてい"),
    ("最尤推定", "さいゆうすいてい"),
];

/// English keywords with a hiragana reading (as a Japanese reader says them).
const EN_KEYWORDS: &[(&str, &str)] = &[
    ("Attention mechanism", "あてんしょんめかにずむ"),
    (
        "Transformer architecture",
        "とらんすふぉーまーあーきてくちゃ",
    ),
    ("Gradient clipping", "ぐらでぃえんとくりっぴんぐ"),
    ("Beam search", "びーむさーち"),
    ("Low-rank adaptation", "ろーらんくあだぷてーしょん"),
    ("Mixture of experts", "みくすちゃーおぶえきすぱーつ"),
    ("Tokenizer", "とーくないざー"),
    ("Vector database", "べくたーでーたべーす"),
    ("Chain of thought", "ちぇーんおぶそーと"),
    ("Contrastive learning", "こんとらすてぃぶらーにんぐ"),
    ("Layer normalization", "れいやーのーまらいぜーしょん"),
    ("Residual connection", "れじでゅあるこねくしょん"),
    ("Softmax", "そふとまっくす"),
    ("Cross entropy", "くろすえんとろぴー"),
    ("Learning rate schedule", "らーにんぐれーとすけじゅーる"),
    ("Early stopping", "あーりーすとっぴんぐ"),
    ("Weight decay", "うぇいとでぃけい"),
    ("Data leakage", "でーたりーけーじ"),
    ("Feature engineering", "ふぃーちゃーえんじにありんぐ"),
    ("Word embedding", "わーどえんべでぃんぐ"),
    ("Sequence to sequence", "しーくえんすとぅーしーくえんす"),
    ("Variational autoencoder", "へんぶんおーとえんこーだ"),
    ("Diffusion sampling", "でぃふゅーじょんさんぷりんぐ"),
    ("Prompt injection", "ぷろんぷといんじぇくしょん"),
    ("Model card", "もでるかーど"),
    ("Red teaming", "れっどちーみんぐ"),
    (
        "Retrieval augmented generation",
        "りとりーばるおーぐめんてっどじぇねれーしょん",
    ),
    (
        "Quantization aware training",
        "くおんたいぜーしょんあうぇあとれーにんぐ",
    ),
    ("Knowledge graph", "なれっじぐらふ"),
    ("Zero-shot learning", "ぜろしょっとらーにんぐ"),
    ("Few-shot prompting", "ふゅーしょっとぷろんぷてぃんぐ"),
    ("In-context learning", "いんこんてきすとらーにんぐ"),
    ("Scaling laws", "すけーりんぐろー"),
    ("Self-attention", "せるふあてんしょん"),
    ("Positional encoding", "ぽじしょなるえんこーでぃんぐ"),
    ("Byte pair encoding", "ばいとぺあえんこーでぃんぐ"),
    ("Perplexity", "ぱーぷれきしてぃ"),
    ("Top-p sampling", "とっぷぴーさんぷりんぐ"),
    ("Temperature scaling", "てんぱらちゃーすけーりんぐ"),
    ("Reward model", "りわーどもでる"),
];

/// Topical tags; together with the keywords they make a pool of ~200 tags.
#[rustfmt::skip]
const TOPIC_TAGS: &[&str] = &[
    "LLM", "NLP", "CV", "G検定", "E資格", "DS検定", "試験対策", "頻出", "重要", "暗記", "計算問題", "用語", "法律",
    "倫理", "ガバナンス", "セキュリティ", "プライバシー", "歴史", "数学", "統計", "線形代数", "微分", "確率", "最適化", "評価指標",
    "前処理", "モデル圧縮", "推論", "学習", "データ", "画像", "音声", "テキスト", "動画", "マルチモーダル", "生成AI", "オープン化",
    "社会実装", "ビジネス", "国際動向", "ロボティクス", "自動運転", "医療", "金融", "製造", "教育", "Python", "PyTorch",
    "TensorFlow", "JAX", "NumPy", "scikit-learn", "Hugging Face", "GPU", "TPU", "MLOps",
    "evaluation", "benchmark", "paper", "survey", "tutorial", "beginner", "advanced", "theory",
    "practice", "math", "statistics", "optimization", "regularization", "architecture",
    "training", "inference", "deployment", "dataset", "fairness", "safety", "alignment",
    "interpretability", "robustness", "efficiency", "compression", "search", "ranking",
    "recommendation", "time series", "anomaly detection", "clustering", "classification",
    "regression", "generation", "agents", "tool use", "open source",
];

/// Other keywords mentioned in passing.
#[rustfmt::skip]
const EN_TERMS: &[&str] = &[
    "overfitting", "regularization", "gradient descent", "backpropagation", "attention",
    "embedding", "fine-tuning", "distillation", "quantization", "pruning", "tokenization",
    "beam search", "dropout", "batch normalization", "cross-validation", "precision", "recall",
    "F1 score", "ROC curve", "transfer learning", "self-supervised learning",
    "reinforcement learning", "policy gradient", "reward shaping", "latent space",
];

#[rustfmt::skip]
const CODE_TOKENS: &[&str] = &[
    "learning_rate", "dropout=0.1", "model.eval()", "torch.no_grad()", "max_len", "top_p",
    "weight_decay", "batch_size=32", "np.argmax", "fit()", "temperature", "num_heads", "AdamW",
    "cross_entropy", "tokenizer.encode()", "seed=42", "fp16", "k_folds=5", "predict_proba",
    "StandardScaler",
];

const LINKS: &[(&str, &str)] = &[
    (
        "Attention Is All You Need",
        "https://arxiv.org/abs/1706.03762",
    ),
    ("Llama 2 論文", "https://arxiv.org/abs/2307.09288"),
    ("LoRA の論文", "https://arxiv.org/abs/2106.09685"),
    ("BERT", "https://arxiv.org/abs/1810.04805"),
    ("Deep Residual Learning", "https://arxiv.org/abs/1512.03385"),
    (
        "scikit-learn のドキュメント",
        "https://scikit-learn.org/stable/user_guide.html",
    ),
    ("PyTorch Tutorials", "https://pytorch.org/tutorials/"),
    (
        "Hugging Face Transformers",
        "https://huggingface.co/docs/transformers/index",
    ),
    ("JDLA G検定", "https://www.jdla.org/certificate/general/"),
    (
        "文化庁「AIと著作権」",
        "https://www.bunka.go.jp/seisaku/chosakuken/aiandcopyright.html",
    ),
    ("個人情報保護委員会", "https://www.ppc.go.jp/"),
    (
        "Wikipedia: Machine learning",
        "https://en.wikipedia.org/wiki/Machine_learning",
    ),
    ("Dive into Deep Learning", "https://d2l.ai/"),
];

const JA_SENTENCES: &[&str] = &[
    "{k}とは、{o}と並んで試験で頻出の概念であり、モデルの性能と計算コストのトレードオフを理解するうえで欠かせない。",
    "実務では{e}の観点から{k}を評価することが多く、特に**{o}**との違いを説明できるようにしておきたい。",
    "{k}の代表的な手法としては、{o}を組み合わせたアプローチが知られている。",
    "学習データが少ない場合、{k}は過度に楽観的な結果を示すことがあるため、検証データでの確認が必要である。",
    "近年の大規模言語モデルでは、{k}によって推論速度が{n}倍程度改善した例も報告されている。",
    "パラメータ `{c}` の値を変えると、{k}の挙動が大きく変わる点に注意する。",
    "{o}が入力全体を一度に扱うのに対し、{k}は局所的な情報に注目する。",
    "G検定では、{k}の定義だけでなく、その**背景となる課題**が問われることがある。",
    "{k}を導入すると精度は向上するが、解釈可能性が低下するという指摘もある。",
    "具体的には、損失関数に{o}の項を加えることで、{k}と同様の効果を得る。",
    "歴史的には、{k}は{n}0年代に提案され、その後{o}の発展とともに広く使われるようになった。",
    "英語では *{e}* と呼ばれることもあり、論文を読む際は併せて覚えておくとよい。",
    "注意したいのは、{k}が万能ではなく、データの性質によっては逆効果になることである。",
    "{k}と{o}はしばしば混同されるが、目的と適用範囲が異なる。",
    "ライブラリでは `{c}` のように一行で呼び出せるが、内部で何が起きているかを理解しておくことが重要だ。",
    "この性質は、特に画像認識や自然言語処理の分野で顕著に現れる。",
    "評価指標としては、正解率だけでなく適合率や再現率も合わせて確認する。",
    "{k}の効果は、ハイパーパラメータの設定に強く依存する。",
    "公開されている実装の多くは `{c}` を既定値として採用している。",
    "社会実装の場面では、{k}に関する説明責任や透明性も求められる。",
    "{o}の理解が前提になるため、先にそちらを復習しておくと{k}の説明が頭に入りやすい。",
    "計算量は入力長の二乗に比例するため、長い系列では{o}などの工夫が必要になる。",
    "ひっかけ問題として、{k}と{o}の説明を入れ替えた選択肢がよく出題される。",
    "なお、{k}は日本語の文献では「{o}の一種」と紹介されることもあるが、厳密には別の概念である。",
    "~~以前は{o}が主流だった~~が、現在では{k}を使うのが一般的である。",
    "まとめると、{k}は「何を」「なぜ」「どのように」の三点で整理すると覚えやすい。",
];

const EN_SENTENCES: &[&str] = &[
    "In English-language papers, {e} is often discussed together with {o}.",
    "The key idea is that {e} trades a small loss in accuracy for a large gain in efficiency.",
    "A common pitfall is to tune `{c}` on the test set, which leads to data leakage.",
    "Most frameworks expose this through a single call such as `{c}`.",
    "See the original paper for the formal definition and the proofs.",
    "In practice, {e} works best when the training data is large and diverse.",
    "Empirically, the improvement is around {n}% on standard benchmarks.",
    "Note that **{e}** is not the same thing as {o}, although the two are related.",
];

const LINK_SENTENCES: &[&str] = &[
    "詳細は[{label}]({url})を参照。",
    "原典は [{label}]({url}) にまとめられている。",
    "For details, see [{label}]({url}).",
];

const WIKI_SENTENCES: &[&str] = &[
    "{w}も併せて確認しておくとよい。",
    "{w}との関係を整理しておこう。",
    "似た概念として{w}がある。",
    "See also {w}.",
    "前提知識は{w}で解説している。",
];

#[rustfmt::skip]
const HEADINGS: &[&str] = &[
    "概要", "仕組み", "数式での表現", "具体例", "実装例", "注意点", "試験対策のポイント", "Background", "How it works",
    "Pitfalls", "関連用語", "歴史", "メリットとデメリット", "よくある誤解", "Practical tips", "応用例",
];

const HEADING_IDS: &[&str] = &["overview", "details", "example", "notes", "exam-tips"];

const SUMMARY_TEMPLATES: &[&str] = &[
    "{k}は{o}と並ぶ重要な概念で、性能と効率の両立に関わる",
    "{k}の目的と代表的な手法を説明できるようにする",
    "{o}との違いを問う問題が頻出",
    "{e} の日本語訳として出題されることがある",
    "実装上は `{c}` などのパラメータで制御する",
    "メリットだけでなくデメリットや限界も押さえる",
    "社会実装では説明責任や公平性の観点も問われる",
    "Key idea: {e} in one sentence",
];

#[rustfmt::skip]
const SYLLABUS_TOPICS: &[&str] = &[
    "基本的な概念", "代表的な手法", "評価方法", "応用事例", "技術動向", "課題と対策", "テキスト、画像、音声等の生成モデルの技術動向", "学習の工夫",
    "社会的な影響",
];

struct SectionDef {
    /// Path under `content/`, `/`-separated.
    path: &'static str,
    title: &'static str,
    /// Index of the parent in `SECTIONS`, if any.
    parent: Option<usize>,
}

/// 21 sections, two levels deep.
#[rustfmt::skip]
const SECTIONS: &[SectionDef] = &[
    SectionDef { path: "ai-basics", title: "人工知能とは", parent: None },
    SectionDef { path: "ai-basics/history", title: "人工知能の歴史", parent: Some(0) },
    SectionDef { path: "ml-methods", title: "機械学習の具体的手法", parent: None },
    SectionDef { path: "ml-methods/supervised", title: "教師あり学習", parent: Some(2) },
    SectionDef { path: "ml-methods/unsupervised", title: "教師なし学習", parent: Some(2) },
    SectionDef { path: "ml-methods/evaluation", title: "モデルの評価", parent: Some(2) },
    SectionDef { path: "deep-learning", title: "ディープラーニングの概要", parent: None },
    SectionDef { path: "deep-learning/neural-nets", title: "ニューラルネットワーク", parent: Some(6) },
    SectionDef { path: "deep-learning/training", title: "学習の工夫", parent: Some(6) },
    SectionDef { path: "deep-learning/regularization", title: "正則化と汎化", parent: Some(6) },
    SectionDef { path: "dl-techniques", title: "ディープラーニングの要素技術", parent: None },
    SectionDef { path: "dl-techniques/cnn", title: "畳み込みニューラルネットワーク", parent: Some(10) },
    SectionDef { path: "dl-techniques/rnn", title: "系列モデル", parent: Some(10) },
    SectionDef { path: "dl-techniques/transformer", title: "Transformer", parent: Some(10) },
    SectionDef { path: "dl-techniques/generative", title: "生成モデル", parent: Some(10) },
    SectionDef { path: "applications", title: "ディープラーニングの応用例", parent: None },
    SectionDef { path: "applications/vision", title: "画像認識と動画", parent: Some(15) },
    SectionDef { path: "applications/language", title: "自然言語処理と音声", parent: Some(15) },
    SectionDef { path: "law-ethics", title: "AIの法律と倫理", parent: None },
    SectionDef { path: "law-ethics/copyright", title: "著作権と知的財産", parent: Some(18) },
    SectionDef { path: "law-ethics/governance", title: "AIガバナンス", parent: Some(18) },
];

// ---------------------------------------------------------------------------
// Model

struct Note {
    title: String,
    /// File stem (and so the default slug). Unicode kept for Japanese titles.
    stem: String,
    section: usize,
    date: String,
    weight: usize,
    summary: [String; 2],
    tags: Vec<String>,
    reading: String,
    syllabus: Vec<String>,
    /// Markdown body, with `[[Title]]` / `[[Title|label]]` wikilinks.
    body: String,
}

impl Note {
    fn rel_path(&self) -> String {
        format!("{}/{}.md", SECTIONS[self.section].path, self.stem)
    }
    fn url(&self) -> String {
        format!("/{}/{}/", SECTIONS[self.section].path, self.stem)
    }
}

fn tag_pool() -> Vec<String> {
    let mut pool: Vec<String> = TOPIC_TAGS.iter().map(|s| s.to_string()).collect();
    for (k, _) in JA_KEYWORDS.iter().chain(EN_KEYWORDS) {
        if !pool.iter().any(|t| t.eq_ignore_ascii_case(k)) {
            pool.push(k.to_string());
        }
    }
    pool
}

/// Fills `{k}` (keyword), `{o}` (other Japanese keyword), `{e}` (English term),
/// `{c}` (code token) and `{n}` (small number) in a template.
fn fill(t: &str, kw: &str, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(t.len() + 32);
    let mut rest = t;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let (rep, len): (String, usize) = if after.starts_with("{k}") {
            (kw.to_string(), 3)
        } else if after.starts_with("{o}") {
            (rng.pick(JA_KEYWORDS).0.to_string(), 3)
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

fn sentence(kw: &str, rng: &mut Rng) -> String {
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
fn join(p: &mut String, s: &str) {
    let ascii_end = p.chars().next_back().is_some_and(|c| c.is_ascii());
    if ascii_end {
        p.push(' ');
    }
    p.push_str(s);
}

fn paragraph(kw: &str, rng: &mut Rng) -> String {
    let n = rng.range(2, 4);
    paragraph_of(kw, n, rng)
}

fn paragraph_of(kw: &str, n: usize, rng: &mut Rng) -> String {
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
    }
    p
}

fn bullet_list(kw: &str, rng: &mut Rng) -> String {
    let n = rng.range(3, 5);
    let task = rng.chance(1, 8);
    let mut out = String::new();
    for kind in rng.distinct(5, n) {
        let item = match kind {
            0 => format!("{}との違いを説明できる", rng.pick(JA_KEYWORDS).0),
            1 => format!("`{}` の意味と既定値", rng.pick(CODE_TOKENS)),
            2 => format!("英語表記: *{}*", rng.pick(EN_TERMS)),
            3 => format!("代表的な応用例: {}", rng.pick(JA_KEYWORDS).0),
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
            1 => rng.pick(JA_KEYWORDS).0.to_string(),
            _ => "頻出".to_string(),
        };
        let _ = writeln!(out, "| {a} | {kw}の{b} | {note} |");
    }
    out.pop();
    out
}

fn code_block(kw: &str, rng: &mut Rng) -> String {
    let n = rng.range(2, 9);
    let c = ["alpha", "beta", "scale", "eps"][rng.below(4)];
    match rng.below(3) {
        0 => format!(
            "```python\nimport numpy as np\n\n\ndef softmax_attention(x, {c}=0.{n}):\n    \"\"\"{kw} の簡単な例\"\"\"\n    scores = x @ x.T / np.sqrt(x.shape[-1])\n    weights = np.exp(scores - scores.max(axis=-1, keepdims=True))\n    weights /= weights.sum(axis=-1, keepdims=True)\n    return weights @ x * (1 - {c})\n\n\nprint(softmax_attention(np.eye({n})).round(3))\n```"
        ),
        1 => format!(
            "```json\n{{\n  \"model\": \"example-{n}b\",\n  \"temperature\": 0.{n},\n  \"max_tokens\": {n}00,\n  \"messages\": [\n    {{\"role\": \"system\", \"content\": \"あなたは{kw}の専門家です\"}},\n    {{\"role\": \"user\", \"content\": \"{kw}について説明して\"}}\n  ]\n}}\n```"
        ),
        _ => format!(
            "```bash\npython -m venv .venv && . .venv/bin/activate\npip install torch transformers datasets\npython train.py --lr 3e-4 --epochs {n} --{c} 0.{n} \\\n  --output-dir runs/exp{n}\n```"
        ),
    }
}

/// Soft cap on generated paragraphs; wikilinks and a footnote come after.
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

fn body(kw: &str, reading: &str, wikis: &[String], rng: &mut Rng) -> String {
    let target = rng.range(1500, 3300);
    let mut lead = format!("**{kw}**（{reading}）は、試験範囲の中でも特に重要なキーワードである。");
    for _ in 0..2 {
        let s = sentence(kw, rng);
        join(&mut lead, &s);
    }

    // Headed parts: (heading line, blocks).
    let n_head = rng.range(3, 6);
    let mut parts: Vec<(String, Vec<Block>)> = Vec::new();
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
        parts.push((line, vec![Block::Para(paragraph_of(kw, n, rng))]));
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
    }
    if rng.chance(1, 2) {
        place(Block::Raw(code_block(kw, rng)), rng);
    }
    if rng.chance(1, 8) {
        let def = format!("{kw}\n: {}", sentence(kw, rng));
        place(Block::Raw(def), rng);
    }
    // Grow to the target size with more paragraphs, round robin.
    let size = |lead: &str, parts: &[(String, Vec<Block>)]| {
        lead.len()
            + parts
                .iter()
                .map(|(h, bs)| h.len() + 2 + bs.iter().map(Block::len).sum::<usize>())
                .sum::<usize>()
    };
    // Keep bodies within ~1.5-4 KB: stop before a paragraph would overshoot.
    let mut k = 0;
    loop {
        let now = size(&lead, &parts);
        if now >= target {
            break;
        }
        let p = paragraph(kw, rng);
        if now >= 1500 && now + p.len() + 2 > MAX_BODY {
            break;
        }
        let i = k % parts.len();
        parts[i].1.push(Block::Para(p));
        k += 1;
    }
    // Wikilinks, appended to random paragraphs.
    let mut paras: Vec<(usize, usize)> = Vec::new();
    for (i, (_, bs)) in parts.iter().enumerate() {
        for (j, b) in bs.iter().enumerate() {
            if matches!(b, Block::Para(_)) {
                paras.push((i, j));
            }
        }
    }
    for w in wikis {
        let (i, j) = *rng.pick(&paras);
        let s = rng.pick(WIKI_SENTENCES).replace("{w}", w);
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
    if footnote {
        let (label, url) = *rng.pick(LINKS);
        let _ = write!(out, "[^1]: 出典: [{label}]({url})\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// ASCII-kebab for English titles; Japanese titles keep their characters.
fn stem_of(title: &str) -> String {
    let mut s = String::new();
    for ch in title.chars() {
        if ch.is_ascii_alphanumeric() {
            s.push(ch.to_ascii_lowercase());
        } else if ch == ' ' || ch == '-' {
            if !s.ends_with('-') {
                s.push('-');
            }
        } else if !ch.is_ascii() {
            s.push(ch);
        }
    }
    s
}

fn generate(n: usize, seed: u64) -> Vec<Note> {
    // Pass 1: identity of every note, so wikilinks can target exact titles.
    let mut idents: Vec<(String, String, usize)> = Vec::with_capacity(n); // title, reading, section
    for i in 0..n {
        let mut rng = Rng::derive(seed, 1, i as u64);
        let (kw, reading) = if rng.chance(3, 5) {
            *rng.pick(JA_KEYWORDS)
        } else {
            *rng.pick(EN_KEYWORDS)
        };
        let title = format!("{kw} {}", i + 1);
        let _ = reading;
        idents.push((title, kw.to_string(), rng.below(SECTIONS.len())));
    }
    let tags = tag_pool();
    let mut weights = vec![0usize; SECTIONS.len()];
    let mut notes = Vec::with_capacity(n);
    for (i, (title, kw, section)) in idents.iter().enumerate() {
        let mut rng = Rng::derive(seed, 2, i as u64);
        let reading = JA_KEYWORDS
            .iter()
            .chain(EN_KEYWORDS)
            .find(|(k, _)| k == kw)
            .map(|(_, r)| r.to_string())
            .unwrap_or_default();
        weights[*section] += 10;
        let date = format!(
            "{}-{:02}-{:02}",
            rng.range(2021, 2025),
            rng.range(1, 12),
            rng.range(1, 28)
        );
        let summary = [
            fill(SUMMARY_TEMPLATES[rng.below(4)], kw, &mut rng),
            fill(SUMMARY_TEMPLATES[4 + rng.below(4)], kw, &mut rng),
        ];
        let n_tags = rng.range(2, 4);
        let note_tags: Vec<String> = rng
            .distinct(tags.len(), n_tags)
            .into_iter()
            .map(|t| tags[t].clone())
            .collect();
        let sec = &SECTIONS[*section];
        let area = match sec.parent {
            Some(p) => SECTIONS[p].title,
            None => sec.title,
        };
        let mut syllabus = vec![area.to_string()];
        if sec.parent.is_some() {
            syllabus.push(sec.title.to_string());
        } else {
            syllabus.push(rng.pick(SYLLABUS_TOPICS).to_string());
        }
        if rng.chance(1, 2) {
            syllabus.push(format!("{kw}の{}", rng.pick(SYLLABUS_TOPICS)));
        }
        let mut wikis = Vec::new();
        if n > 1 {
            let k = rng.range(1, 3).min(n - 1);
            let mut chosen: Vec<usize> = Vec::with_capacity(k);
            while chosen.len() < k {
                let t = rng.below(n);
                if t == i || chosen.contains(&t) {
                    continue;
                }
                chosen.push(t);
                let target = &idents[t].0;
                if rng.chance(1, 4) {
                    wikis.push(format!("[[{target}|{}]]", idents[t].1));
                } else {
                    wikis.push(format!("[[{target}]]"));
                }
            }
        }
        let body = body(kw, &reading, &wikis, &mut rng);
        notes.push(Note {
            title: title.clone(),
            stem: stem_of(title),
            section: *section,
            date,
            weight: weights[*section],
            summary,
            tags: note_tags,
            reading,
            syllabus,
            body,
        });
    }
    notes
}

// ---------------------------------------------------------------------------
// Output

fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            _ => out.push(ch),
        }
    }
    out.push('"');
    out
}

fn flow_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| q(s)).collect();
    format!("[{}]", quoted.join(", "))
}

fn manabi_note(note: &Note) -> String {
    let mut s = String::with_capacity(note.body.len() + 512);
    s.push_str("---\n");
    let _ = writeln!(s, "title: {}", q(&note.title));
    let _ = writeln!(s, "date: {}", note.date);
    let _ = writeln!(s, "weight: {}", note.weight);
    s.push_str("summary:\n");
    for line in &note.summary {
        let _ = writeln!(s, "  - {}", q(line));
    }
    let _ = writeln!(s, "tags: {}", flow_list(&note.tags));
    let _ = writeln!(s, "reading: {}", q(&note.reading));
    let _ = writeln!(s, "syllabus: {}", flow_list(&note.syllabus));
    s.push_str("---\n\n");
    s.push_str(&note.body);
    s
}

/// Rewrites `[[Title]]` / `[[Title|label]]` as `[label](/url/)`.
fn hugo_body(body: &str, urls: &std::collections::BTreeMap<&str, String>) -> String {
    let mut out = String::with_capacity(body.len() + 64);
    let mut rest = body;
    while let Some(i) = rest.find("[[") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let Some(end) = after.find("]]") else {
            out.push_str(&rest[i..]);
            rest = "";
            break;
        };
        let inner = &after[..end];
        let (target, label) = inner.split_once('|').unwrap_or((inner, inner));
        let url = urls
            .get(target)
            .unwrap_or_else(|| panic!("wikilink to unknown note {target:?}"));
        let _ = write!(out, "[{label}]({url})");
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

fn hugo_note(note: &Note, urls: &std::collections::BTreeMap<&str, String>) -> String {
    let mut s = String::with_capacity(note.body.len() + 512);
    s.push_str("---\n");
    let _ = writeln!(s, "title: {}", q(&note.title));
    let _ = writeln!(s, "date: {}", note.date);
    let _ = writeln!(s, "weight: {}", note.weight);
    // Hugo's `summary` is one Markdown string (a YAML list is silently
    // dropped), so the two bullets become a Markdown list Hugo renders.
    let _ = writeln!(
        s,
        "summary: {}",
        q(&format!("- {}\n- {}", note.summary[0], note.summary[1]))
    );
    let _ = writeln!(s, "tags: {}", flow_list(&note.tags));
    s.push_str("---\n\n");
    s.push_str(&hugo_body(&note.body, urls));
    s
}

fn section_intro(sec: &SectionDef) -> String {
    format!(
        "この章では「{}」に関するキーワードをまとめる。各ノートの冒頭に要点、末尾に関連用語へのリンクがある。\n",
        sec.title
    )
}

const HOME_INTRO: &str = "ベンチマーク用に自動生成した学習ノートのコーパス。\
G検定・E資格レベルの用語を、日本語と English を混ぜた本文で収録している。\n";

struct Writer {
    files: usize,
    bytes: u64,
}

impl Writer {
    fn write(&mut self, path: &Path, contents: &str) -> Result<(), String> {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        fs::write(path, contents).map_err(|e| format!("{}: {e}", path.display()))?;
        self.files += 1;
        self.bytes += contents.len() as u64;
        Ok(())
    }
}

/// Makes `dir` an empty folder, deleting it first only if we created it.
fn prepare_dir(dir: &Path, marker: &str) -> Result<(), String> {
    if dir.exists() {
        let empty = fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .next()
            .is_none();
        if !empty {
            if !dir.join(MARKER).is_file() {
                return Err(format!(
                    "{} exists, is not empty and was not made by gen_corpus (no {MARKER}); refusing to overwrite",
                    dir.display()
                ));
            }
            fs::remove_dir_all(dir).map_err(|e| format!("removing {}: {e}", dir.display()))?;
        }
    }
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    fs::write(dir.join(MARKER), marker).map_err(|e| format!("{}: {e}", dir.display()))
}

fn write_manabi(dir: &Path, notes: &[Note], marker: &str) -> Result<Writer, String> {
    prepare_dir(dir, marker)?;
    let mut w = Writer { files: 0, bytes: 0 };
    w.write(
        &dir.join("site.yaml"),
        "title: Bench corpus\nbase_url: https://example.com/\n",
    )?;
    let content = dir.join("content");
    w.write(
        &content.join("_index.md"),
        &format!("---\ntitle: {}\n---\n\n{HOME_INTRO}", q("Bench corpus")),
    )?;
    for sec in SECTIONS {
        let fm = format!(
            "---\ntitle: {}\nsort_by: weight\n---\n\n{}",
            q(sec.title),
            section_intro(sec)
        );
        w.write(&content.join(sec.path).join("_index.md"), &fm)?;
    }
    for note in notes {
        w.write(&content.join(note.rel_path()), &manabi_note(note))?;
    }
    Ok(w)
}

const HUGO_TOML: &str = r#"baseURL = "https://example.com/"
languageCode = "ja"
title = "Bench corpus"
hasCJKLanguage = true
disableKinds = []

[taxonomies]
  tag = "tags"

[markup.tableOfContents]
  startLevel = 2
  endLevel = 3
  ordered = false
"#;

const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode | default "ja" }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ .Site.Title }}</title>
<meta name="description" content="{{ .Summary | plainify | truncate 120 }}">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:url" content="{{ .Permalink }}">
<link rel="canonical" href="{{ .Permalink }}">
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">{{ end }}
</head>
<body>
<header>
  <a class="brand" href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
  <nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}<a href="{{ "tags/" | relURL }}">タグ</a></nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer><p>&copy; {{ now.Year }} {{ .Site.Title }}</p></footer>
</body>
</html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}
<article class="note">
  <nav class="breadcrumb">{{ range .Ancestors.Reverse }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> / {{ end }}</nav>
  <h1>{{ .Title }}</h1>
  <p class="meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time> · {{ .ReadingTime }} 分</p>
  <div class="summary">{{ .Summary }}</div>
  {{ with .GetTerms "tags" }}<ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
  <nav class="toc" aria-label="目次">{{ .TableOfContents }}</nav>
  <div class="content">{{ .Content }}</div>
  <nav class="prevnext">
    {{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">← {{ .Title }}</a>{{ end }}
    {{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }} →</a>{{ end }}
  </nav>
</article>
{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}
<section class="section">
  <h1>{{ .Title }}</h1>
  {{ .Content }}
  {{ with .Sections }}<ul class="subsections">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .RegularPages }})</li>{{ end }}</ul>{{ end }}
  <ul class="notes">
  {{ range .RegularPages.ByWeight }}
    <li class="card"><a href="{{ .RelPermalink }}">{{ .Title }}</a>
      <time>{{ .Date.Format "2006-01-02" }}</time>
      <div class="summary">{{ .Summary }}</div>
    </li>
  {{ end }}
  </ul>
</section>
{{ end }}
"#;

const HUGO_TAXONOMY: &str = r#"{{ define "main" }}
<section class="taxonomy">
  <h1>{{ .Title }}</h1>
  <ul class="terms">
  {{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}
  </ul>
</section>
{{ end }}
"#;

const HUGO_TERM: &str = r#"{{ define "main" }}
<section class="term">
  <h1>{{ .Title }}</h1>
  <ul class="notes">
  {{ range .Pages }}
    <li class="card"><a href="{{ .RelPermalink }}">{{ .Title }}</a>
      <div class="summary">{{ .Summary }}</div>
    </li>
  {{ end }}
  </ul>
</section>
{{ end }}
"#;

const HUGO_INDEX: &str = r#"{{ define "main" }}
<section class="home">
  <h1>{{ .Site.Title }}</h1>
  {{ .Content }}
  <h2>章</h2>
  <ul class="sections">{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .RegularPagesRecursive }})</li>{{ end }}</ul>
  <h2>最近のノート</h2>
  <ul class="notes">
  {{ range first 20 .Site.RegularPages.ByDate.Reverse }}
    <li class="card"><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
  {{ end }}
  </ul>
</section>
{{ end }}
"#;

fn write_hugo(dir: &Path, notes: &[Note], marker: &str) -> Result<Writer, String> {
    prepare_dir(dir, marker)?;
    let mut w = Writer { files: 0, bytes: 0 };
    w.write(&dir.join("hugo.toml"), HUGO_TOML)?;
    let layouts = dir.join("layouts");
    w.write(&layouts.join("_default/baseof.html"), HUGO_BASEOF)?;
    w.write(&layouts.join("_default/single.html"), HUGO_SINGLE)?;
    w.write(&layouts.join("_default/list.html"), HUGO_LIST)?;
    w.write(&layouts.join("_default/taxonomy.html"), HUGO_TAXONOMY)?;
    w.write(&layouts.join("_default/term.html"), HUGO_TERM)?;
    w.write(&layouts.join("index.html"), HUGO_INDEX)?;
    let content = dir.join("content");
    w.write(
        &content.join("_index.md"),
        &format!("---\ntitle: {}\n---\n\n{HOME_INTRO}", q("Bench corpus")),
    )?;
    for (i, sec) in SECTIONS.iter().enumerate() {
        let fm = format!(
            "---\ntitle: {}\nweight: {}\n---\n\n{}",
            q(sec.title),
            (i + 1) * 10,
            section_intro(sec)
        );
        w.write(&content.join(sec.path).join("_index.md"), &fm)?;
    }
    let urls: std::collections::BTreeMap<&str, String> =
        notes.iter().map(|n| (n.title.as_str(), n.url())).collect();
    for note in notes {
        w.write(&content.join(note.rel_path()), &hugo_note(note, &urls))?;
    }
    Ok(w)
}

// ---------------------------------------------------------------------------
// CLI

struct Args {
    notes: usize,
    out: PathBuf,
    seed: u64,
    hugo: Option<PathBuf>,
}

const USAGE: &str = "usage: gen_corpus --notes N --out DIR [--seed N] [--hugo DIR2]";

fn parse_args() -> Result<Args, String> {
    let mut notes = None;
    let mut out = None;
    let mut seed = 1u64;
    let mut hugo = None;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut val = |name: &str| {
            it.next()
                .ok_or_else(|| format!("{name} needs a value\n{USAGE}"))
        };
        match a.as_str() {
            "--notes" => {
                notes = Some(
                    val("--notes")?
                        .parse::<usize>()
                        .map_err(|e| format!("--notes: {e}"))?,
                )
            }
            "--out" => out = Some(PathBuf::from(val("--out")?)),
            "--seed" => {
                seed = val("--seed")?
                    .parse::<u64>()
                    .map_err(|e| format!("--seed: {e}"))?
            }
            "--hugo" => hugo = Some(PathBuf::from(val("--hugo")?)),
            "-h" | "--help" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument {other:?}\n{USAGE}")),
        }
    }
    Ok(Args {
        notes: notes.ok_or_else(|| format!("--notes is required\n{USAGE}"))?,
        out: out.ok_or_else(|| format!("--out is required\n{USAGE}"))?,
        seed,
        hugo,
    })
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let start = std::time::Instant::now();
    let notes = generate(args.notes, args.seed);
    let marker = format!("gen_corpus notes={} seed={}\n", args.notes, args.seed);
    let w = write_manabi(&args.out, &notes, &marker)?;
    let sizes: Vec<usize> = notes.iter().map(|n| n.body.len()).collect();
    let (min, max) = (
        sizes.iter().min().copied().unwrap_or(0),
        sizes.iter().max().copied().unwrap_or(0),
    );
    let avg = if sizes.is_empty() {
        0
    } else {
        sizes.iter().sum::<usize>() / sizes.len()
    };
    println!(
        "manabi corpus: {} notes, {} sections, {} files, {:.1} MiB in {} (body bytes min/avg/max {min}/{avg}/{max})",
        notes.len(),
        SECTIONS.len(),
        w.files,
        w.bytes as f64 / 1048576.0,
        args.out.display()
    );
    if let Some(h) = &args.hugo {
        let w = write_hugo(h, &notes, &marker)?;
        println!(
            "hugo corpus:   {} files, {:.1} MiB in {}",
            w.files,
            w.bytes as f64 / 1048576.0,
            h.display()
        );
    }
    eprintln!("generated in {} ms", start.elapsed().as_millis());
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::FAILURE
        }
    }
}
