//! The users operations: one method or builder per endpoint.

use std::{
    collections::{HashMap, HashSet, hash_map::Entry},
    fmt,
};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{
    AccountRole, Client, Error, Result,
    bulk::{self, Batch, BulkOutcome, Options, bulk_setters},
    check::convert,
    error::ResourceKind,
    names::{NameOrId, Named, NoScope, sealed::Lookup},
    operation::{Op, Operation},
    query::Value,
    resource::{Deletion, operations, sealed::Listed},
    secret::{REDACTED, Secret},
    transport::Request,
    types::{self, CreateUserResponse, InviteMode, User, UserStatus},
};

/// The one-time password of a user invited with
/// [`InviteMode::TemporaryPassword`].
///
/// It is a secret: its `Debug` and `Display` print `[REDACTED]`, and the
/// crate never logs it. Read it on purpose with
/// [`expose_secret`](TemporaryPassword::expose_secret), then hand it to the
/// user over a safe channel; they must change it at first login.
#[derive(Clone, PartialEq, Eq)]
pub struct TemporaryPassword(String);

impl TemporaryPassword {
    /// The password itself.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for TemporaryPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for TemporaryPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<'de> Deserialize<'de> for TemporaryPassword {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(TemporaryPassword)
    }
}

impl Serialize for TemporaryPassword {
    /// Serializes as `[REDACTED]`: a user or response written out as JSON
    /// (to a log, a file) must not carry the password.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(REDACTED)
    }
}

operations! {
    /// The users operations, from [`Client::users`].
    ///
    /// Wherever a user is named, a [`UserRef`] is taken: an ID or an email.
    ///
    /// ```no_run
    /// use arize::{AccountRole, InviteMode};
    /// # let client = arize::Client::from_env()?;
    /// let users = client.users();
    /// let invited = users
    ///     .create("Alice", "alice@acme.example", AccountRole::Member, InviteMode::EmailLink)
    ///     .send()?;
    /// println!("{} is {:?}", invited.user().email, invited.user().status);
    /// let alice = users.get("alice@acme.example")?;
    /// # Ok::<(), arize::Error>(())
    /// ```
    pub struct Users for User (user: "user", "users") {
        /// The users operations: list, get, invite, update, delete, and the
        /// invitation and password emails.
        fn users;
        list: ListUsers;
        /// Text containing `@` is an email, anything else an ID (as the
        /// official Python SDK reads it). An email is looked up by paging
        /// through *every* page of `email=<it>` (the server's partial match)
        /// and keeping the addresses equal to it ignoring case: none is
        /// [`Error::NameNotFound`], two are [`Error::AmbiguousName`]. Users are
        /// never looked up by display name, which is not unique.
        named UserRef by "email";
        /// Deleting a user is **for good**: their status becomes inactive
        /// (they can never be invited again), they can no longer log in, and
        /// their organization and space memberships, API keys and role
        /// bindings are removed. Deleting an already deleted user succeeds
        /// again. A caller cannot delete itself.
        ///
        /// # Errors
        ///
        /// [`Error::NotFound`] for an unknown ID, [`Error::NameNotFound`] for
        /// an unknown email.
        delete (DeleteUser);
    }
}

impl Users {
    /// Starts adding a user to the account; set the optional fields on the
    /// returned [`CreateUser`], then [`send`](CreateUser::send) it.
    ///
    /// `invite_mode` says how they get in: [`InviteMode::None`] adds them
    /// active at once (for SSO-only accounts, no email is sent),
    /// [`InviteMode::EmailLink`] emails a verification link, and
    /// [`InviteMode::TemporaryPassword`] returns a one-time password (see
    /// [`UserCreation`]).
    pub fn create(
        &self,
        name: impl Into<String>,
        email: impl Into<String>,
        role: AccountRole,
        invite_mode: InviteMode,
    ) -> CreateUser {
        CreateUser {
            client: self.client.clone(),
            name: name.into(),
            email: email.into(),
            role,
            invite_mode,
            is_developer: None,
        }
    }

    /// Starts updating a user; set the fields to change on the returned
    /// [`UpdateUser`], then [`send`](UpdateUser::send) it.
    pub fn update(&self, user: impl Into<UserRef>) -> UpdateUser {
        UpdateUser {
            client: self.client.clone(),
            user: user.into(),
            name: None,
            is_developer: None,
        }
    }

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
    /// a plain create ([`InviteMode::None`]) is resent only when it
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

    /// Sends an invited user a new invitation: a new token and a new email
    /// (each call sends one). Only for users whose status is invited.
    ///
    /// # Errors
    ///
    /// [`Error::BadRequest`] when the user is already verified or the
    /// account enforces SAML/IdP login.
    pub fn resend_invitation(&self, user: impl Into<UserRef>) -> Result<()> {
        let id = self.resolve(user)?;
        let request = Request::new(Op::ResendUserInvitation, &[&id]);
        self.client.transport().send(request).map(drop)
    }

