//! The users routes: listing, the create_user idempotency table, updates,
//! deletion and its cascade, invitations and passwords.

use arize::testing::{AccountRole, FakeServer};
use serde_json::{Value, json};

use super::{Answer, assert_problem, call, create, decode_id, encode, names, pages, path, send};
use crate::common::seeded_fake;

/// `alice` (active, member of acme), `ivy` (invited), `eve` (invitation
/// expired), `gus` (deleted), in that order of creation.
fn people() -> FakeServer {
    let fake = FakeServer::builder()
        .organization("acme")
        .user("alice", AccountRole::Member, ["acme"])
        .invited_user("ivy", AccountRole::Member)
        .invited_user("eve", AccountRole::Annotator)
        .user("gus", AccountRole::Admin, ["acme"])
        .start();
    fake.expire_invitation(&fake.user_email("eve"));
    assert_eq!(call(&fake, "DELETE", &user(&fake, "gus"), None).status, 204);
    fake
}

fn user(fake: &FakeServer, name: &str) -> String {
    format!("/v2/users/{}", encode(&fake.user_id(name)))
}

fn new_user(name: &str, email: &str, role: &str, mode: &str) -> Option<Value> {
    Some(json!({
        "name": name,
        "email": email,
        "role": {"type": "PREDEFINED", "name": role},
        "invite_mode": mode,
    }))
}

fn create_user(fake: &FakeServer, email: &str, mode: &str) -> Answer {
    call(
        fake,
        "POST",
        "/v2/users",
        new_user("New", email, "MEMBER", mode),
    )
}

fn list(fake: &FakeServer, query: &str) -> Vec<String> {
    names(
        &call(fake, "GET", &format!("/v2/users{query}"), None),
        "users",
    )
}

#[test]
fn users_are_listed_oldest_first_with_every_field() {
    let fake = seeded_fake();
    let answer = call(&fake, "GET", "/v2/users", None);
    assert_eq!(names(&answer, "users"), ["alice", "annie", "gus"]);
    let users = answer.body["users"].as_array().unwrap();
    let alice = &users[0];
    assert!(decode_id(&alice["id"]).starts_with("User:1:"));
    assert_eq!(alice["email"], "alice@example.com");
    assert_eq!(alice["status"], "ACTIVE");
    assert_eq!(
        alice["role"],
        json!({"type": "PREDEFINED", "name": "MEMBER"})
    );
    assert_eq!(alice["is_developer"], true);
    assert_eq!(alice.as_object().unwrap().len(), 7);
    assert_eq!(users[1]["role"]["name"], "ANNOTATOR");
    assert_eq!(users[1]["is_developer"], false);
    let created: Vec<&str> = users
        .iter()
        .map(|u| u["created_at"].as_str().unwrap())
        .collect();
    assert!(created.is_sorted(), "{created:?}");
    assert_eq!(call(&fake, "GET", &user(&fake, "alice"), None).body, *alice);

    assert_eq!(create_user(&fake, "zed@example.com", "NONE").status, 201);
    assert_eq!(list(&fake, ""), ["alice", "annie", "gus", "New"]);
}

#[test]
fn list_users_filters_by_email_and_repeated_status() {
    let fake = people();
    assert_eq!(list(&fake, ""), ["alice", "ivy", "eve"], "inactive hidden");
    assert_eq!(list(&fake, "?email=ALICE%40Example"), ["alice"]);
    assert_eq!(list(&fake, "?email=E.COM"), ["alice", "ivy", "eve"]);
    assert_eq!(list(&fake, "?email=v"), ["ivy", "eve"]);
    assert_eq!(list(&fake, "?status=INVITED"), ["ivy"]);
    assert_eq!(
        list(&fake, "?status=EXPIRED&status=INVITED"),
        ["ivy", "eve"]
    );
    assert_eq!(list(&fake, "?status=ACTIVE"), ["alice"], "gus is inactive");
    assert_eq!(
        list(&fake, "?status=ACTIVE&email=ivy"),
        Vec::<String>::new()
    );
    let long = format!("email={}", "e".repeat(256));
    for query in ["status=active", "status=inactive", "status=", &*long] {
        let answer = call(&fake, "GET", &format!("/v2/users?{query}"), None);
        assert_problem(&answer, 400, &query[..query.find('=').unwrap()]);
    }
    // A deleted user is a 404, as the spec allows: its status, inactive,
    // is not a value of the spec's enum.
    let gone = call(&fake, "GET", &user(&fake, "gus"), None);
    assert_problem(&gone, 404, "was deleted");
}

