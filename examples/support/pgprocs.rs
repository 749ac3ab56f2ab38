//! The benchmarks' view of a PostgreSQL server's processes (its postmaster, named by
//! `postmaster.pid` in its data directory, and every backend and helper it started): their CPU
//! and resident memory from /proc, so a benchmark on PostgreSQL counts the server's work with
//! feedpush's.

use std::path::{Path, PathBuf};

/// A running server, by its data directory.
pub struct PgProcs {
    data: PathBuf,
}

/// The fields of /proc/PID/stat after the command's name.
fn stat_fields(pid: &str) -> Vec<String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |(_, r)| r);
    after.split_whitespace().map(str::to_owned).collect()
}

/// CPU seconds of a process so far, all threads (user + system); with `children`, of the
/// children that ended and were waited for too.
pub fn cpu_of(pid: &str, children: bool) -> f64 {
    let f = stat_fields(pid);
    let n = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    let mut t = n(11) + n(12);
    if children {
        t += n(13) + n(14);
    }
    t / 100.0
}

impl PgProcs {
    /// The server whose data directory is `data`.
    pub fn new(data: &Path) -> PgProcs {
        PgProcs {
            data: data.to_owned(),
        }
    }

    fn postmaster(&self) -> Option<String> {
        std::fs::read_to_string(self.data.join("postmaster.pid"))
            .ok()
            .and_then(|s| s.lines().next().map(str::to_owned))
    }

    /// The postmaster and its living children.
    fn pids(&self) -> Vec<String> {
        let Some(pm) = self.postmaster() else {
            return Vec::new();
        };
        let mut pids = vec![pm.clone()];
        for e in std::fs::read_dir("/proc").into_iter().flatten().flatten() {
            let pid = e.file_name().to_string_lossy().into_owned();
            if pid.bytes().all(|b| b.is_ascii_digit()) && stat_fields(&pid).get(1) == Some(&pm) {
                pids.push(pid);
            }
        }
        pids
    }

    /// CPU seconds of the server so far: its postmaster with the backends that ended, and
    /// every process still running.
    pub fn cpu(&self) -> f64 {
        let pids = self.pids();
        pids.iter()
            .enumerate()
            .map(|(i, p)| cpu_of(p, i == 0))
            .sum()
    }

    /// Resident memory of the server's processes, summed (KiB; shared buffers are counted in
    /// each process that touched them, so this is an upper bound).
    pub fn rss_kb(&self) -> u64 {
        self.pids()
            .iter()
            .filter_map(|p| {
                std::fs::read_to_string(format!("/proc/{p}/status"))
                    .ok()?
                    .lines()
                    .find(|l| l.starts_with("VmRSS:"))?
                    .split_whitespace()
                    .nth(1)?
                    .parse::<u64>()
                    .ok()
            })
            .sum()
    }
}
