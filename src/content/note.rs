//! Notes and section indexes: raw front-matter (serde, `deny_unknown_fields`)
//! to validated [`Note`] and [`SectionMeta`]. Pure: callers pass the source
//! text and get values or diagnostics; nothing here touches the disk.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::date::Date;
use super::frontmatter::{self, Split};
use crate::diagnostics::{Diagnostic, Pos};
use crate::filename::{segment_problem, shorten};
use crate::quiz::{CleanQuiz, RawQuiz};
use crate::yaml::{self, Block, KeyIndex, LazyKeys, Text, TextList};

const NOTE_KEYS: &[&str] = &[
    "title", "date", "updated", "slug", "summary", "tags", "syllabus", "reading", "aliases",
    "image", "draft", "weight", "sources", "quiz", "extra",
];

/// The most characters a note's `title`, an alias or a `reading` may have.
/// They are names (of a keyword, for wikilinks, auto-links, the glossary
/// and search), and every note's names are matched in every other note's
/// text; a paragraph-long title is a mistake.
pub const MAX_NAME_CHARS: usize = 200;

const SECTION_KEYS: &[&str] = &[
    "title",
    "description",
    "syllabus",
    "objective",
    "sort_by",
    "paginate_by",
    "weight",
    "cascade",
    "extra",
];

/// Unknown keys are collected in `unknown` (and reported) rather than
/// rejected by serde, so a typo does not hide the note's other mistakes.
/// `Q` is how `quiz:` is read: as written (a YAML value), or as
/// well-formed questions only ([`CleanQuiz`]).
#[derive(Debug, Deserialize)]
struct RawNote<Q = serde_yaml::Value> {
    title: Option<Text>,
    date: Option<Text>,
    updated: Option<Text>,
    slug: Option<Text>,
    summary: Option<TextList>,
    tags: Option<TextList>,
    syllabus: Option<TextList>,
    reading: Option<Text>,
    aliases: Option<TextList>,
    image: Option<Text>,
    draft: Option<bool>,
    weight: Option<i64>,
    sources: Option<Vec<RawSource>>,
    quiz: Option<Q>,
    extra: Option<serde_yaml::Mapping>,
    #[serde(flatten)]
    unknown: serde_yaml::Mapping,
}

impl<Q> RawNote<Q> {
    /// The same note with `quiz:` read by `read`.
    fn map_quiz<R>(self, read: impl FnOnce(Q) -> R) -> RawNote<R> {
        RawNote {
            title: self.title,
            date: self.date,
            updated: self.updated,
            slug: self.slug,
            summary: self.summary,
            tags: self.tags,
            syllabus: self.syllabus,
            reading: self.reading,
            aliases: self.aliases,
            image: self.image,
            draft: self.draft,
            weight: self.weight,
            sources: self.sources,
            quiz: self.quiz.map(read),
            extra: self.extra,
            unknown: self.unknown,
        }
    }
}

