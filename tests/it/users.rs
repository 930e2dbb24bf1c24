//! What is the users' own: the email and status filters, the create's
//! three outcomes and two retry classes, the temporary password kept
//! secret, updates; what an email is (text with an `@`), a user named by
//! email in space memberships (organization membership is in
//! `organizations.rs`), a hostile email as one query value; `delete_many`,
//! which de-duplicates and never stops early; statuses and account roles
//! read tolerantly. The generic contracts (name lookups among them) are in
//! `contract`.

use std::time::Duration;

use crate::{
    common::*,
    contract::{merged, read_both_ways, rows},
    raw::{GUARD, within},
};
use arize::{
    AccountRole, BulkDeletion, Deletion, Error, InviteMode, PredefinedRole, ResourceKind,
    UserCreation, UserRef, UserStatus,
};
use mockito::{Matcher, Mock, ServerGuard};
use serde_json::{Value, json};

/// The lookup of `email` (as sent in the query), answering with `users`.
fn lookup(server: &mut ServerGuard, email_query: &str, users: Vec<Value>) -> Mock {
    expect(
        server,
        "GET",
        &format!("/v2/users?email={email_query}&limit=100"),
    )
    .with_body(page_of("users", users, None))
}

// --- Operations --------------------------------------------------------------

#[test]
fn list_sends_the_email_filter_and_the_default_page_size_and_decodes_the_page() {
    let mut server = mockito::Server::new();
    let mock = expect(
        &mut server,
        "GET",
        &format!("/v2/users?email={ALICE_QUERY}&limit=50"),
    )
    .match_body(Matcher::Missing)
    .with_header("content-type", "application/json")
    .with_body(page_of(
        "users",
        vec![user(ALICE_ID, ALICE), user(BOB_ID, "malice@x.io")],
        Some("c2"),
    ))
    .create();

    let page = client(&server).users().list().email(ALICE).send().unwrap();

    mock.assert();
    assert_eq!(page.len(), 2);
    let alice = &page.items()[0];
    assert_eq!(alice.id, ALICE_ID);
    assert_eq!(alice.name, "alice");
    assert_eq!(alice.email, ALICE);
    assert_eq!(
        alice.created_at.unwrap().to_rfc3339(),
        "2026-01-02T03:04:05+00:00"
    );
    assert_eq!(alice.status, Some(UserStatus::Active));
    assert_eq!(alice.role, Some(AccountRole::Member));
    assert!(alice.is_developer);
    assert_eq!(page.items()[1].id, BOB_ID);
    assert!(page.has_more());
    assert_eq!(page.next_cursor(), Some("c2"));
}

#[test]
fn list_sends_each_status_repeated_in_order() {
    let mut server = mockito::Server::new();
    let both = expect(
        &mut server,
        "GET",
        "/v2/users?email=x%2Eio&status=ACTIVE&status=INVITED&limit=50",
    )
    .with_body(page_of("users", vec![], None))
    .create();
    let replaced = expect(
        &mut server,
        "GET",
        "/v2/users?status=EXPIRED&status=INVITED&limit=50",
    )
    .with_body(page_of("users", vec![], None))
    .create();
    let users = client(&server).users();

    users
        .list()
        .email("x.io")
        .status(UserStatus::Active)
        .status(UserStatus::Invited)
        .send()
        .unwrap();
    users
        .list()
        .status(UserStatus::Active)
        .set_statuses([UserStatus::Expired, UserStatus::Invited])
        .send()
        .unwrap();

    both.assert();
    replaced.assert();
}

#[test]
fn list_items_default_to_pages_of_100_and_keep_the_filters_on_every_page() {
    let mut server = mockito::Server::new();
    let first = expect(&mut server, "GET", "/v2/users?status=EXPIRED&limit=100")
        .with_body(page_of("users", vec![user(ALICE_ID, ALICE)], Some("c2")))
        .expect(1)
        .create();
    let second = expect(
        &mut server,
        "GET",
        "/v2/users?status=EXPIRED&limit=100&cursor=c2",
    )
    .with_body(page_of("users", vec![user(BOB_ID, "bob@x.io")], None))
    .expect(1)
    .create();

    let ids: Vec<String> = client(&server)
        .users()
        .list()
        .status(UserStatus::Expired)
        .items()
        .take(10)
        .map(|user| user.unwrap().id)
        .collect();

    first.assert();
    second.assert();
    assert_eq!(ids, [ALICE_ID, BOB_ID]);
}

