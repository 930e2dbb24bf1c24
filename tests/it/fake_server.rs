//! The fake's own fidelity: each rule of the API reference, checked with raw
//! HTTP requests (status and problem body), so that tests written against
//! the fake are tests against the real contract. Spaces here; organizations,
//! users, roles, role bindings and resource restrictions in the submodules.

mod organizations;
mod resource_restrictions;
mod role_bindings;
mod roles;
mod users;

use std::time::Duration;

use arize::testing::FakeServer;

use crate::{
    common::seeded_fake,
    raw::{GUARD, within},
};
use serde_json::{Value, json};

pub(crate) struct Answer {
    pub(crate) status: u16,
    content_type: String,
    retry_after: Option<String>,
    pub(crate) body: Value,
}

/// A raw request with the fake's key (or `key`), outside the client.
pub(crate) fn send(
    fake: &FakeServer,
    method: &str,
    path: &str,
    body: Option<&str>,
    key: Option<&str>,
) -> Answer {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let mut request = ureq::http::Request::builder()
        .method(method)
        .uri(format!("{}{path}", fake.url()));
    if let Some(key) = key {
        request = request.header("authorization", format!("Bearer {key}"));
    }
    let mut response = match body {
        Some(body) => agent.run(
            request
                .header("content-type", "application/json")
                .body(body.as_bytes())
                .unwrap(),
        ),
        None => agent.run(request.body(()).unwrap()),
    }
    .unwrap();
    let header = |name| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let content_type = header("content-type").unwrap_or_default();
    let retry_after = header("retry-after");
    let text = response.body_mut().read_to_string().unwrap();
    Answer {
        status: response.status().as_u16(),
        content_type,
        retry_after,
        body: if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap()
        },
    }
}

pub(crate) fn call(fake: &FakeServer, method: &str, path: &str, body: Option<Value>) -> Answer {
    let body = body.map(|b| b.to_string());
    send(fake, method, path, body.as_deref(), Some(&fake.api_key()))
}

/// Asserts an RFC 9457 problem answer with this status.
pub(crate) fn assert_problem(answer: &Answer, status: u16, detail_part: &str) {
    assert_eq!(answer.status, status, "{}", answer.body);
    assert_eq!(answer.content_type, "application/problem+json");
    assert_eq!(answer.body["status"], status);
    assert!(answer.body["title"].is_string());
    let detail = answer.body["detail"].as_str().unwrap();
    assert!(
        detail.contains(detail_part),
        "{detail:?} lacks {detail_part:?}"
    );
}

fn create(fake: &FakeServer, name: &str, org: &str) -> String {
    let answer = call(
        fake,
        "POST",
        "/v2/spaces",
        Some(json!({"name": name, "organization_id": fake.organization_id(org)})),
    );
    assert_eq!(answer.status, 201, "{}", answer.body);
    answer.body["id"].as_str().unwrap().to_owned()
}

fn path(id: &str) -> String {
    format!("/v2/spaces/{}", encode(id))
}

/// An ID as a path segment.
fn encode(id: &str) -> String {
    percent_encoding::utf8_percent_encode(id, percent_encoding::NON_ALPHANUMERIC).to_string()
}

/// The decoded text of a base64 ID, such as `Space:1:…`.
fn decode_id(id: &Value) -> String {
    let bytes = base64::Engine::decode(
        &base64::engine::general_purpose::STANDARD,
        id.as_str().unwrap(),
    )
    .unwrap();
    String::from_utf8(bytes).unwrap()
}

/// The `name` of each item of a listing's `key` array.
fn names(answer: &Answer, key: &str) -> Vec<String> {
    fields(answer, key, "name")
}

/// The `field` of each item of a listing's `key` array.
fn fields(answer: &Answer, key: &str, field: &str) -> Vec<String> {
    assert_eq!(answer.status, 200, "{}", answer.body);
    answer.body[key]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item[field].as_str().unwrap().to_owned())
        .collect()
}

