//! Helpers shared by the integration tests. Every server runs on 127.0.0.1.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use mockito::{Matcher, Mock, ServerGuard};
use serde_json::{Value, json};

/// The API key every test client sends. Tests assert it never leaks.
pub const KEY: &str = "ak-test-5ecret-0123456789";

/// Space IDs as the API shapes them: base64 of `Space:<n>:<suffix>`, chosen
/// so that they hold `+`, `/` and `=`.
pub const ID_1: &str = "U3BhY2U6MTpmb28+Pz8=";
pub const ID_1_PATH: &str = "U3BhY2U6MTpmb28%2BPz8%3D";
pub const ID_2: &str = "U3BhY2U6Mjo/MDA=";
pub const USER: &str = "VXNlcjo0Mjp6";
pub const ORG: &str = "T3JnYW5pemF0aW9uOjE=";
pub const ORG_PATH: &str = "T3JnYW5pemF0aW9uOjE%3D";
/// A custom role, a role binding and a project (a `Model`), shaped like
/// the API's IDs.
pub const ROLE: &str = "Um9sZTo3OmE/Yg==";
pub const ROLE_PATH: &str = "Um9sZTo3OmE%2FYg%3D%3D";
pub const BINDING: &str = "Um9sZUJpbmRpbmc6MTp4";
pub const BINDING_PATH: &str = "Um9sZUJpbmRpbmc6MTp4";
pub const PROJECT: &str = "TW9kZWw6MTIzOmE+";
pub const PROJECT_PATH: &str = "TW9kZWw6MTIzOmE%2B";

/// A client for the mock server, retrying up to 3 attempts with no real
/// waiting; the waits it would have slept are recorded.
pub fn client(server: &ServerGuard) -> arize::Client {
    client_with_waits(server).0
}

pub fn client_with_waits(server: &ServerGuard) -> (arize::Client, Waits) {
    waiting_client(&server.url())
}

/// The waits a client would have slept, in order.
pub type Waits = Arc<Mutex<Vec<Duration>>>;

/// A client for `url`, retrying up to 3 attempts with no real waiting; the
/// waits it would have slept are recorded.
pub fn waiting_client(url: &str) -> (arize::Client, Waits) {
    let waits = Waits::default();
    let log = Arc::clone(&waits);
    let client = arize::Client::builder()
        .api_key(KEY)
        .base_url(url)
        .sleeper(move |wait| log.lock().unwrap().push(wait))
        .build()
        .unwrap();
    (client, waits)
}

/// A client for `url` that sends each request once.
pub fn client_without_retries(url: &str) -> arize::Client {
    arize::Client::builder()
        .api_key(KEY)
        .base_url(url)
        .max_attempts(1)
        .build()
        .unwrap()
}

/// A mock of one exact request line (path and query as sent, encoded), that
/// also requires every header each request must carry.
pub fn expect(server: &mut ServerGuard, method: &str, path_and_query: &str) -> Mock {
    let version = env!("CARGO_PKG_VERSION");
    server
        .mock(method, path_and_query)
        .match_header("authorization", format!("Bearer {KEY}").as_str())
        .match_header("accept", "application/json")
        .match_header("accept-encoding", "gzip")
        .match_header("user-agent", format!("arize-rust/{version}").as_str())
        .match_header("sdk-language", "rust")
        .match_header("sdk-version", version)
        .match_header("sdk-package-name", "arize")
        .match_request(names_a_rust_version)
}

/// Whether the request names the Rust version it was built with,
/// `1.<minor>.<patch…>`: checked by hand, as mockito would compile a regex
/// for every request it matches.
fn names_a_rust_version(request: &mockito::Request) -> bool {
    let values = request.header("language-version");
    let [value] = values.as_slice() else {
        return false;
    };
    let mut parts = value.to_str().unwrap_or_default().splitn(3, '.');
    let number = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    parts.next() == Some("1")
        && parts.next().is_some_and(number)
        && parts
            .next()
            .is_some_and(|patch| patch.starts_with(|c: char| c.is_ascii_digit()))
}