#[test]
fn create_posts_name_email_role_and_invite_mode() {
    let mut server = mockito::Server::new();
    let mock = expect_json(
        &mut server,
        "POST",
        "/v2/users",
        json!({
            "name": "Alice",
            "email": ALICE,
            "role": {"type": "PREDEFINED", "name": "MEMBER"},
            "invite_mode": "EMAIL_LINK"
        }),
    )
    .with_status(201)
    .with_body(
        merged(
            user(ALICE_ID, ALICE),
            json!({"name": "Alice", "status": "INVITED", "invite_mode": "EMAIL_LINK"}),
        )
        .to_string(),
    )
    .create();

    let created = client(&server)
        .users()
        .create("Alice", ALICE, AccountRole::Member, InviteMode::EmailLink)
        .send()
        .unwrap();

    mock.assert();
    match &created {
        UserCreation::Created {
            user,
            invite_mode,
            temporary_password,
        } => {
            assert_eq!(user.id, ALICE_ID);
            assert_eq!(user.name, "Alice");
            assert_eq!(user.email, ALICE);
            assert_eq!(user.status, Some(UserStatus::Invited));
            assert_eq!(user.role, Some(AccountRole::Member));
            assert!(user.is_developer);
            assert_eq!(invite_mode, &Some(InviteMode::EmailLink));
            assert!(temporary_password.is_none());
        }
        other => panic!("expected a new user, got {other:?}"),
    }
    assert_eq!(created.user().id, ALICE_ID);
}

#[test]
fn create_sends_is_developer_only_when_set() {
    for (developer, body) in [
        (
            Some(false),
            json!({
                "name": "Ann",
                "email": "ann@x.io",
                "role": {"type": "PREDEFINED", "name": "ANNOTATOR"},
                "invite_mode": "NONE",
                "is_developer": false
            }),
        ),
        (
            Some(true),
            json!({
                "name": "Ann",
                "email": "ann@x.io",
                "role": {"type": "PREDEFINED", "name": "ANNOTATOR"},
                "invite_mode": "NONE",
                "is_developer": true
            }),
        ),
        (
            None,
            json!({
                "name": "Ann",
                "email": "ann@x.io",
                "role": {"type": "PREDEFINED", "name": "ANNOTATOR"},
                "invite_mode": "NONE"
            }),
        ),
    ] {
        let mut server = mockito::Server::new();
        let mock = expect_json(&mut server, "POST", "/v2/users", body)
            .with_status(201)
            .with_body(merged(user(BOB_ID, "ann@x.io"), json!({"invite_mode": "NONE"})).to_string())
            .create();

        let created = client(&server)
            .users()
            .create("Ann", "ann@x.io", AccountRole::Annotator, InviteMode::None)
            .set_developer(developer)
            .send()
            .unwrap();

        mock.assert();
        assert!(
            matches!(
                &created,
                UserCreation::Created {
                    invite_mode: Some(InviteMode::None),
                    ..
                }
            ),
            "{created:?}"
        );
    }
}

