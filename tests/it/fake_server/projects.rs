//! The projects routes: names unique per space, the filters, renames, and
//! what deleting a project or its space takes with it.

use arize::{
    BindingResource, Deletion, Error, ProjectRef, ResourceKind, SpaceRef,
    testing::{AccountRole, FakeServer},
};
use serde_json::{Value, json};

use super::{Answer, assert_problem, call, encode, fields, names};

const LIST: &str = "/v2/projects";

/// Spaces `fraud` and `churn` in acme (fraud with the seeded project
/// `p1`), `ops` in globex.
fn fake() -> FakeServer {
    FakeServer::builder()
        .organization("acme")
        .organization("globex")
        .user("alice", AccountRole::Member, ["acme"])
        .space("acme", "fraud")
        .space("acme", "churn")
        .space("globex", "ops")
        .project("fraud", "p1")
        .start()
}

fn create(fake: &FakeServer, name: &str, space: &str) -> Answer {
    let body = json!({"name": name, "space_id": fake.space_id(space)});
    call(fake, "POST", LIST, Some(body))
}

fn path(id: &str) -> String {
    format!("{LIST}/{}", encode(id))
}

#[test]
fn a_created_project_has_a_model_id_and_every_field() {
    let fake = fake();
    let answer = create(&fake, "checkout", "fraud");
    assert_eq!(answer.status, 201, "{}", answer.body);
    let project = &answer.body;
    assert!(super::decode_id(&project["id"]).starts_with("Model:2:"));
    assert_eq!(project["name"], "checkout");
    assert_eq!(project["space_id"], fake.space_id("fraud"));
    assert_eq!(project["project_type"], "APPLICATION");
    assert!(project["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(project.as_object().unwrap().len(), 5);
    let got = call(&fake, "GET", &path(project["id"].as_str().unwrap()), None);
    assert_eq!((got.status, &got.body), (200, project));
    assert_eq!(fake.project_id("checkout"), project["id"]);
}

#[test]
fn names_are_unique_per_space_on_create_and_rename() {
    let fake = fake();
    assert_problem(&create(&fake, "p1", "fraud"), 409, "already exists");
    // Another space may have it, and names are compared exactly.
    assert_eq!(create(&fake, "p1", "churn").status, 201);
    assert_eq!(create(&fake, "P1", "fraud").status, 201);
    let p2 = create(&fake, "p2", "fraud").body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let rename = |name: &str| call(&fake, "PATCH", &path(&p2), Some(json!({"name": name})));
    assert_problem(&rename("p1"), 409, "already exists");
    // Renaming to its own name is no conflict.
    assert_eq!(rename("p2").status, 200);
    let renamed = rename("p3");
    assert_eq!((renamed.status, &renamed.body["name"]), (200, &json!("p3")));
    assert_eq!(call(&fake, "GET", &path(&p2), None).body["name"], "p3");
}

#[test]
fn bodies_are_checked_as_the_spec_says() {
    let fake = fake();
    let fraud = fake.space_id("fraud");
    let p1 = path(&fake.project_id("p1"));
    let cases = [
        (
            "POST",
            LIST.to_owned(),
            json!({"space_id": fraud}),
            400,
            "name: required",
        ),
        (
            "POST",
            LIST.to_owned(),
            json!({"name": "x"}),
            400,
            "space_id: required",
        ),
        (
            "POST",
            LIST.to_owned(),
            json!({"name": "", "space_id": fraud}),
            422,
            "name",
        ),
        (
            "POST",
            LIST.to_owned(),
            json!({"name": "x", "space_id": fraud, "id": "y"}),
            400,
            "unknown field",
        ),
        (
            "POST",
            LIST.to_owned(),
            json!({"name": "x", "space_id": "U3BhY2U6OTk="}),
            404,
            "no space",
        ),
        ("PATCH", p1.clone(), json!({}), 400, "name: required"),
        ("PATCH", p1.clone(), json!({"name": ""}), 422, "name"),
        (
            "PATCH",
            p1,
            json!({"name": "x", "space_id": fraud}),
            400,
            "unknown field",
        ),
    ];
    for (method, url, body, status, detail) in cases {
        assert_problem(&call(&fake, method, &url, Some(body)), status, detail);
    }
    for method in ["GET", "PATCH", "DELETE"] {
        let body = (method == "PATCH").then(|| json!({"name": "x"}));
        let answer = call(&fake, method, &path("TW9kZWw6OTk="), body);
        assert_problem(&answer, 404, "no project");
    }
}

#[test]
fn the_listing_filters_by_space_space_name_name_and_type() {
    let fake = fake();
    for (name, space) in [
        ("checkout", "fraud"),
        ("Checkout-2", "churn"),
        ("search", "ops"),
    ] {
        assert_eq!(create(&fake, name, space).status, 201);
    }
    let listed = |query: &str| {
        names(
            &call(&fake, "GET", &format!("{LIST}?{query}"), None),
            "projects",
        )
    };
    assert_eq!(listed(""), ["p1", "checkout", "Checkout-2", "search"]);
    let fraud = encode(&fake.space_id("fraud"));
    assert_eq!(listed(&format!("space_id={fraud}")), ["p1", "checkout"]);
    assert_eq!(listed("space_name=CH"), ["Checkout-2"]);
    assert_eq!(listed("space_name=r"), ["p1", "checkout", "Checkout-2"]);
    assert_eq!(listed("name=CHECK"), ["checkout", "Checkout-2"]);
    assert_eq!(
        listed(&format!("space_id={fraud}&name=check")),
        ["checkout"]
    );
    assert_eq!(listed("project_type=APPLICATION").len(), 4);
    assert!(listed("project_type=HARNESS").is_empty());
    let bad = call(&fake, "GET", &format!("{LIST}?project_type=NOTEBOOK"), None);
    assert_problem(&bad, 400, "project_type");
    let long = call(
        &fake,
        "GET",
        &format!("{LIST}?name={}", "x".repeat(256)),
        None,
    );
    assert_problem(&long, 400, "longer than 255");
    let page = call(&fake, "GET", &format!("{LIST}?limit=2"), None);
    assert_eq!(fields(&page, "projects", "name"), ["p1", "checkout"]);
    assert_eq!(page.body["pagination"]["has_more"], true);
}

#[test]
fn deleting_a_project_takes_its_restriction_and_bindings_with_it() {
    let fake = fake();
    let client = fake.client();
    let p1 = ProjectRef::in_space("p1", "fraud");
    client.resource_restrictions().restrict(p1.clone()).unwrap();
    let binding = client
        .role_bindings()
        .create(
            "alice@example.com",
            "Project Admin",
            BindingResource::project(p1.clone()),
        )
        .unwrap();
    assert_eq!(binding.resource_id, fake.project_id("p1"));

    assert_eq!(
        client.projects().delete(p1.clone()).unwrap(),
        Deletion::Deleted
    );

    assert!(
        client
            .role_bindings()
            .get(&binding.id)
            .unwrap_err()
            .is_not_found()
    );
    assert_eq!(
        client
            .resource_restrictions()
            .list()
            .items()
            .take(5)
            .count(),
        0
    );
    let error = client.projects().get(p1).unwrap_err();
    assert!(
        matches!(
            &error,
            Error::NameNotFound {
                kind: ResourceKind::Project,
                within: Some(_),
                ..
            }
        ),
        "{error:?}"
    );
    // Its name is free again.
    assert_eq!(create(&fake, "p1", "fraud").status, 201);
}

#[test]
fn deleting_a_space_deletes_its_projects_and_no_others() {
    let fake = fake();
    let projects = fake.client().projects();
    projects.create("checkout", "churn").send().unwrap();
    let kept = projects.create("ops-agent", "ops").send().unwrap();
    fake.client().spaces().delete("fraud").unwrap();
    let left: Vec<String> = projects
        .list()
        .items()
        .take(10)
        .map(|p| p.unwrap().name)
        .collect();
    assert_eq!(left, ["checkout", "ops-agent"]);
    fake.client().organizations().delete("globex").unwrap();
    assert!(projects.get(kept.id.as_str()).unwrap_err().is_not_found());
}

#[test]
fn the_client_creates_renames_and_finds_projects_by_name_within_a_space() {
    let fake = fake();
    let projects = fake.client().projects();
    let created = projects.create("checkout", "fraud").send().unwrap();
    let in_acme = SpaceRef::in_organization("fraud", "acme");
    let by_name = projects
        .get(ProjectRef::in_space("checkout", in_acme))
        .unwrap();
    assert_eq!(by_name, created);
    let renamed = projects
        .update(ProjectRef::in_space("checkout", "fraud"))
        .name("checkout-v2")
        .send()
        .unwrap();
    assert_eq!(
        (&renamed.id, renamed.name.as_str()),
        (&created.id, "checkout-v2")
    );
    let error = projects
        .get(ProjectRef::in_space("checkout", "fraud"))
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "no project is named \"checkout\" in space {}",
            fake.space_id("fraud")
        )
    );
    let conflict = projects.create("p1", "fraud").send().unwrap_err();
    assert!(conflict.is_conflict(), "{conflict:?}");
    let requests: Vec<Value> = fake
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .map(|r| serde_json::from_str(&r.body).unwrap())
        .collect();
    assert_eq!(
        requests[0],
        json!({"name": "checkout", "space_id": fake.space_id("fraud")})
    );
}
