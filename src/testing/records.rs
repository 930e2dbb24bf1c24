//! The fake's records: what it stores of each resource, and how each is
//! sent.

use base64::Engine;
use serde_json::{Value, json};

use super::AccountRole;

/// IDs shaped like the real ones: base64 of `Kind:<n>:<suffix>`.
pub(super) fn make_id(kind: &str, n: usize) -> String {
    let suffix = (n as u64).wrapping_mul(2_654_435_761) % 0x1_0000_0000;
    base64::engine::general_purpose::STANDARD.encode(format!("{kind}:{n}:{suffix:08x}"))
}

/// A fixed clock: the `n`th record of a kind is created `n` minutes after
/// 2026-01-01, so that runs are reproducible.
pub(super) fn created_at(n: usize) -> String {
    chrono::DateTime::from_timestamp(1_767_225_600 + 60 * n as i64, 0)
        .expect("in range")
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
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

/// A project of a space: only what role bindings and restrictions need.
/// Its ID is a `Model` ID, as the real API's.
#[derive(Debug, Clone)]
pub(super) struct ProjectRecord {
    pub(super) n: usize,
    pub(super) id: String,
    pub(super) name: String,
    /// The number of its space.
    pub(super) space: usize,
    /// When it was restricted, if it is.
    pub(super) restricted_at: Option<String>,
}

impl ProjectRecord {
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
