//! The API keys routes: user and service keys, the secret shown once,
//! revoking, refreshing with a grace period.

use chrono::{DateTime, Duration, Utc};
use serde_json::{Map, Value, json};

use super::{
    AccountRole,
    http::{
        Answer, Handled, Problem, check_length_in, closed, object, problem, query_pairs,
        string_field,
    },
    paging::Paging,
    records::{BotRecord, KeyRecord, UserStatus, admin_id, make_id, new_secret},
    state::State,
};
use crate::operation::Op;

/// The longest grace period of a refresh, in seconds.
const MAX_GRACE: i64 = 86_400;

fn key<'a>(state: &'a State, id: &str) -> Result<&'a KeyRecord, Problem> {
    match state.keys.values().find(|k| k.id == id) {
        Some(key) => Ok(key),
        None => problem(404, format!("no API key with ID {id}")),
    }
}

/// A user the fake knows, or its administrator.
fn known_user(state: &State, id: &str) -> Result<(), Problem> {
    if id == admin_id() || state.user(id).is_some() {
        return Ok(());
    }
    problem(404, format!("no user with ID {id}"))
}

/// Without `space_id`, user keys: the caller's, or `user_id`'s. With it,
/// the space's service keys, by any creator or `user_id`, their bot users'
/// organizations left empty as the real API lists them. Active keys
/// unless `status` says otherwise. A `key_type` that contradicts
/// `space_id` is a 400 (the contract does not say what it is).
pub(super) fn list(state: &State, query: &str) -> Handled {
    let (mut service, mut revoked, mut space_id, mut user_id) = (None, false, None, None);
    let mut paging = Paging::default();
    for (key, value) in query_pairs(query) {
        match (key.as_str(), value.as_str()) {
            ("key_type", "USER") => service = Some(false),
            ("key_type", "SERVICE") => service = Some(true),
            ("status", "ACTIVE") => revoked = false,
            ("status", "REVOKED") => revoked = true,
            ("key_type" | "status", _) => {
                return problem(400, format!("{key}: {value:?} is not a value it takes"));
            }
            ("space_id", _) => {
                if !state.space_numbers.contains_key(&value) {
                    return problem(404, format!("no space with ID {value}"));
                }
                space_id = Some(value);
            }
            ("user_id", _) => {
                known_user(state, &value)?;
                user_id = Some(value);
            }
            _ => paging.read(&key, &value)?,
        }
    }
    if service.is_some_and(|service| service != space_id.is_some()) {
        return problem(
            400,
            "key_type: user keys are listed without space_id, service keys with it",
        );
    }
    let creator = user_id.as_ref().unwrap_or(&state.caller);
    let matching = state
        .keys
        .range(paging.first()..)
        .map(|(_, k)| k)
        .filter(|k| k.revoked == revoked)
        .filter(|k| match (&space_id, &k.bot) {
            (None, None) => k.created_by == *creator,
            (Some(space), Some(bot)) => {
                let bound = bot.organizations.iter().flat_map(|(_, _, spaces)| spaces);
                let mut bound = bound.map(|(id, _)| id);
                let by = user_id.as_ref().is_none_or(|user| k.created_by == *user);
                bound.any(|id| id == space) && by
            }
            _ => false,
        })
        .map(|k| (k.n, k.to_json(space_id.is_none())));
    Ok(paging.page(Op::ListApiKeys, matching))
}

/// The shared fields of a create: name, description, expiry in the
/// future.
fn metadata(
    state: &State,
    schema: &str,
    fields: &Map<String, Value>,
) -> Result<(String, String, Option<DateTime<Utc>>), Problem> {
    let Some(name) = string_field(fields, "name")? else {
        return problem(400, "name: required");
    };
    check_length_in(schema, "name", name)?;
    let description = string_field(fields, "description")?.unwrap_or_default();
    check_length_in(schema, "description", description)?;
    let expires_at = time_field(fields, "expires_at")?;
    if let Some(at) = expires_at
        && at <= state.time()
    {
        return problem(422, "expires_at: must be in the future");
    }
    Ok((name.to_owned(), description.to_owned(), expires_at))
}

fn time_field(fields: &Map<String, Value>, name: &str) -> Result<Option<DateTime<Utc>>, Problem> {
    let Some(text) = string_field(fields, name)? else {
        return Ok(None);
    };
    match DateTime::parse_from_rfc3339(text) {
        Ok(at) => Ok(Some(at.with_timezone(&Utc))),
        Err(_) => problem(
            400,
            format!("{name}: {text:?} is not an RFC 3339 date-time"),
        ),
    }
}

