//! The users routes: the account's users, their invitations and passwords.

use serde_json::{Map, Value, json};

use super::{
    AccountRole,
    http::{
        Answer, Handled, Problem, bool_field, check_length, check_query_length, object, problem,
        query_pairs, string_field,
    },
    paging::Paging,
    records::{UserRecord, UserStatus, developer_by_default},
    state::State,
};
use crate::operation::Op;

/// The account roles `create_user` accepts.
const ROLES: [(&str, AccountRole); 4] = [
    ("ADMIN", AccountRole::Admin),
    ("MEMBER", AccountRole::Member),
    ("ANNOTATOR", AccountRole::Annotator),
    ("MEMBER_UI_ONLY", AccountRole::MemberUiOnly),
];

fn user<'a>(state: &'a State, id: &str) -> Result<&'a UserRecord, Problem> {
    match state.user(id) {
        Some(user) => Ok(user),
        None => problem(404, format!("no user with ID {id}")),
    }
}

pub(super) fn list(state: &State, query: &str) -> Handled {
    let mut email = None;
    let mut statuses = Vec::new();
    let mut paging = Paging::default();
    for (key, value) in query_pairs(query) {
        match key.as_str() {
            "email" => {
                check_query_length(Op::ListUsers, "email", &value)?;
                email = Some(value.to_lowercase());
            }
            "status" => statuses.push(match value.as_str() {
                "ACTIVE" => UserStatus::Active,
                "INVITED" => UserStatus::Invited,
                "EXPIRED" => UserStatus::Expired,
                _ => {
                    return problem(
                        400,
                        format!("status: {value:?} is not one of ACTIVE, INVITED, EXPIRED"),
                    );
                }
            }),
            _ => paging.read(&key, &value)?,
        }
    }
    if statuses.is_empty() {
        // Deleted (inactive) users are never listed.
        statuses = vec![UserStatus::Active, UserStatus::Invited, UserStatus::Expired];
    }
    let matching = state
        .users
        .range(paging.first()..)
        .map(|(_, u)| u)
        .filter(|u| statuses.contains(&u.status))
        .filter(|u| {
            email
                .as_ref()
                .is_none_or(|e| u.email.to_lowercase().contains(e.as_str()))
        })
        .map(|u| (u.n, u.to_json()));
    Ok(paging.page(Op::ListUsers, matching))
}

/// One `@`, a non-empty local part, a domain with an inner dot, no spaces.
fn looks_like_an_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !email.contains(char::is_whitespace)
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
}

fn account_role(fields: &Map<String, Value>) -> Result<AccountRole, Problem> {
    let Some(Value::Object(role)) = fields.get("role") else {
        return problem(400, "role: required, an object");
    };
    match role.get("type").and_then(Value::as_str) {
        Some("PREDEFINED") => {
            let name = role.get("name").and_then(Value::as_str).unwrap_or_default();
            match ROLES.iter().find(|(wire, _)| *wire == name) {
                Some((_, role)) => Ok(role.clone()),
                None => problem(422, format!("role.name: {name:?} is not an account role")),
            }
        }
        Some("CUSTOM") => problem(400, "role: custom account roles are not yet supported"),
        _ => problem(422, "role.type: expected PREDEFINED or CUSTOM"),
    }
}

