//! An in-process fake of the Arize API (spaces, organizations, users,
//! roles, role bindings, resource restrictions, projects, API keys and the
//! audit log), to test your code without the network or an Arize account. Enable the `testing` feature:
//!
//! ```toml
//! [dev-dependencies]
//! arize = { version = "0.1", features = ["testing"] }
//! ```
//!
//! [`FakeServer`] listens on `127.0.0.1` on a free port, in background
//! threads, and implements the seven spaces operations, the seven
//! organizations operations (with their memberships), the seven users
//! operations, the five roles operations, the five role bindings operations,
//! the three resource restrictions operations, the five projects
//! operations, the four API keys operations and the audit-log listing with
//! the semantics of the
//! real API: bearer authentication (with its own key, and with the keys it
//! mints), unique names (project names per space), three-state updates,
//! opaque cursors, the role rules (the annotator rule included), membership
//! upserts, the cascades of deleting an organization, a space or a user or
//! removing a member, `create_user`'s idempotency on the email, the
//! permission catalogue, immutable predefined roles, one binding per user
//! and resource, idempotent restrictions listed "filtered after reading",
//! API keys whose secret is shown once (listings carry `redacted_key`),
//! revoked keys hidden unless asked for and refused, service keys needing
//! an organization with a space and making a bot user, refreshes with a
//! grace period and an expiry that is never lengthened, an audit log with
//! an entry for every mutating call it serves (who made it, with which key,
//! its body and path parameters), listed newest first over a window, RFC
//! 9457 problem documents. It keeps its state in memory and stops when
//! dropped.
//! Like a real server, it compresses its answers with gzip when the
//! request's `Accept-Encoding` allows it, as the client's always does.
//!
//! ```
//! use arize::testing::{AccountRole, FakeServer};
//! use arize::PredefinedRole;
//!
//! let fake = FakeServer::builder()
//!     .organization("acme")
//!     .user("alice", AccountRole::Member, ["acme"])
//!     .start();
//! let client = fake.client();
//! let spaces = client.spaces();
//!
//! let space = spaces.create("fraud", fake.organization_id("acme")).send()?;
//! spaces.add_user(&space, fake.user_id("alice"), PredefinedRole::Member)?;
//! assert_eq!(spaces.list().items().count(), 1);
//!
//! // Duplicate names are refused, as by the real API.
//! let err = spaces.create("fraud", fake.organization_id("acme")).send().unwrap_err();
//! assert!(err.is_conflict());
//! # Ok::<(), arize::Error>(())
//! ```
//!
//! Test hooks make the unhappy paths reachable: [`FakeServer::fail_next`]
//! (say, two 503s, or a 429 with `Retry-After`), latency that overlaps
//! across concurrent requests as on a network ([`FakeServer::set_latency`],
//! [`FakeServer::set_jitter`], or from the builder) with the most requests
//! seen in flight at once ([`FakeServer::max_in_flight`]),
//! the log of requests received ([`FakeServer::requests`]), the number of
//! TCP connections used ([`FakeServer::connections`]) and of bytes sent
//! ([`FakeServer::bytes_sent`]). For users: the invitations "sent"
//! ([`FakeServer::invitations_sent`]) and an invitation running out
//! ([`FakeServer::expire_invitation`]). For projects: seeds
//! ([`FakeServerBuilder::project`], [`FakeServerBuilder::restricted_project`]),
//! [`FakeServer::add_project`] and [`FakeServer::project_id`]. For API
//! keys: seeds ([`FakeServerBuilder::user_key`],
//! [`FakeServerBuilder::service_key`]), their IDs and secrets
//! ([`FakeServer::api_key_id`], [`FakeServer::api_key_secret`]), and the
//! fake's clock, by which keys expire and grace periods end
//! ([`FakeServer::now`], [`FakeServer::advance_time`]). For the audit log:
//! an account without audit logging ([`FakeServer::set_audit_logging`]).
//!
//! # What it does not model
//!
//! - Permissions: the API key acts as an account administrator that is not
//!   itself a user, so no call gets 403 for want of a permission (only for
//!   a binding on a resource the account does not have, and for changing a
//!   predefined role), private spaces are listed, any user can be deleted,
//!   roles are listed with their permissions, and every binding and
//!   restriction is visible. Roles and bindings grant nothing: no request
//!   is ever authorized through them, and a restriction only shows in the
//!   restrictions listing.
//! - API keys: a key the fake mints acts as its creator (a user key) or its
//!   bot user (a service key), with the same unlimited rights as the fake's
//!   own key, which acts as an administrator who is no user
//!   ([`FakeServer::admin_user_id`]). Bot users are users (get them, bind
//!   them) but are not listed among the account's users (the contract does
//!   not say whether they are). There is no account key-lifetime limit and
//!   no developer-access switch. The contract leaves open what some calls
//!   answer; the fake's choices: a refresh without `expires_at` of a key
//!   that expires is a 422 (the strictest reading), refreshing a revoked key
//!   is a 400, listing service keys without `space_id` (or user keys with
//!   it) is a 400, revoking a service key leaves its bot user as it is,
//!   deleting a user removes their user keys and deleting an organization
//!   the service keys bound to it.
//! - The audit log records mutations only (every entry is a `MUTATION`):
//!   the successful calls other than `GET`, by the fake's clock, from
//!   `127.0.0.1`, named by operation ID, their body as `operation_text` and
//!   their path parameters as `variables`; it has no retention limit. A
//!   start after the end of the window is a 400 (the contract does not say
//!   what it is).
//! - Email, SSO and SAML: no email leaves (invitations are only counted),
//!   invitations never expire by themselves, and no user logs in through an
//!   identity provider, so resending and password resets never fail for
//!   that reason.
//! - Projects hold no traces, and every project is an `APPLICATION`
//!   project; there are no dashboards or prompts, so only projects can be
//!   restricted (a dashboard or prompt ID is unknown: 404). Deleting a
//!   project removes its restriction and the role bindings on it (the
//!   contract does not say what the real API removes). Integrations and the
//!   rest of the contents of spaces are not modelled: deleting a space
//!   removes its memberships, its projects (with their restrictions) and
//!   the bindings on it and on them only.
//! - Custom account-level roles are refused, as by the real API. A custom
//!   role given to a member is stored with the membership, not as a role
//!   binding (the real API may make it one).
//! - Rate limiting happens only through [`fail_next`](FakeServer::fail_next).

