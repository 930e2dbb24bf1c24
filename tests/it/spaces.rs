//! What is the spaces' own: their filters and builders, exactly as sent;
//! a name forced, or scoped to an organization; half-filled nested objects;
//! membership roles. The generic contracts (name lookups among them) are in
//! `contract`.

use crate::{
    common::*,
    contract::{merged, read_both_ways, rows},
    raw::*,
};
use arize::{Error, PredefinedRole, Role, SpaceRef};
use mockito::Matcher;
use serde_json::{Value, json};

// --- Operations --------------------------------------------------------------

#[test]
fn list_sends_filters_and_default_page_size_and_decodes_the_page() {
    let mut server = mockito::Server::new();
    let mock = expect(
        &mut server,
        "GET",
        &format!(
            "/v2/spaces?org_id={}&name=prod%20models&limit=50",
            "T3JnYW5pemF0aW9uOjE%3D"
        ),
    )
    .match_body(Matcher::Missing)
    .with_header("content-type", "application/json")
    .with_body(page(
        vec![space(ID_1, "prod models"), space(ID_2, "Prod Models 2")],
        Some("c2"),
    ))
    .create();

    let page = client(&server)
        .spaces()
        .list()
        .organization_id(ORG)
        .name("prod models")
        .send()
        .unwrap();

    mock.assert();
    assert_eq!(page.len(), 2);
    assert_eq!(page.items()[0].id, ID_1);
    assert_eq!(page.items()[1].name, "Prod Models 2");
    assert!(page.has_more());
    assert_eq!(page.next_cursor(), Some("c2"));
}

#[test]
fn get_by_id_decodes_every_field_of_a_newer_server() {
    let mut server = mockito::Server::new();
    let mock = expect(&mut server, "GET", &format!("/v2/spaces/{ID_1_PATH}"))
        .match_body(Matcher::Missing)
        .with_body(
            json!({
                "id": ID_1,
                "name": "fraud",
                "description": "Fraud models",
                "created_at": "2026-03-04T05:06:07.123Z",
                "is_private": true,
                "organization_id": ORG,
                "default_llm_integration": {"integration_id": "SW50OjE=", "model_name": "gpt-5"},
                "ml_models_enabled": true,
                "gradient_start_color": "#112233",
                "gradient_end_color": "#445566",
                "default_agent_runtime": {"integration_id": "UnQ6MQ=="},
                "a_field_from_the_future": [1, 2, 3]
            })
            .to_string(),
        )
        .create();

    let space = client(&server).spaces().get(ID_1).unwrap();

    mock.assert();
    assert_eq!(space.id, ID_1);
    assert_eq!(space.name, "fraud");
    assert_eq!(space.description, "Fraud models");
    assert_eq!(
        space.created_at.unwrap().to_rfc3339(),
        "2026-03-04T05:06:07.123+00:00"
    );
    assert!(space.is_private);
    assert_eq!(space.organization_id.as_deref(), Some(ORG));
    let llm = space.default_llm_integration.unwrap();
    assert_eq!(
        (llm.integration_id.as_str(), llm.model_name.as_str()),
        ("SW50OjE=", "gpt-5")
    );
    assert_eq!(space.ml_models_enabled, Some(true));
    assert_eq!(space.gradient_start_color.as_deref(), Some("#112233"));
    assert_eq!(space.gradient_end_color.as_deref(), Some("#445566"));
    assert_eq!(
        space.default_agent_runtime.unwrap().integration_id,
        "UnQ6MQ=="
    );
}

#[test]
fn create_posts_the_body_and_decodes_the_created_space() {
    let mut server = mockito::Server::new();
    let mock = expect_json(
        &mut server,
        "POST",
        "/v2/spaces",
        json!({
            "name": "fraud",
            "organization_id": ORG,
            "description": "Fraud models",
            "is_private": true
        }),
    )
    .with_status(201)
    .with_body(space(ID_1, "fraud").to_string())
    .create();

    let space = client(&server)
        .spaces()
        .create("fraud", ORG)
        .description("Fraud models")
        .private(true)
        .send()
        .unwrap();

    mock.assert();
    assert_eq!(space.id, ID_1);
}

