//! The fake's records: what it stores of each resource, and how each is
//! sent.

use base64::Engine;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::AccountRole;

/// IDs shaped like the real ones: base64 of `Kind:<n>:<suffix>`.
pub(super) fn make_id(kind: &str, n: usize) -> String {
    let suffix = (n as u64).wrapping_mul(2_654_435_761) % 0x1_0000_0000;
    base64::engine::general_purpose::STANDARD.encode(format!("{kind}:{n}:{suffix:08x}"))
}

/// The user the fake's own API key acts as: the account's administrator,
/// who is no user of the fake (users are numbered from 1).
pub(super) fn admin_id() -> String {
    make_id("User", 0)
}

/// A fixed clock: the `n`th record of a kind is created `n` minutes after
/// 2026-01-01, so that runs are reproducible.
pub(super) fn created_at(n: usize) -> String {
    timestamp(clock(n, 0))
}

/// The fake's time: `n` minutes and `seconds` seconds after 2026-01-01.
pub(super) fn clock(n: usize, seconds: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(1_767_225_600 + 60 * n as i64 + seconds, 0).expect("in range")
}

#[derive(Debug, Clone)]
pub(super) struct OrganizationRecord {
    pub(super) n: usize,
    pub(super) id: String,
    pub(super) name: String,
    pub(super) description: String,
    pub(super) created_at: String,
}

impl OrganizationRecord {
    pub(super) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "created_at": self.created_at,
        })
    }
}

/// A user's status. `Inactive` is what deletion leaves: terminal, and sent
/// as `inactive`, a value the spec's [`UserStatus`](crate::UserStatus) enum does not list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum UserStatus {
    Active,
    Invited,
    Expired,
    Inactive,
}

impl UserStatus {
    pub(super) fn wire(self) -> &'static str {
        match self {
            UserStatus::Active => "ACTIVE",
            UserStatus::Invited => "INVITED",
            UserStatus::Expired => "EXPIRED",
            UserStatus::Inactive => "inactive",
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct UserRecord {
    pub(super) n: usize,
    pub(super) id: String,
    pub(super) name: String,
    pub(super) email: String,
    pub(super) created_at: String,
    pub(super) status: UserStatus,
    pub(super) role: AccountRole,
    pub(super) is_developer: bool,
}

impl UserRecord {
    pub(super) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "email": self.email,
            "created_at": self.created_at,
            "status": self.status.wire(),
            "role": serde_json::to_value(&self.role).expect("a role serializes"),
            "is_developer": self.is_developer,
        })
    }

    pub(super) fn has_email(&self, email: &str) -> bool {
        self.email.to_lowercase() == email.to_lowercase()
    }
}

/// The server's default for `is_developer`: API users are admins and members.
pub(super) fn developer_by_default(role: &AccountRole) -> bool {
    matches!(role, AccountRole::Admin | AccountRole::Member)
}

/// A membership of a space or an organization.
#[derive(Debug, Clone)]
pub(super) struct Membership {
    pub(super) id: String,
    /// The role assignment as sent back (a custom role carries its name).
    pub(super) role: Value,
}

#[derive(Debug, Clone)]
pub(super) struct SpaceRecord {
    pub(super) n: usize,
    pub(super) id: String,
    pub(super) name: String,
    pub(super) organization_id: String,
    pub(super) description: String,
    pub(super) is_private: bool,
    pub(super) created_at: String,
    pub(super) default_llm_integration: Value,
    pub(super) ml_models_enabled: bool,
    pub(super) gradient_start_color: String,
    pub(super) gradient_end_color: String,
    pub(super) default_agent_runtime: Value,
}

impl SpaceRecord {
    pub(super) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "created_at": self.created_at,
            "is_private": self.is_private,
            "organization_id": self.organization_id,
            "default_llm_integration": self.default_llm_integration,
            "ml_models_enabled": self.ml_models_enabled,
            "gradient_start_color": self.gradient_start_color,
            "gradient_end_color": self.gradient_end_color,
            "default_agent_runtime": self.default_agent_runtime,
        })
    }
}

