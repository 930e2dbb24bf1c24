//! `arize users …`: `ax users`, with emails wherever IDs go, a bulk delete
//! that cannot loop, and a temporary password shown once.

use std::path::PathBuf;

use arize::{AccountRole, BulkDeletion, InviteMode, UserCreation, UserRef, UserStatus};
use clap::Subcommand;
use serde_json::{Value, json};

use crate::{
    Ctx,
    args::{parse, read_list},
    bulk,
    confirm::Confirm,
    exit::{API, Failure, Outcome},
    listing::{self, PageArgs},
    output::{Shape, to_json},
};

mod create;

/// The verbs of `arize users`.
#[derive(Debug, Subcommand)]
pub enum Verb {
    /// List the account's users
    #[command(after_help = "Example:\n  arize users list --status INVITED --all -o csv")]
    List {
        /// Only users whose email contains this text (ignoring case)
        #[arg(short, long)]
        email: Option<String>,
        /// Only users with this status (ACTIVE, INVITED, EXPIRED); repeatable
        #[arg(short, long, value_delimiter = ',', value_parser = parse::<UserStatus>)]
        status: Vec<UserStatus>,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Show a user, by ID or email
    #[command(after_help = "Example:\n  arize users get ann@acme.example -o json")]
    Get {
        /// The user: an ID or an email (every page of matches is read)
        user: String,
    },
    /// Add a user to the account: invite them, or add them active
    #[command(
        after_help = "Examples:\n  arize users create --full-name Ann --email ann@acme.example --role member \\\n      --invite-mode EMAIL_LINK\n  arize users create --from-file team.csv --role member --invite-mode EMAIL_LINK\n\nA --from-file CSV has a header row: email and full_name (or name), and\noptionally role, invite_mode and is_developer (true or false); --role,\n--invite-mode and --is-developer fill the columns it leaves out or empty."
    )]
    Create {
        /// Their display name
        #[arg(
            short = 'n',
            long,
            visible_alias = "name",
            required_unless_present = "from_file"
        )]
        full_name: Option<String>,
        /// Their email
        #[arg(short, long, required_unless_present = "from_file")]
        email: Option<String>,
        /// Their account role: ADMIN, MEMBER, ANNOTATOR or MEMBER_UI_ONLY
        #[arg(short, long, value_parser = parse::<AccountRole>, required_unless_present = "from_file")]
        role: Option<AccountRole>,
        /// NONE (active at once, for SSO), EMAIL_LINK or TEMPORARY_PASSWORD
        #[arg(long, value_parser = parse::<InviteMode>, required_unless_present = "from_file")]
        invite_mode: Option<InviteMode>,
        #[command(flatten)]
        developer: Developer,
        /// Many users, from a CSV file (`-` for stdin): see below
        #[arg(long, value_name = "FILE", conflicts_with_all = ["full_name", "email"])]
        from_file: Option<PathBuf>,
        /// How many creates to have in flight at once, with --from-file
        #[arg(long, value_name = "N", default_value_t = arize::DEFAULT_CONCURRENCY)]
        concurrency: usize,
    },
    /// Change a user's name or API access
    #[command(after_help = "Example:\n  arize users update ann@acme.example --is-not-developer")]
    Update {
        /// The user: an ID or an email
        user: String,
        /// A new display name
        #[arg(short = 'n', long, visible_alias = "name")]
        full_name: Option<String>,
        #[command(flatten)]
        developer: Developer,
    },
    /// Delete users for good, by ID or email, in bulk (asks first)
    #[command(
        after_help = "Examples:\n  arize users delete old@acme.example VXNlcjo0Mg== --yes\n  arize users delete --from-file leavers.txt --yes -o json"
    )]
    Delete {
        /// Users to delete: IDs or emails
        users: Vec<String>,
        /// A user ID (repeatable; comma-separated values too)
        #[arg(long = "id", value_name = "ID", value_delimiter = ',')]
        ids: Vec<String>,
        /// A user's email (repeatable; comma-separated values too)
        #[arg(
            short = 'e',
            long = "email",
            value_name = "EMAIL",
            value_delimiter = ','
        )]
        emails: Vec<String>,
        /// A file of IDs or emails, one a line (`#` comments; `-` for stdin)
        #[arg(long, value_name = "FILE")]
        from_file: Option<PathBuf>,
        /// How many deletions to have in flight at once (1: one at a time)
        #[arg(long, value_name = "N", default_value_t = arize::DEFAULT_CONCURRENCY)]
        concurrency: usize,
        #[command(flatten)]
        confirm: Confirm,
    },
    /// Send an invited user a new invitation email
    #[command(after_help = "Example:\n  arize users resend-invitation ann@acme.example")]
    ResendInvitation {
        /// The user: an ID or an email
        user: String,
    },
    /// Email a user a password-reset link
    #[command(after_help = "Example:\n  arize users reset-password ann@acme.example")]
    ResetPassword {
        /// The user: an ID or an email
        user: String,
    },
}

