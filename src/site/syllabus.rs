//! The syllabus part of the site stage: the tree of every note's
//! `syllabus` path (大項目 › 中項目 › 小項目), merged with the official items
//! of site.yaml `syllabus:` when given, with note and question counts per
//! node (descendants included), and the `check` warning for a note whose
//! path is not official. Pure: no rendering, no I/O.

use std::collections::HashMap;
use std::sync::Arc;

use crate::content::{frontmatter, Content, Note};
use crate::diagnostics::{did_you_mean, Diagnostic, Pos};
use crate::yaml::KeyIndex;

/// One node: a syllabus path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The names from the top level down to this node.
    pub path: Vec<String>,
    /// Its HTML id on the syllabus page, unique in the tree.
    pub id: String,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// Notes whose path is exactly this one, in glossary order.
    pub notes: Vec<usize>,
    /// Notes here and in every descendant.
    pub note_total: usize,
    /// Questions of those notes.
    pub question_total: usize,
    /// Listed (or an ancestor of one listed) in site.yaml `syllabus.items`.
    pub official: bool,
}

/// Every syllabus path of the site. Parents come before their children;
/// siblings are in site.yaml order, then the others by name.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    pub nodes: Vec<Node>,
    /// Top-level nodes.
    pub roots: Vec<usize>,
    /// Whether site.yaml lists official items.
    pub has_official: bool,
    /// The node of each note's path (`None` for a note without one).
    pub note_node: Vec<Option<usize>>,
}

impl Tree {
    /// Node indexes in page order: depth first, parents before children.
    pub fn preorder(&self) -> Vec<usize> {
        let mut out = Vec::with_capacity(self.nodes.len());
        let mut stack: Vec<usize> = self.roots.iter().rev().copied().collect();
        while let Some(n) = stack.pop() {
            out.push(n);
            stack.extend(self.nodes[n].children.iter().rev());
        }
        out
    }

    /// The nodes from the top level down to a note's node.
    pub fn trail(&self, note: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut at = self.note_node.get(note).copied().flatten();
        while let Some(n) = at {
            out.push(n);
            at = self.nodes[n].parent;
        }
        out.reverse();
        out
    }
}

/// What the tree is built from.
pub struct TreeInput<'a> {
    pub notes: &'a [Arc<Note>],
    /// site.yaml `syllabus.items`.
    pub official: &'a [Vec<String>],
    /// Each note's rank in glossary order (orders a node's notes).
    pub rank: &'a [usize],
    /// Each note's number of questions.
    pub questions: &'a dyn Fn(usize) -> usize,
}

/// Builds the tree: one hash lookup per note and level, then sorts of
/// each node's notes and of the children outside the official list.
pub fn build(input: &TreeInput) -> Tree {
    let mut b = Builder::default();
    for item in input.official {
        b.insert(item, true);
    }
    let mut note_node = vec![None; input.notes.len()];
    for (i, note) in input.notes.iter().enumerate() {
        if !note.syllabus.is_empty() {
            let n = b.insert(&note.syllabus, false);
            note_node[i] = Some(n);
            b.nodes[n].notes.push(i);
        }
    }
    b.sort_children();
    let mut nodes = b.nodes;
    for node in &mut nodes {
        node.notes
            .sort_by_key(|&i| input.rank.get(i).copied().unwrap_or(i));
        node.note_total = node.notes.len();
        node.question_total = node.notes.iter().map(|&i| (input.questions)(i)).sum();
    }
    // Children come after their parents: one backward pass adds them up.
    for n in (0..nodes.len()).rev() {
        if let Some(p) = nodes[n].parent {
            nodes[p].note_total += nodes[n].note_total;
            nodes[p].question_total += nodes[n].question_total;
        }
    }
    Tree {
        nodes,
        roots: b.roots,
        has_official: !input.official.is_empty(),
        note_node,
    }
}

#[derive(Default)]
struct Builder<'a> {
    nodes: Vec<Node>,
    roots: Vec<usize>,
    /// (parent + 1, or 0 for the top level; name) → node.
    index: HashMap<(usize, &'a str), usize>,
    ids: HashMap<String, usize>,
}

