//! Each operation sends exactly the request of the API reference and decodes
//! its answer.

use crate::{common::*, raw::*};
use arize::{Deletion, PredefinedRole, Role};
use mockito::Matcher;
use serde_json::json;

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
fn list_sends_an_explicit_limit_and_a_cursor() {
    let mut server = mockito::Server::new();
    let mock = expect(&mut server, "GET", "/v2/spaces?limit=7&cursor=abc%2B%2F%3D")
        .with_body(page(vec![], None))
        .create();

    let page = client(&server)
        .spaces()
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
fn get_tolerates_an_older_server_and_null_optionals() {
    let mut server = mockito::Server::new();
    let mut body = space(ID_1, "old");
    body["default_llm_integration"] = json!(null);
    body["default_agent_runtime"] = json!(null);
    let get = expect(&mut server, "GET", &format!("/v2/spaces/{ID_1_PATH}"))
        .with_body(body.to_string())
        .create();

    let space = client(&server).spaces().get(ID_1).unwrap();

    assert_eq!(space.name, "old");
    assert_eq!(space.organization_id, None);
    assert_eq!(space.default_llm_integration, None);
    assert_eq!(space.ml_models_enabled, None);
    assert_eq!(space.default_agent_runtime, None);
    get.assert();
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
fn create_with_only_the_required_fields() {
    let mut server = mockito::Server::new();
    let mock = expect_json(
        &mut server,
        "POST",
        "/v2/spaces",
        json!({"name": "fraud", "organization_id": ORG, "is_private": false}),
    )
    .with_status(201)
    .with_body(space(ID_1, "fraud").to_string())
    .create();

    client(&server)
        .spaces()
        .create("fraud", ORG)
        .send()
        .unwrap();
    mock.assert();
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
fn delete_sends_delete_and_reports_a_confirmed_deletion() {
    let mut server = mockito::Server::new();
    let mock = expect(&mut server, "DELETE", &format!("/v2/spaces/{ID_1_PATH}"))
        .match_body(Matcher::Missing)
        .with_status(204)
        .create();

    assert_eq!(
        client(&server).spaces().delete(ID_1).unwrap(),
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

#[test]
fn remove_user_deletes_the_membership() {
    let mut server = mockito::Server::new();
    let mock = expect(
        &mut server,
        "DELETE",
        &format!("/v2/spaces/{ID_1_PATH}/users/{USER}"),
    )
    .match_body(Matcher::Missing)
    .with_status(204)
    .create();

    assert_eq!(
        client(&server).spaces().remove_user(ID_1, USER).unwrap(),
        Deletion::Deleted
    );
    mock.assert();
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
