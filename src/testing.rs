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
//! documents. It keeps its state in memory and stops when dropped.
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
//! assert_eq!(spaces.list().iter().count(), 1);
//!
//! // Duplicate names are refused, as by the real API.
//! let err = spaces.create("fraud", fake.organization_id("acme")).send().unwrap_err();
//! assert!(err.is_conflict());
//! # Ok::<(), arize::Error>(())
//! ```
//!
//! Test hooks make the unhappy paths reachable: [`FakeServer::fail_next`]
//! (say, two 503s, or a 429 with `Retry-After`), [`FakeServer::set_latency`],
//! the log of requests received ([`FakeServer::requests`]) and the number of
//! TCP connections used ([`FakeServer::connections`]).
//!
//! # What it does not model
//!
//! Permissions: the API key acts as an administrator of every organization,
//! so no call gets 403 and private spaces are listed. Rate limiting happens
//! only through [`fail_next`](FakeServer::fail_next).

use std::{
    collections::{BTreeMap, HashMap, HashSet, VecDeque},
    io::{Cursor, Read, Write},
    net::{Shutdown, SocketAddr, TcpListener, TcpStream},
    sync::{
        Arc, Mutex, MutexGuard,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
    thread::{self, JoinHandle},
    time::Duration,
};

use base64::Engine;
use percent_encoding::percent_decode_str;
use serde_json::{Map, Value, json};
use tiny_http::{Header, Method, Response};

use crate::{Client, ClientBuilder};

const DEFAULT_KEY: &str = "fake-api-key";
const WORKERS: usize = 4;
const MAX_BODY: u64 = 1024 * 1024;

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
        let mut state = State {
            api_key: self.api_key,
            ..State::default()
        };
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
        let stop = Arc::new(AtomicBool::new(false));
        let workers = (0..WORKERS)
            .map(|_| {
                let (server, state, stop) = (server.clone(), state.clone(), stop.clone());
                thread::spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        if let Ok(Some(request)) = server.recv_timeout(Duration::from_millis(50)) {
                            serve(&state, request);
                        }
                    }
                })
            })
            .collect();
        FakeServer {
            url: format!("http://{}", front.addr),
            front,
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
        self.lock().api_key.clone()
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
        self.front.accepted.load(Ordering::SeqCst)
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

/// The socket clients connect to, relaying bytes to tiny_http's.
///
/// # Design
///
/// tiny_http keeps a kept-alive connection open after its `Server` is
/// dropped, and queues requests on it that nobody answers, so a client
/// holding a pooled connection would hang instead of seeing the server gone.
/// Relaying through sockets of our own lets the fake count connections
/// exactly and close every one of them when it is dropped.
struct Front {
    addr: SocketAddr,
    accepted: Arc<AtomicUsize>,
    open: Arc<Mutex<HashMap<usize, TcpStream>>>,
    stopped: Arc<AtomicBool>,
}

impl Front {
    fn start(backend: SocketAddr) -> Front {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let front = Front {
            addr: listener.local_addr().expect("a bound address"),
            accepted: Arc::default(),
            open: Arc::default(),
            stopped: Arc::default(),
        };
        let (accepted, open, stopped) = (
            front.accepted.clone(),
            front.open.clone(),
            front.stopped.clone(),
        );
        thread::spawn(move || {
            for (n, client) in listener.incoming().enumerate() {
                if stopped.load(Ordering::SeqCst) {
                    return; // dropping the listener refuses new connections
                }
                let Ok(client) = client else { continue };
                accepted.fetch_add(1, Ordering::SeqCst);
                let Ok(upstream) = TcpStream::connect(backend) else {
                    continue;
                };
                let _ = (client.set_nodelay(true), upstream.set_nodelay(true));
                if let Ok(clone) = client.try_clone() {
                    lock_map(&open).insert(n, clone);
                }
                let (Ok(client_in), Ok(upstream_in)) = (client.try_clone(), upstream.try_clone())
                else {
                    continue;
                };
                thread::spawn(move || relay(client_in, upstream));
                let open = open.clone();
                thread::spawn(move || {
                    relay(upstream_in, client);
                    lock_map(&open).remove(&n);
                });
            }
        });
        front
    }

    fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag and closes.
        let _ = TcpStream::connect(self.addr);
        for (_, stream) in lock_map(&self.open).drain() {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

fn relay(mut from: TcpStream, mut to: TcpStream) {
    let _ = std::io::copy(&mut from, &mut to);
    let _ = to.shutdown(Shutdown::Write);
}

fn lock_map(map: &Mutex<HashMap<usize, TcpStream>>) -> MutexGuard<'_, HashMap<usize, TcpStream>> {
    map.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A panicking test thread must not take the fake down with it.
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[derive(Debug, Clone)]
struct Named {
    id: String,
    name: String,
}

impl Named {
    fn new(kind: &str, n: usize, name: &str) -> Named {
        Named {
            id: make_id(kind, n),
            name: name.to_owned(),
        }
    }
}

/// IDs shaped like the real ones: base64 of `Kind:<n>:<suffix>`.
fn make_id(kind: &str, n: usize) -> String {
    let suffix = (n as u64).wrapping_mul(2_654_435_761) % 0x1_0000_0000;
    base64::engine::general_purpose::STANDARD.encode(format!("{kind}:{n}:{suffix:08x}"))
}

#[derive(Debug)]
struct User {
    named: Named,
    role: AccountRole,
    organizations: HashSet<String>,
}

#[derive(Debug, Clone)]
struct SpaceRecord {
    n: usize,
    id: String,
    name: String,
    organization_id: String,
    description: String,
    is_private: bool,
    created_at: String,
    default_llm_integration: Value,
    ml_models_enabled: bool,
    gradient_start_color: String,
    gradient_end_color: String,
    default_agent_runtime: Value,
}

impl SpaceRecord {
    fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "created_at": self.created_at,
            "is_private": self.is_private,
            "organization_id": self.organization_id,
            "default_llm_integration": self.default_llm_integration,
            "ml_models_enabled": self.ml_models_enabled,
            "gradient_start_color": self.gradient_start_color,
            "gradient_end_color": self.gradient_end_color,
            "default_agent_runtime": self.default_agent_runtime,
        })
    }
}

