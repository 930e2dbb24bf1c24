//! `arize projects …`: `ax projects`, a project by ID or by name within its
//! space (`--space`), as the library names projects.

use arize::{NameOrId, ProjectRef, ProjectType, SpaceRef};
use clap::Subcommand;

use crate::{
    Ctx,
    args::parse,
    confirm::Confirm,
    exit::Outcome,
    listing::{self, PageArgs},
    report_deletion,
};

/// The verbs of `arize projects`.
#[derive(Debug, Subcommand)]
pub enum Verb {
    /// List projects (one page, or every page with --all)
    #[command(after_help = "Example:\n  arize projects list --space agents --all -o csv")]
    List {
        /// Only projects whose name contains this text (ignoring case)
        #[arg(short, long)]
        name: Option<String>,
        /// Only projects of this space: an ID, or an exact name (resolved
        /// first; `ax` sends a name as --space-name's substring filter)
        #[arg(short, long, visible_alias = "space-id")]
        space: Option<String>,
        /// Only projects of spaces whose name contains this text (ignoring
        /// case; the server's filter)
        #[arg(long, conflicts_with = "space")]
        space_name: Option<String>,
        /// Only projects of this type: APPLICATION, HARNESS or EXPERIMENT
        #[arg(long, value_parser = parse::<ProjectType>)]
        project_type: Option<ProjectType>,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Show a project, by ID, or by name with --space
    #[command(after_help = "Example:\n  arize projects get checkout-agent --space agents -o json")]
    Get {
        /// The project: an ID, or an exact name (with --space)
        project: String,
        /// The space a project name is looked up in (ID or name)
        #[arg(short, long)]
        space: Option<String>,
    },
    /// Create a project in a space
    #[command(
        after_help = "Example:\n  arize projects create --name checkout-agent --space agents"
    )]
    Create {
        /// The new project's name, unique in its space
        #[arg(short, long)]
        name: String,
        /// The space (ID or name)
        #[arg(short, long, visible_alias = "space-id")]
        space: String,
    },
    /// Rename a project
    #[command(
        after_help = "Example:\n  arize projects update checkout-agent --space agents --name checkout"
    )]
    Update {
        /// The project: an ID, or an exact name (with --space)
        project: String,
        /// The new name, unique in its space
        #[arg(short, long)]
        name: String,
        /// The space a project name is looked up in (ID or name)
        #[arg(short, long)]
        space: Option<String>,
    },
    /// Delete a project and what it holds (asks first)
    #[command(after_help = "Example:\n  arize projects delete checkout-agent --space agents --yes")]
    Delete {
        /// The project: an ID, or an exact name (with --space)
        project: String,
        /// The space a project name is looked up in (ID or name)
        #[arg(short, long)]
        space: Option<String>,
        #[command(flatten)]
        confirm: Confirm,
    },
}

/// A project as given: text that reads as an ID is one, whatever the
/// space; a name is looked up in `space`. A name without a space is left
/// to the library, which refuses it before sending anything (project
/// names are unique only within a space).
pub fn project_ref(project: &str, space: Option<&str>) -> ProjectRef {
    match (ProjectRef::parse(project), space) {
        (NameOrId::Name(name), Some(space)) => ProjectRef::in_space(name, SpaceRef::parse(space)),
        (project, _) => project,
    }
}

/// Runs a verb.
pub fn run(verb: Verb, ctx: &Ctx) -> Outcome {
    let projects = ctx.client()?.projects();
    let output = ctx.output();
    match verb {
        Verb::List {
            name,
            space,
            space_name,
            project_type,
            page,
        } => {
            let list = projects
                .list()
                .set_name(name)
                .set_space(space.map(SpaceRef::parse))
                .set_space_name(space_name)
                .set_project_type(project_type);
            listing::run(&output, list, &page, 15)
        }
        Verb::Get { project, space } => {
            output.item(&projects.get(project_ref(&project, space.as_deref()))?)
        }
        Verb::Create { name, space } => {
            let project = projects.create(name, SpaceRef::parse(space)).send()?;
            eprintln!("Created project {:?} ({}).", project.name, project.id);
            output.item(&project)
        }
        Verb::Update {
            project,
            name,
            space,
        } => {
            let update = projects.update(project_ref(&project, space.as_deref()));
            output.item(&update.name(name).send()?)
        }
        Verb::Delete {
            project,
            space,
            confirm,
        } => {
            let target = project_ref(&project, space.as_deref());
            let question = format!(
                "Delete project {:?} and everything in it, for good",
                target.to_string()
            );
            if !confirm.ask(&question)? {
                return Ok(());
            }
            let deletion = projects.delete(target.clone())?;
            report_deletion(
                deletion,
                &format!("project {:?}", target.to_string()),
                "Deleted",
            );
            Ok(())
        }
    }
}
