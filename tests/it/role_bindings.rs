//! What is the role bindings' own: the resource type and user filters,
//! exactly as sent; names resolved (a space's name, a user's email, a
//! role's name); `assign` converging on one binding; hostile IDs as one
//! query value or one JSON string; an unknown resource type kept. The
//! generic contracts are in `contract`.

use crate::{
    common::*,
    contract::{read_both_ways, rows},
};
use arize::{
    Assigned, BindingResource, Error, ResourceKind, RoleBinding, RoleBindingResourceType, RoleRef,
    SpaceRef, UserRef,
};
use mockito::{Matcher, Mock, ServerGuard};
use serde_json::json;

/// The bindings of `USER` on projects, as `assign` lists them after a 409.
const USER_PROJECTS: &str =
    "/v2/role-bindings?resource_type=PROJECT&user_id=VXNlcjo0Mjp6&limit=100";

/// A second project, with `/` and `=`.
const OTHER_PROJECT: &str = "TW9kZWw6MTI0OmI/";

fn binding_path(encoded_id: &str) -> String {
    format!("/v2/role-bindings/{encoded_id}")
}

fn project() -> BindingResource {
    BindingResource::project(PROJECT)
}

/// The body of a create binding `USER` to `role_id` on `resource_id`.
fn create_body(role_id: &str, resource_type: &str, resource_id: &str) -> serde_json::Value {
    json!({
        "resource_id": resource_id,
        "resource_type": resource_type,
        "role_id": role_id,
        "user_id": USER,
    })
}

fn assert_binding(binding: &RoleBinding, id: &str, role_id: &str, resource_id: &str) {
    assert_eq!(binding.id, id);
    assert_eq!(binding.role_id, role_id);
    assert_eq!(binding.user_id, USER);
    assert_eq!(binding.resource_id, resource_id);
    assert_eq!(
        binding.created_at.unwrap().to_rfc3339(),
        "2026-01-02T03:04:05+00:00"
    );
    assert_eq!(
        binding.updated_at.unwrap().to_rfc3339(),
        "2026-02-03T04:05:06+00:00"
    );
}

/// The 409 a create answers when the user already has a binding there.
fn conflict(mock: Mock) -> Mock {
    mock.with_status(409)
        .with_header("content-type", "application/problem+json")
        .with_body(problem(409, "Conflict", "the user already has a binding"))
        .expect(1)
        .create()
}

// --- Operations --------------------------------------------------------------

#[test]
fn list_sends_the_required_resource_type_first_and_decodes_the_page() {
    let mut server = mockito::Server::new();
    let mock = expect(
        &mut server,
        "GET",
        "/v2/role-bindings?resource_type=SPACE&limit=50",
    )
    .match_body(Matcher::Missing)
    .with_body(page_of(
        "role_bindings",
        vec![binding_json(BINDING, ROLE, "SPACE", ID_1)],
        Some("c2"),
    ))
    .create();

    let page = client(&server)
        .role_bindings()
        .list(RoleBindingResourceType::Space)
        .send()
        .unwrap();

    mock.assert();
    assert_eq!(page.len(), 1);
    let binding = &page.items()[0];
    assert_binding(binding, BINDING, ROLE, ID_1);
    assert_eq!(binding.resource_type, Some(RoleBindingResourceType::Space));
    assert!(page.has_more());
    assert_eq!(page.next_cursor(), Some("c2"));
}

#[test]
fn list_sends_the_user_after_the_resource_type_then_limit_and_cursor() {
    let mut server = mockito::Server::new();
    let filtered = expect(
        &mut server,
        "GET",
        "/v2/role-bindings?resource_type=PROJECT&user_id=VXNlcjo0Mjp6&limit=5&cursor=c%2B%2F",
    )
    .with_body(page_of(
        "role_bindings",
        vec![binding_json(BINDING, ROLE, "PROJECT", PROJECT)],
        None,
    ))
    .create();
    let unfiltered = expect(
        &mut server,
        "GET",
        "/v2/role-bindings?resource_type=PROJECT&limit=50",
    )
    .with_body(page_of("role_bindings", vec![], None))
    .create();
    let bindings = client(&server).role_bindings();

    let page = bindings
        .list(RoleBindingResourceType::Project)
        .user(USER)
        .limit(5)
        .cursor("c+/")
        .send()
        .unwrap();
    let cleared = bindings
        .list(RoleBindingResourceType::Project)
        .user(USER)
        .set_user(None)
        .send()
        .unwrap();

    filtered.assert();
    unfiltered.assert();
    assert_eq!(
        page.items()[0].resource_type,
        Some(RoleBindingResourceType::Project)
    );
    assert!(cleared.is_empty());
}