impl<'a> Builder<'a> {
    /// The node of `path`, created with its missing ancestors.
    fn insert(&mut self, path: &'a [String], official: bool) -> usize {
        let mut parent: Option<usize> = None;
        for depth in 1..=path.len() {
            let key = (parent.map_or(0, |p| p + 1), path[depth - 1].as_str());
            let n = match self.index.get(&key) {
                Some(&n) => n,
                None => {
                    let n = self.add(&path[..depth], parent);
                    self.index.insert(key, n);
                    n
                }
            };
            self.nodes[n].official |= official;
            parent = Some(n);
        }
        parent.expect("syllabus paths are never empty")
    }

    /// Official children keep site.yaml order (they were added first); the
    /// others follow by name.
    fn sort_children(&mut self) {
        let mut children: Vec<Vec<usize>> = self
            .nodes
            .iter_mut()
            .map(|n| std::mem::take(&mut n.children))
            .collect();
        let nodes = &self.nodes;
        let by_name = |list: &mut Vec<usize>| {
            let official = list.iter().take_while(|&&c| nodes[c].official).count();
            list[official..].sort_by(|&a, &b| nodes[a].path.last().cmp(&nodes[b].path.last()));
        };
        by_name(&mut self.roots);
        children.iter_mut().for_each(by_name);
        for (node, list) in self.nodes.iter_mut().zip(children) {
            node.children = list;
        }
    }

    fn add(&mut self, path: &[String], parent: Option<usize>) -> usize {
        let n = self.nodes.len();
        let base = match parent {
            Some(p) => format!("{}/{}", self.nodes[p].id, id_part(&path[path.len() - 1])),
            None => format!("syllabus-{}", id_part(&path[0])),
        };
        let id = self.unique_id(base);
        self.nodes.push(Node {
            path: path.to_vec(),
            id,
            parent,
            children: Vec::new(),
            notes: Vec::new(),
            note_total: 0,
            question_total: 0,
            official: false,
        });
        match parent {
            Some(p) => self.nodes[p].children.push(n),
            None => self.roots.push(n),
        }
        n
    }

    /// `base`, or with a number added when two paths differ only in
    /// punctuation.
    fn unique_id(&mut self, base: String) -> String {
        let count = self.ids.entry(base.clone()).or_insert(0);
        *count += 1;
        if *count == 1 {
            base
        } else {
            format!("{base}-{count}")
        }
    }
}

/// The id of a path: `syllabus-` and the NFKC names with whitespace as
/// `-` and punctuation dropped (Unicode letters kept, as heading ids do),
/// joined by `/`.
pub fn node_id(path: &[String]) -> String {
    let names: Vec<String> = path.iter().map(|name| id_part(name)).collect();
    format!("syllabus-{}", names.join("/"))
}

fn id_part(name: &str) -> String {
    crate::site::links::nfkc(name)
        .chars()
        .filter_map(|c| {
            if c.is_whitespace() {
                Some('-')
            } else {
                (c.is_alphanumeric() || c == '-' || c == '_').then_some(c)
            }
        })
        .collect()
}

/// A warning for every note whose `syllabus` path is not in the official
/// list: at the note's `syllabus` key, or once at the section's
/// `cascade.syllabus` when the path comes from there.
pub fn outside_warnings(content: &Content, official: &[Vec<String>]) -> Vec<Diagnostic> {
    if official.is_empty() {
        return Vec::new();
    }
    let known: std::collections::HashSet<&[String]> = official
        .iter()
        .flat_map(|item| (1..=item.len()).map(move |d| &item[..d]))
        .collect();
    let mut out = Vec::new();
    let mut cascades_reported: Vec<usize> = Vec::new();
    for (i, note) in content.notes.iter().enumerate() {
        let path = note.syllabus.as_slice();
        if path.is_empty() || known.contains(path) {
            continue;
        }
        let message = format!(
            "syllabus `{}` is not in the official syllabus (site.yaml `syllabus.items`)",
            path.join(" › ")
        );
        let hint = outside_hint(path, official);
        if note.keys().pos("syllabus").is_some() {
            out.push(
                Diagnostic::warning(&note.path, note.key_pos("syllabus"), message)
                    .with_hint(hint)
                    .with_source(&note.source),
            );
            continue;
        }
        let Some(s) = cascading_section(content, content.note_section[i], path) else {
            out.push(Diagnostic::warning(&note.path, Pos::START, message).with_hint(hint));
            continue;
        };
        if !cascades_reported.contains(&s) {
            cascades_reported.push(s);
            let section = &content.sections[s];
            let pos = frontmatter::split(&section.meta.source)
                .ok()
                .and_then(|split| split.yaml)
                .map_or(Pos::START, |block| {
                    KeyIndex::new(block).pos_or("cascade.syllabus", Pos::START)
                });
            out.push(
                Diagnostic::warning(&section.path, pos, message)
                    .with_hint(hint)
                    .with_source(&section.meta.source),
            );
        }
    }
    out
}

