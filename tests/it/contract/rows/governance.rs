//! The rows of the governance resources: projects, API keys, audit logs.

use std::time::Duration;

use arize::{
    AccountRole, ApiKey, ApiKeyRef, AuditLog, OrganizationAccess, PredefinedRole, Project,
    ProjectRef, ResourceKind, Role, SpaceRef,
};
use chrono::{TimeZone, Utc};
use serde_json::json;

use super::super::{Names, Refused, Row, deleted, done, no_content, ok, op};
use crate::common::*;

/// A project by ID, or, for a name, that name in the space `ID_1`: names of
/// projects are looked up in their space.
fn in_space(text: &str) -> ProjectRef {
    match ProjectRef::from(text) {
        ProjectRef::Name(name) => ProjectRef::in_space(name, SpaceRef::Id(ID_1.into())),
        id => id,
    }
}

fn project_id(id: &str) -> ProjectRef {
    ProjectRef::Id(id.into())
}

pub fn projects() -> Row<Project> {
    Row {
        name: "projects",
        path: "/v2/projects",
        query: "",
        field: "projects",
        kind: "project",
        sample: (PROJECT, PROJECT_PATH),
        missing: "no project",
        list: |c| c.projects().list(),
        id: |project| &project.id,
        item: |id| project_json(id, "checkout", ID_1),
        required: &["id", "name"],
        unknown: || json!({"project_type": "NOTEBOOK"}),
        // Names are unique in a space: looked up there.
        names: Some(Names {
            kind: ResourceKind::Project,
            is_named: ("is named", "are named"),
            lookup: |name| format!("space_id={ID_1_PATH}&name={name}&"),
            name: ("checkout", "checkout"),
            matches: ["checkout", "checkout"],
            misses: &["Checkout", "checkout-v2", " checkout"],
            named: |id, name| project_json(id, name, ID_1),
            other: PROJECT_2,
            resolve: |c, text| c.projects().resolve(in_space(text)),
            within: Some("space U3BhY2U6MTpmb28+Pz8="),
        }),
        read: Some(("GET", "/v2/projects/{id}", |c, id| {
            c.projects().get(project_id(id))
        })),
        ops: vec![
            op(
                "list",
                "GET /v2/projects?limit=50",
                |c, _| done(c.projects().list().send()),
                |_| (200, page_of("projects", vec![], None)),
            ),
            op(
                "create",
                "POST /v2/projects",
                |c, _| done(c.projects().create("n", ID_1).send()),
                |id| ok(201, project_json(id, "n", ID_1)),
            )
            .body(|_| json!({"name": "n", "space_id": ID_1})),
            op(
                "get",
                "GET /v2/projects/{id}",
                |c, id| done(c.projects().get(project_id(id))),
                |id| ok(200, project_json(id, "checkout", ID_1)),
            )
            .named(|c, name| done(c.projects().get(in_space(name)))),
            op(
                "update",
                "PATCH /v2/projects/{id}",
                |c, id| done(c.projects().update(project_id(id)).name("n").send()),
                |id| ok(200, project_json(id, "n", ID_1)),
            )
            .named(|c, name| done(c.projects().update(in_space(name)).name("n").send()))
            .body(|_| json!({"name": "n"})),
            op(
                "delete",
                "DELETE /v2/projects/{id}",
                |c, id| deleted(c.projects().delete(project_id(id))),
                no_content,
            )
            .named(|c, name| deleted(c.projects().delete(in_space(name)))),
        ],
        invalid: |c| {
            let projects = c.projects();
            let long = "é".repeat(256);
            let in_fraud = |name: &str| ProjectRef::in_space(name, ID_1);
            vec![
                ("project", projects.get(in_fraud("")).map(drop)),
                ("project", projects.get(in_fraud(&long)).map(drop)),
                (
                    "space",
                    projects.get(ProjectRef::in_space("p", "")).map(drop),
                ),
                ("name", projects.create("", ID_1).send().map(drop)),
                ("space", projects.create("p", "").send().map(drop)),
                ("update", projects.update(PROJECT).send().map(drop)),
                ("update", projects.update(in_fraud("p")).send().map(drop)),
                ("name", projects.update(PROJECT).name("").send().map(drop)),
                ("name", projects.list().name(long.clone()).send().map(drop)),
                (
                    "space_name",
                    projects.list().space_name(long).send().map(drop),
                ),
                ("space", projects.list().space("").send().map(drop)),
                ("space", projects.list().space_id("").send().map(drop)),
            ]
        },
    }
}

/// The plainest service key: bound to the space `ID_1` of `ORG`.
fn service_key(c: &arize::Client) -> arize::CreateServiceKey {
    let access = OrganizationAccess::new(ORG).space(ID_1);
    c.api_keys().create_service_key("n").organization(access)
}

