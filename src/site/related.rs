//! Related notes: for each note, the few notes it shares the most with —
//! links either way, its syllabus node, tags. Scores are gathered through
//! postings (tag → notes, syllabus node → notes, link lists), never by
//! comparing all pairs, so 10,000 notes cost a few postings each.

use std::cmp::Reverse;
use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::Note;

/// How many related notes a note page lists.
pub const RELATED_MAX: usize = 5;
/// A link between the two notes, per direction.
const LINK_SCORE: u32 = 3;
/// The same syllabus node (the whole syllabus path).
const SYLLABUS_SCORE: u32 = 2;
/// Per shared tag.
const TAG_SCORE: u32 = 1;
/// A tag or syllabus node carried by more notes than this says little about
/// any two of them, and would make the scan quadratic: it is not counted.
pub const MAX_POSTING: usize = 1000;

/// What related notes are computed from.
pub struct RelatedInput<'a> {
    pub notes: &'a [Arc<Note>],
    /// Each note's outgoing links (note ids; ids past `notes` are ignored).
    pub links: Vec<&'a [usize]>,
    /// Each note's incoming links.
    pub backlinks: &'a [Vec<usize>],
    /// Notes never listed as related to each note (its prev/next).
    pub exclude: Vec<[Option<usize>; 2]>,
}

/// Up to [`RELATED_MAX`] notes per note, best first; ties break by title,
/// then by note order.
pub fn related(input: &RelatedInput) -> Vec<Vec<usize>> {
    let scorer = Scorer::new(input);
    (0..input.notes.len())
        .into_par_iter()
        .map(|i| scorer.best(i))
        .collect()
}

/// Related notes with what a later build needs to redo only the notes an
/// edit can reach.
#[derive(Debug, Default)]
pub struct Related {
    pub lists: Vec<Vec<usize>>,
    /// Fingerprint of the titles in note order (ties break by them).
    titles: u64,
    /// Per note, a fingerprint of its own inputs.
    note_keys: Vec<u64>,
    /// The notes the lists were made from (their tags and syllabus paths).
    notes: Vec<Arc<Note>>,
    /// Their tag and syllabus-node postings.
    postings: Postings,
}

impl Related {
    /// The lists of a build no later one will update (nothing else kept).
    pub fn once(input: &RelatedInput) -> Related {
        Related {
            lists: related(input),
            ..Related::default()
        }
    }
}

/// [`related`], redoing only what changed since `previous`: when the titles
/// are the same, a note's list can only change if its own inputs did or if
/// it shares a tag, a syllabus node or a link with a note whose inputs did
/// (before or after the edit). Anything else is taken from `previous`.
pub fn update(input: &RelatedInput, previous: Option<&Related>) -> Related {
    let notes = input.notes;
    let titles = title_fingerprint(notes);
    let note_keys: Vec<u64> = (0..notes.len()).map(|i| note_key(input, i)).collect();
    let scorer = Scorer::new(input);
    let lists = match previous.filter(|p| p.titles == titles && p.notes.len() == notes.len()) {
        None => (0..notes.len())
            .into_par_iter()
            .map(|i| scorer.best(i))
            .collect(),
        Some(prev) => {
            let redo = reached(input, prev, &note_keys, &scorer);
            let mut lists = prev.lists.clone();
            let fresh: Vec<(usize, Vec<usize>)> =
                redo.into_par_iter().map(|i| (i, scorer.best(i))).collect();
            for (i, list) in fresh {
                lists[i] = list;
            }
            lists
        }
    };
    Related {
        lists,
        titles,
        note_keys,
        notes: notes.to_vec(),
        postings: scorer.postings,
    }
}

fn title_fingerprint(notes: &[Arc<Note>]) -> u64 {
    let mut h = DefaultHasher::new();
    for note in notes {
        note.title.hash(&mut h);
    }
    h.finish()
}

