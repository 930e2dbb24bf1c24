//! The resource restrictions operations: the exact request of each, restrict
//! retried as idempotent, unrestrict of an unrestricted resource not an
//! error, listings whose pages are filtered after reading, hostile IDs and
//! tolerant reading.

use std::time::Duration;

use crate::{common::*, raw::*};
use arize::{Deletion, Error, ResourceRestriction, ResourceRestrictionType};
use mockito::{Matcher, Mock, ServerGuard};
use serde_json::json;

const LIST: &str = "/v2/resource-restrictions";

fn restriction_path(encoded_id: &str) -> String {
    format!("/v2/resource-restrictions/{encoded_id}")
}

/// Restrictions of the projects `project-<n>` for `n` in `range`.
fn projects(range: std::ops::Range<u32>) -> Vec<serde_json::Value> {
    range
        .map(|n| restriction_json(&format!("project-{n}"), "PROJECT"))
        .collect()
}

fn ids(items: impl Iterator<Item = arize::Result<ResourceRestriction>>) -> Vec<String> {
    // Bounded: a listing that loops fails on what it yielded, not by hanging.
    items
        .take(20)
        .map(|item| item.unwrap().resource_id)
        .collect()
}

// --- The three operations ----------------------------------------------------------

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
fn restrict_posts_the_resource_id_and_accepts_a_200() {
    let mut server = mockito::Server::new();
    let mock = expect_json(&mut server, "POST", LIST, json!({"resource_id": PROJECT}))
        .with_status(200)
        .with_body(restriction_json(PROJECT, "PROJECT").to_string())
        .expect(1)
        .create();

    let restriction = client(&server)
        .resource_restrictions()
        .restrict(PROJECT)
        .unwrap();

    mock.assert();
    assert_eq!(restriction.resource_id, PROJECT);
    assert_eq!(
        restriction.resource_type,
        Some(ResourceRestrictionType::Project)
    );
    assert!(restriction.created_at.is_some());
}

#[test]
fn restrict_is_retried_after_a_503_because_it_is_idempotent() {
    let mut server = mockito::Server::new();
    let unavailable = expect_json(&mut server, "POST", LIST, json!({"resource_id": PROJECT}))
        .with_status(503)
        .expect(2)
        .create();
    let served = expect_json(&mut server, "POST", LIST, json!({"resource_id": PROJECT}))
        .with_body(restriction_json(PROJECT, "PROJECT").to_string())
        .expect(1)
        .create();
    let (client, waits) = client_with_waits(&server);

    let restriction = client.resource_restrictions().restrict(PROJECT).unwrap();

    assert_eq!(restriction.resource_id, PROJECT);
    assert_eq!(waits.lock().unwrap().len(), 2, "three attempts in all");
    unavailable.assert();
    served.assert();
}

#[test]
fn a_restrict_whose_answer_was_lost_is_sent_again() {
    let server = RawServer::start(|n, head, stream| {
        assert!(
            head.starts_with("POST /v2/resource-restrictions "),
            "{head}"
        );
        if n == 0 {
            return Then::Close;
        }
        let body = restriction_json(PROJECT, "PROJECT").to_string();
        respond(
            stream,
            "200 OK",
            &[("Content-Type", "application/json")],
            &body,
        );
        Then::KeepAlive
    });

    let restriction = no_wait_client(&server.url)
        .resource_restrictions()
        .restrict(PROJECT)
        .unwrap();

    assert_eq!(restriction.resource_id, PROJECT);
    assert_eq!(server.requests(), 2);
}

#[test]
fn restrict_gives_up_after_every_attempt_answered_503() {
    let mut server = mockito::Server::new();
    let unavailable = expect(&mut server, "POST", LIST)
        .with_status(503)
        .expect(3)
        .create();

    let error = client(&server)
        .resource_restrictions()
        .restrict(PROJECT)
        .unwrap_err();

    assert!(
        matches!(&error, Error::Server(api) if api.status() == 503 && api.attempts() == 3),
        "{error:?}"
    );
    unavailable.assert();
}

