//! `arize api-keys …`: `ax api-keys`, with spaces, organizations, users and
//! custom roles by name, a refresh that keeps the key's expiry, and a new
//! secret shown once (or written to an `--env-file`).

use std::{fs, path::PathBuf, time::Duration};

use arize::{
    AccountRole, ApiKey, ApiKeyRef, ApiKeyStatus, ApiKeyType, OrganizationAccess, Role, SpaceRef,
    UserRef,
};
use chrono::{DateTime, Utc};
use clap::Subcommand;
use serde::Serialize;
use serde_json::{Value, json};

use crate::{
    Ctx,
    args::{parse, parse_role, parse_time},
    confirm::Confirm,
    env_file::EnvFile,
    exit::{API, FILE, Failure, Outcome},
    listing::{self, PageArgs},
    output::{Output, Shown, to_json},
};

/// The verbs of `arize api-keys`.
#[derive(Debug, Subcommand)]
pub enum Verb {
    /// List keys: your user keys, or a space's service keys (--space);
    /// their metadata, never a secret
    #[command(
        after_help = "Examples:\n  arize api-keys list --status REVOKED\n  arize api-keys list --space agents --created-by ann@acme.example -o json"
    )]
    List {
        /// USER (the default) or SERVICE (needs --space)
        #[arg(long, value_parser = parse::<ApiKeyType>)]
        key_type: Option<ApiKeyType>,
        /// ACTIVE (the default) or REVOKED
        #[arg(long, value_parser = parse::<ApiKeyStatus>)]
        status: Option<ApiKeyStatus>,
        /// List this space's service keys (an ID or a name)
        #[arg(short, long, visible_alias = "space-id")]
        space: Option<String>,
        /// Only keys this user created (an ID or an email)
        #[arg(long, visible_alias = "user-id")]
        created_by: Option<String>,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Create a user key, acting as you; its secret is shown once
    #[command(
        after_help = "Examples:\n  arize api-keys create --name laptop --expires-at 2027-06-30\n  arize api-keys create --name ci --env-file .env"
    )]
    Create {
        #[command(flatten)]
        key: NewKey,
    },
    /// Create a service key, acting as a bot user with the roles given;
    /// its secret is shown once
    #[command(
        after_help = "Examples:\n  arize api-keys create-service-key --name deployer --organization acme \\\n      --space agents --space fraud=admin --env-file .env\n  arize api-keys create-service-key --name deployer \\\n      --assignments '[{\"org_id\": \"acme\", \"spaces\": [{\"space\": \"agents\"}]}]'\n\nA role is ADMIN, MEMBER, READ_ONLY, ANNOTATOR or custom:<role name or ID> (custom\nroles at space level only). In --assignments, an organization is \"org_id\" (or\n\"organization\"), a space \"space\" (or \"space_id\"), each an ID or a name; a role a\nname, or {\"type\": \"CUSTOM\", \"id\": ID} or {\"type\": \"PREDEFINED\", \"name\": NAME}."
    )]
    CreateServiceKey {
        #[command(flatten)]
        key: NewKey,
        /// The organizations and spaces: JSON (starting with [ or {), or a
        /// file holding it, as `ax` takes them
        #[arg(short, long, value_name = "JSON|FILE", conflicts_with_all = ["organization", "spaces"])]
        assignments: Option<String>,
        /// The organization (an ID or a name), with --space
        #[arg(long, requires = "spaces")]
        organization: Option<String>,
        /// The bot user's role in --organization [default: READ_ONLY]
        #[arg(long, value_parser = parse_role, requires = "organization")]
        organization_role: Option<Role>,
        /// A space of --organization (ID or name), as SPACE or SPACE=ROLE
        /// [default role: MEMBER]; repeatable
        #[arg(long = "space", value_name = "SPACE[=ROLE]")]
        spaces: Vec<String>,
        /// The bot user's account role: ADMIN or MEMBER [default: MEMBER]
        #[arg(long, value_parser = parse::<AccountRole>)]
        account_role: Option<AccountRole>,
    },
    /// Revoke a key: it stops working at once, for good (asks first)
    #[command(after_help = "Example:\n  arize api-keys revoke QXBpS2V5OjEwMDE6YUJjRA== --yes")]
    Revoke {
        /// The key's ID
        key: String,
        #[command(flatten)]
        confirm: Confirm,
    },
    /// Give a key a new secret (shown once), the old one valid for a grace
    /// period: how a key is rotated
    #[command(
        after_help = "Examples:\n  arize api-keys refresh QXBpS2V5OjEwMDE6YUJjRA== --grace-period-seconds 3600\n  arize api-keys refresh QXBpS2V5OjEwMDI6eFl6 --space agents --env-file .env\n\nThe key keeps its expiry: it is read from the key's listing (your user keys,\nor the service keys of --space), or given with --expires-at or --no-expiry."
    )]
    Refresh {
        /// The key's ID
        key: String,
        /// How long the old secret keeps working, at most 86400 (24 hours)
        /// [default: 0, it stops at once]
        #[arg(long, value_name = "SECONDS")]
        grace_period_seconds: Option<u64>,
        /// When the new secret expires, not after the old key's expiry:
        /// RFC 3339, a date-time (UTC) or a date [default: the key's]
        #[arg(long, value_name = "TIME", value_parser = parse_time)]
        expires_at: Option<DateTime<Utc>>,
        /// The key never expires: send no expiry (skips reading the key's)
        #[arg(long, conflicts_with = "expires_at")]
        no_expiry: bool,
        /// The space of a service key, whose listing tells its expiry (an
        /// ID or a name)
        #[arg(short, long, visible_alias = "space-id")]
        space: Option<String>,
        /// Write the new secret to this .env, .env.<suffix> or .envrc file
        /// (as ARIZE_API_KEY) instead of showing it
        #[arg(long, value_name = "PATH")]
        env_file: Option<PathBuf>,
    },
}

