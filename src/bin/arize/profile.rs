//! Where the connection comes from: the profiles `ax` writes, or the
//! library's environment variables.
//!
//! Precedence, first match wins:
//!
//! 1. `--profile NAME` (or `ARIZE_PROFILE=NAME`): `~/.arize/profiles/NAME.toml`;
//! 2. the active profile, named in `~/.arize/.active_profile` (as `ax`);
//! 3. the environment, as `Client::from_env` reads it (`ARIZE_API_KEY`,
//!    `ARIZE_BASE_URL` or `ARIZE_API_HOST`/`_SCHEME`/`_PORT`, `ARIZE_REGION`).
//!
//! A profile gives the key and the endpoint: the environment's key and
//! endpoint variables are then ignored, as `ax` ignores them, except
//! `ARIZE_API_PORT` when the profile sets no port (as in `ax`). Proxy
//! variables apply either way.

use std::{fmt, fs, path::PathBuf};

use arize::ClientBuilder;
use toml::{Table, Value};

use crate::{
    exit::{Failure, Outcome},
    output::Format,
};

/// The variables of `Client::from_env` that say which key and endpoint to
/// use: a profile decides those.
const ENDPOINT_VARIABLES: [&str; 5] = [
    "ARIZE_API_KEY",
    "ARIZE_BASE_URL",
    "ARIZE_API_HOST",
    "ARIZE_API_SCHEME",
    "ARIZE_REGION",
];

/// `~/.arize`, where `ax` keeps its profiles.
pub fn arize_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|home| !home.is_empty())
        .map(|home| PathBuf::from(home).join(".arize"))
}

/// The name in `~/.arize/.active_profile`, if any.
pub fn active_name() -> Option<String> {
    let text = fs::read_to_string(arize_dir()?.join(".active_profile")).ok()?;
    Some(text.trim().to_owned()).filter(|name| !name.is_empty())
}

/// The names of the profiles, sorted.
pub fn names() -> Vec<String> {
    let Some(dir) = arize_dir() else {
        return Vec::new();
    };
    let Ok(entries) = fs::read_dir(dir.join("profiles")) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            if path.extension()? != "toml" {
                return None;
            }
            Some(path.file_stem()?.to_str()?.to_owned())
        })
        .collect();
    names.sort();
    names
}

/// How the client is configured, and where that came from.
pub struct Connection {
    /// The builder, with key and endpoint set.
    pub builder: ClientBuilder,
    /// The profile's `output.format`, the default of `--output`.
    pub format: Option<Format>,
}

/// Finds the connection by the precedence above, `chosen` being the
/// profile named by `--profile` or `ARIZE_PROFILE` (`Ctx::profile_name`).
pub fn connect(chosen: Option<String>) -> Outcome<Connection> {
    if let Some(name) = chosen.or_else(active_name) {
        let profile = Profile::load(&name)?;
        log::debug!("using profile {name:?} ({})", profile.path.display());
        return profile.connection();
    }
    if std::env::var_os("ARIZE_API_KEY").is_none() {
        return Err(Failure::config(
            "no API key: set ARIZE_API_KEY, or create a profile with `ax profiles create` \
             (arize reads ~/.arize/profiles)",
        ));
    }
    Ok(Connection {
        builder: ClientBuilder::from_env(),
        format: None,
    })
}

/// A profile file, as written (before `${VAR}` expansion).
pub struct Profile {
    /// The file's stem, which names the profile (as in `ax`).
    pub name: String,
    /// The file.
    pub path: PathBuf,
    /// Its contents.
    pub table: Table,
}

impl fmt::Debug for Profile {
    /// The name only: the table may hold a literal key.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Profile").field("name", &self.name).finish()
    }
}

