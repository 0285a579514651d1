//! Stage timings for `manabi build --timings`: the wall time of each stage
//! of one build, and the time spent in file writes (summed over the
//! threads that write), so a user with a slow site can see where it goes.
//! A shared helper below the stages: it measures, it never prints.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use bytes::Bytes;

use crate::output::Output;

/// The stages a build reports, in pipeline order.
pub const STAGES: &[&str] = &[
    "load",
    "markdown",
    "site graph",
    "pages",
    "search index",
    "quiz bank",
    "files",
];

/// Laps of one build. Laps of the same stage add up (the site stage
/// renders Markdown in the middle of resolving the graph).
#[derive(Debug)]
pub struct Timings {
    last: Instant,
    laps: Vec<Lap>,
}

/// One stage's wall time and the process's peak memory when it ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lap {
    pub stage: &'static str,
    pub time: Duration,
    /// Peak resident memory so far, in bytes (where the OS tells).
    pub peak: Option<u64>,
}

impl Timings {
    pub fn new(start: Instant) -> Timings {
        Timings {
            last: start,
            laps: Vec::new(),
        }
    }

    /// Ends the current lap, counting it for `stage`.
    pub fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        let took = now - self.last;
        self.last = now;
        let peak = peak_memory();
        match self.laps.iter_mut().find(|l| l.stage == stage) {
            Some(l) => {
                l.time += took;
                l.peak = peak;
            }
            None => self.laps.push(Lap {
                stage,
                time: took,
                peak,
            }),
        }
    }

    /// Each stage's lap, in [`STAGES`] order (stages that did not run are
    /// left out).
    pub fn stages(&self) -> Vec<Lap> {
        STAGES
            .iter()
            .filter_map(|s| self.laps.iter().find(|l| l.stage == *s).copied())
            .collect()
    }
}

/// An [`Output`] that adds up the time its writes take, over all threads
/// (part of the stages' wall time, possibly more than it on several cores).
pub struct TimedOutput<'a> {
    inner: &'a dyn Output,
    nanos: AtomicU64,
}

impl<'a> TimedOutput<'a> {
    pub fn new(inner: &'a dyn Output) -> TimedOutput<'a> {
        TimedOutput {
            inner,
            nanos: AtomicU64::new(0),
        }
    }

    /// Time spent writing so far.
    pub fn elapsed(&self) -> Duration {
        Duration::from_nanos(self.nanos.load(Ordering::Relaxed))
    }

    fn timed<T>(&self, write: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = write();
        let nanos = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.nanos.fetch_add(nanos, Ordering::Relaxed);
        out
    }
}

impl Output for TimedOutput<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> anyhow::Result<()> {
        self.timed(|| self.inner.write(path, bytes))
    }

    fn write_shared(&self, path: &str, bytes: &Bytes) -> anyhow::Result<()> {
        self.timed(|| self.inner.write_shared(path, bytes))
    }

    fn copy(&self, path: &str, from: &Path) -> anyhow::Result<()> {
        self.timed(|| self.inner.copy(path, from))
    }
}

/// The process's peak resident memory so far (Linux: `VmHWM` of
/// `/proc/self/status`), in bytes.
pub fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The `--timings` table: one line per stage with milliseconds, share of
/// the total and the peak memory when it ended, then the writing time.
pub fn report(stages: &[Lap], writing: Duration, total: Duration) -> String {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mut out = String::from("stage          time   share   peak memory\n");
    for lap in stages {
        let share = if total.is_zero() {
            0.0
        } else {
            100.0 * lap.time.as_secs_f64() / total.as_secs_f64()
        };
        let peak = lap.peak.map_or(String::new(), |b| {
            format!("{:>8.0} MiB", b as f64 / 1048576.0)
        });
        out.push_str(&format!(
            "{:<12} {:>6.0} ms {share:>5.1}% {peak}\n",
            lap.stage,
            ms(lap.time)
        ));
    }
    out.push_str(&format!("{:<12} {:>6.0} ms\n", "total", ms(total)));
    out.push_str(&format!(
        "(writing files: {:.0} ms summed over threads, inside the stages above)\n",
        ms(writing)
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn laps_of_a_stage_add_up_and_come_in_pipeline_order() {
        let mut t = Timings::new(Instant::now());
        t.lap("site graph");
        t.lap("markdown");
        t.lap("site graph");
        t.lap("load");
        let names: Vec<&str> = t.stages().iter().map(|l| l.stage).collect();
        assert_eq!(names, ["load", "markdown", "site graph"]);
    }

    #[test]
    fn timed_output_passes_writes_through_and_counts_their_time() {
        let memory = crate::output::MemoryOutput::default();
        let timed = TimedOutput::new(&memory);
        timed.write("a.html", b"a").unwrap();
        assert!(timed.elapsed() > Duration::ZERO);
        assert_eq!(&memory.into_files()["a.html"][..], b"a");
    }

    #[test]
    fn report_has_a_line_per_stage_and_the_writing_total() {
        let lap = |stage, ms| Lap {
            stage,
            time: Duration::from_millis(ms),
            peak: Some(64 << 20),
        };
        let text = report(
            &[lap("load", 30), lap("pages", 70)],
            Duration::from_millis(12),
            Duration::from_millis(100),
        );
        assert!(
            text.contains("load             30 ms  30.0%       64 MiB"),
            "{text}"
        );
        assert!(
            text.contains("pages            70 ms  70.0%       64 MiB"),
            "{text}"
        );
        assert!(text.contains("total           100 ms"), "{text}");
        assert!(text.contains("writing files: 12 ms"), "{text}");
    }
}