#[test]
fn a_temporary_password_is_readable_only_through_expose_secret() {
    const PASSWORD: &str = "Tmp-Pa55!wörd";
    let mut server = mockito::Server::new();
    let mock = expect_json(
        &mut server,
        "POST",
        "/v2/users",
        json!({
            "name": "Bob",
            "email": "bob@x.io",
            "role": {"type": "PREDEFINED", "name": "ADMIN"},
            "invite_mode": "TEMPORARY_PASSWORD"
        }),
    )
    .with_status(201)
    .with_body(
        merged(
            user(BOB_ID, "bob@x.io"),
            json!({
                "status": "INVITED",
                "role": {"type": "PREDEFINED", "name": "ADMIN"},
                "invite_mode": "TEMPORARY_PASSWORD",
                "temporary_password": PASSWORD
            }),
        )
        .to_string(),
    )
    .create();

    let created = client(&server)
        .users()
        .create(
            "Bob",
            "bob@x.io",
            AccountRole::Admin,
            InviteMode::TemporaryPassword,
        )
        .send()
        .unwrap();

    mock.assert();
    let UserCreation::Created {
        user,
        invite_mode,
        temporary_password: Some(password),
    } = &created
    else {
        panic!("expected a new user with a password, got {created:?}")
    };
    assert_eq!(password.expose_secret(), PASSWORD);
    assert_eq!(invite_mode, &Some(InviteMode::TemporaryPassword));
    assert_eq!(user.role, Some(AccountRole::Admin));
    let shown = [
        format!("{password}"),
        format!("{password:?}"),
        format!("{password:#?}"),
        format!("{created:?}"),
        format!("{created:#?}"),
        format!("{user:?}"),
        format!("{user:#?}"),
        format!("{:?}", created.user()),
        serde_json::to_string(password).unwrap(),
    ];
    for text in &shown {
        assert!(!text.contains(PASSWORD), "the password shows: {text}");
        assert!(!text.contains("Pa55"), "part of the password shows: {text}");
    }
    assert_eq!(shown[0], "[REDACTED]");
    assert_eq!(shown[1], "[REDACTED]");
    assert!(
        shown[3].contains("temporary_password: Some([REDACTED])"),
        "{}",
        shown[3]
    );
}

#[test]
fn an_undecodable_create_answer_does_not_show_the_temporary_password() {
    const PASSWORD: &str = "Tmp-Pa55!wörd";
    let mut server = mockito::Server::new();
    let mock = expect(&mut server, "POST", "/v2/users")
        .with_status(201)
        .with_body(
            json!({
                "id": BOB_ID,
                "email": "bob@x.io",
                "created_at": "yesterday",
                "invite_mode": "TEMPORARY_PASSWORD",
                "temporary_password": PASSWORD
            })
            .to_string(),
        )
        .create();

    let error = client(&server)
        .users()
        .create(
            "Bob",
            "bob@x.io",
            AccountRole::Admin,
            InviteMode::TemporaryPassword,
        )
        .send()
        .unwrap_err();

    mock.assert();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    for text in [
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ] {
        assert!(!text.contains(PASSWORD), "the password shows: {text}");
    }
}

/// Cut off mid-JSON, with the password in a wrongly typed field: the
/// error says what and where, but quotes nothing of the answer.
#[test]
fn a_broken_create_answer_quotes_nothing_of_its_body() {
    const PASSWORD: &str = "Pw-9xQ!temporary";
    let mut server = mockito::Server::new();
    let body = format!(
        r#"{{"id": "{BOB_ID}", "email": "bob@x.io", "is_developer": "{PASSWORD}", "temporary_pa"#
    );
    let mock = expect(&mut server, "POST", "/v2/users")
        .with_status(201)
        .with_body(body)
        .create();
    let error = client(&server)
        .users()
        .create(
            "Bob",
            "bob@x.io",
            AccountRole::Admin,
            InviteMode::TemporaryPassword,
        )
        .send()
        .unwrap_err();
    mock.assert();
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}")
    };
    assert_eq!(decode.path(), "is_developer");
    assert_eq!(decode.body(), "[withheld: the answer may hold a secret]");
    let text = error.to_string();
    assert!(
        text.contains(r#"invalid type: string "…", expected a boolean"#),
        "{text}"
    );
    for shown in [text, format!("{error:?}"), format!("{error:#?}")] {
        assert!(!shown.contains("9xQ"), "the password shows: {shown}");
    }
}

#[test]
fn create_answered_200_returns_the_pending_invitation_as_it_is() {
    let mut server = mockito::Server::new();
    let mock = expect(&mut server, "POST", "/v2/users")
        .with_status(200)
        .with_body(merged(user(ALICE_ID, ALICE), json!({"status": "INVITED"})).to_string())
        .create();

    let creation = client(&server)
        .users()
        .create("Alice", ALICE, AccountRole::Member, InviteMode::EmailLink)
        .send()
        .unwrap();

    mock.assert();
    match &creation {
        UserCreation::AlreadyInvited(user) => {
            assert_eq!(user.id, ALICE_ID);
            assert_eq!(user.status, Some(UserStatus::Invited));
        }
        other => panic!("expected the pending invitation, got {other:?}"),
    }
    assert_eq!(creation.user().email, ALICE);
}