/// Reads a front-matter block. Most notes are written without mistakes:
/// their questions are read straight into raw types ([`CleanQuiz`]); any
/// mistake, in a question or elsewhere, makes the block be read again the
/// usual way, which keeps what it cannot read for reporting.
fn read_front_matter(
    path: &Path,
    source: &str,
    block: Block<'_>,
) -> Result<RawNote<RawQuiz>, Diagnostic> {
    match yaml::parse::<RawNote<CleanQuiz>>(path, source, block, NOTE_KEYS) {
        // As the usual reading would have read it.
        Ok(raw) => Ok(raw.map_quiz(|q: CleanQuiz| q.0)),
        Err(_) => yaml::parse::<RawNote>(path, source, block, NOTE_KEYS)
            .map(|raw: RawNote| raw.map_quiz(RawQuiz::new)),
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    title: Option<Text>,
    url: Option<Text>,
}

/// Front-matter defaults a section gives its notes (`cascade:`).
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Cascade {
    tags: Option<TextList>,
    syllabus: Option<TextList>,
    date: Option<Text>,
    updated: Option<Text>,
    image: Option<Text>,
    extra: Option<serde_yaml::Mapping>,
}

impl Cascade {
    /// The `syllabus` path it gives notes, if it sets one.
    pub fn syllabus(&self) -> Option<&[String]> {
        self.syllabus.as_ref().map(|t| t.0.as_slice())
    }

    /// This cascade with `outer`'s values filling the keys it leaves unset.
    pub fn over(&self, outer: &Cascade) -> Cascade {
        Cascade {
            tags: self.tags.clone().or_else(|| outer.tags.clone()),
            syllabus: self.syllabus.clone().or_else(|| outer.syllabus.clone()),
            date: self.date.clone().or_else(|| outer.date.clone()),
            updated: self.updated.clone().or_else(|| outer.updated.clone()),
            image: self.image.clone().or_else(|| outer.image.clone()),
            extra: self.extra.clone().or_else(|| outer.extra.clone()),
        }
    }

    fn apply(&self, raw: &mut RawNote<RawQuiz>) {
        fill(&mut raw.tags, &self.tags);
        fill(&mut raw.syllabus, &self.syllabus);
        fill(&mut raw.date, &self.date);
        fill(&mut raw.updated, &self.updated);
        fill(&mut raw.image, &self.image);
        fill(&mut raw.extra, &self.extra);
    }
}

fn fill<T: Clone>(slot: &mut Option<T>, default: &Option<T>) {
    if slot.is_none() {
        slot.clone_from(default);
    }
}

/// A cited source shown under a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub title: String,
    pub url: Option<String>,
}

/// A parsed, validated note. Its place in the site (section, URL) is decided
/// by the `site` stage.
#[derive(Debug, Clone)]
pub struct Note {
    /// Path for diagnostics (as the user would type it).
    pub path: PathBuf,
    /// Path relative to `content/`, with `/` separators.
    pub rel: String,
    /// Folder (relative to `content/`) that relative paths start from.
    pub dir: String,
    pub folder_note: bool,
    pub source: String,
    pub body_offset: usize,
    /// Byte range of the front-matter's YAML in `source`.
    pub front_matter: Range<usize>,
    /// Where its keys are, indexed on the first lookup ([`Note::keys`]).
    pub key_index: OnceLock<KeyIndex>,
    pub title: String,
    pub slug: String,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub summary: Vec<String>,
    pub tags: Vec<String>,
    pub syllabus: Vec<String>,
    pub reading: Option<String>,
    pub aliases: Vec<String>,
    pub image: Option<String>,
    pub draft: bool,
    pub weight: Option<i64>,
    pub sources: Vec<Source>,
    /// `quiz:`, its well-formed questions already read (validated with
    /// the body's ```quiz blocks by the quiz stage).
    pub quiz: Option<RawQuiz>,
    pub extra: serde_json::Value,
}

impl Note {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.source[self.body_offset..]
    }

    /// The front-matter's YAML at its place in the file.
    pub fn front_matter(&self) -> Block<'_> {
        front_matter_block(&self.source, self.front_matter.clone())
    }

    /// The front-matter's key index, built on the first call.
    pub fn lazy_keys(&self) -> LazyKeys<'_> {
        LazyKeys {
            block: self.front_matter(),
            cell: &self.key_index,
        }
    }

    /// Where the front-matter's keys are.
    pub fn keys(&self) -> &KeyIndex {
        self.lazy_keys().get()
    }

    /// Position of a front-matter key, or the file start.
    pub fn key_pos(&self, key: &str) -> Pos {
        self.keys().pos_or(key, Pos::START)
    }
}

/// A note that exists on disk but is not published: a draft (without
/// `--drafts`) or a file that failed to parse. Links to it resolve, so one
/// mistake is reported once instead of again at every link to it.
#[derive(Debug, Clone)]
pub struct HiddenNote {
    pub rel: String,
    pub title: Option<String>,
    pub slug: String,
    pub aliases: Vec<String>,
    pub draft: bool,
}