#[test]
fn update_patches_only_what_was_set() {
    let mut server = mockito::Server::new();
    let mock = expect_json(
        &mut server,
        "PATCH",
        &format!("/v2/spaces/{ID_1_PATH}"),
        json!({"name": "renamed", "is_private": false}),
    )
    .with_body(space(ID_1, "renamed").to_string())
    .create();

    let space = client(&server)
        .spaces()
        .update(ID_1)
        .name("renamed")
        .private(false)
        .send()
        .unwrap();

    mock.assert();
    assert_eq!(space.name, "renamed");
}

#[test]
fn update_sends_null_for_cleared_fields() {
    let mut server = mockito::Server::new();
    let mock = expect_json(
        &mut server,
        "PATCH",
        &format!("/v2/spaces/{ID_1_PATH}"),
        json!({
            "description": null,
            "default_llm_integration": null,
            "default_agent_runtime": null
        }),
    )
    .with_body(space(ID_1, "s").to_string())
    .create();

    client(&server)
        .spaces()
        .update(ID_1)
        .clear_description()
        .clear_default_llm_integration()
        .clear_default_agent_runtime()
        .send()
        .unwrap();
    mock.assert();
}

#[test]
fn update_sets_every_field() {
    let mut server = mockito::Server::new();
    let mock = expect_json(
        &mut server,
        "PATCH",
        &format!("/v2/spaces/{ID_1_PATH}"),
        json!({
            "name": "n",
            "description": "d",
            "is_private": true,
            "default_llm_integration": {"integration_id": "i", "model_name": "m"},
            "ml_models_enabled": false,
            "gradient_start_color": "#000000",
            "gradient_end_color": "#ffffff",
            "default_agent_runtime": {"integration_id": "r"}
        }),
    )
    .with_body(space(ID_1, "n").to_string())
    .create();

    set_every_field(client(&server).spaces().update(ID_1))
        .send()
        .unwrap();
    mock.assert();
}

#[test]
fn the_last_setter_of_a_field_wins() {
    let mut server = mockito::Server::new();
    let mock = expect_json(
        &mut server,
        "PATCH",
        &format!("/v2/spaces/{ID_1_PATH}"),
        json!({"description": "kept"}),
    )
    .with_body(space(ID_1, "s").to_string())
    .create();

    client(&server)
        .spaces()
        .update(ID_1)
        .clear_description()
        .description("kept")
        .send()
        .unwrap();
    mock.assert();
}

#[test]
fn add_user_with_a_predefined_role() {
    let mut server = mockito::Server::new();
    let mock = expect_json(
        &mut server,
        "POST",
        &format!("/v2/spaces/{ID_1_PATH}/users"),
        json!({"user_id": USER, "role": {"type": "PREDEFINED", "name": "MEMBER"}}),
    )
    .with_body(
        json!({
            "id": "TWVtYmVyc2hpcDox",
            "user_id": USER,
            "space_id": ID_1,
            "role": {"type": "PREDEFINED", "name": "MEMBER"}
        })
        .to_string(),
    )
    .create();

    let membership = client(&server)
        .spaces()
        .add_user(ID_1, USER, PredefinedRole::Member)
        .unwrap();

    mock.assert();
    assert_eq!(membership.id, "TWVtYmVyc2hpcDox");
    assert_eq!(membership.user_id, USER);
    assert_eq!(membership.space_id, ID_1);
    assert_eq!(
        membership.role,
        Some(Role::Predefined(PredefinedRole::Member))
    );
}