/// `--is-developer` / `--is-not-developer`, as `ax users update` spells them.
#[derive(Debug, clap::Args)]
pub struct Developer {
    /// Let them use the API (create API keys)
    #[arg(long, conflicts_with = "is_not_developer")]
    is_developer: bool,
    /// Do not let them use the API
    #[arg(long)]
    is_not_developer: bool,
}

impl Developer {
    fn value(&self) -> Option<bool> {
        match (self.is_developer, self.is_not_developer) {
            (true, _) => Some(true),
            (_, true) => Some(false),
            _ => None,
        }
    }
}

/// A new user, as `ax` prints `create_user`'s answer: the user, how they
/// were let in, and their temporary password if they got one.
const CREATED: Shape = Shape {
    plural: "users",
    columns: &[
        "name",
        "email",
        "id",
        "role",
        "status",
        "is_developer",
        "created_at",
        "invite_mode",
        "temporary_password",
    ],
    table: &[],
};

/// One outcome of a bulk delete, as `ax` writes them:
/// `{"results": [{"user_id", "email", "status", "error"}]}`.
const RESULTS: Shape = Shape {
    plural: "results",
    columns: &["user_id", "email", "status", "error"],
    table: &["user_id", "email", "status", "error"],
};

/// Runs a verb.
pub fn run(verb: Verb, ctx: &Ctx) -> Outcome {
    let users = ctx.client()?.users();
    let output = ctx.output();
    match verb {
        Verb::List {
            email,
            status,
            page,
        } => {
            let list = users.list().set_email(email).set_statuses(status);
            listing::run(&output, list, &page, 50)
        }
        Verb::Get { user } => output.item(&users.get(user)?),
        Verb::Create {
            full_name,
            email,
            role,
            invite_mode,
            developer,
            from_file,
            concurrency,
        } => {
            if let Some(path) = from_file {
                let defaults = (role, invite_mode, developer.value());
                let many = create::read(&users, &path, defaults)?;
                return create::many(ctx, &users, many, concurrency);
            }
            let (Some(full_name), Some(email), Some(role), Some(invite_mode)) =
                (full_name, email, role, invite_mode)
            else {
                return Err(Failure::usage(
                    "--full-name, --email, --role and --invite-mode are required without \
                     --from-file",
                ));
            };
            let creation = users
                .create(full_name, email, role, invite_mode)
                .set_developer(developer.value())
                .send()?;
            match creation {
                UserCreation::Created {
                    user,
                    invite_mode,
                    temporary_password,
                } => {
                    let mut value = to_json(&user)?;
                    if let Value::Object(fields) = &mut value {
                        if let Some(mode) = invite_mode {
                            fields.insert("invite_mode".into(), json!(mode.as_str()));
                        }
                        if let Some(password) = &temporary_password {
                            // The one place the secret is read: it goes to
                            // the output (stdout, or a file only its owner
                            // can read), once.
                            let secret = password.expose_secret();
                            fields.insert("temporary_password".into(), json!(secret));
                        }
                    }
                    eprintln!("Created user {} ({}).", user.email, user.id);
                    output.object(&CREATED, &value)?;
                    if temporary_password.is_some() {
                        eprintln!(
                            "The temporary password is shown this once: it will not be shown \
                             again. Hand it over safely; it must be changed at first login."
                        );
                    }
                    Ok(())
                }
                UserCreation::AlreadyInvited(user) => {
                    eprintln!(
                        "An invitation to {} was already pending: nothing was changed or sent \
                         (arize users resend-invitation sends it again).",
                        user.email
                    );
                    output.item(&user)
                }
                other => output.item(other.user()),
            }
        }
        Verb::Update {
            user,
            full_name,
            developer,
        } => {
            let mut update = users.update(user);
            if let Some(name) = full_name {
                update = update.name(name);
            }
            if let Some(developer) = developer.value() {
                update = update.developer(developer);
            }
            output.item(&update.send()?)
        }
        Verb::Delete {
            users: given,
            ids,
            emails,
            from_file,
            concurrency,
            confirm,
        } => {
            let mut targets: Vec<UserRef> = given.into_iter().map(UserRef::parse).collect();
            // `--id` is an ID and `--email` an email, whatever they look like.
            targets.extend(ids.into_iter().map(UserRef::Id));
            targets.extend(emails.into_iter().map(UserRef::Name));
            if let Some(path) = &from_file {
                targets.extend(read_list(path)?.into_iter().map(UserRef::parse));
            }
            if targets.is_empty() {
                return Err(Failure::usage(
                    "nothing to delete: name users (IDs or emails), or use --id, --email or \
                     --from-file",
                ));
            }
            let question = match targets.as_slice() {
                [one] => format!("Delete user {} for good", input(one)),
                many => format!("Delete {} users for good", many.len()),
            };
            if !confirm.ask(&question)? {
                return Ok(());
            }
            delete_many(ctx, &users, targets, concurrency)
        }
        Verb::ResendInvitation { user } => {
            users.resend_invitation(user.as_str())?;
            eprintln!("Sent a new invitation to {user}.");
            Ok(())
        }
        Verb::ResetPassword { user } => {
            users.reset_password(user.as_str())?;
            eprintln!("Sent a password-reset email to {user}.");
            Ok(())
        }
    }
}