    /// Emails a user a password-reset link, valid 30 minutes (each call
    /// sends one).
    ///
    /// # Errors
    ///
    /// [`Error::BadRequest`] for SSO/SAML users and users who have not
    /// verified their email yet.
    pub fn reset_password(&self, user: impl Into<UserRef>) -> Result<()> {
        let id = self.resolve(user)?;
        let request = Request::new(Op::ResetUserPassword, &[&id]);
        self.client.transport().send(request).map(drop)
    }
}

/// What tells inputs naming the same user for certain apart from others:
/// the same ID, or emails equal ignoring ASCII case (as
/// [`Named::has_name`] compares them).
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

/// What [`Users::delete_many`] did for one of the users it was given (each
/// variant carries the input as given).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum BulkDeletion {
    /// The user was deleted.
    Deleted {
        /// The input.
        user: UserRef,
        /// The user's ID.
        id: String,
    },
    /// An attempt's answer was lost and the retry found the user gone,
    /// most likely deleted by that attempt (see [`Deletion::AlreadyGone`]).
    AlreadyGone {
        /// The input.
        user: UserRef,
        /// The user's ID.
        id: String,
    },
    /// No such user: an unknown ID (404) or an email nobody has.
    NotFound {
        /// The input.
        user: UserRef,
    },
    /// The delete, or the email lookup, failed.
    Failed {
        /// The input.
        user: UserRef,
        /// Why.
        error: Error,
    },
}

/// What creating a user established, from [`CreateUser::send`].
///
/// The API is idempotent on the email for invitations: asking again while an
/// invitation is pending returns the existing user and sends nothing.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum UserCreation {
    /// A new user (201): added active at once with [`InviteMode::None`], or
    /// invited (an expired invitation is renewed).
    Created {
        /// The user.
        user: User,
        /// How they were let in, as the server reports it.
        invite_mode: Option<InviteMode>,
        /// The one-time password, with [`InviteMode::TemporaryPassword`]
        /// only. Read it with [`TemporaryPassword::expose_secret`].
        temporary_password: Option<TemporaryPassword>,
    },
    /// An invitation was already pending for this email (200): the existing
    /// user, as it is. Nothing was changed and no email was re-sent (use
    /// [`Users::resend_invitation`] for that).
    AlreadyInvited(User),
}

impl UserCreation {
    /// The user, new or existing.
    pub fn user(&self) -> &User {
        match self {
            UserCreation::Created { user, .. } | UserCreation::AlreadyInvited(user) => user,
        }
    }
}

impl From<CreateUserResponse> for UserCreation {
    fn from(created: CreateUserResponse) -> UserCreation {
        UserCreation::Created {
            user: User {
                id: created.id,
                name: created.name,
                email: created.email,
                created_at: created.created_at,
                status: created.status,
                role: created.role,
                is_developer: created.is_developer,
            },
            invite_mode: created.invite_mode,
            temporary_password: created.temporary_password,
        }
    }
}

/// A user to add, from [`Users::create`].
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct CreateUser {
    client: Client,
    name: String,
    email: String,
    role: AccountRole,
    invite_mode: InviteMode,
    is_developer: Option<bool>,
}

impl CreateUser {
    /// Whether the user may use the API (create API keys). The server's
    /// default is true for admins and members, false for annotators; only
    /// the TypeScript SDK sends this.
    pub fn developer(self, is_developer: bool) -> Self {
        self.set_developer(Some(is_developer))
    }

    /// Whether the user may use the API, or the server's default for
    /// `None`.
    pub fn set_developer(mut self, is_developer: Option<bool>) -> Self {
        self.is_developer = is_developer;
        self
    }

    /// Adds the user (`POST /v2/users`).
    ///
    /// With an invitation ([`InviteMode::EmailLink`] or
    /// [`InviteMode::TemporaryPassword`]) the call is idempotent on the
    /// email, so it is retried like a read: after a lost answer, the retry
    /// finds the pending invitation and returns
    /// [`UserCreation::AlreadyInvited`] (for a temporary password, the
    /// password of the lost answer is then out of reach). With
    /// [`InviteMode::None`] it is a plain create, retried only when the
    /// connection could not be made.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`] before anything is sent for an empty or
    /// over-long name, an address that is not an email, or a role this
    /// crate does not know; [`Error::Conflict`] for an email that belongs to
    /// an active or a deleted user (deleted users can never be invited
    /// again).
    pub fn send(self) -> Result<UserCreation> {
        check_email("email", &self.email)?;
        self.role.check()?;
        let body = types::CreateUserRequest {
            name: convert("name", self.name)?,
            email: convert("email", self.email)?,
            role: self.role,
            invite_mode: self.invite_mode.clone(),
            is_developer: self.is_developer,
        };
        let mut request = Request::new(Op::CreateUser, &[]).json(&body);
        if self.invite_mode != InviteMode::None {
            request = request.idempotent();
        }
        let transport = self.client.transport();
        let reply = transport.send(request)?;
        if reply.status == 201 {
            // The body holds the one-time password: a decode error must not
            // quote it.
            let created = transport
                .decode::<CreateUserResponse>(&reply)
                .map_err(|error| error.withholding_body(password_in(&reply.body)))?;
            Ok(created.into())
        } else {
            Ok(UserCreation::AlreadyInvited(transport.decode(&reply)?))
        }
    }
}