/// `create_user`, idempotent on the email (compared case-insensitively)
/// when inviting. With `invite_mode` `NONE`, an email already invited or
/// expired is a 409: the contract leaves it open (200, 201 or 409), and a
/// conflict keeps `NONE` from silently activating someone who never
/// accepted an invitation.
pub(super) fn create(state: &mut State, body: &str) -> Handled {
    let fields = object(Op::CreateUser, body)?;
    let Some(name) = string_field(&fields, "name")? else {
        return problem(400, "name: required");
    };
    let Some(email) = string_field(&fields, "email")? else {
        return problem(400, "email: required");
    };
    let role = account_role(&fields)?;
    let Some(mode) = string_field(&fields, "invite_mode")? else {
        return problem(400, "invite_mode: required");
    };
    let is_developer = bool_field(&fields, "is_developer")?;
    check_length(Op::CreateUser, "name", name)?;
    if !looks_like_an_email(email) {
        return problem(400, format!("email: {email:?} is not a valid address"));
    }
    if !["NONE", "EMAIL_LINK", "TEMPORARY_PASSWORD"].contains(&mode) {
        return problem(
            422,
            format!("invite_mode: {mode:?} is not NONE, EMAIL_LINK or TEMPORARY_PASSWORD"),
        );
    }
    let inviting = mode != "NONE";
    let existing = state.users.values().find(|u| u.has_email(email)).cloned();
    let id = match existing.map(|u| (u.status, u)) {
        None => {
            let status = if inviting {
                UserStatus::Invited
            } else {
                UserStatus::Active
            };
            let is_developer = is_developer.unwrap_or_else(|| developer_by_default(&role));
            state
                .insert_user(name, email, role, status, is_developer)
                .id
                .clone()
        }
        Some((UserStatus::Active, _)) => {
            return problem(
                409,
                format!("a user with email {email:?} is already active"),
            );
        }
        Some((UserStatus::Inactive, _)) => {
            return problem(
                409,
                format!("the user with email {email:?} was deleted and is never re-invitable"),
            );
        }
        Some((status, _)) if !inviting => {
            return problem(
                409,
                format!(
                    "a user with email {email:?} is {}: invite them instead of adding them",
                    status.wire()
                ),
            );
        }
        // A pending invitation is returned as is: nothing changes, nothing
        // is sent again.
        Some((UserStatus::Invited, user)) => return Ok(Answer::json(200, user.to_json())),
        // A new invitation for the same user. Only the status changes: the
        // name, role and developer flag sent are not applied (the contract
        // does not say they would be).
        Some((UserStatus::Expired, user)) => {
            if let Some(user) = state.user_mut(&user.id) {
                user.status = UserStatus::Invited;
            }
            user.id
        }
    };
    if inviting {
        state.send_invitation(email);
    }
    let mut body = user(state, &id)?.to_json();
    body["invite_mode"] = json!(mode);
    if mode == "TEMPORARY_PASSWORD" {
        body["temporary_password"] = json!(temporary_password());
    }
    Ok(Answer::json(201, body))
}

/// A fresh one-time password: 20 random letters and digits.
fn temporary_password() -> String {
    (0..20).map(|_| fastrand::alphanumeric()).collect()
}

/// A deleted user is a 404, as the spec allows ("does not exist or is not
/// visible"): the contract leaves open whether it is that or a 200 whose
/// status, `inactive`, the spec's [`UserStatus`](crate::UserStatus) enum does not list, and
/// strict clients (the official Python SDK) fail on the latter. Deleting it
/// again is still a 204.
pub(super) fn get(state: &State, id: &str) -> Handled {
    let user = user(state, id)?;
    if user.status == UserStatus::Inactive {
        return problem(404, format!("the user {id} was deleted"));
    }
    Ok(Answer::json(200, user.to_json()))
}

/// A deleted user is a 404 here: it is blocked for good (the contract does
/// not say).
pub(super) fn update(state: &mut State, id: &str, body: &str) -> Handled {
    let mut updated = user(state, id)?.clone();
    if updated.status == UserStatus::Inactive {
        return problem(404, format!("the user {id} was deleted"));
    }
    let fields = object(Op::UpdateUser, body)?;
    if fields.is_empty() {
        return problem(400, "nothing to update: send at least one field");
    }
    for not_nullable in ["name", "is_developer"] {
        if fields.get(not_nullable) == Some(&Value::Null) {
            return problem(422, format!("{not_nullable}: cannot be null"));
        }
    }
    if let Some(name) = string_field(&fields, "name")? {
        let name = name.trim();
        if name.is_empty() {
            return problem(400, "name: blank");
        }
        check_length(Op::UpdateUser, "name", name)?;
        updated.name = name.to_owned();
    }
    if let Some(is_developer) = bool_field(&fields, "is_developer")? {
        updated.is_developer = is_developer;
    }
    let json = updated.to_json();
    state.users.insert(updated.n, updated);
    Ok(Answer::json(200, json))
}

/// Deactivates the user for good; deleting an inactive user again is a 204.
pub(super) fn delete(state: &mut State, id: &str) -> Handled {
    let id = user(state, id)?.id.clone();
    state.deactivate_user(&id);
    Ok(Answer::empty())
}

pub(super) fn resend_invitation(state: &mut State, id: &str) -> Handled {
    let user = user(state, id)?;
    if user.status != UserStatus::Invited {
        return problem(
            400,
            format!(
                "only an INVITED user's invitation can be resent; this user is {} \
                 (already verified, or not pending)",
                user.status.wire()
            ),
        );
    }
    let email = user.email.clone();
    state.send_invitation(&email);
    Ok(Answer::empty())
}

pub(super) fn reset_password(state: &State, id: &str) -> Handled {
    match user(state, id)?.status {
        UserStatus::Active => Ok(Answer::empty()),
        UserStatus::Inactive => problem(404, format!("the user {id} was deleted")),
        status => problem(
            400,
            format!(
                "the user is {}: an unverified user has no password to reset",
                status.wire()
            ),
        ),
    }
}
