//! The roles routes: custom roles, and the predefined ones every fake has.

use serde_json::{Map, Value};

use super::{
    http::{Answer, Handled, Problem, check_length, object, problem, query_pairs, string_field},
    paging::Paging,
    records::RoleRecord,
    state::State,
};
use crate::operation::Op;
use crate::types::Permission;

/// The predefined roles seeded in every fake: the managed project roles.
pub(super) const PREDEFINED: [(&str, &str, &[&str]); 3] = [
    (
        "Project Admin",
        "Full access to a project, including its role bindings",
        &[
            "PROJECT_READ",
            "PROJECT_UPDATE",
            "PROJECT_DELETE",
            "PROJECT_RESTRICT",
            "PROJECT_SPAN_READ",
            "PROJECT_SPAN_CREATE",
            "PROJECT_SPAN_UPDATE",
            "PROJECT_SPAN_DELETE",
            "PROJECT_SPAN_ANNOTATE",
            "ROLE_BINDING_CREATE",
            "ROLE_BINDING_READ",
            "ROLE_BINDING_DELETE",
        ],
    ),
    (
        "Project Member",
        "Reads, writes and annotates a project's traces",
        &[
            "PROJECT_READ",
            "PROJECT_UPDATE",
            "PROJECT_SPAN_READ",
            "PROJECT_SPAN_CREATE",
            "PROJECT_SPAN_UPDATE",
            "PROJECT_SPAN_ANNOTATE",
        ],
    ),
    (
        "Project Read-Only",
        "Reads a project and its traces",
        &["PROJECT_READ", "PROJECT_SPAN_READ"],
    ),
];

/// What predefined roles answer to a change. The contract says they cannot
/// be changed or deleted but not with which status; 403 is among both
/// operations' statuses and says "not allowed", which it is, for anyone.
const IMMUTABLE: u16 = 403;

/// The characters of a role name besides ASCII letters and digits, from the
/// spec's pattern.
const NAME_PUNCTUATION: &str = " -_.,()[]'\"/:\\&@#$%!?+=";

fn role<'a>(state: &'a State, id: &str) -> Result<&'a RoleRecord, Problem> {
    match state.role(id) {
        Some(role) => Ok(role),
        None => problem(404, format!("no role with ID {id}")),
    }
}

fn check_name(state: &State, op: Op, name: &str, except: Option<usize>) -> Result<(), Problem> {
    check_length(op, "name", name)?;
    let allowed = |c: char| c.is_ascii_alphanumeric() || NAME_PUNCTUATION.contains(c);
    if let Some(bad) = name.chars().find(|c| !allowed(*c)) {
        return problem(
            422,
            format!(
                "name: {bad:?} is not allowed: use letters, digits, space and {NAME_PUNCTUATION}"
            ),
        );
    }
    // Compared exactly, like organization names (the contract does not say).
    if state
        .roles
        .values()
        .any(|r| r.name == name && Some(r.n) != except)
    {
        return problem(
            409,
            format!("a role named {name:?} already exists in the account"),
        );
    }
    Ok(())
}

/// A non-empty array of permissions of the server's catalogue (the spec's
/// [`Permission`](crate::Permission) enum), without repeats, in the order sent.
fn permissions(fields: &Map<String, Value>) -> Result<Option<Vec<String>>, Problem> {
    let items = match fields.get("permissions") {
        None => return Ok(None),
        Some(Value::Null) => return problem(422, "permissions: cannot be null"),
        Some(Value::Array(items)) => items,
        Some(_) => return problem(400, "permissions: expected an array"),
    };
    if items.is_empty() {
        return problem(422, "permissions: at least one is required");
    }
    let mut permissions: Vec<String> = Vec::new();
    for item in items {
        let Value::String(name) = item else {
            return problem(400, "permissions: expected an array of strings");
        };
        if !Permission::KNOWN.iter().any(|p| p.as_str() == name) {
            return problem(422, format!("permissions: {name:?} is not a permission"));
        }
        if !permissions.contains(name) {
            permissions.push(name.clone());
        }
    }
    Ok(Some(permissions))
}

