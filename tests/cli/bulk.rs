//! The bulk verbs over the library's bulk calls: users delete, spaces and
//! organizations add-user, role-bindings assign, users create --from-file.

use serde_json::json;

use crate::common::{Cli, TempDir, fake};

#[test]
fn bulk_delete_by_email_id_and_file_reports_each_user() {
    let fake = fake();
    let bob = fake.user_id("bob");
    let dir = TempDir::new();
    let list = dir.path().join("leavers.txt");
    std::fs::write(
        &list,
        "# leavers\nalice@example.com\n\nnobody@example.com\n",
    )
    .unwrap();
    let run = Cli::against(
        &fake,
        [
            "users",
            "delete",
            "ALICE@example.com",
            "--id",
            &bob,
            "--yes",
            "-o",
            "json",
            "--from-file",
        ],
    )
    .arg(&list)
    .run();
    run.code(0);
    // alice twice (case aside): deleted once.
    assert_eq!(
        run.json(),
        json!({"results": [
            {"user_id": fake.user_id("alice"), "email": "ALICE@example.com", "status": "deleted"},
            {"user_id": bob, "status": "deleted"},
            {"user_id": null, "email": "nobody@example.com", "status": "not_found"},
        ]})
    );
    assert_eq!(
        run.stderr,
        "Delete complete: 2 deleted, 0 failed, 1 not found.\n"
    );
    let deletes = fake
        .requests()
        .iter()
        .filter(|r| r.method == "DELETE")
        .count();
    assert_eq!(deletes, 2);
}

#[test]
fn a_failed_deletion_is_status_4_and_the_rest_go_on() {
    let fake = fake();
    // A 400 is not retried: the first user's delete fails, the second's
    // works (one at a time, so that the first is the first sent).
    let alice = fake.user_id("alice");
    let bob = fake.user_id("bob");
    fake.fail_next(1, 400);
    let run = Cli::against(
        &fake,
        [
            "users",
            "delete",
            &alice,
            &bob,
            "--yes",
            "-o",
            "csv",
            "--concurrency",
            "1",
        ],
    )
    .run();
    run.code(4);
    let lines: Vec<_> = run.stdout.lines().collect();
    assert_eq!(lines[0], "user_id,email,status,error");
    assert!(
        lines[1].starts_with(&format!("{alice},,failed,400 Bad Request")),
        "{run:?}"
    );
    assert_eq!(lines[2], format!("{bob},,deleted,"));
    assert_eq!(
        run.stderr,
        "Delete complete: 1 deleted, 1 failed, 0 not found.\nerror: 1 of 2 deletions failed\n"
    );
}

#[test]
fn nothing_to_delete_is_a_usage_error() {
    let fake = fake();
    let run = Cli::against(&fake, ["users", "delete", "--yes"]).run();
    run.code(2);
    assert!(
        run.stderr.starts_with("error: nothing to delete"),
        "{run:?}"
    );
    let dir = TempDir::new();
    let missing = dir.path().join("missing.txt");
    Cli::against(&fake, ["users", "delete", "--yes", "--from-file"])
        .arg(&missing)
        .run()
        .code(5);
}

