//! The `arize` binary, run as a real process against the crate's fake (or
//! a mock on 127.0.0.1), asserting stdout, stderr and the exit status.
//! Every run is bounded (`common::Cli::run` kills a process after 30 s),
//! every run's output is checked for the API key, and `HOME` is always a
//! fresh temporary directory.

mod common;

mod api_keys;
mod audit_logs;
mod bulk;
mod commands;
mod confirm;
mod exits;
mod fake_serve;
mod output;
mod pagination;
mod profiles;
mod projects;

/// A last resort against a hang the per-process limit would not catch.
#[test]
fn a_watchdog_ends_a_hung_suite() {
    const LIMIT: std::time::Duration = std::time::Duration::from_secs(120);
    std::thread::spawn(|| {
        std::thread::sleep(LIMIT);
        eprintln!("the cli suite ran for over {LIMIT:?}: a test hangs (see above)");
        std::process::exit(101);
    });
}
