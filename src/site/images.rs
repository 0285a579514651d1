//! Image files of the site, found once per build: which exist under which
//! output path, and their width and height read from the file header, so
//! every `<img>` can say how much room it takes and the page does not jump
//! while images load.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use rayon::prelude::*;

use crate::render::theme_static_files;

/// Pixels, as written in `width` and `height` attributes.
pub type Size = (u32, u32);

/// Every image file the output will hold, keyed by its output path relative
/// to the base (`img/a.png`, `sec/note/fig.svg`), with its size when the
/// header could be read. Content assets win over site `static/`, which wins
/// over the theme's static files, as when the files are written.
pub type ImageFiles = HashMap<String, Option<Size>>;

const EXTENSIONS: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "svg", "avif", "bmp", "ico",
];

/// Whether a path names an image by its extension.
pub fn is_image(path: &str) -> bool {
    path.rsplit_once('.')
        .is_some_and(|(_, ext)| EXTENSIONS.iter().any(|e| ext.eq_ignore_ascii_case(e)))
}

/// Reads the sizes of the theme's and the site's static images and of the
/// content images, given as (output path, file on disk).
pub fn collect(assets: &[(String, &Path)], root: &Path, theme: &str) -> ImageFiles {
    let mut files = ImageFiles::new();
    // A theme that cannot be read is reported by the renderer.
    for (rel, bytes) in theme_static_files(root, theme).unwrap_or_default() {
        let rel = rel.to_string_lossy().replace('\\', "/");
        if is_image(&rel) {
            let size = size_of_bytes(&rel, &bytes);
            files.insert(rel, size);
        }
    }
    let listed = crate::render::walk_files(&root.join("static")).unwrap_or_default();
    let found: Vec<(String, Option<Size>)> = listed
        .par_iter()
        .filter(|(rel, _)| is_image(rel))
        .map(|(rel, path)| (rel.clone(), size_of_file(path)))
        .collect();
    files.extend(found);
    let found: Vec<(String, Option<Size>)> = assets
        .par_iter()
        .filter(|(url, _)| is_image(url))
        .map(|(url, file)| (url.clone(), size_of_file(file)))
        .collect();
    files.extend(found);
    files
}

fn size_of_file(path: &Path) -> Option<Size> {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
    {
        // The root element comes first; 4 KiB holds it in any sane file.
        let mut head = Vec::with_capacity(4096);
        std::fs::File::open(path)
            .ok()?
            .take(4096)
            .read_to_end(&mut head)
            .ok()?;
        return svg_size(&String::from_utf8_lossy(&head));
    }
    let size = imagesize::size(path).ok()?;
    pixels(size.width, size.height)
}

fn size_of_bytes(name: &str, bytes: &[u8]) -> Option<Size> {
    if name.to_ascii_lowercase().ends_with(".svg") {
        let head = &bytes[..bytes.len().min(4096)];
        return svg_size(&String::from_utf8_lossy(head));
    }
    let size = imagesize::blob_size(bytes).ok()?;
    pixels(size.width, size.height)
}

fn pixels(width: usize, height: usize) -> Option<Size> {
    let w = u32::try_from(width).ok().filter(|&w| w > 0)?;
    let h = u32::try_from(height).ok().filter(|&h| h > 0)?;
    Some((w, h))
}

/// The size an SVG asks for: its `width` and `height` when both are plain
/// numbers (or `px`), else its `viewBox`, which gives the aspect ratio
/// browsers need to reserve the room.
pub fn svg_size(text: &str) -> Option<Size> {
    let start = text.find("<svg")?;
    let end = start + text[start..].find('>')?;
    let tag = &text[start..end];
    let length = |name: &str| {
        let v = attribute(tag, name)?;
        let v = v.trim().strip_suffix("px").unwrap_or(v.trim());
        v.parse::<f64>().ok().filter(|n| n.is_finite() && *n > 0.0)
    };
    if let (Some(w), Some(h)) = (length("width"), length("height")) {
        return pixels(w.round() as usize, h.round() as usize);
    }
    let view_box = attribute(tag, "viewBox")?;
    let numbers: Vec<f64> = view_box
        .split([' ', ',', '\t', '\n'])
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    match numbers[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite() => {
            pixels(w.round() as usize, h.round() as usize)
        }
        _ => None,
    }
}

/// The value of `name="…"` (or `'…'`) in a start tag.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut rest = tag;
    while let Some(i) = rest.find(name) {
        let before = rest[..i].chars().next_back();
        let after = rest[i + name.len()..].trim_start();
        rest = &rest[i + name.len()..];
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let Some(value) = after.strip_prefix('=') else {
            continue;
        };
        let value = value.trim_start();
        let quote = value.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let value = &value[1..];
        return value.find(quote).map(|end| &value[..end]);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3×2 PNG: signature and IHDR are all a size reader looks at.
    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
        bytes.extend([0, 0, 0, 13]);
        bytes.extend(b"IHDR");
        bytes.extend(width.to_be_bytes());
        bytes.extend(height.to_be_bytes());
        bytes.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        bytes
    }

    #[test]
    fn raster_sizes_come_from_the_header() {
        assert_eq!(size_of_bytes("a.png", &png(3, 2)), Some((3, 2)));
        // GIF: logical screen width and height, little-endian.
        let gif = b"GIF89a\x40\x01\xf0\x00\x00\x00\x00";
        assert_eq!(size_of_bytes("b.gif", gif), Some((320, 240)));
        assert_eq!(size_of_bytes("c.png", b"not an image"), None);
        assert_eq!(size_of_bytes("d.png", &png(0, 2)), None);
    }

    #[test]
    fn svg_size_prefers_width_and_height_then_view_box() {
        let svg = r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="640px" height='360' viewBox="0 0 10 10">"#;
        assert_eq!(svg_size(svg), Some((640, 360)));
        let svg = r#"<svg width="100%" viewBox="0,0 1200 630.4" stroke-width="2">"#;
        assert_eq!(svg_size(svg), Some((1200, 630)));
        assert_eq!(svg_size(r#"<svg viewBox="0 0 0 5">"#), None);
        assert_eq!(svg_size("<html>"), None);
    }

    #[test]
    fn image_extensions_are_recognised_in_any_case() {
        assert!(is_image("a/b.PNG") && is_image("x.svg") && is_image("y.jpeg"));
        assert!(!is_image("a.pdf") && !is_image("png"));
    }
}