#[derive(Debug, Default)]
struct State {
    api_key: String,
    organizations: Vec<Named>,
    users: Vec<User>,
    roles: Vec<Named>,
    /// By creation number, so that listing order and cursors are stable.
    spaces: BTreeMap<usize, SpaceRecord>,
    space_numbers: HashMap<String, usize>,
    /// (space number, user ID) to (membership ID, role as sent back).
    memberships: BTreeMap<(usize, String), (String, Value)>,
    created: usize,
    memberships_created: usize,
    failures: VecDeque<(u16, Option<String>)>,
    latency: Duration,
    log: Vec<RecordedRequest>,
}

impl State {
    fn org_id(&self, name: &str) -> String {
        let org = self.organizations.iter().find(|o| o.name == name);
        org.unwrap_or_else(|| panic!("no organization named {name:?} was seeded"))
            .id
            .clone()
    }

    fn insert_space(
        &mut self,
        name: String,
        organization_id: String,
        description: &str,
        is_private: bool,
    ) -> &SpaceRecord {
        self.created += 1;
        let n = self.created;
        let id = make_id("Space", n);
        // A fixed clock: one minute per space from 2026-01-01, so that runs
        // are reproducible.
        let created_at = chrono::DateTime::from_timestamp(1_767_225_600 + 60 * n as i64, 0)
            .expect("in range")
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let palette = ["#4F46E5", "#0EA5E9", "#10B981", "#F59E0B", "#EF4444"];
        self.space_numbers.insert(id.clone(), n);
        self.spaces.entry(n).or_insert(SpaceRecord {
            n,
            id,
            name,
            organization_id,
            description: description.to_owned(),
            is_private,
            created_at,
            default_llm_integration: Value::Null,
            ml_models_enabled: false,
            gradient_start_color: palette[n % palette.len()].into(),
            gradient_end_color: palette[(n + 2) % palette.len()].into(),
            default_agent_runtime: Value::Null,
        })
    }

