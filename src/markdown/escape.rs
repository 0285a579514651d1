//! HTML escaping shared by the Markdown stage and the renderers it calls
//! (callouts, highlighting, math): a leaf, so none of them imports another
//! for it.

/// Escapes text for HTML element content and quoted attribute values.
pub(crate) fn push_escaped(out: &mut String, text: &str) {
    // Runs between the five special bytes (all ASCII, so every cut is a
    // character boundary) are copied whole: this writes every hover
    // title and every highlighted token.
    let mut start = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// Undoes [`push_escaped`] (the tests read text back out of HTML with it): the
/// five entities it writes are decoded, anything else is left as written.
#[cfg(test)]
pub(crate) fn unescape(html: &str) -> String {
    // One pass. The same as replacing `&lt;`, `&gt;`, `&quot;`, `&#39;`
    // and then `&amp;` in turn: no two of them can overlap (each starts
    // with the only `&` it holds), and what one decodes to cannot form
    // another, so `&amp;lt;` still decodes to `&lt;`.
    const ENTITIES: [(&str, char); 5] = [
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&amp;", '&'),
    ];
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match ENTITIES.iter().find(|(e, _)| rest.starts_with(e)) {
            Some((entity, c)) => {
                out.push(*c);
                rest = &rest[entity.len()..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}