impl HiddenNote {
    pub fn from_draft(note: &Note) -> HiddenNote {
        HiddenNote {
            rel: note.rel.clone(),
            title: Some(note.title.clone()),
            slug: note.slug.clone(),
            aliases: note.aliases.clone(),
            draft: true,
        }
    }

    /// What can still be read from a note that failed to parse: its title,
    /// slug and aliases if the YAML is readable at all.
    pub fn salvage(loc: &NoteLocation, source: &str) -> HiddenNote {
        let value: serde_yaml::Value = frontmatter::split(source)
            .ok()
            .and_then(|s| s.yaml)
            .and_then(|b| yaml::value_within_limits(b.text))
            .unwrap_or_default();
        let text = |key: &str| {
            value
                .get(key)
                .and_then(|v| v.as_str())
                .map(|s| s.trim().to_string())
        };
        let aliases = value
            .get("aliases")
            .and_then(|v| v.as_sequence())
            .map(|seq| {
                seq.iter()
                    .filter_map(|a| a.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default();
        HiddenNote {
            rel: loc.rel.clone(),
            title: text("title").filter(|t| !t.is_empty()),
            slug: text("slug")
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| loc.default_slug()),
            aliases,
            draft: false,
        }
    }
}

/// Where a note file sits, decided by the scan.
#[derive(Debug, Clone)]
pub struct NoteLocation {
    pub path: PathBuf,
    pub rel: String,
    pub folder_note: bool,
}

impl NoteLocation {
    /// The folder relative paths in the note start from.
    fn dir(&self) -> String {
        self.rel
            .rsplit_once('/')
            .map_or(String::new(), |(d, _)| d.to_string())
    }

    /// The default slug: the file stem, or the folder name of a folder note;
    /// whitespace becomes `-`, everything else (Unicode too) is kept.
    fn default_slug(&self) -> String {
        let stem = if self.folder_note {
            self.dir()
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_string()
        } else {
            let file = self.rel.rsplit('/').next().unwrap_or_default();
            super::markdown_stem(file).unwrap_or(file).to_string()
        };
        stem.split_whitespace().collect::<Vec<_>>().join("-")
    }
}

/// Parses a note's source with its section's cascade applied.
pub fn parse_note(
    loc: &NoteLocation,
    source: String,
    cascade: &Cascade,
) -> Result<Note, Vec<Diagnostic>> {
    let path = loc.path.as_path();
    let split = split_source(path, &source)?;
    let Some(block) = split.yaml else {
        let d = Diagnostic::error(path, Pos::START, "missing front-matter")
            .with_hint("start the file with `---`, a line `title: …`, and `---`")
            .with_source(&source);
        return Err(vec![d]);
    };
    let mut raw = read_front_matter(path, &source, block).map_err(|d| vec![d])?;
    cascade.apply(&mut raw);
    let key_index = OnceLock::new();
    let keys = LazyKeys {
        block,
        cell: &key_index,
    };
    let mut v = Validator {
        path,
        source: &source,
        keys,
        problems: yaml::unknown_keys(path, &source, keys, &raw.unknown, NOTE_KEYS),
    };
    let fields = v.note_fields(raw, loc);
    if !v.problems.is_empty() {
        return Err(v.problems);
    }
    let front_matter = offset_in(&source, block.text);
    let body_offset = split.body_offset;
    Ok(fields.into_note(loc, source, body_offset, front_matter, key_index))
}

/// The byte range of `part`, a slice of `whole`, in `whole`.
fn offset_in(whole: &str, part: &str) -> Range<usize> {
    let start = part.as_ptr() as usize - whole.as_ptr() as usize;
    start..start + part.len()
}

/// A note's front-matter block: it starts on the file's second line.
fn front_matter_block(source: &str, range: Range<usize>) -> Block<'_> {
    Block {
        text: &source[range],
        first_line: 2,
        indent: 0,
    }
}

fn split_source<'a>(path: &Path, source: &'a str) -> Result<Split<'a>, Vec<Diagnostic>> {
    frontmatter::split(source).map_err(|e| {
        vec![Diagnostic::error(path, e.pos, e.message)
            .with_hint(e.hint)
            .with_source(source)]
    })
}

