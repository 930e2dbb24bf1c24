//! The `--verbose` logger: the library's `log` records, on stderr.
//!
//! Written here rather than taken from `env_logger` because the one rule
//! that matters must hold whatever the environment says: ureq logs every
//! request at TRACE as a hex dump *with the `Authorization` header*, so the
//! `ureq` and `ureq_proto` targets never go beyond DEBUG, and `RUST_LOG` is
//! not read at all.

use std::io::Write;

use log::{Level, LevelFilter, Log, Metadata, Record};

struct Stderr {
    /// The most detailed level shown for this crate's targets.
    level: LevelFilter,
}

/// The targets of the HTTP library, whose TRACE output holds the key.
fn is_http_library(target: &str) -> bool {
    target == "ureq" || target.starts_with("ureq::") || target.starts_with("ureq_proto")
}

impl Stderr {
    fn limit(&self, target: &str) -> LevelFilter {
        if is_http_library(target) {
            self.level.min(LevelFilter::Debug)
        } else if target.starts_with("arize::beta") && self.level < LevelFilter::Debug {
            // "This endpoint is in beta": true of every call, so shown only
            // when asked for, as ax does.
            LevelFilter::Off
        } else {
            self.level
        }
    }
}

impl Log for Stderr {
    fn enabled(&self, metadata: &Metadata) -> bool {
        metadata.level() <= self.limit(metadata.target())
    }

    fn log(&self, record: &Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let level = match record.level() {
            Level::Error => "error",
            Level::Warn => "warning",
            Level::Info => "info",
            Level::Debug => "debug",
            Level::Trace => "trace",
        };
        // One write per record, so that lines from threads do not mix.
        let line = format!("{level}: [{}] {}\n", record.target(), record.args());
        let _ = std::io::stderr().lock().write_all(line.as_bytes());
    }

    fn flush(&self) {}
}

/// The level of `-v` repeated `verbosity` times.
fn level(verbosity: u8) -> LevelFilter {
    match verbosity {
        0 => LevelFilter::Warn,
        1 => LevelFilter::Debug,
        _ => LevelFilter::Trace,
    }
}

/// Installs the logger: warnings (a space made private) by default, the
/// library's requests and retries with `-v`, everything with `-vv` (the
/// HTTP library still at DEBUG at most).
pub fn install(verbosity: u8) {
    let level = level(verbosity);
    let logger: &'static Stderr = Box::leak(Box::new(Stderr { level }));
    if log::set_logger(logger).is_ok() {
        log::set_max_level(level);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_http_library_never_logs_at_trace() {
        let logger = Stderr {
            level: LevelFilter::Trace,
        };
        for target in ["ureq", "ureq::unversioned::transport", "ureq_proto::client"] {
            assert_eq!(logger.limit(target), LevelFilter::Debug, "{target}");
        }
        assert_eq!(logger.limit("arize"), LevelFilter::Trace);
        assert_eq!(logger.limit("ureqx"), LevelFilter::Trace);
    }

    #[test]
    fn beta_warnings_only_when_verbose() {
        let quiet = Stderr {
            level: LevelFilter::Warn,
        };
        assert_eq!(quiet.limit("arize::beta"), LevelFilter::Off);
        assert_eq!(quiet.limit("arize"), LevelFilter::Warn);
        let verbose = Stderr {
            level: LevelFilter::Debug,
        };
        assert_eq!(verbose.limit("arize::beta"), LevelFilter::Debug);
    }

    #[test]
    fn each_v_shows_more() {
        let levels: Vec<_> = (0..4).map(level).collect();
        assert_eq!(
            levels,
            [
                LevelFilter::Warn,
                LevelFilter::Debug,
                LevelFilter::Trace,
                LevelFilter::Trace
            ]
        );
    }
}
