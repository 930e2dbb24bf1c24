use super::*;
use crate::test_resource::{Thing, client, page};

fn things(server: &mockito::ServerGuard) -> List<Thing> {
    List::new(client(server))
}

#[test]
fn items_follow_cursors_lazily_and_skip_empty_pages() {
    let mut server = mockito::Server::new();
    let first = server
        .mock("GET", "/v2/things?limit=100")
        .with_body(page(&["a", "b"], Some("c1")))
        .create();
    let empty = server
        .mock("GET", "/v2/things?limit=100&cursor=c1")
        .with_body(page(&[], Some("c2")))
        .create();
    let last = server
        .mock("GET", "/v2/things?limit=100&cursor=c2")
        .with_body(page(&["c"], None))
        .create();

    let mut items = things(&server).items();
    assert!(
        !first.matched(),
        "lazy: nothing is sent before the first item"
    );
    assert_eq!(items.next().unwrap().unwrap().id, "a");
    assert_eq!(items.next().unwrap().unwrap().id, "b");
    first.assert();
    assert_eq!(items.resume_cursor(), None);
    assert_eq!(items.next().unwrap().unwrap().id, "c");
    assert_eq!(items.resume_cursor(), Some("c2"));
    assert!(items.next().is_none());
    assert!(items.next().is_none(), "fused");
    empty.assert();
    last.assert();
}

#[test]
fn send_fetches_one_page_with_the_single_page_default() {
    let mut server = mockito::Server::new();
    let mock = server
        .mock("GET", "/v2/things?name=x&limit=50&cursor=c")
        .with_body(page(&["a"], Some("d")))
        .create();
    let listing = things(&server).name("x").cursor("c");
    let page = listing.send().unwrap();
    mock.assert();
    assert_eq!(page.next_cursor(), Some("d"));
    assert!(page.has_more());
    assert_eq!((page.len(), page.is_empty()), (1, false));
    assert_eq!((&page).into_iter().count(), 1);
    let by_value: Vec<Thing> = page.clone().into_iter().collect();
    assert_eq!(by_value, page.items());
    assert_eq!(page.clone().into_items(), page.items());
    assert_eq!(
        serde_json::to_value(page.clone()).unwrap(),
        serde_json::json!({"items": [{"id": "a", "name": "a"}], "has_more": true, "next_cursor": "d"})
    );
}

#[test]
fn a_repeated_cursor_ends_the_iteration_after_its_page() {
    let mut server = mockito::Server::new();
    let pages = [
        ("/v2/things?limit=100", page(&["a"], Some("A"))),
        ("/v2/things?limit=100&cursor=A", page(&["b"], Some("B"))),
        ("/v2/things?limit=100&cursor=B", page(&["c"], Some("A"))),
    ];
    let mocks: Vec<_> = pages
        .iter()
        .map(|(path, body)| server.mock("GET", *path).with_body(body).expect(1).create())
        .collect();
    let mut items = things(&server).items();
    let seen: Vec<_> = items.by_ref().take(10).collect();
    assert_eq!(seen.len(), 4, "three items, then the error: {seen:?}");
    assert!(matches!(seen[3], Err(Error::Pagination(_))), "{seen:?}");
    assert!(items.next().is_none());
    mocks.iter().for_each(mockito::Mock::assert);
}

#[test]
fn has_more_without_a_usable_cursor_is_an_error_not_the_end() {
    for pagination in [
        r#"{"has_more": true}"#,
        r#"{"has_more": true, "next_cursor": ""}"#,
    ] {
        let mut server = mockito::Server::new();
        let body =
            format!(r#"{{"things": [{{"id": "a", "name": "a"}}], "pagination": {pagination}}}"#);
        let mock = server
            .mock("GET", "/v2/things?limit=100")
            .with_body(body)
            .expect(1)
            .create();
        let mut pages = things(&server).pages();
        assert_eq!(pages.next().unwrap().unwrap().len(), 1);
        assert!(matches!(pages.next(), Some(Err(Error::Pagination(_)))));
        assert!(pages.next().is_none());
        mock.assert();
    }
}

#[test]
fn an_error_is_yielded_once_and_never_requested_again() {
    let mut server = mockito::Server::new();
    let first = server
        .mock("GET", "/v2/things?limit=2")
        .with_body(page(&["a", "b"], Some("c1")))
        .create();
    let broken = server
        .mock("GET", "/v2/things?limit=2&cursor=c1")
        .with_status(500)
        .expect(1)
        .create();
    let mut items = things(&server).limit(2).items();
    assert_eq!(items.by_ref().take(2).count(), 2);
    assert!(matches!(items.next(), Some(Err(Error::Server(_)))));
    assert_eq!(items.resume_cursor(), Some("c1"));
    assert!(items.next().is_none());
    first.assert();
    broken.assert();
}

#[test]
fn invalid_listings_fail_before_any_request() {
    let mut server = mockito::Server::new();
    let nothing = server.mock("GET", mockito::Matcher::Any).expect(0).create();
    let cases = [
        things(&server).limit(0),
        things(&server).limit(101),
        things(&server).cursor(""),
        things(&server).name(&"é".repeat(256)),
    ];
    for listing in cases {
        assert!(matches!(
            listing.clone().send(),
            Err(Error::InvalidRequest { .. })
        ));
        let mut pages = listing.pages();
        assert!(matches!(
            pages.next(),
            Some(Err(Error::InvalidRequest { .. }))
        ));
        assert!(pages.next().is_none());
    }
    nothing.assert();
}

#[test]
fn limits_at_the_bounds_are_sent() {
    let mut server = mockito::Server::new();
    for limit in [1, 100] {
        let mock = server
            .mock("GET", format!("/v2/things?limit={limit}").as_str())
            .with_body(page(&[], None))
            .create();
        let page = things(&server).limit(limit).send().unwrap();
        assert_eq!((page.len(), page.is_empty()), (0, true));
        assert!(!page.has_more());
        mock.assert();
    }
}