/// Creates a user key (for the caller) or a service key (with its bot
/// user, a member of every organization and space it is bound to).
pub(super) fn create(state: &mut State, body: &str) -> Handled {
    let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(body) else {
        return problem(400, "the body is not a JSON object");
    };
    let schema = match fields.get("key_type").and_then(Value::as_str) {
        Some("USER") => "CreateUserApiKeyRequest",
        Some("SERVICE") => "CreateServiceApiKeyRequest",
        Some(other) => return problem(400, format!("key_type: {other:?} is not USER or SERVICE")),
        None => return problem(400, "key_type: required, USER or SERVICE"),
    };
    closed(schema, &fields)?;
    let (name, description, expires_at) = metadata(state, schema, &fields)?;
    let bot = match schema {
        "CreateServiceApiKeyRequest" => Some(service(state, &name, &fields)?),
        _ => None,
    };
    let key = state.insert_key(name, description, expires_at, bot);
    Ok(Answer::json(201, key.created_json()))
}

/// A service key's bot user: its account role, and its organizations and
/// spaces with their roles, checked as the API does.
fn service(state: &State, name: &str, fields: &Map<String, Value>) -> Result<BotRecord, Problem> {
    let account_role = match fields.get("account_role") {
        None => json!({"type": "PREDEFINED", "name": "MEMBER"}),
        Some(role) => match predefined(role, "account_role")? {
            "ADMIN" | "MEMBER" => role.clone(),
            // The Python spec's status (the TypeScript spec says 422).
            "ANNOTATOR" | "MEMBER_UI_ONLY" => {
                return problem(400, "account_role: a service key cannot hold it");
            }
            other => {
                return problem(
                    422,
                    format!("account_role: {other:?} is not an account role"),
                );
            }
        },
    };
    let organizations = array(fields, "organizations")?;
    let mut bound = Vec::new();
    for organization in organizations {
        let Value::Object(organization) = organization else {
            return problem(400, "organizations: each is an object");
        };
        closed("ServiceKeyOrgAssignment", organization)?;
        let Some(org_id) = string_field(organization, "org_id")? else {
            return problem(400, "organizations.org_id: required");
        };
        if state.organization(org_id).is_none() {
            return problem(404, format!("no organization with ID {org_id}"));
        }
        let role = match organization.get("role") {
            None => json!({"type": "PREDEFINED", "name": "READ_ONLY"}),
            Some(role) => match predefined(role, "organizations.role")? {
                "ADMIN" | "MEMBER" | "READ_ONLY" => role.clone(),
                _ => return problem(422, "organizations.role: a service key cannot hold it"),
            },
        };
        let mut spaces = Vec::new();
        for space in array(organization, "spaces")? {
            spaces.push(bound_space(state, org_id, space)?);
        }
        bound.push((org_id.to_owned(), role, spaces));
    }
    Ok(BotRecord {
        // Given when the bot user is made.
        user_id: String::new(),
        name: format!("{name} (service key)"),
        account_role,
        organizations: bound,
    })
}

/// One space of a service key's organization, and its role there.
fn bound_space(state: &State, org_id: &str, space: &Value) -> Result<(String, Value), Problem> {
    let Value::Object(space) = space else {
        return problem(400, "organizations.spaces: each is an object");
    };
    closed("ServiceKeySpaceAssignment", space)?;
    let Some(space_id) = string_field(space, "space_id")? else {
        return problem(400, "organizations.spaces.space_id: required");
    };
    let Some(n) = state.space_numbers.get(space_id) else {
        return problem(404, format!("no space with ID {space_id}"));
    };
    if state.spaces[n].organization_id != org_id {
        return problem(
            422,
            format!("space {space_id} does not belong to organization {org_id}"),
        );
    }
    let role = match space.get("role") {
        None => json!({"type": "PREDEFINED", "name": "MEMBER"}),
        Some(Value::Object(role)) if role.get("type") == Some(&json!("CUSTOM")) => {
            let id = role.get("id").and_then(Value::as_str).unwrap_or_default();
            match state.role(id) {
                Some(custom) if !custom.is_predefined => {
                    json!({"type": "CUSTOM", "id": custom.id, "name": custom.name})
                }
                _ => return problem(404, format!("no custom role with ID {id:?}")),
            }
        }
        Some(role) => match predefined(role, "organizations.spaces.role")? {
            "ADMIN" | "MEMBER" | "READ_ONLY" => role.clone(),
            _ => {
                return problem(
                    422,
                    "organizations.spaces.role: a service key cannot hold it",
                );
            }
        },
    };
    Ok((space_id.to_owned(), role))
}

/// The name of a predefined role assignment; a custom one is a 422 (not
/// supported at this level).
fn predefined<'a>(role: &'a Value, field: &str) -> Result<&'a str, Problem> {
    match (role["type"].as_str(), role["name"].as_str()) {
        (Some("PREDEFINED"), Some(name)) => Ok(name),
        (Some("CUSTOM"), _) => problem(422, format!("{field}: custom roles are not yet supported")),
        _ => problem(400, format!("{field}: expected a role assignment")),
    }
}

