//! The roles operations: the exact request of each, the decoded answer,
//! permissions as an open enum, role names resolved wherever a role is
//! named (by listing every role), input checks and error mapping.

use std::time::Duration;

use crate::common::*;
use arize::{
    Deletion, Error, Permission, PredefinedRole, ResourceKind, Role, RoleDefinition, RoleRef,
};
use mockito::Matcher;
use serde_json::json;

const READ_ANNOTATE: [&str; 2] = ["PROJECT_READ", "PROJECT_SPAN_ANNOTATE"];

/// `/v2/roles/{ROLE_PATH}`, as a constant for the tables of cases.
const ROLE_URL: &str = "/v2/roles/Um9sZTo3OmE%2FYg%3D%3D";

/// The one page of every role, as a name lookup asks for it.
fn lookup(server: &mut mockito::ServerGuard, roles: Vec<serde_json::Value>) -> mockito::Mock {
    expect(server, "GET", "/v2/roles?limit=100")
        .match_body(Matcher::Missing)
        .with_body(page_of("roles", roles, None))
        .expect(1)
        .create()
}

fn assert_role(role: &RoleDefinition, id: &str, name: &str) {
    assert_eq!(role.id, id);
    assert_eq!(role.name, name);
    assert_eq!(role.description, "Reads and annotates traces");
    assert_eq!(
        role.permissions,
        [Permission::ProjectRead, Permission::ProjectSpanAnnotate]
    );
    assert!(!role.is_predefined);
    assert_eq!(
        role.created_at.unwrap().to_rfc3339(),
        "2026-01-02T03:04:05+00:00"
    );
    assert_eq!(
        role.updated_at.unwrap().to_rfc3339(),
        "2026-02-03T04:05:06+00:00"
    );
}

// --- The five operations -----------------------------------------------------

#[test]
fn list_sends_is_predefined_before_the_page_size_and_decodes_the_page() {
    let mut server = mockito::Server::new();
    let mut predefined = role_json("Um9sZTox", "Admin", &["SPACE_READ"]);
    predefined["is_predefined"] = json!(true);
    let mock = expect(&mut server, "GET", "/v2/roles?is_predefined=true&limit=50")
        .match_body(Matcher::Missing)
        .with_body(page_of("roles", vec![predefined], Some("c2")))
        .create();

    let page = client(&server)
        .roles()
        .list()
        .predefined(true)
        .send()
        .unwrap();

    mock.assert();
    assert_eq!(page.len(), 1);
    let role = &page.items()[0];
    assert_eq!(
        (role.id.as_str(), role.name.as_str()),
        ("Um9sZTox", "Admin")
    );
    assert!(role.is_predefined);
    assert_eq!(role.permissions, [Permission::SpaceRead]);
    assert!(page.has_more());
    assert_eq!(page.next_cursor(), Some("c2"));
}

#[test]
fn list_sends_custom_only_with_an_explicit_limit_and_cursor() {
    let mut server = mockito::Server::new();
    let mock = expect(
        &mut server,
        "GET",
        "/v2/roles?is_predefined=false&limit=7&cursor=abc%2B%2F%3D",
    )
    .with_body(page_of(
        "roles",
        vec![role_json(ROLE, "reviewer", &READ_ANNOTATE)],
        None,
    ))
    .create();

    let page = client(&server)
        .roles()
        .list()
        .predefined(false)
        .limit(7)
        .cursor("abc+/=")
        .send()
        .unwrap();

    mock.assert();
    assert_role(&page.items()[0], ROLE, "reviewer");
    assert!(!page.has_more());
}

#[test]
fn list_without_the_filter_sends_neither_kind() {
    let mut server = mockito::Server::new();
    let mock = expect(&mut server, "GET", "/v2/roles?limit=50")
        .with_body(page_of("roles", vec![], None))
        .expect(2)
        .create();
    let roles = client(&server).roles();

    assert!(roles.list().send().unwrap().is_empty());
    // Setting the filter back to `None` leaves it out again.
    let cleared = roles.list().predefined(true).set_predefined(None);
    assert!(cleared.send().unwrap().is_empty());
    mock.assert();
}

#[test]
fn create_posts_the_name_the_permissions_in_order_and_the_description() {
    let mut server = mockito::Server::new();
    let mock = expect_json(
        &mut server,
        "POST",
        "/v2/roles",
        json!({
            "name": "reviewer",
            "permissions": ["PROJECT_SPAN_ANNOTATE", "PROJECT_READ", "ROLE_BINDING_CREATE"],
            "description": "Reads and annotates traces"
        }),
    )
    .with_status(201)
    .with_body(role_json(ROLE, "reviewer", &READ_ANNOTATE).to_string())
    .create();

    let role = client(&server)
        .roles()
        .create(
            "reviewer",
            [
                Permission::ProjectSpanAnnotate,
                Permission::ProjectRead,
                Permission::RoleBindingCreate,
            ],
        )
        .description("Reads and annotates traces")
        .send()
        .unwrap();

    mock.assert();
    assert_role(&role, ROLE, "reviewer");
}

