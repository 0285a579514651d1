//! Word lists: keywords, facets and domains (which combine into unique note
//! titles), sections, tags, sentences, code, formulas and links.

/// A keyword: title, hiragana reading, ASCII slug, and another name (the
/// English term for a Japanese keyword, a Japanese one for an English
/// keyword; "" for none) used as an alias and in questions.
pub struct Keyword {
    pub name: &'static str,
    pub reading: &'static str,
    pub slug: &'static str,
    pub other: &'static str,
}

const fn kw(
    name: &'static str,
    reading: &'static str,
    slug: &'static str,
    other: &'static str,
) -> Keyword {
    Keyword {
        name,
        reading,
        slug,
        other,
    }
}

/// 60 Japanese then 40 English keywords. Every title of the corpus is one of
/// them, alone or with a facet (and a domain).
#[rustfmt::skip]
pub const KEYWORDS: &[Keyword] = &[
    kw("量子化", "りょうしか", "quantization", "quantization"),
    kw("蒸留", "じょうりゅう", "distillation", "distillation"),
    kw("過学習", "かがくしゅう", "overfitting", "overfitting"),
    kw("正則化", "せいそくか", "regularization", "regularization"),
    kw("勾配降下法", "こうばいこうかほう", "gradient-descent", "gradient descent"),
    kw("誤差逆伝播法", "ごさぎゃくでんぱほう", "backpropagation", "backpropagation"),
    kw("活性化関数", "かっせいかかんすう", "activation-function", "activation function"),
    kw("畳み込み", "たたみこみ", "convolution", "convolution"),
    kw("転移学習", "てんいがくしゅう", "transfer-learning", "transfer learning"),
    kw("強化学習", "きょうかがくしゅう", "reinforcement-learning", "reinforcement learning"),
    kw("教師あり学習", "きょうしありがくしゅう", "supervised-learning", "supervised learning"),
    kw("教師なし学習", "きょうしなしがくしゅう", "unsupervised-learning", "unsupervised learning"),
    kw("半教師あり学習", "はんきょうしありがくしゅう", "semi-supervised-learning", "semi-supervised learning"),
    kw("自己教師あり学習", "じこきょうしありがくしゅう", "self-supervised-learning", "self-supervised learning"),
    kw("生成モデル", "せいせいもでる", "generative-model", "generative model"),
    kw("拡散モデル", "かくさんもでる", "diffusion-model", "diffusion model"),
    kw("埋め込み表現", "うめこみひょうげん", "embedding", "embedding"),
    kw("形態素解析", "けいたいそかいせき", "morphological-analysis", "morphological analysis"),
    kw("交差検証", "こうさけんしょう", "cross-validation", "cross-validation"),
    kw("混同行列", "こんどうぎょうれつ", "confusion-matrix", "confusion matrix"),
    kw("適合率", "てきごうりつ", "precision", "precision"),
    kw("再現率", "さいげんりつ", "recall", "recall"),
    kw("次元削減", "じげんさくげん", "dimensionality-reduction", "dimensionality reduction"),
    kw("主成分分析", "しゅせいぶんぶんせき", "pca", "PCA"),
    kw("決定木", "けっていぎ", "decision-tree", "decision tree"),
    kw("ランダムフォレスト", "らんだむふぉれすと", "random-forest", "random forest"),
    kw("勾配ブースティング", "こうばいぶーすてぃんぐ", "gradient-boosting", "gradient boosting"),
    kw("サポートベクターマシン", "さぽーとべくたーましん", "svm", "SVM"),
    kw("ハルシネーション", "はるしねーしょん", "hallucination", "hallucination"),
    kw("プロンプトエンジニアリング", "ぷろんぷとえんじにありんぐ", "prompt-engineering", "prompt engineering"),
    kw("ファインチューニング", "ふぁいんちゅーにんぐ", "fine-tuning", "fine-tuning"),
    kw("検索拡張生成", "けんさくかくちょうせいせい", "rag", "RAG"),
    kw("著作権", "ちょさくけん", "copyright", "copyright"),
    kw("個人情報保護法", "こじんじょうほうほごほう", "appi", "APPI"),
    kw("説明可能性", "せつめいかのうせい", "explainability", "XAI"),
    kw("公平性", "こうへいせい", "fairness", "fairness"),
    kw("データ拡張", "でーたかくちょう", "data-augmentation", "data augmentation"),
    kw("バッチ正規化", "ばっちせいきか", "batch-normalization", "batch normalization"),
    kw("ドロップアウト", "どろっぷあうと", "dropout", "dropout"),
    kw("損失関数", "そんしつかんすう", "loss-function", "loss function"),
    kw("学習率", "がくしゅうりつ", "learning-rate", "learning rate"),
    kw("特徴量", "とくちょうりょう", "features", ""),
    kw("汎化性能", "はんかせいのう", "generalization", "generalization"),
    kw("自然言語処理", "しぜんげんごしょり", "nlp", "NLP"),
    kw("画像認識", "がぞうにんしき", "image-recognition", "image recognition"),
    kw("音声認識", "おんせいにんしき", "speech-recognition", "speech recognition"),
    kw("敵対的生成ネットワーク", "てきたいてきせいせいねっとわーく", "gan", "GAN"),
    kw("オープンウェイト", "おーぷんうぇいと", "open-weights", "open weights"),
    kw("基盤モデル", "きばんもでる", "foundation-model", "foundation model"),
    kw("大規模言語モデル", "だいきぼげんごもでる", "large-language-model", "LLM"),
    kw("トークン化", "とーくんか", "tokenization", "tokenization"),
    kw("注意機構", "ちゅういきこう", "attn", "attention"),
    kw("位置符号化", "いちふごうか", "position-encoding", "位置エンコーディング"),
    kw("知識蒸留", "ちしきじょうりゅう", "knowledge-distillation", "knowledge distillation"),
    kw("枝刈り", "えだかり", "pruning", "pruning"),
    kw("連合学習", "れんごうがくしゅう", "federated-learning", "federated learning"),
    kw("差分プライバシー", "さぶんぷらいばしー", "differential-privacy", "differential privacy"),
    kw("アンサンブル学習", "あんさんぶるがくしゅう", "ensemble-learning", "ensemble learning"),
    kw("ベイズ推定", "べいずすいてい", "bayesian-inference", "Bayesian inference"),
    kw("最尤推定", "さいゆうすいてい", "maximum-likelihood", "MLE"),
    kw("Attention mechanism", "あてんしょんめかにずむ", "attention-mechanism", "アテンション機構"),
    kw("Transformer architecture", "とらんすふぉーまーあーきてくちゃ", "transformer", "トランスフォーマー"),
    kw("Gradient clipping", "ぐらでぃえんとくりっぴんぐ", "gradient-clipping", "勾配クリッピング"),
    kw("Beam search", "びーむさーち", "beam-search", "ビームサーチ"),
    kw("Low-rank adaptation", "ろーらんくあだぷてーしょん", "lora", "LoRA"),
    kw("Mixture of experts", "みくすちゃーおぶえきすぱーつ", "moe", "MoE"),
    kw("Tokenizer", "とーくないざー", "tokenizer", "トークナイザー"),
    kw("Vector database", "べくたーでーたべーす", "vector-database", "ベクトルデータベース"),
    kw("Chain of thought", "ちぇーんおぶそーと", "chain-of-thought", "CoT"),
    kw("Contrastive learning", "こんとらすてぃぶらーにんぐ", "contrastive-learning", "対照学習"),
    kw("Layer normalization", "れいやーのーまらいぜーしょん", "layer-normalization", "レイヤー正規化"),
    kw("Residual connection", "れじでゅあるこねくしょん", "residual-connection", "残差接続"),
    kw("Softmax", "そふとまっくす", "softmax", "ソフトマックス関数"),
    kw("Cross entropy", "くろすえんとろぴー", "cross-entropy", "交差エントロピー"),
    kw("Learning rate schedule", "らーにんぐれーとすけじゅーる", "lr-schedule", "学習率スケジューリング"),
    kw("Early stopping", "あーりーすとっぴんぐ", "early-stopping", "早期終了"),
    kw("Weight decay", "うぇいとでぃけい", "weight-decay", "荷重減衰"),
    kw("Data leakage", "でーたりーけーじ", "data-leakage", "リーケージ"),
    kw("Feature engineering", "ふぃーちゃーえんじにありんぐ", "feature-engineering", "特徴量エンジニアリング"),
    kw("Word embedding", "わーどえんべでぃんぐ", "word-embedding", "単語埋め込み"),
    kw("Sequence to sequence", "しーくえんすとぅーしーくえんす", "seq2seq", "Seq2Seq"),
    kw("Variational autoencoder", "へんぶんおーとえんこーだ", "vae", "VAE"),
    kw("Diffusion sampling", "でぃふゅーじょんさんぷりんぐ", "diffusion-sampling", "拡散サンプリング"),
    kw("Prompt injection", "ぷろんぷといんじぇくしょん", "prompt-injection", "プロンプトインジェクション"),
    kw("Model card", "もでるかーど", "model-card", "モデルカード"),
    kw("Red teaming", "れっどちーみんぐ", "red-teaming", "レッドチーミング"),
    kw("Retrieval augmented generation", "りとりーばるおーぐめんてっどじぇねれーしょん", "retrieval-augmented-generation", ""),
    kw("Quantization aware training", "くおんたいぜーしょんあうぇあとれーにんぐ", "qat", "QAT"),
    kw("Knowledge graph", "なれっじぐらふ", "knowledge-graph", "ナレッジグラフ"),
    kw("Zero-shot learning", "ぜろしょっとらーにんぐ", "zero-shot-learning", "ゼロショット学習"),
    kw("Few-shot prompting", "ふゅーしょっとぷろんぷてぃんぐ", "few-shot-prompting", "フューショット"),
    kw("In-context learning", "いんこんてきすとらーにんぐ", "in-context-learning", "文脈内学習"),
    kw("Scaling laws", "すけーりんぐろー", "scaling-laws", "スケーリング則"),
    kw("Self-attention", "せるふあてんしょん", "self-attention", "自己注意機構"),
    kw("Positional encoding", "ぽじしょなるえんこーでぃんぐ", "positional-encoding", "位置埋め込み"),
    kw("Byte pair encoding", "ばいとぺあえんこーでぃんぐ", "bpe", "BPE"),
    kw("Perplexity", "ぱーぷれきしてぃ", "perplexity", "パープレキシティ"),
    kw("Top-p sampling", "とっぷぴーさんぷりんぐ", "top-p-sampling", "核サンプリング"),
    kw("Temperature scaling", "てんぱらちゃーすけーりんぐ", "temperature-scaling", "温度スケーリング"),
    kw("Reward model", "りわーどもでる", "reward-model", "報酬モデル"),
];

