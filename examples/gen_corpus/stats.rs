//! What the corpus holds, printed after generating it (the figures
//! bench/README.md quotes).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::note::NoteStats;
use super::plan::Ident;
use super::quiz::Form;
use super::vocab::SECTIONS;

#[derive(Default)]
pub struct Stats {
    notes: usize,
    folder_notes: usize,
    section_sizes: Vec<usize>,
    questions: BTreeMap<&'static str, usize>,
    placement: BTreeMap<&'static str, usize>,
    fences: usize,
    list_fences: usize,
    no_explanation: usize,
    negative: usize,
    explicit_ids: usize,
    related: usize,
    area: usize,
    off_count_choices: usize,
    tags: BTreeMap<String, usize>,
    tag_uses: usize,
    wikilinks: usize,
    relative_links: usize,
    external_links: usize,
    math_notes: usize,
    code_notes: usize,
    code_langs: BTreeMap<&'static str, usize>,
    image_notes: usize,
    body_images: usize,
    header_images: usize,
    callouts: usize,
    tables: usize,
    footnotes: usize,
    body_bytes: usize,
    aliases: usize,
    explicit_slugs: usize,
    ja_stems: usize,
}

impl Stats {
    pub fn new(members: &[Vec<usize>]) -> Self {
        Stats {
            section_sizes: members.iter().map(Vec::len).collect(),
            ..Default::default()
        }
    }

    pub fn add(&mut self, id: &Ident, n: &NoteStats) {
        self.notes += 1;
        self.folder_notes += id.folder as usize;
        self.aliases += id.aliases.len();
        self.explicit_slugs += id.explicit_slug.is_some() as usize;
        self.ja_stems += (!id.stem.is_ascii()) as usize;
        for q in &n.questions {
            *self.questions.entry(q.kind).or_default() += 1;
            let place = match (q.inline, q.form, q.choices > 0) {
                (false, Form::Rich, true) => "front-matter, rich choices",
                (false, Form::Compact, true) => "front-matter, compact choices + answer",
                (false, _, false) => "front-matter, text/written",
                (true, Form::Rich, true) => "```quiz block, rich choices",
                (true, Form::Compact, true) => "```quiz block, compact choices + answer",
                (true, _, false) => "```quiz block, text/written",
            };
            *self.placement.entry(place).or_default() += 1;
            self.no_explanation += (!q.explanation && q.kind != "written") as usize;
            self.negative += q.negative as usize;
            self.explicit_ids += q.id as usize;
            self.related += q.related as usize;
            self.area += q.area as usize;
            self.off_count_choices += (q.choices > 0 && q.choices != 4) as usize;
        }
        self.fences += n.fences;
        self.list_fences += n.list_fences;
        for t in &n.tags {
            *self.tags.entry(t.clone()).or_default() += 1;
        }
        self.tag_uses += n.tags.len();
        let b = &n.body;
        self.wikilinks += b.wikilinks;
        self.relative_links += b.relative_links;
        self.external_links += b.external_links;
        self.math_notes += (b.math_inline + b.math_display > 0) as usize;
        self.code_notes += (b.code_blocks > 0) as usize;
        for l in &b.code_langs {
            *self.code_langs.entry(l).or_default() += 1;
        }
        self.image_notes += (b.images > 0) as usize;
        self.body_images += b.images;
        self.header_images += n.has_header_image as usize;
        self.callouts += b.callouts;
        self.tables += (b.tables > 0) as usize;
        self.footnotes += (b.footnotes > 0) as usize;
        self.body_bytes += n.body_bytes;
    }

    /// How many notes were generated.
    pub fn notes(&self) -> usize {
        self.notes
    }

    /// How many questions the notes hold.
    pub fn questions(&self) -> usize {
        self.questions.values().sum()
    }

    /// Each section's path and number of notes, in `SECTIONS` order.
    pub fn section_sizes(&self) -> Vec<(&'static str, usize)> {
        SECTIONS
            .iter()
            .zip(&self.section_sizes)
            .map(|(d, &n)| (d.path, n))
            .collect()
    }

    pub fn report(&self) -> String {
        let mut s = String::new();
        let total: usize = self.questions.values().sum();
        let _ = writeln!(
            s,
            "notes: {} ({} folder notes, {} with a Japanese file name, {} with an explicit slug, {} aliases), body {} bytes on average",
            self.notes,
            self.folder_notes,
            self.ja_stems,
            self.explicit_slugs,
            self.aliases,
            self.body_bytes / self.notes.max(1)
        );
        let sizes: Vec<String> = SECTIONS
            .iter()
            .zip(&self.section_sizes)
            .map(|(d, n)| format!("{} {n}", d.path))
            .collect();
        let _ = writeln!(s, "sections: {}", sizes.join(", "));
        let by_type: Vec<String> = ["single", "multiple", "text", "written"]
            .iter()
            .map(|t| format!("{t} {}", self.questions.get(t).copied().unwrap_or(0)))
            .collect();
        let _ = writeln!(s, "questions: {total} ({})", by_type.join(", "));
        for (place, n) in &self.placement {
            let _ = writeln!(s, "  {place}: {n}");
        }
        let _ = writeln!(
            s,
            "  {} ```quiz blocks ({} of them lists); {} negative (不適切), {} explicit ids, {} with related, {} with area; warnings expected: {} without explanation, {} with other than 4 choices",
            self.fences,
            self.list_fences,
            self.negative,
            self.explicit_ids,
            self.related,
            self.area,
            self.no_explanation,
            self.off_count_choices
        );
        let mut tags: Vec<(&String, &usize)> = self.tags.iter().collect();
        tags.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let top: Vec<String> = tags
            .iter()
            .take(12)
            .map(|(t, n)| format!("{t} {n}"))
            .collect();
        let once = tags.iter().filter(|t| *t.1 == 1).count();
        let few = tags.iter().filter(|t| *t.1 <= 5).count();
        let over100 = tags.iter().filter(|t| *t.1 >= 100).count();
        let _ = writeln!(
            s,
            "tags: {} distinct, {} uses; top: {}; {} on 100+ notes, {} on 1-5 notes ({} on one)",
            tags.len(),
            self.tag_uses,
            top.join(", "),
            over100,
            few,
            once
        );
        let _ = writeln!(
            s,
            "links: {} wikilinks, {} relative .md links, {} external",
            self.wikilinks, self.relative_links, self.external_links
        );
        let langs: Vec<String> = self
            .code_langs
            .iter()
            .map(|(l, n)| format!("{l} {n}"))
            .collect();
        let _ = writeln!(
            s,
            "notes with math {}, code {} ({}), body images {} ({} images), header image {}, callouts {}, tables {}, footnotes {}",
            self.math_notes,
            self.code_notes,
            langs.join(", "),
            self.image_notes,
            self.body_images,
            self.header_images,
            self.callouts,
            self.tables,
            self.footnotes
        );
        s
    }
}