#[test]
fn a_rate_limited_restrict_waits_as_long_as_retry_after_says() {
    let mut server = mockito::Server::new();
    let limited = expect(&mut server, "POST", LIST)
        .with_status(429)
        .with_header("retry-after", "4")
        .expect(1)
        .create();
    let served = expect(&mut server, "POST", LIST)
        .with_body(restriction_json(PROJECT, "PROJECT").to_string())
        .expect(1)
        .create();
    let (client, waits) = client_with_waits(&server);

    client.resource_restrictions().restrict(PROJECT).unwrap();

    assert_eq!(*waits.lock().unwrap(), [Duration::from_secs(4)]);
    limited.assert();
    served.assert();
}

#[test]
fn unrestrict_deletes_the_restriction_named_by_the_resource_id() {
    let mut server = mockito::Server::new();
    let mock = expect(&mut server, "DELETE", &restriction_path(PROJECT_PATH))
        .match_body(Matcher::Missing)
        .with_status(204)
        .expect(1)
        .create();

    assert_eq!(
        client(&server)
            .resource_restrictions()
            .unrestrict(PROJECT)
            .unwrap(),
        Deletion::Deleted
    );
    mock.assert();
}

#[test]
fn unrestricting_an_unrestricted_resource_is_already_gone_not_an_error() {
    let mut server = mockito::Server::new();
    let mock = expect(&mut server, "DELETE", &restriction_path(PROJECT_PATH))
        .with_status(404)
        .with_header("content-type", "application/problem+json")
        .with_body(problem(404, "Not Found", "the resource is not restricted"))
        .expect(1)
        .create();
    let (client, waits) = client_with_waits(&server);

    assert_eq!(
        client.resource_restrictions().unrestrict(PROJECT).unwrap(),
        Deletion::AlreadyGone
    );
    assert!(waits.lock().unwrap().is_empty(), "a 404 is not retried");
    mock.assert();
}

#[test]
fn unrestrict_is_retried_after_a_502_and_other_errors_are_kept() {
    let mut server = mockito::Server::new();
    let path = restriction_path(PROJECT_PATH);
    let gateway = expect(&mut server, "DELETE", &path)
        .with_status(502)
        .expect(1)
        .create();
    let deleted = expect(&mut server, "DELETE", &path)
        .with_status(204)
        .expect(1)
        .create();
    let (client, waits) = client_with_waits(&server);

    assert_eq!(
        client.resource_restrictions().unrestrict(PROJECT).unwrap(),
        Deletion::Deleted
    );
    assert_eq!(waits.lock().unwrap().len(), 1);
    gateway.assert();
    deleted.assert();

    let mut server = mockito::Server::new();
    let forbidden = expect(&mut server, "DELETE", &path)
        .with_status(403)
        .with_body(problem(403, "Forbidden", "no PROJECT_RESTRICT"))
        .expect(1)
        .create();
    let error = client_without_retries(&server.url())
        .resource_restrictions()
        .unrestrict(PROJECT)
        .unwrap_err();
    assert!(matches!(error, Error::Forbidden(_)), "{error:?}");
    forbidden.assert();
}

