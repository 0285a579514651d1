//! Adversarial inputs (issue 17 and what hunting for more found): each a
//! small site of one note that used to cost super-linear time or
//! unbounded memory, with the diagnostic it must now give. Shared by the
//! correctness tests (`adversarial.rs`, no time limits) and the benchmark
//! that times them (`examples/adversarial.rs`, `bench/adversarial.sh`).

// Each side uses part of it: the tests no `Scale::Issue`, the benchmark
// no expectations.
#![allow(dead_code)]

/// How big to make each input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// The sizes of the issue's measurements (a 10 MB title).
    Issue,
    /// Smaller where size alone makes a debug-build test slow; still far
    /// past every bound.
    Test,
}

/// What `check` must report for a case.
#[derive(Debug, Clone)]
pub struct Expect {
    /// `path:line:col` of the diagnostic, relative to the site root.
    pub at: String,
    pub error: bool,
    /// The start of its message.
    pub message: &'static str,
}

/// One adversarial site.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: &'static str,
    /// The input and what it cost before (issue 17 or our own run).
    pub about: &'static str,
    /// (path relative to the site root, text).
    pub files: Vec<(String, String)>,
    pub expect: Expect,
}

const NOTE: &str = "content/a.md";

fn note(front: &str, body: &str) -> Vec<(String, String)> {
    vec![(NOTE.into(), format!("---\n{front}---\n{body}"))]
}

fn at(line: usize, col: usize) -> String {
    format!("{NOTE}:{line}:{col}")
}

fn error(line: usize, col: usize, message: &'static str) -> Expect {
    let at = at(line, col);
    Expect {
        at,
        error: true,
        message,
    }
}

fn warning(line: usize, col: usize, message: &'static str) -> Expect {
    Expect {
        error: false,
        ..error(line, col, message)
    }
}

/// Every case, at `scale`.
pub fn cases(scale: Scale) -> Vec<Case> {
    vec![
        hl_lines_huge(),
        hl_lines_malformed(),
        title_repeated(),
        title_huge(scale),
        alias_repeated(),
        headings_identical(),
        yaml_flow_deep(),
        yaml_alias_fan_out(),
        yaml_billion_laughs(),
        math_deep(),
        problems_many(),
        quiz_duplicate_ids(),
    ]
}

fn hl_lines_huge() -> Case {
    let body = "本文\n\n```python {hl_lines=[1-4294967295]}\nx = 1\n```\n";
    Case {
        name: "hl_lines_huge",
        about: "```python {hl_lines=[1-4294967295]}: check grew ~1 GB/s until killed",
        files: note("title: a\n", body),
        expect: warning(
            6,
            12,
            "`hl_lines` marks line 4294967295, but the block has 1 line",
        ),
    }
}

fn hl_lines_malformed() -> Case {
    let body = "```python {hl_lines=[0,-1,5-2]\nx = 1\n```\n";
    Case {
        name: "hl_lines_malformed",
        about: "hl_lines 0, -1, 5-2 and an unclosed `{`: silently ignored",
        files: note("title: a\n", body),
        expect: warning(4, 11, "unclosed `{` in the code fence's options"),
    }
}

fn title_repeated() -> Case {
    let title = "あ".repeat(10_000);
    Case {
        name: "title_repeated",
        about: "a title of 10,000 x あ: 47 s (keyword automaton)",
        files: note(&format!("title: {title}\n"), "本文\n"),
        expect: error(2, 1, "`title` is 10000 characters long"),
    }
}

fn title_huge(scale: Scale) -> Case {
    let chars = match scale {
        Scale::Issue => 10 * 1024 * 1024,
        Scale::Test => 1024 * 1024,
    };
    let title = "a".repeat(chars);
    Case {
        name: "title_huge",
        about: "a 10 MB title: killed after 120 s at 5.8 GB",
        files: note(&format!("title: {title}\n"), "本文\n"),
        expect: error(2, 1, "`title` is "),
    }
}

