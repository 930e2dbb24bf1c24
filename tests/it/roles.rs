//! What is the roles' own: the predefined filter and the builders, exactly
//! as sent; permissions as an open enum, an unknown one kept and sent back;
//! a forced role name, custom roles named by name in memberships; the
//! name's pattern and the description's limit in characters. The generic
//! contracts (name lookups among them) are in `contract`.

use crate::{
    common::*,
    contract::{merged, read_both_ways, rows, rows::READ_ANNOTATE},
};
use arize::{Error, Permission, PredefinedRole, ResourceKind, Role, RoleDefinition, RoleRef};
use mockito::Matcher;
use serde_json::json;

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

// --- Operations --------------------------------------------------------------

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
    let row = rows::roles();
    let permissions = json!(["PROJECT_READ", "BRAND_NEW_PERMISSION"]);
    let body = merged((row.item)(ROLE), json!({"permissions": permissions}));
    for role in read_both_ways(&row, body) {
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

// --- Input checks ------------------------------------------------------------

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
