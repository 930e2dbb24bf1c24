//! Membership of a space or an organization: the same upsert and the same
//! removal for both, under `/v2/{spaces|organizations}/{id}/users`.

use serde::{Serialize, de::DeserializeOwned};

use crate::{
    Client, Result, Role,
    names::{NameOrId, Named},
    operation::Op,
    resource::Deletion,
    transport::Request,
    users::UserRef,
};

/// The body of `add_space_user` and `add_organization_user`.
#[derive(Serialize)]
struct Member<'a> {
    user_id: &'a str,
    role: &'a Role,
}

/// Gives `user` the `role` in `parent` (an upsert), then returns the
/// membership. The role is checked first, then the user, a custom role
/// named by name, and the parent are resolved, in that order; nothing is
/// sent if any of them fails.
pub(crate) fn add<R: Named, T: DeserializeOwned>(
    client: &Client,
    operation: Op,
    parent: NameOrId<R>,
    user: UserRef,
    role: Role,
) -> Result<T> {
    role.check()?;
    let user_id = user.resolve(client)?;
    let role = role.resolved(client)?;
    let parent_id = parent.resolve(client)?;
    let body = Member {
        user_id: &user_id,
        role: &role,
    };
    // An upsert (`x-arize-retry` in the spec): sending it twice leaves the
    // same membership.
    let request = Request::new(operation, &[&parent_id]).json(&body);
    client.transport().send_json(request)
}

/// Removes `user` from `parent`.
pub(crate) fn remove<R: Named>(
    client: &Client,
    operation: Op,
    parent: NameOrId<R>,
    user: UserRef,
) -> Result<Deletion> {
    let user_id = user.resolve(client)?;
    let parent_id = parent.resolve(client)?;
    Deletion::send(client, Request::new(operation, &[&parent_id, &user_id]))
}
