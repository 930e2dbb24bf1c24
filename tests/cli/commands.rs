//! Every command against the fake: what it prints on stdout and stderr,
//! its exit status, and what the fake now holds.

use arize::testing::AccountRole;
use serde_json::json;

use crate::common::{Cli, fake, seeded};

#[test]
fn spaces_every_verb() {
    let fake = fake();
    let acme = fake.organization_id("acme");

    let run = Cli::against(
        &fake,
        [
            "spaces",
            "create",
            "-n",
            "ops",
            "--organization",
            "acme",
            "--description",
            "Ops team",
            "-o",
            "json",
        ],
    )
    .run();
    let created = run.json();
    assert_eq!(created["name"], "ops");
    assert_eq!(created["organization_id"], json!(acme));
    assert_eq!(created["description"], "Ops team");
    assert!(run.stderr.starts_with("Created space \"ops\" ("), "{run:?}");

    // By name, scoped to an organization, or by ID.
    let got = Cli::against(
        &fake,
        [
            "spaces",
            "get",
            "ops",
            "--organization",
            "acme",
            "-o",
            "json",
        ],
    )
    .run()
    .json();
    assert_eq!(got, created);
    let id = created["id"].as_str().unwrap();
    assert_eq!(
        Cli::against(&fake, ["spaces", "get", id, "-o", "json"])
            .run()
            .json(),
        created
    );

    let updated = Cli::against(
        &fake,
        [
            "spaces",
            "update",
            "ops",
            "--name",
            "ops2",
            "--clear-description",
            "-o",
            "json",
        ],
    )
    .run()
    .json();
    assert_eq!(
        (updated["name"].as_str(), updated["description"].as_str()),
        (Some("ops2"), Some(""))
    );

    let page = Cli::against(
        &fake,
        [
            "spaces",
            "list",
            "--organization-id",
            &acme,
            "-n",
            "ops",
            "-o",
            "json",
        ],
    )
    .run()
    .json();
    assert_eq!(page["spaces"].as_array().unwrap().len(), 1);
    assert_eq!(page["pagination"], json!({"has_more": false}));

    let member = Cli::against(
        &fake,
        [
            "spaces",
            "add-user",
            "ops2",
            "--user-id",
            "alice@example.com",
            "--role",
            "read-only",
            "-o",
            "json",
        ],
    )
    .run()
    .json();
    assert_eq!(member["user_id"], json!(fake.user_id("alice")));
    assert_eq!(
        member["role"],
        json!({"type": "PREDEFINED", "name": "READ_ONLY"})
    );
    let csv = Cli::against(
        &fake,
        [
            "spaces",
            "add-user",
            "ops2",
            "--user",
            "alice@example.com",
            "-r",
            "MEMBER",
            "-o",
            "csv",
        ],
    )
    .run();
    assert!(
        csv.ok().starts_with("id,user_id,space_id,role\n"),
        "{csv:?}"
    );
    assert!(csv.stdout.trim_end().ends_with(",MEMBER"), "{csv:?}");

    let removed = Cli::against(
        &fake,
        [
            "spaces",
            "remove-user",
            "ops2",
            "--user-id",
            "alice@example.com",
            "--yes",
        ],
    )
    .run();
    assert_eq!(removed.ok(), "");
    assert_eq!(
        removed.stderr,
        "Removed \"alice@example.com\" from space \"ops2\".\n"
    );

    let deleted = Cli::against(&fake, ["spaces", "delete", "ops2", "--force"]).run();
    assert_eq!(deleted.ok(), "");
    assert_eq!(deleted.stderr, "Deleted space \"ops2\".\n");
    let gone = Cli::against(&fake, ["spaces", "get", "ops2"]).run();
    assert_eq!(gone.code(4).stderr, "error: no space is named \"ops2\"\n");
    assert_eq!(gone.stdout, "");
}