impl Profile {
    /// Reads `~/.arize/profiles/<name>.toml`.
    pub fn load(name: &str) -> Outcome<Profile> {
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !valid {
            return Err(Failure::config(format!(
                "invalid profile name {name:?}: letters, digits, `_` and `-` only"
            )));
        }
        let dir = arize_dir()
            .ok_or_else(|| Failure::config(format!("no profile {name:?}: HOME is not set")))?;
        let path = dir.join("profiles").join(format!("{name}.toml"));
        let text = fs::read_to_string(&path).map_err(|error| {
            Failure::config(format!("no profile {name:?}: {}: {error}", path.display()))
        })?;
        // TOML's own message quotes the offending line, which may hold the
        // key: say where, not what.
        let table = text.parse::<Table>().map_err(|error| {
            let at = error
                .span()
                .map(|span| format!(" at line {}", text[..span.start].lines().count().max(1)))
                .unwrap_or_default();
            Failure::config(format!(
                "profile {name:?} ({}) is not valid TOML{at}",
                path.display()
            ))
        })?;
        Ok(Profile {
            name: name.to_owned(),
            path,
            table,
        })
    }

    /// The table with every `${VAR}` and `${VAR:default}` expanded.
    pub fn expanded(&self) -> Outcome<Table> {
        let mut table = self.table.clone();
        for (key, value) in table.iter_mut() {
            expand_value(value, key, &self.name)?;
        }
        Ok(table)
    }

    /// The client configuration this profile describes.
    pub fn connection(&self) -> Outcome<Connection> {
        let settings = Settings::read(&self.name, &self.expanded()?)?;
        // Proxies (and ARIZE_API_PORT, read below) from the environment;
        // key and endpoint from the profile only.
        let mut builder = ClientBuilder::from_env_with(|name| {
            if ENDPOINT_VARIABLES.contains(&name) {
                None
            } else {
                std::env::var(name).ok()
            }
        })
        .api_key(settings.api_key)
        // A 401 then says which file holds the key to fix.
        .api_key_source(format!(
            "auth.api_key of the profile {} ({})",
            self.name,
            self.path.display()
        ));
        builder = match settings.endpoint {
            Endpoint::Region(region) => builder.region(region),
            Endpoint::BaseUrl(url) => builder.base_url(url),
        };
        Ok(Connection {
            builder,
            format: settings.format,
        })
    }

    /// The REST endpoint this profile names, for display.
    pub fn endpoint(&self) -> Outcome<String> {
        let settings = Settings::read(&self.name, &self.expanded()?)?;
        Ok(match settings.endpoint {
            Endpoint::Region(region) => format!("https://api.{region}.arize.com"),
            Endpoint::BaseUrl(url) => url,
        })
    }
}

