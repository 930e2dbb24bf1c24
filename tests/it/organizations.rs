//! The organizations operations: each sends exactly the request of the API
//! reference and decodes its answer; every error status maps to its
//! variant; organization names resolve wherever an organization is taken
//! (here and in the spaces operations); listings page; hostile and invalid
//! input never reaches the wire as anything but one encoded value.

use std::time::Duration;

use crate::{
    common::*,
    raw::{GUARD, within},
};
use arize::{
    Deletion, Error, OrganizationRef, PredefinedRole, ResourceKind, Role, SpaceRef,
    UpdateOrganization,
};
use mockito::{Matcher, Mock, ServerGuard};
use serde_json::{Value, json};

/// The predefined admin role, as the wire carries it.
fn admin() -> Value {
    json!({"type": "PREDEFINED", "name": "ADMIN"})
}

/// The lookup of the organization named `acme`, answering with it (not yet
/// created, so that a test can set how often it is expected).
fn acme_lookup(server: &mut ServerGuard) -> Mock {
    expect(server, "GET", "/v2/organizations?name=acme&limit=100").with_body(page_of(
        "organizations",
        vec![organization(ORG_ACME, "acme")],
        None,
    ))
}

// --- Operations --------------------------------------------------------------

#[test]
fn list_sends_the_name_filter_and_the_default_page_size_and_decodes_the_page() {
    let mut server = mockito::Server::new();
    let mock = expect(
        &mut server,
        "GET",
        "/v2/organizations?name=Acme%20Corp&limit=50",
    )
    .match_body(Matcher::Missing)
    .with_header("content-type", "application/json")
    .with_body(page_of(
        "organizations",
        vec![
            organization(ORG_ACME, "Acme Corp"),
            organization(ORG_GLOBEX, "acme corp west"),
        ],
        Some("c2"),
    ))
    .create();

    let page = client(&server)
        .organizations()
        .list()
        .name("Acme Corp")
        .send()
        .unwrap();

    mock.assert();
    assert_eq!(page.len(), 2);
    assert_eq!(page.items()[0].id, ORG_ACME);
    assert_eq!(page.items()[0].name, "Acme Corp");
    assert_eq!(page.items()[1].id, ORG_GLOBEX);
    assert!(page.has_more());
    assert_eq!(page.next_cursor(), Some("c2"));
}

#[test]
fn list_sends_an_explicit_limit_and_a_cursor() {
    let mut server = mockito::Server::new();
    let mock = expect(
        &mut server,
        "GET",
        "/v2/organizations?limit=7&cursor=abc%2B%2F%3D",
    )
    .with_body(page_of("organizations", vec![], None))
    .create();

    let page = client(&server)
        .organizations()
        .list()
        .limit(7)
        .cursor("abc+/=")
        .send()
        .unwrap();

    mock.assert();
    assert!(page.is_empty());
    assert!(!page.has_more());
    assert_eq!(page.next_cursor(), None);
}

#[test]
fn list_items_default_to_pages_of_100_and_keep_the_filter() {
    let mut server = mockito::Server::new();
    let mock = expect(&mut server, "GET", "/v2/organizations?name=ac&limit=100")
        .with_body(page_of(
            "organizations",
            vec![organization(ORG_ACME, "acme")],
            None,
        ))
        .create();

    let names: Vec<String> = client(&server)
        .organizations()
        .list()
        .name("ac")
        .items()
        .take(5)
        .map(|organization| organization.unwrap().name)
        .collect();

    mock.assert();
    assert_eq!(names, ["acme"]);
}

#[test]
fn create_posts_the_name_and_description_and_decodes_the_organization() {
    let mut server = mockito::Server::new();
    let mock = expect_json(
        &mut server,
        "POST",
        "/v2/organizations",
        json!({"name": "acme", "description": "Acme Corp"}),
    )
    .with_status(201)
    .with_body(
        json!({
            "id": ORG_ACME,
            "name": "acme",
            "description": "Acme Corp",
            "created_at": "2026-03-04T05:06:07Z"
        })
        .to_string(),
    )
    .create();

    let organization = client(&server)
        .organizations()
        .create("acme")
        .description("Acme Corp")
        .send()
        .unwrap();

    mock.assert();
    assert_eq!(organization.id, ORG_ACME);
    assert_eq!(organization.name, "acme");
    assert_eq!(organization.description, "Acme Corp");
    assert_eq!(
        organization.created_at.unwrap().to_rfc3339(),
        "2026-03-04T05:06:07+00:00"
    );
}

