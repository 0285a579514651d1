//! The integration suite: fixture sites under `tests/fixtures/` built
//! through the library (`manabi::pipeline`) and through the real binary,
//! with snapshots of the `<main>` region under `tests/snapshots/`.
//!
//! Run `UPDATE_SNAPSHOTS=1 cargo test --test testsuite` to rewrite the
//! snapshots after an intended change of the default theme's markup.

mod adversarial_cases;
mod harness;
mod snapshot;

/// The benchmark corpus generator, used by `budget` (its CLI is unused here).
#[allow(dead_code)]
#[path = "../../examples/gen_corpus/main.rs"]
mod gen_corpus;
/// The page-weight budget's checker, shared with the browser tests.
#[path = "../support/page_weight.rs"]
mod page_weight;

mod adversarial;
mod budget;
mod build;
mod cli;
mod diagnostics;
mod edits;
mod fuzz;
mod html_policy;
mod incremental;
mod keywords;
mod links;
mod memo;
mod output;
mod paginate;
mod patch;
mod quiz;
mod reference;
mod rich;
mod search;
mod snapshots;
mod writes;
