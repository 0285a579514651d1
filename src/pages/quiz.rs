//! The quiz pages of the pages stage: `/quiz/`, an index of the areas and
//! sections with their question counts; the question pages of each area
//! and section (`quiz_list.html`, paginated); and the frames of `/exam/`,
//! `/progress/` and `/review/`, whose scripts read the sharded bank
//! (`quiz::shards`) instead of a page of every question.

use std::collections::HashSet;

use serde::Serialize;
use tera::Value;

use super::paginate::{pager_path, Pages, Paginator};
use super::{site_page, site_page_title, Page, Shared};
use crate::quiz::view as quiz_view;
use crate::render::Renderer;
use crate::site::taxonomy::term_slug;
use crate::site::Site;

/// Questions on one pager of an area's or a section's question page.
pub const QUESTIONS_PER_PAGE: usize = 20;

/// The template of the area and section question pages.
pub const LIST_TEMPLATE: &str = "quiz_list.html";

/// The site-wide quiz pages; each is rendered only if the theme has its
/// template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum QuizPage {
    Index,
    Exam,
    Progress,
    Review,
}

impl QuizPage {
    pub(super) const ALL: [QuizPage; 4] = [
        QuizPage::Index,
        QuizPage::Exam,
        QuizPage::Progress,
        QuizPage::Review,
    ];

    pub(super) fn template(self) -> &'static str {
        match self {
            QuizPage::Index => "quiz.html",
            QuizPage::Exam => "exam.html",
            QuizPage::Progress => "progress.html",
            QuizPage::Review => "review.html",
        }
    }

    /// URL path relative to the base path.
    pub(super) fn path(self) -> &'static str {
        match self {
            QuizPage::Index => "quiz/",
            QuizPage::Exam => "exam/",
            QuizPage::Progress => "progress/",
            QuizPage::Review => "review/",
        }
    }

    /// Whether the sitemap lists it: the question index and the mock exam
    /// are public pages when the site has questions; progress and review
    /// only show the reader's own data.
    pub(super) fn listed(self, site: &Site) -> bool {
        matches!(self, QuizPage::Index | QuizPage::Exam) && !site.quiz.is_empty()
    }

    /// The `t` key of its title, and the fallbacks (ja, en) when the
    /// theme's strings lack it.
    fn title_key(self) -> (&'static str, &'static str, &'static str) {
        match self {
            QuizPage::Index => ("quiz_page_title", "問題集", "Question bank"),
            QuizPage::Exam => ("exam_page_title", "模擬試験", "Mock exam"),
            QuizPage::Progress => ("progress_page_title", "学習記録", "Progress"),
            QuizPage::Review => ("review_page_title", "復習", "Review"),
        }
    }
}

/// What a question page lists: the questions of an area or of a section's
/// own notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum ListKind {
    Area,
    Section,
}

/// One area's or section's questions, with the URL of their pages.
#[derive(Debug, Clone)]
pub(super) struct QuestionList {
    pub kind: ListKind,
    pub title: String,
    /// URL path relative to the base path, e.g. `quiz/areas/生成aiの技術/`.
    pub path: String,
    /// The area's name (`None`: questions without one), for areas.
    pub area: Option<String>,
    /// The section, for sections.
    pub section: Option<usize>,
    /// Bank entries in bank order.
    pub questions: Vec<usize>,
}

impl QuestionList {
    pub(super) fn pages(&self) -> Pages {
        Pages::new(self.questions.len(), QUESTIONS_PER_PAGE)
    }
}

/// The question lists of the site: areas in `/quiz/` order (`exam.areas`,
/// then the others by name, then その他), then every section with
/// questions in section order. Empty when the bank is.
pub(super) fn question_lists(site: &Site) -> Vec<QuestionList> {
    let mut taken = HashSet::new();
    let mut lists: Vec<QuestionList> = quiz_view::areas(site)
        .into_iter()
        .map(|(name, questions)| {
            let area = questions
                .first()
                .and_then(|&e| site.quiz.entries[e].question.area.clone());
            let slug = unique_slug(&mut taken, &term_slug(&name));
            QuestionList {
                kind: ListKind::Area,
                path: format!("quiz/areas/{slug}/"),
                title: name,
                area,
                section: None,
                questions,
            }
        })
        .collect();
    let mut by_section: Vec<Vec<usize>> = vec![Vec::new(); site.content.sections.len()];
    for (e, entry) in site.quiz.entries.iter().enumerate() {
        by_section[site.content.note_section[entry.note]].push(e);
    }
    lists.extend(
        by_section
            .into_iter()
            .enumerate()
            .filter(|(_, questions)| !questions.is_empty())
            .map(|(s, questions)| QuestionList {
                kind: ListKind::Section,
                title: site.content.sections[s].title(),
                path: format!("quiz/sections/{}", site.section_urls[s]),
                area: None,
                section: Some(s),
                questions,
            }),
    );
    lists
}