/// Validated fields before they are moved into a [`Note`].
struct NoteFields {
    title: String,
    slug: String,
    date: Option<Date>,
    updated: Option<Date>,
    summary: Vec<String>,
    tags: Vec<String>,
    syllabus: Vec<String>,
    reading: Option<String>,
    aliases: Vec<String>,
    image: Option<String>,
    draft: bool,
    weight: Option<i64>,
    sources: Vec<Source>,
    quiz: Option<RawQuiz>,
    extra: serde_json::Value,
}

impl NoteFields {
    fn into_note(
        self,
        loc: &NoteLocation,
        source: String,
        body_offset: usize,
        front_matter: Range<usize>,
        key_index: OnceLock<KeyIndex>,
    ) -> Note {
        Note {
            path: loc.path.clone(),
            rel: loc.rel.clone(),
            dir: loc.dir(),
            folder_note: loc.folder_note,
            source,
            body_offset,
            front_matter,
            key_index,
            title: self.title,
            slug: self.slug,
            date: self.date,
            updated: self.updated,
            summary: self.summary,
            tags: self.tags,
            syllabus: self.syllabus,
            reading: self.reading,
            aliases: self.aliases,
            image: self.image,
            draft: self.draft,
            weight: self.weight,
            sources: self.sources,
            quiz: self.quiz,
            extra: self.extra,
        }
    }
}

/// Collects every problem of one file instead of stopping at the first.
struct Validator<'a> {
    path: &'a Path,
    source: &'a str,
    keys: LazyKeys<'a>,
    problems: Vec<Diagnostic>,
}