#[test]
fn listing_a_users_bindings_by_email_resolves_it_once_before_the_first_page() {
    let mut server = mockito::Server::new();
    let lookup = expect(
        &mut server,
        "GET",
        &format!("/v2/users?email={EMAIL_QUERY}&limit=100"),
    )
    .with_body(page_of(
        "users",
        vec![user("VXNlcjo0Mzp5", "ba@x.io"), user(USER, "A@X.io")],
        None,
    ))
    .expect(1)
    .create();
    let first = expect(
        &mut server,
        "GET",
        "/v2/role-bindings?resource_type=SPACE&user_id=VXNlcjo0Mjp6&limit=100",
    )
    .with_body(page_of(
        "role_bindings",
        vec![binding_json(BINDING, ROLE, "SPACE", ID_1)],
        Some("p2"),
    ))
    .expect(1)
    .create();
    let second = expect(
        &mut server,
        "GET",
        "/v2/role-bindings?resource_type=SPACE&user_id=VXNlcjo0Mjp6&limit=100&cursor=p2",
    )
    .with_body(page_of(
        "role_bindings",
        vec![binding_json(BINDING_2, ROLE, "SPACE", ID_2)],
        None,
    ))
    .expect(1)
    .create();

    let ids: Vec<String> = client(&server)
        .role_bindings()
        .list(RoleBindingResourceType::Space)
        .user(EMAIL)
        .items()
        .take(10)
        .map(|binding| binding.unwrap().id)
        .collect();

    assert_eq!(ids, [BINDING, BINDING_2]);
    lookup.assert();
    first.assert();
    second.assert();
}

#[test]
fn create_posts_the_four_ids_and_decodes_the_binding() {
    let mut server = mockito::Server::new();
    let no_lookup = nothing(&mut server, "GET");
    let mock = expect_json(
        &mut server,
        "POST",
        "/v2/role-bindings",
        create_body(ROLE, "PROJECT", PROJECT),
    )
    .with_status(201)
    .with_body(binding_json(BINDING, ROLE, "PROJECT", PROJECT).to_string())
    .create();

    let binding = client(&server)
        .role_bindings()
        .create(USER, ROLE, project())
        .unwrap();

    mock.assert();
    no_lookup.assert();
    assert_binding(&binding, BINDING, ROLE, PROJECT);
    assert_eq!(
        binding.resource_type,
        Some(RoleBindingResourceType::Project)
    );
}

#[test]
fn create_on_a_space_by_id_sends_space() {
    let mut server = mockito::Server::new();
    let no_lookup = nothing(&mut server, "GET");
    let mock = expect_json(
        &mut server,
        "POST",
        "/v2/role-bindings",
        create_body(ROLE, "SPACE", ID_1),
    )
    .with_status(201)
    .with_body(binding_json(BINDING, ROLE, "SPACE", ID_1).to_string())
    .create();

    client(&server)
        .role_bindings()
        .create(USER, ROLE, BindingResource::space(ID_1))
        .unwrap();

    mock.assert();
    no_lookup.assert();
}

/// Lookups of the space `team`, the user `EMAIL` and the role `reviewer`,
/// each expected `times`.
fn name_lookups(server: &mut ServerGuard, times: usize) -> [Mock; 3] {
    [
        expect(server, "GET", "/v2/spaces?name=team&limit=100")
            .with_body(page(vec![space(ID_2, "team-2"), space(ID_1, "team")], None))
            .expect(times)
            .create(),
        expect(
            server,
            "GET",
            &format!("/v2/users?email={EMAIL_QUERY}&limit=100"),
        )
        .with_body(page_of("users", vec![user(USER, EMAIL)], None))
        .expect(times)
        .create(),
        expect(server, "GET", "/v2/roles?limit=100")
            .with_body(page_of(
                "roles",
                vec![
                    role_json(ROLE_2, "Reviewer", &[]),
                    role_json(ROLE, "reviewer", &[]),
                ],
                None,
            ))
            .expect(times)
            .create(),
    ]
}

