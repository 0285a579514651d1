//! manabi (学び): a static site generator for study notes. One Markdown note
//! per keyword, YAML front-matter, exam-style quizzes, Japanese first.
//!
//! The pipeline, one module per stage: [`config`] → [`content`] →
//! [`markdown`] → [`site`] → [`pages`] (through [`render`]), [`feeds`] and
//! [`search`] →
//! [`output`], orchestrated by [`pipeline`]; [`serve`] rebuilds it in
//! memory on every save; [`diagnostics`] reports mistakes in user files;
//! [`filename`] says which names a page may take.
//! [`cmd`] holds one module per subcommand.

pub mod cache;
pub mod cmd;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod feeds;
pub mod filename;
pub mod markdown;
pub mod output;
pub mod pages;
pub mod pipeline;
pub mod quiz;
pub mod render;
pub mod search;
pub mod serve;
pub mod site;
pub mod timings;
pub mod yaml;
