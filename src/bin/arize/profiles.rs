//! `arize profiles list|show|validate|use`: the profiles `ax` writes, read-only
//! (but for which one is active). Keys are always masked.

use clap::Subcommand;
use serde_json::{Map, Value, json};

use crate::{
    Ctx,
    exit::{Failure, Outcome},
    output::Shape,
    profile::{self, Profile, is_secret, mask},
};

/// The verbs of `arize profiles`.
#[derive(Debug, Subcommand)]
pub enum Verb {
    /// List the profiles in ~/.arize/profiles, the active one marked
    #[command(after_help = "Example:\n  arize profiles list -o json")]
    List,
    /// Show a profile (the active one by default), its key masked
    #[command(after_help = "Example:\n  arize profiles show production --expand")]
    Show {
        /// The profile [default: --profile, ARIZE_PROFILE, or the active one]
        name: Option<String>,
        /// Substitute ${VAR} references (keys are masked all the same)
        #[arg(long)]
        expand: bool,
    },
    /// Check that a profile can be used: its references set, every field
    /// one arize honours (the active one by default)
    #[command(after_help = "Example:\n  arize profiles validate production")]
    Validate {
        /// The profile [default: --profile, ARIZE_PROFILE, or the active one]
        name: Option<String>,
    },
    /// Make a profile the active one (as `ax profiles use`)
    #[command(after_help = "Example:\n  arize profiles use production")]
    Use {
        /// The profile
        name: String,
    },
}

const PROFILES: Shape = Shape {
    plural: "profiles",
    columns: &["name", "active", "endpoint", "api_key", "error"],
    table: &["name", "active", "endpoint", "api_key", "error"],
};

/// Runs a verb.
pub fn run(verb: Verb, ctx: &Ctx) -> Outcome {
    let output = ctx.output();
    match verb {
        Verb::List => {
            let active = profile::active_name();
            let mut rows = Vec::new();
            for name in profile::names() {
                let mut row = json!({"name": name, "active": active.as_deref() == Some(&name)});
                match Profile::load(&name) {
                    Ok(profile) => {
                        let key = profile
                            .table
                            .get("auth")
                            .and_then(|auth| auth.get("api_key"))
                            .and_then(toml::Value::as_str);
                        if let Some(key) = key {
                            row["api_key"] = json!(mask(key));
                        }
                        match profile.endpoint() {
                            Ok(endpoint) => row["endpoint"] = json!(endpoint),
                            Err(error) => row["error"] = json!(error.message()),
                        }
                    }
                    Err(error) => row["error"] = json!(error.message()),
                }
                rows.push(row);
            }
            let mut listing = output.listing(&PROFILES)?;
            listing.values(&rows)?;
            listing.finish(None)
        }
        Verb::Validate { name } => {
            let name = chosen(ctx, name)?;
            // Building the client checks what the library checks too (the
            // key's characters, the endpoint's form); nothing is sent.
            Profile::load(&name)?.connection()?.builder.build()?;
            eprintln!("Profile {name:?} is valid.");
            Ok(())
        }
        Verb::Show { name, expand } => {
            let name = chosen(ctx, name)?;
            let profile = Profile::load(&name)?;
            let table = if expand {
                profile.expanded()?
            } else {
                profile.table.clone()
            };
            let mut value = json!({
                "name": profile.name,
                "path": profile.path.display().to_string(),
                "active": profile::active_name().as_deref() == Some(name.as_str()),
            });
            match profile.endpoint() {
                Ok(endpoint) => value["endpoint"] = json!(endpoint),
                Err(error) => value["error"] = json!(error.message()),
            }
            if let (Value::Object(fields), Value::Object(settings)) =
                (&mut value, masked(&table, ""))
            {
                fields.extend(settings);
            }
            let mut columns = Vec::new();
            leaves(&value, "", &mut columns);
            output.object_with(&columns, &value)
        }
        Verb::Use { name } => {
            // Only a profile that exists can be made active.
            Profile::load(&name)?;
            let dir = profile::arize_dir().ok_or_else(|| Failure::config("HOME is not set"))?;
            let path = dir.join(".active_profile");
            std::fs::write(&path, &name).map_err(|error| Failure::file(&path, &error))?;
            eprintln!("Profile {name:?} is now active.");
            Ok(())
        }
    }
}

/// The profile named, else `--profile` or `ARIZE_PROFILE`, else the
/// active one.
fn chosen(ctx: &Ctx, name: Option<String>) -> Outcome<String> {
    name.or_else(|| ctx.profile_name())
        .or_else(profile::active_name)
        .ok_or_else(|| Failure::config("no profile named, and none is active"))
}

/// The profile as JSON, with every secret masked.
fn masked(table: &toml::Table, prefix: &str) -> Value {
    let mut map = Map::new();
    for (key, value) in table {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        map.insert(key.clone(), masked_value(value, &path));
    }
    Value::Object(map)
}

fn masked_value(value: &toml::Value, path: &str) -> Value {
    match value {
        toml::Value::String(text) if is_secret(path) => json!(mask(text)),
        toml::Value::String(text) => json!(text),
        toml::Value::Integer(n) => json!(n),
        toml::Value::Float(x) => json!(x),
        toml::Value::Boolean(b) => json!(b),
        toml::Value::Datetime(when) => json!(when.to_string()),
        toml::Value::Array(items) => {
            Value::Array(items.iter().map(|item| masked_value(item, path)).collect())
        }
        toml::Value::Table(table) => masked(table, path),
    }
}

/// The dotted paths of every leaf, in order: the columns of a panel.
fn leaves(value: &Value, prefix: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                leaves(inner, &path, out);
            }
        }
        _ => out.push(prefix.to_owned()),
    }
}
