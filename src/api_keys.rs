//! The API keys operations: user keys and space-scoped service keys,
//! listed (metadata only), created, revoked, refreshed and rotated; and the
//! new key itself, a secret.

use std::{fmt, time::Duration};

use chrono::{DateTime, Utc};

use crate::{
    Client, Error, Result,
    error::ResourceKind,
    names::NameOrId,
    notices::Call,
    operation::{Op, Operation},
    query::Value,
    resource::{by_id, operations, sealed::Listed},
    secret::returned_secret,
    spaces::SpaceRef,
    transport::Request,
    types::{self, ApiKey, ApiKeyStatus, CreatedApiKey, RefreshedApiKey},
    users::UserRef,
};

mod create;

pub use create::{CreateApiKey, CreateServiceKey, OrganizationAccess};

/// The longest grace period a refresh takes: 24 hours.
const MAX_GRACE: u64 = 86_400;

returned_secret! {
    /// A full API key, as creating or refreshing a key returns it, once: it
    /// cannot be fetched again.
    ///
    /// It is a secret: its `Debug` and `Display` print `[REDACTED]`, it
    /// serializes as `[REDACTED]`, and the crate never logs it or quotes it in
    /// an error (even when the answer that carries it fails to decode). Read it
    /// on purpose with [`expose_secret`](ApiKeySecret::expose_secret), to store
    /// it in a secret store, or hand it to [`Client::with_api_key`].
    ///
    /// ```
    /// # #[cfg(feature = "testing")] {
    /// # let fake = arize::testing::FakeServer::start();
    /// # let client = fake.client();
    /// let created = client.api_keys().create("ci").send()?;
    /// assert_eq!(format!("{:?}", created.key), "[REDACTED]");
    /// assert!(created.key.expose_secret().starts_with("ak-"));
    /// # }
    /// # Ok::<(), arize::Error>(())
    /// ```
    ApiKeySecret, "key"
}

/// A key as text, say from a secret store, for [`Client::with_api_key`].
impl From<String> for ApiKeySecret {
    fn from(key: String) -> ApiKeySecret {
        ApiKeySecret(key)
    }
}

impl From<&str> for ApiKeySecret {
    fn from(key: &str) -> ApiKeySecret {
        ApiKeySecret(key.to_owned())
    }
}

impl From<&ApiKeySecret> for ApiKeySecret {
    fn from(key: &ApiKeySecret) -> ApiKeySecret {
        key.clone()
    }
}

operations! {
    /// The API keys operations, from [`Client::api_keys`].
    ///
    /// A *user key* authenticates as the user who made it, with their
    /// current permissions, and stops working if they leave the account. A
    /// *service key* authenticates as a bot user made for it, with the roles
    /// it was given in organizations and spaces, and keeps working when its
    /// creator leaves. A key's secret is returned once, when it is created or
    /// refreshed, as an [`ApiKeySecret`]; listings carry only a
    /// `redacted_key`.
    ///
    /// Rotating a key a service runs with is one call: [`rotate`](Self::rotate)
    /// refreshes it with a grace period (the old secret keeps working
    /// meanwhile) and gives a client that sends the new one.
    ///
    /// ```
    /// # #[cfg(feature = "testing")] {
    /// # let fake = arize::testing::FakeServer::builder()
    /// #     .organization("acme").space("acme", "agents").start();
    /// # let client = fake.client();
    /// use std::time::Duration;
    /// use arize::OrganizationAccess;
    ///
    /// let keys = client.api_keys();
    /// let key = keys
    ///     .create_service_key("deployer")
    ///     .organization(OrganizationAccess::new("acme").space("agents"))
    ///     .send()?;
    /// store_in_a_vault(key.key.expose_secret());
    ///
    /// // Later: a new secret, the old one valid for an hour more.
    /// let rotated = keys.rotate(&key, Duration::from_secs(3600))?;
    /// store_in_a_vault(rotated.key.key.expose_secret());
    /// let as_the_key = rotated.client()?;
    /// # }
    /// # fn store_in_a_vault(_: &str) {}
    /// # Ok::<(), arize::Error>(())
    /// ```
    pub struct ApiKeys for ApiKey (key: "API key", "API keys") {
        /// The API keys operations: list, create (user and service keys),
        /// revoke, refresh and rotate.
        fn api_keys;
        list: ListApiKeys;
    }
}

impl ApiKeys {
    /// Starts creating a user key named `name` (at most 256 characters,
    /// not necessarily unique), authenticating as the caller; set the
    /// optional fields on the returned [`CreateApiKey`], then
    /// [`send`](CreateApiKey::send) it.
    pub fn create(&self, name: impl Into<String>) -> CreateApiKey {
        CreateApiKey::new(self.client.clone(), name.into())
    }

