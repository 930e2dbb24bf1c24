//! Wherever a space is named, a name or an ID works. Names are resolved by
//! listing every page of `name=<it>`, `limit=100`, keeping exact matches.

use crate::common::*;
use arize::{Deletion, Error, PredefinedRole, ResourceKind, SpaceRef};
use mockito::Matcher;
use serde_json::json;

#[test]
fn a_unique_exact_name_resolves_among_substring_matches() {
    let mut server = mockito::Server::new();
    let lookup = expect(&mut server, "GET", "/v2/spaces?name=fraud&limit=100")
        .with_body(page(
            vec![
                space(ID_2, "fraud-archive"),
                space(ID_1, "fraud"),
                space("U3BhY2U6Mzp4", "Fraud"),
            ],
            None,
        ))
        .create();

    // `get` by name answers from the listing: no second request.
    let space = client(&server).spaces().get("fraud").unwrap();

    lookup.assert();
    assert_eq!(space.id, ID_1);
}

#[test]
fn an_absent_name_is_a_not_found_error_naming_it() {
    let mut server = mockito::Server::new();
    let lookup = expect(&mut server, "GET", "/v2/spaces?name=ghost&limit=100")
        .with_body(page(vec![space(ID_1, "ghost-busters")], None))
        .create();

    let error = client(&server).spaces().get("ghost").unwrap_err();

    lookup.assert();
    assert!(error.is_not_found());
    assert!(
        matches!(&error, Error::NameNotFound { kind: ResourceKind::Space, name, within: None } if name == "ghost")
    );
    assert_eq!(error.to_string(), r#"no space is named "ghost""#);
}

#[test]
fn a_name_matching_spaces_on_two_pages_is_ambiguous_and_nothing_is_deleted() {
    let mut server = mockito::Server::new();
    let first = expect(&mut server, "GET", "/v2/spaces?name=shared&limit=100")
        .with_body(page(vec![space(ID_1, "shared")], Some("p2")))
        .create();
    let second = expect(
        &mut server,
        "GET",
        "/v2/spaces?name=shared&limit=100&cursor=p2",
    )
    .with_body(page(vec![space(ID_2, "shared")], None))
    .create();
    let no_delete = server.mock("DELETE", Matcher::Any).expect(0).create();

    let error = client(&server).spaces().delete("shared").unwrap_err();

    first.assert();
    second.assert();
    no_delete.assert();
    match &error {
        Error::AmbiguousName {
            kind: ResourceKind::Space,
            name,
            ids,
        } => {
            assert_eq!(name, "shared");
            assert_eq!(ids, &[ID_1, ID_2]);
        }
        other => panic!("expected an ambiguous name, got {other:?}"),
    }
    let text = error.to_string();
    assert!(text.contains(ID_1) && text.contains(ID_2), "{text}");
}

#[test]
fn an_id_is_used_as_it_is_without_a_lookup() {
    let mut server = mockito::Server::new();
    let no_lookup = server
        .mock("GET", Matcher::Regex("^/v2/spaces\\?".into()))
        .expect(0)
        .create();
    let delete = expect(&mut server, "DELETE", &format!("/v2/spaces/{ID_1_PATH}"))
        .with_status(204)
        .create();

    assert_eq!(
        client(&server).spaces().delete(ID_1).unwrap(),
        Deletion::Deleted
    );

    no_lookup.assert();
    delete.assert();
}

#[test]
fn every_operation_resolves_a_name_first() {
    let mut server = mockito::Server::new();
    let lookups = expect(&mut server, "GET", "/v2/spaces?name=team&limit=100")
        .with_body(page(vec![space(ID_1, "team")], None))
        .expect(4)
        .create();
    let patch = expect_json(
        &mut server,
        "PATCH",
        &format!("/v2/spaces/{ID_1_PATH}"),
        json!({"description": "d"}),
    )
    .with_body(space(ID_1, "team").to_string())
    .create();
    let add = expect(&mut server, "POST", &format!("/v2/spaces/{ID_1_PATH}/users"))
        .with_body(
            json!({"id": "m", "user_id": USER, "space_id": ID_1, "role": {"type": "PREDEFINED", "name": "ADMIN"}})
                .to_string(),
        )
        .create();
    let remove = expect(
        &mut server,
        "DELETE",
        &format!("/v2/spaces/{ID_1_PATH}/users/{USER}"),
    )
    .with_status(204)
    .create();
    let resolve_only = client(&server).spaces();

    resolve_only.update("team").description("d").send().unwrap();
    resolve_only
        .add_user("team", USER, PredefinedRole::Admin)
        .unwrap();
    resolve_only.remove_user("team", USER).unwrap();
    assert_eq!(resolve_only.resolve("team").unwrap(), ID_1);

    lookups.assert();
    patch.assert();
    add.assert();
    remove.assert();
}

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

#[test]
fn resolution_errors_stop_the_operation() {
    let mut server = mockito::Server::new();
    let lookup = expect(&mut server, "GET", "/v2/spaces?name=team&limit=100")
        .with_status(403)
        .with_body(problem(403, "Forbidden", "no access"))
        .create();
    let nothing_else = server.mock("PATCH", Matcher::Any).expect(0).create();

    let error = client(&server)
        .spaces()
        .update("team")
        .name("x")
        .send()
        .unwrap_err();

    assert!(error.is_forbidden(), "{error:?}");
    nothing_else.assert();
    lookup.assert();
}