/// Every page of a listing (`path` already has a query), following the
/// cursors, as the names of each page's items. At most 20 pages.
fn pages(fake: &FakeServer, path: &str, key: &str) -> Vec<Vec<String>> {
    pages_by(fake, path, key, "name")
}

/// [`pages`], naming each item by its `field`.
fn pages_by(fake: &FakeServer, path: &str, key: &str, field: &str) -> Vec<Vec<String>> {
    let mut pages = Vec::new();
    let mut url = path.to_owned();
    for _ in 0..20 {
        let answer = call(fake, "GET", &url, None);
        pages.push(fields(&answer, key, field));
        let pagination = &answer.body["pagination"];
        if pagination["has_more"] == false {
            assert_eq!(
                *pagination,
                json!({"has_more": false}),
                "no cursor at the end"
            );
            return pages;
        }
        let cursor = pagination["next_cursor"].as_str().unwrap();
        url = format!("{path}&cursor={cursor}");
    }
    panic!("more than 20 pages at {path}");
}

#[test]
fn created_spaces_have_real_shaped_ids_and_every_field() {
    let fake = seeded_fake();
    let answer = call(
        &fake,
        "POST",
        "/v2/spaces",
        Some(
            json!({"name": "fraud", "organization_id": fake.organization_id("acme"), "description": "d", "is_private": true}),
        ),
    );
    assert_eq!(answer.status, 201);
    assert_eq!(answer.content_type, "application/json");
    let space = &answer.body;
    let id = space["id"].as_str().unwrap();
    let decoded = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, id).unwrap();
    let decoded = String::from_utf8(decoded).unwrap();
    assert!(decoded.starts_with("Space:1:"), "{decoded}");
    assert_eq!(space["name"], "fraud");
    assert_eq!(space["description"], "d");
    assert_eq!(space["is_private"], true);
    assert_eq!(space["organization_id"], fake.organization_id("acme"));
    assert!(space["created_at"].as_str().unwrap().ends_with('Z'));
    for field in [
        "default_llm_integration",
        "ml_models_enabled",
        "gradient_start_color",
        "gradient_end_color",
        "default_agent_runtime",
    ] {
        assert!(space.get(field).is_some(), "{field}");
    }
    assert_eq!(call(&fake, "GET", &path(id), None).body, *space);
}

#[test]
fn names_are_unique_per_organization_only() {
    let fake = seeded_fake();
    create(&fake, "shared", "acme");
    create(&fake, "shared", "globex");
    let answer = call(
        &fake,
        "POST",
        "/v2/spaces",
        Some(json!({"name": "shared", "organization_id": fake.organization_id("acme")})),
    );
    assert_problem(&answer, 409, "already exists");
    let other = create(&fake, "other", "acme");
    let answer = call(
        &fake,
        "PATCH",
        &path(&other),
        Some(json!({"name": "shared"})),
    );
    assert_problem(&answer, 409, "already exists");
}

