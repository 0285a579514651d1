//! Pass 1: who every note is (title, reading, file, URL, section, aliases),
//! decided before any text is written so links and questions can name
//! notes that exist, by title, slug, alias or relative path.

use std::collections::BTreeMap;

use super::rng::Rng;
use super::vocab::{is_latin, DOMAINS, FACETS, KEYWORDS, SECTIONS};

/// Streams of the PRNG (see `Rng::derive`).
pub const STREAM_IDENT: u64 = 1;
pub const STREAM_NOTE: u64 = 2;

pub struct Ident {
    pub title: String,
    pub reading: String,
    /// Index in `KEYWORDS`.
    pub keyword: usize,
    /// ASCII slug, unique in the site (also the base of question ids).
    pub ascii: String,
    /// File stem (folder name for a folder note).
    pub stem: String,
    /// `slug:` written in the front-matter (differs from the stem).
    pub explicit_slug: Option<String>,
    /// `<stem>/index.md` with its images beside it.
    pub folder: bool,
    pub section: usize,
    pub aliases: Vec<String>,
}

impl Ident {
    /// The slug in the URL (and a name `[[…]]` can use).
    pub fn slug(&self) -> &str {
        self.explicit_slug.as_deref().unwrap_or(&self.stem)
    }

    /// Path under `content/`.
    pub fn rel_path(&self) -> String {
        let sec = SECTIONS[self.section].path;
        if self.folder {
            format!("{sec}/{}/index.md", self.stem)
        } else {
            format!("{sec}/{}.md", self.stem)
        }
    }

    /// The folder relative links in this note start from.
    pub fn dir(&self) -> String {
        let sec = SECTIONS[self.section].path;
        if self.folder {
            format!("{sec}/{}", self.stem)
        } else {
            sec.to_string()
        }
    }

    pub fn url(&self) -> String {
        format!("/{}/{}/", SECTIONS[self.section].path, self.slug())
    }
}

/// The note's keyword, facet and domain: titles are enumerated base keywords
/// first, then keyword + facet, then keyword + facet + domain, then the same
/// again with a counter, so every title is unique.
fn title_parts(i: usize) -> (usize, Option<usize>, Option<usize>, usize) {
    let (k, f, d) = (KEYWORDS.len(), FACETS.len(), DOMAINS.len());
    let cycle = k * (1 + f + f * d);
    let round = i / cycle;
    let i = i % cycle;
    if i < k {
        return (i, None, None, round);
    }
    let j = i - k;
    if j < k * f {
        let kw = j % k;
        let facet = (j / k + kw * 7) % f;
        return (kw, Some(facet), None, round);
    }
    let j = j - k * f;
    let kw = j % k;
    let rest = j / k;
    let fb = rest % f;
    let facet = (fb + kw * 7) % f;
    let domain = (rest / f + kw * 5 + fb) % d;
    (kw, Some(facet), Some(domain), round)
}

struct Names {
    title: String,
    reading: String,
    ascii: String,
    /// Japanese file stem (the ASCII one for English keywords).
    ja: String,
}

fn names(i: usize) -> (usize, Option<usize>, Option<usize>, Names) {
    let (kw, facet, domain, round) = title_parts(i);
    let k = &KEYWORDS[kw];
    let sep = if is_latin(k) { " " } else { "" };
    let mut n = Names {
        title: k.name.to_string(),
        reading: k.reading.to_string(),
        ascii: k.slug.to_string(),
        ja: k.name.to_string(),
    };
    if let Some(f) = facet {
        let f = &FACETS[f];
        n.title = format!("{}{sep}{}", n.title, f.suffix);
        n.reading.push_str(f.reading);
        n.ascii = format!("{}-{}", n.ascii, f.slug);
        n.ja = format!("{}{}", k.name, f.suffix);
    }
    if let Some(d) = domain {
        let (name, reading, slug) = DOMAINS[d];
        n.title = format!("{}（{name}）", n.title);
        n.reading.push_str(reading);
        n.ascii = format!("{}-{slug}", n.ascii);
        n.ja = format!("{}-{name}", n.ja);
    }
    if round > 0 {
        n.title = format!("{} その{}", n.title, round + 1);
        n.reading = format!("{}その{}", n.reading, round + 1);
        n.ascii = format!("{}-{}", n.ascii, round + 1);
        n.ja = format!("{}-{}", n.ja, round + 1);
    }
    if is_latin(k) {
        n.ja = n.ascii.clone();
    }
    (kw, facet, domain, n)
}

