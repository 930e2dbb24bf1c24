//! The users' bulk calls: deleting and adding many users at once, over
//! the bulk engine (`crate::bulk`).

use std::collections::{HashMap, HashSet, hash_map::Entry};

use super::{BulkDeletion, CreateUser, UserCreation, UserRef, Users};
use crate::{
    Client, Error,
    bulk::{self, Batch, BulkOutcome, Options, bulk_setters},
    names::NameOrId,
    notices::Call,
    resource::Deletion,
};

impl Users {
    /// Deletes several users, as the official SDKs' bulk delete does, but
    /// without its pitfalls; the shorthand of
    /// [`bulk_delete`](Self::bulk_delete)`(users).send()` with the client's
    /// settings (8 requests at once unless
    /// [`ClientBuilder::bulk_concurrency`](crate::ClientBuilder::bulk_concurrency)
    /// says otherwise). The inputs (IDs or emails) are de-duplicated, each
    /// user is deleted once through the normal retry path, and a failure
    /// never stops the rest. Returns one outcome per distinct input, in
    /// order.
    ///
    /// ```no_run
    /// use arize::BulkDeletion;
    /// # let client = arize::Client::from_env()?;
    /// let outcomes = client.users().delete_many(["a@acme.example", "VXNlcjo0Mg=="]);
    /// for outcome in &outcomes {
    ///     match outcome {
    ///         BulkDeletion::Failed { user, error } => eprintln!("{user:?}: {error}"),
    ///         other => println!("{other:?}"),
    ///     }
    /// }
    /// # Ok::<(), arize::Error>(())
    /// ```
    pub fn delete_many<I>(&self, users: I) -> Vec<BulkDeletion>
    where
        I: IntoIterator,
        I::Item: Into<UserRef>,
    {
        let _call = Call::enter("users().delete_many");
        self.bulk_delete(users).send().into_outcomes()
    }

    /// Starts deleting many users (IDs or emails), several requests at
    /// once; set the concurrency or a progress callback on the returned
    /// [`BulkDelete`], then [`send`](BulkDelete::send) it.
    ///
    /// Offboarding 300 people by email at 100 ms a round trip takes about a
    /// minute one at a time; at the default 8 at once, with the emails
    /// resolved together, a few seconds.
    ///
    /// ```no_run
    /// # let client = arize::Client::from_env()?;
    /// let leavers = std::fs::read_to_string("leavers.txt").unwrap();
    /// let batch = client
    ///     .users()
    ///     .bulk_delete(leavers.lines())
    ///     .concurrency(16)
    ///     .on_progress(|done, total, _| eprint!("\r{done}/{total}"))
    ///     .send();
    /// eprintln!("\n{} requests", batch.requests());
    /// # Ok::<(), arize::Error>(())
    /// ```
    pub fn bulk_delete<'a, I>(&self, users: I) -> BulkDelete<'a>
    where
        I: IntoIterator,
        I::Item: Into<UserRef>,
    {
        BulkDelete {
            client: self.client.clone(),
            users: users.into_iter().map(Into::into).collect(),
            options: Options::default(),
        }
    }

    /// Starts adding many users at once, each a [`create`](Self::create)
    /// builder (invitations, or users added active); set the concurrency or
    /// a progress callback on the returned [`BulkCreate`], then
    /// [`send`](BulkCreate::send) it. Each create is sent as it would be
    /// alone, retried as safely: an invitation is idempotent on the email,
    /// a plain create ([`InviteMode::None`](crate::InviteMode::None)) is resent only when it
    /// provably never arrived.
    ///
    /// ```no_run
    /// use arize::{AccountRole, InviteMode};
    /// # let client = arize::Client::from_env()?;
    /// let users = client.users();
    /// let team = [("Ann", "ann@acme.example"), ("Bo", "bo@acme.example")];
    /// let invites = team.map(|(name, email)| {
    ///     users.create(name, email, AccountRole::Member, InviteMode::EmailLink)
    /// });
    /// for outcome in users.bulk_create(invites).send() {
    ///     match outcome.result {
    ///         Ok(created) => println!("{} invited", created.user().email),
    ///         Err(error) => eprintln!("{}: {error}", outcome.input),
    ///     }
    /// }
    /// # Ok::<(), arize::Error>(())
    /// ```
    pub fn bulk_create<'a>(&self, users: impl IntoIterator<Item = CreateUser>) -> BulkCreate<'a> {
        BulkCreate {
            client: self.client.clone(),
            users: users.into_iter().collect(),
            options: Options::default(),
        }
    }
}