#[test]
fn create_with_only_a_name_sends_no_description() {
    let mut server = mockito::Server::new();
    let mock = expect_json(
        &mut server,
        "POST",
        "/v2/organizations",
        json!({"name": "acme"}),
    )
    .with_status(201)
    .with_body(organization(ORG_ACME, "acme").to_string())
    .create();

    let organization = client(&server)
        .organizations()
        .create("acme")
        .send()
        .unwrap();

    mock.assert();
    assert_eq!(organization.description, "");
}

#[test]
fn get_by_id_sends_the_encoded_id_and_decodes_the_organization() {
    let mut server = mockito::Server::new();
    let mock = expect(
        &mut server,
        "GET",
        &format!("/v2/organizations/{ORG_ACME_PATH}"),
    )
    .match_body(Matcher::Missing)
    .with_body(organization(ORG_ACME, "acme").to_string())
    .create();

    let organization = client(&server).organizations().get(ORG_ACME).unwrap();

    mock.assert();
    assert_eq!(organization.id, ORG_ACME);
    assert_eq!(organization.name, "acme");
    assert_eq!(
        organization.created_at.unwrap().to_rfc3339(),
        "2026-01-02T03:04:05+00:00"
    );
}

/// Sends an update of `acme` by ID and asserts the exact `PATCH` body.
fn patches(body: Value, update: impl FnOnce(UpdateOrganization) -> UpdateOrganization) {
    let mut server = mockito::Server::new();
    let mock = expect_json(
        &mut server,
        "PATCH",
        &format!("/v2/organizations/{ORG_ACME_PATH}"),
        body,
    )
    .with_body(organization(ORG_ACME, "renamed").to_string())
    .create();

    let organization = update(client(&server).organizations().update(ORG_ACME))
        .send()
        .unwrap();

    mock.assert();
    assert_eq!(organization.name, "renamed");
}

#[test]
fn update_patches_only_the_name() {
    patches(json!({"name": "renamed"}), |update| update.name("renamed"));
}

#[test]
fn update_patches_only_the_description() {
    patches(json!({"description": "New"}), |update| {
        update.description("New")
    });
}

#[test]
fn update_clear_description_sends_null() {
    patches(json!({"description": null}), |update| {
        update.clear_description()
    });
}

#[test]
fn update_patches_both_fields() {
    patches(json!({"name": "renamed", "description": "New"}), |update| {
        update.name("renamed").description("New")
    });
    // The last setter of the description wins.
    patches(json!({"name": "renamed", "description": null}), |update| {
        update
            .description("New")
            .name("renamed")
            .clear_description()
    });
}

#[test]
fn delete_sends_delete_and_reports_a_confirmed_deletion() {
    let mut server = mockito::Server::new();
    let mock = expect(
        &mut server,
        "DELETE",
        &format!("/v2/organizations/{ORG_ACME_PATH}"),
    )
    .match_body(Matcher::Missing)
    .with_status(204)
    .create();

    assert_eq!(
        client(&server).organizations().delete(ORG_ACME).unwrap(),
        Deletion::Deleted
    );
    mock.assert();
}

#[test]
fn add_user_with_a_predefined_role() {
    let mut server = mockito::Server::new();
    let mock = expect_json(
        &mut server,
        "POST",
        &format!("/v2/organizations/{ORG_ACME_PATH}/users"),
        json!({"user_id": ALICE_ID, "role": {"type": "PREDEFINED", "name": "ADMIN"}}),
    )
    .with_body(organization_membership(ALICE_ID, ORG_ACME, admin()))
    .create();

    let membership = client(&server)
        .organizations()
        .add_user(ORG_ACME, ALICE_ID, PredefinedRole::Admin)
        .unwrap();

    mock.assert();
    assert_eq!(membership.id, "QWNjb3VudE9yZ2FuaXphdGlvbk1lbWJlcjox");
    assert_eq!(membership.user_id, ALICE_ID);
    assert_eq!(membership.organization_id, ORG_ACME);
    assert_eq!(
        membership.role,
        Some(Role::Predefined(PredefinedRole::Admin))
    );
}

#[test]
fn add_user_with_a_custom_role_gets_its_name_back() {
    let mut server = mockito::Server::new();
    let mock = expect_json(
        &mut server,
        "POST",
        &format!("/v2/organizations/{ORG_ACME_PATH}/users"),
        json!({"user_id": ALICE_ID, "role": {"type": "CUSTOM", "id": "Um9sZToxOnJldg=="}}),
    )
    .with_body(organization_membership(
        ALICE_ID,
        ORG_ACME,
        json!({"type": "CUSTOM", "id": "Um9sZToxOnJldg==", "name": "Reviewer"}),
    ))
    .create();

    let membership = client(&server)
        .organizations()
        .add_user(ORG_ACME, ALICE_ID, Role::custom("Um9sZToxOnJldg=="))
        .unwrap();

    mock.assert();
    assert_eq!(
        membership.role,
        Some(Role::Custom {
            id: "Um9sZToxOnJldg==".into(),
            name: Some("Reviewer".into())
        })
    );
}