impl Validator<'_> {
    fn error(&mut self, key: &str, message: String, hint: &str) {
        let pos = self.keys.pos_or(key, Pos::START);
        self.problems.push(
            Diagnostic::error(self.path, pos, message)
                .with_hint(hint)
                .with_source(self.source),
        );
    }

    fn warning(&mut self, key: &str, message: String, hint: &str) {
        let pos = self.keys.pos_or(key, Pos::START);
        self.problems.push(
            Diagnostic::warning(self.path, pos, message)
                .with_hint(hint)
                .with_source(self.source),
        );
    }

    fn note_fields(&mut self, raw: RawNote<RawQuiz>, loc: &NoteLocation) -> NoteFields {
        let title = self.title(raw.title);
        let date = self.date("date", raw.date);
        let updated = self.date("updated", raw.updated);
        let aliases = self.list("aliases", raw.aliases);
        for (i, alias) in aliases.iter().enumerate() {
            self.name_length(&format!("aliases.{i}"), "an alias", alias);
        }
        let reading = raw
            .reading
            .map(|t| t.0.trim().to_string())
            .filter(|r| !r.is_empty());
        if let Some(reading) = &reading {
            self.name_length("reading", "`reading`", reading);
        }
        NoteFields {
            slug: self.slug(raw.slug, loc),
            summary: self.list("summary", raw.summary),
            tags: self.list("tags", raw.tags),
            syllabus: self.list("syllabus", raw.syllabus),
            reading,
            aliases,
            image: raw
                .image
                .map(|t| t.0.trim().to_string())
                .filter(|s| !s.is_empty()),
            draft: raw.draft.unwrap_or(false),
            weight: raw.weight,
            sources: self.sources(raw.sources.unwrap_or_default()),
            quiz: raw.quiz,
            extra: to_json(raw.extra),
            title,
            date,
            updated,
        }
    }

    fn title(&mut self, title: Option<Text>) -> String {
        let title = title.map(|t| t.0.trim().to_string()).unwrap_or_default();
        if title.is_empty() {
            let d = Diagnostic::error(self.path, Pos::START, "missing `title`")
                .with_hint("every note needs `title: …` in its front-matter")
                .with_source(self.source);
            self.problems.push(d);
        }
        self.name_length("title", "`title`", &title);
        title
    }

    /// A name longer than [`MAX_NAME_CHARS`] is an error at its key.
    fn name_length(&mut self, key: &str, what: &str, name: &str) {
        let chars = name.chars().count();
        if chars > MAX_NAME_CHARS {
            self.error(
                key,
                format!("{what} is {chars} characters long; at most {MAX_NAME_CHARS} are allowed"),
                "a title, alias or reading names a keyword: put the explanation in `summary` or the body",
            );
        }
    }

    fn date(&mut self, key: &str, value: Option<Text>) -> Option<Date> {
        let value = value?;
        match Date::parse(&value.0) {
            Ok(d) => Some(d),
            Err(why) => {
                self.error(
                    key,
                    format!("bad `{key}`: {why}"),
                    "write dates as YYYY-MM-DD, e.g. 2024-05-26",
                );
                None
            }
        }
    }

    fn slug(&mut self, slug: Option<Text>, loc: &NoteLocation) -> String {
        let Some(Text(slug)) = slug else {
            let slug = loc.default_slug();
            self.default_slug_problem(&slug, loc);
            return slug;
        };
        let slug = slug.trim().to_string();
        let bad = slug.is_empty()
            || slug == "."
            || slug == ".."
            || slug
                .chars()
                .any(|c| c.is_whitespace() || "/\\?#%\"<>".contains(c));
        if bad {
            self.error(
                "slug",
                format!("slug `{}` cannot be used in a URL", shorten(&slug)),
                "use letters, digits, `-` or `_` (Japanese is fine); no spaces, `/`, `?`, `#` or `%`",
            );
        } else if let Some(why) = segment_problem(&slug) {
            // The page is written as `<slug>/index.html`.
            self.error(
                "slug",
                format!("slug `{}` cannot be a folder name: {why}", shorten(&slug)),
                "choose another slug: a plain name of at most 255 bytes (Japanese is fine)",
            );
        }
        slug
    }

    /// A slug taken from the file name fits the disk, but a file named
    /// `index.html.md` would make a page folder where the section's page is.
    fn default_slug_problem(&mut self, slug: &str, loc: &NoteLocation) {
        if let Some(why) = segment_problem(slug) {
            let what = if loc.folder_note { "folder" } else { "file" };
            let d = Diagnostic::error(
                self.path,
                Pos::START,
                format!(
                    "the {what} name makes the slug `{}`, which cannot be a folder name: {why}",
                    shorten(slug)
                ),
            )
            .with_hint("set another `slug:` in the front-matter, or rename the file")
            .with_source(self.source);
            self.problems.push(d);
        }
    }

    fn list(&mut self, key: &str, list: Option<TextList>) -> Vec<String> {
        let items: Vec<String> = list.map(|l| l.0).unwrap_or_default();
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            let item = item.trim().to_string();
            if item.is_empty() {
                self.error(
                    &format!("{key}.{i}"),
                    format!("empty entry in `{key}`"),
                    "remove it",
                );
            } else {
                out.push(item);
            }
        }
        out
    }

    fn sources(&mut self, raw: Vec<RawSource>) -> Vec<Source> {
        let mut out = Vec::new();
        for (i, s) in raw.into_iter().enumerate() {
            let title = s
                .title
                .map(|t| t.0.trim().to_string())
                .filter(|t| !t.is_empty());
            let url = s
                .url
                .map(|t| t.0.trim().to_string())
                .filter(|t| !t.is_empty());
            if let Some(u) = &url {
                if !(u.starts_with("https://") || u.starts_with("http://")) {
                    let hint = "use a full address starting with https://";
                    self.error(
                        &format!("sources.{i}.url"),
                        format!("source URL `{u}` is not a web address"),
                        hint,
                    );
                }
            }
            match (title, url) {
                (None, None) => self.error(
                    &format!("sources.{i}"),
                    "a source needs a `title` or a `url`".into(),
                    "e.g. `- { title: Llama 2 論文, url: https://arxiv.org/abs/2307.09288 }`",
                ),
                (None, Some(u)) => out.push(Source {
                    title: u.clone(),
                    url: Some(u),
                }),
                (Some(t), url) => out.push(Source { title: t, url }),
            }
        }
        out
    }
}

