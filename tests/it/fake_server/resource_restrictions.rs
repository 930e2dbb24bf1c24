//! The resource restrictions routes: idempotent restricting, and the
//! listing filtered after reading.

use arize::testing::{AccountRole, FakeServer};
use serde_json::{Value, json};

use super::{Answer, assert_problem, call, encode, fields, pages_by, send};

const LIST: &str = "/v2/resource-restrictions";

/// Six projects in the space `fraud`, of which p1, p5 and p6 are restricted.
fn projects_fake() -> FakeServer {
    FakeServer::builder()
        .organization("acme")
        .user("alice", AccountRole::Member, ["acme"])
        .space("acme", "fraud")
        .space("acme", "churn")
        .restricted_project("fraud", "p1")
        .project("fraud", "p2")
        .project("fraud", "p3")
        .project("fraud", "p4")
        .restricted_project("fraud", "p5")
        .restricted_project("fraud", "p6")
        .start()
}

fn restrict(fake: &FakeServer, resource_id: &str) -> Answer {
    let body = json!({"resource_id": resource_id});
    call(fake, "POST", LIST, Some(body))
}

fn unrestrict(fake: &FakeServer, resource_id: &str) -> Answer {
    call(
        fake,
        "DELETE",
        &format!("{LIST}/{}", encode(resource_id)),
        None,
    )
}

/// The IDs of the projects named.
fn ids(fake: &FakeServer, names: &[&str]) -> Vec<String> {
    names.iter().map(|name| fake.project_id(name)).collect()
}

