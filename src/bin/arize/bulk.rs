//! What every bulk verb shares: the users it takes (flags and a file), the
//! concurrency, the progress bar, a row per input in input order, the
//! summary line, and status 4 when any input failed.

use std::path::PathBuf;

use clap::Args;
use serde_json::{Value, json};

use crate::{
    Ctx,
    args::read_list,
    exit::{API, Failure, Outcome},
    output::Shape,
    progress::Progress,
};

/// `--from-file` and `--concurrency`.
#[derive(Debug, Args)]
pub struct BulkArgs {
    /// Also these users: a file of IDs or emails, one a line (`#`
    /// comments; `-` for stdin)
    #[arg(long, value_name = "FILE")]
    pub from_file: Option<PathBuf>,
    /// How many requests to have in flight at once (1: one at a time)
    #[arg(long, value_name = "N", default_value_t = arize::DEFAULT_CONCURRENCY)]
    pub concurrency: usize,
}

impl BulkArgs {
    /// The users given as `--user-id` values, then those of the file: at
    /// least one (a usage error otherwise).
    pub fn users(&self, mut given: Vec<String>) -> Outcome<Vec<String>> {
        if let Some(path) = &self.from_file {
            given.extend(read_list(path)?);
        }
        if given.is_empty() {
            return Err(Failure::usage(
                "no user given: name one with --user-id, or a file of them with --from-file",
            ));
        }
        Ok(given)
    }

    /// Whether to use the single call: one user, named on the command line
    /// (its output is the object itself, as `ax` prints it).
    pub fn is_single(&self, given: &[String]) -> bool {
        self.from_file.is_none() && given.len() == 1
    }
}

/// The rows of a bulk call's outcomes: `input`, `status`, `id`, `error`.
pub const RESULTS: Shape = Shape {
    plural: "results",
    columns: &["input", "status", "id", "error"],
    table: &["input", "status", "id", "error"],
};

/// Runs `work` with a progress bar labelled `what`, moved by the
/// `on_progress` callback it is handed.
pub fn with_progress<T>(
    total: usize,
    what: &'static str,
    work: impl FnOnce(&dyn Fn(usize, usize)) -> T,
) -> T {
    let progress = Progress::start(total, what);
    let result = work(&|done, total| progress.at(done, total));
    progress.finish();
    result
}

/// One input's row: its `status` word and the ID made, or the error.
pub fn row(input: &str, outcome: Result<(&str, &str), &arize::Error>) -> Value {
    match outcome {
        Ok((status, id)) => json!({"input": input, "status": status, "id": id}),
        Err(error) => json!({"input": input, "status": "failed", "error": error.to_string()}),
    }
}

/// Writes the rows (as a `{"results": […]}` listing), then `verb complete:
/// N ok, N failed` on stderr; status 4 if any failed (unlike `ax`, which
/// exits 0, so that a script learns it).
pub fn report(ctx: &Ctx, shape: &'static Shape, rows: &[Value], verb: &str) -> Outcome {
    let failed = rows.iter().filter(|row| row["status"] == "failed").count();
    let mut listing = ctx.output().listing(shape)?;
    listing.values(rows)?;
    listing.finish(None)?;
    eprintln!(
        "{verb} complete: {} done, {failed} failed.",
        rows.len() - failed
    );
    if failed > 0 {
        return Err(Failure::new(
            API,
            format!("{failed} of {} failed", rows.len()),
        ));
    }
    Ok(())
}

/// The rows of a bulk add: `added` and the membership's ID, or the error.
pub fn added_rows<T>(
    batch: &arize::Batch<arize::BulkOutcome<arize::UserRef, T>>,
    id: impl Fn(&T) -> &String,
) -> Vec<Value> {
    batch
        .iter()
        .map(|outcome| {
            let result = outcome
                .result
                .as_ref()
                .map(|added| ("added", id(added).as_str()));
            row(&outcome.input.to_string(), result)
        })
        .collect()
}
