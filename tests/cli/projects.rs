//! `arize projects …`, and projects named by name within their space
//! wherever a project is named (role bindings, restrictions).

use serde_json::json;

use crate::common::{Cli, seeded};

#[test]
fn projects_every_verb() {
    let fake = seeded()
        .space("acme", "agents")
        .project("agents", "search")
        .start();
    let agents = fake.space_id("agents");

    let run = Cli::against(
        &fake,
        [
            "projects", "create", "-n", "checkout", "-s", "agents", "-o", "json",
        ],
    )
    .run();
    let created = run.json();
    assert_eq!(created["name"], "checkout");
    assert_eq!(created["space_id"], json!(agents));
    let id = created["id"].as_str().unwrap().to_owned();
    assert_eq!(
        run.stderr,
        format!("Created project \"checkout\" ({id}).\n")
    );

    // By name within its space, or by ID (with or without a space).
    for args in [
        vec!["projects", "get", "checkout", "--space", "agents"],
        vec!["projects", "get", "checkout", "--space", &agents],
        vec!["projects", "get", &id],
        vec!["projects", "get", &id, "--space", "fraud"],
    ] {
        let got = Cli::against(&fake, &args).arg("-o").arg("json").run();
        assert_eq!(got.json(), created, "{args:?}");
    }
    // A name without its space is refused before anything is sent.
    fake.clear_requests();
    let run = Cli::against(&fake, ["projects", "get", "checkout"]).run();
    run.code(2);
    assert!(
        run.stderr
            .contains("project names are unique only within a space"),
        "{run:?}"
    );
    assert_eq!(fake.requests().len(), 0);
    let run = Cli::against(&fake, ["projects", "get", "nothing", "-s", "agents"]).run();
    run.code(4);
    assert_eq!(run.stdout, "");

    // Listing: by space (exact name or ID), by space-name substring, name.
    let by_space = Cli::against(
        &fake,
        ["projects", "list", "--space", "agents", "-o", "json"],
    )
    .run()
    .json();
    let names = |page: &serde_json::Value| -> Vec<String> {
        page["projects"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names(&by_space), ["search", "checkout"]);
    assert_eq!(by_space["pagination"], json!({"has_more": false}));
    let by_substring = Cli::against(
        &fake,
        [
            "projects",
            "list",
            "--space-name",
            "AGE",
            "-n",
            "check",
            "-o",
            "json",
        ],
    )
    .run()
    .json();
    assert_eq!(names(&by_substring), ["checkout"]);
    let csv = Cli::against(&fake, ["projects", "list", "-s", "agents", "-o", "csv"]).run();
    let lines: Vec<&str> = csv.ok().lines().collect();
    assert_eq!(lines[0], "name,id,space_id,project_type,created_at");
    assert!(lines[2].starts_with(&format!("checkout,{id},{agents},")));
    // A page of one: 15 by default, as ax; the cursor on stderr.
    let one = Cli::against(&fake, ["projects", "list", "-s", "agents", "-l", "1"]).run();
    assert!(one.ok().starts_with("NAME"), "{one:?}");
    assert!(
        one.stderr.starts_with("More items: add --cursor "),
        "{one:?}"
    );

    let renamed = Cli::against(
        &fake,
        [
            "projects", "update", "checkout", "-s", "agents", "--name", "till", "-o", "json",
        ],
    )
    .run()
    .json();
    assert_eq!(
        (renamed["name"].as_str(), &renamed["id"]),
        (Some("till"), &json!(id))
    );
    let patch = fake
        .requests()
        .into_iter()
        .find(|r| r.method == "PATCH")
        .unwrap();
    assert_eq!(patch.body, r#"{"name":"till"}"#);
    // update without --name: a usage error (a rename is the only change).
    Cli::against(&fake, ["projects", "update", &id])
        .run()
        .code(2);

    let off = Cli::against(&fake, ["projects", "delete", "till", "-s", "agents"]).run();
    off.code(2);
    assert!(off.stderr.contains("pass --yes"), "{off:?}");
    let deleted = Cli::against(&fake, ["projects", "delete", "till", "-s", "agents", "-f"]).run();
    assert_eq!(deleted.ok(), "");
    assert_eq!(deleted.stderr, "Deleted project \"till in agents\".\n");
    Cli::against(&fake, ["projects", "get", &id]).run().code(4);
}

#[test]
fn bindings_and_restrictions_take_a_project_by_name_with_its_space() {
    let fake = seeded()
        .custom_role("reviewer")
        .project("fraud", "model-a")
        .start();
    let project = fake.project_id("model-a");
    let bound = Cli::against(
        &fake,
        [
            "role-bindings",
            "assign",
            "--user-id",
            "alice@example.com",
            "--role-id",
            "reviewer",
            "--resource-type",
            "PROJECT",
            "--resource-id",
            "model-a",
            "--space",
            "fraud",
            "-o",
            "json",
        ],
    )
    .run()
    .json();
    assert_eq!(bound["resource_id"], json!(project));
    // --space names a project's space; a space needs none.
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

    let restricted = Cli::against(
        &fake,
        [
            "resource-restrictions",
            "restrict",
            "--resource-id",
            "model-a",
            "-s",
            "fraud",
            "-o",
            "json",
        ],
    )
    .run();
    assert_eq!(restricted.json()["resource_id"], json!(project));
    assert_eq!(restricted.stderr, format!("Restricted {project}.\n"));
    let lifted = Cli::against(
        &fake,
        [
            "resource-restrictions",
            "unrestrict",
            "--resource-id",
            "model-a",
            "--space",
            "fraud",
            "--yes",
        ],
    )
    .run();
    assert_eq!(
        lifted.stderr,
        "Lifted the restriction of model-a in fraud.\n"
    );
}
