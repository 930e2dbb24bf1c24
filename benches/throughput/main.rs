//! What the client costs, measured against the limit.
//!
//! ```sh
//! cargo bench --bench throughput --features testing
//! ```
//!
//! Part 1 runs every listing and get against a minimal responder serving
//! pre-rendered answers (`responder.rs`), so that the client's own cost is
//! what is measured, and compares it with two bare `ureq` + `serde_json`
//! loops sending the same requests: the *typed* loop decodes exactly the
//! crate's response types (dates included), the *floor* decodes plain
//! `String` fields. It also counts allocations per page and per get
//! (`alloc.rs`). Part 2 (`fake.rs`) uses the crate's fake server for what
//! needs a real one: bytes on the wire with and without gzip, connections
//! and memory.
//!
//! Figures, not assertions: nothing here fails on a slow machine.

mod alloc;
mod bulk;
mod costs;
mod fake;
mod floor;
mod responder;

use std::{
    collections::HashMap,
    thread,
    time::{Duration, Instant},
};

use arize::{Client, RoleBindingResourceType};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use self::responder::Responder;

#[global_allocator]
static ALLOCATOR: alloc::Counting = alloc::Counting;

const PAGES: usize = 200;
const PAGE_SIZE: usize = 100;
const ITEMS: usize = PAGES * PAGE_SIZE;
const ROUNDS: usize = 9;
const GET_CALLS: usize = 5_000;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, url, key] = args.as_slice()
        && flag == "--iterate-child"
    {
        return fake::iterate_child(url, key);
    }
    if let [_, flag, resource, who, gets, listings] = args.as_slice()
        && flag == "--repeat"
    {
        let count = |text: &str| text.parse().expect("a count");
        return repeat(resource, who, count(gets), count(listings));
    }
    if let [_, flag, resource] = args.as_slice()
        && flag == "--serve"
    {
        return serve(resource);
    }
    if let [_, flag, dir] = args.as_slice()
        && flag == "--write-gets"
    {
        return write_gets(dir);
    }
    if let [_, flag] = args.as_slice()
        && flag == "--bulk"
    {
        return bulk::run();
    }
    if let [_, flag] = args.as_slice()
        && flag == "--costs"
    {
        return costs::run();
    }
    println!(
        "machine: {}, {} cores",
        cpu_model(),
        thread::available_parallelism().map_or(0, |n| n.get())
    );

    println!("\n== Against pre-rendered answers: the client's own cost\n");
    for resource in &RESOURCES {
        listing(resource);
    }
    for resource in &RESOURCES {
        if let Some(one) = &resource.get {
            get(resource, one);
        }
    }

    println!("\n== Instructions and system calls per call, the responder in another process\n");
    costs::run();

    println!("\n== Against the fake server\n");
    fake::run();

    println!("\n== Bulk work against the fake at 50 ms a request\n");
    bulk::run();
}

/// One resource as the benchmark serves and reads it.
struct Resource {
    name: &'static str,
    /// Listing path, with any required query before `limit`.
    list: &'static str,
    /// The key of the page's array.
    key: &'static str,
    item: fn(usize) -> Value,
    /// The client's listing, counting items.
    ours: fn(&Client) -> usize,
    /// The bare loops' page decoders: items and next cursor.
    typed: fn(&[u8]) -> (usize, Option<String>),
    floor: fn(&[u8]) -> (usize, Option<String>),
    /// How one item is read, for a resource that has a get.
    get: Option<Get>,
}

/// A get of item 1, by the client and by both bare loops.
struct Get {
    ours: fn(&Client, &str),
    typed: fn(&[u8]),
    floor: fn(&[u8]),
    /// The collection's path.
    collection: &'static str,
    id_kind: &'static str,
}

