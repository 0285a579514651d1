//! Tests of the compact highlighting grammars (`syntaxes/`): each kind of
//! token a study note shows gets the theme class it should, and what
//! looks like a token inside a string or comment does not.

use super::escape::unescape;
use super::highlight::{render, Fence};

/// The `(class, text)` of each coloured span of `code` highlighted as
/// `lang`, in order; text unescaped.
fn spans(lang: &str, code: &str) -> Vec<(String, String)> {
    let mut html = String::new();
    assert!(
        render(&Fence::parse(lang).0, code, &mut html),
        "{lang} is known"
    );
    let mut out = Vec::new();
    let mut rest = html.as_str();
    while let Some(at) = rest.find("<span class=\"hl-") {
        rest = &rest[at + "<span class=\"hl-".len()..];
        let (class, after) = rest.split_once("\">").expect("class attribute closes");
        let (text, after) = after.split_once("</span>").expect("span closes");
        assert!(!text.contains('<'), "spans are flat: {html}");
        out.push((class.to_owned(), unescape(text)));
        rest = after;
    }
    out
}

/// Asserts `text` is one span of `class` in `spans`.
fn has(spans: &[(String, String)], class: &str, text: &str) {
    assert!(
        spans.iter().any(|(c, t)| c == class && t == text),
        "expected {class} `{text}` in {spans:?}"
    );
}

/// Asserts no span's text is `text` (whatever its class).
fn lacks(spans: &[(String, String)], text: &str) {
    assert!(
        spans.iter().all(|(_, t)| t != text),
        "`{text}` should not be a token in {spans:?}"
    );
}

#[test]
fn python_keywords_strings_comments_numbers_and_names() {
    let code = "import numpy as np\n\n@dataclass\nclass Point(Base):\n    def norm(self, p=2, *args) -> float:\n        \"\"\"Length if p == 2.\"\"\"\n        return np.sqrt(x ** p) + len(args)  # for p in ...\n\nprint(f\"{x}\", None, 0x1F, 3e-4, key='v')\n";
    let s = spans("python", code);
    for kw in ["import", "as", "def", "class", "return"] {
        has(&s, "keyword", kw);
    }
    has(&s, "function", "@dataclass");
    has(&s, "type", "Point");
    has(&s, "function", "norm");
    has(&s, "variable", "self");
    has(&s, "variable", "p");
    has(&s, "variable", "args");
    has(&s, "number", "2");
    has(&s, "type", "float");
    has(&s, "keyword", "->");
    has(&s, "keyword", "**");
    has(&s, "string", "\"\"\"Length if p == 2.\"\"\"");
    has(&s, "function", "sqrt");
    has(&s, "function", "len");
    has(&s, "function", "print");
    has(&s, "comment", "# for p in ...");
    has(&s, "string", "f\"{x}\"");
    has(&s, "number", "None");
    has(&s, "number", "0x1F");
    has(&s, "number", "3e-4");
    has(&s, "variable", "key");
    has(&s, "string", "'v'");
    // Plain names are not tokens; words inside strings and comments are
    // not keywords.
    lacks(&s, "np");
    lacks(&s, "x");
    lacks(&s, "if");
    lacks(&s, "for");
}

#[test]
fn python_triple_quoted_string_spans_lines() {
    let s = spans("py", "s = '''first\nif in the middle\nlast''' + 1\n");
    has(&s, "string", "'''first");
    has(&s, "string", "if in the middle");
    has(&s, "string", "last'''");
    has(&s, "number", "1");
}

#[test]
fn python_every_listed_keyword_is_a_keyword() {
    // build.rs factors the word list into a trie; each word must survive.
    let source = include_str!("syntaxes/python.sublime-syntax");
    let list = word_list(source, "keyword_words");
    assert!(list.len() > 30, "{list:?}");
    for word in list {
        let s = spans("python", &format!("{word} x\n"));
        has(&s, "keyword", word);
    }
    // A keyword's prefix or extension is a plain name.
    let s = spans("python", "i = imports + ifs\n");
    for name in ["i", "imports", "ifs"] {
        lacks(&s, name);
    }
}

/// The words of the `name: 'a b c'` variable in a grammar's source.
fn word_list<'s>(source: &'s str, name: &str) -> Vec<&'s str> {
    let line = source
        .lines()
        .find(|l| l.trim_start().starts_with(&format!("{name}: '")))
        .expect("word list");
    let list = line
        .split_once('\'')
        .expect("quoted")
        .1
        .trim_end_matches('\'');
    list.split_whitespace().collect()
}

