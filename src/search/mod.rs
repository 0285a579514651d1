//! Search stage: the site's search index, built from the frozen [`Site`]
//! at build time and written as static JSON files under `search/` (no
//! external service). Reads only the site; writes only through the files it
//! returns. See [`index`] for the file layout and [`tokenize`] for how text
//! becomes tokens (mirrored by the theme's `js/search-core.js`).

pub mod index;
mod json;
pub(crate) mod plain;
pub mod tokenize;

pub use index::SearchDoc;