fn to_json(map: Option<serde_yaml::Mapping>) -> serde_json::Value {
    map.and_then(|m| serde_json::to_value(m).ok())
        .unwrap_or_else(|| serde_json::Value::Object(Default::default()))
}

/// How a section orders its notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    #[default]
    Weight,
    Date,
    Title,
    Reading,
}

/// Unknown keys are collected (and reported) like [`RawNote`]'s.
#[derive(Debug, Deserialize, Default)]
struct RawSection {
    title: Option<Text>,
    description: Option<Text>,
    syllabus: Option<TextList>,
    objective: Option<Text>,
    sort_by: Option<SortBy>,
    paginate_by: Option<i64>,
    weight: Option<i64>,
    cascade: Option<Cascade>,
    extra: Option<serde_yaml::Mapping>,
    #[serde(flatten)]
    unknown: serde_yaml::Mapping,
}

/// A section's `_index.md`, validated.
#[derive(Debug, Clone, Default)]
pub struct SectionMeta {
    pub title: Option<String>,
    pub description: String,
    pub syllabus: Vec<String>,
    pub objective: Option<String>,
    pub sort_by: SortBy,
    /// Notes on one page of the section's list; `None`: the site's default.
    pub paginate_by: Option<usize>,
    pub weight: Option<i64>,
    pub cascade: Cascade,
    pub extra: serde_json::Value,
    pub source: String,
    pub body_offset: usize,
}

impl SectionMeta {
    pub fn body(&self) -> &str {
        &self.source[self.body_offset..]
    }
}

/// Parses a section's `_index.md` (front-matter optional).
pub fn parse_section(path: &Path, source: String) -> Result<SectionMeta, Vec<Diagnostic>> {
    let split = split_source(path, &source)?;
    let raw: RawSection = match split.yaml {
        Some(block) => yaml::parse(path, &source, block, SECTION_KEYS).map_err(|d| vec![d])?,
        None => RawSection::default(),
    };
    let body_offset = split.body_offset;
    let key_index = OnceLock::new();
    let keys = LazyKeys {
        block: split.yaml.unwrap_or(Block {
            text: "",
            first_line: 1,
            indent: 0,
        }),
        cell: &key_index,
    };
    let mut v = Validator {
        path,
        source: &source,
        keys,
        problems: yaml::unknown_keys(path, &source, keys, &raw.unknown, SECTION_KEYS),
    };
    let cascade = raw.cascade.unwrap_or_default();
    v.check_cascade(&cascade);
    let paginate_by = raw.paginate_by.and_then(|n| {
        crate::config::checked_paginate_by(n)
            .map_err(|why| v.error("paginate_by", why, crate::config::PAGINATE_BY_HINT))
            .ok()
    });
    let meta = SectionMeta {
        title: raw
            .title
            .map(|t| t.0.trim().to_string())
            .filter(|t| !t.is_empty()),
        description: raw.description.map(|t| t.0).unwrap_or_default(),
        syllabus: v.list("syllabus", raw.syllabus),
        objective: raw
            .objective
            .map(|t| t.0.trim().to_string())
            .filter(|t| !t.is_empty()),
        sort_by: raw.sort_by.unwrap_or_default(),
        paginate_by,
        weight: raw.weight,
        cascade,
        extra: to_json(raw.extra),
        source: String::new(),
        body_offset,
    };
    if v.problems.iter().any(Diagnostic::is_error) {
        return Err(v.problems);
    }
    Ok(SectionMeta { source, ..meta })
}

impl Validator<'_> {
    fn check_cascade(&mut self, c: &Cascade) {
        for (key, value) in [("date", &c.date), ("updated", &c.updated)] {
            if let Some(v) = value {
                if let Err(why) = Date::parse(&v.0) {
                    self.error(
                        &format!("cascade.{key}"),
                        format!("bad `cascade.{key}`: {why}"),
                        "write dates as YYYY-MM-DD",
                    );
                }
            }
        }
    }
}