#[test]
fn json_keys_and_string_values_differ() {
    let s = spans(
        "json",
        "{\n  \"model\": \"gpt\",\n  \"n\": -1.5e3,\n  \"ok\": true,\n  \"x\": null,\n  \"list\": [\"a:b\", 2]\n}\n",
    );
    has(&s, "type", "\"model\"");
    has(&s, "string", "\"gpt\"");
    has(&s, "number", "-1.5e3");
    has(&s, "number", "true");
    has(&s, "number", "null");
    has(&s, "type", "\"list\"");
    has(&s, "string", "\"a:b\"");
    has(&s, "number", "2");
}

#[test]
fn bash_commands_options_variables_and_comments() {
    let code = "# set up\nexport PATH=\"$HOME/bin:${PATH}\"\nLANG=C sort -u file.txt | head -n 3 && echo done\nif [ -f x ]; then rm -rf build; fi\npython train.py --lr 3e-4 \\\n  --output-dir runs/$NAME\n";
    let s = spans("bash", code);
    has(&s, "comment", "# set up");
    has(&s, "function", "export");
    has(&s, "variable", "$HOME");
    has(&s, "variable", "${PATH}");
    has(&s, "variable", "LANG=C");
    has(&s, "function", "sort");
    has(&s, "variable", "-u");
    has(&s, "keyword", "|");
    has(&s, "function", "head");
    has(&s, "number", "3");
    has(&s, "keyword", "&&");
    has(&s, "function", "echo");
    has(&s, "keyword", "if");
    has(&s, "keyword", "then");
    has(&s, "function", "rm");
    has(&s, "keyword", "fi");
    has(&s, "function", "python");
    has(&s, "variable", "--lr");
    has(&s, "number", "3e-4");
    // A continued line carries arguments, not a new command.
    has(&s, "variable", "--output-dir");
    has(&s, "variable", "$NAME");
    lacks(&s, "done");
    lacks(&s, "file.txt");
}

#[test]
fn bash_strings_keep_variables_and_single_quotes_are_literal() {
    let s = spans("sh", "echo \"hi $USER\" 'no $HOME here'\n");
    has(&s, "string", "\"hi ");
    has(&s, "variable", "$USER");
    has(&s, "string", "'no $HOME here'");
    lacks(&s, "$HOME");
}

#[test]
fn console_prompts_start_commands_and_output_stays_plain() {
    let code = "$ pip install -U torch  # GPU\nSuccessfully installed torch-2.3\n(venv) user@host:~$ export N=3 && python -m train\n";
    let s = spans("console", code);
    has(&s, "comment", "$ ");
    has(&s, "function", "pip");
    has(&s, "variable", "-U");
    has(&s, "comment", "# GPU");
    has(&s, "comment", "(venv) user@host:~$ ");
    has(&s, "function", "export");
    has(&s, "keyword", "&&");
    has(&s, "function", "python");
    has(&s, "variable", "-m");
    // Output lines are not commands.
    lacks(&s, "Successfully");
    assert!(s.iter().all(|(_, t)| !t.contains("torch-2.3")), "{s:?}");
}

#[test]
fn yaml_keys_values_comments_and_anchors() {
    let code = "# config\ntitle: \"My notes\"\nmarkdown:\n  math: true # on\n  depth: 3\nlist:\n  - name: a\n  - &base {x: 1}\n  - *base\nempty: ~\n";
    let s = spans("yaml", code);
    has(&s, "comment", "# config");
    has(&s, "type", "title");
    has(&s, "string", "\"My notes\"");
    has(&s, "type", "markdown");
    has(&s, "number", "true");
    has(&s, "comment", "# on");
    has(&s, "number", "3");
    has(&s, "keyword", "- ");
    has(&s, "type", "name");
    has(&s, "variable", "&base");
    has(&s, "variable", "*base");
    has(&s, "number", "~");
}

#[test]
fn toml_tables_keys_and_values() {
    let code = "# build\n[project]\nname = \"manabi\"\nversion.major = 1\n[[bin]]\nopt = true\nwhen = 2026-11-28\nratio = -0.5e3 # note\n";
    let s = spans("toml", code);
    has(&s, "comment", "# build");
    has(&s, "keyword", "[project]");
    has(&s, "type", "name");
    has(&s, "keyword", "=");
    has(&s, "string", "\"manabi\"");
    has(&s, "type", "version.major");
    has(&s, "number", "1");
    has(&s, "keyword", "[[bin]]");
    has(&s, "number", "true");
    has(&s, "number", "2026-11-28");
    has(&s, "number", "-0.5e3");
    has(&s, "comment", "# note");
}

