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

// Building a site allocates many small, short-lived strings and template
// values from two threads; mimalloc measured 15-25% faster than glibc's
// allocator on the benchmark builds and memoised rebuilds.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    let mut index_times = Vec::new();
    let cpu_before = cpu_ms();
    for round in 0..rounds {
        std::fs::write(&note, format!("{original}\n追記 {round}\n"))?;
        let start = Instant::now();
        // As `serve` does: the reload goes out before the search index is
        // built, so the index is timed on its own.
        let (outcome, job) =
            pipeline::run_deferring_index(&opts, &MemoryOutput::default(), Some(&mut memo))?;
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        let index_start = Instant::now();
        if let Some(job) = job {
            job.build();
            index_times.push(index_start.elapsed().as_secs_f64() * 1000.0);
        }
        anyhow::ensure!(!outcome.failed(), "rebuild failed");
    }
    let cpu = cpu_ms()
        .zip(cpu_before)
        .map(|(after, before)| (after - before) / rounds as f64);
    std::fs::write(&note, original)?;
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!("memoised rebuild after a one-note edit: median {median:.1} ms (min {:.1}, max {:.1}, n={rounds})", times[0], times[times.len() - 1]);
    if !index_times.is_empty() {
        index_times.sort_by(f64::total_cmp);
        let median = index_times[index_times.len() / 2];
        println!("then the search index (built after the reload): median {median:.1} ms");
    }
    if let Some(cpu) = cpu {
        // CPU time is steadier than wall time on a busy machine.
        println!("CPU time (user + system, all threads) per rebuild: {cpu:.0} ms");
    }
    Ok(())
}

/// This process's CPU time so far (Linux `/proc/self/stat`, 100 Hz ticks).
fn cpu_ms() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are
    // the 14th and 15th fields of the line.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks * 10.0)
}
