//! The role bindings routes: one role for one user on one space or project.

use serde_json::{Map, Value};

use super::{
    http::{Answer, Handled, Problem, object, problem, query_pairs, string_field},
    paging::Paging,
    records::{BindingKind, BindingRecord, UserStatus, make_id},
    state::State,
};
use crate::operation::Op;

/// The fields a binding is created with, which cannot change afterwards.
const FIXED: [&str; 3] = ["user_id", "resource_type", "resource_id"];

fn binding<'a>(state: &'a State, id: &str) -> Result<&'a BindingRecord, Problem> {
    match state.bindings.values().find(|b| b.id == id) {
        Some(binding) => Ok(binding),
        None => problem(404, format!("no role binding with ID {id}")),
    }
}

fn required<'a>(fields: &'a Map<String, Value>, name: &str) -> Result<&'a str, Problem> {
    match string_field(fields, name)? {
        Some(value) if !value.is_empty() => Ok(value),
        Some(_) => problem(422, format!("{name}: cannot be empty")),
        None => problem(400, format!("{name}: required")),
    }
}

/// The role must be one of the account's, custom or predefined (404).
fn check_role(state: &State, role_id: &str) -> Result<(), Problem> {
    match state.role(role_id) {
        Some(_) => Ok(()),
        None => problem(404, format!("no role with ID {role_id}")),
    }
}

/// The resource must exist and be of the kind named: 400 for a space with
/// `PROJECT` or a project with `SPACE`, 403 for an ID the account does not
/// have, as the real API answers for a resource it cannot authorize.
fn check_resource(state: &State, kind: BindingKind, id: &str) -> Result<(), Problem> {
    let actual = if state.space_numbers.contains_key(id) {
        BindingKind::Space
    } else if state.project(id).is_some() {
        BindingKind::Project
    } else {
        return problem(
            403,
            format!("no {} with ID {id} in the account", kind.wire()),
        );
    };
    if actual != kind {
        return problem(
            400,
            format!(
                "resource_id: {id} is a {}, not a {}",
                actual.wire(),
                kind.wire()
            ),
        );
    }
    Ok(())
}

pub(super) fn list(state: &State, query: &str) -> Handled {
    let mut kind = None;
    let mut user_id = None;
    let mut paging = Paging::default();
    for (key, value) in query_pairs(query) {
        match key.as_str() {
            "resource_type" => match BindingKind::from_wire(&value) {
                Some(k) => kind = Some(k),
                None => {
                    return problem(
                        400,
                        format!("resource_type: {value:?} is not SPACE or PROJECT"),
                    );
                }
            },
            "user_id" => {
                if state.user(&value).is_none() {
                    return problem(404, format!("no user with ID {value}"));
                }
                user_id = Some(value);
            }
            _ => paging.read(&key, &value)?,
        }
    }
    let Some(kind) = kind else {
        return problem(400, "resource_type: required, SPACE or PROJECT");
    };
    let matching = state
        .bindings
        .range(paging.first()..)
        .map(|(_, b)| b)
        .filter(|b| b.kind == kind)
        .filter(|b| user_id.as_ref().is_none_or(|u| &b.user_id == u))
        .map(|b| (b.n, b.to_json()));
    Ok(paging.page(Op::ListRoleBindings, matching))
}

pub(super) fn create(state: &mut State, body: &str) -> Handled {
    let fields = object(Op::CreateRoleBinding, body)?;
    let role_id = required(&fields, "role_id")?;
    let user_id = required(&fields, "user_id")?;
    let kind_name = required(&fields, "resource_type")?;
    let resource_id = required(&fields, "resource_id")?;
    let Some(kind) = BindingKind::from_wire(kind_name) else {
        return problem(
            422,
            format!("resource_type: {kind_name:?} is not SPACE or PROJECT"),
        );
    };
    check_role(state, role_id)?;
    match state.user(user_id) {
        Some(user) if user.status != UserStatus::Inactive => {}
        _ => return problem(404, format!("no user with ID {user_id}")),
    }
    check_resource(state, kind, resource_id)?;
    if let Some(existing) = state
        .bindings
        .values()
        .find(|b| b.user_id == user_id && b.resource_id == resource_id)
    {
        return problem(
            409,
            format!(
                "the user already has a role binding on this resource ({}): \
                 update it instead of creating another",
                existing.id
            ),
        );
    }
    state.bindings_created += 1;
    let (n, now) = (state.bindings_created, state.now());
    let binding = BindingRecord {
        n,
        id: make_id("RoleBinding", n),
        role_id: role_id.to_owned(),
        user_id: user_id.to_owned(),
        kind,
        resource_id: resource_id.to_owned(),
        created_at: now.clone(),
        updated_at: now,
    };
    let json = binding.to_json();
    state.bindings.insert(n, binding);
    Ok(Answer::json(201, json))
}

pub(super) fn get(state: &State, id: &str) -> Handled {
    Ok(Answer::json(200, binding(state, id)?.to_json()))
}

/// Changes the role; nothing else of a binding can change.
pub(super) fn update(state: &mut State, id: &str, body: &str) -> Handled {
    let mut updated = binding(state, id)?.clone();
    let Ok(Value::Object(sent)) = serde_json::from_str::<Value>(body) else {
        return problem(400, "the body is not a JSON object");
    };
    if let Some(fixed) = FIXED.iter().find(|f| sent.contains_key(**f)) {
        return problem(
            400,
            format!(
                "{fixed}: cannot be changed, only role_id can; \
                 delete the binding and create another"
            ),
        );
    }
    let fields = object(Op::UpdateRoleBinding, body)?;
    let role_id = required(&fields, "role_id")?;
    check_role(state, role_id)?;
    role_id.clone_into(&mut updated.role_id);
    updated.updated_at = state.now();
    let json = updated.to_json();
    state.bindings.insert(updated.n, updated);
    Ok(Answer::json(200, json))
}

pub(super) fn delete(state: &mut State, id: &str) -> Handled {
    let n = binding(state, id)?.n;
    state.bindings.remove(&n);
    Ok(Answer::empty())
}