#[test]
fn error_statuses_of_the_restrictions_operations_map_to_their_variants() {
    type Call = fn(&arize::ResourceRestrictions) -> arize::Result<()>;
    type IsVariant = fn(&Error) -> bool;
    let list: Call = |r| r.list().send().map(drop);
    let restrict: Call = |r| r.restrict(PROJECT).map(drop);
    let cases: [(u16, &str, &str, Call, IsVariant); 5] = [
        (400, "POST", LIST, restrict, |e| {
            matches!(e, Error::BadRequest(_))
        }),
        (
            401,
            "GET",
            "/v2/resource-restrictions?limit=50",
            list,
            |e| e.is_unauthorized(),
        ),
        (404, "POST", LIST, restrict, |e| {
            matches!(e, Error::NotFound(_))
        }),
        (422, "POST", LIST, restrict, |e| {
            matches!(e, Error::Unprocessable(_))
        }),
        (
            500,
            "GET",
            "/v2/resource-restrictions?limit=50",
            list,
            |e| matches!(e, Error::Server(_)),
        ),
    ];
    for (status, method, path, call, is_expected) in cases {
        let mut server = mockito::Server::new();
        let mock = expect(&mut server, method, path)
            .with_status(status.into())
            .with_header("content-type", "application/problem+json")
            .with_body(problem(status, "Title", &format!("detail of {status}")))
            .expect(1)
            .create();

        let error = call(&client(&server).resource_restrictions()).unwrap_err();

        mock.assert();
        assert!(is_expected(&error), "{status} gave {error:?}");
        assert_eq!(error.status(), Some(status));
        assert_eq!(error.api_error().unwrap().attempts(), 1, "{status}");
        assert_eq!(
            error.problem().unwrap().detail.as_deref(),
            Some(format!("detail of {status}").as_str())
        );
    }
}

// --- Listings filtered after reading ---------------------------------------------

/// Four pages of `limit=2`: two items, two empty pages that say more
/// follows, then one item.
fn four_pages_two_empty(server: &mut ServerGuard) -> [Mock; 4] {
    let page = |cursor: Option<&str>| match cursor {
        None => format!("{LIST}?limit=2"),
        Some(cursor) => format!("{LIST}?limit=2&cursor={cursor}"),
    };
    [
        (
            page(None),
            page_of("resource_restrictions", projects(0..2), Some("c2")),
        ),
        (
            page(Some("c2")),
            page_of("resource_restrictions", vec![], Some("c3")),
        ),
        (
            page(Some("c3")),
            page_of("resource_restrictions", vec![], Some("c4")),
        ),
        (
            page(Some("c4")),
            page_of("resource_restrictions", projects(2..3), None),
        ),
    ]
    .map(|(path, body)| {
        expect(server, "GET", &path)
            .with_body(body)
            .expect(1)
            .create()
    })
}

#[test]
fn items_read_through_empty_pages_while_more_follow() {
    let mut server = mockito::Server::new();
    let mocks = four_pages_two_empty(&mut server);

    let all = ids(client(&server)
        .resource_restrictions()
        .list()
        .limit(2)
        .items()
        .take(10));

    assert_eq!(all, ["project-0", "project-1", "project-2"]);
    mocks.iter().for_each(Mock::assert);
}

#[test]
fn pages_yield_every_page_including_the_empty_ones() {
    let mut server = mockito::Server::new();
    let mocks = four_pages_two_empty(&mut server);

    let pages: Vec<_> = client(&server)
        .resource_restrictions()
        .list()
        .limit(2)
        .pages()
        .take(10)
        .map(Result::unwrap)
        .collect();

    let sizes: Vec<_> = pages.iter().map(|page| page.len()).collect();
    assert_eq!(sizes, [2, 0, 0, 1]);
    let more: Vec<_> = pages.iter().map(|page| page.has_more()).collect();
    assert_eq!(more, [true, true, true, false]);
    let cursors: Vec<_> = pages.iter().map(|page| page.next_cursor()).collect();
    assert_eq!(cursors, [Some("c2"), Some("c3"), Some("c4"), None]);
    mocks.iter().for_each(Mock::assert);
}

