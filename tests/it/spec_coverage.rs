//! The checked-in spec is the contract: every operation in it must be
//! reachable from the facade (and send that operation's method and path),
//! and the hand-written parts must cover what the spec describes.

use std::{
    collections::BTreeSet,
    sync::{Arc, Mutex},
};

use crate::common::*;
use arize::{PredefinedRole, Spaces};
use serde_json::Value;

fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/arize.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The facade call of each operation id, made against a mock server.
fn call(operation_id: &str, spaces: &Spaces) -> Option<()> {
    let _ = match operation_id {
        "list_spaces" => spaces.list().send().map(drop),
        "create_space" => spaces.create("n", ORG).send().map(drop),
        "get_space" => spaces.get(ID_1).map(drop),
        "update_space" => spaces.update(ID_1).name("n").send().map(drop),
        "delete_space" => spaces.delete(ID_1).map(drop),
        "add_space_user" => spaces
            .add_user(ID_1, USER, PredefinedRole::Member)
            .map(drop),
        "remove_space_user" => spaces.remove_user(ID_1, USER).map(drop),
        _ => return None,
    };
    Some(())
}

#[test]
fn every_operation_of_the_spec_has_a_facade_method_sending_its_request() {
    let spec = spec();
    let mut missing = Vec::new();
    let mut covered = 0;
    for (template, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"].as_str().unwrap();
            let path = template
                .replace("{space_id}", ID_1_PATH)
                .replace("{user_id}", USER);
            let mut server = mockito::Server::new();
            let mock = server
                .mock(
                    &method.to_uppercase(),
                    mockito::Matcher::Regex(format!("^{}(\\?|$)", regex_escape(&path))),
                )
                .with_status(500)
                .expect(1)
                .create();
            let client = client_without_retries(&server.url());
            if call(id, &client.spaces()).is_none() {
                missing.push(format!("{id} ({} {template})", method.to_uppercase()));
                continue;
            }
            mock.assert();
            covered += 1;
        }
    }
    assert!(
        missing.is_empty(),
        "operations of openapi/arize.json without a facade method: {}",
        missing.join(", ")
    );
    assert_eq!(covered, 7);
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let escape = "\\.+*?()|[]{}^$".contains(c);
            escape.then_some('\\').into_iter().chain([c])
        })
        .collect()
}

fn property_names(spec: &Value, schema: &str) -> BTreeSet<String> {
    spec["components"]["schemas"][schema]["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect()
}

#[test]
fn the_hand_written_update_body_can_set_every_field_of_the_spec() {
    let mut server = mockito::Server::new();
    let body = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&body);
    server
        .mock("PATCH", mockito::Matcher::Any)
        .with_body_from_request(move |request| {
            *seen.lock().unwrap() = request.body().unwrap().clone();
            space(ID_1, "n").to_string().into()
        })
        .create();

    set_every_field(client(&server).spaces().update(ID_1))
        .send()
        .unwrap();

    let sent: Value = serde_json::from_slice(&body.lock().unwrap()).unwrap();
    let sent: BTreeSet<String> = sent.as_object().unwrap().keys().cloned().collect();
    assert_eq!(sent, property_names(&spec(), "UpdateSpaceRequest"));
}

#[test]
fn the_hand_written_roles_match_the_spec_enum() {
    let spec = spec();
    let wire: Vec<&str> = spec["components"]["schemas"]["UserSpaceRole"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let ours: Vec<&str> = PredefinedRole::ALL.iter().map(|r| r.as_str()).collect();
    assert_eq!(ours, wire);
}
