//! `arize api-keys …`: keys listed without secrets, a new secret shown once
//! (or written to an `--env-file`), a refresh that keeps the key's expiry.

use serde_json::json;

use crate::common::{Cli, TempDir, seeded};

/// Whether any request so far went to this method and path prefix.
fn sent(fake: &arize::testing::FakeServer, method: &str, path: &str) -> usize {
    fake.requests()
        .iter()
        .filter(|r| r.method == method && r.url.starts_with(path))
        .count()
}

#[test]
fn create_shows_the_secret_once_and_it_works() {
    let fake = seeded().start();
    let run = Cli::against(
        &fake,
        [
            "api-keys",
            "create",
            "-n",
            "laptop",
            "--expires-at",
            "2030-01-01",
            "-o",
            "json",
        ],
    )
    .run();
    let created = run.json();
    let secret = fake.api_key_secret("laptop");
    assert_eq!(created["key"], json!(secret));
    assert_eq!(created["name"], "laptop");
    assert_eq!(created["expires_at"], "2030-01-01T00:00:00Z");
    assert_eq!(
        run.stderr,
        format!(
            "Created API key \"laptop\" ({}).\nSave this key now: it will not be shown again.\n",
            created["id"].as_str().unwrap()
        )
    );
    // The secret authenticates, and a listing never shows it.
    let listed = Cli::new(["api-keys", "list", "-o", "json"])
        .env("ARIZE_BASE_URL", fake.url())
        .env("ARIZE_API_KEY", &secret)
        .run();
    let keys = listed.json();
    assert_eq!(keys["api_keys"][0]["name"], "laptop");
    assert!(!listed.stdout.contains(&secret), "{listed:?}");
}

#[test]
fn create_writes_the_secret_to_an_env_file_only() {
    let fake = seeded().start();
    let dir = TempDir::new();
    let env = dir.path().join(".env");
    std::fs::write(&env, "OTHER=1\nARIZE_API_KEY='old' # ci\n").unwrap();
    let run = Cli::against(&fake, ["api-keys", "create", "-n", "ci", "--env-file"])
        .arg(&env)
        .run();
    assert_eq!(run.ok(), "");
    let secret = fake.api_key_secret("ci");
    assert_eq!(
        std::fs::read_to_string(&env).unwrap(),
        format!("OTHER=1\nARIZE_API_KEY='{secret}' # ci\n")
    );
    assert!(run.stderr.ends_with(&format!(
        "The secret is in {} (ARIZE_API_KEY).\n",
        env.display()
    )));
    assert!(!run.stderr.contains(&secret));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&env).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn an_env_file_is_checked_before_a_key_is_made_and_a_failed_write_revokes_it() {
    let fake = seeded().start();
    let dir = TempDir::new();
    let run = Cli::against(&fake, ["api-keys", "create", "-n", "ci", "--env-file"])
        .arg(dir.path().join("keys.txt"))
        .run();
    run.code(5);
    assert!(run.stderr.contains("must be named .env"), "{run:?}");
    assert_eq!(sent(&fake, "POST", "/v2/api-keys"), 0);

    // A folder named .env passes the checks, and cannot be written.
    let env = dir.path().join(".env");
    std::fs::create_dir(&env).unwrap();
    let run = Cli::against(&fake, ["api-keys", "create", "-n", "ci", "--env-file"])
        .arg(&env)
        .run();
    run.code(5);
    assert!(run.stderr.contains("the new key was revoked"), "{run:?}");
    assert_eq!(run.stdout, "");
    assert_eq!(sent(&fake, "PUT", "/v2/api-keys/"), 1);
    let revoked = Cli::against(
        &fake,
        ["api-keys", "list", "--status", "REVOKED", "-o", "json"],
    )
    .run()
    .json();
    assert_eq!(revoked["api_keys"][0]["name"], "ci");
}