    fn name_taken(&self, organization_id: &str, name: &str, except: Option<usize>) -> bool {
        self.spaces
            .values()
            .any(|s| s.organization_id == organization_id && s.name == name && Some(s.n) != except)
    }
}

/// An answer: status and body (JSON, a problem document, or none).
struct Answer {
    status: u16,
    body: Option<Value>,
    retry_after: Option<String>,
}

impl Answer {
    fn json(status: u16, body: Value) -> Answer {
        Answer {
            status,
            body: Some(body),
            retry_after: None,
        }
    }

    fn empty() -> Answer {
        Answer {
            status: 204,
            body: None,
            retry_after: None,
        }
    }
}

/// An error answer, as an RFC 9457 problem document.
struct Problem(u16, String);

type Handled = Result<Answer, Problem>;

fn problem<T>(status: u16, detail: impl Into<String>) -> Result<T, Problem> {
    Err(Problem(status, detail.into()))
}

fn serve(state: &Mutex<State>, mut request: tiny_http::Request) {
    let method = request.method().clone();
    let url = request.url().to_owned();
    let mut body = String::new();
    let too_large = request
        .as_reader()
        .take(MAX_BODY + 1)
        .read_to_string(&mut body)
        .map_or(true, |n| n as u64 > MAX_BODY);
    let authorization = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Authorization"))
        .map(|h| h.value.as_str().to_owned());

    let latency = lock(state).latency;
    if !latency.is_zero() {
        thread::sleep(latency);
    }

    let answer = {
        let mut state = lock(state);
        let answer = if let Some((status, retry_after)) = state.failures.pop_front() {
            let mut answer =
                problem_answer(status, "failure injected by FakeServer::fail_next", &url);
            answer.retry_after = retry_after;
            answer
        } else if too_large {
            problem_answer(413, "the body is larger than 1 MiB", &url)
        } else if authorization.as_deref() != Some(&format!("Bearer {}", state.api_key)) {
            problem_answer(
                401,
                "missing or invalid API key: send Authorization: Bearer <key>",
                &url,
            )
        } else {
            route(&mut state, &method, &url, &body)
                .unwrap_or_else(|Problem(status, detail)| problem_answer(status, &detail, &url))
        };
        state.log.push(RecordedRequest {
            method: method.to_string(),
            url: url.clone(),
            body,
            status: answer.status,
        });
        answer
    };

    let mut response = match &answer.body {
        Some(body) => Response::from_data(body.to_string().into_bytes()),
        None => Response::from_data(Vec::new()),
    }
    .with_status_code(answer.status);
    let content_type = match (answer.status, &answer.body) {
        (_, None) => None,
        (200..=299, Some(_)) => Some("application/json"),
        (_, Some(_)) => Some("application/problem+json"),
    };
    if let Some(content_type) = content_type {
        response.add_header(header("Content-Type", content_type));
    }
    if let Some(retry_after) = &answer.retry_after {
        response.add_header(header("Retry-After", retry_after));
    }
    respond_in_one_write(request, response);
}