#[test]
fn add_user_is_an_upsert_so_a_503_is_retried() {
    let mut server = mockito::Server::new();
    let path = format!("/v2/organizations/{ORG_ACME_PATH}/users");
    let body = json!({"user_id": ALICE_ID, "role": {"type": "PREDEFINED", "name": "MEMBER"}});
    let busy = expect_json(&mut server, "POST", &path, body.clone())
        .with_status(503)
        .expect(2)
        .create();
    let done = expect_json(&mut server, "POST", &path, body)
        .with_body(organization_membership(
            ALICE_ID,
            ORG_ACME,
            json!({"type": "PREDEFINED", "name": "MEMBER"}),
        ))
        .expect(1)
        .create();
    let (client, waits) = client_with_waits(&server);

    let membership = client
        .organizations()
        .add_user(ORG_ACME, ALICE_ID, PredefinedRole::Member)
        .unwrap();

    busy.assert();
    done.assert();
    assert_eq!(membership.user_id, ALICE_ID);
    assert_eq!(waits.lock().unwrap().len(), 2, "three attempts, two waits");
}

#[test]
fn remove_user_deletes_the_membership() {
    let mut server = mockito::Server::new();
    let mock = expect(
        &mut server,
        "DELETE",
        &format!("/v2/organizations/{ORG_ACME_PATH}/users/{ALICE_PATH}"),
    )
    .match_body(Matcher::Missing)
    .with_status(204)
    .create();

    assert_eq!(
        client(&server)
            .organizations()
            .remove_user(ORG_ACME, ALICE_ID)
            .unwrap(),
        Deletion::Deleted
    );
    mock.assert();
}

// --- Errors ------------------------------------------------------------------

#[test]
fn every_error_status_of_the_organizations_endpoints_has_its_variant() {
    type IsVariant = fn(&Error) -> bool;
    type Call = fn(&arize::Organizations) -> arize::Result<()>;
    let organization = format!("/v2/organizations/{ORG_ACME_PATH}");
    let cases: [(u16, &str, String, Call, IsVariant); 6] = [
        (
            400,
            "POST",
            format!("{organization}/users"),
            |o| {
                o.add_user(ORG_ACME, ALICE_ID, PredefinedRole::Annotator)
                    .map(drop)
            },
            |e| matches!(e, Error::BadRequest(_)),
        ),
        (
            401,
            "GET",
            "/v2/organizations?limit=50".into(),
            |o| o.list().send().map(drop),
            |e| matches!(e, Error::Unauthorized(_)) && e.is_unauthorized(),
        ),
        (
            403,
            "DELETE",
            organization.clone(),
            |o| o.delete(ORG_ACME).map(drop),
            |e| matches!(e, Error::Forbidden(_)) && e.is_forbidden(),
        ),
        (
            404,
            "GET",
            format!("/v2/organizations/{ORG_GLOBEX_PATH}"),
            |o| o.get(ORG_GLOBEX).map(drop),
            |e| matches!(e, Error::NotFound(_)) && e.is_not_found(),
        ),
        (
            409,
            "POST",
            "/v2/organizations".into(),
            |o| o.create("acme").send().map(drop),
            |e| matches!(e, Error::Conflict(_)) && e.is_conflict(),
        ),
        (
            422,
            "PATCH",
            organization.clone(),
            |o| o.update(ORG_ACME).name("acme").send().map(drop),
            |e| matches!(e, Error::Unprocessable(_)),
        ),
    ];
    for (status, method, path, call, is_expected_variant) in cases {
        let mut server = mockito::Server::new();
        let mock = expect(&mut server, method, &path)
            .with_status(status.into())
            .with_header("content-type", "application/problem+json")
            .with_body(problem(status, "Title", &format!("detail of {status}")))
            .expect(1)
            .create();
        let error = call(&client(&server).organizations()).unwrap_err();
        mock.assert();
        assert!(is_expected_variant(&error), "{status} gave {error:?}");
        assert_eq!(error.status(), Some(status));
        assert_eq!(
            error.problem().unwrap().detail.as_deref(),
            Some(format!("detail of {status}").as_str())
        );
        assert_eq!(error.api_error().unwrap().attempts(), 1, "{status}");
        assert!(
            error.to_string().contains(&format!("{method} http://")),
            "{error}"
        );
    }
}