/// [`expect`] for a request with a JSON body equal to `body`.
pub fn expect_json(server: &mut ServerGuard, method: &str, path: &str, body: Value) -> Mock {
    expect(server, method, path)
        .match_header("content-type", "application/json")
        .match_body(Matcher::Json(body))
}

/// Sets all 8 fields of an update: name `n`, description `d`, private,
/// LLM integration `i`/`m`, ML models off, colours `#000000`/`#ffffff`,
/// agent runtime `r`.
pub fn set_every_field(update: arize::UpdateSpace) -> arize::UpdateSpace {
    update
        .name("n")
        .description("d")
        .private(true)
        .default_llm_integration("i", "m")
        .ml_models_enabled(false)
        .gradient_start_color("#000000")
        .gradient_end_color("#ffffff")
        .default_agent_runtime("r")
}

/// A fake with organizations `acme` and `globex`, users `alice` and
/// `annie` (an annotator) in acme and `gus` in globex, and the custom role
/// `reviewer`.
#[cfg(feature = "testing")]
pub fn seeded_fake() -> arize::testing::FakeServer {
    use arize::testing::{AccountRole, FakeServer};
    FakeServer::builder()
        .organization("acme")
        .organization("globex")
        .user("alice", AccountRole::Member, ["acme"])
        .user("annie", AccountRole::Annotator, ["acme"])
        .user("gus", AccountRole::Member, ["globex"])
        .custom_role("reviewer")
        .start()
}

/// A `Space` as an older server sends it: only the always-present fields.
pub fn space(id: &str, name: &str) -> Value {
    json!({
        "id": id,
        "name": name,
        "description": "",
        "created_at": "2026-01-02T03:04:05Z",
        "is_private": false,
    })
}

/// A `ListSpacesResponse`.
pub fn page(spaces: Vec<Value>, next_cursor: Option<&str>) -> String {
    page_of("spaces", spaces, next_cursor)
}

/// A page of a listing: its items under `field` (`spaces`, `users`, …),
/// with more after it when there is a cursor.
pub fn page_of(field: &str, items: Vec<Value>, next_cursor: Option<&str>) -> String {
    let pagination = match next_cursor {
        Some(cursor) => json!({"has_more": true, "next_cursor": cursor}),
        None => json!({"has_more": false}),
    };
    json!({field: items, "pagination": pagination}).to_string()
}

/// A catch-all for `method` that must never be reached.
pub fn nothing(server: &mut ServerGuard, method: &str) -> Mock {
    server.mock(method, Matcher::Any).expect(0).create()
}

/// Catch-alls for every method: nothing may be sent.
pub fn nothing_sent(server: &mut ServerGuard) -> Vec<Mock> {
    ["GET", "POST", "PUT", "PATCH", "DELETE"]
        .into_iter()
        .map(|method| nothing(server, method))
        .collect()
}

/// Asserts `mock`, then removes it, so that the server can be used again
/// for the same request.
pub fn verified(mock: &Mock) {
    mock.assert();
    mock.remove();
}

/// An RFC 9457 problem body.
pub fn problem(status: u16, title: &str, detail: &str) -> String {
    json!({"type": "about:blank", "title": title, "status": status, "detail": detail, "instance": "/v2/spaces"}).to_string()
}

/// Organization IDs as the API shapes them: base64 of
/// `Organization:1:ac>ab?x` and `Organization:2:gl>ob?ex`, chosen so that
/// they hold `+`, `/` and `=`; the `_PATH` form is percent-encoded by hand.
pub const ORG_ACME: &str = "T3JnYW5pemF0aW9uOjE6YWM+YWI/eA==";
pub const ORG_ACME_PATH: &str = "T3JnYW5pemF0aW9uOjE6YWM%2BYWI%2FeA%3D%3D";
pub const ORG_GLOBEX: &str = "T3JnYW5pemF0aW9uOjI6Z2w+b2I/ZXg=";

