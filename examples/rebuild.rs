//! Times `manabi serve`'s rebuilds without the watcher and HTTP sides:
//! one full build, then N rounds of "edit one note, rebuild" through the
//! same [`FullRebuild`] serve uses (fast path included), printing the
//! median time until the reload would be sent, and then the search index
//! built after it. `bench/serve_latency.py` measures end to end.
//!
//! cargo run --release --example rebuild -- --root DIR --note content/x.md
//!     [--rounds 15] [--edit body|front]
//!
//! `--edit body` appends a line to the body (the usual save while
//! writing); `--edit front` adds a tag, which its cards on other pages
//! show, so the whole memoised pipeline runs.

use std::path::PathBuf;
use std::time::Instant;

use manabi::pipeline::BuildOptions;
use manabi::serve::classify::{Change, ChangeKind, ChangeOp, Changes};
use manabi::serve::rebuild::{Built, FullRebuild, Rebuild};

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
    let root = PathBuf::from(arg("--root").unwrap_or_else(|| ".".into()));
    let rel = PathBuf::from(arg("--note").ok_or_else(|| anyhow::anyhow!("--note is required"))?);
    let note = root.join(&rel);
    let rounds: usize = arg("--rounds").map_or(Ok(15), |r| r.parse())?;
    let front = match arg("--edit").as_deref() {
        None | Some("body") => false,
        Some("front") => true,
        Some(other) => anyhow::bail!("--edit must be body or front, not {other}"),
    };
    let opts = BuildOptions {
        root,
        base_url: None,
        drafts: false,
        live_reload: true,
    };
    let mut builder = FullRebuild::new(opts);
    let first = Instant::now();
    ensure_built(builder.rebuild(&Changes::default()))?;
    eprintln!("first build: {} ms", first.elapsed().as_millis());
    let original = std::fs::read_to_string(&note)?;
    let changes = Changes {
        items: vec![Change {
            path: rel,
            kind: ChangeKind::Note,
            op: ChangeOp::Edited,
        }],
    };
    let mut times = Vec::new();
    let mut index_times = Vec::new();
    let mut stages: Vec<(&str, Vec<f64>)> = Vec::new();
    let cpu_before = cpu_ms();
    for round in 0..rounds {
        std::fs::write(&note, edited(&original, round, front)?)?;
        let start = Instant::now();
        let built = builder.rebuild(&changes);
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        ensure_built(built)?;
        for lap in builder.last_stages() {
            let ms = lap.time.as_secs_f64() * 1000.0;
            match stages.iter_mut().find(|(s, _)| *s == lap.stage) {
                Some((_, v)) => v.push(ms),
                None => stages.push((lap.stage, vec![ms])),
            }
        }
        // As `serve` does: the reload goes out before the search index is
        // built (serve builds it on another thread), so it is timed on its own.
        let index_start = Instant::now();
        if let Some(work) = builder.finish() {
            work.run();
            index_times.push(index_start.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let cpu = cpu_ms()
        .zip(cpu_before)
        .map(|(after, before)| (after - before) / rounds as f64);
    std::fs::write(&note, original)?;
    let what = if front { "front-matter" } else { "body" };
    let (median, min, max) = stats(&mut times);
    println!("rebuild after a one-note {what} edit, until the reload: median {median:.1} ms (min {min:.1}, max {max:.1}, n={rounds})");
    if !index_times.is_empty() {
        let (median, _, _) = stats(&mut index_times);
        println!("then the search index (built after the reload): median {median:.1} ms");
    }
    for (stage, mut v) in stages {
        let (median, _, _) = stats(&mut v);
        println!("  {stage:<12} median {median:.1} ms");
    }
    if let Some(cpu) = cpu {
        // CPU time is steadier than wall time on a busy machine.
        println!("CPU time (user + system, all threads) per rebuild and index: {cpu:.0} ms");
    }
    Ok(())
}

/// The note with round `round`'s edit: a line appended to the body, or a
/// new first tag (which its cards on other pages and the tag pages show).
fn edited(original: &str, round: usize, front: bool) -> anyhow::Result<String> {
    if !front {
        return Ok(format!("{original}\n追記 {round}\n"));
    }
    anyhow::ensure!(
        original.contains("\ntags: ["),
        "--edit front needs a note with a `tags: [...]` line"
    );
    Ok(original.replacen("\ntags: [", &format!("\ntags: [\"追加{round}\", "), 1))
}

fn ensure_built(built: Built) -> anyhow::Result<()> {
    match built {
        Built::Site { .. } => Ok(()),
        Built::Failed { diagnostics } => anyhow::bail!("build failed: {diagnostics:?}"),
        Built::Broken(e) => Err(e),
    }
}

/// Median, min and max.
fn stats(times: &mut [f64]) -> (f64, f64, f64) {
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[0], times[times.len() - 1])
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