mod api_keys;
mod audit_logs;
mod hooks;
mod http;
mod memberships;
mod organizations;
mod paging;
mod projects;
mod records;
mod resource_restrictions;
mod role_bindings;
mod roles;
mod seeds;
mod server;
mod spaces;
mod state;
mod users;

use std::{
    sync::{Arc, Mutex, MutexGuard},
    time::Duration,
};

use crate::{Client, ClientBuilder};

pub use self::{seeds::FakeServerBuilder, server::MAX_IN_FLIGHT};
use self::{
    server::{Load, Server},
    state::{State, lock},
};

/// A user's role in the account, as the fake's seeds take it: it matters
/// for the annotator rule (annotators can only hold the `ANNOTATOR` role in
/// spaces and organizations, and only they can hold it).
pub use crate::AccountRole;

/// A fake of the Arize API on `127.0.0.1`, for tests; see the
/// [module docs](self). It stops when dropped.
///
/// ```
/// use arize::testing::FakeServer;
///
/// let fake = FakeServer::builder().organization("acme").start();
/// let client = fake.client();
/// client.spaces().create("fraud", "acme").send()?;
///
/// // The unhappy paths: two 503s, retried by the client.
/// fake.fail_next(2, 503);
/// assert_eq!(client.spaces().list().send()?.len(), 1);
/// // What the code under test sent.
/// let sent: Vec<String> = fake.requests().iter().map(|r| r.method.clone()).collect();
/// assert_eq!(sent.last().map(String::as_str), Some("GET"));
/// # Ok::<(), arize::Error>(())
/// ```
pub struct FakeServer {
    url: String,
    server: Server,
    load: Arc<Load>,
    /// Outside the state's lock: it never changes.
    api_key: Arc<str>,
    state: Arc<Mutex<State>>,
}

impl std::fmt::Debug for FakeServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FakeServer")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

/// One request as the fake received it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// The method, such as `GET`.
    pub method: String,
    /// The path and query as sent (still percent-encoded).
    pub url: String,
    /// The body, as text (empty when there was none).
    pub body: String,
    /// The status the fake answered with.
    pub status: u16,
}

impl FakeServer {
    /// A fake with no organization, accepting the key `"fake-api-key"`.
    pub fn start() -> FakeServer {
        FakeServer::builder().start()
    }

    /// A builder to seed organizations, users, roles, spaces and projects.
    pub fn builder() -> FakeServerBuilder {
        FakeServerBuilder::new()
    }