#[test]
fn organizations_every_verb() {
    let fake = fake();
    let created = Cli::against(
        &fake,
        [
            "organizations",
            "create",
            "--name",
            "globex",
            "--description",
            "G",
            "-o",
            "json",
        ],
    )
    .run()
    .json();
    assert_eq!(
        (created["name"].as_str(), created["description"].as_str()),
        (Some("globex"), Some("G"))
    );
    let got = Cli::against(&fake, ["organizations", "get", "globex", "-o", "ndjson"]).run();
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(got.ok()).unwrap(),
        created
    );
    assert_eq!(got.stdout.lines().count(), 1);

    let updated = Cli::against(
        &fake,
        [
            "organizations",
            "update",
            "globex",
            "--description",
            "Globex Corp",
            "-o",
            "json",
        ],
    )
    .run()
    .json();
    assert_eq!(updated["description"], "Globex Corp");

    let listed = Cli::against(
        &fake,
        ["organizations", "list", "--name", "glo", "-o", "json"],
    )
    .run()
    .json();
    assert_eq!(listed["organizations"][0]["name"], "globex");

    let member = Cli::against(
        &fake,
        [
            "organizations",
            "add-user",
            "globex",
            "--user-id",
            "bob@example.com",
            "--role",
            "admin",
            "-o",
            "json",
        ],
    )
    .run()
    .json();
    assert_eq!(member["organization_id"], created["id"]);
    let removed = Cli::against(
        &fake,
        [
            "organizations",
            "remove-user",
            "globex",
            "--user-id",
            "bob@example.com",
            "-y",
        ],
    )
    .run();
    assert_eq!(removed.ok(), "");
    assert_eq!(
        removed.stderr,
        "Removed \"bob@example.com\" from organization \"globex\".\n"
    );
    let deleted = Cli::against(&fake, ["organizations", "delete", "globex", "--yes"]).run();
    assert_eq!(deleted.stderr, "Deleted organization \"globex\".\n");
    deleted.code(0);
}

#[test]
fn users_every_verb_but_delete() {
    let fake = seeded().invited_user("carol", AccountRole::Member).start();

    let listed = Cli::against(&fake, ["users", "list", "--status", "ACTIVE", "-o", "csv"]).run();
    assert_eq!(
        listed.ok().lines().next(),
        Some("name,email,id,role,status,is_developer,created_at")
    );
    assert_eq!(
        listed.stdout.lines().count(),
        3,
        "alice and bob: {listed:?}"
    );
    let invited = Cli::against(&fake, ["users", "list", "-s", "invited", "-o", "json"])
        .run()
        .json();
    assert_eq!(invited["users"][0]["email"], "carol@example.com");

    let alice = Cli::against(&fake, ["users", "get", "ALICE@example.com", "-o", "json"])
        .run()
        .json();
    assert_eq!(alice["id"], json!(fake.user_id("alice")));

    let updated = Cli::against(
        &fake,
        [
            "users",
            "update",
            "alice@example.com",
            "--full-name",
            "Alice A",
            "--is-not-developer",
            "-o",
            "json",
        ],
    )
    .run()
    .json();
    assert_eq!(
        (updated["name"].as_str(), updated["is_developer"].as_bool()),
        (Some("Alice A"), Some(false))
    );
    let developer = Cli::against(
        &fake,
        [
            "users",
            "update",
            "alice@example.com",
            "--is-developer",
            "-o",
            "json",
        ],
    )
    .run()
    .json();
    assert_eq!(developer["is_developer"], true);

    let resend = Cli::against(&fake, ["users", "resend-invitation", "carol@example.com"]).run();
    assert_eq!(resend.ok(), "");
    assert_eq!(
        resend.stderr,
        "Sent a new invitation to carol@example.com.\n"
    );
    assert_eq!(fake.invitations_sent("carol@example.com"), 1);

    let reset = Cli::against(&fake, ["users", "reset-password", "bob@example.com"]).run();
    assert_eq!(reset.ok(), "");

    let created = Cli::against(
        &fake,
        [
            "users",
            "create",
            "-n",
            "Dan",
            "-e",
            "dan@example.com",
            "-r",
            "member",
            "--invite-mode",
            "EMAIL_LINK",
            "-o",
            "json",
        ],
    )
    .run()
    .json();
    assert_eq!(
        (created["status"].as_str(), created["invite_mode"].as_str()),
        (Some("INVITED"), Some("EMAIL_LINK"))
    );
    assert!(created.get("temporary_password").is_none());
    let again = Cli::against(
        &fake,
        [
            "users",
            "create",
            "-n",
            "Dan",
            "-e",
            "dan@example.com",
            "-r",
            "member",
            "--invite-mode",
            "EMAIL_LINK",
            "-o",
            "json",
        ],
    )
    .run();
    assert!(
        again
            .stderr
            .starts_with("An invitation to dan@example.com was already pending"),
        "{again:?}"
    );
    again.code(0);
}

