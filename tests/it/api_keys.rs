//! What is the API keys' own: their filters and builders exactly as sent,
//! names resolved in a service key's bindings (spaces within their
//! organization), a refresh that keeps the key's expiry, the secret kept
//! out of every `Debug`, `Display`, serialization and error. The generic
//! contracts (statuses, retry classes, hostile IDs, tolerance) are in
//! `contract`.

use std::time::Duration;

use crate::common::*;
use arize::{
    AccountRole, ApiKeyRef, ApiKeyStatus, ApiKeyType, CreatedApiKey, Error, OrganizationAccess,
    PredefinedRole, Role,
};
use chrono::{TimeZone, Utc};
use mockito::Mock;
use serde_json::json;

const LIST: &str = "/v2/api-keys";
const REFRESH: &str = "/v2/api-keys/QXBpS2V5OjEwMDE6w7Y%2BPw%3D%3D/refresh";

fn predefined(name: &str) -> serde_json::Value {
    json!({"type": "PREDEFINED", "name": name})
}

// --- Listing -------------------------------------------------------------------------

#[test]
fn list_decodes_every_field_of_a_service_key() {
    let mut server = mockito::Server::new();
    let mock = expect(&mut server, "GET", &format!("{LIST}?limit=50"))
        .with_body(page_of("api_keys", vec![api_key_json(KEY_ID)], None))
        .create();

    let page = client(&server).api_keys().list().send().unwrap();

    mock.assert();
    let key = &page.items()[0];
    assert_eq!((&*key.id, &*key.name), (KEY_ID, "deployer"));
    assert_eq!(key.key_type, Some(ApiKeyType::Service));
    assert_eq!(key.status, Some(ApiKeyStatus::Active));
    assert_eq!(key.redacted_key, "ak-abc...xyz");
    assert_eq!(key.created_by_user_id, USER);
    let expiry = Utc.with_ymd_and_hms(2026, 7, 2, 3, 4, 5).unwrap();
    assert_eq!(key.expires_at, Some(expiry));
    assert!(key.last_used_at.is_some() && key.created_at.is_some());
    let bot = key.bot_user.as_ref().unwrap();
    assert_eq!(bot.id, BOT);
    assert_eq!(bot.account_role, Some(AccountRole::Member));
    let acme = &bot.organizations[0];
    assert_eq!(acme.org_id, ORG);
    assert_eq!(acme.role, Some(Role::Predefined(PredefinedRole::ReadOnly)));
    assert_eq!(acme.spaces[0].space_id, ID_1);
    assert_eq!(
        acme.spaces[0].role,
        Some(Role::Predefined(PredefinedRole::Member))
    );
}

#[test]
fn list_sends_status_space_and_creator_in_the_specs_order() {
    let mut server = mockito::Server::new();
    let every = expect(
        &mut server,
        "GET",
        &format!("{LIST}?status=REVOKED&space_id={ID_1_PATH}&user_id={USER}&limit=3&cursor=c%2B"),
    )
    .with_body(page_of("api_keys", vec![], None))
    .create();
    let cleared = expect(&mut server, "GET", &format!("{LIST}?limit=50"))
        .with_body(page_of("api_keys", vec![], None))
        .create();
    let keys = client(&server).api_keys();

    keys.list()
        .status(ApiKeyStatus::Revoked)
        .space_id(ID_1)
        .created_by(USER)
        .limit(3)
        .cursor("c+")
        .send()
        .unwrap();
    keys.list()
        .status(ApiKeyStatus::Active)
        .set_status(None)
        .space(ID_1)
        .set_space(None)
        .created_by(USER)
        .set_created_by(None)
        .send()
        .unwrap();

    every.assert();
    cleared.assert();
}

#[test]
fn list_resolves_a_space_name_and_a_creators_email_first() {
    let mut server = mockito::Server::new();
    let space = agents_lookup(&mut server);
    let user = expect(
        &mut server,
        "GET",
        &format!("/v2/users?email={ALICE_QUERY}&limit=100"),
    )
    .with_body(page_of("users", vec![user(ALICE_ID, ALICE)], None))
    .expect(1)
    .create();
    let keys = expect(
        &mut server,
        "GET",
        &format!("{LIST}?space_id={ID_1_PATH}&user_id={ALICE_PATH}&limit=100"),
    )
    .with_body(page_of("api_keys", vec![api_key_json(KEY_ID)], None))
    .expect(1)
    .create();

    let listed = client(&server)
        .api_keys()
        .list()
        .space("agents")
        .created_by(ALICE)
        .items()
        .take(5)
        .count();

    assert_eq!(listed, 1);
    space.assert();
    user.assert();
    keys.assert();
}

