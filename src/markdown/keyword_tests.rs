//! Tests of keyword auto-links in the Markdown stage: what gets linked,
//! what is never touched, and the report mode used when auto-links are off.

use super::*;

/// Notes: 0 is the one being rendered.
const NOTES: &[(&str, usize)] = &[
    ("ベイズ推定", 0),
    ("ラグランジュの未定乗数法", 1),
    ("乗数法", 2),
    ("AI", 3),
    ("GAN", 4),
    ("LoRA", 5),
    ("Low-Rank Adaptation", 5),
];

struct KeywordSite {
    keywords: Keywords,
    links: KeywordLinks,
}

impl KeywordSite {
    fn new() -> Self {
        let keywords = Keywords::new(NOTES.iter().copied());
        KeywordSite {
            links: KeywordLinks::new(&keywords),
            keywords,
        }
    }
}

fn link(note: usize) -> ResolvedLink {
    ResolvedLink {
        url: format!("/n/{note}/"),
        title: NOTES.iter().find(|(_, n)| *n == note).unwrap().0.to_owned(),
        note,
    }
}

impl LinkResolver for KeywordSite {
    fn wikilink(&self, target: &str) -> Option<ResolvedLink> {
        NOTES
            .iter()
            .find(|(key, _)| *key == target)
            .map(|&(_, n)| link(n))
    }

    fn md_link(&self, _target: &str) -> Option<ResolvedLink> {
        None
    }

    fn site_path(&self, path: &str) -> String {
        path.to_owned()
    }

    fn keywords(&self) -> Option<&Keywords> {
        Some(&self.keywords)
    }

    fn keyword_link(&self, note: usize) -> Option<&KeywordLink> {
        let make = || KeywordLink::new(link(note), format!("{}\n要点 \"<&>\"", link(note).title));
        self.links.link(note, make).filter(|_| note != 0)
    }
}

fn render_with(src: &str, auto_link: bool) -> Rendered {
    let opts = MarkdownOptions {
        auto_link,
        ..MarkdownOptions::default()
    };
    render(src, &KeywordSite::new(), &opts)
}

fn linked(src: &str) -> Rendered {
    render_with(src, true)
}

fn keyword_links(html: &str) -> Vec<(String, String)> {
    html.split(KEYWORD_LINK_OPEN)
        .skip(1)
        .map(|rest| {
            let href = rest.split("href=\"").nth(1).unwrap().split('"').next();
            let text = rest.split_once('>').unwrap().1.split("</a>").next();
            (href.unwrap().to_owned(), text.unwrap().to_owned())
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn longest_match_wins_and_only_the_first_mention_links() {
    let r =
        linked("ラグランジュの未定乗数法では乗数法を使う。乗数法とラグランジュの未定乗数法。\n");
    assert_eq!(
        keyword_links(&r.html),
        pairs(&[("/n/1/", "ラグランジュの未定乗数法"), ("/n/2/", "乗数法")]),
        "{}",
        r.html
    );
    assert_eq!(r.keyword_links, [1, 2]);
    assert!(r.links.is_empty(), "auto-links are not backlinks");
}

#[test]
fn a_note_never_links_to_itself() {
    let r = linked("ベイズ推定と AI。\n");
    assert_eq!(keyword_links(&r.html), pairs(&[("/n/3/", "AI")]));
}

#[test]
fn code_headings_links_math_html_images_and_quizzes_are_untouched() {
    let src = "## AI と GAN\n\n\
               `AI` と <code>GAN</code> と <a href=\"x\">AI</a> と $AI$ と ![AI](x.png)\n\n\
               [AI の記事](https://a.jp) と [[GAN]]\n\n\
               ```\nAI\n```\n\n\
               ```python\nAI = 1\n```\n\n\
               ```quiz\nquestion: AI とは\nanswer: AI\n```\n\n\
               <div>\nAI\n</div>\n\n\
               最後に AI と GAN。\n";
    let r = linked(src);
    // Only the last paragraph's AI links; GAN was linked explicitly already.
    assert_eq!(
        keyword_links(&r.html),
        pairs(&[("/n/3/", "AI")]),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<p>最後に <a class=\"keyword-link\""),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("<h2 id=\"ai-と-gan\">AI と GAN"),
        "{}",
        r.html
    );
    assert_eq!(r.quizzes.len(), 1);
    assert!(r.quizzes[0].text.contains("AI とは"));
}

#[test]
fn ascii_keys_match_whole_words_only() {
    let r = linked("OpenAI の GANs と AIs は別物。\n");
    assert_eq!(keyword_links(&r.html), []);
    let r = linked("生成AIとGAN、(LoRA)。\n");
    assert_eq!(
        keyword_links(&r.html),
        pairs(&[("/n/3/", "AI"), ("/n/4/", "GAN"), ("/n/5/", "LoRA")])
    );
}

#[test]
fn width_and_case_are_folded_like_wikilinks() {
    let r = linked("ＬｏＲＡ、つまり low-rank adaptation。\n");
    assert_eq!(keyword_links(&r.html), pairs(&[("/n/5/", "ＬｏＲＡ")]));
}

#[test]
fn the_link_carries_the_escaped_summary_as_its_title() {
    let r = linked("AI\n");
    assert!(
        r.html.contains(
            "<a class=\"keyword-link\" href=\"/n/3/\" title=\"AI\n要点 &quot;&lt;&amp;&gt;&quot;\">AI</a>"
        ),
        "{}",
        r.html
    );
}

#[test]
fn text_around_links_and_stats_are_kept() {
    let plain = render(
        "前 AI 中 GAN 後\n",
        &KeywordSite::new(),
        &MarkdownOptions {
            auto_link: true,
            ..MarkdownOptions::default()
        },
    );
    assert!(plain.html.starts_with("<p>前 <a"), "{}", plain.html);
    assert!(plain.html.ends_with("</a> 後</p>\n"), "{}", plain.html);
    assert_eq!(plain.excerpt, "前 AI 中 GAN 後");
}

#[test]
fn report_mode_warns_at_unlinked_first_mentions() {
    let src = "まず AI の話。AI はまた出る。\n\n[[LoRA]] と LoRA と GAN。\n";
    let r = render_with(src, false);
    assert_eq!(keyword_links(&r.html), []);
    let found: Vec<(usize, &str)> = r
        .problems
        .iter()
        .map(|p| (p.offset, p.message.as_str()))
        .collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].0, src.find("AI").unwrap());
    assert!(found[0].1.contains("`AI`"), "{}", found[0].1);
    assert_eq!(found[1].0, src.find("GAN").unwrap());
    assert!(r.problems.iter().all(|p| p.severity == Severity::Warning));
}

#[test]
fn an_unclosed_raw_link_stops_at_the_end_of_its_paragraph() {
    let r = linked("<a href=\"x\">AI と\n\nGAN です。\n");
    assert_eq!(
        keyword_links(&r.html),
        pairs(&[("/n/4/", "GAN")]),
        "{}",
        r.html
    );
}