/// An array of 1 to 100 items (422 outside).
fn array<'a>(fields: &'a Map<String, Value>, name: &str) -> Result<&'a Vec<Value>, Problem> {
    match fields.get(name) {
        Some(Value::Array(items)) if (1..=100).contains(&items.len()) => Ok(items),
        Some(Value::Array(items)) => problem(
            422,
            format!("{name}: {} items, expected 1 to 100", items.len()),
        ),
        Some(_) => problem(400, format!("{name}: expected an array")),
        None => problem(400, format!("{name}: required")),
    }
}

impl State {
    /// Adds a key, created by the caller, and, for a service key, makes its
    /// bot user.
    pub(super) fn insert_key(
        &mut self,
        name: String,
        description: String,
        expires_at: Option<DateTime<Utc>>,
        mut bot: Option<BotRecord>,
    ) -> &KeyRecord {
        if let Some(bot) = &mut bot {
            self.provision(bot);
        }
        self.keys_created += 1;
        let n = self.keys_created;
        let key = KeyRecord {
            n,
            id: make_id("ApiKey", n),
            name,
            description,
            revoked: false,
            secret: new_secret(),
            old_secret: None,
            created_at: self.now(),
            expires_at,
            created_by: self.caller.clone(),
            last_used_at: None,
            bot,
        };
        self.keys.entry(n).or_insert(key)
    }

    /// A service key's bot user bound to one space of an organization,
    /// with the default roles (for seeds).
    pub(super) fn default_bot(name: &str, org_id: &str, space_id: &str) -> BotRecord {
        BotRecord {
            user_id: String::new(),
            name: format!("{name} (service key)"),
            account_role: json!({"type": "PREDEFINED", "name": "MEMBER"}),
            organizations: vec![(
                org_id.to_owned(),
                json!({"type": "PREDEFINED", "name": "READ_ONLY"}),
                vec![(
                    space_id.to_owned(),
                    json!({"type": "PREDEFINED", "name": "MEMBER"}),
                )],
            )],
        }
    }

    /// Makes a service key's bot user: an active user of the fake (not
    /// listed), a member of each organization and space with its role.
    fn provision(&mut self, bot: &mut BotRecord) {
        let role = match bot.account_role["name"].as_str() {
            Some("ADMIN") => AccountRole::Admin,
            _ => AccountRole::Member,
        };
        let email = format!("service-key-{}@bots.invalid", self.users_created + 1);
        let user = self.insert_user(&bot.name, &email, role, UserStatus::Active, true);
        bot.user_id = user.id.clone();
        self.bots.insert(bot.user_id.clone());
        for (org_id, role, spaces) in &bot.organizations {
            self.upsert_organization_membership(org_id, &bot.user_id, role.clone());
            for (space_id, role) in spaces {
                let space = self.space_numbers[space_id];
                self.upsert_space_membership(space, &bot.user_id, role.clone());
            }
        }
    }
}

/// Revokes a key for good; revoking it again is a success too.
pub(super) fn revoke(state: &mut State, id: &str) -> Handled {
    let n = key(state, id)?.n;
    let key = state.keys.get_mut(&n).expect("found above");
    key.revoked = true;
    key.old_secret = None;
    Ok(Answer::empty())
}

/// A new secret: the old one valid for the grace period (capped by the
/// key's expiry), the expiry sent required when the key has one (the
/// strictest reading of the contract), never later than it, and never
/// lengthened.
pub(super) fn refresh(state: &mut State, id: &str, body: &str) -> Handled {
    let n = key(state, id)?.n;
    let fields = match body.trim() {
        "" => Map::new(),
        _ => object(Op::RefreshApiKey, body)?,
    };
    let grace = match fields.get("grace_period_seconds") {
        None => 0,
        Some(value) => match value.as_i64() {
            Some(seconds @ 0..=MAX_GRACE) => seconds,
            Some(seconds) => {
                return problem(
                    422,
                    format!("grace_period_seconds: {seconds} is outside 0..=86400"),
                );
            }
            None => return problem(400, "grace_period_seconds: expected an integer"),
        },
    };
    let expires_at = time_field(&fields, "expires_at")?;
    let now = state.time();
    let old = &state.keys[&n];
    if old.revoked {
        return problem(
            400,
            format!("the API key {id} is revoked: create a new key"),
        );
    }
    match (old.expires_at, expires_at) {
        (Some(_), None) => {
            return problem(422, "expires_at: required, since the key expires");
        }
        (Some(old), Some(new)) if new > old => {
            return problem(422, "expires_at: a refresh cannot lengthen a key's life");
        }
        (_, Some(new)) if new <= now => {
            return problem(422, "expires_at: must be in the future");
        }
        _ => {}
    }
    let key = state.keys.get_mut(&n).expect("found above");
    let until = now + Duration::seconds(grace);
    let until = key.expires_at.map_or(until, |at| at.min(until));
    let old_secret = std::mem::replace(&mut key.secret, new_secret());
    key.old_secret = (grace > 0).then_some((old_secret, until));
    key.expires_at = expires_at;
    Ok(Answer::json(200, key.refreshed_json()))
}
