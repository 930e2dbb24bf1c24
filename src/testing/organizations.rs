//! The organizations routes, with their memberships.

use serde_json::{Value, json};

use super::{
    http::{
        Answer, Handled, Problem, check_length, check_query_length, object, problem, query_pairs,
        string_field,
    },
    memberships,
    paging::Paging,
    records::OrganizationRecord,
    state::State,
};
use crate::operation::Op;

fn organization<'a>(state: &'a State, id: &str) -> Result<&'a OrganizationRecord, Problem> {
    match state.organization(id) {
        Some(org) => Ok(org),
        None => problem(404, format!("no organization with ID {id}")),
    }
}

/// Whether another organization of the account has this name. Names are
/// compared exactly, case-sensitively: the contract does not say how the
/// server compares them, and the SDKs compare exactly, so `Acme` and `acme`
/// may coexist here.
fn name_taken(state: &State, name: &str, except: Option<usize>) -> bool {
    state
        .organizations
        .values()
        .any(|o| o.name == name && Some(o.n) != except)
}

fn conflict<T>(name: &str) -> Result<T, Problem> {
    problem(
        409,
        format!("an organization named {name:?} already exists in the account"),
    )
}

pub(super) fn list(state: &State, query: &str) -> Handled {
    let mut name = None;
    let mut paging = Paging::default();
    for (key, value) in query_pairs(query) {
        match key.as_str() {
            "name" => {
                check_query_length(Op::ListOrganizations, "name", &value)?;
                name = Some(value.to_lowercase());
            }
            _ => paging.read(&key, &value)?,
        }
    }
    let matching = state
        .organizations
        .range(paging.first()..)
        .map(|(_, o)| o)
        .filter(|o| {
            name.as_ref()
                .is_none_or(|n| o.name.to_lowercase().contains(n.as_str()))
        })
        .map(|o| (o.n, o.to_json()));
    Ok(paging.page(Op::ListOrganizations, matching))
}

pub(super) fn create(state: &mut State, body: &str) -> Handled {
    let fields = object(Op::CreateOrganization, body)?;
    let Some(name) = string_field(&fields, "name")? else {
        return problem(400, "name: required");
    };
    let description = string_field(&fields, "description")?.unwrap_or("");
    check_length(Op::CreateOrganization, "name", name)?;
    check_length(Op::CreateOrganization, "description", description)?;
    if name_taken(state, name, None) {
        return conflict(name);
    }
    let org = state.insert_organization(name, description);
    Ok(Answer::json(201, org.to_json()))
}

pub(super) fn get(state: &State, id: &str) -> Handled {
    Ok(Answer::json(200, organization(state, id)?.to_json()))
}

pub(super) fn update(state: &mut State, id: &str, body: &str) -> Handled {
    let mut updated = organization(state, id)?.clone();
    let fields = object(Op::UpdateOrganization, body)?;
    if fields.is_empty() {
        return problem(400, "nothing to update: send at least one field");
    }
    if fields.get("name") == Some(&Value::Null) {
        return problem(422, "name: cannot be cleared");
    }
    if let Some(name) = string_field(&fields, "name")? {
        check_length(Op::UpdateOrganization, "name", name)?;
        if name_taken(state, name, Some(updated.n)) {
            return conflict(name);
        }
        updated.name = name.to_owned();
    }
    match fields.get("description") {
        Some(Value::Null) => updated.description.clear(),
        Some(_) => {
            let description = string_field(&fields, "description")?.unwrap_or_default();
            check_length(Op::UpdateOrganization, "description", description)?;
            updated.description = description.to_owned();
        }
        None => {}
    }
    let json = updated.to_json();
    state.organizations.insert(updated.n, updated);
    Ok(Answer::json(200, json))
}

pub(super) fn delete(state: &mut State, id: &str) -> Handled {
    let n = organization(state, id)?.n;
    state.delete_organization(n);
    Ok(Answer::empty())
}

pub(super) fn add_user(state: &mut State, id: &str, body: &str) -> Handled {
    let org_id = organization(state, id)?.id.clone();
    let (user_id, role) = memberships::read(state, Op::AddOrganizationUser, body)?;
    let membership_id = state.upsert_organization_membership(&org_id, &user_id, role.clone());
    Ok(Answer::json(
        200,
        json!({"id": membership_id, "user_id": user_id, "organization_id": org_id, "role": role}),
    ))
}

/// Removes a member, and them from every space of the organization. A
/// non-member is a 404: the contract leaves it open (404 or 204), and a 404
/// tells a test that its removal did nothing, as for spaces.
pub(super) fn remove_user(state: &mut State, id: &str, user_id: &str) -> Handled {
    let org_id = organization(state, id)?.id.clone();
    if state.remove_from_organization(&org_id, user_id) {
        Ok(Answer::empty())
    } else {
        problem(
            404,
            format!("user {user_id} is not a member of organization {id}"),
        )
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::super::{AccountRole, FakeServer};

    #[test]
    fn deleting_an_organization_removes_its_memberships_only() {
        let fake = FakeServer::builder()
            .organization("acme")
            .organization("globex")
            .user("alice", AccountRole::Member, ["acme", "globex"])
            .spaces("acme", 1)
            .spaces("globex", 1)
            .start();
        let (acme, globex) = (fake.organization_id("acme"), fake.organization_id("globex"));
        let alice = fake.user_id("alice");
        let mut state = fake.lock();
        let member = json!({"type": "PREDEFINED", "name": "MEMBER"});
        for space in [1, 2] {
            state.upsert_space_membership(space, &alice, member.clone());
        }
        state.delete_organization(1);
        let orgs: Vec<&String> = state
            .organization_memberships
            .keys()
            .map(|k| &k.0)
            .collect();
        assert_eq!(orgs, [&globex]);
        assert!(!orgs.contains(&&acme));
        let spaces: Vec<usize> = state.space_memberships.keys().map(|k| k.0).collect();
        assert_eq!(spaces, [2]);
    }

    #[test]
    fn an_upsert_changes_the_role_and_keeps_the_id() {
        let fake = FakeServer::builder()
            .organization("acme")
            .user("alice", AccountRole::Member, ["acme"])
            .start();
        let key = (fake.organization_id("acme"), fake.user_id("alice"));
        let mut state = fake.lock();
        let seeded = state.organization_memberships[&key].clone();
        assert_eq!(seeded.role, json!({"type": "PREDEFINED", "name": "MEMBER"}));
        let admin = json!({"type": "PREDEFINED", "name": "ADMIN"});
        let id = state.upsert_organization_membership(&key.0, &key.1, admin.clone());
        assert_eq!(id, seeded.id);
        assert_eq!(state.organization_memberships[&key].role, admin);
    }
}