#[test]
fn sql_keywords_in_any_case_types_calls_strings_and_comments() {
    let code = "-- 集計\nSELECT model, AVG(score) AS mean, COUNT(*) AS n\nFROM evaluations e\nLEFT JOIN runs r ON r.id = e.run_id\nWHERE task = 'it''s' AND score >= 0.9 AND note IS NOT NULL\nGROUP BY model\norder by mean desc\nlimit 10; /* done */\nCREATE TABLE t (id INTEGER PRIMARY KEY, name varchar(20) DEFAULT \"x\");\n";
    let s = spans("sql", code);
    has(&s, "comment", "-- 集計");
    for kw in [
        "SELECT", "AS", "FROM", "LEFT", "JOIN", "ON", "WHERE", "AND", "IS", "NOT", "GROUP BY",
        "order by", "desc", "limit", "CREATE", "TABLE", "PRIMARY", "KEY", "DEFAULT",
    ] {
        has(&s, "keyword", kw);
    }
    has(&s, "function", "AVG");
    has(&s, "function", "COUNT");
    has(&s, "keyword", "*");
    has(&s, "keyword", "=");
    has(&s, "keyword", ">=");
    has(&s, "string", "'it''s'");
    has(&s, "number", "0.9");
    has(&s, "number", "10");
    has(&s, "number", "NULL");
    has(&s, "type", "INTEGER");
    has(&s, "type", "varchar");
    has(&s, "comment", "/* done */");
    has(&s, "string", "\"x\"");
    for name in [
        "model",
        "score",
        "evaluations",
        "e",
        "runs",
        "task",
        "id",
        "mean",
    ] {
        lacks(&s, name);
    }
}

#[test]
fn sql_block_comment_spans_lines_and_every_keyword_any_case() {
    let s = spans("sql", "/* first\nSELECT in a comment\nlast */ SELECT 1\n");
    has(&s, "comment", "/* first");
    has(&s, "comment", "SELECT in a comment");
    has(&s, "comment", "last */");
    has(&s, "keyword", "SELECT");
    let source = include_str!("syntaxes/sql.sublime-syntax");
    let list = word_list(source, "keyword_iwords");
    assert!(list.len() > 80, "{list:?}");
    for word in list {
        let upper = word.to_ascii_uppercase();
        let s = spans("sql", &format!("{word} x {upper} y\n"));
        has(&s, "keyword", word);
        has(&s, "keyword", &upper);
    }
    // A keyword inside a longer name is not a keyword.
    let s = spans("sql", "select_all fromage order_by\n");
    for name in ["select_all", "select", "fromage", "from", "order_by"] {
        lacks(&s, name);
    }
}

#[test]
fn rust_keywords_types_functions_parameters_and_literals() {
    let code = "/// 例: softmax\n#[derive(Debug, Clone)]\npub struct Point<'a> { name: &'a str }\nfn softmax(xs: &[f32], mut n: usize) -> Vec<f32> {\n    let max = xs.iter().cloned().fold(f32::NEG_INFINITY, f32::max);\n    let v: Vec<f32> = xs.iter().map(|x| (x - max).exp()).collect();\n    println!(\"{} {}\", 'c', b'\\n');\n    if n > 0x1F && v.len() < 2 { return Some(1.5e3); } // end\n    Ok(vec![0u8; 4])?\n}\n";
    let s = spans("rust", code);
    has(&s, "comment", "/// 例: softmax");
    has(&s, "function", "#[derive(Debug, Clone)]");
    for kw in [
        "pub", "struct", "fn", "let", "mut", "if", "return", "->", "&&", "=", "?",
    ] {
        has(&s, "keyword", kw);
    }
    has(&s, "type", "Point");
    has(&s, "keyword", "'a");
    has(&s, "keyword", "str");
    has(&s, "function", "softmax");
    has(&s, "variable", "xs");
    has(&s, "variable", "n");
    has(&s, "keyword", "f32");
    has(&s, "keyword", "usize");
    has(&s, "type", "Vec");
    has(&s, "function", "iter");
    has(&s, "function", "fold");
    has(&s, "number", "NEG_INFINITY");
    has(&s, "variable", "x");
    has(&s, "function", "exp");
    has(&s, "function", "println!");
    has(&s, "string", "\"{} {}\"");
    has(&s, "string", "'c'");
    has(&s, "string", "b'\\n'");
    has(&s, "number", "0x1F");
    has(&s, "number", "1.5e3");
    has(&s, "number", "0u8");
    has(&s, "type", "Some");
    has(&s, "function", "vec!");
    has(&s, "comment", "// end");
    // Comparisons with spaces are operators; generics are not.
    has(&s, "keyword", ">");
    has(&s, "keyword", "<");
    assert!(
        s.iter().all(|(_, t)| !t.contains("<f32") && t != "<'a>"),
        "{s:?}"
    );
    for name in ["max", "name", "v", "Debug, Clone"] {
        lacks(&s, name);
    }
}