/// The bulk delete: the library de-duplicates, resolves the emails
/// together, deletes several at once through its retries, and never stops
/// at a failure; the bar moves as each outcome comes in.
fn delete_many(
    ctx: &Ctx,
    users: &arize::Users,
    targets: Vec<UserRef>,
    concurrency: usize,
) -> Outcome {
    let batch = bulk::with_progress(targets.len(), "deleting users", |progress| {
        users
            .bulk_delete(targets)
            .concurrency(concurrency)
            .on_progress(|done, total, _| progress(done, total))
            .send()
    });
    let rows: Vec<Value> = batch.iter().map(deletion_row).collect();
    let count = |status: &str| rows.iter().filter(|row| row["status"] == status).count();
    let (deleted, failed, not_found) = (count("deleted"), count("failed"), count("not_found"));
    let mut listing = ctx.output().listing(&RESULTS)?;
    listing.values(&rows)?;
    listing.finish(None)?;
    eprintln!("Delete complete: {deleted} deleted, {failed} failed, {not_found} not found.");
    if failed > 0 {
        // Unlike ax (which exits 0), a script learns that some failed.
        return Err(Failure::new(
            API,
            format!("{failed} of {} deletions failed", rows.len()),
        ));
    }
    Ok(())
}

/// One outcome of a bulk delete, as `ax` writes it.
fn deletion_row(outcome: &BulkDeletion) -> Value {
    let (user, id, status, error) = match outcome {
        BulkDeletion::Deleted { user, id } | BulkDeletion::AlreadyGone { user, id } => {
            (user, Some(id.as_str()), "deleted", None)
        }
        BulkDeletion::NotFound { user } => (user, None, "not_found", None),
        BulkDeletion::Failed { user, error } => (user, None, "failed", Some(error.to_string())),
        _ => {
            let error = "an outcome this version of arize does not know";
            return json!({"status": "failed", "error": error});
        }
    };
    let (id, email) = match user {
        UserRef::Name(email) => (id.map(str::to_owned), Some(email.clone())),
        other => (Some(input(other)), None),
    };
    let mut row = json!({"user_id": id, "status": status});
    if let Some(email) = email {
        row["email"] = json!(email);
    }
    if let Some(error) = error {
        row["error"] = json!(error);
    }
    row
}

/// A user as it was given.
fn input(user: &UserRef) -> String {
    match user {
        UserRef::Id(text) | UserRef::Name(text) => text.clone(),
        other => format!("{other:?}"),
    }
}