#[test]
fn a_short_filtered_page_is_not_the_end_of_a_filtered_listing() {
    let mut server = mockito::Server::new();
    let first = expect(
        &mut server,
        "GET",
        &format!("{LIST}?resource_type=PROJECT&limit=100"),
    )
    .with_body(page_of("resource_restrictions", projects(0..1), Some("c2")))
    .expect(1)
    .create();
    let second = expect(
        &mut server,
        "GET",
        &format!("{LIST}?resource_type=PROJECT&limit=100&cursor=c2"),
    )
    .with_body(page_of("resource_restrictions", projects(1..2), None))
    .expect(1)
    .create();

    let all = ids(client(&server)
        .resource_restrictions()
        .list()
        .resource_type(ResourceRestrictionType::Project)
        .items()
        .take(10));

    assert_eq!(all, ["project-0", "project-1"]);
    first.assert();
    second.assert();
}

#[test]
fn a_repeated_cursor_across_empty_pages_ends_in_a_pagination_error() {
    within(GUARD, || {
        let mut server = mockito::Server::new();
        let mocks = [
            (format!("{LIST}?limit=100"), projects(0..1), "A"),
            (format!("{LIST}?limit=100&cursor=A"), vec![], "B"),
            (format!("{LIST}?limit=100&cursor=B"), vec![], "A"),
        ]
        .map(|(path, items, next)| {
            expect(&mut server, "GET", &path)
                .with_body(page_of("resource_restrictions", items, Some(next)))
                .expect(1)
                .create()
        });

        let seen: Vec<_> = client(&server)
            .resource_restrictions()
            .list()
            .items()
            .take(10)
            .collect();

        assert_eq!(seen.len(), 2, "one item, then the error: {seen:?}");
        assert_eq!(seen[0].as_ref().unwrap().resource_id, "project-0");
        assert!(
            matches!(&seen[1], Err(Error::Pagination(reason)) if reason.contains("already used")),
            "{seen:?}"
        );
        mocks.iter().for_each(Mock::assert);

        let mut server = mockito::Server::new();
        let looping = expect(&mut server, "GET", &format!("{LIST}?limit=100&cursor=S"))
            .with_body(page_of("resource_restrictions", vec![], Some("S")))
            .expect(1)
            .create();
        let pages: Vec<_> = client(&server)
            .resource_restrictions()
            .list()
            .cursor("S")
            .pages()
            .take(10)
            .collect();
        assert_eq!(pages.len(), 2, "{pages:?}");
        assert!(pages[0].as_ref().unwrap().is_empty());
        assert!(matches!(pages[1], Err(Error::Pagination(_))), "{pages:?}");
        looping.assert();
    });
}

// --- Input checks and hostile IDs --------------------------------------------------

#[test]
fn an_empty_resource_id_is_refused_before_anything_is_sent() {
    let mut server = mockito::Server::new();
    let catch_all: Vec<_> = ["GET", "POST", "DELETE"]
        .into_iter()
        .map(|method| nothing(&mut server, method))
        .collect();
    let restrictions = client(&server).resource_restrictions();

    let cases: [(&str, arize::Result<()>); 4] = [
        ("resource", restrictions.restrict("").map(drop)),
        ("resource", restrictions.unrestrict("").map(drop)),
        ("limit", restrictions.list().limit(0).send().map(drop)),
        ("cursor", restrictions.list().cursor("").send().map(drop)),
    ];
    for (field, result) in cases {
        match result {
            Err(Error::InvalidRequest { field: got, reason }) => {
                assert_eq!(got, field, "{reason}");
            }
            other => panic!("{field}: expected an invalid request, got {other:?}"),
        }
    }
    catch_all.iter().for_each(Mock::assert);
}

