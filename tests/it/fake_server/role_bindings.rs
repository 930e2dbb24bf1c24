//! The role bindings routes, and the cascades that remove bindings.

use arize::testing::{AccountRole, FakeServer};
use serde_json::{Value, json};

use super::{Answer, assert_problem, call, decode_id, encode, fields, pages_by, send};

/// Two spaces of acme (`fraud` with projects `p1` and `p2`, `churn`), one
/// of globex, and users alice and bob in acme.
fn bindings_fake() -> FakeServer {
    FakeServer::builder()
        .organization("acme")
        .organization("globex")
        .user("alice", AccountRole::Member, ["acme"])
        .user("bob", AccountRole::Member, ["acme"])
        .invited_user("ivy", AccountRole::Member)
        .custom_role("reviewer")
        .custom_role("editor")
        .space("acme", "fraud")
        .space("acme", "churn")
        .space("globex", "ops")
        .project("fraud", "p1")
        .project("fraud", "p2")
        .start()
}

/// The ID of a space or a project named `name`.
fn resource(fake: &FakeServer, kind: &str, name: &str) -> String {
    match kind {
        "SPACE" => fake.space_id(name),
        _ => fake.project_id(name),
    }
}

fn bind(fake: &FakeServer, role: &str, user: &str, kind: &str, name: &str) -> Answer {
    let body = json!({
        "role_id": fake.role_id(role),
        "user_id": fake.user_id(user),
        "resource_type": kind,
        "resource_id": resource(fake, kind, name),
    });
    call(fake, "POST", "/v2/role-bindings", Some(body))
}

/// Creates a binding and returns its path.
fn bound(fake: &FakeServer, role: &str, user: &str, kind: &str, name: &str) -> String {
    let answer = bind(fake, role, user, kind, name);
    assert_eq!(answer.status, 201, "{}", answer.body);
    format!(
        "/v2/role-bindings/{}",
        encode(answer.body["id"].as_str().unwrap())
    )
}

/// The IDs of the resources bound, in a listing of one kind of resource.
fn listed(fake: &FakeServer, query: &str) -> Vec<String> {
    let answer = call(fake, "GET", &format!("/v2/role-bindings?{query}"), None);
    fields(&answer, "role_bindings", "resource_id")
}

