//! A server that repeats its cursor: `--all` ends with an error and its
//! exit status, never a loop.

use crate::common::Cli;

fn page(name: &str, cursor: &str) -> String {
    format!(
        r#"{{"spaces": [{{"id": "U3BhY2U6{name}", "name": "{name}"}}],
            "pagination": {{"has_more": true, "next_cursor": "{cursor}"}}}}"#
    )
}

#[test]
fn a_repeated_cursor_ends_with_status_4_after_what_was_read() {
    let mut server = mockito::Server::new();
    let first = server
        .mock("GET", "/v2/spaces?limit=100")
        .with_body(page("a", "A"))
        .expect(1)
        .create();
    let second = server
        .mock("GET", "/v2/spaces?limit=100&cursor=A")
        .with_body(page("b", "B"))
        .expect(1)
        .create();
    // Back to A: following it would loop for ever.
    let third = server
        .mock("GET", "/v2/spaces?limit=100&cursor=B")
        .with_body(page("c", "A"))
        .expect(1)
        .create();
    let run = Cli::new(["spaces", "list", "--all", "-o", "ndjson"])
        .env("ARIZE_BASE_URL", server.url())
        .env("ARIZE_API_KEY", crate::common::KEY)
        .run();
    run.code(4);
    let names: Vec<_> = run
        .stdout
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).unwrap()["name"].clone())
        .collect();
    assert_eq!(names, ["a", "b", "c"]);
    assert!(
        run.stderr
            .starts_with("error: pagination stopped: page 3 sent a next_cursor already used"),
        "{run:?}"
    );
    assert!(
        !run.stderr.contains("--cursor"),
        "no resume hint into a loop: {run:?}"
    );
    first.assert();
    second.assert();
    third.assert();
}

#[test]
fn a_failure_mid_listing_says_where_to_resume() {
    let mut server = mockito::Server::new();
    let _first = server
        .mock("GET", "/v2/spaces?limit=100")
        .with_body(page("a", "A"))
        .create();
    let _broken = server
        .mock("GET", "/v2/spaces?limit=100&cursor=A")
        .with_status(400)
        .create();
    let run = Cli::new(["spaces", "list", "--all", "-o", "json"])
        .env("ARIZE_BASE_URL", server.url())
        .env("ARIZE_API_KEY", crate::common::KEY)
        .run();
    run.code(4);
    assert!(run.stdout.contains("\"name\": \"a\""));
    assert!(
        serde_json::from_str::<serde_json::Value>(&run.stdout).is_err(),
        "an incomplete listing is not a complete JSON document"
    );
    assert!(run.stderr.contains("--all --cursor A"), "{run:?}");
}