/// Replaces `${VAR}` and `${VAR:default}` in every string, as `ax` does.
fn expand_value(value: &mut Value, path: &str, profile: &str) -> Outcome {
    match value {
        Value::String(text) => *text = expand(text, path, profile)?,
        Value::Array(items) => {
            for item in items {
                expand_value(item, path, profile)?;
            }
        }
        Value::Table(table) => {
            for (key, value) in table.iter_mut() {
                expand_value(value, &format!("{path}.{key}"), profile)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// Expands the references in one string. An unset variable without a
/// default is an error naming the variable and the field, never a value.
pub fn expand(text: &str, path: &str, profile: &str) -> Outcome<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let Some(length) = rest[start..].find('}') else {
            break;
        };
        out.push_str(&rest[..start]);
        let inner = &rest[start + 2..start + length];
        let (name, default) = match inner.split_once(':') {
            Some((name, default)) => (name, Some(default)),
            None => (inner, None),
        };
        match (std::env::var(name), default) {
            (Ok(value), _) => out.push_str(&value),
            (Err(_), Some(default)) => out.push_str(default),
            (Err(_), None) => {
                return Err(Failure::config(format!(
                    "profile {profile:?}: {path} references the environment variable {name}, \
                     which is not set (write ${{{name}:default}} for a default)"
                )));
            }
        }
        rest = &rest[start + length + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Whether a whole value is one `${…}` reference (shown as it is: the
/// name of a variable is no secret).
pub fn is_reference(text: &str) -> bool {
    text.starts_with("${") && text.ends_with('}') && text[2..].find('}') == Some(text.len() - 3)
}

enum Endpoint {
    Region(String),
    BaseUrl(String),
}

/// What `arize` takes from an expanded profile.
struct Settings {
    api_key: String,
    endpoint: Endpoint,
    format: Option<Format>,
}

/// The keys `ax` writes that configure its other features (OAuth login,
/// tracing, Flight, uploads, its update check): nothing `arize` does
/// depends on them, so they are accepted and ignored.
const OTHER_FEATURES: [&str; 12] = [
    "routing.app_host",
    "routing.app_scheme",
    "routing.otlp_host",
    "routing.otlp_scheme",
    "routing.flight_host",
    "routing.flight_port",
    "routing.flight_scheme",
    "transport.stream_max_workers",
    "transport.stream_max_queue_bound",
    "transport.pyarrow_max_chunksize",
    "transport.max_http_payload_size_mb",
    "update.enabled",
];

/// The keys `arize` reads.
const READ: [&str; 11] = [
    "profile.name",
    "auth.auth_method",
    "auth.api_key",
    "routing.region",
    "routing.single_host",
    "routing.single_port",
    "routing.base_domain",
    "routing.api_host",
    "routing.api_scheme",
    "security.request_verify",
    "output.format",
];

impl Settings {
    fn read(profile: &str, table: &Table) -> Outcome<Settings> {
        warn_unknown(profile, table);
        let field = |path: &str| -> Outcome<Option<String>> {
            let mut parts = path.split('.');
            let mut value = table.get(parts.next().unwrap_or_default());
            for part in parts {
                value = value.and_then(|v| v.get(part));
            }
            match value {
                None => Ok(None),
                Some(Value::String(text)) => {
                    Ok(Some(text.clone()).filter(|t| !t.trim().is_empty()))
                }
                Some(Value::Integer(n)) => Ok(Some(n.to_string())),
                Some(Value::Boolean(b)) => Ok(Some(b.to_string())),
                Some(_) => Err(Failure::config(format!(
                    "profile {profile:?}: {path} must be a string"
                ))),
            }
        };
        let refuse =
            |path: &str, why: &str| Failure::config(format!("profile {profile:?}: {path}: {why}"));

        let oauth = table
            .get("auth")
            .and_then(|auth| auth.get("oauth"))
            .is_some();
        let has_key = field("auth.api_key")?.is_some();
        let oauth_refused = || {
            refuse(
                "auth.auth_method",
                "OAuth profiles are not supported by arize; use a profile with an API key \
                 (ax profiles create --auth-method api-key)",
            )
        };
        match field("auth.auth_method")?.as_deref() {
            Some("oauth") => return Err(oauth_refused()),
            // ax infers the method from what is set.
            None if oauth && !has_key => return Err(oauth_refused()),
            Some("api-key") | None => {}
            Some(other) => {
                return Err(refuse(
                    "auth.auth_method",
                    &format!("{other:?} is not a method arize knows (api-key)"),
                ));
            }
        }
        let api_key = field("auth.api_key")?
            .ok_or_else(|| refuse("auth.api_key", "missing: the profile has no API key"))?;

        if let Some(verify) = field("security.request_verify")? {
            let on = matches!(
                verify.to_ascii_lowercase().as_str(),
                "1" | "true" | "yes" | "on"
            );
            if !on {
                return Err(refuse(
                    "security.request_verify",
                    "arize always verifies TLS certificates and cannot turn that off",
                ));
            }
        }

        let format = match field("output.format")? {
            None => None,
            Some(name) => Some(Format::named(&name).ok_or_else(|| {
                refuse(
                    "output.format",
                    &format!("{name:?} is not a format arize writes (table, json, ndjson, csv)"),
                )
            })?),
        };

        let region = field("routing.region")?;
        let single_host = field("routing.single_host")?;
        let single_port = field("routing.single_port")?;
        let base_domain = field("routing.base_domain")?;
        let set: Vec<&str> = [
            ("region", region.is_some()),
            (
                "single_host/single_port",
                single_host.is_some() || single_port.is_some(),
            ),
            ("base_domain", base_domain.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, set)| set.then_some(name))
        .collect();
        if set.len() > 1 {
            return Err(refuse(
                "routing",
                &format!(
                    "only one routing option may be set, not {}",
                    set.join(" and ")
                ),
            ));
        }
        let scheme = field("routing.api_scheme")?.unwrap_or_else(|| "https".into());
        // As in ax: ARIZE_API_PORT wins over single_port, and applies to the
        // other routings too.
        let port = std::env::var("ARIZE_API_PORT")
            .ok()
            .filter(|p| !p.is_empty())
            .or(single_port);
        let with_port = |host: &str| match &port {
            Some(port) => format!("{scheme}://{host}:{port}"),
            None => format!("{scheme}://{host}"),
        };
        let endpoint = if let Some(host) = single_host {
            Endpoint::BaseUrl(with_port(&host))
        } else if let Some(domain) = base_domain {
            Endpoint::BaseUrl(with_port(&format!("api.{domain}")))
        } else if let Some(region) = region {
            let region = match region.to_ascii_uppercase().as_str() {
                "US" => "us-central-1a".to_owned(),
                "EU" => "eu-west-1a".to_owned(),
                "CA" => "ca-central-1a".to_owned(),
                _ => region,
            };
            if scheme == "https" && port.is_none() {
                Endpoint::Region(region)
            } else {
                Endpoint::BaseUrl(with_port(&format!("api.{region}.arize.com")))
            }
        } else {
            let host = field("routing.api_host")?.unwrap_or_else(|| "api.arize.com".into());
            Endpoint::BaseUrl(with_port(&host))
        };
        Ok(Settings {
            api_key,
            endpoint,
            format,
        })
    }
}

/// Warns about keys neither `arize` nor `ax` knows: most likely a typo,
/// which would otherwise be silently ignored.
fn warn_unknown(profile: &str, table: &Table) {
    for path in unknown_keys(table) {
        eprintln!("warning: profile {profile:?}: unknown key {path} ignored");
    }
}

/// The keys of `table` neither `arize` nor `ax` knows.
fn unknown_keys(table: &Table) -> Vec<String> {
    let mut unknown = Vec::new();
    for (section, value) in table {
        let Value::Table(inner) = value else {
            unknown.push(section.clone());
            continue;
        };
        for key in inner.keys() {
            let path = format!("{section}.{key}");
            let known = READ.contains(&path.as_str())
                || OTHER_FEATURES.contains(&path.as_str())
                || path == "auth.oauth"
                || path == "update.check_interval_hours";
            if !known {
                unknown.push(path);
            }
        }
    }
    unknown
}

/// A key as `profiles show` prints it: its first four characters, or
/// nothing of a short one. A `${VAR}` reference is shown as it is.
pub fn mask(secret: &str) -> String {
    if is_reference(secret) {
        return secret.to_owned();
    }
    let shown: String = secret.chars().take(4).collect();
    if secret.chars().count() >= 12 {
        format!("{shown}…")
    } else {
        "****".to_owned()
    }
}

/// Whether a profile key holds a secret, to mask.
pub fn is_secret(path: &str) -> bool {
    let last = path.rsplit('.').next().unwrap_or(path);
    last.contains("key")
        || last.contains("token")
        || last.contains("secret")
        || last.contains("password")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_expand_with_defaults_and_unset_ones_are_named() {
        // PATH is set in any test environment; the other name is not.
        let path = std::env::var("PATH").unwrap();
        assert_eq!(expand("a${PATH}b", "x", "p").unwrap(), format!("a{path}b"));
        assert_eq!(
            expand("${ARIZE_CLI_TEST_UNSET:dflt}", "x", "p").unwrap(),
            "dflt"
        );
        assert_eq!(expand("no refs", "x", "p").unwrap(), "no refs");
        let error = expand("${ARIZE_CLI_TEST_UNSET}", "auth.api_key", "p").unwrap_err();
        let message = error.message().unwrap();
        assert!(message.contains("ARIZE_CLI_TEST_UNSET"), "{message}");
        assert!(message.contains("auth.api_key"), "{message}");
    }

    #[test]
    fn keys_are_masked_and_references_shown() {
        assert_eq!(mask("ak-test-1234567890abcdef"), "ak-t…");
        assert_eq!(mask("short"), "****");
        assert_eq!(mask("${ARIZE_API_KEY}"), "${ARIZE_API_KEY}");
        assert!(is_reference("${A:b}"));
        assert!(!is_reference("${A}x${B}"));
        assert!(is_secret("auth.api_key") && is_secret("auth.oauth.access_token"));
        assert!(!is_secret("routing.api_host"));
        for path in ["a.client_secret", "a.password", "a.refresh_token", "a.key"] {
            assert!(is_secret(path), "{path}");
        }
    }

    /// A profile of this text, as if read from `t.toml`.
    fn profile(text: &str) -> Profile {
        Profile {
            name: "t".into(),
            path: PathBuf::from("/profiles/t.toml"),
            table: text.parse().unwrap(),
        }
    }

    fn endpoint(text: &str) -> String {
        profile(text).endpoint().unwrap()
    }

    fn refusal(text: &str) -> String {
        let error = profile(text).connection().err().expect("refused");
        error.message().unwrap().to_owned()
    }

    const KEY: &str = "[auth]\napi_key = \"ak-literal-key-0123456789\"\n";

    #[test]
    fn a_profile_debugs_as_its_name_only() {
        let shown = format!("{:?}", profile(KEY));
        assert_eq!(shown, r#"Profile { name: "t" }"#);
    }

    #[test]
    fn profile_names_are_letters_digits_underscores_and_dashes() {
        for bad in ["", "../etc", "a.b", "a b"] {
            let error = Profile::load(bad).unwrap_err();
            assert!(
                error.message().unwrap().starts_with("invalid profile name"),
                "{bad:?}"
            );
        }
        for good in ["work_2", "eu-prod", "x"] {
            // Valid, and then not found (or HOME unset): never "invalid".
            let error = Profile::load(good).unwrap_err();
            assert!(!error.message().unwrap().contains("invalid"), "{good:?}");
        }
    }

    #[test]
    fn regions_and_routing_make_the_endpoint() {
        let region = |extra: &str| endpoint(&format!("{KEY}[routing]\n{extra}"));
        assert_eq!(
            region("region = \"us\""),
            "https://api.us-central-1a.arize.com"
        );
        assert_eq!(
            region("region = \"EU\""),
            "https://api.eu-west-1a.arize.com"
        );
        assert_eq!(
            region("region = \"ca\""),
            "https://api.ca-central-1a.arize.com"
        );
        assert_eq!(region("region = \"ap-1\""), "https://api.ap-1.arize.com");
        // A port or another scheme: a base URL in the region's host.
        assert_eq!(
            region("region = \"us\"\napi_scheme = \"http\""),
            "http://api.us-central-1a.arize.com"
        );
        assert_eq!(region("single_host = \"h\""), "https://h");
        assert_eq!(region("base_domain = \"x.io\""), "https://api.x.io");
        assert_eq!(endpoint(KEY), "https://api.arize.com");
        let message = refusal(&format!("{KEY}[routing]\nregion = \"us\"\nsingle_port = 1"));
        assert!(message.contains("only one routing option"), "{message}");
    }

    #[test]
    fn oauth_is_refused_unless_the_profile_has_a_key() {
        let oauth = "[auth.oauth]\naccess_token = \"t\"\n";
        let message = refusal(oauth);
        assert!(
            message.contains("OAuth profiles are not supported"),
            "{message}"
        );
        // A key beside it: ax infers the api-key method.
        let both = "[auth]\napi_key = \"k\"\n[auth.oauth]\naccess_token = \"t\"\n";
        assert!(profile(both).connection().is_ok());
    }

    #[test]
    fn references_expand_inside_arrays_too() {
        let mut value: Value = "a = [\"${ARIZE_CLI_TEST_UNSET}\"]"
            .parse::<Table>()
            .unwrap()
            .remove("a")
            .unwrap();
        let error = expand_value(&mut value, "x.a", "t").unwrap_err();
        assert!(error.message().unwrap().contains("ARIZE_CLI_TEST_UNSET"));
    }

    #[test]
    fn unknown_keys_are_named_and_known_ones_are_not() {
        let table: Table = "typo = 1\n[auth]\napi_key = \"k\"\napi_kye = \"k\"\n\
             [auth.oauth]\n[update]\ncheck_interval_hours = 1\n"
            .parse()
            .unwrap();
        assert_eq!(unknown_keys(&table), ["auth.api_kye", "typo"]);
    }
}
