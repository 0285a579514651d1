//! Feeds stage: `atom.xml`, `sitemap.xml` and `robots.txt`, written from the
//! frozen site without templates. Timestamps come from note dates only, so
//! the output is deterministic.

use std::fmt::Write as _;

use crate::site::Site;

/// The feed and sitemap files, as (output path, bytes). `pages` are the
/// public pages to list in the sitemap: URL paths relative to the base
/// path, with their last modification dates.
pub fn files(site: &Site, pages: &[(String, Option<String>)]) -> Vec<(String, Vec<u8>)> {
    let mut out = vec![
        ("sitemap.xml".to_string(), sitemap(site, pages).into_bytes()),
        ("robots.txt".to_string(), robots(site).into_bytes()),
    ];
    out.extend(atom_file(site));
    out
}

/// The Atom feed, when the site has one: the only one of these files whose
/// bytes depend on note bodies (entries carry the notes' HTML).
pub fn atom_file(site: &Site) -> Option<(String, Vec<u8>)> {
    site.config
        .feeds
        .atom
        .then(|| ("atom.xml".to_string(), atom(site).into_bytes()))
}

fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        encode_url(&site.permalink("sitemap.xml"))
    )
}

fn sitemap(site: &Site, pages: &[(String, Option<String>)]) -> String {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    let mut entries: Vec<&(String, Option<String>)> = pages.iter().collect();
    entries.sort();
    for (path, lastmod) in entries {
        let loc = escape(&encode_url(&site.permalink(path)));
        let _ = write!(xml, "  <url><loc>{loc}</loc>");
        if let Some(d) = lastmod {
            let _ = write!(xml, "<lastmod>{d}</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

fn atom(site: &Site) -> String {
    let c = &site.config;
    let mut dated: Vec<usize> = (0..site.notes().len())
        .filter(|&i| site.notes()[i].date.is_some())
        .collect();
    dated.sort_by(|&a, &b| {
        let (x, y) = (&site.notes()[a], &site.notes()[b]);
        y.date.cmp(&x.date).then_with(|| x.title.cmp(&y.title))
    });
    dated.truncate(c.feeds.limit);
    let updated = dated
        .iter()
        .filter_map(|&i| {
            let n = &site.notes()[i];
            n.updated.as_ref().or(n.date.as_ref())
        })
        .max()
        .map_or("1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
    let home = escape(&encode_url(&c.base_url));
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape(&c.language)
    );
    let _ = writeln!(xml, "  <title>{}</title>", escape(&c.title));
    if !c.description.is_empty() {
        let _ = writeln!(xml, "  <subtitle>{}</subtitle>", escape(&c.description));
    }
    let _ = writeln!(
        xml,
        "  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>",
        escape(&encode_url(&site.permalink("atom.xml")))
    );
    let _ = writeln!(
        xml,
        "  <link href=\"{home}\" rel=\"alternate\" type=\"text/html\"/>"
    );
    let _ = writeln!(xml, "  <id>{home}</id>");
    let _ = writeln!(xml, "  <updated>{updated}</updated>");
    let _ = writeln!(
        xml,
        "  <generator uri=\"https://github.com/\" version=\"{}\">manabi</generator>",
        env!("CARGO_PKG_VERSION")
    );
    for i in dated {
        entry(site, i, &mut xml);
    }
    xml.push_str("</feed>\n");
    xml
}

fn entry(site: &Site, i: usize, xml: &mut String) {
    let n = &site.notes()[i];
    let url = escape(&encode_url(&site.permalink(&site.note_urls[i])));
    let published = n.date.as_ref().map(|d| d.rfc3339()).unwrap_or_default();
    let updated = n
        .updated
        .as_ref()
        .map_or(published.clone(), |d| d.rfc3339());
    xml.push_str("  <entry>\n");
    let _ = writeln!(xml, "    <title>{}</title>", escape(&n.title));
    let _ = writeln!(
        xml,
        "    <link href=\"{url}\" rel=\"alternate\" type=\"text/html\"/>"
    );
    let _ = writeln!(xml, "    <id>{url}</id>");
    let _ = writeln!(xml, "    <published>{published}</published>");
    let _ = writeln!(xml, "    <updated>{updated}</updated>");
    let author = &site.config.author;
    if !author.is_empty() {
        let _ = writeln!(xml, "    <author><name>{}</name></author>", escape(author));
    }
    for tag in &n.tags {
        let _ = writeln!(xml, "    <category term=\"{}\"/>", escape(tag));
    }
    if !n.summary.is_empty() {
        let _ = writeln!(
            xml,
            "    <summary>{}</summary>",
            escape(&n.summary.join(" / "))
        );
    }
    let _ = writeln!(
        xml,
        "    <content type=\"html\">{}</content>",
        escape(&site.rendered[i].html)
    );
    xml.push_str("  </entry>\n");
}

/// XML text/attribute escaping.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Percent-encodes everything outside printable ASCII (Japanese paths), as
/// sitemaps and feeds need plain URIs.
pub fn encode_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for b in url.bytes() {
        if b.is_ascii_graphic() && b != b'%' {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_japanese_paths() {
        assert_eq!(
            encode_url("https://a.b/量子化/"),
            "https://a.b/%E9%87%8F%E5%AD%90%E5%8C%96/"
        );
        assert_eq!(encode_url("https://a.b/x y"), "https://a.b/x%20y");
    }

    #[test]
    fn escapes_xml() {
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
