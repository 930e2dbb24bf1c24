//! What is the resource restrictions' own: the listing and its type
//! filter, exactly as sent, and an unknown restriction type kept. That
//! `restrict` is retried (idempotent), that `unrestrict` of an unrestricted
//! resource is `AlreadyGone`, and that pages filtered after reading can be
//! short or empty are contracts of the suite in `contract`.

use crate::{
    common::*,
    contract::{read_both_ways, rows},
};
use arize::ResourceRestrictionType;
use mockito::Matcher;

const LIST: &str = "/v2/resource-restrictions";

#[test]
fn list_sends_the_default_page_size_and_decodes_the_page() {
    let mut server = mockito::Server::new();
    let mock = expect(&mut server, "GET", &format!("{LIST}?limit=50"))
        .match_body(Matcher::Missing)
        .with_body(page_of(
            "resource_restrictions",
            vec![
                restriction_json(PROJECT, "PROJECT"),
                restriction_json("RGFzaGJvYXJkOjQ1Ng==", "DASHBOARD"),
                restriction_json("UHJvbXB0OjE=", "PROMPT"),
            ],
            Some("c2"),
        ))
        .create();

    let page = client(&server)
        .resource_restrictions()
        .list()
        .send()
        .unwrap();

    mock.assert();
    let kinds: Vec<_> = page
        .items()
        .iter()
        .map(|r| r.resource_type.clone().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            ResourceRestrictionType::Project,
            ResourceRestrictionType::Dashboard,
            ResourceRestrictionType::Prompt
        ]
    );
    let first = &page.items()[0];
    assert_eq!(first.resource_id, PROJECT);
    assert_eq!(
        first.created_at.unwrap().to_rfc3339(),
        "2026-01-02T03:04:05+00:00"
    );
    assert!(page.has_more());
    assert_eq!(page.next_cursor(), Some("c2"));
}

#[test]
fn list_sends_the_resource_type_before_limit_and_cursor() {
    let mut server = mockito::Server::new();
    let mocks = [
        ("PROJECT", ResourceRestrictionType::Project),
        ("DASHBOARD", ResourceRestrictionType::Dashboard),
        ("PROMPT", ResourceRestrictionType::Prompt),
    ]
    .map(|(wire, kind)| {
        let mock = expect(
            &mut server,
            "GET",
            &format!("{LIST}?resource_type={wire}&limit=3&cursor=c%2B%2F%3D"),
        )
        .with_body(page_of("resource_restrictions", vec![], None))
        .create();
        (mock, kind)
    });
    let cleared = expect(&mut server, "GET", &format!("{LIST}?limit=50"))
        .with_body(page_of("resource_restrictions", vec![], None))
        .create();
    let restrictions = client(&server).resource_restrictions();

    for (mock, kind) in mocks {
        let page = restrictions
            .list()
            .resource_type(kind)
            .limit(3)
            .cursor("c+/=")
            .send()
            .unwrap();
        assert!(page.is_empty() && !page.has_more());
        mock.assert();
    }
    restrictions
        .list()
        .resource_type(ResourceRestrictionType::Project)
        .set_resource_type(None)
        .send()
        .unwrap();
    cleared.assert();
}

#[test]
fn an_unknown_restriction_type_is_kept() {
    let row = rows::resource_restrictions();
    let notebook = restriction_json("Tm90ZWJvb2s6MQ==", "NOTEBOOK");
    for restriction in read_both_ways(&row, notebook) {
        let Some(ResourceRestrictionType::Unknown(value)) = &restriction.resource_type else {
            panic!(
                "expected an unknown type, got {:?}",
                restriction.resource_type
            )
        };
        assert_eq!(value.as_str(), "NOTEBOOK");
        let kind = restriction.resource_type.as_ref().unwrap();
        assert_eq!(kind.as_str(), "NOTEBOOK");
        assert_eq!(restriction.resource_id, "Tm90ZWJvb2s6MQ==");
    }
}

#[test]
fn a_restricted_resource_reads_as_it_was_given() {
    use arize::{ProjectRef, RestrictedResource};
    assert_eq!(RestrictedResource::from(PROJECT).to_string(), PROJECT);
    let by_name = RestrictedResource::from(ProjectRef::in_space("checkout", "agents"));
    assert_eq!(by_name.to_string(), "checkout in agents");
}
