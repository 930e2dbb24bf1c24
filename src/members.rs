//! Membership of a space or an organization: the same upsert and the same
//! removal for both, under `/v2/{spaces|organizations}/{id}/users`.

use serde::{Serialize, de::DeserializeOwned};

use crate::{
    Client, Result, Role,
    bulk::{self, Batch, BulkOutcome, Options},
    names::{NameOrId, Named},
    notices::Call,
    operation::Op,
    resource::Deletion,
    transport::{Request, sent_by_this_thread},
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

pub(crate) mod sealed {
    use super::*;

    /// A membership [`BulkAddUsers`](super::BulkAddUsers) makes: of a space
    /// or of an organization. Private to the crate.
    pub trait Member: DeserializeOwned + Clone + Send + std::fmt::Debug + 'static {
        /// What the user becomes a member of.
        type Parent: Named;
        /// The add (upsert) operation.
        const ADD: Op;
        /// The bulk call, as the beta notice names it.
        const CALL: &'static str;
    }
}

/// Many users to give one role in one space or organization, from
/// [`Spaces::bulk_add_users`](crate::Spaces::bulk_add_users) or
/// [`Organizations::bulk_add_users`](crate::Organizations::bulk_add_users).
#[must_use = "a request does nothing until it is sent"]
#[derive(Debug)]
pub struct BulkAddUsers<'a, T: sealed::Member> {
    client: Client,
    parent: NameOrId<T::Parent>,
    users: Vec<UserRef>,
    role: Role,
    options: Options<'a, BulkOutcome<UserRef, T>>,
}

impl<'a, T: sealed::Member> BulkAddUsers<'a, T> {
    pub(crate) fn new(
        client: &Client,
        parent: NameOrId<T::Parent>,
        users: Vec<UserRef>,
        role: Role,
    ) -> Self {
        BulkAddUsers {
            client: client.clone(),
            parent,
            users,
            role,
            options: Options::default(),
        }
    }

    /// How many requests to have in flight at once: `1` works one user at
    /// a time, sending exactly what a loop of `add_user` calls with the
    /// names resolved once would. Defaults to the client's
    /// [`bulk_concurrency`](crate::ClientBuilder::bulk_concurrency) (8
    /// unless set); `0` is taken as 1 and anything over
    /// [`MAX_CONCURRENCY`](crate::MAX_CONCURRENCY) as that.
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.options.set_concurrency(concurrency);
        self
    }

    /// Calls `progress(done, total, outcome)` as each user's outcome is
    /// known, in the order they complete, on the thread that called `send`.
    pub fn on_progress(
        mut self,
        progress: impl FnMut(usize, usize, &BulkOutcome<UserRef, T>) + 'a,
    ) -> Self {
        self.options.set_progress(progress);
        self
    }

    /// Gives every user the role (an upsert: a member's role is changed),
    /// up to the concurrency at once. The role and the space or
    /// organization are resolved once, first; the users' emails together
    /// (see the crate docs, "Bulk work"). Returns one outcome per input, in
    /// input order, and the requests taken; a user named twice is added
    /// once, and both inputs get its outcome.
    ///
    /// # Errors
    ///
    /// When the role or the space or organization cannot be resolved (an
    /// unknown or ambiguous name, a role this crate does not know), the
    /// error, and nothing else is sent. A user's failure (an unknown email,
    /// a user outside the space's organization) is only that user's
    /// outcome.
    pub fn send(self) -> Result<Batch<BulkOutcome<UserRef, T>>> {
        let _call = Call::enter(T::CALL);
        let client = &self.client;
        let before = sent_by_this_thread();
        self.role.check()?;
        let role = self.role.resolved(client)?;
        let parent_id = self.parent.resolve(client)?;
        let shared = sent_by_this_thread() - before;
        Ok(bulk::per_user(
            client,
            self.users,
            self.options,
            shared,
            |user_id| {
                let body = Member {
                    user_id,
                    role: &role,
                };
                let request = Request::new(T::ADD, &[&parent_id]).json(&body);
                client.transport().send_json(request)
            },
            |user, result| BulkOutcome::new(user, result.map(|(_, membership)| membership)),
        ))
    }
}