/// Whether a keyword is written in Latin letters (English titles get a space
/// before a Japanese suffix and always an ASCII file name).
pub fn is_latin(k: &Keyword) -> bool {
    k.name.is_ascii()
}

/// What a note about a keyword looks at: title suffix, its reading, slug
/// part and English name.
pub struct Facet {
    pub suffix: &'static str,
    pub reading: &'static str,
    pub slug: &'static str,
    pub en: &'static str,
}

const fn facet(
    suffix: &'static str,
    reading: &'static str,
    slug: &'static str,
    en: &'static str,
) -> Facet {
    Facet {
        suffix,
        reading,
        slug,
        en,
    }
}

#[rustfmt::skip]
pub const FACETS: &[Facet] = &[
    facet("の定義", "のていぎ", "definition", "definition"),
    facet("の仕組み", "のしくみ", "mechanism", "mechanism"),
    facet("の評価指標", "のひょうかしひょう", "metrics", "metrics"),
    facet("の実装", "のじっそう", "implementation", "implementation"),
    facet("の歴史", "のれきし", "history", "history"),
    facet("の応用", "のおうよう", "applications", "applications"),
    facet("の課題", "のかだい", "challenges", "challenges"),
    facet("の数式", "のすうしき", "formula", "formula"),
    facet("のハイパーパラメータ", "のはいぱーぱらめーた", "hyperparameters", "hyperparameters"),
    facet("と過学習", "とかがくしゅう", "vs-overfitting", "vs overfitting"),
    facet("の計算量", "のけいさんりょう", "complexity", "complexity"),
    facet("の派生手法", "のはせいしゅほう", "variants", "variants"),
    facet("の利点と欠点", "のりてんとけってん", "pros-and-cons", "pros and cons"),
    facet("の試験対策", "のしけんたいさく", "exam-tips", "exam tips"),
    facet("の頻出問題", "のひんしゅつもんだい", "common-questions", "common questions"),
    facet("の論文", "のろんぶん", "papers", "papers"),
    facet("の実験", "のじっけん", "experiments", "experiments"),
    facet("の直感的理解", "のちょっかんてきりかい", "intuition", "intuition"),
    facet("の前提知識", "のぜんていちしき", "prerequisites", "prerequisites"),
    facet("のよくある誤解", "のよくあるごかい", "misconceptions", "misconceptions"),
    facet("の比較", "のひかく", "comparison", "comparison"),
    facet("の最新動向", "のさいしんどうこう", "trends", "trends"),
    facet("のリスク", "のりすく", "risks", "risks"),
    facet("の法的論点", "のほうてきろんてん", "legal-issues", "legal issues"),
    facet("の社会実装", "のしゃかいじっそう", "deployment", "deployment"),
];

