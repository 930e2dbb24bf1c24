//! The checked-in spec is the contract: every operation of the table
//! `build.rs` generates from it must be reachable from the facade (and send
//! that operation's method and path), and every body the facade writes by
//! hand or by builder must fit its schema.

use std::{
    collections::BTreeSet,
    sync::{Arc, Mutex},
};

use crate::common::*;
use arize::{
    AccountRole, BindingResource, Client, InviteMode, Permission, PredefinedRole,
    RoleBindingResourceType,
};
use serde_json::{Value, json};

/// The operation table, with types of the test's own for the ones it names.
#[allow(dead_code)]
mod table {
    pub struct Operation {
        pub id: &'static str,
        pub method: &'static str,
        pub path: &'static str,
        pub success: &'static [u16],
        pub retry: Retry,
        pub secret: bool,
        pub items: Option<&'static str>,
        pub response: Option<&'static str>,
        pub body: Option<&'static str>,
        pub query: &'static [QueryParam],
    }

    pub struct QueryParam {
        pub name: &'static str,
        pub max_length: Option<usize>,
        pub required: bool,
    }

    #[derive(Debug, PartialEq)]
    pub enum Retry {
        Idempotent,
        Delete,
        OnlyIfUnsent,
    }

    pub struct Method;

    impl Method {
        pub const GET: &'static str = "GET";
        pub const POST: &'static str = "POST";
        pub const PUT: &'static str = "PUT";
        pub const PATCH: &'static str = "PATCH";
        pub const DELETE: &'static str = "DELETE";
    }

    include!(concat!(env!("OUT_DIR"), "/operations.rs"));
}

use table::Op;

fn spec() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/arize.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The facade call of each operation, made against a mock server, and its
/// result. The match is exhaustive: an operation added to the spec does not
/// compile here until the facade has it.
fn call(operation: Op, client: &Client) -> arize::Result<()> {
    let (spaces, organizations, users) = (client.spaces(), client.organizations(), client.users());
    let (roles, bindings, restrictions) = (
        client.roles(),
        client.role_bindings(),
        client.resource_restrictions(),
    );
    let project = || BindingResource::project(PROJECT);
    let member = PredefinedRole::Member;
    match operation {
        Op::ListSpaces => spaces.list().send().map(drop),
        Op::CreateSpace => spaces.create("n", ORG).send().map(drop),
        Op::GetSpace => spaces.get(ID_1).map(drop),
        Op::UpdateSpace => spaces.update(ID_1).name("n").send().map(drop),
        Op::DeleteSpace => spaces.delete(ID_1).map(drop),
        Op::AddSpaceUser => spaces.add_user(ID_1, USER, member).map(drop),
        Op::RemoveSpaceUser => spaces.remove_user(ID_1, USER).map(drop),
        Op::ListOrganizations => organizations.list().send().map(drop),
        Op::CreateOrganization => organizations.create("n").send().map(drop),
        Op::GetOrganization => organizations.get(ORG).map(drop),
        Op::UpdateOrganization => organizations.update(ORG).name("n").send().map(drop),
        Op::DeleteOrganization => organizations.delete(ORG).map(drop),
        Op::AddOrganizationUser => organizations.add_user(ORG, USER, member).map(drop),
        Op::RemoveOrganizationUser => organizations.remove_user(ORG, USER).map(drop),
        Op::ListUsers => users.list().send().map(drop),
        Op::CreateUser => users
            .create(
                "n",
                "n@example.com",
                AccountRole::Member,
                InviteMode::EmailLink,
            )
            .send()
            .map(drop),
        Op::GetUser => users.get(USER).map(drop),
        Op::UpdateUser => users.update(USER).name("n").send().map(drop),
        Op::DeleteUser => users.delete(USER).map(drop),
        Op::ResendUserInvitation => users.resend_invitation(USER).map(drop),
        Op::ResetUserPassword => users.reset_password(USER).map(drop),
        Op::ListRoles => roles.list().send().map(drop),
        Op::CreateRole => roles.create("n", [Permission::SpaceRead]).send().map(drop),
        Op::GetRole => roles.get(ROLE).map(drop),
        Op::UpdateRole => roles.update(ROLE).name("n").send().map(drop),
        Op::DeleteRole => roles.delete(ROLE).map(drop),
        Op::ListRoleBindings => bindings
            .list(RoleBindingResourceType::Project)
            .send()
            .map(drop),
        Op::CreateRoleBinding => bindings.create(USER, ROLE, project()).map(drop),
        Op::GetRoleBinding => bindings.get(BINDING).map(drop),
        Op::UpdateRoleBinding => bindings.update(BINDING, ROLE).map(drop),
        Op::DeleteRoleBinding => bindings.delete(BINDING).map(drop),
        Op::ListResourceRestrictions => restrictions.list().send().map(drop),
        Op::CreateResourceRestriction => restrictions.restrict(PROJECT).map(drop),
        Op::DeleteResourceRestriction => restrictions.unrestrict(PROJECT).map(drop),
    }
}