#[test]
fn bindings_are_created_with_every_field_and_read_back() {
    let fake = bindings_fake();
    let answer = bind(&fake, "reviewer", "alice", "SPACE", "fraud");
    assert_eq!(answer.status, 201, "{}", answer.body);
    assert_eq!(answer.content_type, "application/json");
    let binding = &answer.body;
    assert!(decode_id(&binding["id"]).starts_with("RoleBinding:1:"));
    assert_eq!(binding["role_id"], fake.role_id("reviewer"));
    assert_eq!(binding["user_id"], fake.user_id("alice"));
    assert_eq!(binding["resource_type"], "SPACE");
    assert_eq!(binding["resource_id"], fake.space_id("fraud"));
    assert!(binding["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(binding["updated_at"], binding["created_at"]);
    assert_eq!(binding.as_object().unwrap().len(), 7);
    let path = format!(
        "/v2/role-bindings/{}",
        encode(binding["id"].as_str().unwrap())
    );
    let read = call(&fake, "GET", &path, None);
    assert_eq!((read.status, &read.body), (200, binding));
    // A project binding, with a predefined role; a project ID is a Model ID.
    let project = bind(&fake, "Project Admin", "alice", "PROJECT", "p1");
    assert_eq!(project.status, 201, "{}", project.body);
    assert!(decode_id(&project.body["resource_id"]).starts_with("Model:1:"));
}

#[test]
fn a_user_has_at_most_one_binding_per_resource() {
    let fake = bindings_fake();
    bound(&fake, "reviewer", "alice", "SPACE", "fraud");
    for role in ["reviewer", "editor"] {
        let again = bind(&fake, role, "alice", "SPACE", "fraud");
        assert_problem(&again, 409, "already has a role binding");
    }
    assert_eq!(bind(&fake, "editor", "alice", "SPACE", "churn").status, 201);
    assert_eq!(bind(&fake, "editor", "bob", "SPACE", "fraud").status, 201);
    bound(&fake, "reviewer", "alice", "PROJECT", "p1");
    let project = bind(&fake, "Project Member", "alice", "PROJECT", "p1");
    assert_problem(&project, 409, "already has a role binding");
}

#[test]
fn the_resource_must_exist_and_be_of_the_kind_named() {
    let fake = bindings_fake();
    let with = |kind: &str, resource_id: &str| {
        let body = json!({
            "role_id": fake.role_id("reviewer"),
            "user_id": fake.user_id("alice"),
            "resource_type": kind,
            "resource_id": resource_id,
        });
        call(&fake, "POST", "/v2/role-bindings", Some(body))
    };
    let (space, project) = (fake.space_id("fraud"), fake.project_id("p1"));
    assert_problem(&with("PROJECT", &space), 400, "is a SPACE, not a PROJECT");
    assert_problem(&with("SPACE", &project), 400, "is a PROJECT, not a SPACE");
    assert_problem(&with("SPACE", "U3BhY2U6OTk6eA=="), 403, "no SPACE");
    assert_problem(&with("PROJECT", "TW9kZWw6OTk6eA=="), 403, "no PROJECT");
    let org = fake.organization_id("acme");
    assert_problem(&with("SPACE", &org), 403, "no SPACE");
    assert_problem(&with("ORGANIZATION", &org), 422, "resource_type");
    assert!(listed(&fake, "resource_type=SPACE").is_empty());
    assert!(listed(&fake, "resource_type=PROJECT").is_empty());
}

#[test]
fn the_role_and_an_undeleted_user_must_exist() {
    let fake = bindings_fake();
    let with = |role_id: &str, user_id: &str| {
        let body = json!({
            "role_id": role_id,
            "user_id": user_id,
            "resource_type": "SPACE",
            "resource_id": fake.space_id("fraud"),
        });
        call(&fake, "POST", "/v2/role-bindings", Some(body))
    };
    let (reviewer, alice) = (fake.role_id("reviewer"), fake.user_id("alice"));
    assert_problem(&with("Um9sZTo5OTp4", &alice), 404, "no role");
    assert_problem(&with(&reviewer, "VXNlcjo5OTp4"), 404, "no user");
    let bob = fake.user_id("bob");
    assert_eq!(
        call(
            &fake,
            "DELETE",
            &format!("/v2/users/{}", encode(&bob)),
            None
        )
        .status,
        204
    );
    assert_problem(&with(&reviewer, &bob), 404, "no user");
    assert_eq!(
        with(&reviewer, &fake.user_id("ivy")).status,
        201,
        "invited users too"
    );
}

#[test]
fn invalid_binding_bodies_are_400_or_422() {
    let fake = bindings_fake();
    let full = json!({
        "role_id": fake.role_id("reviewer"),
        "user_id": fake.user_id("alice"),
        "resource_type": "SPACE",
        "resource_id": fake.space_id("fraud"),
    });
    let mut cases: Vec<(Value, u16, String)> = Vec::new();
    for field in ["role_id", "user_id", "resource_type", "resource_id"] {
        let mut without = full.clone();
        without.as_object_mut().unwrap().remove(field);
        cases.push((without, 400, format!("{field}: required")));
        let mut empty = full.clone();
        empty[field] = json!("");
        cases.push((empty, 422, format!("{field}: cannot be empty")));
        let mut number = full.clone();
        number[field] = json!(5);
        cases.push((number, 400, format!("{field}: expected a string")));
    }
    for field in ["id", "created_at", "updated_at"] {
        let mut extra = full.clone();
        extra[field] = json!("x");
        cases.push((extra, 400, format!("unknown field \"{field}\"")));
    }
    for (body, status, detail) in cases {
        let answer = call(&fake, "POST", "/v2/role-bindings", Some(body));
        assert_problem(&answer, status, &detail);
    }
    let key = fake.api_key();
    let answer = send(&fake, "POST", "/v2/role-bindings", Some("[]"), Some(&key));
    assert_problem(&answer, 400, "JSON object");
    assert!(
        listed(&fake, "resource_type=SPACE").is_empty(),
        "nothing was created"
    );
}

#[test]
fn only_the_role_of_a_binding_can_change() {
    let fake = bindings_fake();
    let path = bound(&fake, "reviewer", "alice", "SPACE", "fraud");
    let before = call(&fake, "GET", &path, None).body;
    let patch = |body: Value| call(&fake, "PATCH", &path, Some(body));
    let changed = patch(json!({"role_id": fake.role_id("editor")}));
    assert_eq!(changed.status, 200, "{}", changed.body);
    assert_eq!(changed.body["role_id"], fake.role_id("editor"));
    assert_eq!(changed.body["id"], before["id"]);
    assert_eq!(changed.body["created_at"], before["created_at"]);
    assert!(changed.body["updated_at"].as_str() > before["updated_at"].as_str());
    let cases = [
        (
            json!({"user_id": fake.user_id("bob")}),
            400,
            "user_id: cannot be changed",
        ),
        (
            json!({"resource_type": "PROJECT"}),
            400,
            "resource_type: cannot be changed",
        ),
        (
            json!({"role_id": fake.role_id("reviewer"), "resource_id": fake.space_id("churn")}),
            400,
            "resource_id: cannot be changed",
        ),
        (json!({"created_at": "x"}), 400, "unknown field"),
        (json!({}), 400, "role_id: required"),
        (json!({"role_id": "Um9sZTo5OTp4"}), 404, "no role"),
    ];
    for (body, status, detail) in cases {
        assert_problem(&patch(body), status, detail);
    }
    assert_eq!(
        call(&fake, "GET", &path, None).body,
        changed.body,
        "unchanged"
    );
    let deleted = call(&fake, "DELETE", &path, None);
    assert_eq!((deleted.status, deleted.body), (204, Value::Null));
    for method in ["GET", "DELETE"] {
        assert_problem(&call(&fake, method, &path, None), 404, "no role binding");
    }
    let role = Some(json!({"role_id": fake.role_id("editor")}));
    assert_problem(&call(&fake, "PATCH", &path, role), 404, "no role binding");
}

#[test]
fn listing_needs_a_resource_type_and_filters_by_user_with_cursors() {
    let fake = bindings_fake();
    let list = |query: &str| call(&fake, "GET", &format!("/v2/role-bindings{query}"), None);
    assert_problem(&list(""), 400, "resource_type: required");
    assert_problem(&list("?resource_type=ORG"), 400, "resource_type");
    let unknown = "?resource_type=SPACE&user_id=VXNlcjo5OTp4";
    assert_problem(&list(unknown), 404, "no user");

    let (fraud, churn, ops) = (
        fake.space_id("fraud"),
        fake.space_id("churn"),
        fake.space_id("ops"),
    );
    bound(&fake, "reviewer", "alice", "SPACE", "fraud");
    bound(&fake, "reviewer", "alice", "PROJECT", "p1");
    bound(&fake, "editor", "bob", "SPACE", "fraud");
    bound(&fake, "editor", "alice", "SPACE", "churn");
    bound(&fake, "editor", "bob", "SPACE", "ops");
    assert_eq!(
        listed(&fake, "resource_type=SPACE"),
        [&*fraud, &fraud, &churn, &ops]
    );
    assert_eq!(
        listed(&fake, "resource_type=PROJECT"),
        [fake.project_id("p1")]
    );
    let alice = format!("user_id={}", encode(&fake.user_id("alice")));
    assert_eq!(
        listed(&fake, &format!("resource_type=SPACE&{alice}")),
        [&*fraud, &churn]
    );
    let path = "/v2/role-bindings?resource_type=SPACE&limit=3";
    assert_eq!(
        pages_by(&fake, path, "role_bindings", "resource_id"),
        [
            vec![fraud.clone(), fraud.clone(), churn.clone()],
            vec![ops.clone()]
        ]
    );
    let path = format!("/v2/role-bindings?resource_type=SPACE&{alice}&limit=1");
    assert_eq!(
        pages_by(&fake, &path, "role_bindings", "resource_id"),
        [vec![fraud], vec![churn]]
    );
}

#[test]
fn deleting_a_user_removes_their_bindings() {
    let fake = bindings_fake();
    let alice_space = bound(&fake, "reviewer", "alice", "SPACE", "fraud");
    let alice_project = bound(&fake, "reviewer", "alice", "PROJECT", "p1");
    bound(&fake, "editor", "bob", "SPACE", "churn");
    let alice = fake.user_id("alice");
    assert_eq!(
        call(
            &fake,
            "DELETE",
            &format!("/v2/users/{}", encode(&alice)),
            None
        )
        .status,
        204
    );
    assert_eq!(
        listed(&fake, "resource_type=SPACE"),
        [fake.space_id("churn")]
    );
    assert!(listed(&fake, "resource_type=PROJECT").is_empty());
    for path in [alice_space, alice_project] {
        assert_problem(&call(&fake, "GET", &path, None), 404, "no role binding");
    }
    // A deleted user is still known: their listing is empty, not a 404.
    let query = format!("resource_type=SPACE&user_id={}", encode(&alice));
    assert!(listed(&fake, &query).is_empty());
}

#[test]
fn removing_a_space_member_removes_their_bindings_on_that_space_only() {
    let fake = bindings_fake();
    let fraud = fake.space_id("fraud");
    let users = format!("/v2/spaces/{}/users", encode(&fraud));
    for user in ["alice", "bob"] {
        let add = json!({"user_id": fake.user_id(user), "role": {"type": "PREDEFINED", "name": "MEMBER"}});
        assert_eq!(call(&fake, "POST", &users, Some(add)).status, 200);
    }
    let on_space = bound(&fake, "reviewer", "alice", "SPACE", "fraud");
    bound(&fake, "reviewer", "alice", "SPACE", "churn");
    bound(&fake, "reviewer", "alice", "PROJECT", "p1");
    bound(&fake, "editor", "bob", "SPACE", "fraud");
    let alice = encode(&fake.user_id("alice"));
    assert_eq!(
        call(&fake, "DELETE", &format!("{users}/{alice}"), None).status,
        204
    );
    assert_problem(&call(&fake, "GET", &on_space, None), 404, "no role binding");
    let query = format!("resource_type=SPACE&user_id={alice}");
    assert_eq!(listed(&fake, &query), [fake.space_id("churn")]);
    let query = format!("resource_type=PROJECT&user_id={alice}");
    assert_eq!(
        listed(&fake, &query),
        [fake.project_id("p1")],
        "not on its projects"
    );
    let query = format!(
        "resource_type=SPACE&user_id={}",
        encode(&fake.user_id("bob"))
    );
    assert_eq!(listed(&fake, &query), [fraud], "not other members'");
}

#[test]
fn removing_an_organization_member_removes_their_bindings_on_its_spaces() {
    let fake = bindings_fake();
    let fraud = fake.space_id("fraud");
    let add =
        json!({"user_id": fake.user_id("alice"), "role": {"type": "PREDEFINED", "name": "MEMBER"}});
    let users = format!("/v2/spaces/{}/users", encode(&fraud));
    assert_eq!(call(&fake, "POST", &users, Some(add)).status, 200);
    bound(&fake, "reviewer", "alice", "SPACE", "fraud");
    bound(&fake, "reviewer", "alice", "SPACE", "ops");
    let member = format!(
        "/v2/organizations/{}/users/{}",
        encode(&fake.organization_id("acme")),
        encode(&fake.user_id("alice"))
    );
    assert_eq!(call(&fake, "DELETE", &member, None).status, 204);
    assert_eq!(listed(&fake, "resource_type=SPACE"), [fake.space_id("ops")]);
}

#[test]
fn deleting_a_space_removes_the_bindings_on_it_and_on_its_projects() {
    let fake = bindings_fake();
    bound(&fake, "reviewer", "alice", "SPACE", "fraud");
    bound(&fake, "reviewer", "alice", "PROJECT", "p2");
    bound(&fake, "reviewer", "alice", "SPACE", "churn");
    let p2 = fake.project_id("p2");
    let fraud = format!("/v2/spaces/{}", encode(&fake.space_id("fraud")));
    assert_eq!(call(&fake, "DELETE", &fraud, None).status, 204);
    assert_eq!(
        listed(&fake, "resource_type=SPACE"),
        [fake.space_id("churn")]
    );
    assert!(listed(&fake, "resource_type=PROJECT").is_empty());
    let again = json!({
        "role_id": fake.role_id("reviewer"),
        "user_id": fake.user_id("bob"),
        "resource_type": "PROJECT",
        "resource_id": p2,
    });
    let again = call(&fake, "POST", "/v2/role-bindings", Some(again));
    assert_problem(&again, 403, "no PROJECT");
}