#[test]
fn an_invitation_is_idempotent_on_the_email_so_a_503_is_retried() {
    for mode in [InviteMode::EmailLink, InviteMode::TemporaryPassword] {
        let mut server = mockito::Server::new();
        let busy = expect(&mut server, "POST", "/v2/users")
            .with_status(503)
            .with_header("retry-after", "1")
            .expect(1)
            .create();
        // The retry finds the invitation the lost attempt made.
        let pending = expect(&mut server, "POST", "/v2/users")
            .with_status(200)
            .with_body(merged(user(ALICE_ID, ALICE), json!({"status": "INVITED"})).to_string())
            .expect(1)
            .create();
        let (client, waits) = client_with_waits(&server);

        let creation = client
            .users()
            .create("Alice", ALICE, AccountRole::Member, mode.clone())
            .send()
            .unwrap();

        busy.assert();
        pending.assert();
        assert!(
            matches!(creation, UserCreation::AlreadyInvited(_)),
            "{mode}"
        );
        assert_eq!(*waits.lock().unwrap(), [Duration::from_secs(1)], "{mode}");
    }
}

#[test]
fn update_patches_only_what_was_set() {
    for (body, name, developer) in [
        (json!({"name": "Alice B."}), Some("Alice B."), None),
        (json!({"is_developer": false}), None, Some(false)),
        (
            json!({"name": "Alice B.", "is_developer": true}),
            Some("Alice B."),
            Some(true),
        ),
    ] {
        let mut server = mockito::Server::new();
        let mock = expect_json(
            &mut server,
            "PATCH",
            &format!("/v2/users/{ALICE_PATH}"),
            body,
        )
        .with_body(merged(user(ALICE_ID, ALICE), json!({"name": "Alice B."})).to_string())
        .create();
        let mut update = client(&server).users().update(ALICE_ID);
        if let Some(name) = name {
            update = update.name(name);
        }
        if let Some(developer) = developer {
            update = update.developer(developer);
        }

        let user = update.send().unwrap();

        mock.assert();
        assert_eq!(user.name, "Alice B.");
    }
}

// --- Resolution --------------------------------------------------------------

#[test]
fn text_without_an_at_sign_is_an_id_and_needs_no_lookup() {
    let mut server = mockito::Server::new();
    let no_lookup = server
        .mock("GET", Matcher::Regex(r"^/v2/users\?".into()))
        .expect(0)
        .create();
    let get = expect(&mut server, "GET", "/v2/users/alice")
        .with_body(user("alice", ALICE).to_string())
        .create();
    let users = client(&server).users();

    assert_eq!(users.resolve(ALICE_ID).unwrap(), ALICE_ID);
    // Not base64, yet an ID: only `@` makes an email.
    assert_eq!(users.resolve("not an email").unwrap(), "not an email");
    assert_eq!(users.get("alice").unwrap().email, ALICE);
    assert_eq!(UserRef::from("alice"), UserRef::Id("alice".into()));
    assert_eq!(UserRef::from(ALICE), UserRef::Name(ALICE.into()));

    get.assert();
    no_lookup.assert();
}

#[test]
fn space_membership_takes_a_user_email() {
    let mut server = mockito::Server::new();
    let lookups = lookup(&mut server, ALICE_QUERY, vec![user(ALICE_ID, ALICE)])
        .expect(2)
        .create();
    let add = expect_json(
        &mut server,
        "POST",
        &format!("/v2/spaces/{ID_1_PATH}/users"),
        json!({"user_id": ALICE_ID, "role": {"type": "PREDEFINED", "name": "MEMBER"}}),
    )
    .with_body(
        json!({
            "id": "TWVtYmVyc2hpcDox",
            "user_id": ALICE_ID,
            "space_id": ID_1,
            "role": {"type": "PREDEFINED", "name": "MEMBER"}
        })
        .to_string(),
    )
    .create();
    let remove = expect(
        &mut server,
        "DELETE",
        &format!("/v2/spaces/{ID_1_PATH}/users/{ALICE_PATH}"),
    )
    .with_status(204)
    .create();
    let spaces = client(&server).spaces();

    let membership = spaces
        .add_user(ID_1, ALICE, PredefinedRole::Member)
        .unwrap();
    assert_eq!(membership.user_id, ALICE_ID);
    assert_eq!(spaces.remove_user(ID_1, ALICE).unwrap(), Deletion::Deleted);

    lookups.assert();
    add.assert();
    remove.assert();
}