/// Application domains: the third part of a title, `量子化の応用（医療）`.
#[rustfmt::skip]
pub const DOMAINS: &[(&str, &str, &str)] = &[
    ("医療", "いりょう", "medical"),
    ("金融", "きんゆう", "finance"),
    ("製造", "せいぞう", "manufacturing"),
    ("教育", "きょういく", "education"),
    ("自動運転", "じどううんてん", "driving"),
    ("行政", "ぎょうせい", "government"),
    ("小売", "こうり", "retail"),
    ("法務", "ほうむ", "legal"),
    ("農業", "のうぎょう", "agriculture"),
    ("創作", "そうさく", "creative"),
    ("研究開発", "けんきゅうかいはつ", "research"),
    ("顧客対応", "こきゃくたいおう", "support"),
];

/// The syllabus's top levels (大項目), also the exam areas in site.yaml.
pub const AREAS: &[&str] = &[
    "生成AIの技術",
    "生成AIの利活用",
    "生成AIのリスク",
    "AIの基礎",
];

/// Third syllabus level (小項目), combined with a section's title.
#[rustfmt::skip]
pub const SYLLABUS_TOPICS: &[&str] = &[
    "基本的な概念", "代表的な手法", "評価方法", "応用事例", "技術動向", "課題と対策", "学習の工夫",
    "社会的な影響",
];