/// What note `i`'s own list and its share in others' lists are made of.
fn note_key(input: &RelatedInput, i: usize) -> u64 {
    let note = &input.notes[i];
    let mut h = DefaultHasher::new();
    (&note.tags, &note.syllabus).hash(&mut h);
    (input.links[i], &input.backlinks[i], input.exclude[i]).hash(&mut h);
    h.finish()
}

/// The notes whose lists an edit may have changed: every note whose inputs
/// changed, and every note sharing a tag, a syllabus node or a link with
/// one of them, before or after the edit.
fn reached(input: &RelatedInput, prev: &Related, note_keys: &[u64], scorer: &Scorer) -> Vec<usize> {
    let changed: Vec<usize> = (0..note_keys.len())
        .filter(|&i| prev.note_keys.get(i) != Some(&note_keys[i]))
        .collect();
    if changed.is_empty() {
        return changed;
    }
    let old = &prev.postings;
    let mut redo = vec![false; note_keys.len()];
    for &c in &changed {
        redo[c] = true;
        let mut mark = |j: usize| {
            if let Some(r) = redo.get_mut(j) {
                *r = true;
            }
        };
        input.links[c]
            .iter()
            .chain(&input.backlinks[c])
            .for_each(|&j| mark(j));
        for note in [&input.notes[c], &prev.notes[c]] {
            for tag in &note.tags {
                touched(&old.tags, &scorer.postings.tags, tag, &mut mark);
            }
            let key = syllabus_key(note);
            touched(&old.syllabus, &scorer.postings.syllabus, &key, &mut mark);
        }
    }
    (0..redo.len()).filter(|&i| redo[i]).collect()
}

/// Marks the notes holding `key` before or after the edit, unless it was
/// too common to count both times (then it scores nothing either way).
fn touched(
    old: &HashMap<String, Vec<usize>>,
    new: &HashMap<String, Vec<usize>>,
    key: &str,
    mark: &mut impl FnMut(usize),
) {
    let (before, after) = (old.get(key), new.get(key));
    let counted = |list: Option<&Vec<usize>>| list.is_some_and(|l| l.len() <= MAX_POSTING);
    if !counted(before) && !counted(after) {
        return;
    }
    before
        .into_iter()
        .chain(after)
        .flatten()
        .for_each(|&j| mark(j));
}

/// Tag and syllabus-node postings.
#[derive(Debug, Default)]
struct Postings {
    tags: HashMap<String, Vec<usize>>,
    syllabus: HashMap<String, Vec<usize>>,
}

impl Postings {
    fn new(notes: &[Arc<Note>]) -> Self {
        Postings {
            tags: postings(notes.iter().map(|n| n.tags.iter().cloned())),
            syllabus: postings(notes.iter().map(|n| {
                let key = syllabus_key(n);
                (!key.is_empty()).then_some(key).into_iter()
            })),
        }
    }
}

fn syllabus_key(note: &Note) -> String {
    note.syllabus.join("\u{1f}")
}

/// Scores notes against one another through the postings.
struct Scorer<'a> {
    input: &'a RelatedInput<'a>,
    postings: Postings,
    rank: Vec<u32>,
}

impl<'a> Scorer<'a> {
    fn new(input: &'a RelatedInput<'a>) -> Self {
        Scorer {
            input,
            postings: Postings::new(input.notes),
            rank: title_ranks(input.notes),
        }
    }

    /// Note `i`'s list.
    fn best(&self, i: usize) -> Vec<usize> {
        let input = self.input;
        let note = &input.notes[i];
        SCORES.with_borrow_mut(|scores| {
            scores.reset(input.notes.len());
            for &j in input.links[i].iter().chain(&input.backlinks[i]) {
                scores.add(j, LINK_SCORE);
            }
            for tag in &note.tags {
                shared(&self.postings.tags, tag, |j| scores.add(j, TAG_SCORE));
            }
            let key = syllabus_key(note);
            if !key.is_empty() {
                shared(&self.postings.syllabus, &key, |j| {
                    scores.add(j, SYLLABUS_SCORE)
                });
            }
            scores.best(i, &input.exclude[i], &self.rank)
        })
    }
}