#[test]
fn add_many_users_to_a_space_or_an_organization() {
    let fake = crate::common::seeded()
        .user("carol", arize::testing::AccountRole::Member, ["acme"])
        .start();
    let run = Cli::against(
        &fake,
        [
            "spaces",
            "add-user",
            "fraud",
            "--user-id",
            "alice@example.com,bob@example.com",
            "--user",
            "nobody@example.com",
            "--role",
            "member",
            "-o",
            "json",
        ],
    )
    .run();
    run.code(4);
    let results = run.json()["results"].clone();
    assert_eq!(results[0]["input"], "alice@example.com");
    assert_eq!(results[0]["status"], "added");
    assert!(results[0]["id"].is_string());
    assert_eq!(results[1]["status"], "added");
    assert_eq!(results[2]["input"], "nobody@example.com");
    assert_eq!(results[2]["status"], "failed");
    assert!(
        results[2]["error"]
            .as_str()
            .unwrap()
            .contains("nobody@example.com"),
        "{run:?}"
    );
    assert_eq!(
        run.stderr,
        "Add complete: 2 done, 1 failed.\nerror: 1 of 3 failed\n"
    );

    // From a file, one at a time: each user once, in order.
    let dir = TempDir::new();
    let list = dir.path().join("team.txt");
    std::fs::write(&list, "carol@example.com\n# bob\n").unwrap();
    let run = Cli::against(
        &fake,
        [
            "organizations",
            "add-user",
            "acme",
            "--role",
            "read-only",
            "--concurrency",
            "1",
            "--user-id",
            &fake.user_id("alice"),
            "-o",
            "csv",
            "--from-file",
        ],
    )
    .arg(&list)
    .run();
    let lines: Vec<_> = run.ok().lines().collect();
    assert_eq!(lines[0], "input,status,id,error");
    assert!(lines[1].starts_with(&format!("{},added,", fake.user_id("alice"))));
    assert!(lines[2].starts_with("carol@example.com,added,"));
    assert_eq!(lines.len(), 3);
    assert_eq!(run.stderr, "Add complete: 2 done, 0 failed.\n");

    // Nobody at all is a usage error, before anything is sent.
    let before = fake.requests().len();
    Cli::against(&fake, ["spaces", "add-user", "fraud", "--role", "member"])
        .run()
        .code(2);
    assert_eq!(fake.requests().len(), before);
}

#[test]
fn assign_a_role_to_many_users() {
    let fake = crate::common::seeded().custom_role("reviewer").start();
    let assign = || {
        Cli::against(
            &fake,
            [
                "role-bindings",
                "assign",
                "--user-id",
                "alice@example.com",
                "--user-id",
                "bob@example.com",
                "--role-id",
                "reviewer",
                "--resource-type",
                "SPACE",
                "--resource-id",
                "fraud",
                "-o",
                "ndjson",
            ],
        )
        .run()
    };
    let first = assign();
    let rows: Vec<serde_json::Value> = first
        .ok()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter().all(|row| row["status"] == "created"),
        "{first:?}"
    );
    assert_eq!(first.stderr, "Assign complete: 2 done, 0 failed.\n");
    let again = assign();
    assert!(
        again
            .ok()
            .lines()
            .all(|line| line.contains("\"status\":\"unchanged\"")),
        "{again:?}"
    );
}

#[test]
fn create_many_users_from_a_csv_file() {
    let fake = crate::common::fake();
    let dir = TempDir::new();
    let csv = dir.path().join("team.csv");
    std::fs::write(
        &csv,
        "Email, Full Name, invite_mode\n\
         dan@example.com, Dan, TEMPORARY_PASSWORD\n\
         eve@example.com,\"Eve, Jr.\",\n",
    )
    .unwrap();
    let run = Cli::against(
        &fake,
        [
            "users",
            "create",
            "--role",
            "member",
            "--invite-mode",
            "EMAIL_LINK",
            "-o",
            "json",
            "--from-file",
        ],
    )
    .arg(&csv)
    .run();
    let results = run.json()["results"].clone();
    assert_eq!(results[0]["input"], "dan@example.com");
    assert_eq!(results[0]["status"], "created");
    assert!(results[0]["temporary_password"].as_str().unwrap().len() > 8);
    assert_eq!(results[1]["status"], "created");
    assert!(results[1].get("temporary_password").is_none());
    assert!(run.stderr.contains("shown this once"), "{run:?}");
    let eve = Cli::against(&fake, ["users", "get", "eve@example.com", "-o", "json"]).run();
    assert_eq!(eve.json()["name"], "Eve, Jr.");
    assert_eq!(eve.json()["status"], "INVITED");

    // A bad row anywhere: nothing is sent.
    std::fs::write(
        &csv,
        "email,name,role\nfay@example.com,Fay,member\ngus@example.com,Gus,boss\n",
    )
    .unwrap();
    let before = fake.requests().len();
    let run = Cli::against(
        &fake,
        ["users", "create", "--invite-mode", "NONE", "--from-file"],
    )
    .arg(&csv)
    .run();
    run.code(2);
    assert!(run.stderr.contains("line 3"), "{run:?}");
    assert_eq!(fake.requests().len(), before);
}