const RESOURCES: [Resource; 7] = [
    Resource {
        name: "spaces",
        list: "/v2/spaces?",
        key: "spaces",
        item: space,
        ours: |c| count(c.spaces().list().items()),
        typed: |b| {
            page::<arize::types::ListSpacesResponse>(b, |p| (p.spaces.len(), cursor(&p.pagination)))
        },
        floor: |b| page::<floor::Spaces>(b, |p| (p.spaces.len(), p.pagination.next())),
        get: Some(Get {
            ours: |c, id| drop(c.spaces().get(id).unwrap()),
            typed: |b| drop(decode::<arize::Space>(b)),
            floor: |b| drop(decode::<floor::Space>(b)),
            collection: "spaces",
            id_kind: "Space",
        }),
    },
    Resource {
        name: "organizations",
        list: "/v2/organizations?",
        key: "organizations",
        item: organization,
        ours: |c| count(c.organizations().list().items()),
        typed: |b| {
            page::<arize::types::ListOrganizationsResponse>(b, |p| {
                (p.organizations.len(), cursor(&p.pagination))
            })
        },
        floor: |b| {
            page::<floor::Organizations>(b, |p| (p.organizations.len(), p.pagination.next()))
        },
        get: Some(Get {
            ours: |c, id| drop(c.organizations().get(id).unwrap()),
            typed: |b| drop(decode::<arize::Organization>(b)),
            floor: |b| drop(decode::<floor::Organization>(b)),
            collection: "organizations",
            id_kind: "Organization",
        }),
    },
    Resource {
        name: "users",
        list: "/v2/users?",
        key: "users",
        item: user,
        ours: |c| count(c.users().list().items()),
        typed: |b| {
            page::<arize::types::ListUsersResponse>(b, |p| (p.users.len(), cursor(&p.pagination)))
        },
        floor: |b| page::<floor::Users>(b, |p| (p.users.len(), p.pagination.next())),
        get: Some(Get {
            ours: |c, id| drop(c.users().get(id).unwrap()),
            typed: |b| drop(decode::<arize::User>(b)),
            floor: |b| drop(decode::<floor::User>(b)),
            collection: "users",
            id_kind: "User",
        }),
    },
    Resource {
        name: "role bindings",
        list: "/v2/role-bindings?resource_type=SPACE&",
        key: "role_bindings",
        item: binding,
        ours: |c| {
            count(
                c.role_bindings()
                    .list(RoleBindingResourceType::Space)
                    .items(),
            )
        },
        typed: |b| {
            page::<arize::types::ListRoleBindingsResponse>(b, |p| {
                (p.role_bindings.len(), cursor(&p.pagination))
            })
        },
        floor: |b| page::<floor::Bindings>(b, |p| (p.role_bindings.len(), p.pagination.next())),
        get: Some(Get {
            ours: |c, id| drop(c.role_bindings().get(id).unwrap()),
            typed: |b| drop(decode::<arize::RoleBinding>(b)),
            floor: |b| drop(decode::<floor::Binding>(b)),
            collection: "role-bindings",
            id_kind: "RoleBinding",
        }),
    },
    Resource {
        name: "projects",
        list: "/v2/projects?",
        key: "projects",
        item: project,
        ours: |c| count(c.projects().list().items()),
        typed: |b| {
            page::<arize::types::ListProjectsResponse>(b, |p| {
                (p.projects.len(), cursor(&p.pagination))
            })
        },
        floor: |b| page::<floor::Projects>(b, |p| (p.projects.len(), p.pagination.next())),
        get: Some(Get {
            ours: |c, id| drop(c.projects().get(id).unwrap()),
            typed: |b| drop(decode::<arize::Project>(b)),
            floor: |b| drop(decode::<floor::Project>(b)),
            collection: "projects",
            id_kind: "Model",
        }),
    },
    Resource {
        name: "API keys",
        list: "/v2/api-keys?",
        key: "api_keys",
        item: api_key,
        ours: |c| count(c.api_keys().list().items()),
        typed: |b| {
            page::<arize::types::ListApiKeysResponse>(b, |p| {
                (p.api_keys.len(), cursor(&p.pagination))
            })
        },
        floor: |b| page::<floor::ApiKeys>(b, |p| (p.api_keys.len(), p.pagination.next())),
        get: None,
    },
    Resource {
        name: "audit-log entries",
        list: "/v2/audit-logs?",
        key: "logs",
        item: audit_log,
        ours: |c| count(c.audit_logs().list().items()),
        typed: |b| {
            page::<arize::types::ListAuditLogsResponse>(b, |p| {
                (p.logs.len(), cursor(&p.pagination))
            })
        },
        floor: |b| page::<floor::AuditLogs>(b, |p| (p.logs.len(), p.pagination.next())),
        get: None,
    },
];

/// How many items there are, each decoded (an error panics).
fn count<T>(items: impl Iterator<Item = arize::Result<T>>) -> usize {
    items.fold(0, |n, item| {
        item.unwrap();
        n + 1
    })
}

fn decode<T: DeserializeOwned>(body: &[u8]) -> T {
    serde_json::from_slice(body).unwrap()
}

