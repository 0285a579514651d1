//! Link check over whole builds: every internal `href`/`src` resolves to a
//! written file (and its `#fragment` to an `id` there), honours the base
//! path, and absolute URLs (canonical, og:image, sitemap) sit under the
//! base URL.

use std::collections::{BTreeMap, BTreeSet};

use crate::harness::{Built, SiteTest};

/// `name="value"` attribute values in an HTML text, unescaped.
fn attributes(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let start = i + needle.len();
            let end = html[start..].find('"')? + start;
            Some(unescape(&html[start..end]))
        })
        .collect()
}

fn unescape(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&#x2F;", "/")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The `content` of `<meta property="…">` / the `href` of `<link rel="…">`.
fn meta_property(html: &str, property: &str) -> Option<String> {
    let tag = html
        .split("<meta ")
        .find(|t| t.starts_with(&format!("property=\"{property}\"")))?;
    attributes(&format!(" {tag}"), "content").into_iter().next()
}

fn link_rel(html: &str, rel: &str) -> Option<String> {
    let tag = html
        .split("<link ")
        .find(|t| t.starts_with(&format!("rel=\"{rel}\"")))?;
    attributes(&format!(" {tag}"), "href").into_iter().next()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

fn ids(html: &str) -> BTreeSet<String> {
    attributes(html, "id").into_iter().collect()
}

/// What one internal link points at: an output file and maybe a fragment.
#[derive(Debug)]
struct Target {
    file: String,
    fragment: Option<String>,
}

/// Splits off `?query` / `#fragment`, decodes, maps `dir/` to `dir/index.html`.
fn target(path: &str) -> Target {
    let (path, fragment) = match path.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f)).filter(|f| !f.is_empty())),
        None => (path, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    let mut file = percent_decode(path);
    if file.is_empty() || file.ends_with('/') {
        file.push_str("index.html");
    }
    Target { file, fragment }
}