#[test]
fn service_keys_by_flags_or_assignments_with_names() {
    let fake = seeded()
        .space("acme", "agents")
        .custom_role("reviewer")
        .start();
    let run = Cli::against(
        &fake,
        [
            "api-keys",
            "create-service-key",
            "-n",
            "deployer",
            "--organization",
            "acme",
            "--space",
            "fraud",
            "--space",
            "agents=custom:reviewer",
            "--account-role",
            "ADMIN",
            "-o",
            "json",
        ],
    )
    .run();
    let created = run.json();
    assert_eq!(created["key_type"], "SERVICE");
    assert_eq!(created["key"], json!(fake.api_key_secret("deployer")));
    let body = fake
        .requests()
        .into_iter()
        .rfind(|r| r.method == "POST")
        .unwrap()
        .body;
    let body: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        body["organizations"],
        json!([{
            "org_id": fake.organization_id("acme"),
            "spaces": [
                {"space_id": fake.space_id("fraud")},
                {"space_id": fake.space_id("agents"),
                 "role": {"type": "CUSTOM", "id": fake.role_id("reviewer")}},
            ],
        }])
    );
    assert_eq!(
        body["account_role"],
        json!({"type": "PREDEFINED", "name": "ADMIN"})
    );

    // ax's --assignments, inline.
    let assignments = r#"[{"org_id": "acme", "role": "MEMBER",
        "spaces": [{"space": "agents", "role": {"type": "PREDEFINED", "name": "ADMIN"}}]}]"#;
    let run = Cli::against(
        &fake,
        [
            "api-keys",
            "create-service-key",
            "-n",
            "bot",
            "-a",
            assignments,
            "-o",
            "json",
        ],
    )
    .run();
    assert_eq!(run.json()["name"], "bot");

    // Listed by space name; the secret never shows.
    let listed = Cli::against(
        &fake,
        ["api-keys", "list", "--space", "agents", "-o", "csv"],
    )
    .run();
    assert!(
        listed
            .ok()
            .starts_with("name,id,key_type,status,redacted_key,")
    );
    assert!(listed.stdout.contains("deployer,"), "{listed:?}");
    assert!(!listed.stdout.contains(&fake.api_key_secret("deployer")));

    for (args, message) in [
        (vec!["-a", "[]"], "invalid --assignments: no organization"),
        (
            vec!["-a", r#"{"org_id": "acme"}"#],
            "needs a list of \"spaces\"",
        ),
        (vec!["-a", "{oops"], "invalid --assignments"),
        (vec![], "needs an organization and spaces"),
    ] {
        let run = Cli::against(&fake, ["api-keys", "create-service-key", "-n", "x"])
            .args(&args)
            .run();
        run.code(2);
        assert!(run.stderr.contains(message), "{args:?}: {run:?}");
    }
}

#[test]
fn listing_service_keys_needs_a_space() {
    let fake = seeded().start();
    let run = Cli::against(&fake, ["api-keys", "list", "--key-type", "SERVICE"]).run();
    run.code(2);
    assert!(run.stderr.contains("name one with --space"), "{run:?}");
    Cli::against(
        &fake,
        ["api-keys", "list", "--key-type", "USER", "--space", "fraud"],
    )
    .run()
    .code(2);
    assert!(fake.requests().is_empty());
}

#[test]
fn refresh_keeps_the_expiry_read_from_the_listing() {
    let fake = seeded().space("acme", "agents").start();
    let created = Cli::against(
        &fake,
        [
            "api-keys",
            "create",
            "-n",
            "ci",
            "--expires-at",
            "2030-01-01T00:00:00Z",
            "-o",
            "json",
        ],
    )
    .run()
    .json();
    let id = created["id"].as_str().unwrap();
    let run = Cli::against(
        &fake,
        [
            "api-keys",
            "refresh",
            id,
            "--grace-period-seconds",
            "600",
            "-o",
            "json",
        ],
    )
    .run();
    let refreshed = run.json();
    assert_eq!(refreshed["id"], json!(id));
    assert_ne!(refreshed["key"], created["key"]);
    assert_eq!(refreshed["key"], json!(fake.api_key_secret("ci")));
    let body = fake
        .requests()
        .into_iter()
        .rfind(|r| r.method == "POST")
        .unwrap()
        .body;
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&body).unwrap(),
        json!({"expires_at": "2030-01-01T00:00:00Z", "grace_period_seconds": 600})
    );

    // Into an .envrc, as direnv reads it.
    let dir = TempDir::new();
    let envrc = dir.path().join(".envrc");
    let run = Cli::against(&fake, ["api-keys", "refresh", id, "--env-file"])
        .arg(&envrc)
        .run();
    assert_eq!(run.ok(), "");
    assert_eq!(
        std::fs::read_to_string(&envrc).unwrap(),
        format!("export ARIZE_API_KEY='{}'\n", fake.api_key_secret("ci"))
    );

    // A key that is not among the user keys: its space, or its expiry.
    let fake = seeded().service_key("deployer", "fraud").start();
    let deployer = fake.api_key_id("deployer");
    let run = Cli::against(&fake, ["api-keys", "refresh", &deployer]).run();
    run.code(4);
    assert!(run.stderr.contains("with --space"), "{run:?}");
    assert_eq!(sent(&fake, "POST", "/v2/api-keys/"), 0);
    for extra in [["--space", "fraud"], ["--no-expiry", "--verbose"]] {
        let run = Cli::against(&fake, ["api-keys", "refresh", &deployer, "-o", "json"])
            .args(extra)
            .run();
        assert_eq!(
            run.json()["key"],
            json!(fake.api_key_secret("deployer")),
            "{extra:?}"
        );
    }
}

#[test]
fn revoke_asks_first() {
    let fake = seeded().user_key("alice", "old").start();
    let id = fake.api_key_id("old");
    let run = Cli::against(&fake, ["api-keys", "revoke", &id]).run();
    run.code(2);
    assert_eq!(sent(&fake, "PUT", "/v2/api-keys/"), 0);
    let run = Cli::against(&fake, ["api-keys", "revoke", &id, "--force"]).run();
    run.ok();
    assert_eq!(run.stderr, format!("Revoked API key {id}.\n"));
    // Again: already revoked is fine.
    Cli::against(&fake, ["api-keys", "revoke", &id, "-y"])
        .run()
        .ok();
}
