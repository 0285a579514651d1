//! Render stage: Tera setup, theme lookup (site `templates/` → `themes/<theme>/`
//! → the built-in default theme) and rendering one page into a string.
//! It reads templates and theme files only; it never reads content and never
//! touches the output folder (callers write what it returns).

mod i18n;
mod report;
#[cfg(test)]
mod tests;
mod theme;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use tera::{Context, Kwargs, State, Tera, TeraResult};

use crate::diagnostics::Diagnostic;

pub use i18n::format_date;
pub(crate) use theme::walk_files;
pub use theme::{builtin_theme_files, theme_static_files};

use theme::TemplateFile;

/// What `Renderer::new` needs to know about the site.
#[derive(Debug, Clone, Copy)]
pub struct RendererOptions<'a> {
    /// The site root (the folder holding `site.yaml` and `content/`).
    pub root: &'a Path,
    /// `theme` from site.yaml (`default` unless set).
    pub theme: &'a str,
    /// `language` from site.yaml; selects the UI strings.
    pub language: &'a str,
    /// Path part of `base_url`, e.g. `/` or `/notes/`; prefixed by `url()`.
    pub base_path: &'a str,
}

/// The loaded templates and UI strings of one build. Immutable after `new`,
/// so pages can be rendered in parallel.
pub struct Renderer {
    tera: Tera,
    strings: BTreeMap<String, String>,
    templates: BTreeMap<String, TemplateFile>,
    /// The largest page rendered so far from each template, so the next
    /// page's buffer starts that large instead of growing by doubling
    /// (each step a copy; an 80 KB question page took three).
    page_sizes: BTreeMap<String, AtomicUsize>,
}

impl Renderer {
    /// Loads every template: the built-in default theme first, then
    /// `<root>/themes/<theme>/templates/**`, then `<root>/templates/**`; a
    /// later file replaces a same-named earlier one. All winners are added to
    /// Tera in one call so `extends`/`include` resolve across layers.
    /// Every syntax error is reported (file, line:col, the line).
    pub fn new(opts: &RendererOptions) -> Result<Renderer, Vec<Diagnostic>> {
        let theme_dir = theme::theme_dir(opts.root, opts.theme)?;
        let templates = theme::load_templates(opts.root, theme_dir.as_deref())?;
        report::check_syntax(&templates)?;
        let mut tera = Tera::new();
        tera.register_function("url", url_function(opts.base_path));
        let sources = templates.iter().map(|(name, f)| (name, &f.source));
        tera.add_raw_templates(sources)
            .map_err(|e| vec![report::build_error(&e, &templates)])?;
        let strings = i18n::load_strings(opts.root, theme_dir.as_deref(), opts.language)?;
        let page_sizes = templates
            .keys()
            .map(|name| (name.clone(), AtomicUsize::new(0)))
            .collect();
        Ok(Renderer {
            tera,
            strings,
            templates,
            page_sizes,
        })
    }

    /// Renders `template` with `context`. A failure becomes a Diagnostic at
    /// the template file's line:col whose message names `page`, the page
    /// being rendered (e.g. `content/open-llm/data.md` or `/tags/`).
    pub fn render(
        &self,
        template: &str,
        context: &Context,
        page: &str,
    ) -> Result<String, Diagnostic> {
        // Callers copy the string into a template value or a page, so its
        // spare capacity is not kept and need not be given back.
        self.tera
            .render(template, context)
            .map_err(|e| report::render_error(&e, template, page, &self.templates))
    }

    /// Sets variables every template sees (`site`, `t`, …) once per build,
    /// so page contexts need not copy them; a page's own context wins.
    /// A fingerprint of every template's name and source and of the UI
    /// strings: equal fingerprints render equal contexts to equal bytes.
    pub fn fingerprint(&self) -> u64 {
        let sources: Vec<(&String, &String)> = self
            .templates
            .iter()
            .map(|(name, f)| (name, &f.source))
            .collect();
        crate::cache::fingerprint(&(sources, &self.strings))
    }

    pub fn set_globals(&mut self, globals: Context) {
        *self.tera.global_context() = globals;
    }

    /// Like [`Renderer::render`], into bytes: skips re-validating the
    /// output as UTF-8 (Tera only writes valid UTF-8), which is measurable
    /// over thousands of pages.
    pub fn render_bytes(
        &self,
        template: &str,
        context: &Context,
        page: &str,
    ) -> Result<Vec<u8>, Diagnostic> {
        let size = self.page_sizes.get(template);
        let hint = size.map_or(0, |s| s.load(Ordering::Relaxed));
        let mut out = Vec::with_capacity(hint.max(16 * 1024));
        self.tera
            .render_to(template, context, &mut out)
            .map_err(|e| report::render_error(&e, template, page, &self.templates))?;
        if let Some(s) = size {
            s.fetch_max(out.len(), Ordering::Relaxed);
        }
        Ok(out)
    }

    /// The UI strings for the language (the theme's `i18n.yaml`: requested
    /// language, falling back to `en`, then `ja`); callers insert them as `t`.
    pub fn strings(&self) -> &BTreeMap<String, String> {
        &self.strings
    }

    /// Whether a template of that name exists in any layer (e.g. to skip
    /// `glossary.html` for a theme that has none).
    pub fn has_template(&self, name: &str) -> bool {
        self.templates.contains_key(name)
    }

    /// Where the template `name` was loaded from, as shown in diagnostics:
    /// `templates/note.html`, `themes/x/templates/note.html` or
    /// `<built-in>/templates/note.html`.
    pub fn template_path(&self, name: &str) -> Option<&Path> {
        self.templates.get(name).map(|f| f.path.as_path())
    }
}

/// The `url(path=...)` Tera function bound to a base path.
fn url_function(base_path: &str) -> impl Fn(Kwargs, &State) -> TeraResult<String> {
    let base_path = base_path.to_string();
    move |kwargs: Kwargs, _: &State| {
        let path = kwargs.must_get::<&str>("path")?;
        Ok(join_url(&base_path, path))
    }
}

/// `base_path` + `path` with exactly one slash between them. Absolute URLs
/// (with a scheme such as `https:` or `mailto:`) and protocol-relative `//`
/// URLs are returned unchanged; an empty path gives the base path itself.
pub fn join_url(base_path: &str, path: &str) -> String {
    if path.starts_with("//") || has_scheme(path) {
        return path.to_string();
    }
    let base = base_path.trim_end_matches('/');
    format!("{base}/{}", path.trim_start_matches('/'))
}

/// `scheme:` per RFC 3986: a letter, then letters, digits, `+`, `-`, `.`.
fn has_scheme(url: &str) -> bool {
    let Some((scheme, _)) = url.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}