/// Each note's place in title order (ties by note order), so ranking
/// compares integers instead of strings.
fn title_ranks(notes: &[Arc<Note>]) -> Vec<u32> {
    let mut order: Vec<usize> = (0..notes.len()).collect();
    order.sort_by(|&a, &b| notes[a].title.cmp(&notes[b].title).then(a.cmp(&b)));
    let mut rank = vec![0; notes.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r as u32;
    }
    rank
}

thread_local! {
    /// Each worker's score table, kept between notes and builds.
    static SCORES: std::cell::RefCell<Scores> = std::cell::RefCell::new(Scores::default());
}

/// A dense table of points per note, cleared through the list of notes
/// touched, so a note costs its postings and nothing per site note.
#[derive(Default)]
struct Scores {
    points: Vec<u32>,
    touched: Vec<usize>,
}

impl Scores {
    fn reset(&mut self, len: usize) {
        for &j in &self.touched {
            self.points[j] = 0;
        }
        self.touched.clear();
        self.points.resize(len, 0);
    }

    fn add(&mut self, j: usize, by: u32) {
        let Some(p) = self.points.get_mut(j) else {
            return;
        };
        if *p == 0 {
            self.touched.push(j);
        }
        *p += by;
    }

    /// The [`RELATED_MAX`] notes with the most points, ties by title rank.
    fn best(&self, me: usize, exclude: &[Option<usize>; 2], rank: &[u32]) -> Vec<usize> {
        let mut ranked: Vec<(Reverse<u32>, u32, usize)> = Vec::with_capacity(RELATED_MAX + 1);
        for &j in &self.touched {
            if j == me || exclude.contains(&Some(j)) {
                continue;
            }
            let entry = (Reverse(self.points[j]), rank[j], j);
            // Keep the best RELATED_MAX seen so far, sorted.
            let at = ranked.partition_point(|e| *e < entry);
            if at < RELATED_MAX {
                ranked.insert(at, entry);
                ranked.truncate(RELATED_MAX);
            }
        }
        ranked.into_iter().map(|(_, _, j)| j).collect()
    }
}

fn postings(
    keys: impl Iterator<Item = impl Iterator<Item = String>>,
) -> HashMap<String, Vec<usize>> {
    let mut map: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, note_keys) in keys.enumerate() {
        for key in note_keys {
            let list = map.entry(key).or_default();
            if list.last() != Some(&i) {
                list.push(i);
            }
        }
    }
    map
}

