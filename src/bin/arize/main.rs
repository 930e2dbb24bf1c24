//! `arize`: the command line of the `arize` crate, compatible with `ax`
//! (the official Python CLI) for spaces, organizations, users, roles, role
//! bindings, resource restrictions, projects and API keys, with the audit
//! log besides.
//!
//! A thin layer over the library's public API: every request, retry,
//! name lookup and page goes through `arize::Client`. This binary parses
//! arguments (`clap` derives, one module per resource), finds the
//! connection (`profile`), asks before destroying (`confirm`), writes the
//! output (`output`, `listing`, `shapes`) and turns failures into one line
//! and an exit status (`exit`).

mod api_keys;
mod args;
mod audit_logs;
mod bulk;
mod confirm;
mod env_file;
mod exit;
#[cfg(feature = "testing")]
mod fake;
mod listing;
mod logger;
mod organizations;
mod output;
mod profile;
mod profiles;
mod progress;
mod projects;
mod resource_restrictions;
mod role_bindings;
mod roles;
mod shapes;
mod spaces;
mod users;

use std::{cell::OnceCell, io::Write, process::ExitCode};

use arize::{Client, Deletion};
use clap::{CommandFactory, Parser, Subcommand};

use crate::{
    exit::{Failure, Outcome},
    output::{Format, Output},
};

/// Manage Arize AX access from the shell: spaces, organizations, users,
/// roles, role bindings, resource restrictions, projects, API keys and the
/// audit log.
///
/// Reads the profiles of `ax` (~/.arize/profiles), or ARIZE_API_KEY and
/// friends when there is none. Data goes to stdout, everything else to
/// stderr.
#[derive(Debug, Parser)]
#[command(name = "arize", version, propagate_version = true)]
#[command(
    after_help = "Examples:\n  arize spaces list --all -o csv > spaces.csv\n  arize users delete --from-file leavers.txt --yes\n\nExit statuses: 0 ok, 1 configuration, 2 usage, 4 API or network, 5 output or file, 130 interrupted."
)]
struct Cli {
    /// table, json, ndjson, csv, or a file whose extension picks one
    /// [default: the profile's output.format, else table]
    #[arg(short, long, global = true, value_name = "FORMAT|FILE")]
    output: Option<String>,
    /// The profile to use (~/.arize/profiles/NAME.toml) [env: ARIZE_PROFILE]
    #[arg(long, global = true, value_name = "NAME")]
    profile: Option<String>,
    /// Log requests and retries on stderr (-vv: more); never the key
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    verbose: u8,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Spaces: list, get, create, update, delete, add-user, remove-user
    #[command(subcommand)]
    Spaces(spaces::Verb),
    /// Organizations: list, get, create, update, delete, add-user, remove-user
    #[command(subcommand)]
    Organizations(organizations::Verb),
    /// Users: list, get, create, update, delete (in bulk), resend-invitation,
    /// reset-password
    #[command(subcommand)]
    Users(users::Verb),
    /// Roles: list, get, create, update, delete
    #[command(subcommand)]
    Roles(roles::Verb),
    /// Role bindings: list, get, create, assign, update, delete
    #[command(subcommand)]
    RoleBindings(role_bindings::Verb),
    /// Resource restrictions: list, restrict, unrestrict
    #[command(subcommand)]
    ResourceRestrictions(resource_restrictions::Verb),
    /// Projects: list, get, create, update, delete
    #[command(subcommand)]
    Projects(projects::Verb),
    /// API keys: list, create, create-service-key, revoke, refresh
    #[command(subcommand)]
    ApiKeys(api_keys::Verb),
    /// The audit log: list (who did what, when)
    #[command(subcommand)]
    AuditLogs(audit_logs::Verb),
    /// The profiles ax writes: list, show, validate, use
    #[command(subcommand)]
    Profiles(profiles::Verb),
    /// Print a shell completion script
    #[command(
        after_help = "Example:\n  arize completions bash > ~/.local/share/bash-completion/completions/arize"
    )]
    Completions {
        /// bash, zsh, fish, powershell or elvish
        shell: clap_complete::Shell,
    },
    /// A fake of the API for offline tests of scripts
    #[cfg(feature = "testing")]
    #[command(subcommand)]
    Fake(fake::Verb),
}

/// What every command may need: the connection, made on first use (so
/// that `profiles` and `completions` need none), and the output.
pub struct Ctx {
    profile: Option<String>,
    output: Option<Output>,
    connection: OnceCell<(Client, Option<Format>)>,
}

impl Ctx {
    /// The client, configured by `--profile`, the active profile or the
    /// environment (see `profile`).
    pub fn client(&self) -> Outcome<&Client> {
        if let Some((client, _)) = self.connection.get() {
            return Ok(client);
        }
        let connection = profile::connect(self.profile_name())?;
        let client = connection.builder.build()?;
        log::debug!("connecting to {}", client.base_url());
        Ok(&self
            .connection
            .get_or_init(|| (client, connection.format))
            .0)
    }

    /// Where and how to write the data: `-o`, else the profile's
    /// `output.format`, else a table.
    pub fn output(&self) -> Output {
        if let Some(output) = &self.output {
            return output.clone();
        }
        let format = self
            .connection
            .get()
            .and_then(|(_, format)| *format)
            .unwrap_or(Format::Table);
        Output::to_stdout(format)
    }

    /// `--profile`, or `ARIZE_PROFILE` (unless empty).
    pub fn profile_name(&self) -> Option<String> {
        self.profile.clone().or_else(|| {
            std::env::var("ARIZE_PROFILE")
                .ok()
                .filter(|n| !n.is_empty())
        })
    }
}

/// Says on stderr what a delete did: `Deleted space "x".`, or that it was
/// already gone (a retried delete whose first answer was lost).
pub fn report_deletion(deletion: Deletion, what: &str, done: &str) {
    match deletion {
        Deletion::AlreadyGone => eprintln!("{what} was already gone: nothing to do."),
        _ => eprintln!("{done} {what}."),
    }
}

fn run(cli: Cli) -> Outcome {
    // A bad -o is found before anything is sent (status 5).
    let output = cli.output.as_deref().map(Output::parse).transpose()?;
    let ctx = Ctx {
        profile: cli.profile,
        output,
        connection: OnceCell::new(),
    };
    match cli.command {
        Command::Spaces(verb) => spaces::run(verb, &ctx),
        Command::Organizations(verb) => organizations::run(verb, &ctx),
        Command::Users(verb) => users::run(verb, &ctx),
        Command::Roles(verb) => roles::run(verb, &ctx),
        Command::RoleBindings(verb) => role_bindings::run(verb, &ctx),
        Command::ResourceRestrictions(verb) => resource_restrictions::run(verb, &ctx),
        Command::Projects(verb) => projects::run(verb, &ctx),
        Command::ApiKeys(verb) => api_keys::run(verb, &ctx),
        Command::AuditLogs(verb) => audit_logs::run(verb, &ctx),
        Command::Profiles(verb) => profiles::run(verb, &ctx),
        Command::Completions { shell } => {
            let mut stdout = std::io::stdout().lock();
            clap_complete::generate(shell, &mut Cli::command(), "arize", &mut stdout);
            stdout.flush().map_err(Failure::output)
        }
        #[cfg(feature = "testing")]
        Command::Fake(verb) => fake::run(verb),
    }
}

fn main() -> ExitCode {
    // Usage errors exit 2, --help and --version 0, as clap does.
    let cli = Cli::parse();
    logger::install(cli.verbose);
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            if let Some(message) = failure.message() {
                eprintln!("error: {message}");
            }
            ExitCode::from(failure.code())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }
}