/// The encoded value the calls above send for each path parameter.
fn path_value(parameter: &str) -> &'static str {
    match parameter {
        "space_id" => ID_1_PATH,
        "org_id" => ORG_PATH,
        "role_id" => ROLE_PATH,
        "binding_id" => BINDING_PATH,
        "resource_id" => PROJECT_PATH,
        "user_id" => USER,
        other => panic!("no sample value for the path parameter {other}"),
    }
}

#[test]
fn every_operation_of_the_spec_has_a_facade_method_sending_its_request() {
    for op in Op::ALL {
        let operation = op.get();
        let path: Vec<&str> = operation
            .path
            .split('/')
            .map(|part| match part.strip_prefix('{') {
                Some(parameter) => path_value(parameter.trim_end_matches('}')),
                None => part,
            })
            .collect();
        let mut server = mockito::Server::new();
        let mock = server
            .mock(
                operation.method,
                mockito::Matcher::Regex(format!("^{}(\\?|$)", regex_escape(&path.join("/")))),
            )
            .with_status(500)
            .expect(1)
            .create();
        let client = client_without_retries(&server.url());
        let result = call(op, &client);
        // The request reached the operation's mock, and its answer came
        // back as the error it is.
        assert!(
            matches!(&result, Err(arize::Error::Server(api)) if api.status() == 500 && api.attempts() == 1),
            "{}: {result:?}",
            operation.id
        );
        mock.assert();
    }
}

#[test]
fn the_table_is_the_spec() {
    let spec = spec();
    let mut ids = BTreeSet::new();
    for (template, item) in spec["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            let id = operation["operationId"].as_str().unwrap();
            let entry = Op::ALL
                .iter()
                .map(|op| op.get())
                .find(|entry| entry.id == id)
                .unwrap_or_else(|| panic!("{id} is not in the table"));
            assert_eq!(entry.method, method.to_uppercase(), "{id}");
            assert_eq!(entry.path, template, "{id}");
            let retry = match (entry.method, operation.get("x-arize-retry")) {
                (_, Some(_)) | ("GET" | "PUT" | "PATCH", None) => table::Retry::Idempotent,
                ("DELETE", None) => table::Retry::Delete,
                (_, None) => table::Retry::OnlyIfUnsent,
            };
            assert_eq!(entry.retry, retry, "{id}");
            ids.insert(id.to_owned());
        }
    }
    assert_eq!(ids.len(), Op::ALL.len());
    assert_eq!(Op::ALL.len(), 34);
}

fn regex_escape(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            let escape = "\\.+*?()|[]{}^$".contains(c);
            escape.then_some('\\').into_iter().chain([c])
        })
        .collect()
}

fn schema_keys(spec: &Value, schema: &str, filter: impl Fn(&Value) -> bool) -> BTreeSet<String> {
    spec["components"]["schemas"][schema]["properties"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, property)| filter(property))
        .map(|(name, _)| name.clone())
        .collect()
}