/// The nearest section (from `s` up) whose own `cascade` sets `path`.
fn cascading_section(content: &Content, mut s: usize, path: &[String]) -> Option<usize> {
    loop {
        let section = &content.sections[s];
        if section.meta.cascade.syllabus() == Some(path) {
            return Some(s);
        }
        s = section.parent?;
    }
}

/// Suggests the official name closest to the first name that is not
/// official, or lists the official names at that level.
fn outside_hint(path: &[String], official: &[Vec<String>]) -> String {
    let depth = (0..path.len())
        .take_while(|&d| official.iter().any(|o| o.starts_with(&path[..=d])))
        .count();
    let mut names: Vec<&str> = Vec::new();
    for o in official
        .iter()
        .filter(|o| o.len() > depth && o.starts_with(&path[..depth]))
    {
        if !names.contains(&o[depth].as_str()) {
            names.push(&o[depth]);
        }
    }
    if names.is_empty() || depth == path.len() {
        return "the official items stop above this level: list the full path in site.yaml `syllabus.items`, or shorten the note's path".into();
    }
    match did_you_mean(&path[depth], &names) {
        Some(name) => format!("did you mean `{name}`?"),
        None => format!(
            "official names at this level: {}; or add the path to site.yaml `syllabus.items`",
            names.join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &[&str]) -> Vec<String> {
        p.iter().map(|s| s.to_string()).collect()
    }

    fn note(title: &str, syllabus: &str) -> Arc<Note> {
        Arc::new(crate::content::test_note(
            "n.md",
            &format!("title: {title}\nsyllabus: {syllabus}"),
        ))
    }

    fn tree(notes: &[Arc<Note>], official: &[Vec<String>], questions: &[usize]) -> Tree {
        let rank: Vec<usize> = (0..notes.len()).collect();
        let q = |i: usize| questions[i];
        build(&TreeInput {
            notes,
            official,
            rank: &rank,
            questions: &q,
        })
    }

    /// (path joined by `>`, notes, note_total, question_total, official) in page order.
    fn rows(t: &Tree) -> Vec<(String, usize, usize, usize, bool)> {
        t.preorder()
            .into_iter()
            .map(|n| {
                let node = &t.nodes[n];
                (
                    node.path.join(">"),
                    node.notes.len(),
                    node.note_total,
                    node.question_total,
                    node.official,
                )
            })
            .collect()
    }

    #[test]
    fn counts_include_descendants() {
        let notes = [
            note("a", "[技術, 特徴, LLM]"),
            note("b", "[技術, 特徴]"),
            note("c", "[技術, 動向]"),
            note("d", "[リスク]"),
            note("e", "[]"),
        ];
        let t = tree(&notes, &[], &[2, 1, 0, 3, 5]);
        assert_eq!(
            rows(&t),
            [
                ("リスク".into(), 1, 1, 3, false),
                ("技術".into(), 0, 3, 3, false),
                ("技術>動向".into(), 1, 1, 0, false),
                ("技術>特徴".into(), 1, 2, 3, false),
                ("技術>特徴>LLM".into(), 1, 1, 2, false),
            ]
        );
        assert!(!t.has_official);
        assert_eq!(t.note_node[4], None);
        let trail: Vec<&str> = t
            .trail(0)
            .iter()
            .map(|&n| t.nodes[n].path.last().unwrap().as_str())
            .collect();
        assert_eq!(trail, ["技術", "特徴", "LLM"]);
    }

    #[test]
    fn official_items_come_first_in_their_order_and_show_when_empty() {
        let official = [
            path(&["技術", "動向"]),
            path(&["技術", "特徴"]),
            path(&["利活用"]),
        ];
        let notes = [
            note("a", "[技術, 特徴]"),
            note("b", "[技術, 独自]"),
            note("c", "[技術, 動向]"),
        ];
        let t = tree(&notes, &official, &[0, 1, 4]);
        assert_eq!(
            rows(&t),
            [
                ("技術".into(), 0, 3, 5, true),
                ("技術>動向".into(), 1, 1, 4, true),
                ("技術>特徴".into(), 1, 1, 0, true),
                ("技術>独自".into(), 1, 1, 1, false),
                ("利活用".into(), 0, 0, 0, true),
            ]
        );
        assert!(t.has_official);
    }

    #[test]
    fn node_notes_follow_the_glossary_rank() {
        let notes = [note("x", "[a]"), note("y", "[a]"), note("z", "[a]")];
        let rank = [2, 0, 1];
        let t = build(&TreeInput {
            notes: &notes,
            official: &[],
            rank: &rank,
            questions: &|_| 0,
        });
        assert_eq!(t.nodes[0].notes, [1, 2, 0]);
    }

    #[test]
    fn ids_are_readable_and_unique() {
        assert_eq!(
            node_id(&path(&["生成AIの技術", "テキスト、画像 等"])),
            "syllabus-生成AIの技術/テキスト画像-等"
        );
        let notes = [note("a", "[\"A、B\"]"), note("b", "[AB]")];
        let t = tree(&notes, &[], &[0, 0]);
        let ids: Vec<&str> = t.nodes.iter().map(|n| n.id.as_str()).collect();
        assert_eq!(ids, ["syllabus-AB", "syllabus-AB-2"]);
    }

    fn content(notes: Vec<Arc<Note>>, section_source: &str) -> Content {
        let meta = crate::content::note::parse_section(
            std::path::Path::new("content/s/_index.md"),
            section_source.to_string(),
        )
        .unwrap();
        let section = crate::content::Section {
            dir: "s".into(),
            path: "content/s/_index.md".into(),
            parent: None,
            cascade: meta.cascade.clone(),
            meta,
        };
        Content {
            note_section: vec![0; notes.len()],
            notes,
            sections: vec![section],
            ..Content::default()
        }
    }

    #[test]
    fn notes_outside_the_official_list_are_warned_at_their_syllabus_key() {
        let official = [path(&["生成AIの技術", "特徴"]), path(&["生成AIのリスク"])];
        let inside = note("a", "[生成AIの技術, 特徴]");
        let ancestor = note("b", "[生成AIの技術]");
        let typo = Arc::new(crate::content::test_note(
            "c.md",
            "title: c\nsyllabus: [生成AIの技術, 特微]",
        ));
        let deeper = note("d", "[生成AIのリスク, 著作権]");
        let c = content(vec![inside, ancestor, typo, deeper], "---\ntitle: s\n---\n");
        let ws = outside_warnings(&c, &official);
        assert_eq!(ws.len(), 2, "{ws:?}");
        assert_eq!(ws[0].path, std::path::Path::new("content/c.md"));
        assert_eq!((ws[0].line, ws[0].col), (3, 1));
        assert!(!ws[0].is_error());
        assert!(
            ws[0].message.contains("生成AIの技術 › 特微"),
            "{}",
            ws[0].message
        );
        assert_eq!(ws[0].hint.as_deref(), Some("did you mean `特徴`?"));
        assert!(ws[1].hint.as_deref().unwrap().contains("stop above"));
        assert!(outside_warnings(&c, &[]).is_empty());
    }

    #[test]
    fn a_cascaded_path_is_warned_once_at_the_section_cascade() {
        let official = [path(&["生成AIの技術"])];
        let section = "---\ntitle: s\ncascade:\n  syllabus: [生成AIの利活用]\n---\n";
        let meta = crate::content::note::parse_section(
            std::path::Path::new("content/s/_index.md"),
            section.to_string(),
        )
        .unwrap();
        let loc = crate::content::NoteLocation {
            path: "content/s/a.md".into(),
            rel: "s/a.md".into(),
            folder_note: false,
        };
        let cascaded = |title: &str| {
            crate::content::note::parse_note(
                &loc,
                format!("---\ntitle: {title}\n---\n"),
                &meta.cascade,
            )
            .map(Arc::new)
            .unwrap()
        };
        let c = content(vec![cascaded("x"), cascaded("y")], section);
        let ws = outside_warnings(&c, &official);
        assert_eq!(ws.len(), 1, "{ws:?}");
        assert_eq!(ws[0].path, std::path::Path::new("content/s/_index.md"));
        assert_eq!((ws[0].line, ws[0].col), (4, 3));
    }
}
