//! The equivalent Hugo site: same notes, bodies and images; wikilinks and
//! relative `.md` links rewritten to plain Markdown links to Hugo's URLs
//! (```quiz blocks stay code blocks); a layout set that does comparable
//! work, front-matter questions included, with paginated lists.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::plan::Ident;
use super::vocab::SECTIONS;

/// Names (title, slug, alias) and files (`content/`-relative) to URLs.
pub struct UrlMap {
    names: BTreeMap<String, String>,
    files: BTreeMap<String, String>,
}

impl UrlMap {
    pub fn new(idents: &[Ident]) -> Self {
        let mut names = BTreeMap::new();
        let mut files = BTreeMap::new();
        for id in idents {
            let url = id.url();
            for name in [&id.title, &id.slug().to_string()]
                .into_iter()
                .chain(&id.aliases)
            {
                names.entry(name.clone()).or_insert_with(|| url.clone());
            }
            files.insert(id.rel_path(), url);
        }
        for s in SECTIONS {
            files.insert(format!("{}/_index.md", s.path), format!("/{}/", s.path));
        }
        UrlMap { names, files }
    }
}

/// Rewrites `[[Target#frag|label]]` as `[label](/url/#frag)`.
pub fn rewrite_wikilinks(text: &str, urls: &UrlMap) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(i) = rest.find("[[") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let Some(end) = after.find("]]") else {
            out.push_str(&rest[i..]);
            rest = "";
            break;
        };
        let inner = &after[..end];
        let (target, label) = inner.split_once('|').unwrap_or((inner, inner));
        let (name, frag) = match target.split_once('#') {
            Some((n, f)) => (n, format!("#{f}")),
            None => (target, String::new()),
        };
        let label = label.split_once('#').map_or(label, |(l, _)| l);
        let url = urls
            .names
            .get(name)
            .unwrap_or_else(|| panic!("wikilink to unknown note {name:?}"));
        let _ = write!(out, "[{label}]({url}{frag})");
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