#[test]
fn a_temporary_password_is_printed_once_on_stdout() {
    let fake = fake();
    let run = Cli::against(
        &fake,
        [
            "users",
            "create",
            "--full-name",
            "Eve",
            "--email",
            "eve@example.com",
            "--role",
            "member",
            "--invite-mode",
            "temporary-password",
            "-o",
            "json",
        ],
    )
    .run();
    let created = run.json();
    let password = created["temporary_password"]
        .as_str()
        .expect("the password");
    assert!(!password.is_empty());
    assert_eq!(run.stdout.matches(password).count(), 1);
    assert!(!run.stderr.contains(password), "{run:?}");
    assert!(run.stderr.contains("it will not be shown again"), "{run:?}");

    // To a file: only there, and the file is the user's alone.
    let fake = fake_with_dir();
    let file = fake.1.path().join("frank.json");
    let run = Cli::against(
        &fake.0,
        [
            "users",
            "create",
            "-n",
            "Frank",
            "-e",
            "frank@example.com",
            "-r",
            "member",
            "--invite-mode",
            "TEMPORARY_PASSWORD",
            "-o",
        ],
    )
    .run_with_arg(&file);
    assert_eq!(run.ok(), "");
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let password = saved["temporary_password"].as_str().unwrap();
    assert!(!run.stderr.contains(password));
    assert_private(&file);
}

/// A fake and a directory for files.
fn fake_with_dir() -> (arize::testing::FakeServer, crate::common::TempDir) {
    (fake(), crate::common::TempDir::new())
}

/// Mode 0600.
pub fn assert_private(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "{}", path.display());
}

trait WithArg {
    fn run_with_arg(self, arg: &std::path::Path) -> crate::common::Run;
}

impl WithArg for Cli {
    fn run_with_arg(self, arg: &std::path::Path) -> crate::common::Run {
        self.arg(arg).run()
    }
}

#[test]
fn roles_every_verb() {
    let fake = fake();
    let created = Cli::against(
        &fake,
        [
            "roles",
            "create",
            "--name",
            "reviewer",
            "--permissions",
            "PROJECT_READ,space_read",
            "--description",
            "Reads",
            "-o",
            "json",
        ],
    )
    .run()
    .json();
    assert_eq!(
        created["permissions"],
        json!(["PROJECT_READ", "SPACE_READ"])
    );
    let got = Cli::against(&fake, ["roles", "get", "reviewer", "-o", "csv"]).run();
    assert!(got.ok().contains(",PROJECT_READ;SPACE_READ,"), "{got:?}");
    let updated = Cli::against(
        &fake,
        [
            "roles",
            "update",
            "reviewer",
            "--permissions",
            "PROJECT_READ",
            "--clear-description",
            "-o",
            "json",
        ],
    )
    .run()
    .json();
    assert_eq!(updated["permissions"], json!(["PROJECT_READ"]));
    let custom = Cli::against(&fake, ["roles", "list", "--is-custom", "-o", "json"])
        .run()
        .json();
    assert_eq!(custom["roles"].as_array().unwrap().len(), 1);
    let predefined = Cli::against(&fake, ["roles", "list", "--is-predefined", "-o", "json"])
        .run()
        .json();
    assert_eq!(predefined["roles"].as_array().unwrap().len(), 3);
    let bad = Cli::against(
        &fake,
        [
            "roles",
            "create",
            "--name",
            "x",
            "--permissions",
            "NOT_A_PERMISSION",
        ],
    )
    .run();
    bad.code(2);
    assert!(bad.stderr.contains("NOT_A_PERMISSION"), "{bad:?}");
    let deleted = Cli::against(&fake, ["roles", "delete", "reviewer", "--yes"]).run();
    assert_eq!(deleted.ok(), "");
    assert_eq!(deleted.stderr, "Deleted role \"reviewer\".\n");
}

