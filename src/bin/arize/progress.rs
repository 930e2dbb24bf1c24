//! Progress of bulk work, on stderr when it is a terminal (and nothing
//! otherwise: logs and pipes get the summary line only).
//!
//! `Users::delete_many` returns every outcome at the end, so today the bar
//! spins while it works and fills when it returns. When the library gains a
//! per-outcome callback, pass `|outcome| progress.done(1)` to it: nothing
//! else changes.

use std::{io::IsTerminal, time::Duration};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar over `total` steps, or nothing off a terminal.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Starts a bar labelled `what` (`deleting users`).
    pub fn start(total: usize, what: &'static str) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
        let style =
            ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len} {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> ");
        bar.set_style(style);
        bar.set_message(what);
        // Ticks from a thread of its own, so the spinner moves while the
        // library works.
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress { bar: Some(bar) }
    }

    /// Counts `steps` more as done.
    pub fn done(&self, steps: usize) {
        if let Some(bar) = &self.bar {
            bar.inc(steps as u64);
        }
    }

    /// Removes the bar, leaving the terminal to the summary line.
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
