//! The integration suite: fixture sites under `tests/fixtures/` built
//! through the library (`manabi::pipeline`) and through the real binary,
//! with snapshots of the `<main>` region under `tests/snapshots/`.
//!
//! Run `UPDATE_SNAPSHOTS=1 cargo test --test testsuite` to rewrite the
//! snapshots after an intended change of the default theme's markup.

mod adversarial_cases;
mod harness;
mod snapshot;

mod adversarial;
mod build;
mod cli;
mod diagnostics;
mod fuzz;
mod html_policy;
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
