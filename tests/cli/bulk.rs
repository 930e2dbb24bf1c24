//! `users delete` in bulk over `Users::delete_many`.

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