#[test]
fn a_rate_limited_create_is_not_retried_but_says_when_to_come_back() {
    // A create is retried only when it was never sent; the caller gets the
    // server's Retry-After.
    let mut server = mockito::Server::new();
    let mock = expect(&mut server, "POST", "/v2/organizations")
        .with_status(429)
        .with_header("retry-after", "7")
        .expect(1)
        .create();
    let (client, waits) = client_with_waits(&server);

    let error = client.organizations().create("acme").send().unwrap_err();

    mock.assert();
    assert!(error.is_rate_limited(), "{error:?}");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
    assert!(waits.lock().unwrap().is_empty());
}

// --- Resolution --------------------------------------------------------------

#[test]
fn a_name_resolves_to_its_exact_case_sensitive_match_across_pages() {
    let mut server = mockito::Server::new();
    let no_get = server
        .mock("GET", Matcher::Regex("^/v2/organizations/".into()))
        .expect(0)
        .create();
    let first = expect(&mut server, "GET", "/v2/organizations?name=acme&limit=100")
        .with_body(page_of(
            "organizations",
            vec![
                organization(ORG_GLOBEX, "Acme"),
                organization("T3JnYW5pemF0aW9uOjM6eA==", "acme-labs"),
            ],
            Some("p2"),
        ))
        .expect(1)
        .create();
    let second = expect(
        &mut server,
        "GET",
        "/v2/organizations?name=acme&limit=100&cursor=p2",
    )
    .with_body(page_of(
        "organizations",
        vec![organization(ORG_ACME, "acme")],
        None,
    ))
    .expect(1)
    .create();

    // `get` by name answers from the listing: no second request.
    let organization = client(&server).organizations().get("acme").unwrap();

    first.assert();
    second.assert();
    no_get.assert();
    assert_eq!(organization.id, ORG_ACME);
    assert_eq!(organization.name, "acme");
}