#[test]
fn create_resolves_a_space_name_an_email_and_a_role_name() {
    let mut server = mockito::Server::new();
    let lookups = name_lookups(&mut server, 1);
    let mock = expect_json(
        &mut server,
        "POST",
        "/v2/role-bindings",
        create_body(ROLE, "SPACE", ID_1),
    )
    .with_status(201)
    .with_body(binding_json(BINDING, ROLE, "SPACE", ID_1).to_string())
    .create();

    client(&server)
        .role_bindings()
        .create(EMAIL, "reviewer", BindingResource::space("team"))
        .unwrap();

    lookups.iter().for_each(Mock::assert);
    mock.assert();
}

#[test]
fn an_unresolvable_name_stops_the_create() {
    let mut server = mockito::Server::new();
    let lookup = expect(&mut server, "GET", "/v2/roles?limit=100")
        .with_body(page_of(
            "roles",
            vec![role_json(ROLE, "Reviewer", &[])],
            None,
        ))
        .create();
    let no_post = nothing(&mut server, "POST");

    let error = client(&server)
        .role_bindings()
        .create(USER, "reviewer", project())
        .unwrap_err();

    assert!(
        matches!(&error, Error::NameNotFound { kind: ResourceKind::Role, name, .. } if name == "reviewer"),
        "{error:?}"
    );
    no_post.assert();
    lookup.assert();
}

#[test]
fn update_takes_a_role_name() {
    let mut server = mockito::Server::new();
    let lookup = expect(&mut server, "GET", "/v2/roles?limit=100")
        .with_body(page_of(
            "roles",
            vec![role_json(ROLE, "reviewer", &[])],
            None,
        ))
        .expect(1)
        .create();
    let mock = expect_json(
        &mut server,
        "PATCH",
        &binding_path(BINDING_PATH),
        json!({"role_id": ROLE}),
    )
    .with_body(binding_json(BINDING, ROLE, "SPACE", ID_1).to_string())
    .create();

    client(&server)
        .role_bindings()
        .update(BINDING, "reviewer")
        .unwrap();

    lookup.assert();
    mock.assert();
}

// --- assign -------------------------------------------------------------------

#[test]
fn assign_creates_a_missing_binding() {
    let mut server = mockito::Server::new();
    let no_listing = nothing(&mut server, "GET");
    let no_patch = nothing(&mut server, "PATCH");
    let create = expect_json(
        &mut server,
        "POST",
        "/v2/role-bindings",
        create_body(ROLE, "PROJECT", PROJECT),
    )
    .with_status(201)
    .with_body(binding_json(BINDING, ROLE, "PROJECT", PROJECT).to_string())
    .expect(1)
    .create();

    let outcome = client(&server)
        .role_bindings()
        .assign(USER, ROLE, project())
        .unwrap();

    let Assigned::Created(binding) = &outcome else {
        panic!("expected a creation, got {outcome:?}")
    };
    assert_binding(binding, BINDING, ROLE, PROJECT);
    assert_eq!(outcome.binding(), binding);
    create.assert();
    no_listing.assert();
    no_patch.assert();
}

