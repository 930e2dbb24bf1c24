//! The roles routes: custom roles, the predefined ones, and what uses them.

use arize::testing::{AccountRole, FakeServer};
use serde_json::{Value, json};

use super::{assert_problem, call, create, decode_id, encode, names, pages, path, send};
use crate::common::seeded_fake;

fn role(fake: &FakeServer, name: &str) -> String {
    format!("/v2/roles/{}", encode(&fake.role_id(name)))
}

fn create_role(fake: &FakeServer, body: Value) -> super::Answer {
    call(fake, "POST", "/v2/roles", Some(body))
}

const PREDEFINED: [&str; 3] = ["Project Admin", "Project Member", "Project Read-Only"];

#[test]
fn every_fake_lists_predefined_roles_then_custom_ones() {
    let fake = seeded_fake();
    let all = call(&fake, "GET", "/v2/roles", None);
    assert_eq!(
        names(&all, "roles"),
        [&PREDEFINED[..], &["reviewer"]].concat()
    );
    assert_eq!(all.body["pagination"], json!({"has_more": false}));
    let roles = all.body["roles"].as_array().unwrap();
    for predefined in &roles[..3] {
        assert_eq!(predefined["is_predefined"], true);
        assert!(!predefined["permissions"].as_array().unwrap().is_empty());
        assert!(predefined["description"].is_string());
    }
    let reviewer = &roles[3];
    assert!(decode_id(&reviewer["id"]).starts_with("Role:4:"));
    assert_eq!(reviewer["is_predefined"], false);
    assert_eq!(reviewer["permissions"], json!(["SPACE_READ"]));
    assert_eq!(reviewer.get("description"), None, "omitted when empty");
    assert_eq!(reviewer["created_at"], reviewer["updated_at"]);

    let list = |query: &str| call(&fake, "GET", &format!("/v2/roles{query}"), None);
    assert_eq!(names(&list("?is_predefined=true"), "roles"), PREDEFINED);
    assert_eq!(names(&list("?is_predefined=false"), "roles"), ["reviewer"]);
    assert_problem(&list("?is_predefined=yes"), 400, "is_predefined");
}

