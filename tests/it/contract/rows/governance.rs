//! The rows of the governance resources: projects, API keys, audit logs.

use arize::{Project, ProjectRef, ResourceKind, SpaceRef};
use serde_json::json;

use super::super::{Names, Row, deleted, done, no_content, ok, op};
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
