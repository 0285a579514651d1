//! Pass 2: one note's front-matter, questions and body, for manabi and for
//! Hugo, plus the image files that go with it.

use std::fmt::Write as _;

use super::body::{self, fill, BodyInput, BodyStats};
use super::hugo::{self, UrlMap};
use super::plan::{relative, Ident, STREAM_NOTE};
use super::quiz::{self, Question, QuizInput};
use super::rng::Rng;
use super::tags::TagPool;
use super::vocab::*;
use super::yaml::{field, flow_list, scalar};

/// What the statistics count about one question.
pub struct QuestionStats {
    pub kind: &'static str,
    pub inline: bool,
    pub form: quiz::Form,
    pub explanation: bool,
    pub negative: bool,
    pub id: bool,
    pub related: bool,
    pub area: bool,
    /// Number of choices (0 for text and written).
    pub choices: usize,
}

/// Everything the statistics need to know about one note.
pub struct NoteStats {
    pub body: BodyStats,
    pub questions: Vec<QuestionStats>,
    pub fences: usize,
    pub list_fences: usize,
    pub tags: Vec<String>,
    pub has_header_image: bool,
    pub body_bytes: usize,
}

pub struct GeneratedNote {
    pub manabi: String,
    pub hugo: String,
    /// Files next to a folder note: (name, bytes).
    pub files: Vec<(String, Vec<u8>)>,
    pub stats: NoteStats,
}

/// Shared, read-only inputs of every note.
pub struct Context<'a> {
    pub seed: u64,
    pub idents: &'a [Ident],
    pub members: &'a [Vec<usize>],
    pub tags: &'a TagPool,
    pub urls: &'a UrlMap,
}

/// How one note links to another, as written in its body.
fn wikilink(t: &Ident, rng: &mut Rng) -> String {
    match rng.below(100) {
        0..=54 => format!("[[{}]]", t.title),
        55..=74 => format!("[[{}|{}]]", t.title, KEYWORDS[t.keyword].name),
        75..=84 if !t.aliases.is_empty() => format!("[[{}]]", t.aliases[0]),
        85..=91 => format!("[[{}]]", t.slug()),
        _ => format!("[[{}#{FIRST_HEADING}|{}]]", t.title, t.title),
    }
}

