//! The users operations: one method or builder per endpoint.

use std::fmt;

use crate::{
    AccountRole, Client, Error, Result,
    check::convert,
    error::ResourceKind,
    names::{Named, NoScope, sealed::Lookup},
    notices::Call,
    operation::{Op, Operation},
    query::Value,
    resource::{operations, sealed::Listed},
    secret::returned_secret,
    transport::Request,
    types::{self, CreateUserResponse, InviteMode, User, UserStatus},
};

mod bulk;

pub use self::bulk::{BulkCreate, BulkDelete};

returned_secret! {
    /// The one-time password of a user invited with
    /// [`InviteMode::TemporaryPassword`].
    ///
    /// It is a secret: its `Debug` and `Display` print `[REDACTED]`, and the
    /// crate never logs it. Read it on purpose with
    /// [`expose_secret`](TemporaryPassword::expose_secret), then hand it to the
    /// user over a safe channel; they must change it at first login.
    TemporaryPassword, "password"
}

operations! {
    /// The users operations, from [`Client::users`].
    ///
    /// Wherever a user is named, a [`UserRef`] is taken: an ID or an email.
    ///
    /// The listing is account-wide: no endpoint lists the members of a
    /// space or an organization, and a [`User`]'s `role` is their account
    /// role, not a role in any space or organization.
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

    /// Sends an invited user a new invitation: a new token and a new email
    /// (each call sends one). Only for users whose status is invited.
    ///
    /// # Errors
    ///
    /// [`Error::BadRequest`] when the user is already verified or the
    /// account enforces SAML/IdP login.
    pub fn resend_invitation(&self, user: impl Into<UserRef>) -> Result<()> {
        let _call = Call::enter("users().resend_invitation");
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
        let _call = Call::enter("users().reset_password");
        let id = self.resolve(user)?;
        let request = Request::new(Op::ResetUserPassword, &[&id]);
        self.client.transport().send(request).map(drop)
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
    /// most likely deleted by that attempt (see [`Deletion::AlreadyGone`](crate::Deletion::AlreadyGone)).
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

/// One line a script can print: the input, then what happened.
///
/// ```text
/// alice@acme.example: deleted (VXNlcjo0Mg==)
/// bob@acme.example: already gone (VXNlcjo0Mw==)
/// carol@acme.example: not found
/// VXNlcjo0NA==: failed: 403 Forbidden: … [DELETE …]
/// ```
impl fmt::Display for BulkDeletion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BulkDeletion::Deleted { user, id } => write!(f, "{user}: deleted ({id})"),
            BulkDeletion::AlreadyGone { user, id } => write!(f, "{user}: already gone ({id})"),
            BulkDeletion::NotFound { user } => write!(f, "{user}: not found"),
            BulkDeletion::Failed { user, error } => write!(f, "{user}: failed: {error}"),
        }
    }
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
///
/// ```
/// # #[cfg(feature = "testing")] {
/// # let fake = arize::testing::FakeServer::start();
/// # let client = fake.client();
/// use arize::{AccountRole, InviteMode, UserCreation};
///
/// let mode = InviteMode::TemporaryPassword;
/// let invite = client.users().create("Ann", "ann@acme.example", AccountRole::Member, mode);
/// match invite.developer(false).send()? {
///     UserCreation::Created { temporary_password: Some(password), .. } => {
///         // Hand it over a safe channel: it is shown only here.
///         let _ = password.expose_secret();
///     }
///     other => println!("{}: nothing new to hand over", other.user().email),
/// }
/// # }
/// # Ok::<(), arize::Error>(())
/// ```
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
        let _call = Call::enter("users().create");
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
        // The answer can hold the one-time password: the spec marks the
        // operation (`x-arize-secret`), so no decode error quotes it.
        if reply.status == 201 {
            let created: CreateUserResponse = transport.decode(&reply)?;
            Ok(created.into())
        } else {
            Ok(UserCreation::AlreadyInvited(transport.decode(&reply)?))
        }
    }
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
///
/// ```
/// # #[cfg(feature = "testing")] {
/// # use arize::testing::AccountRole;
/// # let fake = arize::testing::FakeServer::builder()
/// #     .organization("acme")
/// #     .user("ann", AccountRole::Member, ["acme"])
/// #     .start();
/// # let client = fake.client();
/// # let email = client.users().get(fake.user_id("ann"))?.email;
/// // The user by email.
/// let ann = client.users().update(email.as_str()).name("Ann Lee").developer(true).send()?;
/// assert_eq!(ann.name, "Ann Lee");
/// # }
/// # Ok::<(), arize::Error>(())
/// ```
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
        let _call = Call::enter("users().update");
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bulk_deletion_reads_as_one_line_naming_the_input() {
        let user = |text: &str| UserRef::from(text);
        let lines = [
            BulkDeletion::Deleted {
                user: user("a@x.io"),
                id: "VXNlcjox".into(),
            },
            BulkDeletion::AlreadyGone {
                user: user("VXNlcjoy"),
                id: "VXNlcjoy".into(),
            },
            BulkDeletion::NotFound {
                user: user("c@x.io"),
            },
            BulkDeletion::Failed {
                user: user("d@x.io"),
                error: Error::invalid("user", "must not be empty"),
            },
        ]
        .map(|outcome| outcome.to_string());
        assert_eq!(
            lines,
            [
                "a@x.io: deleted (VXNlcjox)",
                "VXNlcjoy: already gone (VXNlcjoy)",
                "c@x.io: not found",
                "d@x.io: failed: invalid user: must not be empty (nothing was sent)",
            ]
        );
    }
}