/// Sends the response with a single write. tiny_http's `respond` writes the
/// head and a large body separately, and with Nagle's algorithm the body
/// then waits for the client's delayed ACK of the head: about 40 ms per
/// response, which would make every test against the fake slow.
fn respond_in_one_write(request: tiny_http::Request, response: Response<Cursor<Vec<u8>>>) {
    let version = request.http_version().clone();
    let headers = request.headers().to_vec();
    let mut bytes = Vec::new();
    if response
        .raw_print(&mut bytes, version, &headers, false, None)
        .is_ok()
    {
        let mut writer = request.into_writer();
        let _ = writer.write_all(&bytes).and_then(|()| writer.flush());
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn problem_answer(status: u16, detail: &str, instance: &str) -> Answer {
    let title = ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Error");
    let path = instance.split('?').next().unwrap_or(instance);
    Answer::json(
        status,
        json!({
            "type": "about:blank",
            "title": title,
            "status": status,
            "detail": detail,
            "instance": path,
        }),
    )
}

fn route(state: &mut State, method: &Method, url: &str, body: &str) -> Handled {
    let (path, query) = url.split_once('?').unwrap_or((url, ""));
    let segments: Vec<String> = path
        .split('/')
        .skip(1)
        .map(|s| percent_decode_str(s).decode_utf8_lossy().into_owned())
        .collect();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    match (method, segments.as_slice()) {
        (Method::Get, ["v2", "spaces"]) => list(state, query),
        (Method::Post, ["v2", "spaces"]) => create(state, body),
        (Method::Get, ["v2", "spaces", id]) => Ok(Answer::json(200, space(state, id)?.to_json())),
        (Method::Patch, ["v2", "spaces", id]) => update(state, id, body),
        (Method::Delete, ["v2", "spaces", id]) => delete(state, id),
        (Method::Post, ["v2", "spaces", id, "users"]) => add_user(state, id, body),
        (Method::Delete, ["v2", "spaces", id, "users", user]) => remove_user(state, id, user),
        (_, ["v2", "spaces"] | ["v2", "spaces", _] | ["v2", "spaces", _, "users"])
        | (_, ["v2", "spaces", _, "users", _]) => {
            problem(405, format!("{method} is not allowed here"))
        }
        _ => problem(404, format!("no endpoint at {path}")),
    }
}

fn space<'a>(state: &'a State, id: &str) -> Result<&'a SpaceRecord, Problem> {
    match state.space_numbers.get(id) {
        Some(n) => Ok(&state.spaces[n]),
        None => problem(404, format!("no space with ID {id}")),
    }
}

fn list(state: &State, query: &str) -> Handled {
    let mut org_id = None;
    let mut name = None;
    let mut limit = 50;
    let mut after = 0;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode_str(&value.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned();
        match key {
            "org_id" => org_id = Some(value),
            "name" if value.chars().count() > 255 => {
                return problem(400, "name: longer than 255 characters");
            }
            "name" => name = Some(value.to_lowercase()),
            "limit" => match value.parse::<usize>() {
                Ok(n @ 1..=100) => limit = n,
                _ => {
                    return problem(
                        400,
                        format!("limit: {value:?} is not an integer in 1..=100"),
                    );
                }
            },
            "cursor" => match decode_cursor(&value) {
                Some(n) => after = n,
                None => return problem(400, "cursor: not a cursor this server issued"),
            },
            _ => {}
        }
    }
    let mut matching = state
        .spaces
        .range(after + 1..)
        .map(|(_, s)| s)
        .filter(|s| org_id.as_ref().is_none_or(|org| &s.organization_id == org))
        .filter(|s| {
            name.as_ref()
                .is_none_or(|n| s.name.to_lowercase().contains(n.as_str()))
        });
    let page: Vec<&SpaceRecord> = matching.by_ref().take(limit).collect();
    let has_more = matching.next().is_some();
    let mut pagination = json!({"has_more": has_more});
    if let (true, Some(last)) = (has_more, page.last()) {
        pagination["next_cursor"] = json!(encode_cursor(last.n));
    }
    let spaces: Vec<Value> = page.iter().map(|s| s.to_json()).collect();
    Ok(Answer::json(
        200,
        json!({"spaces": spaces, "pagination": pagination}),
    ))
}

/// Cursors are opaque to clients: base64 of the last space number served.
fn encode_cursor(n: usize) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("after:{n}"))
}

fn decode_cursor(cursor: &str) -> Option<usize> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()?;
    String::from_utf8(bytes)
        .ok()?
        .strip_prefix("after:")?
        .parse()
        .ok()
}

/// Parses a JSON object body, refusing fields not in `known` (400).
fn object(body: &str, known: &[&str]) -> Result<Map<String, Value>, Problem> {
    let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(body) else {
        return problem(400, "the body is not a JSON object");
    };
    if let Some(unknown) = fields.keys().find(|k| !known.contains(&k.as_str())) {
        return problem(400, format!("unknown field {unknown:?}"));
    }
    Ok(fields)
}

fn string_field<'a>(
    fields: &'a Map<String, Value>,
    name: &str,
) -> Result<Option<&'a str>, Problem> {
    match fields.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => problem(400, format!("{name}: expected a string")),
    }
}

