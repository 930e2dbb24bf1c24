//! `send()` returns one page; `iter()` and `pages()` follow `next_cursor`
//! lazily, never loop, and stop after one error.

use crate::{
    common::*,
    raw::{GUARD, within},
};
use arize::Error;
use mockito::{Mock, ServerGuard};

fn spaces(range: std::ops::Range<u32>) -> Vec<serde_json::Value> {
    range
        .map(|n| space(&format!("id-{n}"), &format!("space-{n}")))
        .collect()
}

/// Three pages: 0..2, 2..4 and 4..5.
fn three_pages(server: &mut ServerGuard) -> [Mock; 3] {
    [
        expect(server, "GET", "/v2/spaces?limit=2")
            .with_body(page(spaces(0..2), Some("c2")))
            .create(),
        expect(server, "GET", "/v2/spaces?limit=2&cursor=c2")
            .with_body(page(spaces(2..4), Some("c3")))
            .create(),
        expect(server, "GET", "/v2/spaces?limit=2&cursor=c3")
            .with_body(page(spaces(4..5), None))
            .create(),
    ]
}

/// The IDs of at most 20 items: a listing that loops fails an assertion on
/// what it yielded instead of hanging.
fn ids(items: impl Iterator<Item = arize::Result<arize::Space>>) -> Vec<String> {
    items.take(20).map(|s| s.unwrap().id).collect()
}

#[test]
fn iter_yields_every_item_across_three_pages() {
    let mut server = mockito::Server::new();
    let mocks = three_pages(&mut server);

    let all = ids(client(&server).spaces().list().limit(2).items());

    assert_eq!(all, ["id-0", "id-1", "id-2", "id-3", "id-4"]);
    mocks.iter().for_each(Mock::assert);
}

#[test]
fn iter_fetches_a_page_only_when_the_consumer_reaches_it() {
    let mut server = mockito::Server::new();
    let [first, second, third] = three_pages(&mut server);

    let mut items = client(&server).spaces().list().limit(2).items();
    assert!(!first.matched(), "nothing is sent before the first next()");

    assert_eq!(items.next().unwrap().unwrap().id, "id-0");
    assert_eq!(items.next().unwrap().unwrap().id, "id-1");
    assert!(first.matched());
    assert!(
        !second.matched(),
        "page 2 was requested before it was needed"
    );

    assert_eq!(items.next().unwrap().unwrap().id, "id-2");
    assert!(second.matched());
    assert!(!third.matched());

    // `take` stops early: page 3 is never requested.
    let rest: Vec<_> = items.take(1).collect();
    assert_eq!(rest.len(), 1);
    assert!(!third.matched());
}

#[test]
fn pages_yields_each_page_with_its_cursor() {
    let mut server = mockito::Server::new();
    let mocks = three_pages(&mut server);

    let pages: Vec<_> = client(&server)
        .spaces()
        .list()
        .limit(2)
        .pages()
        .take(10)
        .map(Result::unwrap)
        .collect();

    let sizes: Vec<_> = pages.iter().map(|p| p.len()).collect();
    assert_eq!(sizes, [2, 2, 1]);
    let cursors: Vec<_> = pages.iter().map(|p| p.next_cursor()).collect();
    assert_eq!(cursors, [Some("c2"), Some("c3"), None]);
    mocks.iter().for_each(Mock::assert);
}

#[test]
fn iterators_default_to_pages_of_100() {
    let mut server = mockito::Server::new();
    let mock = expect(&mut server, "GET", "/v2/spaces?limit=100")
        .with_body(page(spaces(0..3), None))
        .create();
    assert_eq!(ids(client(&server).spaces().list().items()).len(), 3);
    mock.assert();
}

#[test]
fn a_listing_resumes_from_a_saved_cursor() {
    let mut server = mockito::Server::new();
    let [first, second, third] = three_pages(&mut server);
    let spaces = client(&server).spaces();

    let page = spaces.list().limit(2).send().unwrap();
    let cursor = page.next_cursor().unwrap().to_owned();
    let rest = ids(spaces.list().limit(2).cursor(cursor).items());

    assert_eq!(rest, ["id-2", "id-3", "id-4"]);
    first.assert();
    second.assert();
    third.assert();
}

#[test]
fn an_error_on_page_two_is_yielded_once_then_the_iterator_ends() {
    let mut server = mockito::Server::new();
    let first = expect(&mut server, "GET", "/v2/spaces?limit=2")
        .with_body(page(spaces(0..2), Some("c2")))
        .create();
    let failing = expect(&mut server, "GET", "/v2/spaces?limit=2&cursor=c2")
        .with_status(401)
        .with_body(problem(401, "Unauthorized", "key revoked"))
        .expect(1)
        .create();

    let mut items = client(&server).spaces().list().limit(2).items();
    assert!(items.next().unwrap().is_ok());
    assert!(items.next().unwrap().is_ok());
    assert!(items.next().unwrap().unwrap_err().is_unauthorized());
    assert_eq!(items.resume_cursor(), Some("c2"), "resume where it failed");
    for _ in 0..5 {
        assert!(
            items.next().is_none(),
            "the failed page is never re-requested"
        );
    }
    failing.assert();
    first.assert();
}