#[test]
fn an_absent_name_is_name_not_found_and_nothing_else_is_sent() {
    let mut server = mockito::Server::new();
    let no_delete = server.mock("DELETE", Matcher::Any).expect(0).create();
    let lookup = expect(&mut server, "GET", "/v2/organizations?name=x&limit=100")
        .with_body(page_of(
            "organizations",
            vec![organization(ORG_ACME, "X"), organization(ORG_GLOBEX, "xyz")],
            None,
        ))
        .expect(1)
        .create();

    let error = client(&server).organizations().delete("x").unwrap_err();

    lookup.assert();
    no_delete.assert();
    assert!(error.is_not_found());
    assert!(
        matches!(
            &error,
            Error::NameNotFound { kind: ResourceKind::Organization, name, within: None } if name == "x"
        ),
        "{error:?}"
    );
    assert_eq!(error.to_string(), r#"no organization is named "x""#);
}

#[test]
fn an_ambiguous_name_sends_nothing_else() {
    // Names are unique in an account, but a server that says otherwise
    // must not get a change applied to a guess.
    let mut server = mockito::Server::new();
    let no_patch = server.mock("PATCH", Matcher::Any).expect(0).create();
    let lookup = expect(&mut server, "GET", "/v2/organizations?name=acme&limit=100")
        .with_body(page_of(
            "organizations",
            vec![
                organization(ORG_ACME, "acme"),
                organization(ORG_GLOBEX, "acme"),
            ],
            None,
        ))
        .create();

    let error = client(&server)
        .organizations()
        .update("acme")
        .description("d")
        .send()
        .unwrap_err();

    lookup.assert();
    no_patch.assert();
    match &error {
        Error::AmbiguousName {
            kind: ResourceKind::Organization,
            name,
            ids,
        } => {
            assert_eq!(name, "acme");
            assert_eq!(ids, &[ORG_ACME, ORG_GLOBEX]);
        }
        other => panic!("expected an ambiguous name, got {other:?}"),
    }
}

#[test]
fn an_id_passes_through_with_no_listing() {
    let mut server = mockito::Server::new();
    let no_lookup = server
        .mock("GET", Matcher::Regex(r"^/v2/organizations\?".into()))
        .expect(0)
        .create();
    let organizations = client(&server).organizations();

    assert_eq!(organizations.resolve(ORG_ACME).unwrap(), ORG_ACME);
    // Forced, even text that looks like a name is an ID.
    assert_eq!(
        organizations
            .resolve(OrganizationRef::Id("acme".into()))
            .unwrap(),
        "acme"
    );
    no_lookup.assert();
}

#[test]
fn every_organization_operation_resolves_a_name_first() {
    let mut server = mockito::Server::new();
    let lookups = expect(&mut server, "GET", "/v2/organizations?name=acme&limit=100")
        .with_body(page_of(
            "organizations",
            vec![organization(ORG_ACME, "acme")],
            None,
        ))
        .expect(5)
        .create();
    let patch = expect_json(
        &mut server,
        "PATCH",
        &format!("/v2/organizations/{ORG_ACME_PATH}"),
        json!({"name": "acme2"}),
    )
    .with_body(organization(ORG_ACME, "acme2").to_string())
    .create();
    let delete = expect(
        &mut server,
        "DELETE",
        &format!("/v2/organizations/{ORG_ACME_PATH}"),
    )
    .with_status(204)
    .create();
    let add = expect(
        &mut server,
        "POST",
        &format!("/v2/organizations/{ORG_ACME_PATH}/users"),
    )
    .with_body(organization_membership(ALICE_ID, ORG_ACME, admin()))
    .create();
    let remove = expect(
        &mut server,
        "DELETE",
        &format!("/v2/organizations/{ORG_ACME_PATH}/users/{ALICE_PATH}"),
    )
    .with_status(204)
    .create();
    let organizations = client(&server).organizations();

    organizations.update("acme").name("acme2").send().unwrap();
    organizations
        .add_user("acme", ALICE_ID, PredefinedRole::Admin)
        .unwrap();
    organizations.remove_user("acme", ALICE_ID).unwrap();
    assert_eq!(organizations.delete("acme").unwrap(), Deletion::Deleted);
    assert_eq!(organizations.resolve("acme").unwrap(), ORG_ACME);

    lookups.assert();
    patch.assert();
    delete.assert();
    add.assert();
    remove.assert();
}

#[test]
fn membership_takes_an_organization_name_and_a_user_email() {
    let mut server = mockito::Server::new();
    let org_lookup = acme_lookup(&mut server).expect(2).create();
    let user_lookup = expect(
        &mut server,
        "GET",
        &format!("/v2/users?email={ALICE_QUERY}&limit=100"),
    )
    .with_body(page_of("users", vec![user(ALICE_ID, ALICE)], None))
    .expect(2)
    .create();
    let add = expect_json(
        &mut server,
        "POST",
        &format!("/v2/organizations/{ORG_ACME_PATH}/users"),
        json!({"user_id": ALICE_ID, "role": {"type": "PREDEFINED", "name": "READ_ONLY"}}),
    )
    .with_body(organization_membership(
        ALICE_ID,
        ORG_ACME,
        json!({"type": "PREDEFINED", "name": "READ_ONLY"}),
    ))
    .create();
    let remove = expect(
        &mut server,
        "DELETE",
        &format!("/v2/organizations/{ORG_ACME_PATH}/users/{ALICE_PATH}"),
    )
    .with_status(204)
    .create();
    let organizations = client(&server).organizations();

    let membership = organizations
        .add_user("acme", ALICE, PredefinedRole::ReadOnly)
        .unwrap();
    assert_eq!(membership.user_id, ALICE_ID);
    assert_eq!(
        organizations.remove_user("acme", ALICE).unwrap(),
        Deletion::Deleted
    );

    org_lookup.assert();
    user_lookup.assert();
    add.assert();
    remove.assert();
}

#[test]
fn membership_with_an_absent_organization_or_user_sends_no_change() {
    let mut server = mockito::Server::new();
    let no_post = server.mock("POST", Matcher::Any).expect(0).create();
    let no_delete = server.mock("DELETE", Matcher::Any).expect(0).create();
    let ghost_lookup = expect(&mut server, "GET", "/v2/organizations?name=ghost&limit=100")
        .with_body(page_of("organizations", vec![], None))
        .create();
    let ghost_user = expect(
        &mut server,
        "GET",
        "/v2/users?email=ghost%40x%2Eio&limit=100",
    )
    .with_body(page_of("users", vec![], None))
    .create();
    // Which name of the two is looked up first is not promised: the other
    // lookup may or may not be made.
    let acme = acme_lookup(&mut server).expect_at_most(1).create();
    let alice = expect(
        &mut server,
        "GET",
        &format!("/v2/users?email={ALICE_QUERY}&limit=100"),
    )
    .with_body(page_of("users", vec![user(ALICE_ID, ALICE)], None))
    .expect_at_most(1)
    .create();
    let organizations = client(&server).organizations();

    let error = organizations
        .add_user("ghost", ALICE, PredefinedRole::Member)
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::NameNotFound {
                kind: ResourceKind::Organization,
                ..
            }
        ),
        "{error:?}"
    );
    let error = organizations.remove_user("acme", "ghost@x.io").unwrap_err();
    assert!(
        matches!(
            error,
            Error::NameNotFound {
                kind: ResourceKind::User,
                ..
            }
        ),
        "{error:?}"
    );

    no_post.assert();
    no_delete.assert();
    alice.assert();
    acme.assert();
    ghost_user.assert();
    ghost_lookup.assert();
}

