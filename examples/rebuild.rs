//! Times memoised rebuilds (what `manabi serve` does after a save) on a
//! site: one full build, then N rounds of "append a line to one note,
//! rebuild with the memo", printing the median rebuild time. Excludes the
//! watcher's debounce and the HTTP side, which `bench/serve_latency.py`
//! measures end to end.
//!
//! cargo run --release --example rebuild -- --root DIR --note content/x.md [--rounds 15]

use std::time::Instant;

use manabi::memo::Memo;
use manabi::output::MemoryOutput;
use manabi::pipeline::{self, BuildOptions};

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let root = std::path::PathBuf::from(arg("--root").unwrap_or_else(|| ".".into()));
    let note = root.join(arg("--note").ok_or_else(|| anyhow::anyhow!("--note is required"))?);
    let rounds: usize = arg("--rounds").map_or(Ok(15), |r| r.parse())?;
    let opts = BuildOptions {
        root,
        base_url: None,
        drafts: false,
        live_reload: true,
    };
    let mut memo = Memo::default();
    let first = Instant::now();
    pipeline::run_with(&opts, &MemoryOutput::default(), Some(&mut memo))?;
    eprintln!("first build: {} ms", first.elapsed().as_millis());
    let original = std::fs::read_to_string(&note)?;
    let mut times = Vec::new();
    for round in 0..rounds {
        std::fs::write(&note, format!("{original}\n追記 {round}\n"))?;
        let start = Instant::now();
        let outcome = pipeline::run_with(&opts, &MemoryOutput::default(), Some(&mut memo))?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        anyhow::ensure!(!outcome.failed(), "rebuild failed");
    }
    std::fs::write(&note, original)?;
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!("memoised rebuild after a one-note edit: median {median:.1} ms (min {:.1}, max {:.1}, n={rounds})", times[0], times[times.len() - 1]);
    Ok(())
}