/// What every new key takes.
#[derive(Debug, clap::Args)]
pub struct NewKey {
    /// The key's name (at most 256 characters; need not be unique)
    #[arg(short, long)]
    name: String,
    /// A description (at most 1,000 characters)
    #[arg(long)]
    description: Option<String>,
    /// When it expires: RFC 3339, a date-time (UTC) or a date [default:
    /// never, or the account's limit]
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    expires_at: Option<DateTime<Utc>>,
    /// Write the secret to this .env, .env.<suffix> or .envrc file (as
    /// ARIZE_API_KEY) instead of showing it
    #[arg(long, value_name = "PATH")]
    env_file: Option<PathBuf>,
}

/// Runs a verb.
pub fn run(verb: Verb, ctx: &Ctx) -> Outcome {
    let keys = ctx.client()?.api_keys();
    let output = ctx.output();
    match verb {
        Verb::List {
            key_type,
            status,
            space,
            created_by,
            page,
        } => {
            match (&key_type, &space) {
                (Some(ApiKeyType::Service), None) => {
                    return Err(Failure::usage(
                        "service keys are listed per space: name one with --space",
                    ));
                }
                (Some(ApiKeyType::User), Some(_)) => {
                    return Err(Failure::usage(
                        "--space lists service keys: drop it to list user keys",
                    ));
                }
                _ => {}
            }
            let list = keys
                .list()
                .set_space(space.map(SpaceRef::parse))
                .set_status(status)
                .set_created_by(created_by.map(UserRef::parse));
            listing::run(&output, list, &page, 15)
        }
        Verb::Create { key } => {
            let destination = key.destination()?;
            let mut create = keys.create(key.name);
            if let Some(description) = key.description {
                create = create.description(description);
            }
            if let Some(at) = key.expires_at {
                create = create.expires_at(at);
            }
            let created = create.send()?;
            eprintln!("Created API key {:?} ({}).", created.name, created.id);
            deliver_new(
                &keys,
                &output,
                destination,
                &created,
                created.key.expose_secret(),
            )
        }
        Verb::CreateServiceKey {
            key,
            assignments,
            organization,
            organization_role,
            spaces,
            account_role,
        } => {
            let access = match (assignments, organization) {
                (Some(json), _) => read_assignments(&json)?,
                (None, Some(organization)) => {
                    vec![flag_access(organization, organization_role, &spaces)?]
                }
                (None, None) => {
                    return Err(Failure::usage(
                        "a service key needs an organization and spaces: --organization with \
                         --space, or --assignments",
                    ));
                }
            };
            let destination = key.destination()?;
            let mut create = keys.create_service_key(key.name);
            for organization in access {
                create = create.organization(organization);
            }
            if let Some(description) = key.description {
                create = create.description(description);
            }
            if let Some(at) = key.expires_at {
                create = create.expires_at(at);
            }
            if let Some(role) = account_role {
                create = create.account_role(role);
            }
            let created = create.send()?;
            eprintln!("Created service key {:?} ({}).", created.name, created.id);
            deliver_new(
                &keys,
                &output,
                destination,
                &created,
                created.key.expose_secret(),
            )
        }
        Verb::Revoke { key, confirm } => {
            let question = format!("Revoke API key {key}: it stops working at once, for good");
            if !confirm.ask(&question)? {
                return Ok(());
            }
            keys.revoke(key.as_str())?;
            eprintln!("Revoked API key {key}.");
            Ok(())
        }
        Verb::Refresh {
            key,
            grace_period_seconds,
            expires_at,
            no_expiry,
            space,
            env_file,
        } => {
            let destination = env_file.as_deref().map(EnvFile::check).transpose()?;
            let mut refresh = if expires_at.is_some() || no_expiry {
                keys.refresh(key.as_str())
            } else {
                // The key's expiry is sent back (see RefreshApiKey::send):
                // read it from the key's listing.
                keys.refresh(&find(&keys, &key, space)?)
            };
            if let Some(at) = expires_at {
                refresh = refresh.expires_at(at);
            }
            if no_expiry {
                refresh = refresh.without_expiry();
            }
            if let Some(seconds) = grace_period_seconds {
                refresh = refresh.grace_period(Duration::from_secs(seconds));
            }
            let refreshed = refresh.send()?;
            eprintln!("Refreshed API key {:?} ({}).", refreshed.name, refreshed.id);
            let secret = refreshed.key.expose_secret();
            match destination {
                Some(file) => match file.write(secret) {
                    Ok(()) => {
                        eprintln!(
                            "The new secret is in {} (ARIZE_API_KEY).",
                            file.path().display()
                        );
                        Ok(())
                    }
                    Err(error) => {
                        // A refresh cannot be undone: the secret is shown
                        // rather than lost.
                        show(&output, &refreshed, secret)?;
                        Err(Failure::new(
                            FILE,
                            format!(
                                "{}: {error}; the new secret is shown above instead",
                                file.path().display()
                            ),
                        ))
                    }
                },
                None => show(&output, &refreshed, secret),
            }
        }
    }
}