/// User IDs: base64 of `User:42:aal>ic?e`, `User:43:Xbo>bb?x`,
/// `User:44:Xmi>ss?x` and `User:45:Xer>rr?x`, each holding `+`, `/` and `=`.
pub const ALICE_ID: &str = "VXNlcjo0MjphYWw+aWM/ZQ==";
pub const ALICE_PATH: &str = "VXNlcjo0MjphYWw%2BaWM%2FZQ%3D%3D";
pub const BOB_ID: &str = "VXNlcjo0MzpYYm8+YmI/eA==";
pub const BOB_PATH: &str = "VXNlcjo0MzpYYm8%2BYmI%2FeA%3D%3D";
pub const MISSING_ID: &str = "VXNlcjo0NDpYbWk+c3M/eA==";
pub const MISSING_PATH: &str = "VXNlcjo0NDpYbWk%2Bc3M%2FeA%3D%3D";
pub const BROKEN_ID: &str = "VXNlcjo0NTpYZXI+cnI/eA==";
pub const BROKEN_PATH: &str = "VXNlcjo0NTpYZXI%2BcnI%2FeA%3D%3D";

/// Alice's email, and its form in a query (`@` and `.` are encoded).
pub const ALICE: &str = "alice@x.io";
pub const ALICE_QUERY: &str = "alice%40x%2Eio";

/// An `Organization` with every field the reference lists.
pub fn organization(id: &str, name: &str) -> Value {
    json!({
        "id": id,
        "name": name,
        "description": "",
        "created_at": "2026-01-02T03:04:05Z",
    })
}

/// A `User` with every field the reference lists: an active member and
/// developer named after the local part of the email.
pub fn user(id: &str, email: &str) -> Value {
    json!({
        "id": id,
        "name": email.split('@').next().unwrap_or_default(),
        "email": email,
        "created_at": "2026-01-02T03:04:05Z",
        "status": "ACTIVE",
        "role": {"type": "PREDEFINED", "name": "MEMBER"},
        "is_developer": true,
    })
}

/// An `OrganizationMembership` of `user_id` in `organization_id`.
pub fn organization_membership(user_id: &str, organization_id: &str, role: Value) -> String {
    json!({
        "id": "QWNjb3VudE9yZ2FuaXphdGlvbk1lbWJlcjox",
        "user_id": user_id,
        "organization_id": organization_id,
        "role": role,
    })
    .to_string()
}

/// A second custom role, with `+` and `=`.
pub const ROLE_2: &str = "Um9sZTo4OmM+ZA==";
pub const ROLE_2_PATH: &str = "Um9sZTo4OmM%2BZA%3D%3D";

/// A custom `Role` with every field the reference lists.
pub fn role_json(id: &str, name: &str, permissions: &[&str]) -> Value {
    json!({
        "id": id,
        "name": name,
        "description": "Reads and annotates traces",
        "permissions": permissions,
        "is_predefined": false,
        "created_at": "2026-01-02T03:04:05Z",
        "updated_at": "2026-02-03T04:05:06Z",
    })
}

/// A second role binding, with `=`.
pub const BINDING_2: &str = "Um9sZUJpbmRpbmc6Mjp5Pw==";
pub const BINDING_2_PATH: &str = "Um9sZUJpbmRpbmc6Mjp5Pw%3D%3D";

/// The email of the user `USER`, and its form in a query (`@` and `.`
/// are encoded).
pub const EMAIL: &str = "a@x.io";
pub const EMAIL_QUERY: &str = "a%40x%2Eio";

/// A `RoleBinding` of `USER` with every field the reference lists.
pub fn binding_json(id: &str, role_id: &str, resource_type: &str, resource_id: &str) -> Value {
    json!({
        "id": id,
        "role_id": role_id,
        "user_id": USER,
        "resource_type": resource_type,
        "resource_id": resource_id,
        "created_at": "2026-01-02T03:04:05Z",
        "updated_at": "2026-02-03T04:05:06Z",
    })
}

/// A client for `url` retrying up to 3 attempts without waiting, for the
/// raw server.
pub fn no_wait_client(url: &str) -> arize::Client {
    arize::Client::builder()
        .api_key(KEY)
        .base_url(url)
        .sleeper(|_| {})
        .build()
        .unwrap()
}

/// A `ResourceRestriction` with every field the reference lists.
pub fn restriction_json(resource_id: &str, resource_type: &str) -> Value {
    json!({
        "resource_id": resource_id,
        "resource_type": resource_type,
        "created_at": "2026-01-02T03:04:05Z",
    })
}