fn page<T: DeserializeOwned>(
    body: &[u8],
    parts: impl Fn(&T) -> (usize, Option<String>),
) -> (usize, Option<String>) {
    parts(&decode(body))
}

fn cursor(pagination: &arize::types::PaginationMetadata) -> Option<String> {
    pagination
        .has_more
        .then(|| pagination.next_cursor.clone())
        .flatten()
}

/// An ID shaped like the API's, holding `+ / =` once encoded.
fn id(kind: &str, n: usize) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(format!("{kind}:{n}:a?b>"))
}

fn at(n: usize) -> String {
    let minute = n % 60;
    let hour = (n / 60) % 24;
    format!(
        "2026-01-{:02}T{hour:02}:{minute:02}:{:02}.{:03}Z",
        1 + n % 28,
        n % 60,
        n % 1000
    )
}

fn space(n: usize) -> Value {
    json!({
        "id": id("Space", n), "name": format!("space-{n:05}"), "description": "",
        "created_at": at(n), "is_private": false, "organization_id": id("Organization", 1),
        "default_llm_integration": null, "ml_models_enabled": false,
        "gradient_start_color": "#4F46E5", "gradient_end_color": "#10B981",
        "default_agent_runtime": null,
    })
}

fn organization(n: usize) -> Value {
    json!({"id": id("Organization", n), "name": format!("org-{n:05}"),
           "description": "An organization", "created_at": at(n)})
}

fn user(n: usize) -> Value {
    json!({"id": id("User", n), "name": format!("User {n}"), "email": format!("user{n}@example.com"),
           "created_at": at(n), "status": "ACTIVE", "role": {"type": "PREDEFINED", "name": "MEMBER"},
           "is_developer": true})
}

fn project(n: usize) -> Value {
    json!({"id": id("Model", n), "name": format!("project-{n:05}"), "space_id": id("Space", n % 50),
           "created_at": at(n), "project_type": "APPLICATION"})
}

fn api_key(n: usize) -> Value {
    json!({"id": id("ApiKey", n), "name": format!("key-{n:05}"), "description": "CI",
           "key_type": "USER", "status": "ACTIVE", "redacted_key": "ak-abc...xyz",
           "created_at": at(n), "expires_at": at(n + 1), "created_by_user_id": id("User", 1),
           "last_used_at": at(n + 2)})
}

fn audit_log(n: usize) -> Value {
    let space = id("Space", n % 50);
    json!({"id": id("AuditLog", n), "user_id": id("User", n % 7), "ip": "203.0.113.7",
           "operation_type": "MUTATION", "operation_name": "update_space",
           "operation_text": format!(r#"{{"name":"space-{n:05}","description":null}}"#),
           "variables": json!({"space_id": space}).to_string(), "created_at": at(n)})
}

fn binding(n: usize) -> Value {
    json!({"id": id("RoleBinding", n), "role_id": id("Role", 1), "user_id": id("User", n),
           "resource_type": "SPACE", "resource_id": id("Space", n % 50),
           "created_at": at(n), "updated_at": at(n + 1)})
}

/// The pages of a listing and the item of a get, by request target.
fn answers(resource: &Resource) -> HashMap<String, Vec<u8>> {
    let mut answers = HashMap::new();
    for p in 0..PAGES {
        let target = match p {
            0 => format!("{}limit={PAGE_SIZE}", resource.list),
            p => format!("{}limit={PAGE_SIZE}&cursor=c{p}", resource.list),
        };
        let items: Vec<Value> = (0..PAGE_SIZE)
            .map(|i| (resource.item)(p * PAGE_SIZE + i + 1))
            .collect();
        let pagination = match p + 1 < PAGES {
            true => json!({"has_more": true, "next_cursor": format!("c{}", p + 1)}),
            false => json!({"has_more": false}),
        };
        let mut body = json!({"pagination": pagination});
        body[resource.key] = Value::Array(items);
        answers.insert(target, body.to_string().into_bytes());
    }
    if let Some(get) = &resource.get {
        let path = format!("/v2/{}/{}", get.collection, encode(&id(get.id_kind, 1)));
        answers.insert(path, (resource.item)(1).to_string().into_bytes());
    }
    answers
}

fn encode(segment: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(segment, SET).to_string()
}

fn client(url: &str) -> Client {
    Client::builder()
        .api_key("bench-key")
        .base_url(url)
        .build()
        .unwrap()
}

/// Best of `ROUNDS` interleaved runs of a listing, for the client and both
/// bare loops, and the allocations of one run of each.
fn listing(resource: &Resource) {
    let server = Responder::start(answers(resource));
    let client = client(&server.url);
    let bare = Bare::new(&server.url);
    let typed = || bare.iterate(resource.list, resource.typed);
    let floor = || bare.iterate(resource.list, resource.floor);
    let ours = || (resource.ours)(&client);
    for run in [&ours as &dyn Fn() -> usize, &typed, &floor] {
        assert_eq!(run(), ITEMS, "{}", resource.name);
    }
    let (mut t_ours, mut t_typed, mut t_floor) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        t_ours.push(time(|| assert_eq!(ours(), ITEMS)));
        t_typed.push(time(|| assert_eq!(typed(), ITEMS)));
        t_floor.push(time(|| assert_eq!(floor(), ITEMS)));
    }
    let best = |t: Vec<Duration>| t.into_iter().min().unwrap();
    let (ours_t, typed_t, floor_t) = (best(t_ours), best(t_typed), best(t_floor));
    let per_page = |f: &dyn Fn() -> usize| {
        alloc::count(|| {
            f();
        }) as f64
            / PAGES as f64
    };
    println!(
        "iterate {ITEMS} {}: ours {:.1} ms, typed loop {:.1} ms, floor {:.1} ms; \
         ours/typed = {:.3}, ours/floor = {:.3}; allocations per page: ours {:.0}, typed {:.0}, \
         floor {:.0}",
        resource.name,
        millis(ours_t),
        millis(typed_t),
        millis(floor_t),
        ours_t.as_secs_f64() / typed_t.as_secs_f64(),
        ours_t.as_secs_f64() / floor_t.as_secs_f64(),
        per_page(&ours),
        per_page(&typed),
        per_page(&floor),
    );
}