/// Rewrites relative link targets: `.md` files to their URLs and, outside
/// folder notes (Hugo's leaf bundles), images to absolute paths.
pub fn rewrite_relative(text: &str, dir: &str, folder: bool, urls: &UrlMap) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(i) = rest.find("](") {
        out.push_str(&rest[..i + 2]);
        let after = &rest[i + 2..];
        let Some(end) = after.find(')') else {
            rest = after;
            break;
        };
        let target = &after[..end];
        let (path, frag) = match target.split_once('#') {
            Some((p, f)) => (p, format!("#{f}")),
            None => (target, String::new()),
        };
        let relative = !path.is_empty()
            && !path.starts_with('/')
            && !path.contains("://")
            && !path.contains(' ');
        if relative && path.ends_with(".md") {
            let file = join(dir, path);
            let url = urls
                .files
                .get(&file)
                .unwrap_or_else(|| panic!("relative link to unknown file {file:?}"));
            let _ = write!(out, "{url}{frag}");
        } else if relative && !folder && super::is_image(path) {
            let _ = write!(out, "/{}", join(dir, path));
        } else {
            out.push_str(target);
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

fn join(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

pub const CONFIG: &str = r#"baseURL = "https://example.com/"
languageCode = "ja"
title = "Bench corpus"
hasCJKLanguage = true
# manabi paginates lists too; 20 notes a page.
paginate = 20

[taxonomies]
  tag = "tags"

[markup.tableOfContents]
  startLevel = 2
  endLevel = 3
  ordered = false
"#;

pub const BASEOF: &str = r#"<!DOCTYPE html>
<html lang="{{ .Site.LanguageCode | default "ja" }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ .Site.Title }}</title>
<meta name="description" content="{{ .Summary | plainify | truncate 120 }}">
<meta property="og:title" content="{{ .Title }}">
<meta property="og:url" content="{{ .Permalink }}">
{{ with .Params.image }}<meta property="og:image" content="{{ . | absURL }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">{{ end }}
</head>
<body>
<header>
  <a class="brand" href="{{ "/" | relURL }}">{{ .Site.Title }}</a>
  <nav>{{ range .Site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}<a href="{{ "tags/" | relURL }}">タグ</a></nav>
</header>
<main>
{{ block "main" . }}{{ end }}
</main>
<footer><p>&copy; {{ now.Year }} {{ .Site.Title }}</p></footer>
</body>
</html>
"#;

/// The note page, with the front-matter questions rendered like manabi's
/// quiz partial: stem, choices with their feedback, accepted answers,
/// model answer and rubric, explanation (all through `markdownify`).
/// Tags come from `.Params.tags`: Hugo 0.111's `.GetTerms` walks every
/// term of the taxonomy for every page, which at 10,000 notes and ~2,800
/// tags costs Hugo much more than listing the tags does (bench/README.md).
pub const SINGLE: &str = r#"{{ define "main" }}
<article class="note">
  <nav class="breadcrumb">{{ range .Ancestors.Reverse }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> / {{ end }}</nav>
  {{ with .Params.syllabus }}<nav class="syllabus">{{ delimit . " › " }}</nav>{{ end }}
  <h1>{{ .Title }}</h1>
  {{ with .Params.reading }}<p class="reading">{{ . }}</p>{{ end }}
  <p class="meta">{{ if not .Date.IsZero }}<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time> · {{ end }}{{ .ReadingTime }} 分</p>
  {{ with .Params.image }}<img class="header-image" src="{{ . }}" alt="">{{ end }}
  <div class="summary">{{ .Summary }}</div>
  {{ with .Params.tags }}<ul class="tags">{{ range . }}<li><a href="{{ printf "tags/%s/" (urlize .) | relURL }}">{{ . }}</a></li>{{ end }}</ul>{{ end }}
  <nav class="toc" aria-label="目次">{{ .TableOfContents }}</nav>
  <div class="content">{{ .Content }}</div>
  {{ with .Params.quiz }}
  <section class="quiz-section"><h2>確認問題</h2>
  {{ range $i, $q := . }}
    {{ $correct := 0 }}{{ range $q.choices }}{{ if and (reflect.IsMap .) .correct }}{{ $correct = add $correct 1 }}{{ end }}{{ end }}
    {{ $type := $q.type | default (cond (or (reflect.IsSlice $q.answer) (gt $correct 1)) "multiple" "single") }}
    <form class="quiz-question" id="q-{{ $i }}" data-quiz-type="{{ $type }}"{{ with $q.area }} data-quiz-area="{{ . }}"{{ end }}>
      <p class="quiz-head"><span class="quiz-number">問{{ add $i 1 }}</span></p>
      <fieldset class="quiz-body">
        <legend class="quiz-stem{{ if in $q.question "不適切" }} quiz-negative{{ end }}">{{ $q.question | markdownify }}</legend>
        {{ with $q.choices }}
        <ol class="quiz-choices">
        {{ range $j, $c := . }}
          <li class="quiz-choice" data-choice="{{ add $j 1 }}"><label><input type="{{ if eq $type "multiple" }}checkbox{{ else }}radio{{ end }}" name="q-{{ $i }}" value="{{ add $j 1 }}">
          {{ if reflect.IsMap $c }}<span class="quiz-choice-text">{{ $c.text | markdownify }}</span></label>{{ with $c.explain }}<div class="quiz-choice-explain" hidden>{{ . | markdownify }}</div>{{ end }}{{ else }}<span class="quiz-choice-text">{{ $c | markdownify }}</span></label>{{ end }}
          </li>
        {{ end }}
        </ol>
        {{ end }}
        {{ with $q.accept }}<input class="quiz-text-input" type="text" name="q-{{ $i }}">{{ end }}
        {{ with $q.model_answer }}<textarea class="quiz-written-input" name="q-{{ $i }}"></textarea>{{ end }}
      </fieldset>
      <details class="quiz-answer"><summary>正解と解説</summary>
        {{ with $q.answer }}<p class="quiz-answer-index">{{ . }}</p>{{ end }}
        {{ with $q.accept }}<ul class="quiz-accept-list">{{ range . }}<li>{{ . }}</li>{{ end }}</ul>{{ end }}
        {{ with $q.model_answer }}<div class="quiz-model-answer">{{ . | markdownify }}</div>{{ end }}
        {{ with $q.points }}<ul class="quiz-rubric">{{ range . }}<li>{{ . | markdownify }}</li>{{ end }}</ul>{{ end }}
        {{ with $q.explanation }}<div class="quiz-explanation">{{ . | markdownify }}</div>{{ end }}
      </details>
      {{ with $q.related }}<p class="quiz-related">関連: {{ delimit . "、" }}</p>{{ end }}
    </form>
  {{ end }}
  </section>
  {{ end }}
  {{ with .Params.sources }}<section class="sources"><h2>出典</h2><ul>{{ range . }}<li>{{ if .url }}<a href="{{ .url }}">{{ .title }}</a>{{ else }}{{ .title }}{{ end }}</li>{{ end }}</ul></section>{{ end }}
  <nav class="prevnext">
    {{ with .PrevInSection }}<a rel="prev" href="{{ .RelPermalink }}">← {{ .Title }}</a>{{ end }}
    {{ with .NextInSection }}<a rel="next" href="{{ .RelPermalink }}">{{ .Title }} →</a>{{ end }}
  </nav>
</article>
{{ end }}
"#;

/// Section pages: sub-sections, then the notes 20 a page.
pub const LIST: &str = r#"{{ define "main" }}
<section class="section">
  <h1>{{ .Title }}</h1>
  {{ with .Params.objective }}<p class="objective">{{ . }}</p>{{ end }}
  {{ .Content }}
  {{ with .Sections }}<ul class="subsections">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .RegularPages }})</li>{{ end }}</ul>{{ end }}
  <ul class="notes">
  {{ range (.Paginate .RegularPages.ByWeight).Pages }}
    <li class="card"><a href="{{ .RelPermalink }}">{{ .Title }}</a>
      {{ if not .Date.IsZero }}<time>{{ .Date.Format "2006-01-02" }}</time>{{ end }}
      <div class="summary">{{ .Summary }}</div>
    </li>
  {{ end }}
  </ul>
  {{ template "_internal/pagination.html" . }}
</section>
{{ end }}
"#;

pub const TAXONOMY: &str = r#"{{ define "main" }}
<section class="taxonomy">
  <h1>{{ .Title }}</h1>
  <ul class="terms">
  {{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}
  </ul>
</section>
{{ end }}
"#;

/// Tag pages, 20 notes a page.
pub const TERM: &str = r#"{{ define "main" }}
<section class="term">
  <h1>{{ .Title }}</h1>
  <ul class="notes">
  {{ range (.Paginate .Pages).Pages }}
    <li class="card"><a href="{{ .RelPermalink }}">{{ .Title }}</a>
      <div class="summary">{{ .Summary }}</div>
    </li>
  {{ end }}
  </ul>
  {{ template "_internal/pagination.html" . }}
</section>
{{ end }}
"#;

pub const INDEX: &str = r#"{{ define "main" }}
<section class="home">
  <h1>{{ .Site.Title }}</h1>
  {{ .Content }}
  <h2>章</h2>
  <ul class="sections">{{ range .Site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .RegularPagesRecursive }})</li>{{ end }}</ul>
  <h2>最近のノート</h2>
  <ul class="notes">
  {{ range first 20 .Site.RegularPages.ByDate.Reverse }}
    <li class="card"><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ if not .Date.IsZero }} <time>{{ .Date.Format "2006-01-02" }}</time>{{ end }}</li>
  {{ end }}
  </ul>
</section>
{{ end }}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_paths() {
        assert_eq!(join("a/b", "../c/d.md"), "a/c/d.md");
        assert_eq!(join("a", "x.png"), "a/x.png");
    }
}
