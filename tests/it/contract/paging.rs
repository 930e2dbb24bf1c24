//! `send()` fetches one page; `items()` and `pages()` follow the cursors
//! lazily, read through short and empty pages, end after one error, and
//! never loop.

use arize::{Error, Items, Resource};
use mockito::{Mock, ServerGuard};
use serde_json::json;

use super::Row;
use crate::{
    common::*,
    raw::{GUARD, within},
};

const IDS: [&str; 5] = ["i0", "i1", "i2", "i3", "i4"];

/// Three pages at `limit`: i0 and i1, i2 and i3, then i4.
fn three_pages<R: Resource>(server: &mut ServerGuard, row: &Row<R>, limit: u32) -> [Mock; 3] {
    [
        (row.page_path(limit), row.page(&IDS[0..2], Some("c2"))),
        (
            row.cursor_path(limit, "c2"),
            row.page(&IDS[2..4], Some("c3")),
        ),
        (row.cursor_path(limit, "c3"), row.page(&IDS[4..], None)),
    ]
    .map(|(path, body)| expect(server, "GET", &path).with_body(body).create())
}

fn next_id<R: Resource>(row: &Row<R>, items: &mut Items<R>) -> String {
    (row.id)(&items.next().unwrap().unwrap()).to_owned()
}

fn follows_cursors_lazily<R: Resource>(server: &mut ServerGuard, row: &Row<R>) {
    let (client, name) = (client(server), row.name);

    // Lazily: nothing before the first `next()`, then a page when reached.
    let [first, second, third] = three_pages(server, row, 2);
    let mut items = (row.list)(&client).limit(2).items();
    assert!(!first.matched(), "{name}: sent before it was needed");
    assert_eq!(
        [next_id(row, &mut items), next_id(row, &mut items)],
        IDS[0..2]
    );
    assert!(first.matched() && !second.matched(), "{name}");
    assert_eq!(
        items.resume_cursor(),
        None,
        "{name}: still on the first page"
    );
    assert_eq!(next_id(row, &mut items), "i2");
    assert!(second.matched(), "{name}");
    assert_eq!(
        items.resume_cursor(),
        Some("c2"),
        "{name}: the page being drained"
    );
    assert_eq!(items.take(1).count(), 1, "{name}");
    assert!(!third.matched(), "{name}: page 3 was never needed");

    // Every page, with its cursor.
    let mocks = three_pages(server, row, 3);
    let pages: Vec<_> = (row.list)(&client).limit(3).pages().take(10).collect();
    let pages: Vec<_> = pages.into_iter().map(Result::unwrap).collect();
    let sizes: Vec<_> = pages.iter().map(|page| page.len()).collect();
    assert_eq!(sizes, [2, 2, 1], "{name}");
    let cursors: Vec<_> = pages.iter().map(|page| page.next_cursor()).collect();
    assert_eq!(cursors, [Some("c2"), Some("c3"), None], "{name}");
    let more: Vec<_> = pages.iter().map(|page| page.has_more()).collect();
    assert_eq!(more, [true, true, false], "{name}");
    mocks.iter().for_each(Mock::assert);

    // Every item.
    let mocks = three_pages(server, row, 4);
    assert_eq!(row.ids((row.list)(&client).limit(4).items()), IDS, "{name}");
    mocks.iter().for_each(Mock::assert);

    // One page only, and a new listing resumed from its cursor.
    let mocks = three_pages(server, row, 5);
    let page = (row.list)(&client).limit(5).send().unwrap();
    assert_eq!(page.len(), 2, "{name}");
    assert!(
        !mocks[1].matched(),
        "{name}: send() does not follow the cursor"
    );
    let resumed = (row.list)(&client)
        .limit(5)
        .cursor(page.next_cursor().unwrap());
    assert_eq!(row.ids(resumed.items()), IDS[2..], "{name}");
    mocks.iter().for_each(Mock::assert);
}

#[test]
fn a_listing_fetches_each_page_when_reached_and_follows_its_cursor() {
    let mut server = mockito::Server::new();
    each_row!(|row| follows_cursors_lazily(&mut server, row));
}