/// `slug`, or `slug-2`, `slug-3`… when an earlier area took it.
fn unique_slug(taken: &mut HashSet<String>, slug: &str) -> String {
    let mut candidate = slug.to_string();
    let mut n = 1;
    while !taken.insert(candidate.clone()) {
        n += 1;
        candidate = format!("{slug}-{n}");
    }
    candidate
}

/// An area or section as `/quiz/` lists it.
#[derive(Serialize)]
struct ListLink<'a> {
    kind: ListKind,
    title: &'a str,
    url: String,
    count: usize,
    /// The area's name as questions carry it (`null` for その他), for
    /// the script that fills in the reader's progress.
    area: Option<&'a str>,
    /// The section's own page, for sections.
    section_url: Option<String>,
}

#[derive(Serialize)]
struct QuizIndex<'a> {
    total: usize,
    areas: Vec<ListLink<'a>>,
    sections: Vec<ListLink<'a>>,
}

fn list_link<'a>(site: &Site, list: &'a QuestionList) -> ListLink<'a> {
    ListLink {
        kind: list.kind,
        title: &list.title,
        url: site.url(&list.path),
        count: list.questions.len(),
        area: list.area.as_deref(),
        section_url: list.section.map(|s| site.url(&site.section_urls[s])),
    }
}

fn quiz_index<'a>(s: &'a Shared) -> QuizIndex<'a> {
    let site = s.site;
    let of = |kind| {
        s.question_lists
            .iter()
            .filter(move |l| l.kind == kind)
            .map(|l| list_link(site, l))
            .collect()
    };
    QuizIndex {
        total: site.quiz.len(),
        areas: of(ListKind::Area),
        sections: of(ListKind::Section),
    }
}

/// `/quiz/`, `/exam/`, `/progress/` or `/review/`.
pub(super) fn quiz_page(s: &Shared, q: QuizPage) -> Page {
    let site = s.site;
    let mut title = site_page_title(s, q.title_key());
    let exam = quiz_view::exam_data(site);
    if q == QuizPage::Exam && site.config.exam.title.is_some() {
        title.clone_from(&exam.title);
    }
    site_page(s, q.template(), (q.path(), 1), &title, |ctx| match q {
        QuizPage::Index => ctx.insert("quiz", &quiz_index(s)),
        QuizPage::Exam => ctx.insert("exam", &exam),
        QuizPage::Progress | QuizPage::Review => {}
    })
}

/// `quiz_list` of quiz_list.html (docs/templates.md).
#[derive(Serialize)]
struct ListData<'a> {
    #[serde(flatten)]
    link: ListLink<'a>,
}

/// Pager `pager` of question list `l`.
/// Its questions are the values with `html` of `question_html`.
pub(super) fn list_page(s: &Shared, renderer: &Renderer, l: usize, pager: usize) -> Page {
    let site = s.site;
    let list = &s.question_lists[l];
    let pages = list.pages();
    let questions = s
        .questions
        .as_ref()
        .expect("question pages are rendered with their questions");
    let items: Vec<Value> = list.questions[pages.range(pager)]
        .iter()
        .map(|&e| questions.take(site, renderer, e))
        .collect();
    let path = pager_path(&list.path, pager);
    site_page(s, LIST_TEMPLATE, (&path, pager), &list.title, |ctx| {
        ctx.insert(
            "paginator",
            &Paginator::new(&site.url(&list.path), pages, pager, items),
        );
        ctx.insert(
            "quiz_list",
            &ListData {
                link: list_link(site, list),
            },
        );
    })
}