/// The body `update` sends (to a server that answers 500), as JSON.
fn sent_body(update: impl FnOnce(&Client) -> arize::Result<()>) -> Value {
    let mut server = mockito::Server::new();
    let body = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&body);
    let patch = server
        .mock("PATCH", mockito::Matcher::Any)
        .with_status(500)
        .with_body_from_request(move |request| {
            *seen.lock().unwrap() = request.body().unwrap().clone();
            Vec::new()
        })
        .expect(1)
        .create();
    let result = update(&client_without_retries(&server.url()));
    assert!(matches!(result, Err(arize::Error::Server(_))), "{result:?}");
    patch.assert();
    let body = body.lock().unwrap();
    serde_json::from_slice(&body).unwrap()
}

fn keys(body: &Value, filter: impl Fn(&Value) -> bool) -> BTreeSet<String> {
    let object = body.as_object().unwrap();
    object
        .iter()
        .filter(|(_, value)| filter(value))
        .map(|(key, _)| key.clone())
        .collect()
}

type Update = fn(&Client) -> arize::Result<()>;

#[test]
fn every_update_body_fits_its_schema_fields_nulls_and_required() {
    let spec = spec();
    // For each PATCH: every field set, every clearable field cleared (with
    // the least else the builder needs), and the least it sends.
    let updates: [(Op, Update, Update, Update); 5] = [
        (
            Op::UpdateSpace,
            |c| set_every_field(c.spaces().update(ID_1)).send().map(drop),
            |c| {
                let update = c.spaces().update(ID_1).clear_description();
                let update = update.clear_default_llm_integration();
                update.clear_default_agent_runtime().send().map(drop)
            },
            |c| c.spaces().update(ID_1).private(true).send().map(drop),
        ),
        (
            Op::UpdateOrganization,
            |c| {
                let update = c.organizations().update(ORG).name("n").description("d");
                update.send().map(drop)
            },
            |c| {
                c.organizations()
                    .update(ORG)
                    .clear_description()
                    .send()
                    .map(drop)
            },
            |c| c.organizations().update(ORG).name("n").send().map(drop),
        ),
        (
            Op::UpdateRole,
            |c| {
                let update = c.roles().update(ROLE).name("n").description("d");
                let update = update.permissions([Permission::SpaceRead]);
                update.send().map(drop)
            },
            |c| c.roles().update(ROLE).clear_description().send().map(drop),
            |c| c.roles().update(ROLE).name("n").send().map(drop),
        ),
        (
            Op::UpdateUser,
            |c| {
                c.users()
                    .update(USER)
                    .name("n")
                    .developer(true)
                    .send()
                    .map(drop)
            },
            |c| c.users().update(USER).name("n").send().map(drop),
            |c| c.users().update(USER).developer(false).send().map(drop),
        ),
        (
            Op::UpdateRoleBinding,
            |c| c.role_bindings().update(BINDING, ROLE).map(drop),
            |c| c.role_bindings().update(BINDING, ROLE).map(drop),
            |c| c.role_bindings().update(BINDING, ROLE).map(drop),
        ),
    ];
    for (op, set_all, clear_all, least) in updates {
        let schema = op.get().body.unwrap();
        let every = sent_body(set_all);
        let all = schema_keys(&spec, schema, |_| true);
        assert_eq!(keys(&every, |_| true), all, "{schema}");
        assert!(keys(&every, Value::is_null).is_empty(), "{schema}: {every}");
        let cleared = sent_body(clear_all);
        let nullable = schema_keys(&spec, schema, |p| p["nullable"] == true);
        assert_eq!(
            keys(&cleared, Value::is_null),
            nullable,
            "{schema}: {cleared}"
        );
        let required: BTreeSet<String> = spec["components"]["schemas"][schema]["required"]
            .as_array()
            .map(|r| r.iter().map(|v| v.as_str().unwrap().to_owned()).collect())
            .unwrap_or_default();
        let least = sent_body(least);
        assert!(
            keys(&least, |_| true).is_superset(&required),
            "{schema}: {least}"
        );
    }
    // Every PATCH of the spec is above.
    let patches = Op::ALL.iter().filter(|op| op.get().method == "PATCH");
    assert_eq!(patches.count(), updates.len());
    assert_eq!(
        sent_body(|c| c.spaces().update(ID_1).clear_description().send().map(drop)),
        json!({"description": null})
    );
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