    /// Starts creating a service key named `name`, bound to organizations
    /// and spaces named by name or ID (see [`OrganizationAccess`]); set them
    /// on the returned [`CreateServiceKey`], then
    /// [`send`](CreateServiceKey::send) it.
    pub fn create_service_key(&self, name: impl Into<String>) -> CreateServiceKey {
        CreateServiceKey::new(self.client.clone(), name.into())
    }

    /// Revokes a key (by ID, or as listed or created): it stops
    /// authenticating at once and for good. Revoking a revoked key
    /// succeeds again, so the call is retried like a read.
    ///
    /// ```
    /// # #[cfg(feature = "testing")] {
    /// # let fake = arize::testing::FakeServer::start();
    /// # let client = fake.client();
    /// let keys = client.api_keys();
    /// let key = keys.create("temporary").send()?;
    /// keys.revoke(&key)?;
    /// keys.revoke(key.id.as_str())?; // already revoked: fine
    /// # }
    /// # Ok::<(), arize::Error>(())
    /// ```
    ///
    /// What revoking a service key does to its bot user is not documented
    /// by Arize.
    ///
    /// # Errors
    ///
    /// [`Error::NotFound`] for an unknown key or one the API key may not
    /// read; [`Error::Forbidden`] without the right to revoke it.
    pub fn revoke(&self, key: impl Into<ApiKeyRef>) -> Result<()> {
        let _call = Call::enter("api_keys().revoke");
        let request = by_id::<ApiKey>(Op::RevokeApiKey, &key.into().id)?;
        self.client.transport().send(request).map(drop)
    }

    /// Starts refreshing a key: a new secret replaces the old one, whose
    /// life can be extended by a grace period; set it on the returned
    /// [`RefreshApiKey`], then [`send`](RefreshApiKey::send) it.
    pub fn refresh(&self, key: impl Into<ApiKeyRef>) -> RefreshApiKey {
        RefreshApiKey {
            client: self.client.clone(),
            key: key.into(),
            grace_period: None,
            expires_at: None,
        }
    }

    /// Rotates a key in one call: refreshes it with this grace period,
    /// keeping its expiry (see [`RefreshApiKey::send`]), and returns the new
    /// secret with a way to a client that sends it ([`Rotation::client`]).
    /// The old secret keeps working for the grace period (at most 24 hours,
    /// and never past its own expiry), so that whatever still runs with it
    /// can switch over.
    ///
    /// ```
    /// # #[cfg(feature = "testing")] {
    /// # let fake = arize::testing::FakeServer::start();
    /// # let client = fake.client();
    /// use std::time::Duration;
    ///
    /// let key = client.api_keys().create("ci").send()?;
    /// let rotated = client.api_keys().rotate(&key, Duration::from_secs(600))?;
    /// let client = rotated.client()?;
    /// client.spaces().list().send()?; // with the new secret
    /// # }
    /// # Ok::<(), arize::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// Those of [`RefreshApiKey::send`].
    pub fn rotate(&self, key: impl Into<ApiKeyRef>, grace_period: Duration) -> Result<Rotation> {
        let _call = Call::enter("api_keys().rotate");
        let key = self.refresh(key).grace_period(grace_period).send()?;
        Ok(Rotation {
            key,
            base: self.client.clone(),
        })
    }
}

/// A rotated key, from [`ApiKeys::rotate`]: the key with its new secret,
/// and a client for it.
///
/// ```
/// # #[cfg(feature = "testing")] {
/// # let fake = arize::testing::FakeServer::builder()
/// #     .organization("acme")
/// #     .space("acme", "agents")
/// #     .service_key("deployer", "agents")
/// #     .start();
/// # let client = fake.client();
/// use std::time::Duration;
///
/// let keys = client.api_keys();
/// let deployer = keys.list().space("agents").send()?.into_items().remove(0);
/// let rotated = keys.rotate(&deployer, Duration::from_secs(3600))?;
/// store_in_a_vault(rotated.key.key.expose_secret()); // shown this once
/// let as_deployer = rotated.client()?;
/// # }
/// # fn store_in_a_vault(_: &str) {}
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Rotation {
    /// The key, with its new secret in `key` (shown this once).
    pub key: RefreshedApiKey,
    base: Client,
}

impl Rotation {
    /// A client for the same endpoint, with the same settings and
    /// connection pool as the one that rotated, sending the new secret
    /// (see [`Client::with_api_key`]). Fallible apart from the rotation, so
    /// that the new secret, in [`key`](Self::key), is never lost.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for a secret that cannot go in an HTTP header.
    pub fn client(&self) -> Result<Client> {
        self.base.with_api_key(&self.key.key)
    }
}

