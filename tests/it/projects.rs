//! The projects operations: the exact request of each, names looked up
//! within a space (and refused without one), projects named by name
//! wherever a project is named (bindings, restrictions), the error
//! statuses, retries, hostile IDs and tolerant reading.

use crate::common::*;
use arize::{
    BindingResource, Deletion, Error, Project, ProjectRef, ProjectType, ResourceKind, SpaceRef,
};
use mockito::{Matcher, Mock, ServerGuard};
use serde_json::{Value, json};

const LIST: &str = "/v2/projects";
/// The project `PROJECT`'s path.
const PROJECT_URL: &str = "/v2/projects/TW9kZWw6MTIzOmE%2B";
/// A second project, with `/` and `=`.
const PROJECT_2: &str = "TW9kZWw6MTI0OmI/";

fn project_json(id: &str, name: &str, space_id: &str) -> Value {
    json!({
        "id": id,
        "name": name,
        "space_id": space_id,
        "created_at": "2026-01-02T03:04:05Z",
        "project_type": "APPLICATION",
    })
}

fn projects_page(projects: Vec<Value>, next_cursor: Option<&str>) -> String {
    let pagination = match next_cursor {
        Some(cursor) => json!({"has_more": true, "next_cursor": cursor}),
        None => json!({"has_more": false}),
    };
    json!({"projects": projects, "pagination": pagination}).to_string()
}

fn nothing(server: &mut ServerGuard, method: &str) -> Mock {
    server.mock(method, Matcher::Any).expect(0).create()
}

/// The lookup of the project named `name` in the space `ID_1`, answering
/// `projects`.
fn lookup(server: &mut ServerGuard, name: &str, projects: Vec<Value>) -> Mock {
    let path = format!("{LIST}?space_id={ID_1_PATH}&name={name}&limit=100");
    expect(server, "GET", &path)
        .with_body(projects_page(projects, None))
        .expect(1)
        .create()
}

/// `checkout` in the space `ID_1`.
fn checkout() -> ProjectRef {
    ProjectRef::in_space("checkout", ID_1)
}

// --- The five operations -----------------------------------------------------------

#[test]
fn list_sends_the_default_page_size_and_decodes_every_field() {
    let mut server = mockito::Server::new();
    let mock = expect(&mut server, "GET", &format!("{LIST}?limit=50"))
        .match_body(Matcher::Missing)
        .with_body(projects_page(
            vec![
                project_json(PROJECT, "checkout", ID_1),
                project_json(PROJECT_2, "search", ID_2),
            ],
            Some("c2"),
        ))
        .create();

    let page = client(&server).projects().list().send().unwrap();

    mock.assert();
    let project = &page.items()[0];
    assert_eq!(
        (&*project.id, &*project.name, &*project.space_id),
        (PROJECT, "checkout", ID_1)
    );
    assert_eq!(project.project_type, Some(ProjectType::Application));
    assert_eq!(
        project.created_at.unwrap().to_rfc3339(),
        "2026-01-02T03:04:05+00:00"
    );
    assert_eq!(page.items()[1].space_id, ID_2);
    assert_eq!(page.next_cursor(), Some("c2"));
}

#[test]
fn list_sends_its_filters_in_the_specs_order_before_limit_and_cursor() {
    let mut server = mockito::Server::new();
    let every = expect(
        &mut server,
        "GET",
        &format!(
            "{LIST}?space_id={ID_1_PATH}&space_name=fr%20aud&name=check%26out\
             &project_type=HARNESS&limit=3&cursor=c%2B%2F%3D"
        ),
    )
    .with_body(projects_page(vec![], None))
    .create();
    let cleared = expect(&mut server, "GET", &format!("{LIST}?limit=50"))
        .with_body(projects_page(vec![], None))
        .create();
    let projects = client(&server).projects();

    let page = projects
        .list()
        .space_id(ID_1)
        .space_name("fr aud")
        .name("check&out")
        .project_type(ProjectType::Harness)
        .limit(3)
        .cursor("c+/=")
        .send()
        .unwrap();
    assert!(page.is_empty() && !page.has_more());
    projects
        .list()
        .space(ID_1)
        .set_space(None)
        .space_name("x")
        .set_space_name(None)
        .name("x")
        .set_name(None)
        .project_type(ProjectType::Experiment)
        .set_project_type(None)
        .space_id(ID_1)
        .set_space_id(None)
        .send()
        .unwrap();

    every.assert();
    cleared.assert();
}