/// Other notes to link to: half from the same section when it has others.
fn targets(ctx: &Context, me: usize, k: usize, rng: &mut Rng) -> Vec<usize> {
    let n = ctx.idents.len();
    let same = &ctx.members[ctx.idents[me].section];
    let mut out: Vec<usize> = Vec::with_capacity(k);
    let mut tries = 0;
    while out.len() < k.min(n - 1) && tries < 100 {
        tries += 1;
        let t = if same.len() > 1 && rng.chance(1, 2) {
            *rng.pick(same)
        } else {
            rng.below(n)
        };
        if t != me && !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

fn date_string(day: usize, rfc3339: bool, rng: &mut Rng) -> String {
    let (y, m, d) = civil(day as i64 + 18628); // days since 2021-01-01
    if rfc3339 {
        format!(
            "{y}-{m:02}-{d:02}T{:02}:{:02}:00+09:00",
            rng.range(6, 23),
            rng.range(0, 59)
        )
    } else {
        format!("{y}-{m:02}-{d:02}")
    }
}

/// Days since 1970-01-01 to (year, month, day) (Howard Hinnant's algorithm).
fn civil(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

/// The note's syllabus path, and whether the section's cascade gives it.
fn syllabus(id: &Ident, rng: &mut Rng) -> (Vec<String>, bool) {
    let sec = &SECTIONS[id.section];
    let area = sec.area.unwrap_or_else(|| rng.below(AREAS.len()));
    let middle = if sec.parent.is_some() {
        sec.title.to_string()
    } else {
        // Notes at an area's top level, or in the review section, name one
        // of the area's sub-sections.
        let subs: Vec<&SectionDef> = SECTIONS
            .iter()
            .filter(|s| s.parent.is_some() && s.area == Some(area))
            .collect();
        rng.pick(&subs).title.to_string()
    };
    let path = vec![AREAS[area].to_string(), middle];
    if sec.cascade && rng.chance(2, 5) {
        return (path, true);
    }
    let mut path = path;
    if rng.chance(3, 5) {
        path.push(rng.pick(SYLLABUS_TOPICS).to_string());
    }
    (path, false)
}

fn sources(rng: &mut Rng) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let k = rng.range(1, 3);
    for i in rng.distinct(LINKS.len(), k) {
        let (t, u) = LINKS[i];
        out.push((t.to_string(), Some(u.to_string())));
    }
    if rng.chance(1, 4) {
        out.push((rng.pick(BOOKS).to_string(), None));
    }
    out
}

fn image_files(id: &Ident, seed: u64, header: bool) -> Vec<(String, Vec<u8>)> {
    let s = seed ^ ((id.ascii.len() as u64) << 32) ^ id.ascii.bytes().map(u64::from).sum::<u64>();
    let mut files = vec![("figure.png".to_string(), super::png::bands(480, 270, s))];
    if header {
        files.push(("header.png".to_string(), super::png::bands(600, 315, s + 1)));
    }
    files
}

pub fn generate(ctx: &Context, i: usize) -> GeneratedNote {
    let id = &ctx.idents[i];
    let k = &KEYWORDS[id.keyword];
    let mut rng = Rng::derive(ctx.seed, STREAM_NOTE, i as u64);

    // Links to other notes.
    let n_wiki = rng.range(1, 3);
    let n_rel = [0, 0, 0, 1, 1, 1, 1, 2, 2, 2][rng.below(10)];
    let all = targets(ctx, i, n_wiki + n_rel, &mut rng);
    let mut links: Vec<String> = Vec::new();
    let mut wikis: Vec<String> = Vec::new();
    let mut relatives = 0;
    for (j, &t) in all.iter().enumerate() {
        let target = &ctx.idents[t];
        if j < n_wiki {
            let w = wikilink(target, &mut rng);
            wikis.push(w.clone());
            links.push(w);
        } else if rng.chance(1, 20) {
            let sec = &SECTIONS[target.section];
            let path = relative(&id.dir(), &format!("{}/_index.md", sec.path));
            links.push(format!("[{}]({path})", sec.title));
            relatives += 1;
        } else {
            let mut path = relative(&id.dir(), &target.rel_path());
            if rng.chance(3, 20) {
                path = format!("{path}#{FIRST_HEADING}");
            }
            links.push(format!("[{}]({path})", target.title));
            relatives += 1;
        }
    }
    let related_names: Vec<String> = all
        .iter()
        .map(|&t| {
            let target = &ctx.idents[t];
            match rng.below(10) {
                0..=6 => target.title.clone(),
                7 | 8 => target.slug().to_string(),
                _ => target.aliases.first().unwrap_or(&target.title).clone(),
            }
        })
        .collect();

    // Images.
    let mut images = Vec::new();
    let mut image_key = None;
    let mut files = Vec::new();
    if id.folder {
        images.push(format!("![{}の概念図](figure.png)", k.name));
        let header = rng.chance(2, 5);
        if header {
            image_key = Some("header.png".to_string());
        }
        files = image_files(id, ctx.seed, header);
    } else {
        if rng.chance(1, 20) {
            let f = rng.below(super::STATIC_FIGURES);
            let ext = if f % 4 == 3 { "svg" } else { "png" };
            images.push(format!(
                "![{}の図解](/img/figures/fig-{f:02}.{ext} \"{}\")",
                k.name, id.title
            ));
        }
        if SECTIONS[id.section].parent.is_some() && rng.chance(1, 50) {
            images.push("![この章の全体像](images/overview.png)".to_string());
        }
        if rng.chance(3, 50) {
            image_key = Some(format!(
                "/img/headers/header-{:02}.png",
                rng.below(super::STATIC_HEADERS)
            ));
        }
    }

    // Questions.
    let own_name = if rng.chance(1, 2) {
        id.slug().to_string()
    } else {
        id.title.clone()
    };
    let area = SECTIONS[id.section].area.unwrap_or(0);
    let input = QuizInput {
        title: &id.title,
        keyword: id.keyword,
        ascii: &id.ascii,
        area,
        related_names: &related_names,
        own_name: &own_name,
        wikilinks: &wikis,
    };
    let questions: Vec<Question> = quiz::questions(&input, &mut rng);
    let (quiz_blocks, list_fences) = quiz::fences(&questions, &mut rng);

    // Body.
    let in_list = rng.chance(1, 4);
    let binput = BodyInput {
        keyword: k.name,
        reading: &id.reading,
        links: if in_list { Vec::new() } else { links.clone() },
        list_links: if in_list { links } else { Vec::new() },
        images,
        quiz_blocks,
    };
    let (body, mut bstats) = body::body(&binput, &mut rng);
    bstats.wikilinks = n_wiki.min(all.len());
    bstats.relative_links = relatives;

    // Front-matter.
    let fm = FrontMatter::new(ctx, id, &mut rng, image_key);
    let quiz_yaml = quiz::front_matter(&questions);
    let manabi = fm.manabi(id, &quiz_yaml, &body);
    let hugo = fm.hugo(id, &quiz_yaml, &body, ctx.urls);

    let stats = NoteStats {
        body: bstats,
        questions: questions.iter().map(QuestionStats::of).collect(),
        fences: binput.quiz_blocks.len(),
        list_fences,
        tags: fm.tags.clone(),
        has_header_image: fm.image.is_some(),
        body_bytes: body.len(),
    };
    GeneratedNote {
        manabi,
        hugo,
        files,
        stats,
    }
}

impl QuestionStats {
    fn of(q: &Question) -> Self {
        QuestionStats {
            kind: q.type_name(),
            inline: q.inline,
            form: q.form,
            explanation: q.explanation.is_some(),
            negative: q.negative(),
            id: q.id.is_some(),
            related: !q.related.is_empty(),
            area: q.area.is_some(),
            choices: match &q.kind {
                quiz::Kind::Choices { choices, .. } => choices.len(),
                _ => 0,
            },
        }
    }
}

struct FrontMatter {
    date: Option<String>,
    updated: Option<String>,
    weight: Option<usize>,
    summary: Vec<String>,
    summary_string: bool,
    tags: Vec<String>,
    syllabus: Option<Vec<String>>,
    image: Option<String>,
    sources: Vec<(String, Option<String>)>,
}

impl FrontMatter {
    fn new(ctx: &Context, id: &Ident, rng: &mut Rng, image: Option<String>) -> Self {
        let kw = KEYWORDS[id.keyword].name;
        let day = rng.below(1400);
        let date = rng.chance(9, 10).then(|| {
            let rfc = rng.chance(1, 20);
            date_string(day, rfc, rng)
        });
        let updated = (date.is_some() && rng.chance(1, 5))
            .then(|| date_string(day + rng.range(1, 400), false, rng));
        let weight = rng.chance(3, 10).then(|| rng.range(1, 100) * 10);
        let n_summary = rng.range(1, 3);
        let mut summary = Vec::new();
        for j in rng.distinct(SUMMARY_TEMPLATES.len(), n_summary) {
            summary.push(fill(SUMMARY_TEMPLATES[j], kw, rng));
        }
        let summary_string = n_summary == 1 && rng.chance(1, 2);
        let tags = ctx.tags.draw(id.section, rng);
        let (syl, cascaded) = syllabus(id, rng);
        let sources = if rng.chance(2, 5) {
            sources(rng)
        } else {
            Vec::new()
        };
        FrontMatter {
            date,
            updated,
            weight,
            summary,
            summary_string,
            tags,
            syllabus: (!cascaded).then_some(syl),
            image,
            sources,
        }
    }

    fn manabi(&self, id: &Ident, quiz: &str, body: &str) -> String {
        let mut s = String::with_capacity(body.len() + quiz.len() + 512);
        s.push_str("---\n");
        field(&mut s, "", "title", &id.title);
        if let Some(slug) = &id.explicit_slug {
            field(&mut s, "", "slug", slug);
        }
        field(&mut s, "", "reading", &id.reading);
        self.common(&mut s);
        if self.summary_string {
            field(&mut s, "", "summary", &self.summary[0]);
        } else {
            s.push_str("summary:\n");
            for line in &self.summary {
                let _ = writeln!(s, "  - {}", scalar(line));
            }
        }
        let _ = writeln!(s, "tags: {}", flow_list(&self.tags));
        if let Some(syl) = &self.syllabus {
            let _ = writeln!(s, "syllabus: {}", flow_list(syl));
        }
        if !id.aliases.is_empty() {
            let _ = writeln!(s, "aliases: {}", flow_list(&id.aliases));
        }
        self.sources(&mut s);
        s.push_str(quiz);
        s.push_str("---\n\n");
        s.push_str(body);
        s
    }

    fn common(&self, s: &mut String) {
        if let Some(d) = &self.date {
            let _ = writeln!(s, "date: {d}");
        }
        if let Some(u) = &self.updated {
            let _ = writeln!(s, "updated: {u}");
        }
        if let Some(w) = self.weight {
            let _ = writeln!(s, "weight: {w}");
        }
        if let Some(img) = &self.image {
            field(s, "", "image", img);
        }
    }

    fn sources(&self, s: &mut String) {
        if self.sources.is_empty() {
            return;
        }
        s.push_str("sources:\n");
        for (t, u) in &self.sources {
            let _ = writeln!(s, "  - title: {}", scalar(t));
            if let Some(u) = u {
                let _ = writeln!(s, "    url: {u}");
            }
        }
    }

    /// Hugo reads `summary` as one Markdown string (a YAML list is dropped),
    /// `lastmod` for `updated`, and `aliases` as redirects (left out).
    fn hugo(&self, id: &Ident, quiz: &str, body: &str, urls: &UrlMap) -> String {
        let mut s = String::with_capacity(body.len() + quiz.len() + 512);
        s.push_str("---\n");
        field(&mut s, "", "title", &id.title);
        if let Some(slug) = &id.explicit_slug {
            field(&mut s, "", "slug", slug);
        }
        field(&mut s, "", "reading", &id.reading);
        if let Some(d) = &self.date {
            let _ = writeln!(s, "date: {d}");
        }
        if let Some(u) = &self.updated {
            let _ = writeln!(s, "lastmod: {u}");
        }
        if let Some(w) = self.weight {
            let _ = writeln!(s, "weight: {w}");
        }
        if let Some(img) = &self.image {
            field(&mut s, "", "image", img);
        }
        let summary: Vec<String> = self.summary.iter().map(|l| format!("- {l}")).collect();
        field(&mut s, "", "summary", &summary.join("\n"));
        let _ = writeln!(s, "tags: {}", flow_list(&self.tags));
        let syl = self
            .syllabus
            .clone()
            .unwrap_or_else(|| cascade_syllabus(id));
        let _ = writeln!(s, "syllabus: {}", flow_list(&syl));
        self.sources(&mut s);
        s.push_str(&hugo::rewrite_wikilinks(quiz, urls));
        s.push_str("---\n\n");
        let b = hugo::rewrite_wikilinks(body, urls);
        s.push_str(&hugo::rewrite_relative(&b, &id.dir(), id.folder, urls));
        s
    }
}

/// The syllabus a section's cascade gives (Hugo has no cascade of params
/// here, so its notes get it written out).
pub fn cascade_syllabus(id: &Ident) -> Vec<String> {
    let sec = &SECTIONS[id.section];
    vec![
        AREAS[sec.area.unwrap_or(0)].to_string(),
        sec.title.to_string(),
    ]
}
