//! `arize fake serve` (features `cli` and `testing`): the crate's fake of
//! the API as a standalone server on 127.0.0.1, so that scripts in any
//! language can be tested offline.

use std::{path::PathBuf, time::Duration};

use arize::{AccountRole, testing::FakeServer};
use clap::Subcommand;
use serde::Deserialize;

use crate::{
    args::parse,
    exit::{FILE, Failure, Outcome},
    output::create_private,
};

/// The verbs of `arize fake`.
#[derive(Debug, Subcommand)]
pub enum Verb {
    /// Serve a seeded fake of the API until interrupted; prints its URL and key
    #[command(
        after_help = "Example:\n  arize fake serve --organization acme --user alice:member:acme \\\n      --space acme:fraud --env-file fake.env &\n  # once fake.env exists:\n  set -a; . ./fake.env; set +a; arize spaces list"
    )]
    Serve(Seeds),
}

/// What the fake holds when it starts: a seeds file, then the flags.
#[derive(Debug, clap::Args)]
pub struct Seeds {
    /// A TOML file of seeds (keys: key, latency_ms, jitter_ms,
    /// organizations, custom_roles, [[users]], [[spaces]], [[projects]],
    /// [[service_keys]] (name, space), [[user_keys]] (name, user))
    #[arg(long, value_name = "FILE")]
    seeds: Option<PathBuf>,
    /// The API key it accepts [default: fake-api-key]
    #[arg(long)]
    key: Option<String>,
    /// An organization; repeatable
    #[arg(long = "organization", value_name = "NAME")]
    organizations: Vec<String>,
    /// An active user NAME[:ROLE[:ORG,ORG…]] (email NAME@example.com); repeatable
    #[arg(long = "user", value_name = "SPEC")]
    users: Vec<String>,
    /// A user with a pending invitation NAME[:ROLE]; repeatable
    #[arg(long = "invited-user", value_name = "SPEC")]
    invited_users: Vec<String>,
    /// A custom role granting SPACE_READ; repeatable
    #[arg(long = "custom-role", value_name = "NAME")]
    custom_roles: Vec<String>,
    /// A space ORG:NAME, or ORG:COUNT for COUNT numbered spaces; repeatable
    #[arg(long = "space", value_name = "ORG:NAME")]
    spaces: Vec<String>,
    /// A project SPACE:NAME, to bind roles on or restrict; repeatable
    #[arg(long = "project", value_name = "SPACE:NAME")]
    projects: Vec<String>,
    /// A service key NAME:SPACE (default roles), made at start; repeatable
    #[arg(long = "service-key", value_name = "NAME:SPACE")]
    service_keys: Vec<String>,
    /// A user key USER:NAME of a seeded user, made at start; repeatable
    #[arg(long = "user-key", value_name = "USER:NAME")]
    user_keys: Vec<String>,
    /// Wait this long before answering each request (requests in flight
    /// wait together, as over a network)
    #[arg(long, value_name = "MS")]
    latency_ms: Option<u64>,
    /// Vary each wait by up to this much either way
    #[arg(long, value_name = "MS", requires = "latency_ms")]
    jitter_ms: Option<u64>,
    /// Also write ARIZE_BASE_URL and ARIZE_API_KEY to this file (mode 0600)
    #[arg(long, value_name = "FILE")]
    env_file: Option<PathBuf>,
}