#[test]
fn restricting_is_idempotent_and_keeps_the_first_created_at() {
    let fake = projects_fake();
    let p2 = fake.project_id("p2");
    let first = restrict(&fake, &p2);
    assert_eq!(first.status, 200, "not 201: {}", first.body);
    assert_eq!(first.content_type, "application/json");
    assert_eq!(first.body["resource_type"], "PROJECT");
    assert_eq!(first.body["resource_id"], p2);
    assert!(first.body["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(first.body.as_object().unwrap().len(), 3);
    // Time passes (the fake's clock ticks with each change).
    assert_eq!(restrict(&fake, &fake.project_id("p3")).status, 200);
    let again = restrict(&fake, &p2);
    assert_eq!((again.status, &again.body), (200, &first.body));
    // A seeded restriction is returned as it is, too.
    let p1 = fake.project_id("p1");
    let listed = call(&fake, "GET", LIST, None).body;
    let seeded = &listed["resource_restrictions"][0];
    assert_eq!(seeded["resource_id"], p1);
    assert_eq!(restrict(&fake, &p1).body, *seeded);
}

#[test]
fn unrestricting_is_404_when_not_restricted() {
    let fake = projects_fake();
    let p2 = fake.project_id("p2");
    assert_problem(&unrestrict(&fake, &p2), 404, "not restricted");
    let first = restrict(&fake, &p2).body;
    let lifted = unrestrict(&fake, &p2);
    assert_eq!((lifted.status, lifted.body), (204, Value::Null));
    assert_problem(&unrestrict(&fake, &p2), 404, "not restricted");
    assert!(
        !fields(
            &call(&fake, "GET", LIST, None),
            "resource_restrictions",
            "resource_id"
        )
        .contains(&p2)
    );
    // Restricting it again is a new restriction.
    let second = restrict(&fake, &p2).body;
    assert!(second["created_at"].as_str() > first["created_at"].as_str());
}

#[test]
fn only_projects_can_be_restricted() {
    let fake = projects_fake();
    let space = fake.space_id("fraud");
    for id in [
        &space,
        &fake.user_id("alice"),
        &fake.organization_id("acme"),
    ] {
        assert_problem(&restrict(&fake, id), 400, "unsupported type");
        assert_problem(&unrestrict(&fake, id), 400, "unsupported type");
    }
    let unknown = "RGFzaGJvYXJkOjQ1Njp4";
    assert_problem(&restrict(&fake, unknown), 404, "no resource");
    assert_problem(&unrestrict(&fake, unknown), 404, "no resource");
    let key = fake.api_key();
    let cases = [
        ("not json", 400, "JSON object"),
        ("{}", 400, "resource_id: required"),
        (r#"{"resource_id": 5}"#, 400, "expected a string"),
        (r#"{"resource_id": ""}"#, 422, "cannot be empty"),
        (
            r#"{"resource_id": "x", "resource_type": "PROJECT"}"#,
            400,
            "unknown field",
        ),
    ];
    for (body, status, detail) in cases {
        assert_problem(
            &send(&fake, "POST", LIST, Some(body), Some(&key)),
            status,
            detail,
        );
    }
}

#[test]
fn the_listing_is_filtered_after_reading_so_a_middle_page_can_be_empty() {
    let fake = projects_fake();
    let first = call(&fake, "GET", &format!("{LIST}?limit=2"), None);
    assert_eq!(
        fields(&first, "resource_restrictions", "resource_id"),
        ids(&fake, &["p1"])
    );
    assert_eq!(
        first.body["pagination"]["has_more"], true,
        "a short page, not the last"
    );
    let cursor = first.body["pagination"]["next_cursor"].as_str().unwrap();
    let middle = call(
        &fake,
        "GET",
        &format!("{LIST}?limit=2&cursor={cursor}"),
        None,
    );
    assert_eq!(middle.status, 200);
    assert_eq!(middle.body["resource_restrictions"], json!([]));
    assert_eq!(
        middle.body["pagination"]["has_more"], true,
        "empty, not the last"
    );
    assert!(middle.body["pagination"]["next_cursor"].is_string());

    let every = |query: &str| {
        pages_by(
            &fake,
            &format!("{LIST}?{query}"),
            "resource_restrictions",
            "resource_id",
        )
    };
    let (p1, p5_p6) = (ids(&fake, &["p1"]), ids(&fake, &["p5", "p6"]));
    assert_eq!(every("limit=2"), [p1.clone(), vec![], p5_p6.clone()]);
    assert_eq!(
        every("limit=2&resource_type=PROJECT"),
        [p1.clone(), vec![], p5_p6.clone()]
    );
    assert_eq!(
        every("limit=1"),
        [
            p1.clone(),
            vec![],
            vec![],
            vec![],
            ids(&fake, &["p5"]),
            ids(&fake, &["p6"])
        ]
    );
    assert_eq!(every("limit=50"), [ids(&fake, &["p1", "p5", "p6"])]);
    assert_eq!(
        every("resource_type=DASHBOARD"),
        [Vec::<String>::new()],
        "the fake has none"
    );
    assert_eq!(
        every("resource_type=PROMPT&limit=1"),
        [Vec::<String>::new()]
    );
    let answer = call(&fake, "GET", &format!("{LIST}?resource_type=SPACE"), None);
    assert_problem(&answer, 400, "resource_type");
}

#[test]
fn projects_added_later_and_deleted_with_their_space_follow_the_same_rules() {
    let fake = projects_fake();
    let added = fake.add_project(&fake.space_id("churn"), "q1");
    assert_eq!(fake.project_id("q1"), added);
    assert_eq!(restrict(&fake, &added).body["resource_id"], added);
    let every = pages_by(
        &fake,
        &format!("{LIST}?limit=3"),
        "resource_restrictions",
        "resource_id",
    );
    assert_eq!(
        every,
        [
            ids(&fake, &["p1"]),
            ids(&fake, &["p5", "p6"]),
            vec![added.clone()]
        ]
    );

    let p1 = fake.project_id("p1");
    let fraud = format!("/v2/spaces/{}", encode(&fake.space_id("fraud")));
    assert_eq!(call(&fake, "DELETE", &fraud, None).status, 204);
    let listed = call(&fake, "GET", LIST, None);
    assert_eq!(
        fields(&listed, "resource_restrictions", "resource_id"),
        [added]
    );
    assert_problem(&restrict(&fake, &p1), 404, "no resource");
}