impl NewKey {
    /// The checked `--env-file`, before anything is sent.
    fn destination(&self) -> Outcome<Option<EnvFile>> {
        self.env_file.as_deref().map(EnvFile::check).transpose()
    }
}

/// Hands over a new key's secret: to the `--env-file` (the key is revoked
/// if it cannot be written, as `ax` does: a key whose secret nobody has is
/// of no use), or to the output, once.
fn deliver_new<K: Serialize>(
    keys: &arize::ApiKeys,
    output: &Output,
    destination: Option<EnvFile>,
    created: &K,
    secret: &str,
) -> Outcome
where
    for<'a> &'a K: Into<ApiKeyRef>,
{
    let Some(file) = destination else {
        return show(output, created, secret);
    };
    match file.write(secret) {
        Ok(()) => {
            eprintln!(
                "The secret is in {} (ARIZE_API_KEY).",
                file.path().display()
            );
            // Also to an -o file, as `ax` does; never to stdout.
            if output.is_stdout() {
                Ok(())
            } else {
                show(output, created, secret)
            }
        }
        Err(error) => {
            let undone = match keys.revoke(created) {
                Ok(()) => "the new key was revoked".to_owned(),
                Err(revoke) => format!("revoking the new key failed too ({revoke})"),
            };
            Err(Failure::new(
                FILE,
                format!("{}: {error}; {undone}", file.path().display()),
            ))
        }
    }
}

/// Prints a key with its secret in `key`, once, and says so on stderr.
fn show<K: Serialize>(output: &Output, key: &K, secret: &str) -> Outcome {
    let mut value = to_json(key)?;
    if let Value::Object(fields) = &mut value {
        // The one place the secret is read: it goes to the output (stdout,
        // or a file only its owner can read), once.
        fields.insert("key".into(), json!(secret));
    }
    let mut columns = ApiKey::SHAPE.columns.to_vec();
    columns.insert(5, "key");
    output.object_with(&columns, &value)?;
    if output.is_stdout() {
        eprintln!("Save this key now: it will not be shown again.");
    }
    Ok(())
}