#[test]
fn add_user_with_a_custom_role_gets_its_name_back() {
    let mut server = mockito::Server::new();
    let mock = expect_json(
        &mut server,
        "POST",
        &format!("/v2/spaces/{ID_1_PATH}/users"),
        json!({"user_id": USER, "role": {"type": "CUSTOM", "id": "Um9sZTo3"}}),
    )
    .with_body(
        json!({
            "id": "TWVtYmVyc2hpcDoy",
            "user_id": USER,
            "space_id": ID_1,
            "role": {"type": "CUSTOM", "id": "Um9sZTo3", "name": "Reviewer"}
        })
        .to_string(),
    )
    .create();

    let membership = client(&server)
        .spaces()
        .add_user(ID_1, USER, Role::custom("Um9sZTo3"))
        .unwrap();

    mock.assert();
    assert_eq!(
        membership.role,
        Some(Role::Custom {
            id: "Um9sZTo3".into(),
            name: Some("Reviewer".into())
        })
    );
    assert_eq!(membership.role.unwrap().to_string(), "custom:Um9sZTo3");
}

/// Counts real TCP connections (mockito cannot see them): a raw server
/// answering every request with a space, keeping the connection open.
#[test]
fn clones_share_one_connection_pool() {
    within(GUARD, || {
        let server = RawServer::start(|_, _, stream| {
            let body = space(ID_1, "s").to_string();
            respond(
                stream,
                "200 OK",
                &[("Content-Type", "application/json")],
                &body,
            );
            Then::KeepAlive
        });
        let client = no_wait_client(&server.url);
        let clone = client.clone();
        let clone_of_clone = clone.clone();
        for handle in [&client, &clone, &clone_of_clone, &client] {
            assert_eq!(handle.spaces().get(ID_1).unwrap().id, ID_1);
        }
        assert_eq!(server.requests(), 4);
        assert_eq!(server.connections(), 1, "every clone used the one pool");

        // A client built on its own has a pool of its own: the count sees it.
        let other = no_wait_client(&server.url);
        other.spaces().get(ID_1).unwrap();
        assert_eq!(server.connections(), 2);
    });
}

// --- Names ------------------------------------------------------------------

#[test]
fn a_name_can_be_forced_and_scoped_to_an_organization() {
    let mut server = mockito::Server::new();
    // "YTpi" is valid base64 of "a:b", so it would be taken for an ID.
    let lookup = expect(
        &mut server,
        "GET",
        "/v2/spaces?org_id=T3JnYW5pemF0aW9uOjE%3D&name=YTpi&limit=100",
    )
    .with_body(page(vec![space(ID_1, "YTpi")], None))
    .create();
    let spaces = client(&server).spaces();

    let found = spaces.get(SpaceRef::in_organization("YTpi", ORG)).unwrap();
    assert_eq!(found.id, ID_1);
    lookup.assert();

    let by_id = expect(&mut server, "GET", "/v2/spaces/YTpi")
        .with_body(space_json_for("YTpi"))
        .create();
    spaces.get(SpaceRef::from("YTpi")).unwrap();
    by_id.assert();

    let forced = expect(&mut server, "GET", "/v2/spaces?name=YTpi&limit=100")
        .with_body(page(vec![space(ID_1, "YTpi")], None))
        .create();
    spaces.get(SpaceRef::Name("YTpi".into())).unwrap();
    forced.assert();
}

fn space_json_for(id: &str) -> String {
    space(id, "whatever").to_string()
}

// --- Tolerance --------------------------------------------------------------

/// A space with `extra` fields, read alone and in a page.
fn spaces_with(extra: Value) -> Vec<arize::Space> {
    let row = rows::spaces();
    read_both_ways(&row, merged((row.item)(ID_1), extra))
}

#[test]
fn a_half_filled_llm_integration_or_agent_runtime_is_kept_as_sent() {
    for (llm, expected) in [
        (json!({"integration_id": "SW50OjE="}), ("SW50OjE=", "")),
        (json!({"model_name": "gpt-4o"}), ("", "gpt-4o")),
        (json!({}), ("", "")),
    ] {
        for space in spaces_with(json!({"default_llm_integration": llm})) {
            let llm = space.default_llm_integration.unwrap();
            let read = (llm.integration_id.as_str(), llm.model_name.as_str());
            assert_eq!(read, expected);
        }
    }
    for space in spaces_with(json!({"default_agent_runtime": {}})) {
        assert_eq!(space.default_agent_runtime.unwrap().integration_id, "");
    }
}