/// What tells inputs naming the same user for certain apart from others:
/// the same ID, or emails equal ignoring ASCII case (as
/// [`has_name`](crate::names::sealed::Lookup::has_name) compares them).
fn input_key(user: &UserRef) -> (bool, String) {
    match user {
        NameOrId::Name(email) => (true, email.to_ascii_lowercase()),
        NameOrId::Id(id) => (false, id.clone()),
        NameOrId::Scoped { scope, .. } => match *scope {},
    }
}

/// Many users to delete, from [`Users::bulk_delete`].
#[must_use = "a request does nothing until it is sent"]
#[derive(Debug)]
pub struct BulkDelete<'a> {
    client: Client,
    users: Vec<UserRef>,
    options: Options<'a, BulkDeletion>,
}

bulk_setters!(BulkDelete, BulkDeletion);

impl BulkDelete<'_> {
    /// Deletes the users: each distinct input (IDs, and emails compared
    /// ignoring case) once, their emails resolved together (see the crate
    /// docs, "Bulk work"), each user deleted once even when named twice
    /// (by email and by ID), up to the concurrency at once. Returns one
    /// outcome per distinct input, in input order, and the requests taken.
    /// A failure (of a lookup or of a delete) is that input's outcome and
    /// never stops the others.
    pub fn send(self) -> Batch<BulkDeletion> {
        let _call = Call::enter("users().bulk_delete");
        // Distinct inputs, as given: emails compare ignoring case.
        let mut seen = HashSet::new();
        let mut inputs: Vec<UserRef> = Vec::new();
        for user in self.users {
            if seen.insert(input_key(&user)) {
                inputs.push(user);
            }
        }
        let client = &self.client;
        bulk::per_user(
            client,
            inputs,
            self.options,
            0,
            |id| client.users().delete(NameOrId::Id(id.to_owned())),
            |user, deletion| match deletion {
                Ok((id, Deletion::AlreadyGone)) => BulkDeletion::AlreadyGone { user, id },
                Ok((id, _)) => BulkDeletion::Deleted { user, id },
                Err(error) if error.is_not_found() => BulkDeletion::NotFound { user },
                Err(error) => BulkDeletion::Failed { user, error },
            },
        )
    }
}

/// Many users to add, from [`Users::bulk_create`].
#[must_use = "a request does nothing until it is sent"]
#[derive(Debug)]
pub struct BulkCreate<'a> {
    client: Client,
    users: Vec<CreateUser>,
    options: Options<'a, BulkOutcome<String, UserCreation>>,
}

bulk_setters!(BulkCreate, BulkOutcome<String, UserCreation>);

impl BulkCreate<'_> {
    /// Sends every create, up to the concurrency at once. Returns one
    /// outcome per create, in order, its input the email: an email given
    /// twice (ignoring case) is created once, and both inputs get its
    /// outcome.
    pub fn send(self) -> Batch<BulkOutcome<String, UserCreation>> {
        let _call = Call::enter("users().bulk_create");
        let total = self.users.len();
        let concurrency = self.options.concurrency(&self.client);
        let mut progress = self.options.progress;
        // Each email once (ignoring ASCII case, as the server's lookups
        // compare them), with the inputs that gave it.
        let mut distinct: Vec<&CreateUser> = Vec::new();
        let mut waiting: Vec<Vec<usize>> = Vec::new();
        let mut position: HashMap<String, usize> = HashMap::new();
        for (index, user) in self.users.iter().enumerate() {
            match position.entry(user.email.to_ascii_lowercase()) {
                Entry::Occupied(at) => waiting[*at.get()].push(index),
                Entry::Vacant(slot) => {
                    slot.insert(distinct.len());
                    distinct.push(user);
                    waiting.push(vec![index]);
                }
            }
        }
        let mut outcomes: Vec<Option<BulkOutcome<String, UserCreation>>> =
            self.users.iter().map(|_| None).collect();
        let mut done = 0;
        let requests = bulk::each(
            &distinct,
            concurrency,
            |user| (*user).clone().send(),
            |at, result| {
                let result = result.unwrap_or_else(|panic| Err(Error::Internal(panic)));
                for &index in &waiting[at] {
                    let outcome = BulkOutcome::new(self.users[index].email.clone(), result.clone());
                    done += 1;
                    if let Some(progress) = &mut progress {
                        progress(done, total, &outcome);
                    }
                    outcomes[index] = Some(outcome);
                }
            },
        );
        Batch::new(
            outcomes
                .into_iter()
                .map(|outcome| outcome.expect("one outcome per create"))
                .collect(),
            requests,
        )
    }
}
