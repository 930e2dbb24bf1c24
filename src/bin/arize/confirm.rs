//! Confirmation of destructive verbs (delete, remove, unrestrict, revoke, bulk
//! delete).
//!
//! On a terminal the question is asked on stderr and answered on stdin.
//! Off a terminal nothing can answer it, so the command refuses unless
//! `--yes` (or `--force`, as `ax` spells it) was given: a script must say
//! so on purpose, and never blocks on a prompt it cannot see.

use std::io::{self, BufRead, IsTerminal, Write};

use clap::Args;

use crate::exit::{Failure, Outcome};

/// `-y/--yes` and its `ax` spelling `-f/--force`.
#[derive(Debug, Args)]
pub struct Confirm {
    /// Do it without asking (required when stdin is not a terminal)
    #[arg(short = 'y', long = "yes", visible_alias = "force", short_alias = 'f')]
    pub yes: bool,
}

impl Confirm {
    /// Whether to go ahead with what `question` describes: `true` with
    /// `--yes`, the answer on a terminal, a usage error (status 2) off one.
    /// A "no" prints `Nothing was changed.` and returns `false`; the caller
    /// then exits with success, as `ax` does.
    pub fn ask(&self, question: &str) -> Outcome<bool> {
        if self.yes {
            return Ok(true);
        }
        let stdin = io::stdin();
        if !stdin.is_terminal() {
            return Err(Failure::usage(format!(
                "{question}: not confirmed; stdin is not a terminal, so pass --yes to do it \
                 without asking"
            )));
        }
        let mut stderr = io::stderr().lock();
        write!(stderr, "{question}? [y/N] ")?;
        stderr.flush()?;
        let mut answer = String::new();
        // End of input is a "no".
        stdin.lock().read_line(&mut answer)?;
        let yes = matches!(answer.trim().to_ascii_lowercase().as_str(), "y" | "yes");
        if !yes {
            writeln!(stderr, "Nothing was changed.")?;
        }
        Ok(yes)
    }
}