#[test]
fn spaces_are_listed_by_organization_name() {
    let mut server = mockito::Server::new();
    let lookup = acme_lookup(&mut server).create();
    let list = expect(
        &mut server,
        "GET",
        &format!("/v2/spaces?org_id={ORG_ACME_PATH}&limit=50"),
    )
    .with_body(page(vec![space(ID_1, "fraud")], None))
    .create();

    let page = client(&server)
        .spaces()
        .list()
        .organization("acme")
        .send()
        .unwrap();

    lookup.assert();
    list.assert();
    assert_eq!(page.items()[0].id, ID_1);
}

#[test]
fn a_space_is_created_in_an_organization_named_by_name() {
    let mut server = mockito::Server::new();
    let lookup = acme_lookup(&mut server).create();
    let create = expect_json(
        &mut server,
        "POST",
        "/v2/spaces",
        json!({"name": "fraud", "organization_id": ORG_ACME, "is_private": false}),
    )
    .with_status(201)
    .with_body(space(ID_1, "fraud").to_string())
    .create();

    let space = client(&server)
        .spaces()
        .create("fraud", "acme")
        .send()
        .unwrap();

    lookup.assert();
    create.assert();
    assert_eq!(space.id, ID_1);
}

#[test]
fn a_space_name_is_scoped_to_an_organization_named_by_name() {
    let mut server = mockito::Server::new();
    let lookup = acme_lookup(&mut server).create();
    let space_lookup = expect(
        &mut server,
        "GET",
        &format!("/v2/spaces?org_id={ORG_ACME_PATH}&name=fraud&limit=100"),
    )
    .with_body(page(vec![space(ID_1, "fraud")], None))
    .create();

    let space = client(&server)
        .spaces()
        .get(SpaceRef::in_organization("fraud", "acme"))
        .unwrap();

    lookup.assert();
    space_lookup.assert();
    assert_eq!(space.id, ID_1);
}

#[test]
fn an_absent_organization_name_stops_a_space_operation() {
    let mut server = mockito::Server::new();
    let no_post = server.mock("POST", Matcher::Any).expect(0).create();
    let no_space_list = server
        .mock("GET", Matcher::Regex(r"^/v2/spaces".into()))
        .expect(0)
        .create();
    let ghost_lookup = expect(&mut server, "GET", "/v2/organizations?name=ghost&limit=100")
        .with_body(page_of("organizations", vec![], None))
        .expect(3)
        .create();
    let spaces = client(&server).spaces();

    for error in [
        spaces.create("fraud", "ghost").send().unwrap_err(),
        spaces.list().organization("ghost").send().unwrap_err(),
        spaces
            .get(SpaceRef::in_organization("fraud", "ghost"))
            .unwrap_err(),
    ] {
        assert!(
            matches!(&error, Error::NameNotFound { kind: ResourceKind::Organization, name, .. } if name == "ghost"),
            "{error:?}"
        );
    }
    no_post.assert();
    no_space_list.assert();
    ghost_lookup.assert();
}

// --- Pagination --------------------------------------------------------------

fn organizations(range: std::ops::Range<u32>) -> Vec<Value> {
    range
        .map(|n| organization(&format!("org-{n}"), &format!("organization-{n}")))
        .collect()
}

fn ids(items: impl Iterator<Item = arize::Result<arize::Organization>>) -> Vec<String> {
    items.take(20).map(|o| o.unwrap().id).collect()
}

#[test]
fn items_follow_the_cursor_across_three_pages() {
    let mut server = mockito::Server::new();
    let mocks = [
        expect(&mut server, "GET", "/v2/organizations?limit=2")
            .with_body(page_of("organizations", organizations(0..2), Some("c2")))
            .expect(1)
            .create(),
        expect(&mut server, "GET", "/v2/organizations?limit=2&cursor=c2")
            .with_body(page_of("organizations", organizations(2..4), Some("c3")))
            .expect(1)
            .create(),
        expect(&mut server, "GET", "/v2/organizations?limit=2&cursor=c3")
            .with_body(page_of("organizations", organizations(4..5), None))
            .expect(1)
            .create(),
    ];

    let all = ids(client(&server).organizations().list().limit(2).items());

    assert_eq!(all, ["org-0", "org-1", "org-2", "org-3", "org-4"]);
    mocks.iter().for_each(Mock::assert);
}

#[test]
fn an_empty_page_in_the_middle_is_followed() {
    let mut server = mockito::Server::new();
    let mocks = [
        expect(&mut server, "GET", "/v2/organizations?limit=100")
            .with_body(page_of("organizations", organizations(0..1), Some("c2")))
            .create(),
        expect(&mut server, "GET", "/v2/organizations?limit=100&cursor=c2")
            .with_body(page_of("organizations", vec![], Some("c3")))
            .create(),
        expect(&mut server, "GET", "/v2/organizations?limit=100&cursor=c3")
            .with_body(page_of("organizations", organizations(1..2), None))
            .create(),
    ];

    let all = ids(client(&server).organizations().list().items());

    assert_eq!(all, ["org-0", "org-1"]);
    mocks.iter().for_each(Mock::assert);
}

