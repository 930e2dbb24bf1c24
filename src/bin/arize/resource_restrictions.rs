//! `arize resource-restrictions …`: `ax resource-restrictions`.

use arize::ResourceRestrictionType;
use clap::Subcommand;

use crate::{
    Ctx, args::parse, confirm::Confirm, exit::Outcome, listing, listing::PageArgs, report_deletion,
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
        /// The resource's ID (a project, dashboard or prompt)
        #[arg(long)]
        resource_id: String,
    },
    /// Lift a restriction (asks first)
    #[command(
        after_help = "Example:\n  arize resource-restrictions unrestrict --resource-id TW9kZWw6MTIz --yes"
    )]
    Unrestrict {
        /// The resource's ID
        #[arg(long)]
        resource_id: String,
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
        Verb::Restrict { resource_id } => {
            let restriction = restrictions.restrict(resource_id)?;
            eprintln!("Restricted {}.", restriction.resource_id);
            output.item(&restriction)
        }
        Verb::Unrestrict {
            resource_id,
            confirm,
        } => {
            if !confirm.ask(&format!("Lift the restriction of {resource_id}"))? {
                return Ok(());
            }
            let deletion = restrictions.unrestrict(&resource_id)?;
            report_deletion(
                deletion,
                &format!("the restriction of {resource_id}"),
                "Lifted",
            );
            Ok(())
        }
    }
}
