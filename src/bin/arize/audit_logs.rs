//! `arize audit-logs list`: the account's audit log, newest first over a
//! time window. `ax` has no such command; the filters are the library's.

use arize::{AuditLogOperationType, UserRef};
use chrono::{DateTime, Utc};
use clap::Subcommand;

use crate::{
    Ctx,
    args::{parse, parse_time},
    exit::Outcome,
    listing::{self, PageArgs},
};

/// The verbs of `arize audit-logs`.
#[derive(Debug, Subcommand)]
pub enum Verb {
    /// List who did what, newest first (by default over the last 30 days)
    #[command(
        after_help = "Examples:\n  arize audit-logs list --start-time 2026-01-01 --all -o ndjson\n  arize audit-logs list --user ann@acme.example --operation-type MUTATION \\\n      --operation-name delete_space --operation-name delete_project"
    )]
    List {
        /// Only entries at or after this time: RFC 3339 (2026-01-31T09:00:00Z),
        /// a date-time without offset (taken as UTC) or a date [default: 30
        /// days before the end]
        #[arg(long, value_name = "TIME", value_parser = parse_time)]
        start_time: Option<DateTime<Utc>>,
        /// Only entries at or before this time, as --start-time [default:
        /// now]
        #[arg(long, value_name = "TIME", value_parser = parse_time)]
        end_time: Option<DateTime<Utc>>,
        /// Only this user's entries (an ID or an email; for a service key,
        /// its bot user's ID)
        #[arg(long, visible_alias = "user-id")]
        user: Option<String>,
        /// Only entries of this type: QUERY, MUTATION or SUBSCRIPTION
        #[arg(long, value_parser = parse::<AuditLogOperationType>)]
        operation_type: Option<AuditLogOperationType>,
        /// Only entries of this operation (exact); repeatable, at most 20
        #[arg(long = "operation-name", value_name = "NAME")]
        operation_names: Vec<String>,
        #[command(flatten)]
        page: PageArgs,
    },
}

/// Runs a verb.
pub fn run(verb: Verb, ctx: &Ctx) -> Outcome {
    let audit_logs = ctx.client()?.audit_logs();
    let output = ctx.output();
    let Verb::List {
        start_time,
        end_time,
        user,
        operation_type,
        operation_names,
        page,
    } = verb;
    let mut list = audit_logs
        .list()
        .set_start_time(start_time)
        .set_end_time(end_time)
        .set_user(user.map(UserRef::parse))
        .set_operation_type(operation_type);
    if !operation_names.is_empty() {
        list = list.set_operation_names(operation_names);
    }
    listing::run(&output, list, &page, arize::DEFAULT_PAGE_SIZE)
}