#[test]
fn assign_changes_the_role_of_the_existing_binding_found_on_a_later_page() {
    let mut server = mockito::Server::new();
    let create = conflict(expect_json(
        &mut server,
        "POST",
        "/v2/role-bindings",
        create_body(ROLE, "PROJECT", PROJECT),
    ));
    let first = expect(&mut server, "GET", USER_PROJECTS)
        .with_body(page_of(
            "role_bindings",
            vec![binding_json(BINDING, ROLE_2, "PROJECT", OTHER_PROJECT)],
            Some("p2"),
        ))
        .expect(1)
        .create();
    let second = expect(&mut server, "GET", &format!("{USER_PROJECTS}&cursor=p2"))
        .with_body(page_of(
            "role_bindings",
            vec![binding_json(BINDING_2, ROLE_2, "PROJECT", PROJECT)],
            None,
        ))
        .expect(1)
        .create();
    let patch = expect_json(
        &mut server,
        "PATCH",
        &binding_path(BINDING_2_PATH),
        json!({"role_id": ROLE}),
    )
    .with_body(binding_json(BINDING_2, ROLE, "PROJECT", PROJECT).to_string())
    .expect(1)
    .create();
    let no_other_patch = nothing(&mut server, "PATCH");

    let outcome = client(&server)
        .role_bindings()
        .assign(USER, ROLE, project())
        .unwrap();

    let Assigned::Updated(binding) = &outcome else {
        panic!("expected an update, got {outcome:?}")
    };
    assert_binding(binding, BINDING_2, ROLE, PROJECT);
    create.assert();
    first.assert();
    second.assert();
    patch.assert();
    no_other_patch.assert();
}

#[test]
fn assign_leaves_a_binding_that_already_has_the_role() {
    let mut server = mockito::Server::new();
    let create = conflict(expect(&mut server, "POST", "/v2/role-bindings"));
    let listing = expect(&mut server, "GET", USER_PROJECTS)
        .with_body(page_of(
            "role_bindings",
            vec![
                binding_json(BINDING, ROLE_2, "PROJECT", OTHER_PROJECT),
                binding_json(BINDING_2, ROLE, "PROJECT", PROJECT),
            ],
            None,
        ))
        .expect(1)
        .create();
    let no_patch = nothing(&mut server, "PATCH");

    let outcome = client(&server)
        .role_bindings()
        .assign(USER, ROLE, project())
        .unwrap();

    let Assigned::Unchanged(binding) = &outcome else {
        panic!("expected no change, got {outcome:?}")
    };
    assert_binding(binding, BINDING_2, ROLE, PROJECT);
    create.assert();
    listing.assert();
    no_patch.assert();
}

#[test]
fn assign_returns_the_conflict_when_no_binding_on_the_resource_is_listed() {
    let mut server = mockito::Server::new();
    let create = conflict(expect(&mut server, "POST", "/v2/role-bindings"));
    let listing = expect(&mut server, "GET", USER_PROJECTS)
        .with_body(page_of(
            "role_bindings",
            vec![binding_json(BINDING, ROLE, "PROJECT", OTHER_PROJECT)],
            None,
        ))
        .expect(1)
        .create();
    let no_patch = nothing(&mut server, "PATCH");

    let error = client(&server)
        .role_bindings()
        .assign(USER, ROLE, project())
        .unwrap_err();

    assert!(matches!(error, Error::Conflict(_)), "{error:?}");
    assert_eq!(
        error.problem().unwrap().detail.as_deref(),
        Some("the user already has a binding")
    );
    assert!(error.to_string().contains("POST "), "{error}");
    create.assert();
    listing.assert();
    no_patch.assert();
}

#[test]
fn assign_returns_any_other_create_error_without_listing() {
    let mut server = mockito::Server::new();
    let create = expect(&mut server, "POST", "/v2/role-bindings")
        .with_status(403)
        .with_body(problem(403, "Forbidden", "no ROLE_BINDING_CREATE"))
        .expect(1)
        .create();
    let no_listing = nothing(&mut server, "GET");

    let error = client(&server)
        .role_bindings()
        .assign(USER, ROLE, project())
        .unwrap_err();

    assert!(error.is_forbidden(), "{error:?}");
    create.assert();
    no_listing.assert();
}

#[test]
fn assign_resolves_each_name_once_even_on_the_conflict_path() {
    let mut server = mockito::Server::new();
    let lookups = name_lookups(&mut server, 1);
    let create = conflict(expect_json(
        &mut server,
        "POST",
        "/v2/role-bindings",
        create_body(ROLE, "SPACE", ID_1),
    ));
    // The listing names the user by the ID the email resolved to.
    let listing = expect(
        &mut server,
        "GET",
        "/v2/role-bindings?resource_type=SPACE&user_id=VXNlcjo0Mjp6&limit=100",
    )
    .with_body(page_of(
        "role_bindings",
        vec![binding_json(BINDING, ROLE_2, "SPACE", ID_1)],
        None,
    ))
    .expect(1)
    .create();
    let patch = expect_json(
        &mut server,
        "PATCH",
        &binding_path(BINDING_PATH),
        json!({"role_id": ROLE}),
    )
    .with_body(binding_json(BINDING, ROLE, "SPACE", ID_1).to_string())
    .expect(1)
    .create();

    let outcome = client(&server)
        .role_bindings()
        .assign(EMAIL, "reviewer", BindingResource::space("team"))
        .unwrap();

    assert!(matches!(outcome, Assigned::Updated(_)), "{outcome:?}");
    lookups.iter().for_each(Mock::assert);
    create.assert();
    listing.assert();
    patch.assert();
}