#[test]
fn role_bindings_every_verb() {
    let fake = seeded()
        .custom_role("reviewer")
        .custom_role("auditor")
        .project("fraud", "model-a")
        .start();
    let project = fake.project_id("model-a");
    let created = Cli::against(
        &fake,
        [
            "role-bindings",
            "create",
            "--user-id",
            "alice@example.com",
            "--role-id",
            "reviewer",
            "--resource-type",
            "space",
            "--resource-id",
            "fraud",
            "-o",
            "json",
        ],
    )
    .run()
    .json();
    assert_eq!(created["role_id"], json!(fake.role_id("reviewer")));
    assert_eq!(created["resource_id"], json!(fake.space_id("fraud")));
    let id = created["id"].as_str().unwrap().to_owned();

    let got = Cli::against(&fake, ["role-bindings", "get", &id, "-o", "json"])
        .run()
        .json();
    assert_eq!(got, created);
    let listed = Cli::against(
        &fake,
        [
            "role-bindings",
            "list",
            "--resource-type",
            "SPACE",
            "--user-id",
            "alice@example.com",
            "-o",
            "json",
        ],
    )
    .run()
    .json();
    assert_eq!(listed["role_bindings"].as_array().unwrap().len(), 1);
    let updated = Cli::against(
        &fake,
        [
            "role-bindings",
            "update",
            &id,
            "--role-id",
            "auditor",
            "-o",
            "json",
        ],
    )
    .run()
    .json();
    assert_eq!(updated["role_id"], json!(fake.role_id("auditor")));

    let assigned = Cli::against(
        &fake,
        [
            "role-bindings",
            "assign",
            "--user-id",
            "bob@example.com",
            "--role-id",
            "reviewer",
            "--resource-type",
            "PROJECT",
            "--resource-id",
            &project,
            "-o",
            "json",
        ],
    )
    .run();
    assert!(
        assigned.stderr.starts_with("Created role binding"),
        "{assigned:?}"
    );
    let again = Cli::against(
        &fake,
        [
            "role-bindings",
            "assign",
            "--user-id",
            "bob@example.com",
            "--role-id",
            "reviewer",
            "--resource-type",
            "PROJECT",
            "--resource-id",
            &project,
            "-o",
            "json",
        ],
    )
    .run();
    assert!(
        again.stderr.starts_with("Unchanged: role binding"),
        "{again:?}"
    );
    assert_eq!(again.json(), assigned.json());
    let other_role = Cli::against(
        &fake,
        [
            "role-bindings",
            "assign",
            "--user-id",
            "bob@example.com",
            "--role-id",
            "auditor",
            "--resource-type",
            "PROJECT",
            "--resource-id",
            &project,
        ],
    )
    .run();
    assert!(
        other_role.stderr.starts_with("Updated role binding"),
        "{other_role:?}"
    );
    // A space is named by --resource-id alone: --space scopes project names.
    let run = Cli::against(
        &fake,
        [
            "role-bindings",
            "create",
            "--user-id",
            "bob@example.com",
            "--role-id",
            "reviewer",
            "--resource-type",
            "SPACE",
            "--resource-id",
            "fraud",
            "--space",
            "fraud",
        ],
    )
    .run();
    run.code(2);
    assert!(
        run.stderr.contains("--space scopes a project name"),
        "{run:?}"
    );

    let deleted = Cli::against(&fake, ["role-bindings", "delete", &id, "--yes"]).run();
    assert_eq!(deleted.stderr, format!("Deleted role binding {id}.\n"));
    let missing = Cli::against(&fake, ["role-bindings", "get", &id]).run();
    assert!(
        missing.code(4).stderr.starts_with("error: 404 Not Found"),
        "{missing:?}"
    );
}