/// The note's alias candidates (checked for clashes by the caller).
fn alias_candidates(
    kw: usize,
    facet: Option<usize>,
    domain: Option<usize>,
    rng: &mut Rng,
) -> Vec<String> {
    let k = &KEYWORDS[kw];
    let base = if is_latin(k) { k.name } else { k.other };
    match (facet, domain) {
        (None, _) if !k.other.is_empty() => vec![k.other.to_string()],
        (Some(f), None) if !base.is_empty() && rng.chance(1, 4) => {
            vec![format!("{base} {}", FACETS[f].en)]
        }
        (Some(f), Some(d)) if !base.is_empty() && rng.chance(1, 10) => {
            vec![format!("{base} {} ({})", FACETS[f].en, DOMAINS[d].2)]
        }
        _ => Vec::new(),
    }
}

/// Case-folded name, as manabi folds ASCII (our names have no full-width
/// Latin letters, so NFKC changes nothing that matters here).
pub fn fold(s: &str) -> String {
    s.to_lowercase()
}

pub fn plan(n: usize, seed: u64) -> Vec<Ident> {
    let shares: Vec<u64> = SECTIONS.iter().map(|s| s.share).collect();
    let mut out: Vec<Ident> = Vec::with_capacity(n);
    for i in 0..n {
        let mut rng = Rng::derive(seed, STREAM_IDENT, i as u64);
        let (keyword, facet, domain, nm) = names(i);
        // The first notes fill every section once, so small corpora have no
        // empty section; then sections are drawn by their share.
        let section = if i < SECTIONS.len() {
            i
        } else {
            rng.weighted(&shares)
        };
        let latin = is_latin(&KEYWORDS[keyword]);
        let (stem, explicit_slug) = match rng.below(20) {
            _ if latin => (nm.ascii.clone(), None),
            0..=13 => (nm.ascii.clone(), None),
            14..=17 => (nm.ja.clone(), None),
            _ => (nm.ja.clone(), Some(nm.ascii.clone())),
        };
        let folder = rng.chance(6, 100);
        let aliases = alias_candidates(keyword, facet, domain, &mut rng);
        out.push(Ident {
            title: nm.title,
            reading: nm.reading,
            keyword,
            ascii: nm.ascii,
            stem,
            explicit_slug,
            folder,
            section,
            aliases,
        });
    }
    check_names(&mut out);
    out
}

/// Titles, slugs and aliases must each name one note (a clash is an
/// ambiguity warning in manabi): a clashing alias is dropped; a clashing
/// title, slug or URL is a bug of this generator.
fn check_names(idents: &mut [Ident]) {
    let mut owner: BTreeMap<String, usize> = BTreeMap::new();
    for (i, id) in idents.iter().enumerate() {
        let prev = owner.insert(fold(&id.title), i);
        assert!(prev.is_none(), "duplicate title {}", id.title);
    }
    for (i, id) in idents.iter().enumerate() {
        for key in [fold(id.slug()), fold(&id.ascii)] {
            let prev = *owner.entry(key.clone()).or_insert(i);
            assert_eq!(prev, i, "slug {key} clashes with another note's name");
        }
    }
    for (i, id) in idents.iter_mut().enumerate() {
        id.aliases
            .retain(|a| *owner.entry(fold(a)).or_insert(i) == i);
    }
    let mut urls: BTreeMap<String, usize> = BTreeMap::new();
    for s in SECTIONS {
        urls.insert(format!("/{}/", s.path), usize::MAX);
    }
    for (i, id) in idents.iter().enumerate() {
        let prev = urls.insert(id.url(), i);
        assert!(prev.is_none(), "duplicate URL {}", id.url());
    }
}

/// Notes by section, in note order.
pub fn members(idents: &[Ident]) -> Vec<Vec<usize>> {
    let mut m = vec![Vec::new(); SECTIONS.len()];
    for (i, id) in idents.iter().enumerate() {
        m[id.section].push(i);
    }
    m
}

/// `to` (a path under `content/`) relative to the folder `from`.
pub fn relative(from: &str, to: &str) -> String {
    let a: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let b: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<&str> = vec![".."; a.len() - common];
    parts.extend(&b[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(relative("a/b", "a/c.md"), "../c.md");
        assert_eq!(relative("a/b", "a/b/c.md"), "c.md");
        assert_eq!(relative("a", "x/y/index.md"), "../x/y/index.md");
    }

    #[test]
    fn titles_are_unique() {
        let ids = plan(40_000, 1);
        assert_eq!(ids.len(), 40_000);
    }
}