#[test]
fn list_by_space_name_resolves_the_space_exactly_first() {
    let mut server = mockito::Server::new();
    let spaces = expect(&mut server, "GET", "/v2/spaces?name=agents&limit=100")
        .with_body(page(
            vec![space(ID_2, "agents-old"), space(ID_1, "agents")],
            None,
        ))
        .expect(1)
        .create();
    let projects = expect(
        &mut server,
        "GET",
        &format!("{LIST}?space_id={ID_1_PATH}&limit=100"),
    )
    .with_body(projects_page(
        vec![project_json(PROJECT, "checkout", ID_1)],
        None,
    ))
    .expect(1)
    .create();

    let listed: Vec<Project> = client(&server)
        .projects()
        .list()
        .space("agents")
        .items()
        .take(5)
        .collect::<Result<_, _>>()
        .unwrap();

    assert_eq!(listed.len(), 1);
    spaces.assert();
    projects.assert();
}

#[test]
fn create_posts_the_name_and_the_space_id() {
    let mut server = mockito::Server::new();
    let mock = expect_json(
        &mut server,
        "POST",
        LIST,
        json!({"name": "checkout", "space_id": ID_1}),
    )
    .with_status(201)
    .with_body(project_json(PROJECT, "checkout", ID_1).to_string())
    .expect(1)
    .create();

    let project = client(&server)
        .projects()
        .create("checkout", ID_1)
        .send()
        .unwrap();

    mock.assert();
    assert_eq!((&*project.id, &*project.space_id), (PROJECT, ID_1));
}

#[test]
fn create_in_a_space_named_in_an_organization_resolves_both() {
    let mut server = mockito::Server::new();
    let organization = expect(&mut server, "GET", "/v2/organizations?name=acme&limit=100")
        .with_body(page_of(
            "organizations",
            vec![organization(ORG, "acme")],
            None,
        ))
        .create();
    let space_lookup = expect(
        &mut server,
        "GET",
        &format!("/v2/spaces?org_id={ORG_PATH}&name=agents&limit=100"),
    )
    .with_body(page(vec![space(ID_2, "agents")], None))
    .create();
    let create = expect_json(
        &mut server,
        "POST",
        LIST,
        json!({"name": "checkout", "space_id": ID_2}),
    )
    .with_status(201)
    .with_body(project_json(PROJECT, "checkout", ID_2).to_string())
    .create();

    let space = SpaceRef::in_organization("agents", "acme");
    let project = client(&server)
        .projects()
        .create("checkout", space)
        .send()
        .unwrap();

    assert_eq!(project.space_id, ID_2);
    organization.assert();
    space_lookup.assert();
    create.assert();
}

#[test]
fn get_by_id_sends_one_get() {
    let mut server = mockito::Server::new();
    let mock = expect(&mut server, "GET", PROJECT_URL)
        .with_body(project_json(PROJECT, "checkout", ID_1).to_string())
        .expect(1)
        .create();

    let project = client(&server).projects().get(PROJECT).unwrap();

    assert_eq!(project.name, "checkout");
    mock.assert();
}

#[test]
fn update_patches_the_new_name() {
    let mut server = mockito::Server::new();
    let mock = expect_json(
        &mut server,
        "PATCH",
        PROJECT_URL,
        json!({"name": "renamed"}),
    )
    .with_body(project_json(PROJECT, "renamed", ID_1).to_string())
    .expect(1)
    .create();

    let project = client(&server)
        .projects()
        .update(PROJECT)
        .name("renamed")
        .send()
        .unwrap();

    assert_eq!(project.name, "renamed");
    mock.assert();
}