// --- Hostile IDs --------------------------------------------------------------

#[test]
fn hostile_ids_stay_one_query_value_or_one_json_string() {
    let mut server = mockito::Server::new();
    let hostile = "a&limit=1#x/../\r\n";
    let listing = expect(
        &mut server,
        "GET",
        "/v2/role-bindings?resource_type=PROJECT&user_id=a%26limit%3D1%23x%2F%2E%2E%2F%0D%0A&limit=50&cursor=%3F%26%3D",
    )
    .with_body(page_of("role_bindings", vec![], None))
    .create();
    let create = expect_json(
        &mut server,
        "POST",
        "/v2/role-bindings",
        json!({
            "resource_id": hostile,
            "resource_type": "SPACE",
            "role_id": hostile,
            "user_id": hostile,
        }),
    )
    .with_status(201)
    .with_body(json!({"id": BINDING}).to_string())
    .create();
    let no_lookup = server
        .mock("GET", Matcher::Regex("^/v2/(spaces|users|roles)".into()))
        .expect(0)
        .create();
    let bindings = client(&server).role_bindings();

    bindings
        .list(RoleBindingResourceType::Project)
        .user(UserRef::Id(hostile.into()))
        .cursor("?&=")
        .send()
        .unwrap();
    bindings
        .create(
            UserRef::Id(hostile.into()),
            RoleRef::Id(hostile.into()),
            BindingResource::space(SpaceRef::Id(hostile.into())),
        )
        .unwrap();

    listing.assert();
    create.assert();
    no_lookup.assert();
}

// --- Tolerance ----------------------------------------------------------------

#[test]
fn an_unknown_resource_type_is_kept() {
    let row = rows::role_bindings();
    let dataset = binding_json(BINDING, ROLE, "DATASET", "RGF0YXNldDox");
    for binding in read_both_ways(&row, dataset) {
        let Some(RoleBindingResourceType::Unknown(value)) = &binding.resource_type else {
            panic!("expected an unknown type, got {:?}", binding.resource_type)
        };
        assert_eq!(value.as_str(), "DATASET");
        let kind = binding.resource_type.as_ref().unwrap();
        assert_eq!(kind.as_str(), "DATASET");
        assert_eq!(kind.to_string(), "DATASET");
        assert_eq!(binding.resource_id, "RGF0YXNldDox");
    }
}

#[test]
fn assign_lists_by_a_forced_user_id_without_an_email_lookup() {
    // An ID forced with `UserRef::Id` is used as it is everywhere, even when
    // it holds an `@` (it is never read as an email).
    let mut server = mockito::Server::new();
    let create = conflict(expect_json(
        &mut server,
        "POST",
        "/v2/role-bindings",
        json!({
            "resource_id": PROJECT,
            "resource_type": "PROJECT",
            "role_id": ROLE,
            "user_id": "bot@svc",
        }),
    ));
    let listing = expect(
        &mut server,
        "GET",
        "/v2/role-bindings?resource_type=PROJECT&user_id=bot%40svc&limit=100",
    )
    .with_body(page_of("role_bindings", vec![], None))
    .expect(1)
    .create();
    let no_lookup = server
        .mock("GET", Matcher::Regex("^/v2/users".into()))
        .expect(0)
        .create();

    let error = client(&server)
        .role_bindings()
        .assign(UserRef::Id("bot@svc".into()), ROLE, project())
        .unwrap_err();

    assert!(error.is_conflict(), "{error:?}");
    create.assert();
    listing.assert();
    no_lookup.assert();
}