fn bool_field(fields: &Map<String, Value>, name: &str) -> Result<Option<bool>, Problem> {
    match fields.get(name) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => problem(400, format!("{name}: expected a boolean")),
    }
}

fn check_length(name: &str, value: &str, min: usize, max: usize) -> Result<(), Problem> {
    let length = value.chars().count();
    if length < min || length > max {
        return problem(
            422,
            format!("{name}: length {length} is outside {min}..={max}"),
        );
    }
    Ok(())
}

fn create(state: &mut State, body: &str) -> Handled {
    let fields = object(
        body,
        &["name", "organization_id", "description", "is_private"],
    )?;
    let Some(name) = string_field(&fields, "name")? else {
        return problem(400, "name: required");
    };
    let Some(org) = string_field(&fields, "organization_id")? else {
        return problem(400, "organization_id: required");
    };
    let description = string_field(&fields, "description")?.unwrap_or("");
    let is_private = bool_field(&fields, "is_private")?.unwrap_or(false);
    check_length("name", name, 1, 255)?;
    check_length("description", description, 0, 1000)?;
    if !state.organizations.iter().any(|o| o.id == org) {
        return problem(404, format!("no organization with ID {org}"));
    }
    if state.name_taken(org, name, None) {
        return problem(
            409,
            format!("a space named {name:?} already exists in the organization"),
        );
    }
    let space = state.insert_space(name.to_owned(), org.to_owned(), description, is_private);
    Ok(Answer::json(201, space.to_json()))
}

fn update(state: &mut State, id: &str, body: &str) -> Handled {
    let n = space(state, id)?.n;
    let fields = object(
        body,
        &[
            "name",
            "description",
            "is_private",
            "default_llm_integration",
            "ml_models_enabled",
            "gradient_start_color",
            "gradient_end_color",
            "default_agent_runtime",
        ],
    )?;
    if fields.is_empty() {
        return problem(400, "nothing to update: send at least one field");
    }
    for not_clearable in [
        "name",
        "is_private",
        "ml_models_enabled",
        "gradient_start_color",
        "gradient_end_color",
    ] {
        if fields.get(not_clearable) == Some(&Value::Null) {
            return problem(422, format!("{not_clearable}: cannot be cleared"));
        }
    }
    let mut updated = state.spaces[&n].clone();
    if let Some(name) = string_field(&fields, "name")? {
        check_length("name", name, 1, 255)?;
        if state.name_taken(&updated.organization_id, name, Some(n)) {
            return problem(
                409,
                format!("a space named {name:?} already exists in the organization"),
            );
        }
        updated.name = name.to_owned();
    }
    match fields.get("description") {
        Some(Value::Null) => updated.description.clear(),
        Some(_) => {
            let description = string_field(&fields, "description")?.unwrap_or_default();
            check_length("description", description, 1, 1000)?;
            updated.description = description.to_owned();
        }
        None => {}
    }
    if let Some(private) = bool_field(&fields, "is_private")? {
        updated.is_private = private;
    }
    if let Some(enabled) = bool_field(&fields, "ml_models_enabled")? {
        updated.ml_models_enabled = enabled;
    }
    if let Some(color) = string_field(&fields, "gradient_start_color")? {
        updated.gradient_start_color = color.to_owned();
    }
    if let Some(color) = string_field(&fields, "gradient_end_color")? {
        updated.gradient_end_color = color.to_owned();
    }
    if let Some(value) = fields.get("default_llm_integration") {
        updated.default_llm_integration = reference(
            value,
            "default_llm_integration",
            &["integration_id", "model_name"],
        )?;
    }
    if let Some(value) = fields.get("default_agent_runtime") {
        updated.default_agent_runtime =
            reference(value, "default_agent_runtime", &["integration_id"])?;
    }
    let json = updated.to_json();
    state.spaces.insert(n, updated);
    Ok(Answer::json(200, json))
}