#[test]
fn resource_restrictions_every_verb() {
    let fake = seeded()
        .project("fraud", "model-a")
        .restricted_project("fraud", "model-b")
        .start();
    let a = fake.project_id("model-a");
    let restricted = Cli::against(
        &fake,
        [
            "resource-restrictions",
            "restrict",
            "--resource-id",
            &a,
            "-o",
            "json",
        ],
    )
    .run()
    .json();
    assert_eq!(restricted["resource_id"], json!(a));
    let listed = Cli::against(
        &fake,
        [
            "resource-restrictions",
            "list",
            "-t",
            "PROJECT",
            "-o",
            "ndjson",
        ],
    )
    .run();
    assert_eq!(listed.ok().lines().count(), 2);
    let lifted = Cli::against(
        &fake,
        [
            "resource-restrictions",
            "unrestrict",
            "--resource-id",
            &a,
            "--yes",
        ],
    )
    .run();
    assert_eq!(lifted.stderr, format!("Lifted the restriction of {a}.\n"));
    let again = Cli::against(
        &fake,
        [
            "resource-restrictions",
            "unrestrict",
            "--resource-id",
            &a,
            "--yes",
        ],
    )
    .run();
    assert_eq!(again.ok(), "");
    assert_eq!(
        again.stderr,
        format!("the restriction of {a} was already gone: nothing to do.\n")
    );
}

#[test]
fn usage_errors_exit_2_and_send_nothing() {
    let fake = fake();
    // clap's own errors.
    Cli::against(&fake, ["spaces", "frobnicate"]).run().code(2);
    Cli::against(&fake, ["spaces", "list", "--limit", "many"])
        .run()
        .code(2);
    Cli::against(
        &fake,
        [
            "spaces",
            "add-user",
            "fraud",
            "--user-id",
            "x@y.z",
            "--role",
            "owner",
        ],
    )
    .run()
    .code(2);
    // The library's checks before sending.
    let run = Cli::against(&fake, ["spaces", "list", "--limit", "101"]).run();
    assert_eq!(
        run.code(2).stderr,
        "error: invalid limit: 101 is outside 1..=100 (nothing was sent)\n"
    );
    let run = Cli::against(&fake, ["spaces", "update", "fraud"]).run();
    run.code(2);
    assert!(
        fake.requests().iter().all(|r| r.method == "GET"),
        "{:?}",
        fake.requests()
    );
}

#[test]
fn api_failures_exit_4_with_the_library_sentence() {
    let fake = fake();
    let run = Cli::new(["spaces", "list"])
        .env("ARIZE_BASE_URL", fake.url())
        .env("ARIZE_API_KEY", "ak-wrong-key-0000000000000")
        .run();
    run.code(4);
    assert!(run.stderr.starts_with("error: 401 Unauthorized"), "{run:?}");
    assert_eq!(run.stderr.lines().count(), 1, "one line: {run:?}");
    assert!(!run.stderr.contains("ak-wrong-key"), "{run:?}");

    // Nothing listens there (the fake is gone).
    let url = fake.url().to_owned();
    drop(fake);
    let run = Cli::new(["organizations", "list"])
        .env("ARIZE_BASE_URL", &url)
        .env("ARIZE_API_KEY", crate::common::KEY)
        .run();
    run.code(4);
    assert!(
        run.stderr.starts_with("error: could not connect"),
        "{run:?}"
    );
}

#[test]
fn version_help_and_completions() {
    let run = Cli::new(["--version"]).run();
    assert_eq!(run.ok(), format!("arize {}\n", env!("CARGO_PKG_VERSION")));
    let help = Cli::new(["users", "delete", "--help"]).run();
    assert!(
        help.ok().contains("Examples:\n  arize users delete"),
        "{help:?}"
    );
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let run = Cli::new(["completions", shell]).run();
        assert!(run.ok().contains("role-bindings"), "{shell}");
    }
    Cli::new(["completions", "tcsh"]).run().code(2);
    // No subcommand: the help, as a usage error.
    Cli::new(Vec::<String>::new()).run().code(2);
}

#[test]
fn verbose_logs_requests_but_never_the_key() {
    let fake = fake();
    let run = Cli::against(&fake, ["spaces", "list", "-vv"]).run();
    run.code(0);
    assert!(run.stderr.contains("debug: [arize"), "{}", run.stderr);
    assert!(run.stderr.contains("/v2/spaces"), "{}", run.stderr);
    assert!(!run.stderr.contains("trace: [ureq"), "{}", run.stderr);
    // The beta warning shows with -v only, as in ax.
    assert!(
        !Cli::against(&fake, ["spaces", "list"])
            .run()
            .stderr
            .contains("beta")
    );
}
