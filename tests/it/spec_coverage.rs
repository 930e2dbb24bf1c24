//! The checked-in spec is the contract: every operation in it must be
//! reachable from the facade (and send that operation's method and path),
//! and the hand-written parts must cover what the spec describes.

use std::{
    collections::BTreeSet,
    sync::{Arc, Mutex},
};

use crate::common::*;
use arize::{
    AccountRole, BindingResource, Client, InviteMode, Permission, PredefinedRole,
    RoleBindingResourceType,
};
use serde_json::Value;

fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/arize.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The facade call of each operation id, made against a mock server, and
/// its result; `None` for an operation the facade lacks.
fn call(operation_id: &str, client: &Client) -> Option<arize::Result<()>> {
    let (spaces, organizations, users) = (client.spaces(), client.organizations(), client.users());
    let (roles, bindings, restrictions) = (
        client.roles(),
        client.role_bindings(),
        client.resource_restrictions(),
    );
    let project = || BindingResource::project(PROJECT);
    let member = PredefinedRole::Member;
    let result = match operation_id {
        "list_spaces" => spaces.list().send().map(drop),
        "create_space" => spaces.create("n", ORG).send().map(drop),
        "get_space" => spaces.get(ID_1).map(drop),
        "update_space" => spaces.update(ID_1).name("n").send().map(drop),
        "delete_space" => spaces.delete(ID_1).map(drop),
        "add_space_user" => spaces.add_user(ID_1, USER, member).map(drop),
        "remove_space_user" => spaces.remove_user(ID_1, USER).map(drop),
        "list_organizations" => organizations.list().send().map(drop),
        "create_organization" => organizations.create("n").send().map(drop),
        "get_organization" => organizations.get(ORG).map(drop),
        "update_organization" => organizations.update(ORG).name("n").send().map(drop),
        "delete_organization" => organizations.delete(ORG).map(drop),
        "add_organization_user" => organizations.add_user(ORG, USER, member).map(drop),
        "remove_organization_user" => organizations.remove_user(ORG, USER).map(drop),
        "list_users" => users.list().send().map(drop),
        "create_user" => users
            .create(
                "n",
                "n@example.com",
                AccountRole::Member,
                InviteMode::EmailLink,
            )
            .send()
            .map(drop),
        "get_user" => users.get(USER).map(drop),
        "update_user" => users.update(USER).name("n").send().map(drop),
        "delete_user" => users.delete(USER).map(drop),
        "resend_user_invitation" => users.resend_invitation(USER).map(drop),
        "reset_user_password" => users.reset_password(USER).map(drop),
        "list_roles" => roles.list().send().map(drop),
        "create_role" => roles.create("n", [Permission::SpaceRead]).send().map(drop),
        "get_role" => roles.get(ROLE).map(drop),
        "update_role" => roles.update(ROLE).name("n").send().map(drop),
        "delete_role" => roles.delete(ROLE).map(drop),
        "list_role_bindings" => bindings
            .list(RoleBindingResourceType::Project)
            .send()
            .map(drop),
        "create_role_binding" => bindings.create(USER, ROLE, project()).map(drop),
        "get_role_binding" => bindings.get(BINDING).map(drop),
        "update_role_binding" => bindings.update(BINDING, ROLE).map(drop),
        "delete_role_binding" => bindings.delete(BINDING).map(drop),
        "list_resource_restrictions" => restrictions.list().send().map(drop),
        "create_resource_restriction" => restrictions.restrict(PROJECT).map(drop),
        "delete_resource_restriction" => restrictions.unrestrict(PROJECT).map(drop),
        _ => return None,
    };
    Some(result)
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
                .replace("{org_id}", ORG_PATH)
                .replace("{role_id}", ROLE_PATH)
                .replace("{binding_id}", BINDING_PATH)
                .replace("{resource_id}", PROJECT_PATH)
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
            let Some(result) = call(id, &client) else {
                missing.push(format!("{id} ({} {template})", method.to_uppercase()));
                continue;
            };
            // The request reached the operation's mock, and its answer came
            // back as the error it is.
            assert!(
                matches!(&result, Err(arize::Error::Server(api)) if api.status() == 500 && api.attempts() == 1),
                "{id}: {result:?}"
            );
            mock.assert();
            covered += 1;
        }
    }
    assert!(
        missing.is_empty(),
        "operations of openapi/arize.json without a facade method: {}",
        missing.join(", ")
    );
    assert_eq!(covered, 34);
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
    let patch = server
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
    patch.assert();
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
