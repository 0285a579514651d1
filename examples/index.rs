//! Times the search index alone: loads a site once (search on), then
//! builds its index N times into a [`NullOutput`] on one thread, printing
//! the minimum and median. The build runs the index beside the pages on
//! a noisy 2-core machine; this isolates the index's own CPU cost.
//!
//! cargo run --release --example index -- --root DIR [--rounds 9]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use manabi::output::NullOutput;
use manabi::pipeline::{load_site, BuildOptions};
use manabi::search::index;

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
    let rounds: usize = arg("--rounds").map_or(Ok(9), |r| r.parse())?;
    let opts = BuildOptions {
        root,
        base_url: None,
        drafts: false,
        live_reload: false,
    };
    let (site, diagnostics) = load_site(&opts)?;
    let site = site.ok_or_else(|| anyhow::anyhow!("the site has errors: {diagnostics:?}"))?;
    anyhow::ensure!(site.config.search.enabled, "search is off in this site");
    // One thread: the index's own cost, not how well it shares two cores.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build()?;
    let mut times: Vec<Duration> = Vec::with_capacity(rounds);
    let mut files = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        files = pool.install(|| index::write(&index::documents(&site), &NullOutput))?;
        times.push(start.elapsed());
    }
    times.sort();
    println!(
        "{} docs, {files} files: min {:.1} ms, median {:.1} ms ({rounds} rounds, 1 thread)",
        index::documents(&site).len(),
        times[0].as_secs_f64() * 1e3,
        times[rounds / 2].as_secs_f64() * 1e3,
    );
    Ok(())
}