/// How a section lists its notes.
pub const SORT_BY: &[&str] = &["weight", "date", "title", "reading"];

pub struct SectionDef {
    /// Path under `content/`, `/`-separated.
    pub path: &'static str,
    pub title: &'static str,
    /// Index of the parent in `SECTIONS`, if any.
    pub parent: Option<usize>,
    /// Index in `AREAS` (None: notes pick an area each, the review section).
    pub area: Option<usize>,
    /// Share of the notes, in units of 1/10,000 of the sum of all shares.
    pub share: u64,
    /// Index in `SORT_BY`.
    pub sort: usize,
    /// `cascade: { syllabus }` in its `_index.md` (notes may then omit it).
    pub cascade: bool,
    pub objective: &'static str,
}

/// 21 sections, two levels deep, of very different sizes: `genai-tech/llm`
/// takes ~38% of the notes, three take ~0.1% each.
#[rustfmt::skip]
pub const SECTIONS: &[SectionDef] = &[
    SectionDef { path: "genai-tech", title: "生成AIの技術", parent: None, area: Some(0), share: 40, sort: 0, cascade: false, objective: "" },
    SectionDef { path: "genai-tech/llm", title: "大規模言語モデル", parent: Some(0), area: Some(0), share: 3500, sort: 2, cascade: false, objective: "大規模言語モデルの仕組みと学習方法について理解している" },
    SectionDef { path: "genai-tech/image-gen", title: "画像生成と拡散モデル", parent: Some(0), area: Some(0), share: 500, sort: 0, cascade: true, objective: "" },
    SectionDef { path: "genai-tech/trends", title: "技術動向", parent: Some(0), area: Some(0), share: 400, sort: 1, cascade: false, objective: "テキスト、画像、音声等の生成モデルの技術動向について理解している" },
    SectionDef { path: "genai-tech/multimodal", title: "マルチモーダル", parent: Some(0), area: Some(0), share: 250, sort: 3, cascade: true, objective: "" },
    SectionDef { path: "genai-use", title: "生成AIの利活用", parent: None, area: Some(1), share: 30, sort: 0, cascade: false, objective: "" },
    SectionDef { path: "genai-use/prompting", title: "プロンプトエンジニアリング", parent: Some(5), area: Some(1), share: 450, sort: 0, cascade: false, objective: "プロンプトの工夫による出力の制御について理解している" },
    SectionDef { path: "genai-use/business", title: "ビジネス活用", parent: Some(5), area: Some(1), share: 350, sort: 1, cascade: true, objective: "" },
    SectionDef { path: "genai-use/cases", title: "活用事例集", parent: Some(5), area: Some(1), share: 12, sort: 1, cascade: false, objective: "" },
    SectionDef { path: "genai-risk", title: "生成AIのリスク", parent: None, area: Some(2), share: 30, sort: 0, cascade: false, objective: "" },
    SectionDef { path: "genai-risk/law", title: "法律と著作権", parent: Some(9), area: Some(2), share: 450, sort: 3, cascade: false, objective: "生成AIの利用に関わる法律と著作権の論点について理解している" },
    SectionDef { path: "genai-risk/ethics", title: "倫理と公平性", parent: Some(9), area: Some(2), share: 350, sort: 0, cascade: true, objective: "" },
    SectionDef { path: "genai-risk/security", title: "セキュリティ", parent: Some(9), area: Some(2), share: 250, sort: 2, cascade: false, objective: "" },
    SectionDef { path: "genai-risk/governance", title: "AIガバナンス", parent: Some(9), area: Some(2), share: 10, sort: 0, cascade: false, objective: "AIガバナンスの枠組みについて理解している" },
    SectionDef { path: "ai-basics", title: "AIの基礎", parent: None, area: Some(3), share: 30, sort: 0, cascade: false, objective: "" },
    SectionDef { path: "ai-basics/ml", title: "機械学習の手法", parent: Some(14), area: Some(3), share: 600, sort: 2, cascade: false, objective: "" },
    SectionDef { path: "ai-basics/evaluation", title: "モデルの評価", parent: Some(14), area: Some(3), share: 350, sort: 0, cascade: true, objective: "モデルの評価方法と評価指標について理解している" },
    SectionDef { path: "ai-basics/deep-learning", title: "ディープラーニング", parent: Some(14), area: Some(3), share: 900, sort: 3, cascade: false, objective: "" },
    SectionDef { path: "ai-basics/math", title: "数理・統計", parent: Some(14), area: Some(3), share: 450, sort: 2, cascade: false, objective: "" },
    SectionDef { path: "ai-basics/history", title: "AIの歴史", parent: Some(14), area: Some(3), share: 8, sort: 1, cascade: false, objective: "" },
    SectionDef { path: "matome", title: "直前まとめ", parent: None, area: None, share: 250, sort: 1, cascade: false, objective: "試験直前に見直す論点を横断的に整理している" },
];