#[test]
fn an_ambiguous_or_absent_email_changes_no_space_membership() {
    let mut server = mockito::Server::new();
    let no_post = server.mock("POST", Matcher::Any).expect(0).create();
    let no_delete = server.mock("DELETE", Matcher::Any).expect(0).create();
    let twice = lookup(
        &mut server,
        ALICE_QUERY,
        vec![user(ALICE_ID, ALICE), user(BOB_ID, "Alice@x.io")],
    )
    .create();
    let nobody = lookup(&mut server, "ghost%40x%2Eio", vec![]).create();
    let spaces = client(&server).spaces();

    let error = spaces
        .add_user(ID_1, ALICE, PredefinedRole::Member)
        .unwrap_err();
    assert!(
        matches!(&error, Error::AmbiguousName { kind: ResourceKind::User, ids, .. } if ids == &[ALICE_ID, BOB_ID]),
        "{error:?}"
    );
    let error = spaces.remove_user(ID_1, "ghost@x.io").unwrap_err();
    assert!(
        matches!(
            &error,
            Error::NameNotFound {
                kind: ResourceKind::User,
                ..
            }
        ),
        "{error:?}"
    );

    twice.assert();
    nobody.assert();
    no_post.assert();
    no_delete.assert();
}

// --- Lookups that loop -------------------------------------------------------

#[test]
fn an_email_lookup_stops_at_a_cursor_cycle() {
    within(GUARD, || {
        let mut server = mockito::Server::new();
        let no_delete = server.mock("DELETE", Matcher::Any).expect(0).create();
        let looping = expect(
            &mut server,
            "GET",
            &format!("/v2/users?email={ALICE_QUERY}&limit=100&cursor=L"),
        )
        .with_body(page_of("users", vec![], Some("L")))
        .expect(1)
        .create();
        let first = expect(
            &mut server,
            "GET",
            &format!("/v2/users?email={ALICE_QUERY}&limit=100"),
        )
        .with_body(page_of("users", vec![user(ALICE_ID, ALICE)], Some("L")))
        .expect(1)
        .create();

        let error = client(&server).users().delete(ALICE).unwrap_err();

        looping.assert();
        no_delete.assert();
        assert!(matches!(error, Error::Pagination(_)), "{error:?}");
        first.assert();
    });
}

// --- delete_many ---------------------------------------------------------------

#[test]
fn delete_many_deletes_each_distinct_user_once_and_reports_in_input_order() {
    let mut server = mockito::Server::new();
    let no_other_delete = server.mock("DELETE", Matcher::Any).expect(0).create();
    let a_lookup = lookup(&mut server, "a%40x%2Eio", vec![user(ALICE_ID, "a@x.io")])
        .expect(1)
        .create();
    let ghost_lookup = lookup(
        &mut server,
        "ghost%40x%2Eio",
        vec![user(BOB_ID, "ghost@x.io.evil")],
    )
    .expect(1)
    .create();
    let alice = expect(&mut server, "DELETE", &format!("/v2/users/{ALICE_PATH}"))
        .with_status(204)
        .expect(1)
        .create();
    let missing = expect(&mut server, "DELETE", &format!("/v2/users/{MISSING_PATH}"))
        .with_status(404)
        .with_body(problem(404, "Not Found", "no such user"))
        .expect(1)
        .create();
    let broken = expect(&mut server, "DELETE", &format!("/v2/users/{BROKEN_PATH}"))
        .with_status(500)
        .with_body(problem(500, "Internal Server Error", "boom"))
        .expect(1)
        .create();

    let outcomes = client(&server).users().delete_many([
        "a@x.io",
        "A@X.io",
        ALICE_ID,
        ALICE_ID,
        "ghost@x.io",
        MISSING_ID,
        BROKEN_ID,
    ]);

    a_lookup.assert();
    ghost_lookup.assert();
    alice.assert();
    missing.assert();
    broken.assert();
    no_other_delete.assert();
    assert_eq!(outcomes.len(), 5, "{outcomes:#?}");
    assert!(
        matches!(&outcomes[0], BulkDeletion::Deleted { user: UserRef::Name(email), id } if email == "a@x.io" && id == ALICE_ID),
        "{:?}",
        outcomes[0]
    );
    // Her ID names the user her email did: deleted once, reported for both.
    assert!(
        matches!(&outcomes[1], BulkDeletion::Deleted { user: UserRef::Id(given), id } if given == ALICE_ID && id == ALICE_ID),
        "{:?}",
        outcomes[1]
    );
    assert!(
        matches!(&outcomes[2], BulkDeletion::NotFound { user: UserRef::Name(email) } if email == "ghost@x.io"),
        "{:?}",
        outcomes[2]
    );
    assert!(
        matches!(&outcomes[3], BulkDeletion::NotFound { user: UserRef::Id(id) } if id == MISSING_ID),
        "{:?}",
        outcomes[3]
    );
    match &outcomes[4] {
        BulkDeletion::Failed {
            user: UserRef::Id(id),
            error,
        } => {
            assert_eq!(id, BROKEN_ID);
            assert!(
                matches!(error, Error::Server(api) if api.status() == 500),
                "{error:?}"
            );
            assert_eq!(error.problem().unwrap().detail.as_deref(), Some("boom"));
        }
        other => panic!("expected a failure, got {other:?}"),
    }
}

