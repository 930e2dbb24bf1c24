//! The floor: the same bodies decoded into plain structs whose text fields
//! (dates and enums included) stay `String`s, the least work a client can
//! do and still read every field.

// Decoded but never read: decoding is the work being measured.
#![allow(dead_code)]

use serde::Deserialize;

#[derive(Deserialize)]
pub struct Pagination {
    has_more: bool,
    next_cursor: Option<String>,
}

impl Pagination {
    pub fn next(&self) -> Option<String> {
        self.has_more.then(|| self.next_cursor.clone()).flatten()
    }
}

#[derive(Deserialize)]
pub struct Reference {
    pub integration_id: Option<String>,
    pub model_name: Option<String>,
}

#[derive(Deserialize)]
pub struct Space {
    pub id: String,
    pub name: String,
    pub description: String,
    pub created_at: String,
    pub is_private: bool,
    pub organization_id: Option<String>,
    pub default_llm_integration: Option<Reference>,
    pub ml_models_enabled: Option<bool>,
    pub gradient_start_color: Option<String>,
    pub gradient_end_color: Option<String>,
    pub default_agent_runtime: Option<Reference>,
}

#[derive(Deserialize)]
pub struct Spaces {
    pub spaces: Vec<Space>,
    pub pagination: Pagination,
}

#[derive(Deserialize)]
pub struct Organization {
    pub id: String,
    pub name: String,
    pub description: String,
    pub created_at: String,
}

#[derive(Deserialize)]
pub struct Organizations {
    pub organizations: Vec<Organization>,
    pub pagination: Pagination,
}

#[derive(Deserialize)]
pub struct RoleAssignment {
    #[serde(rename = "type")]
    pub kind: String,
    pub name: Option<String>,
    pub id: Option<String>,
}

#[derive(Deserialize)]
pub struct User {
    pub id: String,
    pub name: String,
    pub email: String,
    pub created_at: String,
    pub status: String,
    pub role: RoleAssignment,
    pub is_developer: bool,
}

#[derive(Deserialize)]
pub struct Users {
    pub users: Vec<User>,
    pub pagination: Pagination,
}

#[derive(Deserialize)]
pub struct Binding {
    pub id: String,
    pub role_id: String,
    pub user_id: String,
    pub resource_type: String,
    pub resource_id: String,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Deserialize)]
pub struct Bindings {
    pub role_bindings: Vec<Binding>,
    pub pagination: Pagination,
}

#[derive(Deserialize)]
pub struct Project {
    pub id: String,
    pub name: String,
    pub space_id: String,
    pub created_at: String,
    pub project_type: Option<String>,
}

#[derive(Deserialize)]
pub struct Projects {
    pub projects: Vec<Project>,
    pub pagination: Pagination,
}

#[derive(Deserialize)]
pub struct ApiKey {
    pub id: String,
    pub name: String,
    pub description: String,
    pub key_type: String,
    pub status: String,
    pub redacted_key: String,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub created_by_user_id: String,
    pub last_used_at: Option<String>,
}

#[derive(Deserialize)]
pub struct ApiKeys {
    pub api_keys: Vec<ApiKey>,
    pub pagination: Pagination,
}

#[derive(Deserialize)]
pub struct AuditLog {
    pub id: String,
    pub user_id: String,
    pub ip: String,
    pub operation_type: String,
    pub operation_name: Option<String>,
    pub operation_text: Option<String>,
    pub variables: Option<String>,
    pub created_at: String,
}

#[derive(Deserialize)]
pub struct AuditLogs {
    pub logs: Vec<AuditLog>,
    pub pagination: Pagination,
}