#[test]
fn a_role_the_crate_does_not_know_decodes_as_unknown() {
    for (role, expected) in [
        (
            json!({"type": "PREDEFINED", "name": "OWNER"}),
            "unknown:OWNER",
        ),
        (
            json!({"type": "GROUP", "id": "R3JvdXA6MQ=="}),
            "unknown:GROUP",
        ),
        (json!({"type": "CUSTOM"}), "unknown:CUSTOM"),
        (json!({"type": "PREDEFINED", "name": "ADMIN"}), "ADMIN"),
    ] {
        let mut server = mockito::Server::new();
        let body = json!({"id": "TTox", "user_id": USER, "space_id": ID_1, "role": role});
        let mock = server
            .mock("POST", mockito::Matcher::Any)
            .with_body(body.to_string())
            .create();
        let membership = client(&server)
            .spaces()
            .add_user(ID_1, USER, PredefinedRole::Member)
            .unwrap();
        mock.assert();
        let role = membership.role.unwrap();
        assert_eq!(role.to_string(), expected);
        if let Role::Unknown(value) = &role {
            assert_eq!(Some(value.as_str()), expected.strip_prefix("unknown:"));
            // What the crate does not know, it does not send back.
            let refused = client(&server).spaces().add_user(ID_1, USER, role.clone());
            assert!(
                matches!(
                    refused,
                    Err(arize::Error::InvalidRequest { field: "role", .. })
                ),
                "{refused:?}"
            );
        }
    }
}

/// Names of 255 characters and descriptions of 1,000 are the limits, in
/// characters: emoji take 4 bytes in UTF-8 and 2 code units in UTF-16, so
/// a limit counted in either fails here.
#[test]
fn limits_count_characters_not_bytes() {
    let (name, description) = ("🦀".repeat(255), "🦀".repeat(1000));
    let mut server = mockito::Server::new();
    let create = expect_json(
        &mut server,
        "POST",
        "/v2/spaces",
        serde_json::json!({
            "name": name, "organization_id": ORG, "description": description, "is_private": false
        }),
    )
    .with_status(201)
    .with_body(space(ID_1, &name).to_string())
    .expect(1)
    .create();
    let update = expect_json(
        &mut server,
        "PATCH",
        &format!("/v2/spaces/{ID_1_PATH}"),
        serde_json::json!({"name": name, "description": description}),
    )
    .with_body(space(ID_1, &name).to_string())
    .expect(1)
    .create();
    let encoded: String = std::iter::repeat_n("%F0%9F%A6%80", 255).collect();
    let list = expect(
        &mut server,
        "GET",
        &format!("/v2/spaces?name={encoded}&limit=50"),
    )
    .with_body(page(vec![], None))
    .expect(1)
    .create();
    let spaces = client(&server).spaces();

    let created = spaces
        .create(name.as_str(), ORG)
        .description(description.as_str())
        .send()
        .unwrap();
    assert_eq!(created.name, name);
    spaces
        .update(ID_1)
        .name(name.as_str())
        .description(description.as_str())
        .send()
        .unwrap();
    assert!(spaces.list().name(name.as_str()).send().unwrap().is_empty());
    create.assert();
    update.assert();
    list.assert();

    // One character more is refused, before sending.
    let (name, description) = ("🦀".repeat(256), "🦀".repeat(1001));
    let cases = [
        ("name", spaces.create(name.as_str(), ORG).send().map(drop)),
        (
            "description",
            spaces
                .create("n", ORG)
                .description(description.as_str())
                .send()
                .map(drop),
        ),
        (
            "name",
            spaces.update(ID_1).name(name.as_str()).send().map(drop),
        ),
        (
            "description",
            spaces
                .update(ID_1)
                .description(description.as_str())
                .send()
                .map(drop),
        ),
        ("name", spaces.list().name(name.as_str()).send().map(drop)),
    ];
    for (field, result) in cases {
        assert!(
            matches!(&result, Err(Error::InvalidRequest { field: got, .. }) if *got == field),
            "{field}: {result:?}"
        );
    }
    create.assert();
    update.assert();
    list.assert();
}
