//! Responses are read tolerantly: a field or enum value the crate does not
//! know, or an optional object sent half-filled, fails neither the item nor
//! its page. Each body is tried alone (`get`) and inside a page of others
//! (`items()`).

use arize::{PredefinedRole, Role};
use serde_json::{Value, json};

use crate::common::*;

/// A space as a newer server might send it, with `extra` merged in.
fn space_with(id: &str, extra: Value) -> Value {
    let mut space = space(id, "odd");
    for (key, value) in extra.as_object().unwrap() {
        space[key] = value.clone();
    }
    space
}

/// Gets the body alone, then lists it between two plain spaces, and hands
/// each decoded copy to `check`.
fn read_both_ways(extra: Value, check: impl Fn(&arize::Space)) {
    let mut server = mockito::Server::new();
    let get = expect(&mut server, "GET", &format!("/v2/spaces/{ID_1_PATH}"))
        .with_body(space_with(ID_1, extra.clone()).to_string())
        .create();
    let list = expect(&mut server, "GET", "/v2/spaces?limit=100")
        .with_body(page(
            vec![
                space("U3BhY2U6MDph", "before"),
                space_with(ID_1, extra),
                space("U3BhY2U6OTp6", "after"),
            ],
            None,
        ))
        .create();
    let spaces = client(&server).spaces();

    check(&spaces.get(ID_1).unwrap());
    let listed: Vec<arize::Space> = spaces
        .list()
        .items()
        .take(10)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(listed.len(), 3);
    check(&listed[1]);
    get.assert();
    list.assert();
}

#[test]
fn a_half_filled_llm_integration_is_kept_as_sent() {
    read_both_ways(
        json!({"default_llm_integration": {"integration_id": "SW50OjE="}}),
        |space| {
            let llm = space.default_llm_integration.as_ref().unwrap();
            assert_eq!(llm.integration_id, "SW50OjE=");
            assert_eq!(llm.model_name, "");
        },
    );
    read_both_ways(
        json!({"default_llm_integration": {"model_name": "gpt-4o"}}),
        |space| {
            let llm = space.default_llm_integration.as_ref().unwrap();
            assert_eq!(llm.integration_id, "");
            assert_eq!(llm.model_name, "gpt-4o");
        },
    );
    read_both_ways(json!({"default_llm_integration": {}}), |space| {
        let llm = space.default_llm_integration.as_ref().unwrap();
        assert_eq!(
            (llm.integration_id.as_str(), llm.model_name.as_str()),
            ("", "")
        );
    });
}

#[test]
fn an_empty_agent_runtime_is_kept() {
    read_both_ways(json!({"default_agent_runtime": {}}), |space| {
        assert_eq!(
            space.default_agent_runtime.as_ref().unwrap().integration_id,
            ""
        );
    });
}

#[test]
fn nulls_and_absent_fields_read_as_defaults() {
    read_both_ways(
        json!({"description": null, "is_private": null, "created_at": null,
               "default_llm_integration": null, "organization_id": null}),
        |space| {
            assert_eq!(space.description, "");
            assert!(!space.is_private);
            assert_eq!(space.created_at, None);
            assert_eq!(space.default_llm_integration, None);
            assert_eq!(space.organization_id, None);
        },
    );
    let mut server = mockito::Server::new();
    let get = expect(&mut server, "GET", &format!("/v2/spaces/{ID_1_PATH}"))
        .with_body(json!({"id": ID_1, "name": "bare"}).to_string())
        .create();
    let space = client(&server).spaces().get(ID_1).unwrap();
    get.assert();
    assert_eq!(
        (space.name.as_str(), space.description.as_str()),
        ("bare", "")
    );
    assert_eq!(space.created_at, None);
}

#[test]
fn unknown_fields_are_ignored() {
    read_both_ways(
        json!({"brand_new_field": {"nested": [1, 2]}, "another": "x"}),
        |space| assert_eq!(space.name, "odd"),
    );
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