#[test]
fn create_without_a_description_leaves_it_out() {
    let mut server = mockito::Server::new();
    let mock = expect_json(
        &mut server,
        "POST",
        "/v2/roles",
        json!({"name": "reviewer", "permissions": ["PROJECT_READ"]}),
    )
    .with_status(201)
    .with_body(role_json(ROLE, "reviewer", &READ_ANNOTATE).to_string())
    .expect(2)
    .create();
    let roles = client(&server).roles();

    roles
        .create("reviewer", [Permission::ProjectRead])
        .send()
        .unwrap();
    roles
        .create("reviewer", [Permission::ProjectRead])
        .description("dropped")
        .set_description(None)
        .send()
        .unwrap();
    mock.assert();
}

#[test]
fn get_by_id_sends_one_get_and_decodes_every_field() {
    assert_eq!(ROLE_URL, format!("/v2/roles/{ROLE_PATH}"));
    let mut server = mockito::Server::new();
    let no_listing = server
        .mock("GET", Matcher::Regex(r"^/v2/roles\?".into()))
        .expect(0)
        .create();
    let mock = expect(&mut server, "GET", &format!("/v2/roles/{ROLE_PATH}"))
        .match_body(Matcher::Missing)
        .with_body(role_json(ROLE, "reviewer", &READ_ANNOTATE).to_string())
        .create();

    let role = client(&server).roles().get(ROLE).unwrap();

    mock.assert();
    no_listing.assert();
    assert_role(&role, ROLE, "reviewer");
}

#[test]
fn update_sends_only_what_was_set() {
    let cases = [
        (json!({"name": "auditor"}), "name"),
        (json!({"description": "New text"}), "description"),
        (json!({"description": null}), "clear_description"),
        (
            json!({"permissions": ["SPACE_READ", "PROJECT_READ"]}),
            "permissions",
        ),
    ];
    for (body, setter) in cases {
        let mut server = mockito::Server::new();
        let mock = expect_json(
            &mut server,
            "PATCH",
            &format!("/v2/roles/{ROLE_PATH}"),
            body,
        )
        .with_body(role_json(ROLE, "auditor", &READ_ANNOTATE).to_string())
        .create();
        let update = client(&server).roles().update(ROLE);
        let update = match setter {
            "name" => update.name("auditor"),
            "description" => update.description("New text"),
            "clear_description" => update.description("dropped").clear_description(),
            _ => update.permissions([Permission::SpaceRead, Permission::ProjectRead]),
        };

        let role = update.send().unwrap();

        mock.assert();
        assert_eq!(role.name, "auditor", "{setter}");
    }
}

#[test]
fn update_sends_every_field_together() {
    let mut server = mockito::Server::new();
    let mock = expect_json(
        &mut server,
        "PATCH",
        &format!("/v2/roles/{ROLE_PATH}"),
        json!({"name": "auditor", "description": null, "permissions": ["ROLE_READ"]}),
    )
    .with_body(role_json(ROLE, "auditor", &READ_ANNOTATE).to_string())
    .create();

    client(&server)
        .roles()
        .update(ROLE)
        .name("auditor")
        .clear_description()
        .permissions([Permission::RoleRead])
        .send()
        .unwrap();
    mock.assert();
}

#[test]
fn delete_sends_delete_and_reports_the_deletion() {
    let mut server = mockito::Server::new();
    let mock = expect(&mut server, "DELETE", &format!("/v2/roles/{ROLE_PATH}"))
        .match_body(Matcher::Missing)
        .with_status(204)
        .create();

    assert_eq!(
        client(&server).roles().delete(ROLE).unwrap(),
        Deletion::Deleted
    );
    mock.assert();
}

#[test]
fn deleting_a_bound_role_says_to_delete_its_bindings_first() {
    let mut server = mockito::Server::new();
    let mock = expect(&mut server, "DELETE", &format!("/v2/roles/{ROLE_PATH}"))
        .with_status(409)
        .with_header("content-type", "application/problem+json")
        .with_body(problem(409, "Conflict", "role is in use"))
        .expect(1)
        .create();

    let error = client(&server).roles().delete(ROLE).unwrap_err();

    mock.assert();
    assert!(matches!(error, Error::Conflict(_)), "{error:?}");
    let text = error.to_string();
    assert!(text.contains("delete its role bindings first"), "{text}");
    assert!(
        text.contains("role is in use"),
        "the server's detail is kept"
    );
    let hint = error.api_error().unwrap().hint();
    assert!(
        hint.is_some_and(|hint| hint.contains("role bindings")),
        "{hint:?}"
    );
}

