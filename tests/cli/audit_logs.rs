//! `arize audit-logs list`: the filters sent as the library sends them,
//! `variables` parsed in JSON and flattened in CSV and tables, `--all` over
//! many pages.

use serde_json::json;

use crate::common::{Cli, fake};

/// The fake's audit log after creating and deleting a space, by the fake's
/// administrator.
fn with_entries() -> (arize::testing::FakeServer, String) {
    let fake = fake();
    let client = fake.client();
    let space = client.spaces().create("ops", "acme").send().unwrap();
    client.spaces().delete(&space).unwrap();
    (fake, space.id)
}

#[test]
fn variables_are_json_in_json_and_flat_text_in_csv_and_tables() {
    let (fake, space) = with_entries();
    let run = Cli::against(&fake, ["audit-logs", "list", "-o", "json"]).run();
    let page = run.json();
    let entries = page["audit_logs"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{run:?}");
    // Newest first; variables an object, not a string of JSON.
    assert_eq!(entries[0]["operation_name"], "delete_space");
    assert_eq!(entries[0]["variables"], json!({"space_id": space}));
    assert_eq!(entries[0]["user_id"], json!(fake.admin_user_id()));
    assert_eq!(entries[1]["operation_name"], "create_space");
    assert_eq!(page["pagination"], json!({"has_more": false}));

    let ndjson = Cli::against(&fake, ["audit-logs", "list", "-o", "ndjson"]).run();
    let first: serde_json::Value =
        serde_json::from_str(ndjson.ok().lines().next().unwrap()).unwrap();
    assert_eq!(first["variables"], json!({"space_id": space}));

    let csv = Cli::against(&fake, ["audit-logs", "list", "-o", "csv"]).run();
    let lines: Vec<&str> = csv.ok().lines().collect();
    assert_eq!(
        lines[0],
        "created_at,id,user_id,ip,operation_type,operation_name,variables,operation_text"
    );
    assert!(
        lines[1].contains(&format!(",delete_space,space_id={space},")),
        "{csv:?}"
    );

    let table = Cli::against(&fake, ["audit-logs", "list"]).run();
    let lines: Vec<&str> = table.ok().lines().collect();
    assert_eq!(
        lines[0].split_whitespace().collect::<Vec<_>>(),
        [
            "CREATED_AT",
            "USER_ID",
            "OPERATION_TYPE",
            "OPERATION_NAME",
            "VARIABLES"
        ]
    );
    assert!(
        lines[1].ends_with(&format!("space_id={space}")),
        "{table:?}"
    );
}

#[test]
fn filters_are_sent_as_the_library_sends_them() {
    let (fake, _) = with_entries();
    fake.clear_requests();
    let run = Cli::against(
        &fake,
        [
            "audit-logs",
            "list",
            "--start-time",
            "2025-12-01",
            "--end-time",
            "2026-01-31T09:30:00+01:00",
            "--user",
            &fake.admin_user_id(),
            "--operation-type",
            "mutation",
            "--operation-name",
            "delete_space",
            "--operation-name",
            "create_space",
            "-o",
            "ndjson",
        ],
    )
    .run();
    assert_eq!(run.ok().lines().count(), 2, "{run:?}");
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    let url = &requests[0].url;
    for part in [
        "start_time=2025-12-01T00%3A00%3A00Z",
        "end_time=2026-01-31T08%3A30%3A00Z",
        "operation_type=MUTATION",
        "operation_name=delete_space&operation_name=create_space",
        "limit=50",
    ] {
        assert!(url.contains(part), "{part} in {url}");
    }

    // A time that is not one: a usage error, nothing sent.
    fake.clear_requests();
    let run = Cli::against(&fake, ["audit-logs", "list", "--start-time", "yesterday"]).run();
    run.code(2);
    assert!(run.stderr.contains("expected RFC 3339"), "{run:?}");
    // A window the wrong way round: refused by the library, nothing sent.
    let run = Cli::against(
        &fake,
        [
            "audit-logs",
            "list",
            "--start-time",
            "2026-02-01",
            "--end-time",
            "2026-01-01",
        ],
    )
    .run();
    run.code(2);
    assert_eq!(fake.requests().len(), 0);
    // The account without audit logging: the API's 403, status 4.
    fake.set_audit_logging(false);
    let run = Cli::against(&fake, ["audit-logs", "list"]).run();
    run.code(4);
    assert!(run.stderr.starts_with("error: 403 Forbidden"), "{run:?}");
}

#[test]
fn all_reads_every_page_of_the_audit_log() {
    let fake = fake();
    let client = fake.client();
    // 3 pages of 100, and 5 more: each create is an entry.
    for n in 0..305 {
        client
            .projects()
            .create(format!("p{n:03}"), "fraud")
            .send()
            .unwrap();
    }
    fake.clear_requests();
    let run = Cli::against(
        &fake,
        [
            "audit-logs",
            "list",
            "--all",
            "--start-time",
            "2025-12-01",
            "-o",
            "ndjson",
        ],
    )
    .run();
    let names: Vec<String> = run
        .ok()
        .lines()
        .map(|line| {
            let entry: serde_json::Value = serde_json::from_str(line).unwrap();
            entry["operation_text"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(names.len(), 305);
    // Newest first, none twice.
    assert!(names[0].contains("p304"), "{}", names[0]);
    assert!(names[304].contains("p000"), "{}", names[304]);
    let gets = fake.requests();
    assert_eq!(gets.len(), 4, "{gets:?}");
    assert!(gets.iter().all(|r| r.url.contains("limit=100")));
    assert_eq!(run.stderr, "");
}