/// An API key to revoke or refresh: its ID, or a key as a listing, a create
/// or a refresh returned it, which also tells its expiry (a refresh keeps
/// it; see [`RefreshApiKey::send`]).
///
/// ```
/// use arize::ApiKeyRef;
///
/// let by_id = ApiKeyRef::from("QXBpS2V5OjEwMDE6YUJjRA==");
/// assert_eq!(by_id.id(), "QXBpS2V5OjEwMDE6YUJjRA==");
/// let never_expires = ApiKeyRef::new("QXBpS2V5OjEwMDE6YUJjRA==", None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyRef {
    id: String,
    /// The key's expiry, when known: `Some(None)` for a key that never
    /// expires.
    expires_at: Option<Option<DateTime<Utc>>>,
}

impl ApiKeyRef {
    /// A key by ID, with its expiry as you know it (`None`: it never
    /// expires).
    pub fn new(id: impl Into<String>, expires_at: Option<DateTime<Utc>>) -> ApiKeyRef {
        ApiKeyRef {
            id: id.into(),
            expires_at: Some(expires_at),
        }
    }

    /// The key's ID.
    pub fn id(&self) -> &str {
        &self.id
    }

    fn by_id(id: String) -> ApiKeyRef {
        ApiKeyRef {
            id,
            expires_at: None,
        }
    }
}

impl fmt::Display for ApiKeyRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id)
    }
}

impl From<&str> for ApiKeyRef {
    fn from(id: &str) -> ApiKeyRef {
        ApiKeyRef::by_id(id.to_owned())
    }
}

impl From<String> for ApiKeyRef {
    fn from(id: String) -> ApiKeyRef {
        ApiKeyRef::by_id(id)
    }
}

impl From<&String> for ApiKeyRef {
    fn from(id: &String) -> ApiKeyRef {
        ApiKeyRef::by_id(id.clone())
    }
}

impl From<&ApiKey> for ApiKeyRef {
    fn from(key: &ApiKey) -> ApiKeyRef {
        ApiKeyRef::new(&key.id, key.expires_at)
    }
}

impl From<&CreatedApiKey> for ApiKeyRef {
    fn from(key: &CreatedApiKey) -> ApiKeyRef {
        ApiKeyRef::new(&key.id, key.expires_at)
    }
}

impl From<&RefreshedApiKey> for ApiKeyRef {
    fn from(key: &RefreshedApiKey) -> ApiKeyRef {
        ApiKeyRef::new(&key.id, key.expires_at)
    }
}

/// A refresh of a key, from [`ApiKeys::refresh`].
///
/// ```
/// # #[cfg(feature = "testing")] {
/// # let fake = arize::testing::FakeServer::start();
/// # let client = fake.client();
/// use std::time::Duration;
///
/// let keys = client.api_keys();
/// let key = keys.create("ci").send()?;
/// let refreshed = keys
///     .refresh(&key)
///     .grace_period(Duration::from_secs(300)) // the old secret: 5 more minutes
///     .send()?;
/// assert_eq!(refreshed.id, key.id); // the same key, a new secret
/// assert_ne!(refreshed.key, key.key);
/// # }
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until it is sent"]
pub struct RefreshApiKey {
    client: Client,
    key: ApiKeyRef,
    grace_period: Option<Duration>,
    /// `Some(None)`: send no expiry, on purpose.
    expires_at: Option<Option<DateTime<Utc>>>,
}

impl RefreshApiKey {
    /// How long the old secret keeps working: at most 24 hours, counted in
    /// whole seconds (a fraction rounds up), and never past the old key's
    /// own expiry. Without it the old secret stops working at once.
    pub fn grace_period(mut self, grace_period: Duration) -> Self {
        self.grace_period = Some(grace_period);
        self
    }

    /// When the new secret expires: not after the old key's expiry (a
    /// refresh never lengthens a key's life; create a new key for that).
    /// Defaults to the old key's expiry.
    pub fn expires_at(mut self, expires_at: DateTime<Utc>) -> Self {
        self.expires_at = Some(Some(expires_at));
        self
    }

    /// Sends no expiry, on purpose: for a key named by ID alone that you
    /// know never expires. The replacement then never expires either (or,
    /// where the account limits key lifetimes, expires at that limit).
    pub fn without_expiry(mut self) -> Self {
        self.expires_at = Some(None);
        self
    }