/// Joins a page-relative link to the page's folder, resolving `..`.
fn join(page: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for seg in rel.split('/') {
        match seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

fn is_external(url: &str) -> bool {
    url.starts_with("//")
        || url.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

/// Every problem found in the HTML pages of a build, as readable lines,
/// and the number of internal links checked.
fn check_links(built: &Built, base_url: &str) -> (Vec<String>, usize) {
    let base_path = format!("/{}", base_url.splitn(4, '/').nth(3).unwrap_or_default());
    let pages: BTreeMap<&str, String> = built
        .files
        .keys()
        .filter(|p| p.ends_with(".html"))
        .map(|p| (p.as_str(), built.file(p)))
        .collect();
    let page_ids: BTreeMap<&str, BTreeSet<String>> =
        pages.iter().map(|(p, html)| (*p, ids(html))).collect();
    let mut problems = Vec::new();
    let mut checked = 0;
    for (page, html) in &pages {
        for url in attributes(html, "href")
            .into_iter()
            .chain(attributes(html, "src"))
        {
            let resolved = if let Some(fragment) = url.strip_prefix('#') {
                Some(Target {
                    file: page.to_string(),
                    fragment: Some(percent_decode(fragment)),
                })
            } else if let Some(rest) = url.strip_prefix(base_url) {
                Some(target(rest))
            } else if is_external(&url) {
                None
            } else if url.starts_with('/') {
                match url.strip_prefix(&base_path) {
                    Some(rest) => Some(target(rest)),
                    None => {
                        problems.push(format!("{page}: `{url}` misses the base path {base_path}"));
                        continue;
                    }
                }
            } else {
                let t = target(&url);
                Some(Target {
                    file: join(page, &t.file),
                    fragment: t.fragment,
                })
            };
            let Some(t) = resolved else { continue };
            checked += 1;
            if !built.has_file(&t.file) {
                problems.push(format!("{page}: `{url}` → {} does not exist", t.file));
                continue;
            }
            if let (Some(fragment), Some(ids)) = (&t.fragment, page_ids.get(t.file.as_str())) {
                if fragment != "main" && !ids.contains(fragment) {
                    problems.push(format!(
                        "{page}: `{url}` → no id `{fragment}` in {}",
                        t.file
                    ));
                }
            }
        }
    }
    (problems, checked)
}

/// Absolute URLs that must point into the site: canonical, og:url, og:image.
fn check_absolute_urls(built: &Built, base_url: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for page in built
        .files
        .keys()
        .filter(|p| p.ends_with(".html") && *p != "404.html")
    {
        let html = built.file(page);
        let found = [
            ("canonical", link_rel(&html, "canonical")),
            ("og:url", meta_property(&html, "og:url")),
            ("og:image", meta_property(&html, "og:image")),
        ];
        for (what, url) in found {
            let Some(url) = url else {
                if what != "og:image" {
                    problems.push(format!("{page}: no {what}"));
                }
                continue;
            };
            match url.strip_prefix(base_url) {
                Some(rest) if built.has_file(&target(rest).file) => {}
                Some(rest) => problems.push(format!(
                    "{page}: {what} `{url}` → {} does not exist",
                    target(rest).file
                )),
                None => problems.push(format!("{page}: {what} `{url}` is not under {base_url}")),
            }
        }
    }
    problems
}

fn sitemap_locs(built: &Built) -> Vec<String> {
    let xml = built.file("sitemap.xml");
    xml.split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .map(unescape)
        .collect()
}

fn check_sample_site(base_url: &str) {
    let built = SiteTest::sample().base_url(base_url).build();
    built.assert_ok();
    let (mut problems, checked) = check_links(&built, base_url);
    assert!(
        checked > 200,
        "only {checked} internal links checked; is the scanner broken?"
    );
    problems.extend(check_absolute_urls(&built, base_url));
    for loc in sitemap_locs(&built) {
        match loc.strip_prefix(base_url) {
            Some(rest) if built.has_file(&target(rest).file) => {}
            _ => problems.push(format!(
                "sitemap.xml: <loc>{loc}</loc> is not a page under {base_url}"
            )),
        }
    }
    assert_eq!(
        problems,
        Vec::<String>::new(),
        "link problems with base URL {base_url}"
    );
}

#[test]
fn sample_site_links_resolve_under_a_sub_path() {
    check_sample_site("https://example.github.io/notes/");
}

#[test]
fn sample_site_links_resolve_at_the_domain_root() {
    check_sample_site("https://example.com/");
}

#[test]
fn valid_basic_links_resolve_including_fragments() {
    let built = SiteTest::fixture("valid-basic").build();
    built.assert_ok();
    let (mut problems, checked) = check_links(&built, "https://example.org/study/");
    assert!(checked > 100, "only {checked} internal links checked");
    problems.extend(check_absolute_urls(&built, "https://example.org/study/"));
    assert_eq!(problems, Vec::<String>::new());
}

#[test]
fn og_image_is_absolute_for_folder_note_and_sample_header_images() {
    let built = SiteTest::sample()
        .base_url("https://example.github.io/notes/")
        .build();
    let page = built.file("open-llm/open-source-software/index.html");
    assert_eq!(
        meta_property(&page, "og:image").as_deref(),
        Some("https://example.github.io/notes/open-llm/open-source-software/header.svg")
    );
}

#[test]
fn sitemap_and_feed_use_the_base_url() {
    let built = SiteTest::sample()
        .base_url("https://example.github.io/notes/")
        .build();
    let locs = sitemap_locs(&built);
    assert!(
        locs.contains(&"https://example.github.io/notes/".to_string()),
        "{locs:?}"
    );
    assert!(
        locs.iter()
            .all(|l| l.starts_with("https://example.github.io/notes/")),
        "{locs:?}"
    );
    let robots = built.file("robots.txt");
    assert!(
        robots.contains("Sitemap: https://example.github.io/notes/sitemap.xml"),
        "{robots}"
    );
    let atom = built.file("atom.xml");
    assert!(
        atom.contains("<link href=\"https://example.github.io/notes/atom.xml\" rel=\"self\""),
        "{atom}"
    );
    for href in atom
        .split("<link href=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
    {
        assert!(
            href.starts_with("https://example.github.io/notes/"),
            "{href}"
        );
    }
}

#[test]
fn every_toc_anchor_exists_as_an_id_in_its_page() {
    let built = SiteTest::sample().build();
    let mut checked = 0;
    for (path, bytes) in &built.files {
        let html = String::from_utf8_lossy(bytes);
        let Some(start) = html.find("<nav class=\"toc\"") else {
            continue;
        };
        let toc = &html[start..start + html[start..].find("</nav>").expect("toc closes")];
        let page_ids = ids(&html);
        for href in attributes(toc, "href") {
            let id = href
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("{path}: TOC link {href} is not an anchor"));
            assert!(
                page_ids.contains(&percent_decode(id)),
                "{path}: TOC anchor #{id} has no matching id"
            );
            checked += 1;
        }
    }
    assert!(
        checked >= 20,
        "only {checked} TOC anchors in the sample site"
    );
}

#[test]
fn link_checker_catches_links_missing_the_base_path() {
    // The checker itself must fail on the mistakes it is meant to find.
    let site = SiteTest::with_files(&[
        ("site.yaml", "base_url: https://example.github.io/notes/\n"),
        ("content/a.md", "---\ntitle: A\n---\n<a href=\"/tags/\">raw</a> <a href=\"b/\">rel</a> <a href=\"#nope\">frag</a>\n"),
    ]);
    let built = site.build();
    built.assert_ok();
    let (problems, _) = check_links(&built, "https://example.github.io/notes/");
    let page_problems: Vec<&String> = problems
        .iter()
        .filter(|p| p.starts_with("a/index.html"))
        .collect();
    assert_eq!(page_problems.len(), 3, "{problems:#?}");
}