#[test]
fn roles_are_created_with_every_field_and_read_back() {
    let fake = seeded_fake();
    let body = json!({
        "name": "auditor",
        "description": "Reads everything",
        "permissions": ["PROJECT_READ", "ROLE_READ", "PROJECT_READ"],
    });
    let answer = create_role(&fake, body);
    assert_eq!(answer.status, 201, "{}", answer.body);
    assert_eq!(answer.content_type, "application/json");
    let created = &answer.body;
    assert!(decode_id(&created["id"]).starts_with("Role:5:"));
    assert_eq!(created["name"], "auditor");
    assert_eq!(created["description"], "Reads everything");
    assert_eq!(
        created["permissions"],
        json!(["PROJECT_READ", "ROLE_READ"]),
        "a permission sent twice is granted once"
    );
    assert_eq!(created["is_predefined"], false);
    assert!(created["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(created["updated_at"], created["created_at"]);
    assert_eq!(created.as_object().unwrap().len(), 7);
    let read = call(&fake, "GET", &role(&fake, "auditor"), None);
    assert_eq!((read.status, &read.body), (200, created));
}

#[test]
fn role_names_are_unique_and_match_the_api_pattern() {
    let fake = seeded_fake();
    let with_name = |name: &str| json!({"name": name, "permissions": ["SPACE_READ"]});
    assert_problem(
        &create_role(&fake, with_name("reviewer")),
        409,
        "already exists",
    );
    assert_problem(
        &create_role(&fake, with_name("Project Admin")),
        409,
        "already exists",
    );
    assert_eq!(create_role(&fake, with_name("Reviewer")).status, 201);
    let every_character = "Az09 -_.,()[]'\"/:\\&@#$%!?+=";
    assert_eq!(create_role(&fake, with_name(every_character)).status, 201);
    assert_eq!(create_role(&fake, with_name(&"n".repeat(255))).status, 201);
    for bad in [
        "émile",
        "a<b",
        "tab\there",
        "semi;colon",
        "",
        &"n".repeat(256),
    ] {
        assert_problem(&create_role(&fake, with_name(bad)), 422, "name");
    }

    let reviewer = role(&fake, "reviewer");
    let rename = |name: &str| call(&fake, "PATCH", &reviewer, Some(json!({"name": name})));
    assert_problem(&rename("Reviewer"), 409, "already exists");
    assert_problem(&rename("Project Member"), 409, "already exists");
    assert_problem(&rename("a*b"), 422, "'*' is not allowed");
    assert_eq!(rename("reviewer").status, 200, "its own name is not taken");
    assert_eq!(rename("critic").body["name"], "critic");
    assert_eq!(
        create_role(&fake, with_name("reviewer")).status,
        201,
        "the old name is free"
    );
}

#[test]
fn permissions_must_be_a_non_empty_array_of_known_names() {
    let fake = seeded_fake();
    let with = |permissions: Value| json!({"name": "r", "permissions": permissions});
    assert_problem(
        &create_role(&fake, json!({"name": "r"})),
        400,
        "permissions: required",
    );
    let cases = [
        (json!([]), 422, "at least one"),
        (json!(["SPACE_READ", "SPACE_OWN"]), 422, "\"SPACE_OWN\""),
        (json!(["space_read"]), 422, "\"space_read\""),
        (json!("SPACE_READ"), 400, "expected an array"),
        (json!([5]), 400, "array of strings"),
        (json!(null), 422, "cannot be null"),
    ];
    for (permissions, status, detail) in &cases {
        assert_problem(
            &create_role(&fake, with(permissions.clone())),
            *status,
            detail,
        );
    }
    let reviewer = role(&fake, "reviewer");
    for (permissions, status, detail) in &cases {
        let body = json!({"permissions": permissions});
        let answer = call(&fake, "PATCH", &reviewer, Some(body));
        assert_problem(&answer, *status, detail);
    }
    // Permissions only the newer (Python) catalogue has are known too.
    let newest = with(json!(["ROLE_READ", "PROMPT_RESTRICT", "AGENT_ROLE_CREATE"]));
    assert_eq!(create_role(&fake, newest).status, 201);
}

#[test]
fn invalid_role_bodies_are_400_or_422() {
    let fake = seeded_fake();
    let cases = [
        ("not json", 400, "JSON object"),
        (r#"{"permissions": ["SPACE_READ"]}"#, 400, "name: required"),
        (
            r#"{"name": 5, "permissions": ["SPACE_READ"]}"#,
            400,
            "expected a string",
        ),
        (
            r#"{"name": "n", "permissions": ["SPACE_READ"], "is_predefined": true}"#,
            400,
            "unknown field \"is_predefined\"",
        ),
        (
            r#"{"name": "n", "permissions": ["SPACE_READ"], "id": "x"}"#,
            400,
            "unknown field \"id\"",
        ),
        (
            r#"{"name": "n", "permissions": ["SPACE_READ"], "updated_at": "x"}"#,
            400,
            "unknown field",
        ),
        (
            &*json!({"name": "n", "permissions": ["SPACE_READ"], "description": "d".repeat(1001)})
                .to_string(),
            422,
            "description",
        ),
    ];
    for (body, status, detail) in cases {
        let answer = send(
            &fake,
            "POST",
            "/v2/roles",
            Some(body),
            Some(&fake.api_key()),
        );
        assert_problem(&answer, status, detail);
    }
    let longest =
        json!({"name": "n", "permissions": ["SPACE_READ"], "description": "d".repeat(1000)});
    assert_eq!(create_role(&fake, longest).status, 201);
}

#[test]
fn role_patch_has_three_states_and_bumps_updated_at() {
    let fake = seeded_fake();
    let reviewer = role(&fake, "reviewer");
    let before = call(&fake, "GET", &reviewer, None).body;
    let patch = |body: Value| call(&fake, "PATCH", &reviewer, Some(body));
    let described = patch(json!({"description": "d"}));
    assert_eq!(described.status, 200, "{}", described.body);
    assert_eq!(described.body["description"], "d");
    assert_eq!(described.body["created_at"], before["created_at"]);
    assert!(described.body["updated_at"].as_str() > before["updated_at"].as_str());
    let replaced = patch(json!({"permissions": ["PROJECT_READ", "DATASET_READ"]})).body;
    assert_eq!(
        replaced["permissions"],
        json!(["PROJECT_READ", "DATASET_READ"])
    );
    assert_eq!(replaced["description"], "d", "omitted: kept");
    assert!(replaced["updated_at"].as_str() > described.body["updated_at"].as_str());
    let cleared = patch(json!({"description": null})).body;
    assert_eq!(cleared.get("description"), None, "null: cleared");
    assert_eq!(cleared["name"], "reviewer");
    assert_eq!(call(&fake, "GET", &reviewer, None).body, cleared);

    let cases = [
        (json!({}), 400, "at least one field"),
        (json!({"name": null}), 422, "cannot be cleared"),
        (json!({"name": ""}), 422, "name"),
        (json!({"description": "d".repeat(1001)}), 422, "description"),
        (json!({"is_predefined": true}), 400, "unknown field"),
    ];
    for (body, status, detail) in cases {
        assert_problem(&patch(body), status, detail);
    }
}

#[test]
fn predefined_roles_cannot_be_changed_or_deleted() {
    let fake = seeded_fake();
    for name in PREDEFINED {
        let path = role(&fake, name);
        let before = call(&fake, "GET", &path, None).body;
        let rename = Some(json!({"name": "mine"}));
        assert_problem(&call(&fake, "PATCH", &path, rename), 403, "predefined");
        let grant = Some(json!({"permissions": ["USER_DELETE"]}));
        assert_problem(&call(&fake, "PATCH", &path, grant), 403, "predefined");
        assert_problem(&call(&fake, "DELETE", &path, None), 403, "predefined");
        assert_eq!(call(&fake, "GET", &path, None).body, before);
    }
}

#[test]
fn a_bound_role_is_deleted_only_once_its_bindings_are() {
    let fake = FakeServer::builder()
        .organization("acme")
        .user("alice", AccountRole::Member, ["acme"])
        .space("acme", "fraud")
        .custom_role("reviewer")
        .start();
    let reviewer = role(&fake, "reviewer");
    let binding = json!({
        "role_id": fake.role_id("reviewer"),
        "user_id": fake.user_id("alice"),
        "resource_type": "SPACE",
        "resource_id": fake.space_id("fraud"),
    });
    let bound = call(&fake, "POST", "/v2/role-bindings", Some(binding));
    assert_eq!(bound.status, 201, "{}", bound.body);
    assert_problem(
        &call(&fake, "DELETE", &reviewer, None),
        409,
        "delete the bindings first",
    );
    assert_eq!(call(&fake, "GET", &reviewer, None).status, 200, "kept");
    let binding = format!(
        "/v2/role-bindings/{}",
        encode(bound.body["id"].as_str().unwrap())
    );
    assert_eq!(call(&fake, "DELETE", &binding, None).status, 204);
    let deleted = call(&fake, "DELETE", &reviewer, None);
    assert_eq!((deleted.status, deleted.body), (204, Value::Null));
    assert_problem(&call(&fake, "GET", &reviewer, None), 404, "no role");
    assert_problem(&call(&fake, "DELETE", &reviewer, None), 404, "no role");
}

#[test]
fn a_role_held_by_a_member_is_deleted_only_once_they_lose_it() {
    let fake = seeded_fake();
    let space = create(&fake, "s", "acme");
    let users = format!("{}/users", path(&space));
    let alice = fake.user_id("alice");
    let custom =
        json!({"user_id": alice, "role": {"type": "CUSTOM", "id": fake.role_id("reviewer")}});
    assert_eq!(call(&fake, "POST", &users, Some(custom)).status, 200);
    let reviewer = role(&fake, "reviewer");
    assert_problem(&call(&fake, "DELETE", &reviewer, None), 409, "members");
    let member = json!({"user_id": alice, "role": {"type": "PREDEFINED", "name": "MEMBER"}});
    assert_eq!(call(&fake, "POST", &users, Some(member)).status, 200);
    assert_eq!(call(&fake, "DELETE", &reviewer, None).status, 204);
}

#[test]
fn custom_assignments_need_an_existing_custom_role() {
    let fake = seeded_fake();
    let space = create(&fake, "s", "acme");
    let users = format!("{}/users", path(&space));
    let orgs = format!(
        "/v2/organizations/{}/users",
        encode(&fake.organization_id("acme"))
    );
    let assign = |role_id: &str| json!({"user_id": fake.user_id("alice"), "role": {"type": "CUSTOM", "id": role_id}});
    let project_admin = fake.role_id("Project Admin");
    for path in [&users, &orgs] {
        let answer = call(&fake, "POST", path, Some(assign(&project_admin)));
        assert_problem(&answer, 400, "predefined role");
    }
    let created = create_role(
        &fake,
        json!({"name": "triager", "permissions": ["QUEUE_READ"]}),
    );
    let triager = created.body["id"].as_str().unwrap();
    let given = call(&fake, "POST", &users, Some(assign(triager))).body;
    assert_eq!(
        given["role"],
        json!({"type": "CUSTOM", "id": triager, "name": "triager"})
    );
    // Once it is deleted, it is unknown.
    let member =
        json!({"user_id": fake.user_id("alice"), "role": {"type": "PREDEFINED", "name": "MEMBER"}});
    call(&fake, "POST", &users, Some(member));
    let triager_path = format!("/v2/roles/{}", encode(triager));
    assert_eq!(call(&fake, "DELETE", &triager_path, None).status, 204);
    assert_problem(
        &call(&fake, "POST", &users, Some(assign(triager))),
        404,
        "custom role",
    );
}

#[test]
fn roles_list_pages_with_cursors() {
    let mut builder = FakeServer::builder();
    for name in ["r1", "r2", "r3", "r4", "r5"] {
        builder = builder.custom_role(name);
    }
    let fake = builder.start();
    let all = pages(&fake, "/v2/roles?limit=3", "roles");
    assert_eq!(
        all,
        [
            vec!["Project Admin", "Project Member", "Project Read-Only"],
            vec!["r1", "r2", "r3"],
            vec!["r4", "r5"],
        ]
    );
    assert_eq!(
        pages(&fake, "/v2/roles?is_predefined=false&limit=2", "roles"),
        [vec!["r1", "r2"], vec!["r3", "r4"], vec!["r5"]]
    );
}