#[test]
fn delete_sends_delete_and_reports_the_deletion() {
    let mut server = mockito::Server::new();
    let mock = expect(&mut server, "DELETE", PROJECT_URL)
        .match_body(Matcher::Missing)
        .with_status(204)
        .expect(1)
        .create();

    let deletion = client(&server).projects().delete(PROJECT).unwrap();

    assert_eq!(deletion, Deletion::Deleted);
    mock.assert();
}

// --- Names within a space ----------------------------------------------------------

#[test]
fn a_name_in_a_space_is_its_one_exact_match_across_pages() {
    let mut server = mockito::Server::new();
    let first = expect(
        &mut server,
        "GET",
        &format!("{LIST}?space_id={ID_1_PATH}&name=checkout&limit=100"),
    )
    .with_body(projects_page(
        vec![
            project_json(PROJECT_2, "checkout-v2", ID_1),
            project_json("TW9kZWw6OTk=", "Checkout", ID_1),
        ],
        Some("p2"),
    ))
    .expect(1)
    .create();
    let second = expect(
        &mut server,
        "GET",
        &format!("{LIST}?space_id={ID_1_PATH}&name=checkout&limit=100&cursor=p2"),
    )
    .with_body(projects_page(
        vec![project_json(PROJECT, "checkout", ID_1)],
        None,
    ))
    .expect(1)
    .create();
    let projects = client(&server).projects();

    let project = projects.get(checkout()).unwrap();

    assert_eq!(project.id, PROJECT);
    first.assert();
    second.assert();
}

#[test]
fn rename_and_delete_by_name_look_the_project_up_first() {
    let mut server = mockito::Server::new();
    let lookups = expect(
        &mut server,
        "GET",
        &format!("{LIST}?space_id={ID_1_PATH}&name=checkout&limit=100"),
    )
    .with_body(projects_page(
        vec![project_json(PROJECT, "checkout", ID_1)],
        None,
    ))
    .expect(3)
    .create();
    let rename = expect_json(&mut server, "PATCH", PROJECT_URL, json!({"name": "n"}))
        .with_body(project_json(PROJECT, "n", ID_1).to_string())
        .create();
    let delete = expect(&mut server, "DELETE", PROJECT_URL)
        .with_status(204)
        .create();
    let projects = client(&server).projects();

    projects.update(checkout()).name("n").send().unwrap();
    assert_eq!(projects.delete(checkout()).unwrap(), Deletion::Deleted);
    assert_eq!(projects.resolve(checkout()).unwrap(), PROJECT);

    lookups.assert();
    rename.assert();
    delete.assert();
}

#[test]
fn a_space_named_by_name_is_resolved_before_the_project() {
    let mut server = mockito::Server::new();
    let space_lookup = expect(&mut server, "GET", "/v2/spaces?name=agents&limit=100")
        .with_body(page(vec![space(ID_1, "agents")], None))
        .expect(1)
        .create();
    let project_lookup = lookup(
        &mut server,
        "checkout",
        vec![project_json(PROJECT, "checkout", ID_1)],
    );

    let id = client(&server)
        .projects()
        .resolve(ProjectRef::in_space("checkout", "agents"))
        .unwrap();

    assert_eq!(id, PROJECT);
    space_lookup.assert();
    project_lookup.assert();
}

