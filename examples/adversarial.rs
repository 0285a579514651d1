//! The adversarial inputs of `tests/testsuite/adversarial_cases.rs` as
//! sites on disk, for `bench/adversarial.sh` to time `manabi check` on
//! each (wall time and peak memory, before and after a change); and the
//! keyword automaton alone, timed in process, to show where the time of a
//! repeated-character title went.
//!
//! cargo run --release --example adversarial -- --out DIR [--scale issue|test]
//! cargo run --release --example adversarial -- --automaton

use std::path::PathBuf;
use std::time::Instant;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

#[path = "../tests/testsuite/adversarial_cases.rs"]
mod adversarial_cases;

use adversarial_cases::{cases, Scale};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    if args.iter().any(|a| a == "--automaton") {
        automaton();
        return Ok(());
    }
    let out = PathBuf::from(arg("--out").unwrap_or_else(|| "/tmp/manabi-adversarial".into()));
    let scale = match arg("--scale").as_deref() {
        None | Some("issue") => Scale::Issue,
        Some("test") => Scale::Test,
        Some(other) => anyhow::bail!("--scale is issue or test, not {other}"),
    };
    for case in cases(scale) {
        let root = out.join(case.name);
        if root.exists() {
            std::fs::remove_dir_all(&root)?;
        }
        std::fs::create_dir_all(&root)?;
        std::fs::write(root.join("site.yaml"), "title: adversarial\n")?;
        for (rel, text) in &case.files {
            let path = root.join(rel);
            std::fs::create_dir_all(path.parent().expect("a file in a folder"))?;
            std::fs::write(path, text)?;
        }
        std::fs::write(root.join("ABOUT"), format!("{}\n", case.about))?;
        println!("{}", root.display());
    }
    Ok(())
}

/// Builds the automaton for one key of `n` × `あ` with the DFA that
/// aho-corasick picks for up to 100 keys (what manabi used) and with the
/// contiguous NFA (what it uses now), and scans 1 MB of `あ` with the latter.
fn automaton() {
    println!("| key | DFA build | NFA build | NFA scan of 1 MB |");
    println!("|---|---|---|---|");
    let text = "あ".repeat(350_000);
    for n in [1_000, 3_000, 10_000, 1_000_000] {
        let key = "あ".repeat(n);
        // The DFA's fill is quadratic: past 3,000 characters it takes minutes.
        let dfa = (n <= 3_000).then(|| time(|| build(&key, AhoCorasickKind::DFA)));
        let (nfa, automaton) = timed(|| build(&key, AhoCorasickKind::ContiguousNFA));
        let scan = time(|| automaton.find_iter(&text).count());
        println!(
            "| {n} x あ | {} | {:.3} s | {:.3} s |",
            dfa.map_or("(skipped)".into(), |s| format!("{s:.3} s")),
            nfa,
            scan
        );
    }
}

fn build(key: &str, kind: AhoCorasickKind) -> AhoCorasick {
    AhoCorasick::builder()
        .kind(Some(kind))
        .match_kind(MatchKind::LeftmostLongest)
        .build([key])
        .expect("one key builds")
}

fn time<T>(f: impl FnOnce() -> T) -> f64 {
    timed(f).0
}

fn timed<T>(f: impl FnOnce() -> T) -> (f64, T) {
    let start = Instant::now();
    let value = f();
    (start.elapsed().as_secs_f64(), value)
}