    /// Refreshes the key (`POST /v2/api-keys/{id}/refresh`) and returns it
    /// with its new secret, shown this once; its ID, name and type stay.
    ///
    /// The old key's expiry is sent along whenever it has one (from the
    /// key as listed or created, or [`ApiKeyRef::new`]): Arize's documents
    /// disagree on what a refresh without one does (refuse it, keep the
    /// expiry, or make a key that never expires), and only sending it is
    /// safe whichever is true. A key named by ID alone has no known expiry,
    /// so its refresh needs [`expires_at`](Self::expires_at) or
    /// [`without_expiry`](Self::without_expiry).
    ///
    /// A refresh mints a secret, so it is never sent twice once it may have
    /// reached the server (it is retried only when the connection could not
    /// be made): a second refresh would revoke the secret of the first,
    /// whose answer was lost. After a lost answer, refresh again.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRequest`], before anything is sent, for an empty ID,
    /// a grace period over 24 hours, an expiry after the old key's, or an
    /// unknown expiry; [`Error::NotFound`] for an unknown key;
    /// [`Error::Unprocessable`] for an expiry the server refuses;
    /// [`Error::Forbidden`] without the right to refresh it.
    pub fn send(self) -> Result<RefreshedApiKey> {
        let _call = Call::enter("api_keys().refresh");
        crate::check::non_empty(ApiKey::KIND.field(), &self.key.id)?;
        let grace_period_seconds = self.grace_period.map(grace_seconds).transpose()?;
        let expires_at = match (self.expires_at, self.key.expires_at) {
            (Some(Some(at)), Some(Some(old))) if at > old => {
                return Err(Error::invalid(
                    "expires_at",
                    format!(
                        "{} is after the key's own expiry, {}: a refresh never lengthens a \
                         key's life; create a new key for that",
                        at.to_rfc3339(),
                        old.to_rfc3339()
                    ),
                ));
            }
            (Some(chosen), _) => chosen,
            (None, Some(known)) => known,
            (None, None) => {
                return Err(Error::invalid(
                    "expires_at",
                    "the key's expiry is unknown from its ID alone, and a refresh sends it \
                     whenever the key has one: pass the key as api_keys().list() returns it, or \
                     set expires_at() or without_expiry()",
                ));
            }
        };
        let body = types::RefreshApiKeyRequest {
            expires_at,
            grace_period_seconds,
        };
        let request = Request::new(Op::RefreshApiKey, &[&self.key.id]).json(&body);
        self.client.transport().send_json(request)
    }
}

/// A grace period in whole seconds, rounded up, or a refusal past 24 hours.
fn grace_seconds(grace: Duration) -> Result<i32> {
    let seconds = grace.as_secs() + u64::from(grace.subsec_nanos() > 0);
    if seconds > MAX_GRACE {
        return Err(Error::invalid(
            "grace_period",
            format!("{seconds} s, at most {MAX_GRACE} s (24 hours)"),
        ));
    }
    Ok(i32::try_from(seconds).expect("at most 86,400"))
}

impl ListApiKeys {
    /// The service keys of this space (by ID or name; a name is resolved
    /// before the first request) instead of user keys. Needs
    /// `SERVICE_KEY_READ` in the space, or space or account admin.
    pub fn space(self, space: impl Into<SpaceRef>) -> Self {
        self.set_space(Some(space.into()))
    }

    /// The space whose service keys to list, or user keys for `None` (the
    /// default).
    pub fn set_space(self, space: Option<SpaceRef>) -> Self {
        self.param("space_id", space.map(Value::from))
    }

    /// [`space`](Self::space), by an ID taken as an ID whatever it looks
    /// like.
    pub fn space_id(self, space_id: impl Into<String>) -> Self {
        self.set_space(Some(NameOrId::Id(space_id.into())))
    }

    /// Only keys in this state. The server lists active keys only unless
    /// asked for revoked ones.
    pub fn status(self, status: ApiKeyStatus) -> Self {
        self.set_status(Some(status))
    }

    /// The state filter, or active keys for `None` (the default).
    pub fn set_status(self, status: Option<ApiKeyStatus>) -> Self {
        self.param("status", status.map(|s| Value::Text(s.as_str().to_owned())))
    }

    /// Only keys created by this user (by ID or email; an email is resolved
    /// before the first request). With [`space`](Self::space), that user's
    /// service keys there; without, that user's own user keys, which needs
    /// account admin.
    pub fn created_by(self, user: impl Into<UserRef>) -> Self {
        self.set_created_by(Some(user.into()))
    }

    /// The creator filter, or none for `None` (the default).
    pub fn set_created_by(self, user: Option<UserRef>) -> Self {
        self.param("user_id", user.map(Value::from))
    }
}

impl Listed for ApiKey {
    const KIND: ResourceKind = ResourceKind::ApiKey;
    const LIST: &'static Operation = Op::ListApiKeys.get();
}
