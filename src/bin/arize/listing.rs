//! The `list` verb of every resource, once: one page with its cursor, or
//! every page lazily (`--all`), over the library's `List<R>`.

use arize::{List, Resource};
use clap::Args;

use crate::{
    exit::Outcome,
    output::{End, Output, Shown},
};

/// `-l/--limit`, `-c/--cursor` and `--all`, shared by every `list`.
#[derive(Debug, Args)]
pub struct PageArgs {
    /// Items per page, 1 to 100 [default: as `ax`: 15 for spaces, roles and
    /// restrictions, 50 for organizations and users, 100 for role bindings;
    /// 100 with --all]
    #[arg(short, long, value_name = "N")]
    pub limit: Option<u32>,
    /// Start from this cursor: the one a previous page printed on stderr
    #[arg(short, long)]
    pub cursor: Option<String>,
    /// Every page, fetched as the output is written (constant memory)
    #[arg(long)]
    pub all: bool,
}

/// Writes one page of `list`, or every page with `--all`. `default_limit`
/// is the page size of one page without `--limit`.
pub fn run<R>(output: &Output, list: List<R>, args: &PageArgs, default_limit: u32) -> Outcome
where
    R: Resource + Shown,
{
    let list = list.set_cursor(args.cursor.clone());
    if args.all {
        return all(output, list.set_limit(args.limit));
    }
    let page = list.limit(args.limit.unwrap_or(default_limit)).send()?;
    let mut listing = output.listing(&R::SHAPE)?;
    listing.items(page.items())?;
    let next_cursor = page.next_cursor().filter(|_| page.has_more());
    listing.finish(Some(End {
        has_more: page.has_more(),
        next_cursor,
    }))?;
    if let Some(cursor) = next_cursor {
        eprintln!("More items: add --cursor {cursor} for the next page, or --all for every page.");
    }
    Ok(())
}

/// Streams every page: each is written as soon as it arrives, and only one
/// is held. The library ends the iteration on an error, including a server
/// that repeats a cursor, so this cannot loop.
fn all<R>(output: &Output, list: List<R>) -> Outcome
where
    R: Resource + Shown,
{
    let mut listing = output.listing(&R::SHAPE)?;
    let mut resume: Option<String> = None;
    for page in list.pages() {
        let page = match page {
            Ok(page) => page,
            Err(error) => {
                // What was written stays written (and a JSON document
                // unclosed, so that no one mistakes it for the whole list).
                // A server that repeats its cursors would repeat them again.
                let loops = matches!(error, arize::Error::Pagination(_));
                if let Some(cursor) = resume.as_deref().filter(|_| !loops) {
                    eprintln!("To carry on from the last page read: --all --cursor {cursor}");
                }
                return Err(error.into());
            }
        };
        listing.items(page.items())?;
        resume = page.next_cursor().map(str::to_owned);
    }
    listing.finish(Some(End {
        has_more: false,
        next_cursor: None,
    }))
}