/// Median of `GET_CALLS` interleaved gets, and allocations per get.
fn get(resource: &Resource, one: &Get) {
    let server = Responder::start(answers(resource));
    let client = client(&server.url);
    let bare = Bare::new(&server.url);
    let id = id(one.id_kind, 1);
    let path = format!("/v2/{}/{}", one.collection, encode(&id));
    let ours = || (one.ours)(&client, &id);
    let typed = || (one.typed)(&bare.get(&path));
    let floor = || (one.floor)(&bare.get(&path));
    for _ in 0..100 {
        ours();
        typed();
        floor();
    }
    let (mut t_ours, mut t_typed, mut t_floor) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..GET_CALLS {
        t_ours.push(time(ours));
        t_typed.push(time(typed));
        t_floor.push(time(floor));
    }
    let (ours_t, typed_t, floor_t) = (median(t_ours), median(t_typed), median(t_floor));
    let per_call = |f: &dyn Fn()| alloc::count(|| (0..100).for_each(|_| f())) as f64 / 100.0;
    println!(
        "get one of the {}: median ours {:.1} µs, typed loop {:.1} µs, floor {:.1} µs; \
         ours/typed = {:.3}, ours/floor = {:.3}; allocations per get: ours {:.0}, typed {:.0}, \
         floor {:.0}",
        resource.name,
        micros(ours_t),
        micros(typed_t),
        micros(floor_t),
        ours_t.as_secs_f64() / typed_t.as_secs_f64(),
        ours_t.as_secs_f64() / floor_t.as_secs_f64(),
        per_call(&ours),
        per_call(&typed),
        per_call(&floor),
    );
}