#[test]
fn list_users_pages_with_cursors() {
    let mut builder = FakeServer::builder();
    for name in ["u1", "u2", "u3", "u4", "u5"] {
        builder = builder.user(name, AccountRole::Member, Vec::<String>::new());
    }
    let fake = builder.start();
    assert_eq!(
        super::pages(&fake, "/v2/users?limit=2", "users"),
        [vec!["u1", "u2"], vec!["u3", "u4"], vec!["u5"]]
    );
    let filtered = pages(&fake, "/v2/users?limit=1&status=ACTIVE&email=u", "users");
    assert_eq!(filtered.concat(), ["u1", "u2", "u3", "u4", "u5"]);
}

#[test]
fn create_user_makes_new_users_by_invite_mode() {
    let fake = seeded_fake();
    let linked = create_user(&fake, "link@example.com", "EMAIL_LINK");
    assert_eq!(linked.status, 201, "{}", linked.body);
    assert_eq!(linked.body["status"], "INVITED");
    assert_eq!(linked.body["invite_mode"], "EMAIL_LINK");
    assert!(linked.body.get("temporary_password").is_none());
    assert!(decode_id(&linked.body["id"]).starts_with("User:4:"));
    assert_eq!(fake.invitations_sent("LINK@example.com"), 1);
    let read = call(
        &fake,
        "GET",
        &format!("/v2/users/{}", encode(linked.body["id"].as_str().unwrap())),
        None,
    );
    let mut expected = linked.body.clone();
    expected.as_object_mut().unwrap().remove("invite_mode");
    assert_eq!(read.body, expected, "GET has the User fields only");

    let password = |email: &str| {
        let answer = create_user(&fake, email, "TEMPORARY_PASSWORD");
        assert_eq!(
            (answer.status, &answer.body["status"]),
            (201, &json!("INVITED"))
        );
        assert_eq!(answer.body["invite_mode"], "TEMPORARY_PASSWORD");
        answer.body["temporary_password"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let (one, two) = (password("p1@example.com"), password("p2@example.com"));
    assert!(one.len() >= 12 && one != two, "fresh passwords");
    assert_eq!(fake.invitations_sent("p1@example.com"), 1);

    let direct = create_user(&fake, "sso@example.com", "NONE");
    assert_eq!(direct.status, 201);
    assert_eq!(direct.body["status"], "ACTIVE");
    assert_eq!(direct.body["invite_mode"], "NONE");
    assert_eq!(
        fake.invitations_sent("sso@example.com"),
        0,
        "no email for NONE"
    );

    // is_developer defaults by role, unless sent.
    for (role, developer) in [
        ("ADMIN", true),
        ("MEMBER", true),
        ("ANNOTATOR", false),
        ("MEMBER_UI_ONLY", false),
    ] {
        let email = format!("{role}@example.com");
        let answer = call(
            &fake,
            "POST",
            "/v2/users",
            new_user("r", &email, role, "NONE"),
        );
        assert_eq!(answer.body["is_developer"], developer, "{role}");
        assert_eq!(answer.body["role"]["name"], role);
    }
    let mut body = new_user("d", "dev@example.com", "MEMBER", "NONE").unwrap();
    body["is_developer"] = json!(false);
    let answer = call(&fake, "POST", "/v2/users", Some(body));
    assert_eq!(answer.body["is_developer"], false);
}

#[test]
fn create_user_is_idempotent_on_the_email() {
    let fake = people();
    let ivy = call(&fake, "GET", &user(&fake, "ivy"), None).body;
    // Pending invitation: 200 with the user as is, nothing re-sent, whatever
    // the case of the email and the other fields.
    for mode in ["EMAIL_LINK", "TEMPORARY_PASSWORD"] {
        let body = new_user("Other Name", "IVY@Example.COM", "ADMIN", mode);
        let answer = call(&fake, "POST", "/v2/users", body);
        assert_eq!((answer.status, &answer.body), (200, &ivy), "{mode}");
    }
    assert_eq!(fake.invitations_sent("ivy@example.com"), 0);
    assert_eq!(call(&fake, "GET", &user(&fake, "ivy"), None).body, ivy);

    // Expired: a new invitation for the same user.
    let eve_id = fake.user_id("eve");
    let renewed = create_user(&fake, "eve@example.com", "TEMPORARY_PASSWORD");
    assert_eq!(renewed.status, 201, "{}", renewed.body);
    assert_eq!(renewed.body["id"], eve_id);
    assert_eq!(renewed.body["status"], "INVITED");
    assert!(renewed.body["temporary_password"].is_string());
    assert_eq!(fake.invitations_sent("eve@example.com"), 1);
    let pending = create_user(&fake, "eve@example.com", "EMAIL_LINK");
    assert_eq!((pending.status, &pending.body["id"]), (200, &json!(eve_id)));
    assert_eq!(fake.invitations_sent("eve@example.com"), 1);
    fake.expire_invitation("Eve@example.com");
    let link = create_user(&fake, "eve@example.com", "EMAIL_LINK");
    assert_eq!(
        (link.status, &link.body["invite_mode"]),
        (201, &json!("EMAIL_LINK"))
    );
    assert_eq!(fake.invitations_sent("eve@example.com"), 2);

    // Active and deleted users are conflicts in every mode.
    for mode in ["EMAIL_LINK", "TEMPORARY_PASSWORD", "NONE"] {
        assert_problem(
            &create_user(&fake, "Alice@example.com", mode),
            409,
            "already active",
        );
        assert_problem(
            &create_user(&fake, "gus@example.com", mode),
            409,
            "never re-invitable",
        );
    }
    // NONE for a pending or expired invitation is a 409 (a choice: the
    // contract leaves it open), and changes nothing.
    fake.expire_invitation("eve@example.com");
    assert_problem(
        &create_user(&fake, "ivy@example.com", "NONE"),
        409,
        "INVITED",
    );
    assert_problem(
        &create_user(&fake, "eve@example.com", "NONE"),
        409,
        "EXPIRED",
    );
    assert_eq!(list(&fake, "?status=EXPIRED"), ["eve"]);
    assert_eq!(fake.invitations_sent("ivy@example.com"), 0);
    assert_eq!(fake.invitations_sent("eve@example.com"), 2);

    // A brand new email: 201 then 200, one invitation.
    let first = create_user(&fake, "new@example.com", "EMAIL_LINK");
    let second = create_user(&fake, "new@example.com", "EMAIL_LINK");
    assert_eq!((first.status, second.status), (201, 200));
    assert_eq!(first.body["id"], second.body["id"]);
    assert_eq!(fake.invitations_sent("new@example.com"), 1);
    assert_eq!(list(&fake, "?email=new"), ["New"]);
}

#[test]
fn invalid_create_user_bodies_are_refused() {
    let fake = seeded_fake();
    let valid = new_user("n", "n@example.com", "MEMBER", "EMAIL_LINK").unwrap();
    let with = |key: &str, value: Value| {
        let mut body = valid.clone();
        body[key] = value;
        body
    };
    let without = |key: &str| {
        let mut body = valid.clone();
        body.as_object_mut().unwrap().remove(key);
        body
    };
    let mut cases = vec![
        (without("name"), 400, "name: required"),
        (without("email"), 400, "email: required"),
        (without("role"), 400, "role"),
        (without("invite_mode"), 400, "invite_mode: required"),
        (with("status", json!("ACTIVE")), 400, "unknown field"),
        (with("name", json!("")), 422, "name"),
        (with("name", json!("n".repeat(256))), 422, "name"),
        (with("is_developer", json!("yes")), 400, "boolean"),
        (
            with("role", json!({"type": "CUSTOM", "id": "Um9sZTox"})),
            400,
            "not yet supported",
        ),
        (
            with("role", json!({"type": "PREDEFINED", "name": "READ_ONLY"})),
            422,
            "READ_ONLY",
        ),
        (with("invite_mode", json!("SMS")), 422, "invite_mode"),
    ];
    for email in [
        "plain",
        "@example.com",
        "a@example",
        "a@@example.com",
        "a@b@example.com",
        "a b@example.com",
        "a@.com",
        "a@example.",
        "",
    ] {
        cases.push((with("email", json!(email)), 400, "email"));
    }
    for (body, status, detail) in cases {
        let answer = call(&fake, "POST", "/v2/users", Some(body.clone()));
        assert_problem(&answer, status, detail);
    }
    let answer = send(
        &fake,
        "POST",
        "/v2/users",
        Some("[]"),
        Some(&fake.api_key()),
    );
    assert_problem(&answer, 400, "JSON object");
    assert_eq!(
        list(&fake, ""),
        ["alice", "annie", "gus"],
        "nothing created"
    );
    assert_eq!(fake.invitations_sent("n@example.com"), 0);
    // The name boundary is accepted.
    let long = with("name", json!("é".repeat(255)));
    assert_eq!(call(&fake, "POST", "/v2/users", Some(long)).status, 201);
}

#[test]
fn update_user_trims_names_and_refuses_nulls() {
    let fake = people();
    let alice = user(&fake, "alice");
    let renamed = call(&fake, "PATCH", &alice, Some(json!({"name": "  Alice A  "})));
    assert_eq!(renamed.status, 200);
    assert_eq!(renamed.body["name"], "Alice A");
    assert_eq!(renamed.body["is_developer"], true);
    let flag = call(&fake, "PATCH", &alice, Some(json!({"is_developer": false}))).body;
    assert_eq!(
        (&flag["name"], &flag["is_developer"]),
        (&json!("Alice A"), &json!(false))
    );
    assert_eq!(call(&fake, "GET", &alice, None).body, flag);

    let cases = [
        (json!({}), 400, "at least one field"),
        (json!({"name": "   "}), 400, "blank"),
        (json!({"name": ""}), 400, "blank"),
        (
            json!({"name": format!(" {} ", "n".repeat(256))}),
            422,
            "name",
        ),
        (json!({"name": null}), 422, "name"),
        (json!({"is_developer": null}), 422, "is_developer"),
        (json!({"is_developer": "no"}), 400, "boolean"),
        (json!({"email": "x@example.com"}), 400, "unknown field"),
    ];
    for (body, status, detail) in cases {
        assert_problem(&call(&fake, "PATCH", &alice, Some(body)), status, detail);
    }
    let edge = json!({"name": format!(" {} ", "n".repeat(255))});
    assert_eq!(call(&fake, "PATCH", &alice, Some(edge)).status, 200);
    let patch = Some(json!({"name": "x"}));
    assert_problem(
        &call(&fake, "PATCH", &user(&fake, "gus"), patch),
        404,
        "deleted",
    );
}

#[test]
fn deleting_a_user_removes_their_memberships_for_good() {
    let fake = seeded_fake();
    let space = create(&fake, "s", "acme");
    let alice_id = fake.user_id("alice");
    let role = json!({"type": "PREDEFINED", "name": "MEMBER"});
    let add = json!({"user_id": alice_id, "role": role});
    let space_users = format!("{}/users", path(&space));
    assert_eq!(
        call(&fake, "POST", &space_users, Some(add.clone())).status,
        200
    );

    let deleted = call(&fake, "DELETE", &user(&fake, "alice"), None);
    assert_eq!((deleted.status, deleted.body), (204, Value::Null));
    let read = call(&fake, "GET", &user(&fake, "alice"), None);
    assert_problem(&read, 404, "was deleted");
    // Deleting again is still a 204.
    let again = call(&fake, "DELETE", &user(&fake, "alice"), None);
    assert_eq!((again.status, again.body), (204, Value::Null));
    let org = format!(
        "/v2/organizations/{}",
        encode(&fake.organization_id("acme"))
    );
    let alice = encode(&alice_id);
    let memberships = [
        format!("{space_users}/{alice}"),
        format!("{org}/users/{alice}"),
    ];
    for membership in &memberships {
        assert_problem(
            &call(&fake, "DELETE", membership, None),
            404,
            "not a member",
        );
    }
    for users in [&space_users, &format!("{org}/users")] {
        assert_problem(
            &call(&fake, "POST", users, Some(add.clone())),
            404,
            "no user",
        );
    }
    let again = call(&fake, "DELETE", &user(&fake, "alice"), None);
    assert_eq!((again.status, again.body), (204, Value::Null), "idempotent");
    assert_eq!(list(&fake, ""), ["annie", "gus"]);
}

#[test]
fn resend_and_reset_follow_the_user_status() {
    let fake = people();
    let post = |name: &str, action: &str| {
        call(
            &fake,
            "POST",
            &format!("{}/{action}", user(&fake, name)),
            None,
        )
    };
    let resent = post("ivy", "resend-invitation");
    assert_eq!((resent.status, resent.body), (204, Value::Null));
    assert_eq!(post("ivy", "resend-invitation").status, 204);
    assert_eq!(fake.invitations_sent("ivy@example.com"), 2, "one per call");
    for name in ["alice", "eve", "gus"] {
        assert_problem(&post(name, "resend-invitation"), 400, "INVITED");
    }
    assert_eq!(fake.invitations_sent("alice@example.com"), 0);
    assert_eq!(fake.invitations_sent("eve@example.com"), 0);

    let reset = post("alice", "reset-password");
    assert_eq!((reset.status, reset.body), (204, Value::Null));
    for name in ["ivy", "eve"] {
        assert_problem(&post(name, "reset-password"), 400, "unverified");
    }
    assert_problem(&post("gus", "reset-password"), 404, "deleted");
}

#[test]
fn seed_hooks_name_users_and_count_invitations() {
    let fake = people();
    assert_eq!(fake.user_email("ivy"), "ivy@example.com");
    assert_eq!(
        fake.invitations_sent("ivy@example.com"),
        0,
        "seeds do not count"
    );
    assert_eq!(fake.invitations_sent("nobody@example.com"), 0);
}

#[test]
#[should_panic(expected = "only a pending invitation can expire")]
fn only_pending_invitations_can_expire() {
    let fake = people();
    fake.expire_invitation("alice@example.com");
}