#[test]
fn resume_cursor_points_at_the_page_being_drained() {
    let mut server = mockito::Server::new();
    let [first, second, third] = three_pages(&mut server);
    let mut items = client(&server).spaces().list().limit(2).items();
    let mut next_id = || items.next().unwrap().unwrap().id;
    assert_eq!(next_id(), "id-0");
    assert_eq!(next_id(), "id-1");
    assert_eq!(items.resume_cursor(), None, "still on the first page");
    assert_eq!(items.next().unwrap().unwrap().id, "id-2");
    assert_eq!(items.resume_cursor(), Some("c2"));
    first.assert();
    second.assert();
    assert!(!third.matched(), "page 3 is not needed yet");
}

#[test]
fn an_empty_page_in_the_middle_is_followed() {
    let mut server = mockito::Server::new();
    let empty = expect(&mut server, "GET", "/v2/spaces?limit=100")
        .with_body(page(vec![], Some("c2")))
        .create();
    let last = expect(&mut server, "GET", "/v2/spaces?limit=100&cursor=c2")
        .with_body(page(spaces(0..1), None))
        .create();
    assert_eq!(ids(client(&server).spaces().list().items()), ["id-0"]);
    last.assert();
    empty.assert();
}

#[test]
fn a_short_page_with_has_more_is_not_the_end() {
    let mut server = mockito::Server::new();
    let short = expect(&mut server, "GET", "/v2/spaces?limit=100")
        .with_body(page(spaces(0..1), Some("c2")))
        .create();
    let last = expect(&mut server, "GET", "/v2/spaces?limit=100&cursor=c2")
        .with_body(page(spaces(1..2), None))
        .create();
    assert_eq!(
        ids(client(&server).spaces().list().items()),
        ["id-0", "id-1"]
    );
    last.assert();
    short.assert();
}

/// The first error among the next 10 items, which must be a pagination
/// error.
fn pagination_error(items: &mut arize::Items<arize::Space>) -> String {
    match items.take(10).find_map(Result::err) {
        Some(Error::Pagination(reason)) => reason,
        other => panic!("expected a pagination error, got {other:?}"),
    }
}

#[test]
fn a_cursor_cycle_a_b_a_ends_with_an_error_instead_of_looping() {
    within(GUARD, || {
        let mut server = mockito::Server::new();
        let first = expect(&mut server, "GET", "/v2/spaces?limit=100")
            .with_body(page(spaces(0..1), Some("A")))
            .create();
        let a = expect(&mut server, "GET", "/v2/spaces?limit=100&cursor=A")
            .with_body(page(spaces(1..2), Some("B")))
            .expect(1)
            .create();
        let b = expect(&mut server, "GET", "/v2/spaces?limit=100&cursor=B")
            .with_body(page(spaces(2..3), Some("A")))
            .expect(1)
            .create();

        let mut items = client(&server).spaces().list().items();
        let firsts: Vec<_> = items.by_ref().take(3).map(|s| s.unwrap().id).collect();
        assert_eq!(
            firsts,
            ["id-0", "id-1", "id-2"],
            "pages fetched are not lost"
        );
        let reason = pagination_error(&mut items);
        assert!(reason.contains("already used"), "{reason}");
        assert!(items.next().is_none());
        a.assert();
        b.assert();
        first.assert();
    });
}

#[test]
fn a_repeated_starting_cursor_is_caught_too() {
    within(GUARD, || {
        let mut server = mockito::Server::new();
        let start = expect(&mut server, "GET", "/v2/spaces?limit=100&cursor=S")
            .with_body(page(spaces(0..1), Some("S")))
            .expect(1)
            .create();
        let mut items = client(&server).spaces().list().cursor("S").items();
        assert!(items.next().unwrap().is_ok());
        pagination_error(&mut items);
        start.assert();
    });
}

#[test]
fn has_more_without_a_cursor_ends_with_an_error() {
    for pagination in [
        r#"{"has_more": true}"#,
        r#"{"has_more": true, "next_cursor": ""}"#,
        r#"{"has_more": true, "next_cursor": null}"#,
    ] {
        let mut server = mockito::Server::new();
        let only = expect(&mut server, "GET", "/v2/spaces?limit=100")
            .with_body(format!(r#"{{"spaces": [], "pagination": {pagination}}}"#))
            .expect(1)
            .create();
        let mut pages = client(&server).spaces().list().pages();
        assert!(pages.next().unwrap().is_ok());
        assert!(matches!(pages.next(), Some(Err(Error::Pagination(_)))));
        assert!(pages.next().is_none());
        only.assert();
    }
}

#[test]
fn a_single_send_does_not_follow_the_cursor() {
    let mut server = mockito::Server::new();
    let [first, second, _] = three_pages(&mut server);
    let page = client(&server).spaces().list().limit(2).send().unwrap();
    assert_eq!(page.len(), 2);
    first.assert();
    assert!(!second.matched());
}