/// `--repeat <resource> <ours|typed|floor> <gets> <listings>`: that many
/// gets, then listings of 20,000 items, of one resource and nothing else,
/// for an instruction count that the machine's scheduling cannot blur:
///
/// ```sh
/// valgrind --tool=callgrind --callgrind-out-file=/dev/null \
///     target/release/deps/throughput-<hash> --repeat spaces ours 1000 0
/// ```
///
/// The responder runs in a child process (`--serve`), as nginx would, so
/// that the count is the client's alone: the difference with a run of
/// `0 0` is the work of the calls.
///
/// With `ARIZE_BENCH_URL` set, gets go to that server instead (nginx
/// serving the files of `--write-gets`), and no responder is started.
fn repeat(resource: &str, who: &str, gets: usize, listings: usize) {
    let resource = find(resource);
    let (url, _server) = match std::env::var("ARIZE_BENCH_URL") {
        Ok(url) => (url, None),
        Err(_) => {
            let server = Child::serve(resource.name);
            (server.url.clone(), Some(server))
        }
    };
    let client = client(&url);
    let bare = Bare::new(&url);
    for _ in 0..gets {
        let one = resource.get.as_ref().expect("a resource with a get");
        let id = id(one.id_kind, 1);
        let path = format!("/v2/{}/{}", one.collection, encode(&id));
        match who {
            "ours" => (one.ours)(&client, &id),
            "typed" => (one.typed)(&bare.get(&path)),
            _ => (one.floor)(&bare.get(&path)),
        }
    }
    for _ in 0..listings {
        let items = match who {
            "ours" => (resource.ours)(&client),
            "typed" => bare.iterate(resource.list, resource.typed),
            _ => bare.iterate(resource.list, resource.floor),
        };
        assert_eq!(items, ITEMS);
    }
}

/// `--write-gets <dir>`: writes the answer of every resource's get under
/// `dir`, at its path (percent-decoded, as a web server maps it), for
/// nginx to serve:
///
/// ```text
/// server { listen 127.0.0.1:18080; root <dir>; default_type application/json; }
/// ```
fn write_gets(dir: &str) {
    for resource in &RESOURCES {
        let Some(one) = &resource.get else {
            continue;
        };
        let id = id(one.id_kind, 1);
        let path = std::path::Path::new(dir)
            .join("v2")
            .join(one.collection)
            .join(&id);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, (resource.item)(1).to_string()).unwrap();
        println!("{}", path.display());
    }
}

fn find(resource: &str) -> &'static Resource {
    RESOURCES
        .iter()
        .find(|r| r.name.starts_with(resource))
        .expect("spaces, organizations, users, role bindings, projects, API keys or audit")
}

/// `--serve <resource>`: serves the resource's answers, prints the URL,
/// and serves until its standard input closes.
fn serve(resource: &str) {
    let server = Responder::start(answers(find(resource)));
    println!("{}", server.url);
    let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut Vec::new());
}

/// A responder in a child process of this benchmark.
struct Child {
    url: String,
    process: std::process::Child,
}

impl Child {
    fn serve(resource: &str) -> Child {
        use std::{
            io::BufRead,
            process::{Command, Stdio},
        };
        let mut process = Command::new(std::env::current_exe().unwrap())
            .args(["--serve", resource])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut url = String::new();
        std::io::BufReader::new(process.stdout.take().unwrap())
            .read_line(&mut url)
            .unwrap();
        Child {
            url: url.trim().to_owned(),
            process,
        }
    }
}

impl Drop for Child {
    fn drop(&mut self) {
        // Closing its standard input ends it.
        drop(self.process.stdin.take());
        let _ = self.process.wait();
    }
}

/// The limit: the same requests (same headers) made with ureq and
/// serde_json, with no facade.
struct Bare {
    agent: ureq::Agent,
    url: String,
}

impl Bare {
    fn new(url: &str) -> Bare {
        Bare {
            agent: ureq::Agent::new_with_defaults(),
            url: url.to_owned(),
        }
    }

    fn get(&self, path: &str) -> Vec<u8> {
        self.agent
            .get(format!("{}{path}", self.url))
            .header("authorization", "Bearer bench-key")
            .header("accept", "application/json")
            .header("accept-encoding", "gzip")
            .header(
                "user-agent",
                concat!("arize-rust/", env!("CARGO_PKG_VERSION")),
            )
            .header("sdk-language", "rust")
            .header("sdk-version", env!("CARGO_PKG_VERSION"))
            .header("sdk-package-name", "arize")
            .header("language-version", "1.95.0")
            .call()
            .unwrap()
            .body_mut()
            .read_to_vec()
            .unwrap()
    }

    fn iterate(&self, list: &str, page: fn(&[u8]) -> (usize, Option<String>)) -> usize {
        let mut count = 0;
        let mut next: Option<String> = None;
        loop {
            let path = match &next {
                None => format!("{list}limit={PAGE_SIZE}"),
                Some(cursor) => format!("{list}limit={PAGE_SIZE}&cursor={cursor}"),
            };
            let (items, cursor) = page(&self.get(&path));
            count += items;
            match cursor {
                Some(cursor) => next = Some(cursor),
                None => return count,
            }
        }
    }
}

pub fn time(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

pub fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

pub fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn millis(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}