/// The key with this ID as listed, for its expiry: among your user keys,
/// or the service keys of `space`.
fn find(keys: &arize::ApiKeys, id: &str, space: Option<String>) -> Outcome<ApiKey> {
    let listed = match &space {
        Some(space) => format!("the service keys of space {space:?}"),
        None => "your user keys".to_owned(),
    };
    let list = keys.list().set_space(space.map(SpaceRef::parse));
    for key in list.items() {
        let key = key?;
        if key.id == id {
            return Ok(key);
        }
    }
    Err(Failure::new(
        API,
        format!(
            "API key {id} is not among {listed} (active ones): name a service key's space \
             with --space, or give --expires-at or --no-expiry"
        ),
    ))
}

/// `--organization acme --space agents --space fraud=admin`.
fn flag_access(
    organization: String,
    role: Option<Role>,
    spaces: &[String],
) -> Outcome<OrganizationAccess> {
    let mut access = OrganizationAccess::new(organization);
    if let Some(role) = role {
        access = access.role(role);
    }
    for space in spaces {
        access = match space.rsplit_once('=') {
            Some((space, role)) => access.space_as(
                SpaceRef::parse(space),
                parse_role(role).map_err(Failure::usage)?,
            ),
            None => access.space(SpaceRef::parse(space)),
        };
    }
    Ok(access)
}

/// `--assignments`, as `ax` reads it: inline JSON when it starts with `[`
/// or `{`, else a file holding it; one organization or a list.
fn read_assignments(given: &str) -> Outcome<Vec<OrganizationAccess>> {
    let text = if given.trim_start().starts_with(['[', '{']) {
        given.to_owned()
    } else {
        let path = PathBuf::from(given);
        fs::read_to_string(&path).map_err(|error| Failure::file(&path, &error))?
    };
    let bad = |why: String| Failure::usage(format!("invalid --assignments: {why}"));
    let value: Value = serde_json::from_str(&text).map_err(|error| bad(error.to_string()))?;
    let entries = match value {
        Value::Array(entries) => entries,
        entry => vec![entry],
    };
    if entries.is_empty() {
        return Err(bad("no organization".into()));
    }
    entries
        .iter()
        .map(|entry| organization_access(entry).map_err(bad))
        .collect()
}

/// One `{"org_id", "role"?, "spaces": [{"space", "role"?}]}`.
fn organization_access(entry: &Value) -> Result<OrganizationAccess, String> {
    let organization = text_of(entry, &["org_id", "organization", "organization_id"])
        .ok_or("an organization needs \"org_id\" (an ID or a name)")?;
    let mut access = OrganizationAccess::new(organization);
    if let Some(role) = entry.get("role") {
        access = access.role(role_of(role)?);
    }
    let spaces = entry
        .get("spaces")
        .and_then(Value::as_array)
        .filter(|spaces| !spaces.is_empty())
        .ok_or_else(|| format!("organization {organization:?} needs a list of \"spaces\""))?;
    for space in spaces {
        let name = text_of(space, &["space", "space_id", "name"])
            .ok_or("a space needs \"space\" (an ID or a name)")?;
        let space_ref = SpaceRef::parse(name);
        access = match space.get("role") {
            Some(role) => access.space_as(space_ref, role_of(role)?),
            None => access.space(space_ref),
        };
    }
    Ok(access)
}

/// The first of these fields that is text.
fn text_of<'a>(value: &'a Value, fields: &[&str]) -> Option<&'a str> {
    fields.iter().find_map(|field| value.get(*field)?.as_str())
}

/// A role: a name (`member`, `custom:reviewer`), or an object with a
/// `type` and a `name` or `id`.
fn role_of(value: &Value) -> Result<Role, String> {
    match value {
        Value::String(text) => parse_role(text),
        Value::Object(fields) => {
            let kind = fields.get("type").and_then(Value::as_str).unwrap_or("");
            let name =
                text_of(value, &["id", "name"]).ok_or("a role needs an \"id\" or \"name\"")?;
            if kind.eq_ignore_ascii_case("custom") {
                Ok(Role::custom(name))
            } else {
                parse_role(name)
            }
        }
        other => Err(format!("{other} is not a role")),
    }
}