// --- Creating ------------------------------------------------------------------------

#[test]
fn a_user_key_sends_its_description_and_expiry_in_utc() {
    let mut server = mockito::Server::new();
    let expiry = Utc.with_ymd_and_hms(2027, 3, 4, 5, 6, 7).unwrap();
    let mock = expect_json(
        &mut server,
        "POST",
        LIST,
        json!({"key_type": "USER", "name": "laptop", "description": "Alice's",
               "expires_at": "2027-03-04T05:06:07Z"}),
    )
    .with_status(201)
    .with_body(created_key_json(KEY_ID).to_string())
    .expect(1)
    .create();

    let key = client(&server)
        .api_keys()
        .create("laptop")
        .description("Alice's")
        .expires_at(expiry)
        .send()
        .unwrap();

    mock.assert();
    assert_eq!(key.id, KEY_ID);
    assert_eq!(key.key.expose_secret(), SECRET);
}

#[test]
fn a_service_key_resolves_its_organization_spaces_within_it_and_custom_roles() {
    let mut server = mockito::Server::new();
    let organization = expect(&mut server, "GET", "/v2/organizations?name=acme&limit=100")
        .with_body(page_of(
            "organizations",
            vec![organization(ORG, "acme")],
            None,
        ))
        .expect(1)
        .create();
    // Each space name is looked up within the organization.
    let agents = expect(
        &mut server,
        "GET",
        &format!("/v2/spaces?org_id={ORG_PATH}&name=agents&limit=100"),
    )
    .with_body(page(vec![space(ID_1, "agents")], None))
    .expect(1)
    .create();
    let fraud = expect(
        &mut server,
        "GET",
        &format!("/v2/spaces?org_id={ORG_PATH}&name=fraud&limit=100"),
    )
    .with_body(page(vec![space(ID_2, "fraud")], None))
    .expect(1)
    .create();
    let roles = expect(&mut server, "GET", "/v2/roles?limit=100")
        .with_body(page_of(
            "roles",
            vec![role_json(ROLE, "reviewer", &["PROJECT_READ"])],
            None,
        ))
        .expect(1)
        .create();
    let create = expect_json(
        &mut server,
        "POST",
        LIST,
        json!({
            "key_type": "SERVICE",
            "name": "deployer",
            "account_role": predefined("ADMIN"),
            "organizations": [{
                "org_id": ORG,
                "role": predefined("MEMBER"),
                "spaces": [
                    {"space_id": ID_1},
                    {"space_id": ID_2, "role": {"type": "CUSTOM", "id": ROLE}},
                    {"space_id": ID_2, "role": predefined("ADMIN")},
                ],
            }],
        }),
    )
    .with_status(201)
    .with_body(created_key_json(KEY_ID).to_string())
    .expect(1)
    .create();

    let acme = OrganizationAccess::new("acme")
        .role(PredefinedRole::Member)
        .space("agents")
        .space_as("fraud", Role::custom("reviewer"))
        .space_as(ID_2, PredefinedRole::Admin);
    let key = client(&server)
        .api_keys()
        .create_service_key("deployer")
        .account_role(AccountRole::Admin)
        .organization(acme)
        .send()
        .unwrap();

    assert_eq!(key.bot_user.unwrap().id, BOT);
    for mock in [organization, agents, fraud, roles, create] {
        mock.assert();
    }
}

#[test]
fn a_name_that_resolves_to_nothing_creates_no_key() {
    let mut server = mockito::Server::new();
    let lookup = expect(
        &mut server,
        "GET",
        &format!("/v2/spaces?org_id={ORG_PATH}&name=ghost&limit=100"),
    )
    .with_body(page(vec![space(ID_2, "ghost-2")], None))
    .create();
    let create = nothing(&mut server, "POST");

    let acme = OrganizationAccess::new(ORG).space(ID_1).space("ghost");
    let error = client(&server)
        .api_keys()
        .create_service_key("n")
        .organization(acme)
        .send()
        .unwrap_err();

    let within = format!("organization {ORG}");
    assert!(
        matches!(&error, Error::NameNotFound { name, within: Some(w), .. } if name == "ghost" && *w == within),
        "{error:?}"
    );
    lookup.assert();
    create.assert();
}

