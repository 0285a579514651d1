//! Writing YAML by hand: plain scalars where YAML (1.1 and 1.2) reads them
//! back as the same string, double quotes otherwise, literal blocks for
//! text with line breaks.

use std::fmt::Write as _;

/// Double-quoted.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for ch in s.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            _ => out.push(ch),
        }
    }
    out.push('"');
    out
}

/// Words YAML 1.1 (Hugo's parser) reads as something other than a string.
fn special_word(s: &str) -> bool {
    const WORDS: &[&str] = &[
        "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
    ];
    let lower = s.to_ascii_lowercase();
    WORDS.contains(&lower.as_str())
        || s.parse::<f64>().is_ok()
        || s.bytes()
            .all(|b| b.is_ascii_digit() || b == b'-' || b == b':' || b == b'.')
}

fn plain_ok(s: &str, flow: bool) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if first.is_whitespace() || s.ends_with(char::is_whitespace) || special_word(s) {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if s.contains(": ") || s.contains(" #") || s.ends_with(':') || s.contains('\n') {
        return false;
    }
    !(flow && s.contains([',', '[', ']', '{', '}']))
}

/// A scalar in block context (`key: value`, `- value`).
pub fn scalar(s: &str) -> String {
    if plain_ok(s, false) {
        s.to_string()
    } else {
        quoted(s)
    }
}

/// A scalar inside `[…]` or `{…}`.
pub fn flow_scalar(s: &str) -> String {
    if plain_ok(s, true) {
        s.to_string()
    } else {
        quoted(s)
    }
}

pub fn flow_list(items: &[String]) -> String {
    let parts: Vec<String> = items.iter().map(|s| flow_scalar(s)).collect();
    format!("[{}]", parts.join(", "))
}

/// `key: value` at `indent`, as a literal block when the value has several
/// lines.
pub fn field(out: &mut String, indent: &str, key: &str, value: &str) {
    if value.contains('\n') {
        let _ = writeln!(out, "{indent}{key}: |-");
        for line in value.lines() {
            if line.is_empty() {
                out.push('\n');
            } else {
                let _ = writeln!(out, "{indent}  {line}");
            }
        }
    } else {
        let _ = writeln!(out, "{indent}{key}: {}", scalar(value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_what_yaml_would_misread() {
        assert_eq!(scalar("量子化"), "量子化");
        assert_eq!(scalar("on"), "\"on\"");
        assert_eq!(scalar("2024"), "\"2024\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("`x` は"), "\"`x` は\"");
        assert_eq!(flow_scalar("a, b"), "\"a, b\"");
    }
}