pub(super) fn list(state: &State, query: &str) -> Handled {
    let mut predefined = None;
    let mut paging = Paging::default();
    for (key, value) in query_pairs(query) {
        match (key.as_str(), value.as_str()) {
            ("is_predefined", "true") => predefined = Some(true),
            ("is_predefined", "false") => predefined = Some(false),
            ("is_predefined", _) => {
                return problem(
                    400,
                    format!("is_predefined: {value:?} is not true or false"),
                );
            }
            _ => paging.read(&key, &value)?,
        }
    }
    let matching = state
        .roles
        .range(paging.first()..)
        .map(|(_, r)| r)
        .filter(|r| predefined.is_none_or(|p| r.is_predefined == p))
        .map(|r| (r.n, r.to_json()));
    Ok(paging.page(Op::ListRoles, matching))
}

pub(super) fn create(state: &mut State, body: &str) -> Handled {
    let fields = object(Op::CreateRole, body)?;
    let Some(name) = string_field(&fields, "name")? else {
        return problem(400, "name: required");
    };
    let Some(permissions) = permissions(&fields)? else {
        return problem(400, "permissions: required");
    };
    let description = string_field(&fields, "description")?.unwrap_or("");
    check_length(Op::CreateRole, "description", description)?;
    check_name(state, Op::CreateRole, name, None)?;
    let role = state.insert_role(name, description, permissions, false);
    Ok(Answer::json(201, role.to_json()))
}

pub(super) fn get(state: &State, id: &str) -> Handled {
    Ok(Answer::json(200, role(state, id)?.to_json()))
}

/// Whether a role can change: not a predefined one.
fn changeable(role: &RoleRecord) -> Result<(), Problem> {
    if role.is_predefined {
        return problem(
            IMMUTABLE,
            format!(
                "{:?} is a predefined role: it cannot be changed or deleted",
                role.name
            ),
        );
    }
    Ok(())
}

pub(super) fn update(state: &mut State, id: &str, body: &str) -> Handled {
    let mut updated = role(state, id)?.clone();
    changeable(&updated)?;
    let fields = object(Op::UpdateRole, body)?;
    if fields.is_empty() {
        return problem(400, "nothing to update: send at least one field");
    }
    if fields.get("name") == Some(&Value::Null) {
        return problem(422, "name: cannot be cleared");
    }
    if let Some(name) = string_field(&fields, "name")? {
        check_name(state, Op::UpdateRole, name, Some(updated.n))?;
        updated.name = name.to_owned();
    }
    match fields.get("description") {
        Some(Value::Null) => updated.description.clear(),
        Some(_) => {
            let description = string_field(&fields, "description")?.unwrap_or_default();
            check_length(Op::UpdateRole, "description", description)?;
            updated.description = description.to_owned();
        }
        None => {}
    }
    if let Some(permissions) = permissions(&fields)? {
        updated.permissions = permissions;
    }
    updated.updated_at = state.now();
    let json = updated.to_json();
    state.roles.insert(updated.n, updated);
    Ok(Answer::json(200, json))
}

/// Deletes a custom role nothing uses any more (409 otherwise).
pub(super) fn delete(state: &mut State, id: &str) -> Handled {
    let role = role(state, id)?;
    changeable(role)?;
    let (n, id) = (role.n, role.id.clone());
    if let Some(holder) = state.role_holder(&id) {
        return problem(409, holder);
    }
    state.roles.remove(&n);
    Ok(Answer::empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_predefined_roles_use_known_permissions_only() {
        for (name, _, permissions) in PREDEFINED {
            assert!(!permissions.is_empty(), "{name}");
            for permission in permissions {
                assert!(
                    Permission::KNOWN.iter().any(|p| p.as_str() == *permission),
                    "{name}: {permission}"
                );
            }
        }
    }
}
