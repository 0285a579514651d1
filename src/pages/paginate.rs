//! Pagination for the pages stage: which items of a list (home, section,
//! tag, tag list, glossary, question pages) each pager holds, where the
//! pager is written, and the `paginator` value templates receive (Zola's
//! field names, docs/templates.md). Pure: no rendering, no I/O.

use std::ops::Range;

use serde::Serialize;
use tera::Value;

/// The URL segment of the pagers after the first: `tags/llm/page/2/`.
pub use crate::site::PAGE_SEGMENT;

/// How many numbered pager links the pager shows on each side of the
/// current one (the first and last are always shown).
const WINDOW: usize = 2;

/// A list cut into pagers: its URL path (relative to the base path), its
/// length and its page size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pages {
    pub total: usize,
    pub per_page: usize,
}

impl Pages {
    pub fn new(total: usize, per_page: usize) -> Pages {
        Pages {
            total,
            per_page: per_page.max(1),
        }
    }

    /// How many pagers: at least one, so an empty list still has its page.
    pub fn count(self) -> usize {
        self.total.div_ceil(self.per_page).max(1)
    }

    /// The items of pager `index` (1-based).
    pub fn range(self, index: usize) -> Range<usize> {
        let start = (index.max(1) - 1) * self.per_page;
        start.min(self.total)..(start + self.per_page).min(self.total)
    }

    /// The 1-based pager holding item `item`.
    pub fn pager_of(self, item: usize) -> usize {
        item / self.per_page + 1
    }
}

/// URL path (relative to the base path) of pager `index` of the list at
/// `list`: the list's own URL for the first, `page/N/` under it for the
/// others.
pub fn pager_path(list: &str, index: usize) -> String {
    if index <= 1 {
        list.to_string()
    } else {
        format!("{list}{PAGE_SEGMENT}/{index}/")
    }
}

/// The `paginator` of a list template (docs/templates.md). URLs are
/// root-relative, with the base path, like every link manabi gives a
/// template.
#[derive(Debug, Serialize)]
pub struct Paginator {
    /// Items on a full pager.
    pub paginate_by: usize,
    /// The list's URL followed by `page/`: `base_url ~ 3 ~ "/"` is pager 3.
    pub base_url: String,
    /// How many pagers the list has.
    pub number_pagers: usize,
    pub first: String,
    pub last: String,
    pub previous: Option<String>,
    pub next: Option<String>,
    /// This pager's items.
    pub pages: Vec<Value>,
    /// 1-based.
    pub current_index: usize,
    /// Items in the whole list (Zola's name).
    pub total_pages: usize,
    /// Numbered links: the first and last pager and those near the
    /// current one, with `gap` entries where numbers are left out.
    pub pagers: Vec<PagerLink>,
}

/// One numbered link of the pager (or a gap between numbers).
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct PagerLink {
    /// 0 for a gap.
    pub index: usize,
    pub url: String,
    pub current: bool,
    pub gap: bool,
}

impl Paginator {
    /// Pager `index` of `pages` for the list whose URL (with base path) is
    /// `list_url`, holding `items`.
    pub fn new(list_url: &str, pages: Pages, index: usize, items: Vec<Value>) -> Paginator {
        let count = pages.count();
        let url = |i: usize| pager_path(list_url, i);
        Paginator {
            paginate_by: pages.per_page,
            base_url: format!("{list_url}{PAGE_SEGMENT}/"),
            number_pagers: count,
            first: url(1),
            last: url(count),
            previous: (index > 1).then(|| url(index - 1)),
            next: (index < count).then(|| url(index + 1)),
            pages: items,
            current_index: index,
            total_pages: pages.total,
            pagers: window(count, index)
                .into_iter()
                .map(|i| match i {
                    Some(i) => PagerLink {
                        index: i,
                        url: url(i),
                        current: i == index,
                        gap: false,
                    },
                    None => PagerLink {
                        index: 0,
                        url: String::new(),
                        current: false,
                        gap: true,
                    },
                })
                .collect(),
        }
    }
}

/// The pager numbers to show: 1, the last, and [`WINDOW`] either side of
/// `current`; `None` where numbers are skipped. A skip of one number
/// shows the number instead.
fn window(count: usize, current: usize) -> Vec<Option<usize>> {
    let lo = current.saturating_sub(WINDOW).max(1);
    let hi = (current + WINDOW).min(count);
    let mut shown: Vec<usize> = vec![1];
    shown.extend(lo..=hi);
    shown.push(count);
    shown.sort_unstable();
    shown.dedup();
    let mut out = Vec::with_capacity(shown.len() + 2);
    let mut last = 0;
    for i in shown {
        if i == last + 2 {
            out.push(Some(last + 1));
        } else if i > last + 2 {
            out.push(None);
        }
        out.push(Some(i));
        last = i;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagers_split_a_list_and_keep_one_for_an_empty_list() {
        let p = Pages::new(45, 20);
        assert_eq!(p.count(), 3);
        assert_eq!(p.range(1), 0..20);
        assert_eq!(p.range(3), 40..45);
        assert_eq!(p.pager_of(39), 2);
        assert_eq!(Pages::new(0, 20).count(), 1);
        assert_eq!(Pages::new(0, 20).range(1), 0..0);
        assert_eq!(Pages::new(20, 20).count(), 1);
    }

    #[test]
    fn first_pager_is_the_list_url_others_are_under_page() {
        assert_eq!(pager_path("tags/llm/", 1), "tags/llm/");
        assert_eq!(pager_path("tags/llm/", 2), "tags/llm/page/2/");
        assert_eq!(pager_path("", 3), "page/3/");
    }

    #[test]
    fn paginator_links_neighbours_with_zola_names() {
        let p = Paginator::new("/n/s/", Pages::new(45, 20), 2, Vec::new());
        assert_eq!(p.base_url, "/n/s/page/");
        assert_eq!(p.first, "/n/s/");
        assert_eq!(p.last, "/n/s/page/3/");
        assert_eq!(p.previous.as_deref(), Some("/n/s/"));
        assert_eq!(p.next.as_deref(), Some("/n/s/page/3/"));
        assert_eq!(
            (p.current_index, p.number_pagers, p.total_pages),
            (2, 3, 45)
        );
        let one = Paginator::new("/", Pages::new(3, 20), 1, Vec::new());
        assert_eq!((one.previous, one.next), (None, None));
    }

    #[test]
    fn window_shows_ends_and_neighbours_with_gaps() {
        let w = |count, current| {
            window(count, current)
                .into_iter()
                .map(|i| i.map_or("…".to_string(), |i| i.to_string()))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(w(1, 1), "1");
        assert_eq!(w(5, 3), "1 2 3 4 5");
        assert_eq!(w(20, 1), "1 2 3 … 20");
        assert_eq!(w(20, 10), "1 … 8 9 10 11 12 … 20");
        assert_eq!(w(20, 4), "1 2 3 4 5 6 … 20");
        assert_eq!(w(500, 500), "1 … 498 499 500");
    }
}