fn reads_through_short_and_empty_pages<R: Resource>(server: &mut ServerGuard, row: &Row<R>) {
    let client = client(server);
    // Pages of 100 by default: a short one and an empty one say more follows.
    let mocks = [
        (row.page_path(100), row.page(&["i0"], Some("c2"))),
        (row.cursor_path(100, "c2"), row.page(&[], Some("c3"))),
        (row.cursor_path(100, "c3"), row.page(&["i1"], None)),
    ]
    .map(|(path, body)| {
        expect(server, "GET", &path)
            .with_body(body)
            .expect(2)
            .create()
    });

    assert_eq!(
        row.ids((row.list)(&client).items()),
        ["i0", "i1"],
        "{}",
        row.name
    );
    let pages: Vec<_> = (row.list)(&client).pages().take(10).collect();
    let pages: Vec<_> = pages.into_iter().map(Result::unwrap).collect();
    let sizes: Vec<_> = pages.iter().map(|page| page.len()).collect();
    assert_eq!(sizes, [1, 0, 1], "{}", row.name);
    let more: Vec<_> = pages.iter().map(|page| page.has_more()).collect();
    assert_eq!(more, [true, true, false], "{}", row.name);
    let cursors: Vec<_> = pages.iter().map(|page| page.next_cursor()).collect();
    assert_eq!(cursors, [Some("c2"), Some("c3"), None], "{}", row.name);
    mocks.iter().for_each(Mock::assert);
}

#[test]
fn short_and_empty_pages_with_more_to_come_are_not_the_end() {
    let mut server = mockito::Server::new();
    each_row!(|row| reads_through_short_and_empty_pages(&mut server, row));
}

fn ends_after_one_error<R: Resource>(server: &mut ServerGuard, row: &Row<R>) {
    let (client, name) = (client(server), row.name);
    let failing = |server: &mut ServerGuard, limit| {
        let first = expect(server, "GET", &row.page_path(limit))
            .with_body(row.page(&IDS[0..2], Some("c2")))
            .expect(1)
            .create();
        let second = expect(server, "GET", &row.cursor_path(limit, "c2"))
            .with_status(401)
            .with_body(problem(401, "Unauthorized", "key revoked"))
            .expect(1)
            .create();
        [first, second]
    };

    let mocks = failing(server, 2);
    let mut items = (row.list)(&client).limit(2).items();
    assert_eq!(row.ids(items.by_ref().take(2)), IDS[0..2], "{name}");
    let error = items.next().unwrap().unwrap_err();
    assert!(matches!(error, Error::Unauthorized(_)), "{name}: {error:?}");
    assert_eq!(items.resume_cursor(), Some("c2"), "{name}: where it failed");
    for _ in 0..5 {
        assert!(
            items.next().is_none(),
            "{name}: the page is not asked again"
        );
    }
    mocks.iter().for_each(Mock::assert);

    let mocks = failing(server, 3);
    let mut pages = (row.list)(&client).limit(3).pages();
    assert_eq!(pages.next().unwrap().unwrap().len(), 2, "{name}");
    let error = pages.next().unwrap().unwrap_err();
    assert!(matches!(error, Error::Unauthorized(_)), "{name}: {error:?}");
    assert!(pages.next().is_none() && pages.next().is_none(), "{name}");
    mocks.iter().for_each(Mock::assert);
}

#[test]
fn an_error_on_a_later_page_is_yielded_once_then_the_listing_ends() {
    let mut server = mockito::Server::new();
    each_row!(|row| ends_after_one_error(&mut server, row));
}

/// Asserts a pagination error saying that a cursor came back.
fn assert_repeated<T: std::fmt::Debug>(name: &str, result: &arize::Result<T>) {
    assert!(
        matches!(result, Err(Error::Pagination(reason)) if reason.contains("already used")),
        "{name}: {result:?}"
    );
}

