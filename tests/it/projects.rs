//! What is the projects' own: their filters, exactly as sent; a space named
//! by name resolved before the project; a project name refused without its
//! space; a project named by name wherever a project is named (bindings,
//! restrictions). The generic contracts (name lookups in a space among
//! them) are in `contract`.

use crate::common::*;
use arize::{BindingResource, Deletion, Error, Project, ProjectRef, ProjectType, SpaceRef};
use mockito::{Mock, ServerGuard};
use serde_json::{Value, json};

const LIST: &str = "/v2/projects";
/// The project `PROJECT`'s path.
const PROJECT_URL: &str = "/v2/projects/TW9kZWw6MTIzOmE%2B";

/// The lookup of the project named `name` in the space `ID_1`, answering
/// `projects`.
fn lookup(server: &mut ServerGuard, name: &str, projects: Vec<Value>) -> Mock {
    let path = format!("{LIST}?space_id={ID_1_PATH}&name={name}&limit=100");
    expect(server, "GET", &path)
        .with_body(page_of("projects", projects, None))
        .expect(1)
        .create()
}

/// `checkout` in the space `ID_1`.
fn checkout() -> ProjectRef {
    ProjectRef::in_space("checkout", ID_1)
}

// --- Filters and builders -----------------------------------------------------------

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
    .with_body(page_of("projects", vec![], None))
    .create();
    let cleared = expect(&mut server, "GET", &format!("{LIST}?limit=50"))
        .with_body(page_of("projects", vec![], None))
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
    .with_body(page_of(
        "projects",
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

// --- Names within a space ----------------------------------------------------------

#[test]
fn a_space_named_by_name_is_resolved_before_the_project() {
    let mut server = mockito::Server::new();
    let space_lookup = agents_lookup(&mut server);
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
    .with_body(page_of(
        "projects",
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