#[test]
fn no_organization_or_space_or_over_a_hundred_are_refused_before_sending() {
    let mut server = mockito::Server::new();
    let nothing = nothing_sent(&mut server);
    let keys = client(&server).api_keys();
    let mut crowded = OrganizationAccess::new(ORG);
    for _ in 0..101 {
        crowded = crowded.space(ID_1);
    }
    let mut many = keys.create_service_key("n");
    for _ in 0..101 {
        many = many.organization(OrganizationAccess::new(ORG).space(ID_1));
    }
    let spaces = keys.create_service_key("n").organization(crowded).send();
    let none = keys.create_service_key("n").send();
    let empty = keys
        .create_service_key("n")
        .organization(OrganizationAccess::new(ORG))
        .send();
    let at_least_one =
        "none given: a service key needs at least one organization, with at least one space";
    for (field, result, expected) in [
        ("organizations.spaces", spaces, "101, at most 100"),
        ("organizations", many.send(), "101, at most 100"),
        ("organizations", none, at_least_one),
        ("organizations.spaces", empty, at_least_one),
    ] {
        match result {
            Err(Error::InvalidRequest { field: got, reason }) => {
                assert_eq!((got, reason.as_str()), (field, expected));
            }
            other => panic!("{field}: {other:?}"),
        }
    }
    nothing.iter().for_each(Mock::assert);
}

// --- Refreshing ----------------------------------------------------------------------

/// A refresh of `KEY_ID` sending `body`.
fn refresh_mock(server: &mut mockito::ServerGuard, body: serde_json::Value) -> Mock {
    expect_json(server, "POST", REFRESH, body)
        .with_body(refreshed_key_json(KEY_ID).to_string())
        .expect(1)
        .create()
}

#[test]
fn a_refresh_sends_the_old_keys_expiry_so_that_it_is_kept() {
    let mut server = mockito::Server::new();
    let kept = refresh_mock(
        &mut server,
        json!({"expires_at": "2026-07-02T03:04:05Z", "grace_period_seconds": 3600}),
    );
    let listed = expect(&mut server, "GET", &format!("{LIST}?limit=50"))
        .with_body(page_of("api_keys", vec![api_key_json(KEY_ID)], None))
        .create();
    let keys = client(&server).api_keys();

    let key = keys.list().send().unwrap().into_items().remove(0);
    let refreshed = keys
        .refresh(&key)
        .grace_period(Duration::from_secs(3600))
        .send()
        .unwrap();

    assert_eq!(refreshed.key.expose_secret(), SECRET);
    listed.assert();
    kept.assert();
}

#[test]
fn a_refresh_sends_what_is_chosen_and_nothing_for_a_key_that_never_expires() {
    let mut server = mockito::Server::new();
    let sooner = Utc.with_ymd_and_hms(2026, 5, 1, 0, 0, 0).unwrap();
    let cases = [
        // A sooner expiry, and a fraction of a second of grace rounded up.
        (
            json!({"expires_at": "2026-05-01T00:00:00Z", "grace_period_seconds": 2}),
            ApiKeyRef::new(KEY_ID, Some(sooner + chrono::Duration::days(1))),
            Some(sooner),
            Some(Duration::from_millis(1500)),
        ),
        // The old expiry itself may be chosen: it does not lengthen the life.
        (
            json!({"expires_at": "2026-05-01T00:00:00Z"}),
            ApiKeyRef::new(KEY_ID, Some(sooner)),
            Some(sooner),
            None,
        ),
        // Known never to expire: nothing sent, the body an empty object.
        (json!({}), ApiKeyRef::new(KEY_ID, None), None, None),
        (
            json!({"grace_period_seconds": 86400}),
            ApiKeyRef::new(KEY_ID, None),
            None,
            Some(Duration::from_secs(86_400)),
        ),
    ];
    for (body, key, expires_at, grace) in cases {
        let mock = refresh_mock(&mut server, body);
        let mut refresh = client(&server).api_keys().refresh(key);
        if let Some(at) = expires_at {
            refresh = refresh.expires_at(at);
        }
        if let Some(grace) = grace {
            refresh = refresh.grace_period(grace);
        }
        refresh.send().unwrap();
        verified(&mock);
    }
    let by_id = refresh_mock(&mut server, json!({}));
    client(&server)
        .api_keys()
        .refresh(KEY_ID)
        .without_expiry()
        .send()
        .unwrap();
    by_id.assert();
}