#[test]
fn delete_many_goes_on_after_a_failure() {
    let mut server = mockito::Server::new();
    let broken = expect(&mut server, "DELETE", &format!("/v2/users/{BROKEN_PATH}"))
        .with_status(500)
        .expect(1)
        .create();
    let forbidden = lookup(&mut server, ALICE_QUERY, vec![])
        .with_status(403)
        .with_body(problem(403, "Forbidden", "no USER_READ"))
        .expect(1)
        .create();
    let bob = expect(&mut server, "DELETE", &format!("/v2/users/{BOB_PATH}"))
        .with_status(204)
        .expect(1)
        .create();

    let outcomes = client(&server)
        .users()
        .delete_many([BROKEN_ID, ALICE, BOB_ID]);

    broken.assert();
    forbidden.assert();
    bob.assert();
    assert!(
        matches!(&outcomes[0], BulkDeletion::Failed { .. }),
        "{outcomes:?}"
    );
    // A failed lookup is a failure of that input, not a "not found".
    assert!(
        matches!(&outcomes[1], BulkDeletion::Failed { error, .. } if error.is_forbidden()),
        "{outcomes:?}"
    );
    assert!(
        matches!(&outcomes[2], BulkDeletion::Deleted { id, .. } if id == BOB_ID),
        "{outcomes:?}"
    );
}

#[test]

fn delete_many_reports_each_input_as_given() {
    let mut server = mockito::Server::new();
    // Whatever the case the lookup is sent in (the server ignores it).
    let lookup = server
        .mock(
            "GET",
            Matcher::Regex(r"^/v2/users\?email=(?i:bob%40x%2Eio)&limit=100$".into()),
        )
        .with_body(page_of("users", vec![user(BOB_ID, "bob@x.io")], None))
        .create();
    let delete = expect(&mut server, "DELETE", &format!("/v2/users/{BOB_PATH}"))
        .with_status(204)
        .create();

    let outcomes = client(&server).users().delete_many(["Bob@X.io"]);

    assert!(
        matches!(&outcomes[..], [BulkDeletion::Deleted { user: UserRef::Name(email), .. }] if email == "Bob@X.io"),
        "{outcomes:?}"
    );
    delete.assert();
    lookup.assert();
}

#[test]
fn delete_many_finds_a_non_ascii_email_as_delete_does() {
    let mut server = mockito::Server::new();
    // The server's filter ignores case; it finds Élise whatever the case.
    let lookup = server
        .mock("GET", Matcher::Regex(r"^/v2/users\?email=".into()))
        .with_body(page_of("users", vec![user(BOB_ID, "Élise@x.io")], None))
        .expect(2)
        .create();
    let delete = expect(&mut server, "DELETE", &format!("/v2/users/{BOB_PATH}"))
        .with_status(204)
        .expect(2)
        .create();
    let users = client(&server).users();

    assert_eq!(users.delete("Élise@x.io").unwrap(), Deletion::Deleted);
    let outcomes = users.delete_many(["Élise@x.io"]);

    assert!(
        matches!(&outcomes[..], [BulkDeletion::Deleted { id, .. }] if id == BOB_ID),
        "{outcomes:?}"
    );
    delete.assert();
    lookup.assert();
}

