//! The spaces routes.

use serde_json::{Value, json};

use super::{
    http::{
        Answer, Handled, Problem, bool_field, check_length, check_query_length, object, problem,
        query_pairs, string_field,
    },
    memberships,
    paging::Paging,
    records::SpaceRecord,
    state::State,
};
use crate::operation::Op;

fn space<'a>(state: &'a State, id: &str) -> Result<&'a SpaceRecord, Problem> {
    match state.space_numbers.get(id) {
        Some(n) => Ok(&state.spaces[n]),
        None => problem(404, format!("no space with ID {id}")),
    }
}

pub(super) fn get(state: &State, id: &str) -> Handled {
    Ok(Answer::json(200, space(state, id)?.to_json()))
}

pub(super) fn list(state: &State, query: &str) -> Handled {
    let mut org_id = None;
    let mut name = None;
    let mut paging = Paging::default();
    for (key, value) in query_pairs(query) {
        match key.as_str() {
            "org_id" => org_id = Some(value),
            "name" => {
                check_query_length(Op::ListSpaces, "name", &value)?;
                name = Some(value.to_lowercase());
            }
            _ => paging.read(&key, &value)?,
        }
    }
    let matching = state
        .spaces
        .range(paging.first()..)
        .map(|(_, s)| s)
        .filter(|s| org_id.as_ref().is_none_or(|org| &s.organization_id == org))
        .filter(|s| {
            name.as_ref()
                .is_none_or(|n| s.name.to_lowercase().contains(n.as_str()))
        })
        .map(|s| (s.n, s.to_json()));
    Ok(paging.page(Op::ListSpaces, matching))
}

pub(super) fn create(state: &mut State, body: &str) -> Handled {
    let fields = object(Op::CreateSpace, body)?;
    let Some(name) = string_field(&fields, "name")? else {
        return problem(400, "name: required");
    };
    let Some(org) = string_field(&fields, "organization_id")? else {
        return problem(400, "organization_id: required");
    };
    let description = string_field(&fields, "description")?.unwrap_or("");
    let is_private = bool_field(&fields, "is_private")?.unwrap_or(false);
    check_length(Op::CreateSpace, "name", name)?;
    check_length(Op::CreateSpace, "description", description)?;
    if state.organization(org).is_none() {
        return problem(404, format!("no organization with ID {org}"));
    }
    if state.name_taken(org, name, None) {
        return problem(
            409,
            format!("a space named {name:?} already exists in the organization"),
        );
    }
    let space = state.insert_space(name.to_owned(), org.to_owned(), description, is_private);
    Ok(Answer::json(201, space.to_json()))
}

pub(super) fn update(state: &mut State, id: &str, body: &str) -> Handled {
    let n = space(state, id)?.n;
    let fields = object(Op::UpdateSpace, body)?;
    if fields.is_empty() {
        return problem(400, "nothing to update: send at least one field");
    }
    for not_clearable in [
        "name",
        "is_private",
        "ml_models_enabled",
        "gradient_start_color",
        "gradient_end_color",
    ] {
        if fields.get(not_clearable) == Some(&Value::Null) {
            return problem(422, format!("{not_clearable}: cannot be cleared"));
        }
    }
    let mut updated = state.spaces[&n].clone();
    if let Some(name) = string_field(&fields, "name")? {
        check_length(Op::UpdateSpace, "name", name)?;
        if state.name_taken(&updated.organization_id, name, Some(n)) {
            return problem(
                409,
                format!("a space named {name:?} already exists in the organization"),
            );
        }
        updated.name = name.to_owned();
    }
    match fields.get("description") {
        Some(Value::Null) => updated.description.clear(),
        Some(_) => {
            let description = string_field(&fields, "description")?.unwrap_or_default();
            check_length(Op::UpdateSpace, "description", description)?;
            updated.description = description.to_owned();
        }
        None => {}
    }
    if let Some(private) = bool_field(&fields, "is_private")? {
        updated.is_private = private;
    }
    if let Some(enabled) = bool_field(&fields, "ml_models_enabled")? {
        updated.ml_models_enabled = enabled;
    }
    if let Some(color) = string_field(&fields, "gradient_start_color")? {
        updated.gradient_start_color = color.to_owned();
    }
    if let Some(color) = string_field(&fields, "gradient_end_color")? {
        updated.gradient_end_color = color.to_owned();
    }
    if let Some(value) = fields.get("default_llm_integration") {
        updated.default_llm_integration = reference(
            value,
            "default_llm_integration",
            &["integration_id", "model_name"],
        )?;
    }
    if let Some(value) = fields.get("default_agent_runtime") {
        updated.default_agent_runtime =
            reference(value, "default_agent_runtime", &["integration_id"])?;
    }
    let json = updated.to_json();
    state.spaces.insert(n, updated);
    Ok(Answer::json(200, json))
}

/// `null`, or an object with exactly these string fields.
fn reference(value: &Value, name: &str, required: &[&str]) -> Result<Value, Problem> {
    if value.is_null() {
        return Ok(Value::Null);
    }
    let Value::Object(fields) = value else {
        return problem(400, format!("{name}: expected an object or null"));
    };
    if fields.keys().any(|k| !required.contains(&k.as_str())) {
        return problem(400, format!("{name}: unknown field"));
    }
    for field in required {
        match fields.get(*field) {
            Some(Value::String(s)) if !s.is_empty() => {}
            _ => {
                return problem(
                    422,
                    format!("{name}.{field}: a non-empty string is required"),
                );
            }
        }
    }
    Ok(value.clone())
}

pub(super) fn delete(state: &mut State, id: &str) -> Handled {
    let n = space(state, id)?.n;
    state.delete_space(n);
    Ok(Answer::empty())
}

pub(super) fn add_user(state: &mut State, id: &str, body: &str) -> Handled {
    let space = space(state, id)?.clone();
    let (user_id, role) = memberships::read(state, Op::AddSpaceUser, body)?;
    let key = (space.organization_id.clone(), user_id.clone());
    if !state.organization_memberships.contains_key(&key) {
        return problem(
            400,
            "the user does not belong to the space's organization; add them to it first",
        );
    }
    let membership_id = state.upsert_space_membership(space.n, &user_id, role.clone());
    Ok(Answer::json(
        200,
        json!({"id": membership_id, "user_id": user_id, "space_id": space.id, "role": role}),
    ))
}

pub(super) fn remove_user(state: &mut State, id: &str, user_id: &str) -> Handled {
    let n = space(state, id)?.n;
    if state.remove_from_space(n, user_id) {
        Ok(Answer::empty())
    } else {
        problem(404, format!("user {user_id} is not a member of space {id}"))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{AccountRole, FakeServer};

    #[test]
    fn deleting_a_space_removes_its_memberships() {
        let fake = FakeServer::builder()
            .organization("acme")
            .user("alice", AccountRole::Member, ["acme"])
            .spaces("acme", 2)
            .start();
        let spaces = fake.client().spaces();
        let alice = fake.user_id("alice");
        for name in ["space-00001", "space-00002"] {
            spaces
                .add_user(name, &alice, crate::PredefinedRole::Member)
                .unwrap();
        }
        assert_eq!(fake.lock().space_memberships.len(), 2);
        spaces.delete("space-00001").unwrap();
        let memberships = &fake.lock().space_memberships;
        assert_eq!(memberships.len(), 1);
        assert!(memberships.keys().all(|(space, _)| *space == 2));
    }
}