#[test]
fn a_repeated_cursor_ends_with_a_pagination_error() {
    within(GUARD, || {
        let mut server = mockito::Server::new();
        let first = expect(&mut server, "GET", "/v2/organizations?limit=100")
            .with_body(page_of("organizations", organizations(0..1), Some("A")))
            .expect(1)
            .create();
        let again = expect(&mut server, "GET", "/v2/organizations?limit=100&cursor=A")
            .with_body(page_of("organizations", organizations(1..2), Some("A")))
            .expect(1)
            .create();

        let results: Vec<_> = client(&server)
            .organizations()
            .list()
            .items()
            .take(10)
            .collect();

        first.assert();
        again.assert();
        assert_eq!(results.len(), 3, "two items, then the error, then the end");
        assert_eq!(results[0].as_ref().unwrap().id, "org-0");
        assert_eq!(results[1].as_ref().unwrap().id, "org-1");
        assert!(
            matches!(&results[2], Err(Error::Pagination(reason)) if reason.contains("already used")),
            "{:?}",
            results[2]
        );
    });
}

// --- Hostile and invalid input -----------------------------------------------

#[test]
fn hostile_organization_ids_stay_one_path_segment() {
    for (id, encoded) in [
        ("a/../b?c#d", "a%2F%2E%2E%2Fb%3Fc%23d"),
        ("..", "%2E%2E"),
        ("%2e%2e", "%252e%252e"),
        ("a\r\nHost: evil", "a%0D%0AHost%3A%20evil"),
        ("x/users/y", "x%2Fusers%2Fy"),
    ] {
        let mut server = mockito::Server::new();
        let anything_else = server.mock("GET", Matcher::Any).expect(0).create();
        let path = format!("/v2/organizations/{encoded}");
        let get = expect(&mut server, "GET", &path)
            .with_body(organization(id, "o").to_string())
            .create();
        let patch = expect(&mut server, "PATCH", &path)
            .with_body(organization(id, "o").to_string())
            .create();
        let delete = expect(&mut server, "DELETE", &path)
            .with_status(204)
            .create();
        let add = expect(&mut server, "POST", &format!("{path}/users"))
            .with_body(organization_membership(ALICE_ID, id, admin()))
            .create();
        let remove = expect(&mut server, "DELETE", &format!("{path}/users/{encoded}"))
            .with_status(204)
            .create();
        let organizations = client(&server).organizations();
        let hostile = || OrganizationRef::Id(id.into());

        assert_eq!(organizations.get(hostile()).unwrap().id, id);
        organizations.update(hostile()).name("o").send().unwrap();
        organizations.delete(hostile()).unwrap();
        organizations
            .add_user(hostile(), ALICE_ID, PredefinedRole::Admin)
            .unwrap();
        organizations
            .remove_user(hostile(), arize::UserRef::Id(id.into()))
            .unwrap();

        for mock in [&get, &patch, &delete, &add, &remove, &anything_else] {
            mock.assert();
        }
    }
}

#[test]
fn hostile_organization_names_stay_one_query_value() {
    let mut server = mockito::Server::new();
    let filter = expect(
        &mut server,
        "GET",
        "/v2/organizations?name=a%26limit%3D1%23x%3Fy%25z%0D%0A&limit=50",
    )
    .with_body(page_of("organizations", vec![], None))
    .create();
    let lookup = expect(
        &mut server,
        "GET",
        "/v2/organizations?name=%2E%2E%2Fusers%3Fa%3Db%23c&limit=100",
    )
    .with_body(page_of(
        "organizations",
        vec![organization(ORG_ACME, "../users?a=b#c")],
        None,
    ))
    .create();
    let organizations = client(&server).organizations();

    organizations
        .list()
        .name("a&limit=1#x?y%z\r\n")
        .send()
        .unwrap();
    assert_eq!(organizations.resolve("../users?a=b#c").unwrap(), ORG_ACME);

    filter.assert();
    lookup.assert();
}