    /// Serves `state` on `127.0.0.1` on a free port.
    fn launch(state: State, api_key: String) -> FakeServer {
        let state = Arc::new(Mutex::new(state));
        let api_key: Arc<str> = api_key.into();
        let load = Arc::new(Load::default());
        let handler = {
            let (state, api_key, load) = (state.clone(), api_key.clone(), load.clone());
            Arc::new(move |request| http::serve(&state, &api_key, &load, request))
        };
        let server = Server::start(handler, http::MAX_BODY);
        FakeServer {
            url: format!("http://{}", server.addr()),
            server,
            load,
            api_key,
            state,
        }
    }

    /// The base URL, such as `http://127.0.0.1:41234`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The API key the fake accepts.
    pub fn api_key(&self) -> String {
        self.api_key.to_string()
    }

    /// A client builder set up for this fake (base URL and key), to adjust
    /// further before building.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .api_key(self.api_key())
            .base_url(&self.url)
    }

    /// A client for this fake, with every other setting at its default.
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .expect("a valid configuration")
    }

    /// Answers the next `count` requests with `status` and a problem
    /// document, before doing anything else with them.
    pub fn fail_next(&self, count: usize, status: u16) {
        self.queue_failures(count, status, None);
    }

    /// Like [`fail_next`](Self::fail_next), with a `Retry-After` header
    /// (seconds, or an HTTP date).
    pub fn fail_next_with_retry_after(&self, count: usize, status: u16, retry_after: &str) {
        self.queue_failures(count, status, Some(retry_after.to_owned()));
    }

    fn queue_failures(&self, count: usize, status: u16, retry_after: Option<String>) {
        let mut state = self.lock();
        for _ in 0..count {
            state.failures.push_back((status, retry_after.clone()));
        }
    }

    /// Waits this long before answering each request, as a network would:
    /// concurrent requests wait at the same time (up to [`MAX_IN_FLIGHT`]
    /// at once), so 8 requests in flight at 50 ms take about 50 ms, not
    /// 400. The fake's state is locked only after the wait. Defaults to
    /// none; see also [`FakeServerBuilder::latency`].
    ///
    /// ```
    /// use std::time::Duration;
    /// # use arize::testing::FakeServer;
    /// let fake = FakeServer::start();
    /// fake.set_latency(Duration::from_millis(50)); // a request across a continent
    /// fake.set_jitter(Duration::from_millis(10)); // 50 to 60 ms each
    /// ```
    pub fn set_latency(&self, latency: Duration) {
        self.lock().latency = latency;
    }

    /// Adds a random wait of up to `jitter` to each request's latency, drawn
    /// from a fixed seed so that a run's sequence of delays repeats.
    /// Defaults to none; see also [`FakeServerBuilder::jitter`].
    pub fn set_jitter(&self, jitter: Duration) {
        self.lock().jitter = jitter;
    }

    /// The most requests the fake was serving at once so far (since the
    /// start, or since [`reset_max_in_flight`](Self::reset_max_in_flight)):
    /// received and not yet answered. It never exceeds what the clients had
    /// in flight, so a test can check a bound on a client's concurrency.
    ///
    /// ```
    /// use std::time::Duration;
    /// # use arize::testing::FakeServer;
    /// let fake = FakeServer::builder()
    ///     .latency(Duration::from_millis(20))
    ///     .organization("acme")
    ///     .start();
    /// let client = fake.client();
    /// std::thread::scope(|scope| {
    ///     for _ in 0..3 {
    ///         scope.spawn(|| client.organizations().get("acme").unwrap());
    ///     }
    /// });
    /// assert!(fake.max_in_flight() <= 3);
    /// ```
    pub fn max_in_flight(&self) -> usize {
        self.load.max()
    }

    /// Starts counting [`max_in_flight`](Self::max_in_flight) again from
    /// the requests in flight now.
    pub fn reset_max_in_flight(&self) {
        self.load.reset_max();
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.lock().log.clone()
    }

    /// Forgets the requests received so far.
    pub fn clear_requests(&self) {
        self.lock().log.clear();
    }

    /// How many TCP connections the fake has accepted so far. A client that
    /// reuses its connections uses one.
    pub fn connections(&self) -> usize {
        self.server.accepted()
    }

    /// How many bytes the fake has sent to its clients so far, over every
    /// connection: status lines, headers and bodies, as on the wire (so
    /// compressed when the client accepted gzip).
    pub fn bytes_sent(&self) -> u64 {
        self.server.sent()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.server.stop();
    }
}
