//! `arize spaces …`: `ax spaces`, with names wherever `ax` takes IDs.

use arize::{Role, SpaceRef};
use clap::Subcommand;

use crate::{
    Ctx,
    args::parse_role,
    bulk::{self, BulkArgs},
    confirm::Confirm,
    exit::Outcome,
    listing::{self, PageArgs},
    report_deletion,
};

/// The verbs of `arize spaces`.
#[derive(Debug, Subcommand)]
pub enum Verb {
    /// List spaces (one page, or every page with --all)
    #[command(after_help = "Example:\n  arize spaces list --organization acme --all -o csv")]
    List {
        /// Only spaces of this organization (ID or name)
        #[arg(long, visible_alias = "organization-id")]
        organization: Option<String>,
        /// Only spaces whose name contains this text (ignoring case)
        #[arg(short, long)]
        name: Option<String>,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Show a space, by ID or name
    #[command(after_help = "Example:\n  arize spaces get fraud-models --organization acme -o json")]
    Get {
        /// The space: an ID or an exact name
        space: String,
        /// Look the name up in this organization only (ID or name)
        #[arg(long)]
        organization: Option<String>,
    },
    /// Create a space in an organization
    #[command(
        after_help = "Example:\n  arize spaces create --name fraud-models --organization acme"
    )]
    Create {
        /// The new space's name
        #[arg(short, long)]
        name: String,
        /// The organization (ID or name)
        #[arg(long, visible_alias = "organization-id")]
        organization: String,
        /// A description (at most 1,000 characters)
        #[arg(long)]
        description: Option<String>,
        /// Make it private: visible to its members and admins only
        #[arg(long)]
        private: bool,
    },
    /// Change a space's name, description or visibility
    #[command(after_help = "Example:\n  arize spaces update fraud-models --name fraud-models-v2")]
    Update {
        /// The space: an ID or an exact name
        space: String,
        /// A new name
        #[arg(short, long)]
        name: Option<String>,
        /// A new description
        #[arg(long, conflicts_with = "clear_description")]
        description: Option<String>,
        /// Remove the description
        #[arg(long)]
        clear_description: bool,
        /// Make it private (true) or public (false)
        #[arg(long, value_name = "BOOL")]
        private: Option<bool>,
    },
    /// Delete a space and everything in it (asks first)
    #[command(after_help = "Example:\n  arize spaces delete old-space --yes")]
    Delete {
        /// The space: an ID or an exact name
        space: String,
        /// Look the name up in this organization only (ID or name)
        #[arg(long)]
        organization: Option<String>,
        #[command(flatten)]
        confirm: Confirm,
    },
    /// Give users a role in a space, or change it (many at once: --from-file)
    #[command(
        after_help = "Example:\n  arize spaces add-user fraud-models --user-id ann@acme.example --role member\n  arize spaces add-user fraud-models --from-file team.txt --role member"
    )]
    AddUser {
        /// The space: an ID or an exact name
        space: String,
        /// The user: an ID or an email; repeatable (comma-separated values
        /// too), for many at once
        #[arg(
            long = "user-id",
            visible_alias = "user",
            value_name = "USER",
            value_delimiter = ','
        )]
        user_ids: Vec<String>,
        /// ADMIN, MEMBER, READ_ONLY, ANNOTATOR, or custom:<role name or ID>
        #[arg(short, long, value_parser = parse_role)]
        role: Role,
        #[command(flatten)]
        bulk: BulkArgs,
    },
    /// Remove a user from a space (asks first)
    #[command(
        after_help = "Example:\n  arize spaces remove-user fraud-models --user-id ann@acme.example --yes"
    )]
    RemoveUser {
        /// The space: an ID or an exact name
        space: String,
        /// The user: an ID or an email
        #[arg(long, visible_alias = "user")]
        user_id: String,
        #[command(flatten)]
        confirm: Confirm,
    },
}

/// A space by ID or name, scoped to an organization when one is given.
fn space_ref(space: &str, organization: Option<&str>) -> SpaceRef {
    match organization {
        Some(organization) => SpaceRef::in_organization(space, organization),
        None => SpaceRef::parse(space),
    }
}

/// Runs a verb.
pub fn run(verb: Verb, ctx: &Ctx) -> Outcome {
    let spaces = ctx.client()?.spaces();
    let output = ctx.output();
    match verb {
        Verb::List {
            organization,
            name,
            page,
        } => {
            let list = spaces.list().set_name(name);
            let list = match organization {
                Some(organization) => list.organization(organization),
                None => list,
            };
            listing::run(&output, list, &page, 15)
        }
        Verb::Get {
            space,
            organization,
        } => output.item(&spaces.get(space_ref(&space, organization.as_deref()))?),
        Verb::Create {
            name,
            organization,
            description,
            private,
        } => {
            let space = spaces
                .create(name, organization)
                .set_description(description)
                .private(private)
                .send()?;
            eprintln!("Created space {:?} ({}).", space.name, space.id);
            output.item(&space)
        }
        Verb::Update {
            space,
            name,
            description,
            clear_description,
            private,
        } => {
            let mut update = spaces.update(space.as_str());
            if let Some(name) = name {
                update = update.name(name);
            }
            if let Some(description) = description {
                update = update.description(description);
            }
            if clear_description {
                update = update.clear_description();
            }
            if let Some(private) = private {
                update = update.private(private);
            }
            output.item(&update.send()?)
        }
        Verb::Delete {
            space,
            organization,
            confirm,
        } => {
            let question = format!("Delete space {space:?} and everything in it, for good");
            if !confirm.ask(&question)? {
                return Ok(());
            }
            let deletion = spaces.delete(space_ref(&space, organization.as_deref()))?;
            report_deletion(deletion, &format!("space {space:?}"), "Deleted");
            Ok(())
        }
        Verb::AddUser {
            space,
            user_ids,
            role,
            bulk,
        } => {
            let users = bulk.users(user_ids)?;
            if bulk.is_single(&users) {
                return output.item(&spaces.add_user(space.as_str(), users[0].as_str(), role)?);
            }
            let batch = bulk::with_progress(users.len(), "adding users", |progress| {
                spaces
                    .bulk_add_users(space.as_str(), users.iter().map(String::as_str), role)
                    .concurrency(bulk.concurrency)
                    .on_progress(|done, total, _| progress(done, total))
                    .send()
            })?;
            let rows = bulk::added_rows(&batch, |membership| &membership.id);
            bulk::report(ctx, &bulk::RESULTS, &rows, "Add")
        }
        Verb::RemoveUser {
            space,
            user_id,
            confirm,
        } => {
            if !confirm.ask(&format!("Remove {user_id:?} from space {space:?}"))? {
                return Ok(());
            }
            let deletion = spaces.remove_user(space.as_str(), user_id.as_str())?;
            report_deletion(
                deletion,
                &format!("{user_id:?} from space {space:?}"),
                "Removed",
            );
            Ok(())
        }
    }
}
