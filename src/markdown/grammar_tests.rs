//! Tests of the compact highlighting grammars (`syntaxes/`): each kind of
//! token a study note shows gets the theme class it should, and what
//! looks like a token inside a string or comment does not.

use super::highlight::{render, Fence};
use super::stage::unescape;

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
