//! An in-process fake of the spaces API, to test your code without the
//! network or an Arize account. Enable the `testing` feature:
//!
//! ```toml
//! [dev-dependencies]
//! arize = { version = "0.1", features = ["testing"] }
//! ```
//!
//! [`FakeServer`] listens on `127.0.0.1` on a free port, in background
//! threads, and implements the seven spaces operations with the semantics
//! of the real API: bearer authentication, unique names per organization,
//! three-state updates, opaque cursors, the role rules, RFC 9457 problem
//! documents. It keeps its state in memory and stops when dropped. Like a
//! real server, it compresses its answers with gzip when the request's
//! `Accept-Encoding` allows it, as the client's always does.
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
//! (say, two 503s, or a 429 with `Retry-After`), [`FakeServer::set_latency`],
//! the log of requests received ([`FakeServer::requests`]), the number of
//! TCP connections used ([`FakeServer::connections`]) and of bytes sent
//! ([`FakeServer::bytes_sent`]).
//!
//! # What it does not model
//!
//! Permissions: the API key acts as an administrator of every organization,
//! so no call gets 403 and private spaces are listed. Rate limiting happens
//! only through [`fail_next`](FakeServer::fail_next).

mod http;
mod relay;
mod spaces;
mod state;

use std::{
    sync::{
        Arc, Mutex, MutexGuard,
        atomic::{AtomicBool, Ordering},
    },
    thread::{self, JoinHandle},
    time::Duration,
};

use crate::{Client, ClientBuilder};

use self::{
    relay::Front,
    state::{Named, State, User, lock},
};

const DEFAULT_KEY: &str = "fake-api-key";
const WORKERS: usize = 4;

/// The role of a user's *account* in Arize (not their role in a space).
/// It matters for one rule: annotators can only hold the `ANNOTATOR` space
/// role, and only they can hold it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AccountRole {
    /// An account administrator.
    Admin,
    /// A regular account.
    Member,
    /// An annotation-only account.
    Annotator,
}

/// Seeds and starts a [`FakeServer`].
///
/// Organizations, users and custom roles are named; their IDs are assigned
/// at start and looked up with [`FakeServer::organization_id`],
/// [`FakeServer::user_id`] and [`FakeServer::role_id`].
#[derive(Debug, Clone)]
#[must_use]
pub struct FakeServerBuilder {
    api_key: String,
    organizations: Vec<String>,
    users: Vec<(String, AccountRole, Vec<String>)>,
    roles: Vec<String>,
    spaces: Vec<(String, usize)>,
}

impl FakeServerBuilder {
    /// The API key the fake accepts. Defaults to `"fake-api-key"`.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = key.into();
        self
    }

    /// Adds an organization.
    pub fn organization(mut self, name: impl Into<String>) -> Self {
        self.organizations.push(name.into());
        self
    }

    /// Adds a user with an account role, member of these organizations
    /// (by name; each must have been added with
    /// [`organization`](Self::organization)).
    pub fn user<I, S>(
        mut self,
        name: impl Into<String>,
        role: AccountRole,
        organizations: I,
    ) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let orgs = organizations.into_iter().map(Into::into).collect();
        self.users.push((name.into(), role, orgs));
        self
    }

    /// Adds a custom (RBAC) role that members can be given.
    pub fn custom_role(mut self, name: impl Into<String>) -> Self {
        self.roles.push(name.into());
        self
    }

    /// Creates `count` spaces in an organization, named `space-00001`,
    /// `space-00002`, …, for tests that need many.
    pub fn spaces(mut self, organization: impl Into<String>, count: usize) -> Self {
        self.spaces.push((organization.into(), count));
        self
    }

    /// Starts the server on `127.0.0.1` on a free port.
    ///
    /// # Panics
    ///
    /// If no port can be bound, or if a user or space refers to an
    /// organization that was not added.
    pub fn start(self) -> FakeServer {
        let mut state = State::default();
        for (n, name) in self.organizations.iter().enumerate() {
            state
                .organizations
                .push(Named::new("Organization", n + 1, name));
        }
        for (n, (name, role, orgs)) in self.users.iter().enumerate() {
            let organizations = orgs.iter().map(|org| state.org_id(org)).collect();
            state.users.push(User {
                named: Named::new("User", n + 1, name),
                role: *role,
                organizations,
            });
        }
        for (n, name) in self.roles.iter().enumerate() {
            state.roles.push(Named::new("Role", n + 1, name));
        }
        for (org, count) in &self.spaces {
            let organization_id = state.org_id(org);
            for i in 1..=*count {
                state.insert_space(format!("space-{i:05}"), organization_id.clone(), "", false);
            }
        }

        let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1"));
        let backend = server.server_addr().to_ip().expect("an IP listener");
        let front = Front::start(backend);
        let state = Arc::new(Mutex::new(state));
        let api_key: Arc<str> = self.api_key.into();
        let stop = Arc::new(AtomicBool::new(false));
        let workers = (0..WORKERS)
            .map(|_| {
                let (server, state, stop) = (server.clone(), state.clone(), stop.clone());
                let api_key = api_key.clone();
                thread::spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        if let Ok(Some(request)) = server.recv_timeout(Duration::from_millis(50)) {
                            http::serve(&state, &api_key, request);
                        }
                    }
                })
            })
            .collect();
        FakeServer {
            url: format!("http://{}", front.addr()),
            front,
            api_key,
            state,
            stop,
            workers,
        }
    }
}

/// A fake of the spaces API on `127.0.0.1`, for tests; see the
/// [module docs](self). It stops when dropped.
pub struct FakeServer {
    url: String,
    front: Front,
    /// Outside the state's lock: it never changes.
    api_key: Arc<str>,
    state: Arc<Mutex<State>>,
    stop: Arc<AtomicBool>,
    workers: Vec<JoinHandle<()>>,
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

    /// A builder to seed organizations, users, roles and spaces.
    pub fn builder() -> FakeServerBuilder {
        FakeServerBuilder {
            api_key: DEFAULT_KEY.into(),
            organizations: Vec::new(),
            users: Vec::new(),
            roles: Vec::new(),
            spaces: Vec::new(),
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

    /// The ID of a seeded organization.
    ///
    /// # Panics
    ///
    /// If no organization has that name.
    pub fn organization_id(&self, name: &str) -> String {
        self.lock().org_id(name)
    }

    /// The ID of a seeded user.
    ///
    /// # Panics
    ///
    /// If no user has that name.
    pub fn user_id(&self, name: &str) -> String {
        let state = self.lock();
        let user = state.users.iter().find(|u| u.named.name == name);
        user.unwrap_or_else(|| panic!("no user named {name:?} was seeded"))
            .named
            .id
            .clone()
    }

    /// The ID of a seeded custom role.
    ///
    /// # Panics
    ///
    /// If no custom role has that name.
    pub fn role_id(&self, name: &str) -> String {
        let state = self.lock();
        let role = state.roles.iter().find(|r| r.name == name);
        role.unwrap_or_else(|| panic!("no custom role named {name:?} was seeded"))
            .id
            .clone()
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

    /// Waits this long before answering each request. Defaults to none.
    pub fn set_latency(&self, latency: Duration) {
        self.lock().latency = latency;
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
        self.front.accepted()
    }

    /// How many bytes the fake has sent to its clients so far, over every
    /// connection: status lines, headers and bodies, as on the wire (so
    /// compressed when the client accepted gzip).
    pub fn bytes_sent(&self) -> u64 {
        self.front.sent()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.front.stop();
        self.stop.store(true, Ordering::Relaxed);
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}
