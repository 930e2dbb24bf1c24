//! The organizations routes and their memberships.

use arize::testing::{AccountRole, FakeServer};
use serde_json::{Value, json};

use super::{assert_problem, call, create, decode_id, encode, names, pages, path, send};
use crate::common::seeded_fake;

fn org(fake: &FakeServer, name: &str) -> String {
    format!("/v2/organizations/{}", encode(&fake.organization_id(name)))
}

fn member(fake: &FakeServer, org_name: &str, user: &str) -> String {
    format!(
        "{}/users/{}",
        org(fake, org_name),
        encode(&fake.user_id(user))
    )
}

fn predefined(fake: &FakeServer, user: &str, role: &str) -> Option<Value> {
    Some(json!({"user_id": fake.user_id(user), "role": {"type": "PREDEFINED", "name": role}}))
}

fn add_to_space(fake: &FakeServer, space: &str, user: &str) -> u16 {
    let body = predefined(fake, user, "MEMBER");
    call(fake, "POST", &format!("{}/users", path(space)), body).status
}

#[test]
fn organizations_are_created_with_every_field_and_read_back() {
    let fake = seeded_fake();
    let answer = call(
        &fake,
        "POST",
        "/v2/organizations",
        Some(json!({"name": "initech"})),
    );
    assert_eq!(answer.status, 201, "{}", answer.body);
    assert_eq!(answer.content_type, "application/json");
    let created = &answer.body;
    assert!(decode_id(&created["id"]).starts_with("Organization:3:"));
    assert_eq!(created["name"], "initech");
    assert_eq!(created["description"], "", "empty when omitted");
    assert!(created["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(created.as_object().unwrap().len(), 4);
    let id = created["id"].as_str().unwrap();
    let read = call(
        &fake,
        "GET",
        &format!("/v2/organizations/{}", encode(id)),
        None,
    );
    assert_eq!((read.status, &read.body), (200, created));

    let described = call(
        &fake,
        "POST",
        "/v2/organizations",
        Some(json!({"name": "hooli", "description": "d"})),
    );
    assert_eq!(described.body["description"], "d");
}

#[test]
fn organization_names_are_unique_in_the_account_compared_exactly() {
    let fake = seeded_fake();
    let create_org = |name: &str| {
        call(
            &fake,
            "POST",
            "/v2/organizations",
            Some(json!({"name": name})),
        )
    };
    assert_problem(&create_org("acme"), 409, "already exists");
    assert_eq!(create_org("ACME").status, 201, "case-sensitive");
    let rename = |name: &str| {
        call(
            &fake,
            "PATCH",
            &org(&fake, "globex"),
            Some(json!({"name": name})),
        )
    };
    assert_problem(&rename("acme"), 409, "already exists");
    assert_eq!(rename("globex").status, 200, "its own name is not taken");
    assert_eq!(rename("umbrella").body["name"], "umbrella");
    assert_eq!(create_org("globex").status, 201, "the old name is free");
}

#[test]
fn invalid_organization_bodies_are_400_or_422() {
    let fake = seeded_fake();
    let cases = [
        ("not json", 400, "JSON object"),
        ("{}", 400, "name: required"),
        (r#"{"name": 5}"#, 400, "expected a string"),
        (r#"{"name": "n", "id": "x"}"#, 400, "unknown field \"id\""),
        (r#"{"name": "n", "created_at": "x"}"#, 400, "unknown field"),
        (r#"{"name": ""}"#, 422, "name"),
        (&*json!({"name": "n".repeat(256)}).to_string(), 422, "name"),
        (
            &*json!({"name": "n", "description": "d".repeat(1001)}).to_string(),
            422,
            "description",
        ),
    ];
    for (body, status, detail) in cases {
        let answer = send(
            &fake,
            "POST",
            "/v2/organizations",
            Some(body),
            Some(&fake.api_key()),
        );
        assert_problem(&answer, status, detail);
    }
    let boundaries = json!({"name": "é".repeat(255), "description": "d".repeat(1000)});
    let answer = call(&fake, "POST", "/v2/organizations", Some(boundaries));
    assert_eq!(answer.status, 201);
}

#[test]
fn organization_patch_has_three_states() {
    let fake = seeded_fake();
    let acme = org(&fake, "acme");
    let set = call(&fake, "PATCH", &acme, Some(json!({"description": "d"}))).body;
    assert_eq!(
        (&set["name"], &set["description"]),
        (&json!("acme"), &json!("d"))
    );
    let renamed = call(&fake, "PATCH", &acme, Some(json!({"name": "acme2"}))).body;
    assert_eq!(renamed["description"], "d", "omitted: kept");
    let cleared = call(&fake, "PATCH", &acme, Some(json!({"description": null}))).body;
    assert_eq!(cleared["description"], "", "null: cleared");
    assert_eq!(cleared["name"], "acme2");
    assert_eq!(call(&fake, "GET", &acme, None).body, cleared);

    let cases = [
        (json!({}), 400, "at least one field"),
        (json!({"name": null}), 422, "cannot be cleared"),
        (json!({"name": ""}), 422, "name"),
        (json!({"name": "n".repeat(256)}), 422, "name"),
        (json!({"description": "d".repeat(1001)}), 422, "description"),
        (json!({"description": 5}), 400, "expected a string"),
        (json!({"id": "x"}), 400, "unknown field"),
    ];
    for (body, status, detail) in cases {
        assert_problem(&call(&fake, "PATCH", &acme, Some(body)), status, detail);
    }
}

#[test]
fn organizations_list_filters_by_name_and_pages_with_cursors() {
    let fake = seeded_fake();
    let labs = Some(json!({"name": "Acme Labs"}));
    call(&fake, "POST", "/v2/organizations", labs);
    let list = |query: &str| call(&fake, "GET", &format!("/v2/organizations{query}"), None);
    assert_eq!(
        names(&list(""), "organizations"),
        ["acme", "globex", "Acme Labs"]
    );
    assert_eq!(
        names(&list("?name=ACME"), "organizations"),
        ["acme", "Acme Labs"]
    );
    assert!(names(&list("?name=zzz"), "organizations").is_empty());
    let long = format!("?name={}", "n".repeat(256));
    assert_problem(&list(&long), 400, "name");

    let mut builder = FakeServer::builder();
    for name in ["o1", "o2", "o3", "o4", "o5"] {
        builder = builder.organization(name);
    }
    let fake = builder.start();
    assert_eq!(
        pages(&fake, "/v2/organizations?limit=2", "organizations"),
        [vec!["o1", "o2"], vec!["o3", "o4"], vec!["o5"]]
    );
    assert_eq!(
        pages(&fake, "/v2/organizations?limit=1&name=o", "organizations").len(),
        5
    );
}

#[test]
fn deleting_an_organization_deletes_its_spaces_and_memberships() {
    let fake = seeded_fake();
    let doomed = create(&fake, "doomed", "acme");
    let kept = create(&fake, "kept", "globex");
    assert_eq!(add_to_space(&fake, &doomed, "alice"), 200);
    assert_eq!(add_to_space(&fake, &kept, "gus"), 200);

    let acme = org(&fake, "acme");
    let deleted = call(&fake, "DELETE", &acme, None);
    assert_eq!((deleted.status, deleted.body), (204, Value::Null));
    assert_problem(&call(&fake, "GET", &acme, None), 404, "no organization");
    assert_problem(&call(&fake, "GET", &path(&doomed), None), 404, "no space");
    assert_eq!(
        names(&call(&fake, "GET", "/v2/spaces", None), "spaces"),
        ["kept"]
    );
    assert_eq!(
        names(
            &call(&fake, "GET", "/v2/organizations", None),
            "organizations"
        ),
        ["globex"]
    );
    // The other organization keeps its space, members and space members.
    let gus = format!("{}/users/{}", path(&kept), encode(&fake.user_id("gus")));
    assert_eq!(call(&fake, "DELETE", &gus, None).status, 204);
    assert_eq!(
        call(&fake, "DELETE", &member(&fake, "globex", "gus"), None).status,
        204
    );
    // The name is free again, and the new organization has no members.
    let again = call(
        &fake,
        "POST",
        "/v2/organizations",
        Some(json!({"name": "acme"})),
    );
    assert_eq!(again.status, 201);
    let space = create(&fake, "fresh", "acme");
    assert_eq!(add_to_space(&fake, &space, "alice"), 400);
}

#[test]
fn add_organization_user_is_an_upsert_keeping_the_membership_id() {
    let fake = seeded_fake();
    let users = format!("{}/users", org(&fake, "acme"));
    let first = call(&fake, "POST", &users, predefined(&fake, "gus", "MEMBER"));
    assert_eq!(first.status, 200, "{}", first.body);
    assert_eq!(first.content_type, "application/json");
    assert!(decode_id(&first.body["id"]).starts_with("AccountOrganizationMember:"));
    assert_eq!(first.body["user_id"], fake.user_id("gus"));
    assert_eq!(first.body["organization_id"], fake.organization_id("acme"));
    assert_eq!(
        first.body["role"],
        json!({"type": "PREDEFINED", "name": "MEMBER"})
    );

    let role = fake.role_id("reviewer");
    let custom = json!({"user_id": fake.user_id("gus"), "role": {"type": "CUSTOM", "id": role}});
    let second = call(&fake, "POST", &users, Some(custom));
    assert_eq!(second.status, 200);
    assert_eq!(second.body["id"], first.body["id"], "the same membership");
    assert_eq!(
        second.body["role"],
        json!({"type": "CUSTOM", "id": role, "name": "reviewer"})
    );
    let third = call(&fake, "POST", &users, predefined(&fake, "gus", "READ_ONLY"));
    assert_eq!(third.body["id"], first.body["id"]);
    assert_eq!(third.body["role"]["name"], "READ_ONLY");
    // A seeded member is upserted too.
    let alice = call(&fake, "POST", &users, predefined(&fake, "alice", "ADMIN")).body;
    let again = call(&fake, "POST", &users, predefined(&fake, "alice", "MEMBER")).body;
    assert_eq!(alice["id"], again["id"]);
    assert_ne!(alice["id"], first.body["id"]);
}

#[test]
fn add_organization_user_enforces_the_user_and_role_rules() {
    let fake = FakeServer::builder()
        .organization("acme")
        .user("alice", AccountRole::Member, ["acme"])
        .user("annie", AccountRole::Annotator, Vec::<String>::new())
        .invited_user("ivy", AccountRole::Member)
        .custom_role("reviewer")
        .start();
    let users = format!("{}/users", org(&fake, "acme"));
    let post = |body: Option<Value>| call(&fake, "POST", &users, body);
    assert_problem(
        &post(predefined(&fake, "annie", "MEMBER")),
        400,
        "annotator",
    );
    assert_problem(&post(predefined(&fake, "annie", "ADMIN")), 400, "annotator");
    assert_problem(
        &post(predefined(&fake, "alice", "ANNOTATOR")),
        400,
        "annotator",
    );
    assert_eq!(post(predefined(&fake, "annie", "ANNOTATOR")).status, 200);
    assert_eq!(
        post(predefined(&fake, "ivy", "MEMBER")).status,
        200,
        "invited users too"
    );
    assert_problem(&post(predefined(&fake, "alice", "OWNER")), 422, "OWNER");
    let unknown_role =
        json!({"user_id": fake.user_id("alice"), "role": {"type": "CUSTOM", "id": "Um9sZTo5OQ=="}});
    assert_problem(&post(Some(unknown_role)), 404, "custom role");
    let unknown_user =
        json!({"user_id": "VXNlcjo5OQ==", "role": {"type": "PREDEFINED", "name": "MEMBER"}});
    assert_problem(&post(Some(unknown_user)), 404, "no user");
    let bad_type = json!({"user_id": fake.user_id("alice"), "role": {"type": "OTHER"}});
    assert_problem(&post(Some(bad_type)), 422, "role.type");
    assert_problem(
        &post(Some(json!({"user_id": fake.user_id("alice")}))),
        400,
        "role",
    );
    let no_user = json!({"role": {"type": "PREDEFINED", "name": "MEMBER"}});
    assert_problem(&post(Some(no_user)), 400, "user_id: required");
    let extra = json!({"user_id": fake.user_id("alice"), "role": {"type": "PREDEFINED", "name": "MEMBER"}, "x": 1});
    assert_problem(&post(Some(extra)), 400, "unknown field");
}

#[test]
fn joining_an_organization_opens_its_spaces() {
    let fake = seeded_fake();
    let space = create(&fake, "s", "acme");
    let space_users = format!("{}/users", path(&space));
    let gus = predefined(&fake, "gus", "MEMBER");
    assert_problem(
        &call(&fake, "POST", &space_users, gus.clone()),
        400,
        "organization",
    );
    let org_users = format!("{}/users", org(&fake, "acme"));
    assert_eq!(call(&fake, "POST", &org_users, gus.clone()).status, 200);
    assert_eq!(call(&fake, "POST", &space_users, gus).status, 200);
}

#[test]
fn leaving_an_organization_removes_the_user_from_its_spaces_only() {
    let fake = seeded_fake();
    let first = create(&fake, "first", "acme");
    let second = create(&fake, "second", "acme");
    let elsewhere = create(&fake, "elsewhere", "globex");
    let globex_users = format!("{}/users", org(&fake, "globex"));
    let join = predefined(&fake, "alice", "MEMBER");
    assert_eq!(call(&fake, "POST", &globex_users, join).status, 200);
    for space in [&first, &second, &elsewhere] {
        assert_eq!(add_to_space(&fake, space, "alice"), 200);
    }

    let left = call(&fake, "DELETE", &member(&fake, "acme", "alice"), None);
    assert_eq!((left.status, left.body), (204, Value::Null));
    let alice = encode(&fake.user_id("alice"));
    for space in [&first, &second] {
        let membership = format!("{}/users/{alice}", path(space));
        assert_problem(
            &call(&fake, "DELETE", &membership, None),
            404,
            "not a member",
        );
    }
    let kept = format!("{}/users/{alice}", path(&elsewhere));
    assert_eq!(
        call(&fake, "DELETE", &kept, None).status,
        204,
        "other organization"
    );
    assert_problem(
        &call(
            &fake,
            "POST",
            &format!("{}/users", path(&first)),
            predefined(&fake, "alice", "MEMBER"),
        ),
        400,
        "organization",
    );
    // A non-member is a 404 (a choice: the contract leaves it open).
    let again = call(&fake, "DELETE", &member(&fake, "acme", "alice"), None);
    assert_problem(&again, 404, "not a member");
    let stranger = format!("{}/users/VXNlcjo5OQ%3D%3D", org(&fake, "acme"));
    assert_problem(&call(&fake, "DELETE", &stranger, None), 404, "not a member");
}
