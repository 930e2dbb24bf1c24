//! `arize resource-restrictions …`: `ax resource-restrictions`.

use arize::{ResourceRestrictionType, RestrictedResource};
use clap::Subcommand;

use crate::{
    Ctx, args::parse, confirm::Confirm, exit::Outcome, listing, listing::PageArgs,
    projects::project_ref, report_deletion,
};

/// The verbs of `arize resource-restrictions`.
#[derive(Debug, Subcommand)]
pub enum Verb {
    /// List restricted resources
    #[command(
        after_help = "Example:\n  arize resource-restrictions list --resource-type PROJECT --all"
    )]
    List {
        /// PROJECT, DASHBOARD or PROMPT
        #[arg(short = 't', long, value_parser = parse::<ResourceRestrictionType>)]
        resource_type: Option<ResourceRestrictionType>,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Restrict a resource: only users bound to it keep access
    #[command(
        after_help = "Example:\n  arize resource-restrictions restrict --resource-id TW9kZWw6MTIz"
    )]
    Restrict {
        /// The resource's ID (a project, dashboard or prompt), or a
        /// project's name with --space
        #[arg(long)]
        resource_id: String,
        /// The space a project name is looked up in (ID or name)
        #[arg(short, long)]
        space: Option<String>,
    },
    /// Lift a restriction (asks first)
    #[command(
        after_help = "Example:\n  arize resource-restrictions unrestrict --resource-id TW9kZWw6MTIz --yes"
    )]
    Unrestrict {
        /// The resource's ID, or a project's name with --space
        #[arg(long)]
        resource_id: String,
        /// The space a project name is looked up in (ID or name)
        #[arg(short, long)]
        space: Option<String>,
        #[command(flatten)]
        confirm: Confirm,
    },
}

/// Runs a verb.
pub fn run(verb: Verb, ctx: &Ctx) -> Outcome {
    let restrictions = ctx.client()?.resource_restrictions();
    let output = ctx.output();
    match verb {
        Verb::List {
            resource_type,
            page,
        } => {
            let list = restrictions.list().set_resource_type(resource_type);
            listing::run(&output, list, &page, 15)
        }
        Verb::Restrict { resource_id, space } => {
            let restriction = restrictions.restrict(resource(resource_id, space))?;
            eprintln!("Restricted {}.", restriction.resource_id);
            output.item(&restriction)
        }
        Verb::Unrestrict {
            resource_id,
            space,
            confirm,
        } => {
            let resource = resource(resource_id, space);
            if !confirm.ask(&format!("Lift the restriction of {resource}"))? {
                return Ok(());
            }
            let what = format!("the restriction of {resource}");
            let deletion = restrictions.unrestrict(resource)?;
            report_deletion(deletion, &what, "Lifted");
            Ok(())
        }
    }
}

/// A resource by ID as given (dashboards and prompts have no lookup), or,
/// with a space, a project by ID or by name within it.
fn resource(resource_id: String, space: Option<String>) -> RestrictedResource {
    match space {
        Some(space) => RestrictedResource::from(project_ref(&resource_id, Some(&space))),
        None => RestrictedResource::from(resource_id),
    }
}
