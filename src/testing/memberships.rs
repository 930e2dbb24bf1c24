//! What space and organization memberships share: the `{user_id, role}`
//! body, the role assignment and the annotator rule, and the upsert.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{
    AccountRole,
    http::{Problem, object, problem, string_field},
    records::{Membership, UserStatus, make_id},
    state::State,
};
use crate::operation::Op;

/// The predefined roles of a space or an organization (the same four).
const PREDEFINED: [&str; 4] = ["ADMIN", "MEMBER", "READ_ONLY", "ANNOTATOR"];

/// Reads an add-user body: the user must be an account user who was not
/// deleted (404), and the role one they may hold. Returns the user ID and
/// the role as it is sent back.
pub(super) fn read(state: &State, op: Op, body: &str) -> Result<(String, Value), Problem> {
    let fields = object(op, body)?;
    let Some(user_id) = string_field(&fields, "user_id")? else {
        return problem(400, "user_id: required");
    };
    let user = match state.user(user_id) {
        Some(user) if user.status != UserStatus::Inactive => user,
        _ => return problem(404, format!("no user with ID {user_id}")),
    };
    let role = role(state, fields.get("role"), &user.role)?;
    Ok((user_id.to_owned(), role))
}

/// A role assignment for a user with this account role: a predefined role
/// (the annotator rule applies) or an existing custom role, which is sent
/// back with its name.
fn role(state: &State, role: Option<&Value>, account_role: &AccountRole) -> Result<Value, Problem> {
    let Some(Value::Object(role)) = role else {
        return problem(400, "role: required, an object");
    };
    match role.get("type").and_then(Value::as_str) {
        Some("PREDEFINED") => {
            let name = role.get("name").and_then(Value::as_str).unwrap_or_default();
            if !PREDEFINED.contains(&name) {
                return problem(422, format!("role.name: {name:?} is not a predefined role"));
            }
            let annotator = *account_role == AccountRole::Annotator;
            if annotator && name != "ANNOTATOR" {
                return problem(400, "an annotator account can only hold the ANNOTATOR role");
            }
            if !annotator && name == "ANNOTATOR" {
                return problem(400, "only annotator accounts can hold the ANNOTATOR role");
            }
            Ok(json!({"type": "PREDEFINED", "name": name}))
        }
        Some("CUSTOM") => {
            let role_id = role.get("id").and_then(Value::as_str).unwrap_or_default();
            let Some(custom) = state.role(role_id) else {
                return problem(404, format!("no custom role with ID {role_id:?}"));
            };
            if custom.is_predefined {
                return problem(
                    400,
                    format!(
                        "role.id: {:?} is a predefined role, not a custom one; \
                         give a predefined role by name, or bind this one with a role binding",
                        custom.name
                    ),
                );
            }
            Ok(json!({"type": "CUSTOM", "id": custom.id, "name": custom.name}))
        }
        _ => problem(422, "role.type: expected PREDEFINED or CUSTOM"),
    }
}

impl State {
    /// Gives `user_id` `role` in an organization: an upsert that keeps the
    /// membership ID of a current member.
    pub(super) fn upsert_organization_membership(
        &mut self,
        organization_id: &str,
        user_id: &str,
        role: Value,
    ) -> String {
        let key = (organization_id.to_owned(), user_id.to_owned());
        let memberships = &mut self.organization_memberships;
        upsert(
            memberships,
            &mut self.memberships_created,
            "AccountOrganizationMember",
            key,
            role,
        )
    }

    /// Gives `user_id` `role` in a space: an upsert that keeps the
    /// membership ID of a current member.
    pub(super) fn upsert_space_membership(
        &mut self,
        space: usize,
        user_id: &str,
        role: Value,
    ) -> String {
        let key = (space, user_id.to_owned());
        let memberships = &mut self.space_memberships;
        upsert(
            memberships,
            &mut self.memberships_created,
            "SpaceMembership",
            key,
            role,
        )
    }
}

fn upsert<K: Ord>(
    memberships: &mut BTreeMap<K, Membership>,
    created: &mut usize,
    kind: &str,
    key: K,
    role: Value,
) -> String {
    let id = match memberships.get(&key) {
        Some(membership) => membership.id.clone(),
        None => {
            *created += 1;
            make_id(kind, *created)
        }
    };
    let membership = Membership {
        id: id.clone(),
        role,
    };
    memberships.insert(key, membership);
    id
}