/// Tags with a fixed share of notes, most common first (per mille).
pub const HEAD_TAGS: &[(&str, usize)] = &[
    ("G検定", 333),
    ("生成AI", 200),
    ("頻出", 150),
    ("E資格", 90),
    ("重要", 80),
];

/// The medium band: topical tags, drawn by rank (Zipf-like) before the tail.
#[rustfmt::skip]
pub const TOPIC_TAGS: &[&str] = &[
    "NLP", "CV", "試験対策", "暗記", "計算問題", "用語", "法律", "倫理", "ガバナンス", "セキュリティ",
    "プライバシー", "歴史", "数学", "統計", "線形代数", "微分", "確率", "最適化", "評価指標", "前処理",
    "モデル圧縮", "推論", "学習", "データ", "画像", "音声", "テキスト", "動画", "マルチモーダル",
    "オープン化", "社会実装", "ビジネス", "国際動向", "ロボティクス", "自動運転", "医療", "金融", "製造",
    "教育", "Python", "PyTorch", "TensorFlow", "JAX", "NumPy", "scikit-learn", "Hugging Face", "GPU",
    "TPU", "MLOps", "evaluation", "benchmark", "paper", "survey", "tutorial", "beginner", "advanced",
    "theory", "practice", "math", "statistics", "optimization", "architecture", "training", "inference",
    "deployment", "dataset", "safety", "alignment", "interpretability", "robustness", "efficiency",
    "compression", "search", "ranking", "recommendation", "time series", "anomaly detection",
    "clustering", "classification", "regression", "generation", "agents", "tool use", "open source",
];