#[test]
fn deleting_a_missing_role_gets_no_hint() {
    let mut server = mockito::Server::new();
    let mock = expect(&mut server, "DELETE", &format!("/v2/roles/{ROLE_PATH}"))
        .with_status(404)
        .with_body(problem(404, "Not Found", "no such role"))
        .expect(1)
        .create();

    let error = client(&server).roles().delete(ROLE).unwrap_err();

    mock.assert();
    assert!(matches!(error, Error::NotFound(_)), "{error:?}");
    assert_eq!(error.api_error().unwrap().hint(), None);
    assert!(!error.to_string().contains("role bindings"), "{error}");
}

// --- Permissions ---------------------------------------------------------------

#[test]
fn permissions_have_their_wire_names_both_ways() {
    assert_eq!(
        serde_json::to_value(Permission::RoleBindingCreate).unwrap(),
        json!("ROLE_BINDING_CREATE")
    );
    assert_eq!(
        Permission::RoleBindingCreate.as_str(),
        "ROLE_BINDING_CREATE"
    );
    assert_eq!(
        Permission::RoleBindingCreate.to_string(),
        "ROLE_BINDING_CREATE"
    );
    for text in [
        "role-binding-create",
        "ROLE_BINDING_CREATE",
        "Role Binding Create",
    ] {
        assert_eq!(
            text.parse::<Permission>().unwrap(),
            Permission::RoleBindingCreate,
            "{text}"
        );
    }
    let error = "NOT_A_PERMISSION".parse::<Permission>().unwrap_err();
    assert!(
        matches!(
            &error,
            Error::InvalidRequest {
                field: "permission",
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("NOT_A_PERMISSION"), "{error}");
}

#[test]
fn an_unknown_permission_is_kept_alone_and_inside_a_page() {
    let mut server = mockito::Server::new();
    let permissions = ["PROJECT_READ", "BRAND_NEW_PERMISSION"];
    let get = expect(&mut server, "GET", &format!("/v2/roles/{ROLE_PATH}"))
        .with_body(role_json(ROLE, "reviewer", &permissions).to_string())
        .create();
    let list = expect(&mut server, "GET", "/v2/roles?limit=100")
        .with_body(page_of(
            "roles",
            vec![
                role_json(ROLE_2, "before", &READ_ANNOTATE),
                role_json(ROLE, "reviewer", &permissions),
            ],
            None,
        ))
        .create();
    let roles = client(&server).roles();

    let alone = roles.get(ROLE).unwrap();
    let listed: Vec<RoleDefinition> = roles
        .list()
        .items()
        .take(10)
        .collect::<Result<_, _>>()
        .unwrap();

    get.assert();
    list.assert();
    assert_eq!(listed.len(), 2);
    for role in [&alone, &listed[1]] {
        assert_eq!(role.permissions.len(), 2);
        assert_eq!(role.permissions[0], Permission::ProjectRead);
        match &role.permissions[1] {
            Permission::Unknown(value) => assert_eq!(value.as_str(), "BRAND_NEW_PERMISSION"),
            other => panic!("expected an unknown permission, got {other:?}"),
        }
        assert_eq!(role.permissions[1].as_str(), "BRAND_NEW_PERMISSION");
        assert_eq!(role.permissions[1].to_string(), "BRAND_NEW_PERMISSION");
    }
}

#[test]
fn an_unknown_permission_copied_into_an_update_is_sent_back_unchanged() {
    let mut server = mockito::Server::new();
    let permissions = ["BRAND_NEW_PERMISSION", "PROJECT_READ"];
    let get = expect(&mut server, "GET", &format!("/v2/roles/{ROLE_PATH}"))
        .with_body(role_json(ROLE, "reviewer", &permissions).to_string())
        .create();
    let patch = expect_json(
        &mut server,
        "PATCH",
        &format!("/v2/roles/{ROLE_2_PATH}"),
        json!({"permissions": ["BRAND_NEW_PERMISSION", "PROJECT_READ"]}),
    )
    .with_body(role_json(ROLE_2, "copy", &permissions).to_string())
    .create();
    let roles = client(&server).roles();

    let source = roles.get(ROLE).unwrap();
    let copy = roles
        .update(ROLE_2)
        .permissions(source.permissions.clone())
        .send()
        .unwrap();

    get.assert();
    patch.assert();
    assert_eq!(copy.permissions, source.permissions);
}

// --- Role names ----------------------------------------------------------------

#[test]
fn get_by_name_lists_every_page_without_a_filter_and_keeps_the_exact_match() {
    let mut server = mockito::Server::new();
    let first = expect(&mut server, "GET", "/v2/roles?limit=100")
        .match_body(Matcher::Missing)
        .with_body(page_of(
            "roles",
            vec![
                role_json("Um9sZToxOmE=", "Reviewer", &[]),
                role_json("Um9sZToyOmE=", "reviewers", &[]),
            ],
            Some("p2"),
        ))
        .expect(1)
        .create();
    let second = expect(&mut server, "GET", "/v2/roles?limit=100&cursor=p2")
        .with_body(page_of(
            "roles",
            vec![
                role_json(ROLE, "reviewer", &READ_ANNOTATE),
                role_json("Um9sZTozOmE=", " reviewer", &[]),
            ],
            None,
        ))
        .expect(1)
        .create();
    // The listing answers: no `GET /v2/roles/{id}` follows.
    let no_get = server
        .mock("GET", Matcher::Regex("^/v2/roles/".into()))
        .expect(0)
        .create();

    let role = client(&server).roles().get("reviewer").unwrap();

    first.assert();
    second.assert();
    no_get.assert();
    assert_role(&role, ROLE, "reviewer");
}

#[test]
fn update_and_delete_by_name_look_the_role_up_first() {
    let mut server = mockito::Server::new();
    let lookups = expect(&mut server, "GET", "/v2/roles?limit=100")
        .with_body(page_of(
            "roles",
            vec![
                role_json(ROLE_2, "Reviewer", &[]),
                role_json(ROLE, "reviewer", &READ_ANNOTATE),
            ],
            None,
        ))
        .expect(3)
        .create();
    let patch = expect_json(
        &mut server,
        "PATCH",
        &format!("/v2/roles/{ROLE_PATH}"),
        json!({"description": "d"}),
    )
    .with_body(role_json(ROLE, "reviewer", &READ_ANNOTATE).to_string())
    .create();
    let delete = expect(&mut server, "DELETE", &format!("/v2/roles/{ROLE_PATH}"))
        .with_status(204)
        .create();
    let roles = client(&server).roles();

    roles.update("reviewer").description("d").send().unwrap();
    assert_eq!(roles.delete("reviewer").unwrap(), Deletion::Deleted);
    assert_eq!(roles.resolve("reviewer").unwrap(), ROLE);

    lookups.assert();
    patch.assert();
    delete.assert();
}

#[test]
fn an_absent_role_name_is_name_not_found_and_nothing_else_is_sent() {
    let mut server = mockito::Server::new();
    let lookups = expect(&mut server, "GET", "/v2/roles?limit=100")
        .with_body(page_of(
            "roles",
            vec![
                role_json(ROLE, "Ghost", &[]),
                role_json(ROLE_2, "ghosts", &[]),
            ],
            None,
        ))
        .expect(3)
        .create();
    let no_get = server
        .mock("GET", Matcher::Regex("^/v2/roles/".into()))
        .expect(0)
        .create();
    let no_patch = nothing(&mut server, "PATCH");
    let no_delete = nothing(&mut server, "DELETE");
    let roles = client(&server).roles();

    let errors = [
        roles.get("ghost").map(drop).unwrap_err(),
        roles
            .update("ghost")
            .name("x")
            .send()
            .map(drop)
            .unwrap_err(),
        roles.delete("ghost").map(drop).unwrap_err(),
    ];

    for error in errors {
        assert!(
            matches!(&error, Error::NameNotFound { kind: ResourceKind::Role, name, within: None } if name == "ghost"),
            "{error:?}"
        );
        assert!(error.is_not_found());
        assert_eq!(error.to_string(), r#"no role is named "ghost""#);
    }
    lookups.assert();
    no_get.assert();
    no_patch.assert();
    no_delete.assert();
}

#[test]
fn a_name_two_roles_share_is_ambiguous_and_nothing_else_is_sent() {
    let mut server = mockito::Server::new();
    let first = expect(&mut server, "GET", "/v2/roles?limit=100")
        .with_body(page_of(
            "roles",
            vec![role_json(ROLE, "twin", &[])],
            Some("p2"),
        ))
        .expect(3)
        .create();
    let second = expect(&mut server, "GET", "/v2/roles?limit=100&cursor=p2")
        .with_body(page_of("roles", vec![role_json(ROLE_2, "twin", &[])], None))
        .expect(3)
        .create();
    let no_get = server
        .mock("GET", Matcher::Regex("^/v2/roles/".into()))
        .expect(0)
        .create();
    let no_patch = nothing(&mut server, "PATCH");
    let no_delete = nothing(&mut server, "DELETE");
    let roles = client(&server).roles();

    let errors = [
        roles.get("twin").map(drop).unwrap_err(),
        roles
            .update("twin")
            .permissions([Permission::SpaceRead])
            .send()
            .map(drop)
            .unwrap_err(),
        roles.delete("twin").map(drop).unwrap_err(),
    ];

    for error in errors {
        match &error {
            Error::AmbiguousName {
                kind: ResourceKind::Role,
                name,
                ids,
            } => {
                assert_eq!(name, "twin");
                assert_eq!(ids, &[ROLE, ROLE_2]);
            }
            other => panic!("expected an ambiguous name, got {other:?}"),
        }
        let text = error.to_string();
        assert!(text.contains(ROLE) && text.contains(ROLE_2), "{text}");
    }
    first.assert();
    second.assert();
    no_get.assert();
    no_patch.assert();
    no_delete.assert();
}

#[test]
fn an_id_is_used_as_it_is_and_a_forced_name_is_looked_up() {
    let mut server = mockito::Server::new();
    // `ROLE` is an ID; forced to be a name, it is searched among names.
    let lookup = lookup(&mut server, vec![role_json(ROLE_2, ROLE, &[])]);
    let roles = client(&server).roles();

    assert_eq!(roles.resolve(ROLE).unwrap(), ROLE);
    assert_eq!(roles.resolve(RoleRef::Name(ROLE.into())).unwrap(), ROLE_2);
    lookup.assert();
}

fn space_membership(role_id: &str) -> String {
    json!({
        "id": "TWVtYmVyc2hpcDox",
        "user_id": USER,
        "space_id": ID_1,
        "role": {"type": "CUSTOM", "id": role_id, "name": "reviewer"}
    })
    .to_string()
}

#[test]
fn a_custom_role_by_name_in_a_space_is_looked_up_and_sent_by_id() {
    let mut server = mockito::Server::new();
    let lookup = lookup(
        &mut server,
        vec![
            role_json(ROLE_2, "Reviewer", &[]),
            role_json(ROLE, "reviewer", &[]),
        ],
    );
    let add = expect_json(
        &mut server,
        "POST",
        &format!("/v2/spaces/{ID_1_PATH}/users"),
        json!({"user_id": USER, "role": {"type": "CUSTOM", "id": ROLE}}),
    )
    .with_body(space_membership(ROLE))
    .create();

    let membership = client(&server)
        .spaces()
        .add_user(ID_1, USER, Role::custom("reviewer"))
        .unwrap();

    lookup.assert();
    add.assert();
    assert_eq!(
        membership.role,
        Some(Role::Custom {
            id: ROLE.into(),
            name: Some("reviewer".into())
        })
    );
}

#[test]
fn a_custom_role_by_name_in_an_organization_is_looked_up_and_sent_by_id() {
    let mut server = mockito::Server::new();
    let lookup = lookup(&mut server, vec![role_json(ROLE, "reviewer", &[])]);
    let add = expect_json(
        &mut server,
        "POST",
        &format!("/v2/organizations/{ORG_PATH}/users"),
        json!({"user_id": USER, "role": {"type": "CUSTOM", "id": ROLE}}),
    )
    .with_body(
        json!({
            "id": "QWNjb3VudE9yZ2FuaXphdGlvbk1lbWJlcjox",
            "user_id": USER,
            "organization_id": ORG,
            "role": {"type": "CUSTOM", "id": ROLE}
        })
        .to_string(),
    )
    .create();

    let membership = client(&server)
        .organizations()
        .add_user(ORG, USER, Role::custom("reviewer"))
        .unwrap();

    lookup.assert();
    add.assert();
    assert_eq!(membership.role.unwrap().custom_id(), Some(ROLE));
}

#[test]
fn a_custom_role_by_id_needs_no_lookup() {
    let mut server = mockito::Server::new();
    let no_lookup = nothing(&mut server, "GET");
    let add = expect_json(
        &mut server,
        "POST",
        &format!("/v2/spaces/{ID_1_PATH}/users"),
        json!({"user_id": USER, "role": {"type": "CUSTOM", "id": ROLE}}),
    )
    .with_body(space_membership(ROLE))
    .create();

    let role = Role::custom(ROLE);
    assert_eq!(role.custom_id(), Some(ROLE));
    client(&server).spaces().add_user(ID_1, USER, role).unwrap();

    no_lookup.assert();
    add.assert();
}

#[test]
fn a_custom_role_parsed_from_text_by_name_is_looked_up_too() {
    let mut server = mockito::Server::new();
    let lookup = lookup(&mut server, vec![role_json(ROLE, "reviewer", &[])]);
    let add = expect_json(
        &mut server,
        "POST",
        &format!("/v2/spaces/{ID_1_PATH}/users"),
        json!({"user_id": USER, "role": {"type": "CUSTOM", "id": ROLE}}),
    )
    .with_body(space_membership(ROLE))
    .create();

    let role: Role = "custom:reviewer".parse().unwrap();
    assert_eq!(role, Role::CustomNamed("reviewer".into()));
    client(&server).spaces().add_user(ID_1, USER, role).unwrap();

    lookup.assert();
    add.assert();
}

#[test]
fn an_unknown_role_name_in_add_user_sends_no_membership() {
    let mut server = mockito::Server::new();
    let lookup = lookup(&mut server, vec![role_json(ROLE, "Reviewer", &[])]);
    let no_post = nothing(&mut server, "POST");

    let error = client(&server)
        .spaces()
        .add_user(ID_1, USER, Role::custom("reviewer"))
        .unwrap_err();

    assert!(
        matches!(
            &error,
            Error::NameNotFound {
                kind: ResourceKind::Role,
                ..
            }
        ),
        "{error:?}"
    );
    lookup.assert();
    no_post.assert();
}

#[test]
fn a_predefined_role_needs_no_lookup() {
    let mut server = mockito::Server::new();
    let no_lookup = nothing(&mut server, "GET");
    let add = expect_json(
        &mut server,
        "POST",
        &format!("/v2/spaces/{ID_1_PATH}/users"),
        json!({"user_id": USER, "role": {"type": "PREDEFINED", "name": "READ_ONLY"}}),
    )
    .with_body(space_membership(ROLE))
    .create();

    client(&server)
        .spaces()
        .add_user(ID_1, USER, PredefinedRole::ReadOnly)
        .unwrap();
    no_lookup.assert();
    add.assert();
}

// --- Input checks ------------------------------------------------------------------

#[test]
fn invalid_role_input_is_refused_before_anything_is_sent() {
    let mut server = mockito::Server::new();
    let catch_all: Vec<_> = ["GET", "POST", "PATCH", "DELETE"]
        .into_iter()
        .map(|method| nothing(&mut server, method))
        .collect();
    let roles = client(&server).roles();
    let read = || [Permission::ProjectRead];
    let long = "n".repeat(256);
    let bad_names = [
        "",
        long.as_str(),
        "a<b",
        "tab\there",
        "café",
        "line\n",
        "\nline",
    ];

    let mut cases: Vec<(&str, arize::Result<()>)> = Vec::new();
    for name in bad_names {
        cases.push(("name", roles.create(name, read()).send().map(drop)));
        cases.push(("name", roles.update(ROLE).name(name).send().map(drop)));
        // Checked before the role named is looked up.
        cases.push(("name", roles.update("reviewer").name(name).send().map(drop)));
    }
    cases.extend([
        ("permissions", roles.create("n", []).send().map(drop)),
        (
            "permissions",
            roles.update(ROLE).permissions([]).send().map(drop),
        ),
        (
            "permissions",
            roles.update("reviewer").permissions([]).send().map(drop),
        ),
        ("update", roles.update(ROLE).send().map(drop)),
        ("update", roles.update("reviewer").send().map(drop)),
        (
            "description",
            roles
                .create("n", read())
                .description("d".repeat(1001))
                .send()
                .map(drop),
        ),
        (
            "description",
            roles
                .update(ROLE)
                .description("d".repeat(1001))
                .send()
                .map(drop),
        ),
        ("role", roles.get("").map(drop)),
        ("role", roles.get(RoleRef::Id(String::new())).map(drop)),
        ("role", roles.delete("").map(drop)),
        ("role", roles.update("").name("n").send().map(drop)),
        ("limit", roles.list().limit(0).send().map(drop)),
        ("limit", roles.list().limit(101).send().map(drop)),
        ("cursor", roles.list().cursor("").send().map(drop)),
    ]);
    for (field, result) in cases {
        match result {
            Err(Error::InvalidRequest { field: got, reason }) => {
                assert_eq!(got, field, "{reason}");
                assert!(!reason.is_empty());
            }
            other => panic!("{field}: expected an invalid request, got {other:?}"),
        }
    }
    catch_all.iter().for_each(mockito::Mock::assert);
}

#[test]
fn the_description_limit_counts_characters_not_bytes() {
    // Role names are ASCII (the spec's pattern); descriptions are not.
    let description = "🦀".repeat(1000);
    let mut server = mockito::Server::new();
    let create = expect_json(
        &mut server,
        "POST",
        "/v2/roles",
        json!({"name": "n", "description": description, "permissions": ["PROJECT_READ"]}),
    )
    .with_status(201)
    .with_body(role_json(ROLE, "n", &[]).to_string())
    .expect(1)
    .create();
    let update = expect_json(
        &mut server,
        "PATCH",
        &format!("/v2/roles/{ROLE_PATH}"),
        json!({"description": description}),
    )
    .with_body(role_json(ROLE, "n", &[]).to_string())
    .expect(1)
    .create();
    let roles = client(&server).roles();
    let read = || [Permission::ProjectRead];

    roles
        .create("n", read())
        .description(description.as_str())
        .send()
        .unwrap();
    roles
        .update(ROLE)
        .description(description.as_str())
        .send()
        .unwrap();
    let longer = "🦀".repeat(1001);
    for result in [
        roles
            .create("n", read())
            .description(longer.as_str())
            .send(),
        roles.update(ROLE).description(longer.as_str()).send(),
    ] {
        assert!(
            matches!(
                &result,
                Err(Error::InvalidRequest {
                    field: "description",
                    ..
                })
            ),
            "{result:?}"
        );
    }
    create.assert();
    update.assert();
}

#[test]
fn every_character_the_api_allows_in_a_name_is_sent() {
    let names = ["n".repeat(255), r#"Az09 -_.,()[]'"/:\&@#$%!?+="#.to_owned()];
    for name in names {
        let mut server = mockito::Server::new();
        let create = expect_json(
            &mut server,
            "POST",
            "/v2/roles",
            json!({"name": name, "permissions": ["PROJECT_READ"]}),
        )
        .with_status(201)
        .with_body(role_json(ROLE, &name, &[]).to_string())
        .create();
        let update = expect_json(
            &mut server,
            "PATCH",
            &format!("/v2/roles/{ROLE_PATH}"),
            json!({"name": name}),
        )
        .with_body(role_json(ROLE, &name, &[]).to_string())
        .create();
        let roles = client(&server).roles();

        let created = roles
            .create(name.as_str(), [Permission::ProjectRead])
            .send()
            .unwrap();
        roles.update(ROLE).name(name.as_str()).send().unwrap();

        assert_eq!(created.name, name);
        create.assert();
        update.assert();
    }
}

// --- Error statuses ----------------------------------------------------------------

#[test]
fn error_statuses_of_the_roles_operations_map_to_their_variants() {
    type Call = fn(&arize::Roles) -> arize::Result<()>;
    type IsVariant = fn(&Error) -> bool;
    let create: Call = |roles| {
        roles
            .create("n", [Permission::ProjectRead])
            .send()
            .map(drop)
    };
    let cases: [(u16, &str, &str, Call, IsVariant); 5] = [
        (400, "POST", "/v2/roles", create, |e| {
            matches!(e, Error::BadRequest(_))
        }),
        (
            401,
            "GET",
            "/v2/roles?limit=50",
            |r| r.list().send().map(drop),
            |e| matches!(e, Error::Unauthorized(_)) && e.is_unauthorized(),
        ),
        (
            403,
            "GET",
            "/v2/roles?limit=50",
            |r| r.list().send().map(drop),
            |e| matches!(e, Error::Forbidden(_)) && e.is_forbidden(),
        ),
        (
            409,
            "PATCH",
            ROLE_URL,
            |r| r.update(ROLE).name("taken").send().map(drop),
            |e| matches!(e, Error::Conflict(api) if api.hint().is_none()),
        ),
        (422, "POST", "/v2/roles", create, |e| {
            matches!(e, Error::Unprocessable(_))
        }),
    ];
    for (status, method, path, call, is_expected) in cases {
        let mut server = mockito::Server::new();
        let mock = expect(&mut server, method, path)
            .with_status(status.into())
            .with_header("content-type", "application/problem+json")
            .with_body(problem(status, "Title", &format!("detail of {status}")))
            .expect(1)
            .create();
        let (client, waits) = client_with_waits(&server);

        let error = call(&client.roles()).unwrap_err();

        mock.assert();
        assert!(is_expected(&error), "{status} gave {error:?}");
        assert_eq!(error.status(), Some(status));
        let api = error.api_error().unwrap();
        assert_eq!(api.attempts(), 1, "{status} is not retried");
        assert_eq!(
            error.problem().unwrap().detail.as_deref(),
            Some(format!("detail of {status}").as_str())
        );
        assert!(waits.lock().unwrap().is_empty());
    }
}

#[test]
fn a_rate_limited_get_waits_as_long_as_retry_after_says() {
    let mut server = mockito::Server::new();
    let limited = expect(&mut server, "GET", &format!("/v2/roles/{ROLE_PATH}"))
        .with_status(429)
        .with_header("retry-after", "2")
        .with_body(problem(429, "Too Many Requests", "slow down"))
        .expect(2)
        .create();
    let served = expect(&mut server, "GET", &format!("/v2/roles/{ROLE_PATH}"))
        .with_body(role_json(ROLE, "reviewer", &READ_ANNOTATE).to_string())
        .expect(1)
        .create();
    let (client, waits) = client_with_waits(&server);

    let role = client.roles().get(ROLE).unwrap();

    assert_eq!(role.id, ROLE);
    assert_eq!(*waits.lock().unwrap(), [Duration::from_secs(2); 2]);
    limited.assert();
    served.assert();
}

#[test]
fn rate_limiting_that_outlasts_the_retries_is_rate_limited() {
    let mut server = mockito::Server::new();
    let limited = expect(&mut server, "GET", "/v2/roles?limit=50")
        .with_status(429)
        .with_header("retry-after", "1")
        .expect(3)
        .create();
    let (client, waits) = client_with_waits(&server);

    let error = client.roles().list().send().unwrap_err();

    assert!(matches!(error, Error::RateLimited(_)), "{error:?}");
    assert_eq!(error.retry_after(), Some(Duration::from_secs(1)));
    assert_eq!(error.api_error().unwrap().attempts(), 3);
    assert_eq!(*waits.lock().unwrap(), [Duration::from_secs(1); 2]);
    limited.assert();
}

#[test]
fn a_500_is_a_server_error_sent_once() {
    let mut server = mockito::Server::new();
    let mock = expect(&mut server, "GET", &format!("/v2/roles/{ROLE_PATH}"))
        .with_status(500)
        .with_body("oops")
        .expect(1)
        .create();

    let error = client(&server).roles().get(ROLE).unwrap_err();

    assert!(matches!(error, Error::Server(_)), "{error:?}");
    assert_eq!(error.api_error().unwrap().attempts(), 1);
    mock.assert();
}

#[test]
fn a_502_is_retried_for_reads_updates_and_deletes_but_not_for_a_create() {
    type Call = fn(&arize::Roles) -> arize::Result<()>;
    let cases: [(&str, &str, Call, usize); 4] = [
        ("GET", ROLE_URL, |r| r.get(ROLE).map(drop), 3),
        (
            "PATCH",
            ROLE_URL,
            |r| r.update(ROLE).name("n").send().map(drop),
            3,
        ),
        ("DELETE", ROLE_URL, |r| r.delete(ROLE).map(drop), 3),
        (
            "POST",
            "/v2/roles",
            |r| r.create("n", [Permission::ProjectRead]).send().map(drop),
            1,
        ),
    ];
    for (method, path, call, attempts) in cases {
        let mut server = mockito::Server::new();
        let mock = expect(&mut server, method, path)
            .with_status(502)
            .with_header("content-type", "text/html")
            .with_body("<html>bad gateway</html>")
            .expect(attempts)
            .create();
        let (client, waits) = client_with_waits(&server);

        let error = call(&client.roles()).unwrap_err();

        mock.assert();
        assert!(
            matches!(&error, Error::Server(api) if api.status() == 502),
            "{error:?}"
        );
        assert_eq!(
            error.api_error().unwrap().attempts(),
            u32::try_from(attempts).unwrap(),
            "{method}"
        );
        assert_eq!(waits.lock().unwrap().len(), attempts - 1, "{method}");
    }
}

// --- Hostile IDs -------------------------------------------------------------------

#[test]
fn a_hostile_role_id_stays_one_encoded_path_segment() {
    let hostile = [
        ("../a/b?c=d#e%f\r\n", "%2E%2E%2Fa%2Fb%3Fc%3Dd%23e%25f%0D%0A"),
        ("..", "%2E%2E"),
        ("x/../../v2/roles", "x%2F%2E%2E%2F%2E%2E%2Fv2%2Froles"),
    ];
    for (id, encoded) in hostile {
        let mut server = mockito::Server::new();
        let path = format!("/v2/roles/{encoded}");
        let get = expect(&mut server, "GET", &path)
            .with_body(role_json(id, "odd", &[]).to_string())
            .create();
        let patch = expect_json(&mut server, "PATCH", &path, json!({"name": "n"}))
            .with_body(role_json(id, "n", &[]).to_string())
            .create();
        let delete = expect(&mut server, "DELETE", &path)
            .with_status(204)
            .create();
        let anything_else: Vec<_> = ["GET", "PATCH", "DELETE"]
            .into_iter()
            .map(|method| nothing(&mut server, method))
            .collect();
        let roles = client(&server).roles();
        let role = || RoleRef::Id(id.into());

        assert_eq!(roles.get(role()).unwrap().name, "odd");
        roles.update(role()).name("n").send().unwrap();
        roles.delete(role()).unwrap();

        get.assert();
        patch.assert();
        delete.assert();
        anything_else.iter().for_each(mockito::Mock::assert);
    }
}

#[test]
fn a_hostile_cursor_stays_one_query_value() {
    let mut server = mockito::Server::new();
    let mock = expect(
        &mut server,
        "GET",
        "/v2/roles?is_predefined=false&limit=50&cursor=%3F%26limit%3D1%23x%0D%0A",
    )
    .with_body(page_of("roles", vec![], None))
    .create();

    client(&server)
        .roles()
        .list()
        .predefined(false)
        .cursor("?&limit=1#x\r\n")
        .send()
        .unwrap();
    mock.assert();
}

// --- Tolerance ---------------------------------------------------------------------

#[test]
fn a_role_with_only_an_id_and_a_name_reads_as_defaults_alone_and_in_a_page() {
    let mut server = mockito::Server::new();
    let bare = json!({"id": ROLE, "name": "bare", "description": null, "permissions": null,
                      "brand_new_field": {"x": 1}});
    let get = expect(&mut server, "GET", &format!("/v2/roles/{ROLE_PATH}"))
        .with_body(bare.to_string())
        .create();
    let list = expect(&mut server, "GET", "/v2/roles?limit=100")
        .with_body(page_of(
            "roles",
            vec![role_json(ROLE_2, "full", &READ_ANNOTATE), bare],
            None,
        ))
        .create();
    let roles = client(&server).roles();

    let alone = roles.get(ROLE).unwrap();
    let listed: Vec<RoleDefinition> = roles
        .list()
        .items()
        .take(10)
        .collect::<Result<_, _>>()
        .unwrap();

    for role in [&alone, &listed[1]] {
        assert_eq!(role.name, "bare");
        assert_eq!(role.description, "");
        assert!(role.permissions.is_empty());
        assert!(!role.is_predefined);
        assert_eq!(role.created_at, None);
    }
    get.assert();
    list.assert();
}