/// A role: predefined (seeded in every fake, immutable) or custom.
#[derive(Debug, Clone)]
pub(super) struct RoleRecord {
    pub(super) n: usize,
    pub(super) id: String,
    pub(super) name: String,
    pub(super) description: String,
    pub(super) permissions: Vec<String>,
    pub(super) is_predefined: bool,
    pub(super) created_at: String,
    pub(super) updated_at: String,
}

impl RoleRecord {
    pub(super) fn to_json(&self) -> Value {
        let mut json = json!({
            "id": self.id,
            "name": self.name,
            "permissions": self.permissions,
            "is_predefined": self.is_predefined,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        });
        if !self.description.is_empty() {
            json["description"] = json!(self.description);
        }
        json
    }
}

/// The kinds of resource a role binding applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BindingKind {
    Space,
    Project,
}

impl BindingKind {
    pub(super) fn wire(self) -> &'static str {
        match self {
            BindingKind::Space => "SPACE",
            BindingKind::Project => "PROJECT",
        }
    }

    pub(super) fn from_wire(value: &str) -> Option<BindingKind> {
        match value {
            "SPACE" => Some(BindingKind::Space),
            "PROJECT" => Some(BindingKind::Project),
            _ => None,
        }
    }
}

/// One role given to one user on one space or project.
#[derive(Debug, Clone)]
pub(super) struct BindingRecord {
    pub(super) n: usize,
    pub(super) id: String,
    pub(super) role_id: String,
    pub(super) user_id: String,
    pub(super) kind: BindingKind,
    pub(super) resource_id: String,
    pub(super) created_at: String,
    pub(super) updated_at: String,
}

impl BindingRecord {
    pub(super) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "role_id": self.role_id,
            "user_id": self.user_id,
            "resource_type": self.kind.wire(),
            "resource_id": self.resource_id,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        })
    }
}

/// A project of a space. Its ID is a `Model` ID, as the real API's.
#[derive(Debug, Clone)]
pub(super) struct ProjectRecord {
    pub(super) n: usize,
    pub(super) id: String,
    pub(super) name: String,
    /// The number of its space.
    pub(super) space: usize,
    pub(super) space_id: String,
    pub(super) created_at: String,
    /// When it was restricted, if it is.
    pub(super) restricted_at: Option<String>,
}

impl ProjectRecord {
    /// The project as the API sends it: new projects are `APPLICATION`
    /// projects.
    pub(super) fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "space_id": self.space_id,
            "created_at": self.created_at,
            "project_type": "APPLICATION",
        })
    }

    /// Its restriction, if it is restricted.
    pub(super) fn restriction(&self) -> Option<Value> {
        let created_at = self.restricted_at.as_ref()?;
        Some(json!({
            "resource_type": "PROJECT",
            "resource_id": self.id,
            "created_at": created_at,
        }))
    }
}

/// An API key: a user key, or a service key with its bot user.
#[derive(Debug, Clone)]
pub(super) struct KeyRecord {
    pub(super) n: usize,
    pub(super) id: String,
    pub(super) name: String,
    pub(super) description: String,
    pub(super) revoked: bool,
    /// The full key, which authenticates.
    pub(super) secret: String,
    /// The previous secret during a refresh's grace period, and when it
    /// stops working.
    pub(super) old_secret: Option<(String, DateTime<Utc>)>,
    pub(super) created_at: String,
    pub(super) expires_at: Option<DateTime<Utc>>,
    pub(super) created_by: String,
    pub(super) last_used_at: Option<String>,
    /// A service key's bot user; `None` for a user key.
    pub(super) bot: Option<BotRecord>,
}

/// A service key's bot user: its ID (a user of the fake) and its roles.
#[derive(Debug, Clone)]
pub(super) struct BotRecord {
    pub(super) user_id: String,
    pub(super) name: String,
    pub(super) account_role: Value,
    /// Each organization's ID and role, with its spaces.
    pub(super) organizations: Vec<(String, Value, Vec<BoundSpace>)>,
}