/// Long-tail tag parts.
#[rustfmt::skip]
pub const MODELS: &[&str] = &[
    "GPT", "Llama", "Gemma", "Mistral", "Mixtral", "Claude", "Gemini", "PaLM", "BERT", "RoBERTa", "T5",
    "BLOOM", "Falcon", "Qwen", "Phi", "OPT", "GPT-NeoX", "Swallow", "ELYZA", "LLM-jp", "Stable Diffusion",
    "DALL-E", "Imagen", "Midjourney", "Whisper", "CLIP", "ViT", "ResNet", "AlexNet", "VGG", "U-Net",
    "YOLO", "Sora", "Codex", "AlphaGo", "AlphaFold", "word2vec", "ELMo", "XLNet", "DeBERTa",
];
pub const MODEL_VARIANTS: &[&str] = &["", " 2", " 3", "-7B", "-13B", "-70B", " mini"];
#[rustfmt::skip]
pub const CONFERENCES: &[&str] = &[
    "NeurIPS", "ICML", "ICLR", "ACL", "EMNLP", "NAACL", "CVPR", "ICCV", "ECCV", "AAAI", "IJCAI", "KDD",
];
#[rustfmt::skip]
pub const TEXTBOOKS: &[&str] = &[
    "白本", "黒本", "E資格テキスト", "深層学習本", "PRML", "ゼロつく", "カステラ本",
];

/// Other keywords mentioned in passing.
#[rustfmt::skip]
pub const EN_TERMS: &[&str] = &[
    "overfitting", "regularization", "gradient descent", "backpropagation", "attention",
    "embedding", "fine-tuning", "distillation", "quantization", "pruning", "tokenization",
    "beam search", "dropout", "batch normalization", "cross-validation", "precision", "recall",
    "F1 score", "ROC curve", "transfer learning", "self-supervised learning",
    "reinforcement learning", "policy gradient", "reward shaping", "latent space",
];

#[rustfmt::skip]
pub const CODE_TOKENS: &[&str] = &[
    "learning_rate", "dropout=0.1", "model.eval()", "torch.no_grad()", "max_len", "top_p",
    "weight_decay", "batch_size=32", "np.argmax", "fit()", "temperature", "num_heads", "AdamW",
    "cross_entropy", "tokenizer.encode()", "seed=42", "fp16", "k_folds=5", "predict_proba",
    "StandardScaler",
];