fn stops_at_a_cursor_seen_before<R: Resource>(server: &mut ServerGuard, row: &Row<R>) {
    let (client, name) = (client(server), row.name);
    // A, B, then A again, through an empty page: the items read are kept.
    let mocks = [
        (row.page_path(100), row.page(&["i0"], Some("A"))),
        (row.cursor_path(100, "A"), row.page(&[], Some("B"))),
        (row.cursor_path(100, "B"), row.page(&["i1"], Some("A"))),
    ]
    .map(|(path, body)| {
        expect(server, "GET", &path)
            .with_body(body)
            .expect(1)
            .create()
    });
    let seen: Vec<_> = (row.list)(&client).items().take(10).collect();
    assert_eq!(
        seen.len(),
        3,
        "{name}: two items, the error, the end: {seen:?}"
    );
    let ids: Vec<_> = seen[..2]
        .iter()
        .map(|item| (row.id)(item.as_ref().unwrap()))
        .collect();
    assert_eq!(ids, ["i0", "i1"], "{name}");
    assert_repeated(name, &seen[2]);
    mocks.iter().for_each(Mock::assert);

    // The cursor a listing started from counts too.
    let start = expect(server, "GET", &row.cursor_path(7, "S"))
        .with_body(row.page(&["i0"], Some("S")))
        .expect(1)
        .create();
    let pages: Vec<_> = (row.list)(&client)
        .limit(7)
        .cursor("S")
        .pages()
        .take(10)
        .collect();
    assert_eq!(pages.len(), 2, "{name}: {pages:?}");
    assert_eq!(pages[0].as_ref().unwrap().len(), 1, "{name}");
    assert_repeated(name, &pages[1]);
    start.assert();
}

#[test]
fn a_cursor_seen_before_ends_the_listing_with_a_pagination_error() {
    within(GUARD, || {
        let mut server = mockito::Server::new();
        each_row!(|row| stops_at_a_cursor_seen_before(&mut server, row));
    });
}

fn needs_a_cursor_to_go_on<R: Resource>(server: &mut ServerGuard, row: &Row<R>) {
    let client = client(server);
    let paginations = [
        json!({"has_more": true}),
        json!({"has_more": true, "next_cursor": ""}),
        json!({"has_more": true, "next_cursor": null}),
    ];
    for (limit, pagination) in (1..).zip(paginations) {
        let body = json!({row.field: [], "pagination": pagination}).to_string();
        let only = expect(server, "GET", &row.page_path(limit))
            .with_body(body)
            .expect(1)
            .create();
        let mut pages = (row.list)(&client).limit(limit).pages();
        assert!(pages.next().unwrap().is_ok(), "{}: {pagination}", row.name);
        let error = pages.next().unwrap().unwrap_err();
        assert!(
            matches!(error, Error::Pagination(_)),
            "{}: {error:?}",
            row.name
        );
        assert!(pages.next().is_none(), "{}: {pagination}", row.name);
        only.assert();
    }
}

#[test]
fn has_more_without_a_cursor_ends_with_a_pagination_error() {
    let mut server = mockito::Server::new();
    each_row!(|row| needs_a_cursor_to_go_on(&mut server, row));
}

fn sends_limit_and_cursor_as_given<R: Resource>(server: &mut ServerGuard, row: &Row<R>) {
    let client = client(server);
    let encoded = "abc%2B%2F%3D%3F%26limit%3D1%23x%0D%0A";
    let mock = expect(server, "GET", &row.cursor_path(7, encoded))
        .match_body(mockito::Matcher::Missing)
        .with_body(row.page(&[], None))
        .expect(1)
        .create();
    let page = (row.list)(&client)
        .limit(7)
        .cursor("abc+/=?&limit=1#x\r\n")
        .send()
        .unwrap();
    assert!(page.is_empty() && !page.has_more(), "{}", row.name);
    assert_eq!(page.next_cursor(), None, "{}", row.name);
    mock.assert();
}

#[test]
fn an_explicit_limit_and_a_hostile_cursor_are_sent_each_as_one_query_value() {
    let mut server = mockito::Server::new();
    each_row!(|row| sends_limit_and_cursor_as_given(&mut server, row));
}