/// A space a service key is bound to: its ID, and the bot user's role.
pub(super) type BoundSpace = (String, Value);

impl KeyRecord {
    /// The key's metadata, as listed: never its secret. With
    /// `organizations` false, its bot user's organizations are left empty,
    /// as the real API lists them by space.
    pub(super) fn to_json(&self, organizations: bool) -> Value {
        let mut json = json!({
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "key_type": if self.bot.is_some() { "SERVICE" } else { "USER" },
            "status": if self.revoked { "REVOKED" } else { "ACTIVE" },
            "redacted_key": redacted(&self.secret),
            "created_at": self.created_at,
            "created_by_user_id": self.created_by,
        });
        if let Some(at) = self.expires_at {
            json["expires_at"] = json!(timestamp(at));
        }
        if let Some(at) = &self.last_used_at {
            json["last_used_at"] = json!(at);
        }
        if let Some(bot) = &self.bot {
            json["bot_user"] = bot.to_json(organizations);
        }
        json
    }

    /// The key with its secret, as creating it answers.
    pub(super) fn created_json(&self) -> Value {
        let mut json = self.to_json(true);
        json["key"] = json!(self.secret);
        json
    }

    /// The key with its new secret, as refreshing it answers: no bot user.
    pub(super) fn refreshed_json(&self) -> Value {
        let mut json = self.to_json(true);
        json.as_object_mut().map(|key| key.remove("bot_user"));
        json["key"] = json!(self.secret);
        json
    }
}

impl BotRecord {
    fn to_json(&self, organizations: bool) -> Value {
        let organizations: Vec<Value> = match organizations {
            false => Vec::new(),
            true => self
                .organizations
                .iter()
                .map(|(org_id, role, spaces)| {
                    let spaces: Vec<Value> = spaces
                        .iter()
                        .map(|(space_id, role)| json!({"space_id": space_id, "role": role}))
                        .collect();
                    json!({"org_id": org_id, "role": role, "spaces": spaces})
                })
                .collect(),
        };
        json!({
            "id": self.user_id,
            "name": self.name,
            "account_role": self.account_role,
            "organizations": organizations,
        })
    }
}

/// A new secret, shaped like Arize's keys: `ak-` and 40 letters and digits.
pub(super) fn new_secret() -> String {
    let mut rng = fastrand::Rng::new();
    let random: String = (0..40).map(|_| rng.alphanumeric()).collect();
    format!("ak-{random}")
}

/// The display form of a key: `ak-abc...xyz`.
fn redacted(secret: &str) -> String {
    let random = secret.strip_prefix("ak-").unwrap_or(secret);
    let (head, tail) = random.split_at(random.len().min(3));
    let tail = &tail[tail.len().saturating_sub(3)..];
    format!("ak-{head}...{tail}")
}

/// A time as the API writes it (`2026-01-01T00:00:00Z`).
pub(super) fn timestamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

/// An entry of the audit log: a mutating call the fake served.
#[derive(Debug, Clone)]
pub(super) struct AuditRecord {
    pub(super) n: usize,
    pub(super) user_id: String,
    pub(super) operation_name: &'static str,
    /// The request body, if it had one.
    pub(super) operation_text: Option<String>,
    /// The path parameters, as a JSON-encoded object, if it had any.
    pub(super) variables: Option<String>,
    pub(super) created_at: DateTime<Utc>,
}

impl AuditRecord {
    pub(super) fn to_json(&self) -> Value {
        json!({
            "id": make_id("AuditLog", self.n),
            "user_id": self.user_id,
            // The fake listens on the loopback interface only.
            "ip": "127.0.0.1",
            "operation_type": "MUTATION",
            "operation_name": self.operation_name,
            "operation_text": self.operation_text,
            "variables": self.variables,
            "created_at": timestamp(self.created_at),
        })
    }
}