// --- Hostile emails and limits -----------------------------------------------

#[test]
fn hostile_emails_stay_one_query_value() {
    let mut server = mockito::Server::new();
    let hostile = "a&limit=1#x?y%z/../@x.io";
    let lookup = lookup(
        &mut server,
        "a%26limit%3D1%23x%3Fy%25z%2F%2E%2E%2F%40x%2Eio",
        vec![user(ALICE_ID, hostile)],
    )
    .expect(1)
    .create();
    let filter = expect(
        &mut server,
        "GET",
        "/v2/users?email=x%0D%0AHost%3A%20evil%40y&status=ACTIVE&limit=50",
    )
    .with_body(page_of("users", vec![], None))
    .expect(1)
    .create();
    let users = client(&server).users();

    assert_eq!(users.resolve(hostile).unwrap(), ALICE_ID);
    users
        .list()
        .email("x\r\nHost: evil@y")
        .status(UserStatus::Active)
        .send()
        .unwrap();

    lookup.assert();
    filter.assert();
}

#[test]
fn limits_count_characters_not_bytes() {
    let emoji_255 = "🦀".repeat(255);
    let mut server = mockito::Server::new();
    let create = expect_json(
        &mut server,
        "POST",
        "/v2/users",
        json!({
            "name": emoji_255,
            "email": ALICE,
            "role": {"type": "PREDEFINED", "name": "MEMBER"},
            "invite_mode": "NONE"
        }),
    )
    .with_status(201)
    .with_body(merged(user(ALICE_ID, ALICE), json!({"name": emoji_255})).to_string())
    .create();
    let update = expect_json(
        &mut server,
        "PATCH",
        &format!("/v2/users/{ALICE_PATH}"),
        json!({"name": emoji_255}),
    )
    .with_body(merged(user(ALICE_ID, ALICE), json!({"name": emoji_255})).to_string())
    .create();
    let users = client(&server).users();

    let created = users
        .create(
            emoji_255.clone(),
            ALICE,
            AccountRole::Member,
            InviteMode::None,
        )
        .send()
        .unwrap();
    let updated = users
        .update(ALICE_ID)
        .name(emoji_255.clone())
        .send()
        .unwrap();

    create.assert();
    update.assert();
    assert_eq!(created.user().name.chars().count(), 255);
    assert_eq!(updated.name, emoji_255);
}

// --- Tolerant reading --------------------------------------------------------

/// A user with `extra` fields, read alone and in a page.
fn users_with(extra: Value) -> Vec<arize::User> {
    let row = rows::users();
    read_both_ways(&row, merged((row.item)(ALICE_ID), extra))
}

#[test]
fn a_deleted_user_is_inactive_an_unknown_status() {
    for user in users_with(json!({"status": "inactive"})) {
        let status = user.status.unwrap();
        assert!(matches!(status, UserStatus::Unknown(_)), "{status:?}");
        assert_eq!(status.as_str(), "inactive");
        assert_eq!(status.to_string(), "inactive");
    }
}

#[test]
fn member_ui_only_is_a_known_account_role() {
    let role = json!({"type": "PREDEFINED", "name": "MEMBER_UI_ONLY"});
    for user in users_with(json!({"role": role})) {
        assert_eq!(user.role, Some(AccountRole::MemberUiOnly));
    }
}

#[test]
fn an_account_role_the_crate_does_not_know_decodes_as_unknown_and_is_not_sent_back() {
    let mut server = mockito::Server::new();
    let nothing = nothing(&mut server, "POST");
    let users = client(&server).users();
    for user in users_with(json!({"role": {"type": "PREDEFINED", "name": "OWNER"}})) {
        let role = user.role.unwrap();
        let unknown = matches!(&role, AccountRole::Unknown(v) if v.as_str() == "OWNER");
        assert!(unknown, "{role:?}");
        assert_eq!(role.to_string(), "unknown:OWNER");
        // What the crate does not know, it does not send back.
        let refused = users.create("A", ALICE, role, InviteMode::None).send();
        let field = matches!(refused, Err(Error::InvalidRequest { field: "role", .. }));
        assert!(field, "{refused:?}");
    }
    nothing.assert();
}