#[test]
fn invalid_create_bodies_are_400_or_422() {
    let fake = seeded_fake();
    let org = fake.organization_id("acme");
    let cases = [
        ("not json", 400, "JSON object"),
        ("[1, 2]", 400, "JSON object"),
        (r#"{"organization_id": "x"}"#, 400, "name: required"),
        (
            &*json!({"name": "n"}).to_string(),
            400,
            "organization_id: required",
        ),
        (
            &*json!({"name": 5, "organization_id": org}).to_string(),
            400,
            "expected a string",
        ),
        (
            &*json!({"name": "n", "organization_id": org, "is_private": "yes"}).to_string(),
            400,
            "boolean",
        ),
        (
            &*json!({"name": "n", "organization_id": org, "id": "x"}).to_string(),
            400,
            "unknown field \"id\"",
        ),
        (
            &*json!({"name": "n", "organization_id": org, "created_at": "x"}).to_string(),
            400,
            "unknown field",
        ),
        (
            &*json!({"name": "", "organization_id": org}).to_string(),
            422,
            "name",
        ),
        (
            &*json!({"name": "n".repeat(256), "organization_id": org}).to_string(),
            422,
            "name",
        ),
        (
            &*json!({"name": "n", "organization_id": org, "description": "d".repeat(1001)})
                .to_string(),
            422,
            "description",
        ),
        (
            &*json!({"name": "n", "organization_id": "T3JnOjk5"}).to_string(),
            404,
            "organization",
        ),
    ];
    for (body, status, detail) in cases {
        let answer = send(
            &fake,
            "POST",
            "/v2/spaces",
            Some(body),
            Some(&fake.api_key()),
        );
        assert_problem(&answer, status, detail);
    }
    // The boundaries are accepted.
    let answer = call(
        &fake,
        "POST",
        "/v2/spaces",
        Some(
            json!({"name": "é".repeat(255), "organization_id": org, "description": "d".repeat(1000)}),
        ),
    );
    assert_eq!(answer.status, 201);
}

#[test]
fn list_filters_by_organization_and_case_insensitive_substring() {
    let fake = seeded_fake();
    create(&fake, "Fraud-Models", "acme");
    create(&fake, "fraud-archive", "globex");
    create(&fake, "churn", "acme");
    let names = |query: &str| -> Vec<String> {
        let answer = call(&fake, "GET", &format!("/v2/spaces{query}"), None);
        assert_eq!(answer.status, 200);
        answer.body["spaces"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names(""), ["Fraud-Models", "fraud-archive", "churn"]);
    assert_eq!(names("?name=FRAUD"), ["Fraud-Models", "fraud-archive"]);
    let acme = fake.organization_id("acme");
    assert_eq!(
        names(&format!("?org_id={acme}&name=fraud")),
        ["Fraud-Models"]
    );
    assert!(names("?org_id=T3JnOjk5").is_empty());
    let long = call(
        &fake,
        "GET",
        &format!("/v2/spaces?name={}", "n".repeat(256)),
        None,
    );
    assert_problem(&long, 400, "name");
}

#[test]
fn list_pages_with_opaque_cursors_exactly_like_the_api() {
    let fake = FakeServer::builder()
        .organization("acme")
        .spaces("acme", 5)
        .start();
    let first = call(&fake, "GET", "/v2/spaces?limit=2", None).body;
    assert_eq!(first["spaces"].as_array().unwrap().len(), 2);
    assert_eq!(first["pagination"]["has_more"], true);
    let cursor = first["pagination"]["next_cursor"].as_str().unwrap();
    let second = call(
        &fake,
        "GET",
        &format!("/v2/spaces?limit=2&cursor={cursor}"),
        None,
    )
    .body;
    let cursor = second["pagination"]["next_cursor"].as_str().unwrap();
    let last = call(
        &fake,
        "GET",
        &format!("/v2/spaces?limit=2&cursor={cursor}"),
        None,
    )
    .body;
    assert_eq!(last["spaces"].as_array().unwrap().len(), 1);
    assert_eq!(
        last["pagination"],
        json!({"has_more": false}),
        "no cursor on the last page"
    );
    // The default page size is 50.
    let fake = FakeServer::builder()
        .organization("acme")
        .spaces("acme", 60)
        .start();
    let page = call(&fake, "GET", "/v2/spaces", None).body;
    assert_eq!(page["spaces"].as_array().unwrap().len(), 50);
}

#[test]
fn patch_has_three_states_per_field() {
    let fake = seeded_fake();
    let id = create(&fake, "s", "acme");
    let set = call(
        &fake,
        "PATCH",
        &path(&id),
        Some(json!({
            "description": "d",
            "default_llm_integration": {"integration_id": "i", "model_name": "m"},
            "default_agent_runtime": {"integration_id": "r"},
            "ml_models_enabled": true,
            "gradient_start_color": "#111111"
        })),
    )
    .body;
    assert_eq!(set["description"], "d");
    assert_eq!(set["default_llm_integration"]["model_name"], "m");
    // Omitted fields keep their value.
    let kept = call(
        &fake,
        "PATCH",
        &path(&id),
        Some(json!({"is_private": true})),
    )
    .body;
    assert_eq!(kept["description"], "d");
    assert_eq!(kept["default_agent_runtime"]["integration_id"], "r");
    assert_eq!(kept["name"], "s");
    // null clears the clearable fields.
    let cleared = call(
        &fake,
        "PATCH",
        &path(&id),
        Some(json!({"description": null, "default_llm_integration": null, "default_agent_runtime": null})),
    )
    .body;
    assert_eq!(cleared["description"], "");
    assert_eq!(cleared["default_llm_integration"], Value::Null);
    assert_eq!(cleared["default_agent_runtime"], Value::Null);
    assert_eq!(cleared["is_private"], true);
}

#[test]
fn invalid_patches_are_refused() {
    let fake = seeded_fake();
    let id = create(&fake, "s", "acme");
    let cases = [
        (json!({}), 400, "at least one field"),
        (json!({"colour": "red"}), 400, "unknown field"),
        (json!({"name": null}), 422, "cannot be cleared"),
        (json!({"is_private": null}), 422, "cannot be cleared"),
        (json!({"description": ""}), 422, "description"),
        (json!({"description": "d".repeat(1001)}), 422, "description"),
        (json!({"name": "n".repeat(256)}), 422, "name"),
        (
            json!({"default_llm_integration": {"integration_id": "i"}}),
            422,
            "model_name",
        ),
        (json!({"default_agent_runtime": "r"}), 400, "object or null"),
        (json!({"ml_models_enabled": "yes"}), 400, "boolean"),
    ];
    for (body, status, detail) in cases {
        assert_problem(
            &call(&fake, "PATCH", &path(&id), Some(body)),
            status,
            detail,
        );
    }
}

#[test]
fn add_user_is_an_upsert_and_returns_the_membership() {
    let fake = seeded_fake();
    let id = create(&fake, "s", "acme");
    let users = format!("{}/users", path(&id));
    let alice = fake.user_id("alice");
    let first = call(
        &fake,
        "POST",
        &users,
        Some(json!({"user_id": alice, "role": {"type": "PREDEFINED", "name": "MEMBER"}})),
    );
    assert_eq!(first.status, 200);
    assert_eq!(first.body["space_id"], id);
    assert_eq!(first.body["user_id"], alice);
    let role = fake.role_id("reviewer");
    let second = call(
        &fake,
        "POST",
        &users,
        Some(json!({"user_id": alice, "role": {"type": "CUSTOM", "id": role}})),
    )
    .body;
    assert_eq!(
        second["id"], first.body["id"],
        "the same membership, updated"
    );
    assert_eq!(
        second["role"],
        json!({"type": "CUSTOM", "id": role, "name": "reviewer"})
    );
}

#[test]
fn add_user_enforces_the_organization_and_role_rules() {
    let fake = seeded_fake();
    let id = create(&fake, "s", "acme");
    let users = format!("{}/users", path(&id));
    let predefined = |user: &str, name: &str| json!({"user_id": fake.user_id(user), "role": {"type": "PREDEFINED", "name": name}});
    assert_problem(
        &call(&fake, "POST", &users, Some(predefined("gus", "MEMBER"))),
        400,
        "organization",
    );
    assert_problem(
        &call(&fake, "POST", &users, Some(predefined("annie", "MEMBER"))),
        400,
        "annotator",
    );
    assert_problem(
        &call(
            &fake,
            "POST",
            &users,
            Some(predefined("alice", "ANNOTATOR")),
        ),
        400,
        "annotator",
    );
    assert_eq!(
        call(
            &fake,
            "POST",
            &users,
            Some(predefined("annie", "ANNOTATOR"))
        )
        .status,
        200
    );
    assert_problem(
        &call(&fake, "POST", &users, Some(predefined("alice", "OWNER"))),
        422,
        "OWNER",
    );
    let custom =
        json!({"user_id": fake.user_id("alice"), "role": {"type": "CUSTOM", "id": "Um9sZTo5OQ=="}});
    assert_problem(
        &call(&fake, "POST", &users, Some(custom)),
        404,
        "custom role",
    );
    let unknown_user =
        json!({"user_id": "VXNlcjo5OQ==", "role": {"type": "PREDEFINED", "name": "MEMBER"}});
    assert_problem(
        &call(&fake, "POST", &users, Some(unknown_user)),
        404,
        "no user",
    );
    let no_role = json!({"user_id": fake.user_id("alice")});
    assert_problem(&call(&fake, "POST", &users, Some(no_role)), 400, "role");
}

#[test]
fn removing_a_non_member_is_404_and_deleting_a_space_removes_its_members() {
    let fake = seeded_fake();
    let id = create(&fake, "s", "acme");
    let alice = fake.user_id("alice");
    let member = format!("{}/users/{}", path(&id), alice);
    assert_problem(&call(&fake, "DELETE", &member, None), 404, "not a member");
    let add = json!({"user_id": alice, "role": {"type": "PREDEFINED", "name": "ADMIN"}});
    call(&fake, "POST", &format!("{}/users", path(&id)), Some(add));
    let removed = call(&fake, "DELETE", &member, None);
    assert_eq!((removed.status, removed.body), (204, Value::Null));
    assert_problem(&call(&fake, "DELETE", &member, None), 404, "not a member");

    let add = json!({"user_id": alice, "role": {"type": "PREDEFINED", "name": "ADMIN"}});
    call(&fake, "POST", &format!("{}/users", path(&id)), Some(add));
    assert_eq!(call(&fake, "DELETE", &path(&id), None).status, 204);
    assert_problem(&call(&fake, "GET", &path(&id), None), 404, "no space");
    assert_problem(&call(&fake, "DELETE", &member, None), 404, "no space");
}

#[test]
fn injected_failures_come_first_with_retry_after() {
    let fake = seeded_fake();
    fake.fail_next_with_retry_after(1, 429, "7");
    fake.fail_next(1, 503);
    let limited = call(&fake, "GET", "/v2/spaces", None);
    assert_problem(&limited, 429, "injected");
    assert_eq!(limited.retry_after.as_deref(), Some("7"));
    let unavailable = call(&fake, "GET", "/v2/spaces", None);
    assert_problem(&unavailable, 503, "injected");
    assert_eq!(unavailable.retry_after, None);
    assert_eq!(call(&fake, "GET", "/v2/spaces", None).status, 200);
    // Even an unauthenticated request gets the injected failure.
    fake.fail_next(1, 502);
    assert_eq!(send(&fake, "GET", "/v2/spaces", None, None).status, 502);
}

#[test]
fn latency_makes_a_short_timeout_fire() {
    let fake = seeded_fake();
    fake.set_latency(Duration::from_millis(500));
    let client = fake
        .client_builder()
        .timeout(Some(Duration::from_millis(100)))
        .build()
        .unwrap();
    let error = client.spaces().list().send().unwrap_err();
    assert!(
        matches!(&error, arize::Error::Timeout(t) if !t.is_connect() && t.attempts() == 1),
        "a timeout is not retried: {error:?}"
    );
}

#[test]
fn requests_are_logged_and_connections_counted() {
    let fake = seeded_fake();
    let client = fake.client();
    for _ in 0..5 {
        client.spaces().list().limit(3).send().unwrap();
    }
    let missing = client.spaces().get("U3BhY2U6OTk6eA==").unwrap_err();
    assert!(matches!(missing, arize::Error::NotFound(_)), "{missing:?}");
    let log = fake.requests();
    assert_eq!(log.len(), 6);
    assert_eq!(log[0].method, "GET");
    assert_eq!(log[0].url, "/v2/spaces?limit=3");
    assert_eq!(log[0].status, 200);
    assert_eq!(log[5].url, "/v2/spaces/U3BhY2U6OTk6eA%3D%3D");
    assert_eq!(log[5].status, 404);
    assert_eq!(fake.connections(), 1, "one client reuses one connection");
    fake.clear_requests();
    assert!(fake.requests().is_empty());
}

#[test]
fn the_server_stops_when_dropped() {
    let fake = seeded_fake();
    let client = fake.client_builder().max_attempts(1).build().unwrap();
    client.spaces().list().send().unwrap();
    drop(fake);
    let error = client.spaces().list().send().unwrap_err();
    assert!(
        matches!(&error, arize::Error::Transport(t) if t.is_connect() && t.attempts() == 1),
        "{error:?}"
    );
}

/// A raw HTTP/1.0 `GET` (so that the body is not chunked) on its own
/// connection, with these extra header lines; the answer's head (in lower
/// case) and body, exactly as received.
fn raw_get(fake: &FakeServer, path: &str, headers: &str) -> (String, Vec<u8>) {
    use std::io::{Read, Write};
    let addr = fake.url().trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    let request = format!(
        "GET {path} HTTP/1.0\r\nHost: {addr}\r\nAuthorization: Bearer {}\r\n{headers}\r\n",
        fake.api_key()
    );
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let end = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    let body = answer.split_off(end);
    (String::from_utf8(answer).unwrap().to_lowercase(), body)
}

#[test]
fn answers_are_gzipped_when_accepted_and_bytes_sent_are_counted() {
    within(GUARD, || {
        let fake = FakeServer::builder()
            .organization("acme")
            .spaces("acme", 100)
            .start();
        let path = "/v2/spaces?limit=100";
        let (plain_head, plain) = raw_get(&fake, path, "");
        let after_plain = fake.bytes_sent();
        assert_eq!(after_plain, (plain_head.len() + plain.len()) as u64);
        assert!(!plain_head.contains("content-encoding"), "{plain_head}");
        assert!(plain_head.contains("vary: accept-encoding"), "{plain_head}");

        let (gzip_head, gzipped) = raw_get(&fake, path, "Accept-Encoding: gzip\r\n");
        assert_eq!(
            fake.bytes_sent() - after_plain,
            (gzip_head.len() + gzipped.len()) as u64
        );
        assert!(gzip_head.contains("content-encoding: gzip"), "{gzip_head}");
        let mut inflated = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::GzDecoder::new(gzipped.as_slice()),
            &mut inflated,
        )
        .unwrap();
        assert!(inflated == plain, "the same JSON, compressed");
        assert!(
            gzipped.len() * 4 < plain.len(),
            "{} vs {}",
            gzipped.len(),
            plain.len()
        );

        let (refused_head, _) = raw_get(&fake, path, "Accept-Encoding: gzip;q=0, identity\r\n");
        assert!(!refused_head.contains("content-encoding"), "{refused_head}");
    });
}

#[test]
fn the_client_receives_compressed_answers() {
    within(GUARD, || {
        let fake = FakeServer::builder()
            .organization("acme")
            .spaces("acme", 100)
            .start();
        let spaces = fake.client().spaces().list().limit(100).send().unwrap();
        assert_eq!(spaces.len(), 100);
        let (head, plain) = raw_get(&fake, "/v2/spaces?limit=100", "");
        let sent_to_client = fake.bytes_sent() - (head.len() + plain.len()) as u64;
        assert!(
            sent_to_client * 4 < plain.len() as u64,
            "{sent_to_client} bytes for {} of JSON",
            plain.len()
        );
    });
}