/// The seeds file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedFile {
    key: Option<String>,
    latency_ms: Option<u64>,
    jitter_ms: Option<u64>,
    #[serde(default)]
    organizations: Vec<String>,
    #[serde(default)]
    custom_roles: Vec<String>,
    #[serde(default)]
    users: Vec<SeedUser>,
    #[serde(default)]
    spaces: Vec<SeedSpace>,
    #[serde(default)]
    projects: Vec<SeedProject>,
    #[serde(default)]
    service_keys: Vec<SeedServiceKey>,
    #[serde(default)]
    user_keys: Vec<SeedUserKey>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedServiceKey {
    name: String,
    space: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedUserKey {
    name: String,
    user: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedUser {
    name: String,
    role: Option<String>,
    #[serde(default)]
    organizations: Vec<String>,
    #[serde(default)]
    invited: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedSpace {
    organization: String,
    name: Option<String>,
    count: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SeedProject {
    space: String,
    name: String,
    #[serde(default)]
    restricted: bool,
}

/// Runs a verb.
pub fn run(verb: Verb) -> Outcome {
    let Verb::Serve(seeds) = verb;
    let file = match &seeds.seeds {
        None => SeedFile::default(),
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| Failure::file(path, &e))?;
            toml::from_str(&text).map_err(|error| {
                Failure::usage(format!("{}: {}", path.display(), error.message()))
            })?
        }
    };
    let fake = start(seeds_of(file, &seeds)?)?;
    let lines = format!(
        "ARIZE_BASE_URL={}\nARIZE_API_KEY={}\n",
        fake.url(),
        fake.api_key()
    );
    if let Some(path) = &seeds.env_file {
        use std::io::Write;
        // Written whole, then renamed, so a script waiting for the file
        // never reads half of it.
        let partial = path.with_extension("partial");
        create_private(&partial)
            .and_then(|mut file| file.write_all(lines.as_bytes()))
            .and_then(|()| std::fs::rename(&partial, path))
            .map_err(|error| Failure::new(FILE, format!("{}: {error}", path.display())))?;
    }
    print!("{lines}");
    use std::io::Write;
    std::io::stdout().flush()?;
    eprintln!(
        "Serving a fake Arize API at {}; Ctrl-C stops it.",
        fake.url()
    );
    // Serve until the process is ended: the fake's threads do the work.
    loop {
        std::thread::park();
    }
}

/// Everything to seed, in the order the builder needs (organizations
/// before their users and spaces, spaces before their projects).
struct Plan {
    key: Option<String>,
    latency: Option<Duration>,
    jitter: Option<Duration>,
    organizations: Vec<String>,
    custom_roles: Vec<String>,
    users: Vec<(String, AccountRole, Vec<String>, bool)>,
    spaces: Vec<(String, SpaceSeed)>,
    projects: Vec<(String, String, bool)>,
    /// (name, space)
    service_keys: Vec<(String, String)>,
    /// (user, name)
    user_keys: Vec<(String, String)>,
}

enum SpaceSeed {
    Named(String),
    Count(usize),
}

fn role(text: Option<&str>) -> Outcome<AccountRole> {
    parse::<AccountRole>(text.unwrap_or("member")).map_err(Failure::usage)
}

fn pair<'a>(spec: &'a str, flag: &str) -> Outcome<(&'a str, &'a str)> {
    spec.split_once(':')
        .ok_or_else(|| Failure::usage(format!("{flag} {spec:?}: expected two parts around ':'")))
}

fn seeds_of(file: SeedFile, flags: &Seeds) -> Outcome<Plan> {
    let mut plan = Plan {
        key: flags.key.clone().or(file.key),
        latency: flags
            .latency_ms
            .or(file.latency_ms)
            .map(Duration::from_millis),
        jitter: flags
            .jitter_ms
            .or(file.jitter_ms)
            .map(Duration::from_millis),
        organizations: file.organizations,
        custom_roles: file.custom_roles,
        users: Vec::new(),
        spaces: Vec::new(),
        projects: Vec::new(),
        service_keys: Vec::new(),
        user_keys: Vec::new(),
    };
    plan.organizations
        .extend(flags.organizations.iter().cloned());
    plan.custom_roles.extend(flags.custom_roles.iter().cloned());
    for user in file.users {
        let role = role(user.role.as_deref())?;
        plan.users
            .push((user.name, role, user.organizations, user.invited));
    }
    for spec in &flags.users {
        let mut parts = spec.splitn(3, ':');
        let name = parts.next().unwrap_or_default().to_owned();
        let role = role(parts.next())?;
        let organizations = parts
            .next()
            .map(|orgs| orgs.split(',').map(str::to_owned).collect())
            .unwrap_or_default();
        plan.users.push((name, role, organizations, false));
    }
    for spec in &flags.invited_users {
        let (name, role_text) = spec.split_once(':').unwrap_or((spec, "member"));
        plan.users
            .push((name.to_owned(), role(Some(role_text))?, Vec::new(), true));
    }
    for space in file.spaces {
        let seed = match (space.name, space.count) {
            (Some(name), None) => SpaceSeed::Named(name),
            (None, Some(count)) => SpaceSeed::Count(count),
            _ => return Err(Failure::usage("a [[spaces]] seed needs a name or a count")),
        };
        plan.spaces.push((space.organization, seed));
    }
    for spec in &flags.spaces {
        let (organization, name) = pair(spec, "--space")?;
        let seed = match name.parse::<usize>() {
            Ok(count) => SpaceSeed::Count(count),
            Err(_) => SpaceSeed::Named(name.to_owned()),
        };
        plan.spaces.push((organization.to_owned(), seed));
    }
    for project in file.projects {
        plan.projects
            .push((project.space, project.name, project.restricted));
    }
    for spec in &flags.projects {
        let (space, name) = pair(spec, "--project")?;
        plan.projects
            .push((space.to_owned(), name.to_owned(), false));
    }
    for key in file.service_keys {
        plan.service_keys.push((key.name, key.space));
    }
    for spec in &flags.service_keys {
        let (name, space) = pair(spec, "--service-key")?;
        plan.service_keys.push((name.to_owned(), space.to_owned()));
    }
    for key in file.user_keys {
        plan.user_keys.push((key.user, key.name));
    }
    for spec in &flags.user_keys {
        let (user, name) = pair(spec, "--user-key")?;
        plan.user_keys.push((user.to_owned(), name.to_owned()));
    }
    Ok(plan)
}

/// Starts the fake. Its builder panics on inconsistent seeds (a user in an
/// organization never added): that is the user's input, so a usage error.
fn start(plan: Plan) -> Outcome<FakeServer> {
    let mut builder = FakeServer::builder();
    if let Some(key) = plan.key {
        builder = builder.api_key(key);
    }
    for organization in plan.organizations {
        builder = builder.organization(organization);
    }
    for role in plan.custom_roles {
        builder = builder.custom_role(role);
    }
    for (name, role, organizations, invited) in plan.users {
        builder = if invited {
            builder.invited_user(name, role)
        } else {
            builder.user(name, role, organizations)
        };
    }
    for (organization, seed) in plan.spaces {
        builder = match seed {
            SpaceSeed::Named(name) => builder.space(organization, name),
            SpaceSeed::Count(count) => builder.spaces(organization, count),
        };
    }
    for (space, name, restricted) in plan.projects {
        builder = if restricted {
            builder.restricted_project(space, name)
        } else {
            builder.project(space, name)
        };
    }
    for (name, space) in plan.service_keys {
        builder = builder.service_key(name, space);
    }
    for (user, name) in plan.user_keys {
        builder = builder.user_key(user, name);
    }
    if let Some(latency) = plan.latency {
        builder = builder.latency(latency);
    }
    if let Some(jitter) = plan.jitter {
        builder = builder.jitter(jitter);
    }
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let started = std::panic::catch_unwind(move || builder.start());
    std::panic::set_hook(hook);
    let fake = started.map_err(|panic| {
        let why = panic
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| panic.downcast_ref::<&str>().copied())
            .unwrap_or("the fake could not start");
        Failure::usage(format!("invalid seeds: {why}"))
    })?;
    Ok(fake)
}