pub fn api_keys() -> Row<ApiKey> {
    Row {
        name: "API keys",
        path: "/v2/api-keys",
        query: "",
        field: "api_keys",
        kind: "api_key",
        sample: (KEY_ID, KEY_ID_PATH),
        missing: "no API key",
        list: |c| c.api_keys().list(),
        id: |key| &key.id,
        item: api_key_json,
        required: &["id"],
        unknown: || json!({"key_type": "ROBOT", "status": "DELETED"}),
        names: None,
        // Keys are only listed.
        read: None,
        ops: vec![
            op(
                "list",
                "GET /v2/api-keys?limit=50",
                |c, _| done(c.api_keys().list().send()),
                |_| (200, page_of("api_keys", vec![], None)),
            ),
            // A create mints a secret: sent once.
            op(
                "create (a user key)",
                "POST /v2/api-keys",
                |c, _| done(c.api_keys().create("n").send()),
                |id| ok(201, created_key_json(id)),
            )
            .body(|_| json!({"key_type": "USER", "name": "n"}))
            .secret(),
            op(
                "create_service_key",
                "POST /v2/api-keys",
                |c, _| done(service_key(c).send()),
                |id| ok(201, created_key_json(id)),
            )
            .body(|_| {
                let spaces = json!([{"space_id": ID_1}]);
                let organizations = json!([{"org_id": ORG, "spaces": spaces}]);
                json!({"key_type": "SERVICE", "name": "n", "organizations": organizations})
            })
            .secret(),
            // Revoking a revoked key changes nothing: retried.
            op(
                "revoke",
                "PUT /v2/api-keys/{id}/revoke",
                |c, id| done(c.api_keys().revoke(id)),
                no_content,
            ),
            // A refresh mints a secret and revokes the last one: sent once.
            op(
                "refresh",
                "POST /v2/api-keys/{id}/refresh",
                |c, id| done(c.api_keys().refresh(id).without_expiry().send()),
                |id| ok(200, refreshed_key_json(id)),
            )
            .body(|_| json!({}))
            .secret(),
        ],
        invalid: |c| {
            let keys = c.api_keys();
            let at = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
            let expiring = || ApiKeyRef::new(KEY_ID, Some(at));
            let acme = || OrganizationAccess::new(ORG);
            let service = || keys.create_service_key("n");
            let refused: Vec<Refused> = vec![
                ("name", keys.create("").send().map(drop)),
                ("name", keys.create("n".repeat(257)).send().map(drop)),
                (
                    "description",
                    keys.create("n")
                        .description("d".repeat(1001))
                        .send()
                        .map(drop),
                ),
                ("organizations", service().send().map(drop)),
                (
                    "organizations.spaces",
                    service().organization(acme()).send().map(drop),
                ),
                (
                    "organizations.role",
                    service_key(c)
                        .organization(acme().space(ID_1).role(PredefinedRole::Annotator))
                        .send()
                        .map(drop),
                ),
                (
                    "organizations.role",
                    service()
                        .organization(acme().space(ID_1).role(Role::custom("reviewer")))
                        .send()
                        .map(drop),
                ),
                (
                    "organizations.spaces.role",
                    service()
                        .organization(acme().space_as(ID_1, PredefinedRole::Annotator))
                        .send()
                        .map(drop),
                ),
                (
                    "account_role",
                    service_key(c)
                        .account_role(AccountRole::Annotator)
                        .send()
                        .map(drop),
                ),
                (
                    "account_role",
                    service_key(c)
                        .account_role(AccountRole::MemberUiOnly)
                        .send()
                        .map(drop),
                ),
                (
                    "account_role",
                    service_key(c)
                        .account_role(AccountRole::Custom {
                            id: ROLE.into(),
                            name: None,
                        })
                        .send()
                        .map(drop),
                ),
                (
                    "organization",
                    service()
                        .organization(OrganizationAccess::new("").space(ID_1))
                        .send()
                        .map(drop),
                ),
                (
                    "space",
                    service().organization(acme().space("")).send().map(drop),
                ),
                ("expires_at", keys.refresh(KEY_ID).send().map(drop)),
                (
                    "expires_at",
                    keys.refresh(expiring())
                        .expires_at(at + chrono::Duration::seconds(1))
                        .send()
                        .map(drop),
                ),
                (
                    "grace_period",
                    keys.refresh(expiring())
                        .grace_period(Duration::from_millis(86_400_001))
                        .send()
                        .map(drop),
                ),
                ("space", keys.list().space("").send().map(drop)),
                ("user", keys.list().created_by("").send().map(drop)),
            ];
            refused
        },
    }
}

pub fn audit_logs() -> Row<AuditLog> {
    Row {
        name: "audit logs",
        path: "/v2/audit-logs",
        query: "",
        field: "logs",
        kind: "audit_log",
        sample: (ENTRY, "QXVkaXRMb2c6NDI6Pz8%2F"),
        missing: "no audit-log entry",
        list: |c| c.audit_logs().list(),
        id: |entry| &entry.id,
        item: audit_log_json,
        required: &["id"],
        unknown: || json!({"operation_type": "LOGIN"}),
        names: None,
        read: None,
        // Entries can hold request bodies: the answer is never quoted.
        ops: vec![
            op(
                "list",
                "GET /v2/audit-logs?limit=50",
                |c, _| done(c.audit_logs().list().send()),
                |_| (200, page_of("logs", vec![], None)),
            )
            .secret(),
        ],
        invalid: |c| {
            let list = || c.audit_logs().list();
            let start = Utc.with_ymd_and_hms(2026, 1, 2, 0, 0, 0).unwrap();
            let names: Vec<String> = (0..21).map(|n| format!("op{n}")).collect();
            vec![
                (
                    "start_time",
                    list()
                        .start_time(start)
                        .end_time(start - chrono::Duration::seconds(1))
                        .send()
                        .map(drop),
                ),
                (
                    "operation_name",
                    list().set_operation_names(names).send().map(drop),
                ),
                ("operation_name", list().operation_name("").send().map(drop)),
                (
                    "operation_name",
                    list().operation_name("n".repeat(256)).send().map(drop),
                ),
                ("user", list().user("").send().map(drop)),
            ]
        },
    }
}