fn shared(postings: &HashMap<String, Vec<usize>>, key: &str, add: impl FnMut(usize)) {
    if let Some(list) = postings.get(key).filter(|l| l.len() <= MAX_POSTING) {
        list.iter().copied().for_each(add);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(title: &str, tags: &[&str], syllabus: &[&str]) -> Arc<Note> {
        Arc::new(Note {
            path: format!("content/{title}.md").into(),
            rel: format!("{title}.md"),
            dir: String::new(),
            folder_note: false,
            source: String::new(),
            body_offset: 0,
            front_matter: 0..0,
            key_index: Default::default(),
            title: title.into(),
            slug: title.into(),
            date: None,
            updated: None,
            summary: Vec::new(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            syllabus: syllabus.iter().map(|t| t.to_string()).collect(),
            reading: None,
            aliases: Vec::new(),
            image: None,
            draft: false,
            weight: None,
            sources: Vec::new(),
            quiz: None,
            extra: serde_json::Value::Null,
        })
    }

    fn run(
        notes: &[Arc<Note>],
        links: &[Vec<usize>],
        exclude: &[[Option<usize>; 2]],
    ) -> Vec<Vec<usize>> {
        let mut backlinks = vec![Vec::new(); notes.len()];
        for (from, to) in links.iter().enumerate() {
            for &t in to {
                backlinks[t].push(from);
            }
        }
        related(&RelatedInput {
            notes,
            links: links.iter().map(Vec::as_slice).collect(),
            backlinks: &backlinks,
            exclude: exclude.to_vec(),
        })
    }

    #[test]
    fn ranks_by_links_then_syllabus_then_tags_with_title_ties() {
        let s = ["技術", "動向"];
        let notes = [
            note("基準", &["a", "b"], &s),
            note("リンク先", &[], &[]),         // linked: 3
            note("同じ節", &[], &s),            // syllabus: 2
            note("タグ二つ", &["a", "b"], &[]), // tags: 2, title "タ" < "同"
            note("タグ一つ", &["b"], &[]),      // 1
            note("無関係", &["z"], &["他"]),
            note("両方向", &["a"], &[]), // linked both ways: 6 + tag 1
        ];
        let links = vec![vec![1, 6], vec![], vec![], vec![], vec![], vec![], vec![0]];
        let none = vec![[None, None]; notes.len()];
        let related = run(&notes, &links, &none);
        assert_eq!(related[0], [6, 1, 3, 2, 4]);
        assert!(related[5].is_empty());
        // Symmetric scores: the linked note sees the base note first.
        assert_eq!(related[1], [0]);
    }

    #[test]
    fn excludes_prev_and_next_and_keeps_at_most_five() {
        let notes: Vec<Arc<Note>> = (0..9)
            .map(|i| note(&format!("n{i}"), &["t"], &[]))
            .collect();
        let links = vec![Vec::new(); notes.len()];
        let mut exclude = vec![[None, None]; notes.len()];
        exclude[0] = [None, Some(1)];
        let related = run(&notes, &links, &exclude);
        assert_eq!(related[0], [2, 3, 4, 5, 6]);
        assert_eq!(related[4], [0, 1, 2, 3, 5]);
    }

    #[test]
    fn a_posting_shared_by_too_many_notes_is_ignored() {
        let notes: Vec<Arc<Note>> = (0..MAX_POSTING + 1)
            .map(|i| note(&format!("n{i:04}"), &["common"], &[]))
            .collect();
        let links = vec![Vec::new(); notes.len()];
        let none = vec![[None, None]; notes.len()];
        assert!(run(&notes, &links, &none).iter().all(Vec::is_empty));
    }

    fn input<'a>(
        notes: &'a [Arc<Note>],
        links: &'a [Vec<usize>],
        backlinks: &'a [Vec<usize>],
    ) -> RelatedInput<'a> {
        RelatedInput {
            notes,
            links: links.iter().map(Vec::as_slice).collect(),
            backlinks,
            exclude: vec![[None, None]; notes.len()],
        }
    }

    #[test]
    fn an_update_after_edits_equals_computing_afresh() {
        // Tags drawn so that some postings sit at the MAX_POSTING edge.
        let tag_sets: [&[&str]; 4] = [&["a", "b"], &["b"], &["c", "a"], &[]];
        let mut notes: Vec<Arc<Note>> = (0..MAX_POSTING + 40)
            .map(|i| note(&format!("n{i:05}"), tag_sets[i % 4], &[]))
            .collect();
        let mut links = vec![Vec::new(); notes.len()];
        links[3] = vec![7, 11];
        let backlinks = |links: &[Vec<usize>]| {
            let mut back = vec![Vec::new(); links.len()];
            for (from, to) in links.iter().enumerate() {
                to.iter().for_each(|&t| back[t].push(from));
            }
            back
        };
        let back = backlinks(&links);
        let mut previous = update(&input(&notes, &links, &back), None);
        let edits: [(usize, &[&str], &[&str]); 5] = [
            (5, &["z"], &["技術"]),
            (8, &["c", "z"], &[]),
            (9, &["a"], &["技術"]),
            (12, &[], &[]),
            (3, &["b", "c"], &["技術", "動向"]),
        ];
        for (round, &(i, tags, syllabus)) in edits.iter().enumerate() {
            notes[i] = note(&notes[i].title.clone(), tags, syllabus);
            links[i] = vec![(round * 31) % notes.len()];
            let back = backlinks(&links);
            let input = input(&notes, &links, &back);
            let updated = update(&input, Some(&previous));
            assert_eq!(updated.lists, related(&input), "after edit {round}");
            previous = updated;
        }
    }
}