#[test]
fn a_hostile_resource_id_stays_one_path_segment_or_one_json_string() {
    let hostile = [
        ("../a/b?c=d#e%f\r\n", "%2E%2E%2Fa%2Fb%3Fc%3Dd%23e%25f%0D%0A"),
        ("..", "%2E%2E"),
        (
            "x/../../v2/resource-restrictions",
            "x%2F%2E%2E%2F%2E%2E%2Fv2%2Fresource-restrictions",
        ),
    ];
    for (id, encoded) in hostile {
        let mut server = mockito::Server::new();
        let restrict = expect_json(&mut server, "POST", LIST, json!({"resource_id": id}))
            .with_body(restriction_json(id, "PROJECT").to_string())
            .create();
        let unrestrict = expect(&mut server, "DELETE", &restriction_path(encoded))
            .with_status(204)
            .create();
        let anything_else: Vec<_> = ["POST", "DELETE"]
            .into_iter()
            .map(|method| nothing(&mut server, method))
            .collect();
        let restrictions = client(&server).resource_restrictions();

        assert_eq!(restrictions.restrict(id).unwrap().resource_id, id);
        assert_eq!(restrictions.unrestrict(id).unwrap(), Deletion::Deleted);

        restrict.assert();
        unrestrict.assert();
        anything_else.iter().for_each(Mock::assert);
    }
}

#[test]
fn a_hostile_cursor_stays_one_query_value() {
    let mut server = mockito::Server::new();
    let mock = expect(
        &mut server,
        "GET",
        &format!("{LIST}?resource_type=PROMPT&limit=50&cursor=%26resource_type%3DPROJECT%23%0D%0A"),
    )
    .with_body(page_of("resource_restrictions", vec![], None))
    .create();

    client(&server)
        .resource_restrictions()
        .list()
        .resource_type(ResourceRestrictionType::Prompt)
        .cursor("&resource_type=PROJECT#\r\n")
        .send()
        .unwrap();
    mock.assert();
}

// --- Tolerance ---------------------------------------------------------------------

/// Restricts to get `body` alone, then lists it between two plain
/// restrictions, and hands each decoded copy to `check`.
fn read_both_ways(body: serde_json::Value, check: impl Fn(&ResourceRestriction)) {
    let mut server = mockito::Server::new();
    let restrict = expect(&mut server, "POST", LIST)
        .with_body(body.to_string())
        .create();
    let list = expect(&mut server, "GET", &format!("{LIST}?limit=100"))
        .with_body(page_of(
            "resource_restrictions",
            vec![
                restriction_json(PROJECT, "PROJECT"),
                body,
                restriction_json("UHJvbXB0OjE=", "PROMPT"),
            ],
            None,
        ))
        .create();
    let restrictions = client(&server).resource_restrictions();

    check(&restrictions.restrict("Tm90ZWJvb2s6MQ==").unwrap());
    let listed: Vec<ResourceRestriction> = restrictions
        .list()
        .items()
        .take(10)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(listed.len(), 3);
    check(&listed[1]);
    restrict.assert();
    list.assert();
}

#[test]
fn an_unknown_restriction_type_is_kept() {
    let mut notebook = restriction_json("Tm90ZWJvb2s6MQ==", "NOTEBOOK");
    notebook["a_field_from_the_future"] = json!([1, 2]);
    read_both_ways(notebook, |restriction| {
        let Some(ResourceRestrictionType::Unknown(value)) = &restriction.resource_type else {
            panic!(
                "expected an unknown type, got {:?}",
                restriction.resource_type
            )
        };
        assert_eq!(value.as_str(), "NOTEBOOK");
        assert_eq!(
            restriction.resource_type.as_ref().unwrap().as_str(),
            "NOTEBOOK"
        );
        assert_eq!(restriction.resource_id, "Tm90ZWJvb2s6MQ==");
    });
}

#[test]
fn a_restriction_with_only_a_resource_id_reads_as_defaults() {
    read_both_ways(json!({"resource_id": "Tm90ZWJvb2s6MQ=="}), |restriction| {
        assert_eq!(restriction.resource_id, "Tm90ZWJvb2s6MQ==");
        assert_eq!(restriction.resource_type, None);
        assert_eq!(restriction.created_at, None);
    });
    read_both_ways(
        json!({"resource_id": "Tm90ZWJvb2s6MQ==", "resource_type": null, "created_at": null}),
        |restriction| assert_eq!(restriction.resource_type, None),
    );
}
