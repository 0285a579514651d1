//! The JSON pieces the index files are made of, written straight into a
//! byte buffer: strings escaped byte for byte as `serde_json` escapes them.
//! A large site's index is tens of megabytes of
//! these, and a general serializer spends most of its time on generality.

/// Appends `s` as a JSON string (see [`push_str_contents`]).
pub fn push_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    push_str_contents(out, s);
    out.push(b'"');
}

/// Appends `s` escaped as `serde_json` escapes a string: `"`, `\` and the
/// control characters below U+0020 (`\b \t \n \f \r`, the others
/// `\u00xx`); every other character (U+007F too) as it is.
pub fn push_str_contents(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    // Bytes from `start` to `i` need no escape and are not yet copied.
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        // Eight bytes at a time while none may need an escape.
        if let Some(chunk) = bytes.get(i..i + 8) {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            if !may_need_escape(u64::from_le_bytes(word)) {
                i += 8;
                continue;
            }
        }
        let b = bytes[i];
        let escape = ESCAPE[usize::from(b)];
        if escape != 0 {
            out.extend_from_slice(&bytes[start..i]);
            if escape == b'u' {
                let hex = b"0123456789abcdef";
                let (high, low) = (hex[usize::from(b >> 4)], hex[usize::from(b & 0xF)]);
                out.extend_from_slice(&[b'\\', b'u', b'0', b'0', high, low]);
            } else {
                out.extend_from_slice(&[b'\\', escape]);
            }
            start = i + 1;
        }
        i += 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

/// Whether any of the eight bytes of `word` is below 0x20, `"` or `\`
/// (never false when one is; sometimes true when none is).
fn may_need_escape(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |w: u64, n: u64| w.wrapping_sub(ONES * n) & !w & HIGH;
    let zero = |w: u64| below(w, 1);
    (below(word, 0x20)
        | zero(word ^ (ONES * u64::from(b'"')))
        | zero(word ^ (ONES * u64::from(b'\\'))))
        != 0
}

/// Per byte, the letter of its escape (`u`: `\u00xx`), or 0 for none.
const ESCAPE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        table[b] = b'u';
        b += 1;
    }
    table[0x08] = b'b';
    table[0x09] = b't';
    table[0x0A] = b'n';
    table[0x0C] = b'f';
    table[0x0D] = b'r';
    table[b'"' as usize] = b'"';
    table[b'\\' as usize] = b'\\';
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    fn json(s: &str) -> String {
        let mut out = Vec::new();
        push_str(&mut out, s);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn strings_escape_as_serde_json_does() {
        let every_ascii: String = (0..0x80u8).map(char::from).collect();
        let long = format!("{every_ascii}量子化とは何か{every_ascii}");
        for s in [
            "",
            "plain ascii, long enough for words",
            "量子化 LoRA「引用」— é ü 😀",
            every_ascii.as_str(),
            long.as_str(),
            "\"\\\"\\",
            "12345678\"",
            "1234567\u{1f}",
            "\u{7f}\u{80}\u{2028}",
        ] {
            assert_eq!(json(s), serde_json::to_string(s).unwrap(), "{s:?}");
        }
        // Each control character at each position of an eight-byte word.
        for b in (0..0x20u8).chain([b'"', b'\\']) {
            for at in 0..16 {
                let mut s = "あいうえおかき".to_string().into_bytes()[..16].to_vec();
                s[at] = b;
                let s = String::from_utf8_lossy(&s).into_owned();
                assert_eq!(json(&s), serde_json::to_string(&s).unwrap(), "{s:?}");
            }
        }
    }
}
