//! What is the organizations' own: the name filter and the builders,
//! exactly as sent; memberships and their roles; an organization named by
//! name in the spaces operations and in memberships (with a user's email),
//! a hostile name as one query value; limits in characters. The generic
//! contracts (name lookups among them) are in `contract`.

use crate::common::*;
use arize::{Deletion, Error, PredefinedRole, ResourceKind, Role, SpaceRef, UpdateOrganization};
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

// --- Resolution --------------------------------------------------------------

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

// --- Hostile names and limits ------------------------------------------------

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
