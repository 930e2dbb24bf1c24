//! `arize roles …`: `ax roles` (custom roles and the predefined ones).

use arize::Permission;
use clap::Subcommand;

use crate::{
    Ctx, args::parse, confirm::Confirm, exit::Outcome, listing, listing::PageArgs, report_deletion,
};

/// The verbs of `arize roles`.
#[derive(Debug, Subcommand)]
pub enum Verb {
    /// List roles, predefined and custom
    #[command(after_help = "Example:\n  arize roles list --is-custom --all")]
    List {
        /// Only predefined roles
        #[arg(long, conflicts_with = "is_custom")]
        is_predefined: bool,
        /// Only custom roles
        #[arg(long)]
        is_custom: bool,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Show a role, by ID or name
    #[command(after_help = "Example:\n  arize roles get reviewer -o json")]
    Get {
        /// The role: an ID or an exact name
        role: String,
    },
    /// Create a custom role
    #[command(
        after_help = "Example:\n  arize roles create --name reviewer --permissions PROJECT_READ,SPACE_READ"
    )]
    Create {
        /// The new role's name
        #[arg(short, long)]
        name: String,
        /// The permissions it grants, comma-separated (PROJECT_READ,…)
        #[arg(long, required = true, value_delimiter = ',', value_parser = parse::<Permission>)]
        permissions: Vec<Permission>,
        /// A description
        #[arg(long)]
        description: Option<String>,
    },
    /// Change a custom role's name, description or permissions
    #[command(after_help = "Example:\n  arize roles update reviewer --permissions PROJECT_READ")]
    Update {
        /// The role: an ID or an exact name
        role: String,
        /// A new name
        #[arg(short, long)]
        name: Option<String>,
        /// A new description
        #[arg(long, conflicts_with = "clear_description")]
        description: Option<String>,
        /// Remove the description
        #[arg(long)]
        clear_description: bool,
        /// The whole new set of permissions, comma-separated
        #[arg(long, value_delimiter = ',', value_parser = parse::<Permission>)]
        permissions: Option<Vec<Permission>>,
    },
    /// Delete a custom role (asks first)
    #[command(after_help = "Example:\n  arize roles delete reviewer --yes")]
    Delete {
        /// The role: an ID or an exact name
        role: String,
        #[command(flatten)]
        confirm: Confirm,
    },
}

/// Runs a verb.
pub fn run(verb: Verb, ctx: &Ctx) -> Outcome {
    let roles = ctx.client()?.roles();
    let output = ctx.output();
    match verb {
        Verb::List {
            is_predefined,
            is_custom,
            page,
        } => {
            let predefined = match (is_predefined, is_custom) {
                (true, _) => Some(true),
                (_, true) => Some(false),
                _ => None,
            };
            listing::run(&output, roles.list().set_predefined(predefined), &page, 15)
        }
        Verb::Get { role } => output.item(&roles.get(role)?),
        Verb::Create {
            name,
            permissions,
            description,
        } => {
            let role = roles
                .create(name, permissions)
                .set_description(description)
                .send()?;
            eprintln!("Created role {:?} ({}).", role.name, role.id);
            output.item(&role)
        }
        Verb::Update {
            role,
            name,
            description,
            clear_description,
            permissions,
        } => {
            let mut update = roles.update(role);
            if let Some(name) = name {
                update = update.name(name);
            }
            if let Some(description) = description {
                update = update.description(description);
            }
            if clear_description {
                update = update.clear_description();
            }
            if let Some(permissions) = permissions {
                update = update.permissions(permissions);
            }
            output.item(&update.send()?)
        }
        Verb::Delete { role, confirm } => {
            if !confirm.ask(&format!("Delete role {role:?}"))? {
                return Ok(());
            }
            let deletion = roles.delete(role.as_str())?;
            report_deletion(deletion, &format!("role {role:?}"), "Deleted");
            Ok(())
        }
    }
}