pub const LINKS: &[(&str, &str)] = &[
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

/// Sources without a URL (books).
pub const BOOKS: &[&str] = &[
    "深層学習 第2版（講談社）",
    "ディープラーニング G検定公式テキスト 第3版",
    "パターン認識と機械学習 上",
    "ゼロから作る Deep Learning",
];

pub const JA_SENTENCES: &[&str] = &[
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

pub const EN_SENTENCES: &[&str] = &[
    "In English-language papers, {e} is often discussed together with {o}.",
    "The key idea is that {e} trades a small loss in accuracy for a large gain in efficiency.",
    "A common pitfall is to tune `{c}` on the test set, which leads to data leakage.",
    "Most frameworks expose this through a single call such as `{c}`.",
    "See the original paper for the formal definition and the proofs.",
    "In practice, {e} works best when the training data is large and diverse.",
    "Empirically, the improvement is around {n}% on standard benchmarks.",
    "Note that **{e}** is not the same thing as {o}, although the two are related.",
];

pub const LINK_SENTENCES: &[&str] = &[
    "詳細は[{label}]({url})を参照。",
    "原典は [{label}]({url}) にまとめられている。",
    "For details, see [{label}]({url}).",
];

/// `{w}`: a link to another note.
pub const NOTE_LINK_SENTENCES: &[&str] = &[
    "{w}も併せて確認しておくとよい。",
    "{w}との関係を整理しておこう。",
    "似た概念として{w}がある。",
    "See also {w}.",
    "前提知識は{w}で解説している。",
    "（{w}）",
];

/// The first heading of every note (links may point at `#概要`).
pub const FIRST_HEADING: &str = "概要";

#[rustfmt::skip]
pub const HEADINGS: &[&str] = &[
    "仕組み", "数式での表現", "具体例", "実装例", "注意点", "試験対策のポイント", "Background",
    "How it works", "Pitfalls", "関連用語", "歴史", "メリットとデメリット", "よくある誤解", "Practical tips",
    "応用例",
];

pub const HEADING_IDS: &[&str] = &["overview", "details", "example", "notes", "exam-tips"];

pub const SUMMARY_TEMPLATES: &[&str] = &[
    "{k}は{o}と並ぶ重要な概念で、性能と効率の両立に関わる",
    "{k}の目的と代表的な手法を説明できるようにする",
    "{o}との違いを問う問題が頻出",
    "{e} の日本語訳として出題されることがある",
    "実装上は `{c}` などのパラメータで制御する",
    "メリットだけでなくデメリットや限界も押さえる",
    "社会実装では説明責任や公平性の観点も問われる",
    "Key idea: {e} in one sentence",
];

/// GFM alerts and the custom `memo` callout declared in site.yaml.
pub const CALLOUTS: &[(&str, &str)] = &[
    (
        "NOTE",
        "{k}の定義は、試験では言い換えて出題されることが多い。",
    ),
    (
        "TIP",
        "{o}と対にして覚えると、選択肢の入れ替えに気づきやすい。",
    ),
    ("EXAM", "{k}と{o}の違いを問う問題が繰り返し出題されている。"),
    (
        "WARNING",
        "`{c}` の既定値はライブラリのバージョンによって異なる。",
    ),
    ("IMPORTANT", "{k}の限界も併せて説明できるようにしておく。"),
    ("MEMO", "{k}: {e}。語呂合わせで覚える。"),
];

/// Inline formulas (TeX) and display formulas.
pub const MATH_INLINE: &[&str] = &[
    r"W + BA",
    r"\theta \leftarrow \theta - \eta \nabla_\theta L",
    r"\hat{y} = \sigma(w^\top x + b)",
    r"p(y \mid x)",
    r"O(n^2 d)",
    r"\lambda \lVert w \rVert_2^2",
    r"F_1 = \frac{2PR}{P + R}",
    r"r \ll \min(d, k)",
];

pub const MATH_DISPLAY: &[&str] = &[
    r"\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_{j=1}^{K} e^{z_j}}",
    r"L = -\sum_{i=1}^{N} y_i \log \hat{y}_i",
    r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right) V",
    r"\hat{\theta} = \underset{\theta}{\arg\max} \sum_{i=1}^{N} \log p(x_i \mid \theta)",
    r"\mathrm{PPL} = \exp\left(-\frac{1}{N} \sum_{i=1}^{N} \log p(w_i \mid w_{<i})\right)",
    r"x_t = \sqrt{\bar{\alpha}_t}\, x_0 + \sqrt{1 - \bar{\alpha}_t}\, \epsilon",
];
