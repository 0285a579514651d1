//! The questions of the question pages (`quiz_list.html`): each bank entry
//! as a template value with `html`, the question partial rendered once.
//! Every question is on two pagers (its area's and its section's), so it
//! is rendered when the first of them needs it and, without a cache,
//! dropped once the second has taken it: at 10,000 notes keeping them all
//! for the whole render held over 100 MB.

use std::sync::Mutex;

use rayon::prelude::*;
use tera::{Context, Value};

use super::quiz::QuestionList;
use super::{keys, question_value, PageCache, QUESTION_PARTIAL};
use crate::diagnostics::Diagnostic;
use crate::render::Renderer;
use crate::site::Site;

/// One question's value while pagers still need it.
struct Slot {
    /// Pagers that will still take it; it is dropped at zero.
    uses_left: usize,
    value: Option<Value>,
}

/// The question pages' question values, built on first use.
pub(super) struct QuestionValues {
    slots: Vec<Mutex<Slot>>,
    /// The first failing question (bank order) and its report: the partial
    /// is the same for every question, so one report is enough.
    failed: Mutex<Option<(usize, Diagnostic)>>,
}

impl QuestionValues {
    /// Nothing built yet: each question is built on first use and dropped
    /// after its last (`lists` say how many pagers use each).
    pub(super) fn lazy(site: &Site, lists: &[QuestionList]) -> QuestionValues {
        let mut uses = vec![0; site.quiz.len()];
        for e in lists.iter().flat_map(|l| &l.questions) {
            uses[*e] += 1;
        }
        QuestionValues {
            slots: uses
                .into_iter()
                .map(|uses_left| {
                    Mutex::new(Slot {
                        uses_left,
                        value: None,
                    })
                })
                .collect(),
            failed: Mutex::new(None),
        }
    }

    /// Every question built now and kept (a question whose note and
    /// Markdown context are unchanged is taken from the cache), and the
    /// cache given all of them for the next render.
    pub(super) fn cached(
        site: &Site,
        renderer: &Renderer,
        cache: &mut PageCache,
    ) -> QuestionValues {
        let remembered = &*cache;
        let built: Vec<(u64, Value, Option<Diagnostic>)> = (0..site.quiz.len())
            .into_par_iter()
            .map(|e| {
                let key = keys::question_key(site, e);
                let id = &site.quiz.entries[e].question.id;
                let hit = remembered.questions.get(id).filter(|(k, _)| *k == key);
                if let Some((_, value)) = hit {
                    return (key, value.clone(), None);
                }
                let (value, failed) = build(site, renderer, e);
                (key, value, failed)
            })
            .collect();
        let mut first_failure = None;
        let mut slots = Vec::with_capacity(built.len());
        let mut remember = Vec::with_capacity(built.len());
        for (e, (key, value, failed)) in built.into_iter().enumerate() {
            if let Some(d) = failed {
                first_failure.get_or_insert((e, d));
            }
            let id = site.quiz.entries[e].question.id.clone();
            remember.push((id, (key, value.clone())));
            slots.push(Mutex::new(Slot {
                uses_left: usize::MAX,
                value: Some(value),
            }));
        }
        cache.questions = remember.into_iter().collect();
        QuestionValues {
            slots,
            failed: Mutex::new(first_failure),
        }
    }

    /// Bank entry `e`'s value, built now if no pager took it before.
    pub(super) fn take(&self, site: &Site, renderer: &Renderer, e: usize) -> Value {
        let mut slot = lock(&self.slots[e]);
        let value = match slot.value.take() {
            Some(v) => v,
            None => {
                let (v, failed) = build(site, renderer, e);
                if let Some(d) = failed {
                    let mut first = lock(&self.failed);
                    if first.as_ref().is_none_or(|(f, _)| e < *f) {
                        *first = Some((e, d));
                    }
                }
                v
            }
        };
        slot.uses_left = slot.uses_left.saturating_sub(1);
        if slot.uses_left > 0 {
            slot.value = Some(value.clone());
        }
        value
    }

    /// The report of the first question whose partial failed.
    pub(super) fn into_failure(self) -> Option<Diagnostic> {
        let failed = self.failed.into_inner().unwrap_or_else(|e| e.into_inner());
        failed.map(|(_, d)| d)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Bank entry `e` as templates see it (`docs/quiz.md`), with `html`: the
/// question rendered through [`QUESTION_PARTIAL`] without a number (empty
/// when that fails, with the report).
fn build(site: &Site, renderer: &Renderer, e: usize) -> (Value, Option<Diagnostic>) {
    let question = question_value(site, e);
    let mut ctx = Context::new();
    ctx.insert_value("question", question);
    let label = site.notes()[site.quiz.entries[e].note]
        .path
        .display()
        .to_string();
    let rendered = renderer.render(QUESTION_PARTIAL, &ctx, &label);
    let question = ctx.remove("question").unwrap_or_else(Value::none);
    let (html, failed) = match rendered {
        Ok(html) => (html, None),
        Err(d) => (String::new(), Some(d)),
    };
    let mut map = question.into_map().unwrap_or_default();
    map.insert("html".into(), Value::from(html));
    (Value::from(map), failed)
}