/// The temporary password of a `create_user` answer, if its JSON is whole
/// enough to find it.
fn password_in(body: &[u8]) -> Option<Secret> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let password = value.get("temporary_password")?;
    Some(Secret::new(match password.as_str() {
        Some(text) => text.to_owned(),
        None => password.to_string(),
    }))
}

/// Refuses what cannot be an email address: one `@` between a non-empty
/// local part and a domain, no space or control character.
fn check_email(field: &'static str, email: &str) -> Result<()> {
    let valid = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    };
    if !valid {
        return Err(Error::invalid(
            field,
            format!("{email:?} is not an email address"),
        ));
    }
    Ok(())
}

/// Changes to a user, from [`Users::update`]. At least one must be set.
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct UpdateUser {
    client: Client,
    user: UserRef,
    name: Option<String>,
    is_developer: Option<bool>,
}

impl UpdateUser {
    /// A new display name, 1 to 255 characters (the server trims
    /// surrounding whitespace).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Whether the user may use the API. Changing it needs account admin.
    pub fn developer(mut self, is_developer: bool) -> Self {
        self.is_developer = Some(is_developer);
        self
    }

    /// Sends the changes (`PATCH /v2/users/{id}`) and returns the updated
    /// user.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`], before anything is sent, when no field is
    /// set or the name is blank or too long; [`Error::Forbidden`] when
    /// changing `is_developer` without account admin.
    pub fn send(self) -> Result<User> {
        if self.name.is_none() && self.is_developer.is_none() {
            return Err(Error::invalid(
                "update",
                "nothing to change: set at least one field",
            ));
        }
        if let Some(name) = &self.name
            && name.trim().is_empty()
        {
            return Err(Error::invalid("name", "must not be blank"));
        }
        let body = types::UpdateUserRequest {
            name: self.name.map(|name| convert("name", name)).transpose()?,
            is_developer: self.is_developer,
        };
        let id = self.user.resolve(&self.client)?;
        let request = Request::new(Op::UpdateUser, &[&id]).json(&body);
        self.client.transport().send_json(request)
    }
}

impl ListUsers {
    /// Only users whose email contains this text, ignoring case (the
    /// server's filter; at most 255 characters). For one user by email, use
    /// [`Users::get`].
    pub fn email(self, email: impl Into<String>) -> Self {
        self.set_email(Some(email.into()))
    }

    /// The email filter, or none for `None` (the default).
    pub fn set_email(self, email: Option<String>) -> Self {
        self.param("email", email.map(Value::Text))
    }

    /// Also lists users with this status; call it once per status wanted.
    /// Without any, the server lists active, invited and expired users.
    pub fn status(self, status: UserStatus) -> Self {
        self.add_param("status", status.as_str().to_owned())
    }

    /// Lists users with exactly these statuses (none: the server's
    /// default).
    pub fn set_statuses(self, statuses: impl IntoIterator<Item = UserStatus>) -> Self {
        let statuses = statuses
            .into_iter()
            .map(|s| s.as_str().to_owned())
            .collect();
        self.param("status", Some(Value::Repeated(statuses)))
    }
}

impl Listed for User {
    const KIND: ResourceKind = ResourceKind::User;
    const LIST: &'static Operation = Op::ListUsers.get();
}

impl Named for User {
    type Scope = NoScope;
}

impl Lookup for User {
    const GET: &'static Operation = Op::GetUser.get();

    fn id(&self) -> &str {
        &self.id
    }

    /// Emails are the names of users: text with `@` is one.
    fn is_id(text: &str) -> bool {
        !text.contains('@')
    }

    fn has_name(&self, email: &str) -> bool {
        // The server's filter is a case-insensitive partial match.
        self.email.eq_ignore_ascii_case(email)
    }

    fn search(list: ListUsers, email: &str, _: Option<String>) -> Result<ListUsers> {
        // Checked here so that the error names the user.
        convert::<types::ListUsersEmail, _>("user", email)?;
        Ok(list.email(email))
    }
}