#[test]
fn rust_strings_and_comments_span_lines_and_hide_keywords() {
    let code = "let s = \"first\nfn in the middle \\\" still\nlast\"; /* a\nlet b */ let r = r#\"say \"hi\"\"#;\n";
    let s = spans("rs", code);
    has(&s, "string", "\"first");
    has(&s, "string", "fn in the middle \\\" still");
    has(&s, "string", "last\"");
    has(&s, "comment", "/* a");
    has(&s, "comment", "let b */");
    has(&s, "string", "r#\"say \"hi\"\"#");
    lacks(&s, "fn");
    let source = include_str!("syntaxes/rust.sublime-syntax");
    for word in word_list(source, "keyword_words") {
        has(&spans("rust", &format!("{word} x\n")), "keyword", word);
    }
}

#[test]
fn javascript_keywords_functions_parameters_and_literals() {
    let code = "// API\nimport { x } from \"./x.js\";\nconst res = await fetch(\"/api\", { method: 'POST', type: 1 });\nfunction add(a, b = 2, ...rest) { return a + b; }\nconst twice = async (n) => n * 2;\nlet items = list.map(item => item.id).filter(Boolean);\nconsole.log(`total ${items.length}`, /^a+$/gi, 0.5, 10n, null);\nclass Point extends Base {}\nif (a === b && c !== undefined) { throw new Error(\"x\"); }\n";
    let s = spans("js", code);
    has(&s, "comment", "// API");
    for kw in [
        "import", "from", "const", "await", "function", "return", "async", "let", "class",
        "extends", "if", "throw", "new", "=>", "===", "&&", "!==", "=", "+", "*",
    ] {
        has(&s, "keyword", kw);
    }
    has(&s, "string", "\"./x.js\"");
    has(&s, "variable", "res");
    has(&s, "function", "fetch");
    has(&s, "string", "'POST'");
    has(&s, "function", "add");
    has(&s, "variable", "a");
    has(&s, "variable", "b");
    has(&s, "variable", "rest");
    has(&s, "number", "2");
    has(&s, "function", "twice");
    has(&s, "variable", "n");
    has(&s, "variable", "items");
    has(&s, "function", "map");
    has(&s, "variable", "item");
    has(&s, "type", "Boolean");
    has(&s, "type", "console");
    has(&s, "function", "log");
    has(&s, "string", "`total ");
    has(&s, "variable", "${items.length}");
    has(&s, "string", "/^a+$/gi");
    has(&s, "number", "0.5");
    has(&s, "number", "10n");
    has(&s, "number", "null");
    has(&s, "number", "undefined");
    has(&s, "type", "Point");
    has(&s, "type", "Error");
    has(&s, "string", "\"x\"");
    // An object key named like a contextual keyword stays a name, and so
    // does every plain name.
    for name in ["type", "method", "list", "id", "length", "x"] {
        lacks(&s, name);
    }
}

#[test]
fn javascript_division_template_lines_and_typescript_types() {
    let s = spans("js", "const r = a / b / 2; // half\n");
    has(&s, "keyword", "/");
    has(&s, "number", "2");
    has(&s, "comment", "// half");
    assert!(s.iter().all(|(c, _)| c != "string"), "{s:?}");
    let s = spans("js", "const t = `a\nif ${x}\nb`;\n/* c\nd */\n");
    has(&s, "string", "`a");
    has(&s, "string", "if ");
    has(&s, "variable", "${x}");
    has(&s, "string", "b`");
    has(&s, "comment", "/* c");
    has(&s, "comment", "d */");
    lacks(&s, "if");
    let code = "interface User { name: string; age?: number }\ntype Id = string | number;\nfunction f(u: User, ids: Array<Id>): boolean {}\n";
    for lang in ["ts", "typescript"] {
        let s = spans(lang, code);
        has(&s, "keyword", "interface");
        has(&s, "type", "User");
        has(&s, "type", "string");
        has(&s, "type", "number");
        has(&s, "type", "boolean");
        has(&s, "keyword", "type");
        has(&s, "type", "Id");
        has(&s, "variable", "u");
        has(&s, "variable", "ids");
        has(&s, "type", "Array");
        lacks(&s, "<");
        lacks(&s, "name");
    }
    let source = include_str!("syntaxes/javascript.sublime-syntax");
    for word in word_list(source, "keyword_words") {
        has(&spans("js", &format!("{word} x\n")), "keyword", word);
    }
    for word in word_list(source, "contextual_words") {
        has(&spans("js", &format!("{word} x\n")), "keyword", word);
        lacks(&spans("js", &format!("f({{ {word}: 1 }})\n")), word);
    }
}