#[test]
fn invalid_input_is_refused_before_anything_is_sent() {
    let mut server = mockito::Server::new();
    let nothing: Vec<Mock> = ["GET", "POST", "PATCH", "DELETE"]
        .into_iter()
        .map(|method| server.mock(method, Matcher::Any).expect(0).create())
        .collect();
    let organizations = client(&server).organizations();
    let long = "n".repeat(256);
    let emoji_256 = "🦀".repeat(256);

    let cases: Vec<(&str, arize::Result<()>)> = vec![
        ("name", organizations.create("").send().map(drop)),
        ("name", organizations.create(long.clone()).send().map(drop)),
        (
            "name",
            organizations.create(emoji_256.clone()).send().map(drop),
        ),
        (
            "description",
            organizations
                .create("acme")
                .description("d".repeat(1001))
                .send()
                .map(drop),
        ),
        (
            "name",
            organizations.list().name(long.clone()).send().map(drop),
        ),
        ("limit", organizations.list().limit(101).send().map(drop)),
        ("organization", organizations.get("").map(drop)),
        ("organization", organizations.get(long.as_str()).map(drop)),
        ("organization", organizations.delete("").map(drop)),
        ("update", organizations.update(ORG_ACME).send().map(drop)),
        ("update", organizations.update("by-name").send().map(drop)),
        (
            "name",
            organizations.update(ORG_ACME).name("").send().map(drop),
        ),
        (
            "name",
            organizations
                .update("by-name")
                .name(emoji_256.clone())
                .send()
                .map(drop),
        ),
        (
            "description",
            organizations
                .update(ORG_ACME)
                .description("é".repeat(1001))
                .send()
                .map(drop),
        ),
        (
            "user",
            organizations
                .add_user(ORG_ACME, "", PredefinedRole::Member)
                .map(drop),
        ),
        (
            "role",
            organizations
                .add_user(ORG_ACME, ALICE_ID, Role::custom(""))
                .map(drop),
        ),
        (
            "organization",
            organizations
                .add_user("", ALICE_ID, PredefinedRole::Member)
                .map(drop),
        ),
        ("user", organizations.remove_user(ORG_ACME, "").map(drop)),
        (
            "organization",
            organizations.remove_user("", ALICE_ID).map(drop),
        ),
    ];
    for (field, result) in cases {
        match result {
            Err(Error::InvalidRequest { field: got, reason }) => {
                assert_eq!(got, field, "{reason}");
                assert!(!reason.is_empty());
            }
            other => panic!("{field}: expected an invalid request, got {other:?}"),
        }
    }
    nothing.iter().for_each(Mock::assert);
}

#[test]
fn limits_count_characters_not_bytes() {
    let mut server = mockito::Server::new();
    let emoji_255 = "🦀".repeat(255);
    let create = expect_json(
        &mut server,
        "POST",
        "/v2/organizations",
        json!({"name": emoji_255, "description": "é".repeat(1000)}),
    )
    .with_status(201)
    .with_body(organization(ORG_ACME, &emoji_255).to_string())
    .create();

    let organization = client(&server)
        .organizations()
        .create(emoji_255.clone())
        .description("é".repeat(1000))
        .send()
        .unwrap();

    create.assert();
    assert_eq!(organization.name.chars().count(), 255);
}

// --- Tolerant reading --------------------------------------------------------

#[test]
fn an_organization_with_only_its_id_and_name_decodes_with_defaults() {
    let bare = json!({"id": ORG_ACME, "name": "bare", "from_the_future": [1]});
    let mut server = mockito::Server::new();
    let get = expect(
        &mut server,
        "GET",
        &format!("/v2/organizations/{ORG_ACME_PATH}"),
    )
    .with_body(bare.to_string())
    .create();
    let list = expect(&mut server, "GET", "/v2/organizations?limit=100")
        .with_body(page_of("organizations", 
            vec![
                organization(ORG_GLOBEX, "before"),
                bare,
                json!({"id": "T3JnOjM6eg==", "name": "nulls", "description": null, "created_at": null}),
            ],
            None,
        ))
        .create();
    let organizations = client(&server).organizations();

    let alone = organizations.get(ORG_ACME).unwrap();
    let listed: Vec<arize::Organization> = organizations
        .list()
        .items()
        .take(10)
        .collect::<Result<_, _>>()
        .unwrap();

    get.assert();
    list.assert();
    assert_eq!(listed.len(), 3);
    for organization in [&alone, &listed[1], &listed[2]] {
        assert_eq!(organization.description, "");
        assert_eq!(organization.created_at, None);
    }
    assert_eq!(listed[1], alone);
}

#[test]
fn a_membership_role_the_crate_does_not_know_decodes_as_unknown() {
    let mut server = mockito::Server::new();
    let mock = expect(
        &mut server,
        "POST",
        &format!("/v2/organizations/{ORG_ACME_PATH}/users"),
    )
    .with_body(json!({"id": "TTox", "role": {"type": "PREDEFINED", "name": "OWNER"}}).to_string())
    .create();

    let membership = client(&server)
        .organizations()
        .add_user(ORG_ACME, ALICE_ID, PredefinedRole::Admin)
        .unwrap();

    mock.assert();
    assert_eq!(membership.role.unwrap().to_string(), "unknown:OWNER");
    assert_eq!(membership.user_id, "", "an absent field reads as empty");
}
