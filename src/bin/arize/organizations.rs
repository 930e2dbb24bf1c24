//! `arize organizations …`: `ax organizations`.

use arize::Role;
use clap::Subcommand;

use crate::{
    Ctx,
    args::parse_role,
    bulk::{self, BulkArgs},
    confirm::Confirm,
    exit::Outcome,
    listing,
    listing::PageArgs,
    report_deletion,
};

/// The verbs of `arize organizations`.
#[derive(Debug, Subcommand)]
pub enum Verb {
    /// List organizations
    #[command(after_help = "Example:\n  arize organizations list --name acme")]
    List {
        /// Only organizations whose name contains this text (ignoring case)
        #[arg(short, long)]
        name: Option<String>,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Show an organization, by ID or name
    #[command(after_help = "Example:\n  arize organizations get acme -o json")]
    Get {
        /// The organization: an ID or an exact name
        organization: String,
    },
    /// Create an organization
    #[command(
        after_help = "Example:\n  arize organizations create --name acme --description 'Acme Corp'"
    )]
    Create {
        /// The new organization's name
        #[arg(short, long)]
        name: String,
        /// A description (at most 1,000 characters)
        #[arg(long)]
        description: Option<String>,
    },
    /// Change an organization's name or description
    #[command(after_help = "Example:\n  arize organizations update acme --name acme-corp")]
    Update {
        /// The organization: an ID or an exact name
        organization: String,
        /// A new name
        #[arg(short, long)]
        name: Option<String>,
        /// A new description
        #[arg(long, conflicts_with = "clear_description")]
        description: Option<String>,
        /// Remove the description
        #[arg(long)]
        clear_description: bool,
    },
    /// Delete an organization and every space in it (asks first)
    #[command(after_help = "Example:\n  arize organizations delete old-org --yes")]
    Delete {
        /// The organization: an ID or an exact name
        organization: String,
        #[command(flatten)]
        confirm: Confirm,
    },
    /// Give users a role in an organization, or change it (many at once:
    /// --from-file)
    #[command(
        after_help = "Example:\n  arize organizations add-user acme --user-id ann@acme.example --role admin"
    )]
    AddUser {
        /// The organization: an ID or an exact name
        organization: String,
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
    /// Remove a user from an organization and its spaces (asks first)
    #[command(
        after_help = "Example:\n  arize organizations remove-user acme --user-id ann@acme.example --yes"
    )]
    RemoveUser {
        /// The organization: an ID or an exact name
        organization: String,
        /// The user: an ID or an email
        #[arg(long, visible_alias = "user")]
        user_id: String,
        #[command(flatten)]
        confirm: Confirm,
    },
}

/// Runs a verb.
pub fn run(verb: Verb, ctx: &Ctx) -> Outcome {
    let organizations = ctx.client()?.organizations();
    let output = ctx.output();
    match verb {
        Verb::List { name, page } => {
            listing::run(&output, organizations.list().set_name(name), &page, 50)
        }
        Verb::Get { organization } => output.item(&organizations.get(organization)?),
        Verb::Create { name, description } => {
            let organization = organizations
                .create(name)
                .set_description(description)
                .send()?;
            eprintln!(
                "Created organization {:?} ({}).",
                organization.name, organization.id
            );
            output.item(&organization)
        }
        Verb::Update {
            organization,
            name,
            description,
            clear_description,
        } => {
            let mut update = organizations.update(organization);
            if let Some(name) = name {
                update = update.name(name);
            }
            if let Some(description) = description {
                update = update.description(description);
            }
            if clear_description {
                update = update.clear_description();
            }
            output.item(&update.send()?)
        }
        Verb::Delete {
            organization,
            confirm,
        } => {
            let question =
                format!("Delete organization {organization:?} with every space in it, for good");
            if !confirm.ask(&question)? {
                return Ok(());
            }
            let deletion = organizations.delete(organization.as_str())?;
            report_deletion(
                deletion,
                &format!("organization {organization:?}"),
                "Deleted",
            );
            Ok(())
        }
        Verb::AddUser {
            organization,
            user_ids,
            role,
            bulk,
        } => {
            let users = bulk.users(user_ids)?;
            if bulk.is_single(&users) {
                let user = users[0].as_str();
                return output.item(&organizations.add_user(organization, user, role)?);
            }
            let batch = bulk::with_progress(users.len(), "adding users", |progress| {
                organizations
                    .bulk_add_users(organization, users.iter().map(String::as_str), role)
                    .concurrency(bulk.concurrency)
                    .on_progress(|done, total, _| progress(done, total))
                    .send()
            })?;
            let rows = bulk::added_rows(&batch, |membership| &membership.id);
            bulk::report(ctx, &bulk::RESULTS, &rows, "Add")
        }
        Verb::RemoveUser {
            organization,
            user_id,
            confirm,
        } => {
            let question =
                format!("Remove {user_id:?} from organization {organization:?} and all its spaces");
            if !confirm.ask(&question)? {
                return Ok(());
            }
            let deletion = organizations.remove_user(organization.as_str(), user_id.as_str())?;
            let what = format!("{user_id:?} from organization {organization:?}");
            report_deletion(deletion, &what, "Removed");
            Ok(())
        }
    }
}
