//! `arize role-bindings …`: `ax role-bindings`, with users, roles and
//! spaces by name too, and `assign`.

use arize::{Assigned, BindingResource, RoleBindingResourceType};
use clap::Subcommand;

use crate::{
    Ctx,
    args::parse,
    bulk::{self, BulkArgs},
    confirm::Confirm,
    exit::{Failure, Outcome},
    listing,
    listing::PageArgs,
    projects::project_ref,
    report_deletion,
};

/// The verbs of `arize role-bindings`.
#[derive(Debug, Subcommand)]
pub enum Verb {
    /// List the bindings on spaces or on projects
    #[command(
        after_help = "Example:\n  arize role-bindings list --resource-type SPACE --user-id ann@acme.example"
    )]
    List {
        /// SPACE or PROJECT (the API lists one kind at a time)
        #[arg(long, value_parser = parse::<RoleBindingResourceType>)]
        resource_type: RoleBindingResourceType,
        /// Only the bindings of this user (ID or email)
        #[arg(long, visible_alias = "user")]
        user_id: Option<String>,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Show a binding, by ID
    #[command(after_help = "Example:\n  arize role-bindings get Um9sZUJpbmRpbmc6MQ==")]
    Get {
        /// The binding's ID
        binding_id: String,
    },
    /// Bind a user to a role on a space or project
    #[command(
        after_help = "Example:\n  arize role-bindings create --user-id ann@acme.example --role-id reviewer \\\n      --resource-type SPACE --resource-id fraud-models"
    )]
    Create {
        /// The user: an ID or an email
        #[arg(long, visible_alias = "user")]
        user_id: String,
        #[command(flatten)]
        binding: BindingArgs,
    },
    /// Make a user hold a role on a resource: create the binding, or change
    /// the existing one
    #[command(
        after_help = "Examples:\n  arize role-bindings assign --user-id ann@acme.example --role-id reviewer \\\n      --resource-type PROJECT --resource-id TW9kZWw6MQ==\n  arize role-bindings assign --from-file reviewers.txt --role-id reviewer \\\n      --resource-type PROJECT --resource-id checkout --space agents"
    )]
    Assign {
        /// The user: an ID or an email; repeatable (comma-separated values
        /// too), for many at once
        #[arg(
            long = "user-id",
            visible_alias = "user",
            value_name = "USER",
            value_delimiter = ','
        )]
        user_ids: Vec<String>,
        #[command(flatten)]
        binding: BindingArgs,
        #[command(flatten)]
        bulk: BulkArgs,
    },
    /// Give a binding another role
    #[command(
        after_help = "Example:\n  arize role-bindings update Um9sZUJpbmRpbmc6MQ== --role-id auditor"
    )]
    Update {
        /// The binding's ID
        binding_id: String,
        /// The role: an ID or a name
        #[arg(long, visible_alias = "role")]
        role_id: String,
    },
    /// Delete a binding (asks first)
    #[command(after_help = "Example:\n  arize role-bindings delete Um9sZUJpbmRpbmc6MQ== --yes")]
    Delete {
        /// The binding's ID
        binding_id: String,
        #[command(flatten)]
        confirm: Confirm,
    },
}

/// What a binding binds.
#[derive(Debug, clap::Args)]
pub struct BindingArgs {
    /// The role: an ID or a name
    #[arg(long, visible_alias = "role")]
    role_id: String,
    /// SPACE or PROJECT
    #[arg(long, value_parser = parse::<RoleBindingResourceType>)]
    resource_type: RoleBindingResourceType,
    /// The space (ID or name) or the project (ID, or name with --space)
    #[arg(long)]
    resource_id: String,
    /// The space a project name is looked up in (ID or name)
    #[arg(short, long)]
    space: Option<String>,
}

impl BindingArgs {
    fn resource(&self) -> Outcome<BindingResource> {
        match (&self.resource_type, &self.space) {
            (RoleBindingResourceType::Space, None) => {
                Ok(BindingResource::space(self.resource_id.as_str()))
            }
            (RoleBindingResourceType::Space, Some(_)) => Err(Failure::usage(
                "--space scopes a project name: a space is named by --resource-id alone",
            )),
            (RoleBindingResourceType::Project, space) => Ok(BindingResource::project(project_ref(
                &self.resource_id,
                space.as_deref(),
            ))),
            _ => Err(Failure::usage("--resource-type: expected SPACE or PROJECT")),
        }
    }
}

/// What an assignment did: as said on stderr, and as a row's status.
fn status(assigned: &Assigned) -> (&'static str, &'static str) {
    match assigned {
        Assigned::Created(_) => ("Created", "created"),
        Assigned::Updated(_) => ("Updated", "updated"),
        Assigned::Unchanged(_) => ("Unchanged:", "unchanged"),
        _ => ("Assigned", "assigned"),
    }
}

/// Runs a verb.
pub fn run(verb: Verb, ctx: &Ctx) -> Outcome {
    let bindings = ctx.client()?.role_bindings();
    let output = ctx.output();
    match verb {
        Verb::List {
            resource_type,
            user_id,
            page,
        } => {
            let list = bindings.list(resource_type);
            let list = match user_id {
                Some(user) => list.user(user),
                None => list,
            };
            listing::run(&output, list, &page, 100)
        }
        Verb::Get { binding_id } => output.item(&bindings.get(binding_id)?),
        Verb::Create { user_id, binding } => {
            let resource = binding.resource()?;
            let created = bindings.create(user_id.as_str(), binding.role_id.as_str(), resource)?;
            eprintln!("Created role binding {}.", created.id);
            output.item(&created)
        }
        Verb::Assign {
            user_ids,
            binding,
            bulk,
        } => {
            let users = bulk.users(user_ids)?;
            let resource = binding.resource()?;
            let role = binding.role_id.as_str();
            if bulk.is_single(&users) {
                let assigned = bindings.assign(users[0].as_str(), role, resource)?;
                let (said, _) = status(&assigned);
                eprintln!("{said} role binding {}.", assigned.binding().id);
                return output.item(assigned.binding());
            }
            let batch = bulk::with_progress(users.len(), "assigning", |progress| {
                bindings
                    .bulk_assign(users.iter().map(String::as_str), role, resource)
                    .concurrency(bulk.concurrency)
                    .on_progress(|done, total, _| progress(done, total))
                    .send()
            })?;
            let rows: Vec<_> = batch
                .iter()
                .map(|outcome| {
                    let result = outcome.result.as_ref().map(|assigned| {
                        let (_, word) = status(assigned);
                        (word, assigned.binding().id.as_str())
                    });
                    bulk::row(&outcome.input.to_string(), result)
                })
                .collect();
            bulk::report(ctx, &bulk::RESULTS, &rows, "Assign")
        }
        Verb::Update {
            binding_id,
            role_id,
        } => output.item(&bindings.update(binding_id, role_id.as_str())?),
        Verb::Delete {
            binding_id,
            confirm,
        } => {
            if !confirm.ask(&format!("Delete role binding {binding_id}"))? {
                return Ok(());
            }
            let deletion = bindings.delete(&binding_id)?;
            report_deletion(deletion, &format!("role binding {binding_id}"), "Deleted");
            Ok(())
        }
    }
}