/// `null`, or an object with exactly these string fields.
fn reference(value: &Value, name: &str, required: &[&str]) -> Result<Value, Problem> {
    if value.is_null() {
        return Ok(Value::Null);
    }
    let Value::Object(fields) = value else {
        return problem(400, format!("{name}: expected an object or null"));
    };
    if fields.keys().any(|k| !required.contains(&k.as_str())) {
        return problem(400, format!("{name}: unknown field"));
    }
    for field in required {
        match fields.get(*field) {
            Some(Value::String(s)) if !s.is_empty() => {}
            _ => {
                return problem(
                    422,
                    format!("{name}.{field}: a non-empty string is required"),
                );
            }
        }
    }
    Ok(value.clone())
}

fn delete(state: &mut State, id: &str) -> Handled {
    let n = space(state, id)?.n;
    state.spaces.remove(&n);
    state.space_numbers.remove(id);
    state.memberships.retain(|(space, _), _| *space != n);
    Ok(Answer::empty())
}

fn add_user(state: &mut State, id: &str, body: &str) -> Handled {
    let space = space(state, id)?.clone();
    let fields = object(body, &["user_id", "role"])?;
    let Some(user_id) = string_field(&fields, "user_id")? else {
        return problem(400, "user_id: required");
    };
    let Some(user) = state.users.iter().find(|u| u.named.id == user_id) else {
        return problem(404, format!("no user with ID {user_id}"));
    };
    if !user.organizations.contains(&space.organization_id) {
        return problem(
            400,
            "the user does not belong to the space's organization; add them to it first",
        );
    }
    let role = match fields.get("role") {
        Some(Value::Object(role)) => role,
        _ => return problem(400, "role: required, an object"),
    };
    let answer_role = match role.get("type").and_then(Value::as_str) {
        Some("PREDEFINED") => {
            let name = role.get("name").and_then(Value::as_str).unwrap_or_default();
            if !["ADMIN", "MEMBER", "READ_ONLY", "ANNOTATOR"].contains(&name) {
                return problem(422, format!("role.name: {name:?} is not a predefined role"));
            }
            let annotator = user.role == AccountRole::Annotator;
            if annotator && name != "ANNOTATOR" {
                return problem(400, "an annotator account can only hold the ANNOTATOR role");
            }
            if !annotator && name == "ANNOTATOR" {
                return problem(400, "only annotator accounts can hold the ANNOTATOR role");
            }
            json!({"type": "PREDEFINED", "name": name})
        }
        Some("CUSTOM") => {
            let role_id = role.get("id").and_then(Value::as_str).unwrap_or_default();
            let Some(custom) = state.roles.iter().find(|r| r.id == role_id) else {
                return problem(404, format!("no custom role with ID {role_id:?}"));
            };
            json!({"type": "CUSTOM", "id": custom.id, "name": custom.name})
        }
        _ => return problem(422, "role.type: expected PREDEFINED or CUSTOM"),
    };
    let key = (space.n, user_id.to_owned());
    let membership_id = match state.memberships.get(&key) {
        Some((membership_id, _)) => membership_id.clone(),
        None => {
            state.memberships_created += 1;
            make_id("SpaceMembership", state.memberships_created)
        }
    };
    state
        .memberships
        .insert(key, (membership_id.clone(), answer_role.clone()));
    Ok(Answer::json(
        200,
        json!({"id": membership_id, "user_id": user_id, "space_id": space.id, "role": answer_role}),
    ))
}

fn remove_user(state: &mut State, id: &str, user_id: &str) -> Handled {
    let n = space(state, id)?.n;
    match state.memberships.remove(&(n, user_id.to_owned())) {
        Some(_) => Ok(Answer::empty()),
        None => problem(404, format!("user {user_id} is not a member of space {id}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deleting_a_space_removes_its_memberships() {
        let fake = FakeServer::builder()
            .organization("acme")
            .user("alice", AccountRole::Member, ["acme"])
            .spaces("acme", 2)
            .start();
        let spaces = fake.client().spaces();
        let alice = fake.user_id("alice");
        for name in ["space-00001", "space-00002"] {
            spaces
                .add_user(name, &alice, crate::PredefinedRole::Member)
                .unwrap();
        }
        assert_eq!(fake.lock().memberships.len(), 2);
        spaces.delete("space-00001").unwrap();
        let memberships = &fake.lock().memberships;
        assert_eq!(memberships.len(), 1);
        assert!(memberships.keys().all(|(space, _)| *space == 2));
    }
}