#[test]
fn a_refresh_named_by_id_alone_must_say_what_expiry_to_send() {
    let mut server = mockito::Server::new();
    let nothing = nothing_sent(&mut server);

    let error = client(&server)
        .api_keys()
        .refresh(KEY_ID)
        .send()
        .unwrap_err();

    assert!(
        matches!(&error, Error::InvalidRequest { field: "expires_at", reason }
            if reason.contains("without_expiry")),
        "{error:?}"
    );
    nothing.iter().for_each(Mock::assert);
}

// --- The secret ----------------------------------------------------------------------

#[test]
fn the_secret_shows_only_through_expose_secret() {
    let key: CreatedApiKey = serde_json::from_value(created_key_json(KEY_ID)).unwrap();
    assert_eq!(key.key.expose_secret(), SECRET);
    for text in [
        format!("{key:?}"),
        format!("{key:#?}"),
        format!("{}", key.key),
        serde_json::to_string(&key).unwrap(),
    ] {
        assert!(!text.contains(SECRET), "{text}");
        assert!(text.contains("[REDACTED]"), "{text}");
    }
    let as_ref = ApiKeyRef::from(&key);
    assert_eq!((as_ref.id(), as_ref.to_string().as_str()), (KEY_ID, KEY_ID));
    assert!(!format!("{as_ref:?}").contains(SECRET));
}

#[test]
fn an_answer_holding_the_secret_that_fails_to_decode_quotes_nothing_of_it() {
    let broken = [
        // The secret where the ID should be, as a number would be.
        json!({"id": 7, "key": SECRET}).to_string(),
        json!({"id": KEY_ID, "key": [SECRET]}).to_string(),
        json!({"id": KEY_ID, "name": SECRET, "key": SECRET, "created_at": SECRET}).to_string(),
        json!({SECRET: SECRET, "id": KEY_ID}).to_string(),
        format!("{{\"id\": \"{KEY_ID}\", \"key\": \"{SECRET}\""),
        format!("not json: {SECRET}"),
    ];
    for body in broken {
        for (method, path, status) in [("POST", LIST, 201), ("POST", REFRESH, 200)] {
            let mut server = mockito::Server::new();
            let mock = expect(&mut server, method, path)
                .with_status(status)
                .with_body(&body)
                .expect(1)
                .create();
            let keys = client(&server).api_keys();
            let error = match path {
                LIST => keys.create("n").send().map(drop).unwrap_err(),
                _ => keys
                    .refresh(KEY_ID)
                    .without_expiry()
                    .send()
                    .map(drop)
                    .unwrap_err(),
            };
            mock.assert();
            assert!(matches!(error, Error::Decode(_)), "{error:?}");
            for text in [
                error.to_string(),
                format!("{error:?}"),
                format!("{error:#?}"),
            ] {
                assert!(!text.contains(SECRET), "{body}: {text}");
                assert!(!text.contains("n3w"), "{body}: {text}");
            }
        }
    }
}

#[test]
fn an_error_answer_echoing_the_secret_is_withheld() {
    let mut server = mockito::Server::new();
    let mock = expect(&mut server, "POST", LIST)
        .with_status(422)
        .with_body(format!("the key {SECRET} is invalid"))
        .expect(1)
        .create();

    let error = client(&server).api_keys().create("n").send().unwrap_err();

    mock.assert();
    assert!(matches!(error, Error::Unprocessable(_)), "{error:?}");
    for text in [error.to_string(), format!("{error:#?}")] {
        assert!(!text.contains(SECRET), "{text}");
    }
}

// --- A client with another key -------------------------------------------------------

#[test]
fn with_api_key_sends_the_new_key_and_names_it_in_a_401() {
    let mut server = mockito::Server::new();
    let new_key = server
        .mock("GET", "/v2/api-keys?limit=50")
        .match_header("authorization", format!("Bearer {SECRET}").as_str())
        .with_status(401)
        .expect(1)
        .create();
    let old = client(&server);

    let client = old.with_api_key(SECRET).unwrap();
    let error = client.api_keys().list().send().unwrap_err();

    new_key.assert();
    let hint = error.api_error().unwrap().hint().unwrap();
    assert_eq!(
        hint,
        "check the API key (from Client::with_api_key): it may be wrong or revoked"
    );
    assert_eq!(client.base_url(), old.base_url());
    for text in [format!("{client:?}"), error.to_string()] {
        assert!(!text.contains(SECRET) && !text.contains(KEY), "{text}");
    }
    for bad in ["", "ak-1 2", "ak-\n"] {
        let error = old.with_api_key(bad).unwrap_err();
        assert!(matches!(error, Error::Config(_)), "{bad:?}: {error:?}");
    }
}