#[test]
fn an_absent_name_says_in_which_space_and_nothing_else_is_sent() {
    let mut server = mockito::Server::new();
    let lookup = lookup(
        &mut server,
        "checkout",
        vec![project_json(PROJECT_2, "checkout-v2", ID_1)],
    );
    let changes: Vec<Mock> = ["PATCH", "DELETE", "POST"]
        .into_iter()
        .map(|method| nothing(&mut server, method))
        .collect();

    let error = client(&server).projects().delete(checkout()).unwrap_err();

    assert!(
        matches!(
            &error,
            Error::NameNotFound { kind: ResourceKind::Project, name, within: Some(within) }
                if name == "checkout" && *within == format!("space {ID_1}")
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!("no project is named \"checkout\" in space {ID_1}")
    );
    lookup.assert();
    changes.iter().for_each(Mock::assert);
}

#[test]
fn a_name_two_projects_share_in_a_space_is_ambiguous_and_nothing_is_deleted() {
    let mut server = mockito::Server::new();
    let lookup = lookup(
        &mut server,
        "checkout",
        vec![
            project_json(PROJECT, "checkout", ID_1),
            project_json(PROJECT_2, "checkout", ID_1),
        ],
    );
    let delete = nothing(&mut server, "DELETE");

    let error = client(&server).projects().delete(checkout()).unwrap_err();

    match &error {
        Error::AmbiguousName {
            kind: ResourceKind::Project,
            name,
            ids,
        } => {
            assert_eq!(name, "checkout");
            assert_eq!(ids, &[PROJECT, PROJECT_2]);
        }
        other => panic!("expected an ambiguous name, got {other:?}"),
    }
    lookup.assert();
    delete.assert();
}

#[test]
fn a_project_name_without_its_space_is_refused_before_anything_is_sent() {
    let mut server = mockito::Server::new();
    let catch_all: Vec<Mock> = ["GET", "POST", "PATCH", "DELETE"]
        .into_iter()
        .map(|method| nothing(&mut server, method))
        .collect();
    let client = client(&server);
    let projects = client.projects();
    let bindings = client.role_bindings();
    let restrictions = client.resource_restrictions();
    let by_name = || BindingResource::project("checkout");

    let cases: Vec<arize::Result<()>> = vec![
        projects.get("checkout").map(drop),
        projects.resolve("checkout").map(drop),
        projects.delete("checkout").map(drop),
        projects.update("checkout").name("n").send().map(drop),
        bindings.create(USER, ROLE, by_name()).map(drop),
        bindings.assign(USER, ROLE, by_name()).map(drop),
        restrictions
            .restrict(ProjectRef::Name("checkout".into()))
            .map(drop),
        restrictions
            .unrestrict(ProjectRef::Name("checkout".into()))
            .map(drop),
    ];
    for result in cases {
        match result {
            Err(Error::InvalidRequest {
                field: "project",
                reason,
            }) => assert!(reason.contains("ProjectRef::in_space"), "{reason}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    catch_all.iter().for_each(Mock::assert);
}

#[test]
fn invalid_project_input_is_refused_before_anything_is_sent() {
    let mut server = mockito::Server::new();
    let catch_all: Vec<Mock> = ["GET", "POST", "PATCH", "DELETE"]
        .into_iter()
        .map(|method| nothing(&mut server, method))
        .collect();
    let projects = client(&server).projects();
    let long = "é".repeat(256);

    let cases: Vec<(&str, arize::Result<()>)> = vec![
        ("project", projects.get("").map(drop)),
        (
            "project",
            projects.delete(ProjectRef::Id(String::new())).map(drop),
        ),
        (
            "project",
            projects.get(ProjectRef::in_space("", ID_1)).map(drop),
        ),
        (
            "project",
            projects
                .get(ProjectRef::in_space(long.as_str(), ID_1))
                .map(drop),
        ),
        (
            "space",
            projects.get(ProjectRef::in_space("p", "")).map(drop),
        ),
        ("name", projects.create("", ID_1).send().map(drop)),
        ("space", projects.create("p", "").send().map(drop)),
        ("update", projects.update(PROJECT).send().map(drop)),
        ("name", projects.update(PROJECT).name("").send().map(drop)),
        ("name", projects.list().name(long.as_str()).send().map(drop)),
        (
            "space_name",
            projects.list().space_name(long.as_str()).send().map(drop),
        ),
    ];
    for (field, result) in cases {
        match result {
            Err(Error::InvalidRequest { field: got, .. }) => assert_eq!(got, field),
            other => panic!("{field}: expected an invalid request, got {other:?}"),
        }
    }
    catch_all.iter().for_each(Mock::assert);
}

// --- Wherever a project is named ---------------------------------------------------

#[test]
fn a_binding_names_a_project_by_name_in_its_space() {
    let mut server = mockito::Server::new();
    let project_lookup = lookup(
        &mut server,
        "checkout",
        vec![project_json(PROJECT, "checkout", ID_1)],
    );
    let create = expect_json(
        &mut server,
        "POST",
        "/v2/role-bindings",
        json!({"resource_id": PROJECT, "resource_type": "PROJECT", "role_id": ROLE, "user_id": USER}),
    )
    .with_status(201)
    .with_body(binding_json(BINDING, ROLE, "PROJECT", PROJECT).to_string())
    .expect(1)
    .create();

    let binding = client(&server)
        .role_bindings()
        .create(USER, ROLE, BindingResource::project(checkout()))
        .unwrap();

    assert_eq!(binding.resource_id, PROJECT);
    project_lookup.assert();
    create.assert();
}

#[test]
fn restrict_and_unrestrict_name_a_project_by_name_in_its_space() {
    let mut server = mockito::Server::new();
    let project_lookup = expect(
        &mut server,
        "GET",
        &format!("{LIST}?space_id={ID_1_PATH}&name=checkout&limit=100"),
    )
    .with_body(projects_page(
        vec![project_json(PROJECT, "checkout", ID_1)],
        None,
    ))
    .expect(2)
    .create();
    let restrict = expect_json(
        &mut server,
        "POST",
        "/v2/resource-restrictions",
        json!({"resource_id": PROJECT}),
    )
    .with_body(restriction_json(PROJECT, "PROJECT").to_string())
    .expect(1)
    .create();
    let unrestrict = expect(
        &mut server,
        "DELETE",
        &format!("/v2/resource-restrictions/{PROJECT_PATH}"),
    )
    .with_status(204)
    .expect(1)
    .create();
    let restrictions = client(&server).resource_restrictions();

    let restriction = restrictions.restrict(checkout()).unwrap();
    assert_eq!(restriction.resource_id, PROJECT);
    assert_eq!(
        restrictions.unrestrict(checkout()).unwrap(),
        Deletion::Deleted
    );

    project_lookup.assert();
    restrict.assert();
    unrestrict.assert();
}

#[test]
fn a_project_value_names_itself_by_id() {
    let mut server = mockito::Server::new();
    let restrict = expect_json(
        &mut server,
        "POST",
        "/v2/resource-restrictions",
        json!({"resource_id": PROJECT}),
    )
    .with_body(restriction_json(PROJECT, "PROJECT").to_string())
    .create();
    let get = expect(&mut server, "GET", PROJECT_URL)
        .with_body(project_json(PROJECT, "checkout", ID_1).to_string())
        .expect(1)
        .create();
    let client = client(&server);

    let project = client.projects().get(PROJECT).unwrap();
    client.resource_restrictions().restrict(&project).unwrap();
    assert_eq!(client.projects().resolve(&project).unwrap(), PROJECT);

    restrict.assert();
    get.assert();
}

// --- Error statuses and retries ----------------------------------------------------

#[test]
fn error_statuses_of_the_projects_operations_map_to_their_variants() {
    type Call = fn(&arize::Projects) -> arize::Result<()>;
    type IsVariant = fn(&Error) -> bool;
    let create: Call = |p| p.create("n", ID_1).send().map(drop);
    let rename: Call = |p| p.update(PROJECT).name("n").send().map(drop);
    let cases: [(u16, &str, &str, Call, IsVariant); 7] = [
        (400, "POST", LIST, create, |e| {
            matches!(e, Error::BadRequest(_))
        }),
        (
            401,
            "GET",
            "/v2/projects?limit=50",
            |p| p.list().send().map(drop),
            |e| matches!(e, Error::Unauthorized(_)),
        ),
        (
            403,
            "DELETE",
            PROJECT_URL,
            |p| p.delete(PROJECT).map(drop),
            |e| matches!(e, Error::Forbidden(_)),
        ),
        (
            404,
            "GET",
            PROJECT_URL,
            |p| p.get(PROJECT).map(drop),
            |e| matches!(e, Error::NotFound(_)) && e.is_not_found(),
        ),
        (409, "POST", LIST, create, |e| e.is_conflict()),
        (409, "PATCH", PROJECT_URL, rename, |e| e.is_conflict()),
        (422, "PATCH", PROJECT_URL, rename, |e| {
            matches!(e, Error::Unprocessable(_))
        }),
    ];
    for (status, method, path, call, is_expected) in cases {
        let mut server = mockito::Server::new();
        let mock = expect(&mut server, method, path)
            .with_status(status.into())
            .with_header("content-type", "application/problem+json")
            .with_body(problem(status, "Title", &format!("detail of {status}")))
            .expect(1)
            .create();
        let (client, waits) = client_with_waits(&server);

        let error = call(&client.projects()).unwrap_err();

        mock.assert();
        assert!(is_expected(&error), "{status} gave {error:?}");
        assert_eq!(error.status(), Some(status));
        assert_eq!(error.api_error().unwrap().attempts(), 1);
        assert_eq!(
            error.problem().unwrap().detail.as_deref(),
            Some(format!("detail of {status}").as_str())
        );
        assert!(waits.lock().unwrap().is_empty());
    }
}

#[test]
fn a_502_is_retried_for_reads_renames_and_deletes_but_not_for_a_create() {
    type Call = fn(&arize::Projects) -> arize::Result<()>;
    let cases: [(&str, &str, Call, usize); 5] = [
        (
            "GET",
            "/v2/projects?limit=50",
            |p| p.list().send().map(drop),
            3,
        ),
        ("GET", PROJECT_URL, |p| p.get(PROJECT).map(drop), 3),
        (
            "PATCH",
            PROJECT_URL,
            |p| p.update(PROJECT).name("n").send().map(drop),
            3,
        ),
        ("DELETE", PROJECT_URL, |p| p.delete(PROJECT).map(drop), 3),
        ("POST", LIST, |p| p.create("n", ID_1).send().map(drop), 1),
    ];
    for (method, path, call, attempts) in cases {
        let mut server = mockito::Server::new();
        let mock = expect(&mut server, method, path)
            .with_status(502)
            .with_body("<html>bad gateway</html>")
            .expect(attempts)
            .create();
        let (client, waits) = client_with_waits(&server);

        let error = call(&client.projects()).unwrap_err();

        mock.assert();
        assert!(
            matches!(&error, Error::Server(api) if api.status() == 502),
            "{error:?}"
        );
        assert_eq!(waits.lock().unwrap().len(), attempts - 1, "{method}");
    }
}

#[test]
fn a_hostile_project_id_stays_one_encoded_path_segment() {
    let mut server = mockito::Server::new();
    let id = "../a/b?c=d#e%f";
    let path = "/v2/projects/%2E%2E%2Fa%2Fb%3Fc%3Dd%23e%25f";
    let get = expect(&mut server, "GET", path)
        .with_body(project_json(id, "p", ID_1).to_string())
        .create();
    let delete = expect(&mut server, "DELETE", path)
        .with_status(204)
        .create();
    let projects = client(&server).projects();

    assert_eq!(projects.get(ProjectRef::Id(id.into())).unwrap().id, id);
    let deletion = projects.delete(ProjectRef::Id(id.into())).unwrap();
    assert_eq!(deletion, Deletion::Deleted);

    get.assert();
    delete.assert();
}

// --- Tolerance ---------------------------------------------------------------------

#[test]
fn a_project_with_only_an_id_and_a_name_reads_as_defaults_and_unknown_types_are_kept() {
    let mut server = mockito::Server::new();
    let mock = expect(&mut server, "GET", &format!("{LIST}?limit=50"))
        .with_body(projects_page(
            vec![
                json!({"id": PROJECT, "name": "bare"}),
                json!({"id": PROJECT_2, "name": "null", "space_id": null, "created_at": null,
                       "project_type": null, "a_field_from_the_future": [1]}),
                json!({"id": "TW9kZWw6OTk=", "name": "new", "project_type": "NOTEBOOK"}),
            ],
            None,
        ))
        .create();

    let page = client(&server).projects().list().send().unwrap();

    mock.assert();
    for project in &page.items()[..2] {
        assert_eq!(project.space_id, "");
        assert_eq!(project.created_at, None);
        assert_eq!(project.project_type, None);
    }
    let Some(ProjectType::Unknown(value)) = &page.items()[2].project_type else {
        panic!("{:?}", page.items()[2]);
    };
    assert_eq!(value.as_str(), "NOTEBOOK");
}
