//! Progress of bulk work, on stderr when it is a terminal (and nothing
//! otherwise: logs and pipes get the summary line only). The bulk calls'
//! `on_progress` moves it one step per outcome, as each comes in.

use std::{io::IsTerminal, time::Duration};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar over `total` steps, or nothing off a terminal.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// Starts a bar labelled `what` (`deleting users`).
    pub fn start(total: usize, what: &'static str) -> Progress {
        Progress::drawn_to(std::io::stderr().is_terminal(), total, what)
    }

    /// A bar drawn on stderr if it is a terminal, and none otherwise.
    fn drawn_to(terminal: bool, total: usize, what: &'static str) -> Progress {
        if !terminal {
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

    /// Shows `done` of `total` steps done (the total can shrink once the
    /// work is known, as when inputs are de-duplicated).
    pub fn at(&self, done: usize, total: usize) {
        if let Some(bar) = &self.bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    }

    /// Removes the bar, leaving the terminal to the summary line.
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_only_on_a_terminal_that_follows_the_work_and_ends() {
        assert!(Progress::drawn_to(false, 3, "x").bar.is_none());
        let progress = Progress::drawn_to(true, 3, "x");
        let bar = progress.bar.clone().expect("a bar on a terminal");
        progress.at(2, 5);
        assert_eq!((bar.position(), bar.length()), (2, Some(5)));
        progress.finish();
        assert!(bar.is_finished());
    }
}