fn alias_repeated() -> Case {
    let alias = "あ".repeat(10_000);
    Case {
        name: "alias_repeated",
        about: "an alias of 10,000 x あ: as the title",
        files: note(&format!("title: a\naliases:\n  - {alias}\n"), "本文\n"),
        expect: error(4, 3, "an alias is 10000 characters long"),
    }
}

fn headings_identical() -> Case {
    let body = "## 見出し\n\n".repeat(20_000) + "## 見出し {#見出し-19999}\n";
    Case {
        name: "headings_identical",
        about: "20,000 identical headings: 70 s (20,000 distinct: 0.4 s)",
        files: note("title: a\n", &body),
        // The explicit id after them is taken: the dedup still counts.
        expect: warning(40_004, 1, "duplicate heading id `見出し-19999`"),
    }
}

fn yaml_flow_deep() -> Case {
    let n = 100_000;
    let extra = format!("extra: {{x: {}{}}}\n", "[".repeat(n), "]".repeat(n));
    Case {
        name: "yaml_flow_deep",
        about: "100,000-deep flow nesting in `extra`: 59 s before its error",
        files: note(&format!("title: a\n{extra}"), "本文\n"),
        // `{` is level 1; the 64th `[`, at column 12 + 63, is level 65.
        expect: error(3, 75, "YAML collections nested more than 64 levels deep"),
    }
}

fn yaml_alias_fan_out() -> Case {
    let items = vec!["x"; 10_000].join(",");
    let refs = vec!["*a"; 10_000].join(",");
    let extra = format!("extra:\n  a: &a [{items}]\n  b: [{refs}]\n");
    Case {
        name: "yaml_alias_fan_out",
        about: "10,000 aliases of a 10,000-item list (60 KB): 22 s, 3.8 GB, then accepted",
        files: note(&format!("title: a\n{extra}"), "本文\n"),
        expect: error(5, 7, "YAML aliases (`*name`) expand this block"),
    }
}

fn yaml_billion_laughs() -> Case {
    let mut extra = String::from("extra:\n  a: &a [x,x,x,x,x,x,x,x,x,x]\n");
    for (name, prev) in "bcdefghi".chars().zip("abcdefgh".chars()) {
        let refs = vec![format!("*{prev}"); 10].join(",");
        extra.push_str(&format!("  {name}: &{name} [{refs}]\n"));
    }
    Case {
        name: "yaml_billion_laughs",
        about: "nine levels of ten aliases (10^9 values): refused by yaml_serde's repetition limit",
        files: note(&format!("title: a\n{extra}"), "本文\n"),
        expect: error(5, 10, "YAML aliases (`*name`) expand this block"),
    }
}

fn math_deep() -> Case {
    let n = 50_000;
    let body = format!("本文\n\n${}x{}$\n", "{".repeat(n), "}".repeat(n));
    Case {
        name: "math_deep",
        about: "a formula of 50,000 nested braces: 14 s (pulldown-latex)",
        files: note("title: a\n", &body),
        expect: error(6, 1, "cannot render formula: groups nested more than 64"),
    }
}

fn problems_many() -> Case {
    let body = "x ![](missing.png)\n\n".repeat(20_000);
    Case {
        name: "problems_many",
        about: "20,000 missing images: 18 s (each diagnostic scanned the file for its line)",
        files: note("title: a\n", &body),
        expect: error(4, 3, "image `missing.png` not found"),
    }
}

fn quiz_duplicate_ids() -> Case {
    let question = "- id: same\n  question: q\n  choices: [a, b]\n  answer: 1\n  explanation: e\n";
    let quiz = format!("quiz:\n{}", question.repeat(5_000));
    Case {
        name: "quiz_duplicate_ids",
        about: "5,000 questions with one id: each error listed the 4,999 others (25 M places)",
        files: note(&format!("title: a\n{quiz}"), "本文\n"),
        expect: error(4, 3, "duplicate question id `same`: also used at "),
    }
}