/// Warnings that do not stop a build, for `check` and `build` alike.
pub fn note_warnings(note: &Note) -> Vec<Diagnostic> {
    let mut v = Validator {
        path: &note.path,
        source: &note.source,
        keys: note.lazy_keys(),
        problems: Vec::new(),
    };
    if let (Some(d), Some(u)) = (&note.date, &note.updated) {
        if u < d {
            v.warning(
                "updated",
                "`updated` is earlier than `date`".into(),
                "swap them, or fix the year",
            );
        }
    }
    v.problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loc(rel: &str) -> NoteLocation {
        NoteLocation {
            path: PathBuf::from("content").join(rel),
            rel: rel.to_string(),
            folder_note: rel.ends_with("/index.md"),
        }
    }

    fn parse(src: &str) -> Result<Note, Vec<Diagnostic>> {
        parse_note(
            &loc("sec/open-weights.md"),
            src.to_string(),
            &Cascade::default(),
        )
    }

    #[test]
    fn parses_a_full_note() {
        let n = parse("---\ntitle: オープンウェイト\ndate: 2024-05-26\nsummary: 一行\ntags: [LLM, 2024]\nsources:\n  - title: Llama 2\n    url: https://arxiv.org/abs/2307.09288\n---\n本文\n").unwrap();
        assert_eq!(n.title, "オープンウェイト");
        assert_eq!(n.slug, "open-weights");
        assert_eq!(n.summary, ["一行"]);
        assert_eq!(n.tags, ["LLM", "2024"]);
        assert_eq!(
            n.sources[0].url.as_deref(),
            Some("https://arxiv.org/abs/2307.09288")
        );
        assert_eq!(n.body(), "本文\n");
    }

    #[test]
    fn folder_note_slug_is_the_folder_name() {
        let n = parse_note(
            &loc("sec/量子化/index.md"),
            "---\ntitle: x\n---\n".into(),
            &Cascade::default(),
        )
        .unwrap();
        assert_eq!(n.slug, "量子化");
        assert_eq!(n.dir, "sec/量子化");
    }

    #[test]
    fn slugs_that_cannot_be_folder_names_are_errors_at_the_key() {
        let long = "x".repeat(300);
        for slug in ["index.html", long.as_str(), "\"a\\0b\"", "\"a\\\\b\""] {
            let src = format!("---\ntitle: x\nslug: {slug}\n---\n");
            let e = parse(&src).unwrap_err();
            assert_eq!(e.len(), 1, "{slug}: {e:?}");
            assert_eq!((e[0].line, e[0].col), (3, 1), "{slug}");
            assert!(e[0].message.starts_with("slug `"), "{}", e[0].message);
        }
        let e = parse(&format!("---\ntitle: x\nslug: {long}\n---\n")).unwrap_err();
        assert!(e[0].message.contains("300 bytes"), "{}", e[0].message);
        assert!(
            e[0].message.len() < 200,
            "the slug is shortened: {}",
            e[0].message
        );
    }

    #[test]
    fn a_file_name_that_makes_the_slug_index_html_is_an_error() {
        let e = parse_note(
            &loc("sec/index.html.md"),
            "---\ntitle: x\n---\n".into(),
            &Cascade::default(),
        )
        .unwrap_err();
        assert!(e[0].message.contains("`index.html`"), "{}", e[0].message);
        assert_eq!((e[0].line, e[0].col), (1, 1));
    }

    #[test]
    fn the_md_extension_is_dropped_from_the_slug_in_any_case() {
        let n = parse_note(
            &loc("sec/UP.MD"),
            "---\ntitle: x\n---\n".into(),
            &Cascade::default(),
        )
        .unwrap();
        assert_eq!(n.slug, "UP");
    }

    #[test]
    fn missing_title_is_reported_at_file_start() {
        let e = parse("---\ndate: 2024-05-26\n---\n").unwrap_err();
        assert_eq!(e[0].message, "missing `title`");
        assert_eq!((e[0].line, e[0].col), (1, 1));
    }

    #[test]
    fn reports_all_field_problems_of_a_file() {
        let e =
            parse("---\ntitle: x\ndate: 2024-13-01\nslug: a b\nsources:\n  - url: ftp://x\n---\n")
                .unwrap_err();
        let at: Vec<_> = e.iter().map(|d| (d.line, d.col)).collect();
        assert_eq!(at, [(3, 1), (4, 1), (6, 5)]);
    }

    #[test]
    fn unknown_key_has_position_and_suggestion() {
        let e = parse("---\ntitle: x\ntgas: [a]\n---\n").unwrap_err();
        assert_eq!((e[0].line, e[0].col), (3, 1));
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `tags`?"));
    }

    #[test]
    fn yaml_errors_use_absolute_file_lines() {
        let e = parse("---\ntitle: x\ntags: [a, b\n---\n").unwrap_err();
        assert!(e[0].line >= 3, "{:?}", e[0]);
        assert!(
            e[0].message.starts_with("YAML syntax error"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn missing_front_matter_is_an_error() {
        let e = parse("# just text\n").unwrap_err();
        assert_eq!(e[0].message, "missing front-matter");
    }

    #[test]
    fn cascade_fills_unset_keys_only() {
        let section = parse_section(
            Path::new("_index.md"),
            "---\ncascade:\n  tags: [A]\n  syllabus: [S]\n---\n".into(),
        )
        .unwrap();
        let n = parse_note(
            &loc("s/a.md"),
            "---\ntitle: x\ntags: [B]\n---\n".into(),
            &section.cascade,
        )
        .unwrap();
        assert_eq!(n.tags, ["B"]);
        assert_eq!(n.syllabus, ["S"]);
    }

    #[test]
    fn section_paginate_by_is_read_and_bounded_at_its_key() {
        let meta =
            parse_section(Path::new("_index.md"), "---\npaginate_by: 7\n---\n".into()).unwrap();
        assert_eq!(meta.paginate_by, Some(7));
        let errs = parse_section(
            Path::new("_index.md"),
            "---\ntitle: x\npaginate_by: 0\n---\n".into(),
        )
        .unwrap_err();
        assert_eq!((errs[0].line, errs[0].col), (3, 1));
        assert!(errs[0].message.contains("between 1 and 1000"));
    }

    #[test]
    fn section_sort_by_is_validated() {
        let e =
            parse_section(Path::new("_index.md"), "---\nsort_by: size\n---\n".into()).unwrap_err();
        assert_eq!(e[0].line, 2);
    }

    #[test]
    fn overlong_names_are_errors_at_their_keys() {
        let long = "あ".repeat(MAX_NAME_CHARS + 1);
        let ok = "あ".repeat(MAX_NAME_CHARS);
        let src =
            format!("---\ntitle: {long}\nreading: {long}\naliases:\n  - {ok}\n  - {long}\n---\n");
        let e = parse(&src).unwrap_err();
        let at: Vec<_> = e.iter().map(|d| (d.line, d.col)).collect();
        assert_eq!(at, [(2, 1), (6, 3), (3, 1)], "{e:?}");
        assert!(
            e[0].message.starts_with("`title` is 201 characters long"),
            "{}",
            e[0].message
        );
        assert!(
            e[1].message.starts_with("an alias is 201"),
            "{}",
            e[1].message
        );
        assert!(parse(&format!("---\ntitle: {ok}\n---\n")).is_ok());
    }

    #[test]
    fn updated_before_date_warns() {
        let n = parse("---\ntitle: x\ndate: 2024-05-26\nupdated: 2024-01-01\n---\n").unwrap();
        let w = note_warnings(&n);
        assert_eq!(w.len(), 1);
        assert!(!w[0].is_error());
        assert_eq!(w[0].line, 4);
    }
}
