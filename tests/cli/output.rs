//! The output formats, pinned: JSON pages as the API writes them, NDJSON,
//! CSV quoting and flattening, plain tables when piped, files.

use serde_json::json;

use crate::{
    commands::assert_private,
    common::{Cli, TempDir, fake, seeded},
};

#[test]
fn a_json_page_is_the_api_page_object() {
    let fake = seeded().spaces("acme", 3).start();
    let client = fake.client();
    let page = client.spaces().list().limit(2).send().unwrap();
    let run = Cli::against(&fake, ["spaces", "list", "--limit", "2", "-o", "json"]).run();
    // The API's order: items, then pagination.
    #[derive(serde::Serialize)]
    struct ApiPage<'a, T> {
        spaces: &'a [T],
        pagination: serde_json::Value,
    }
    let expected = ApiPage {
        spaces: page.items(),
        pagination: json!({"has_more": true, "next_cursor": page.next_cursor().unwrap()}),
    };
    // Byte for byte what serde_json writes for the whole page, 2-space
    // indented, with a final newline.
    assert_eq!(
        run.ok(),
        serde_json::to_string_pretty(&expected).unwrap() + "\n"
    );
    assert_eq!(
        run.stderr,
        format!(
            "More items: add --cursor {} for the next page, or --all for every page.\n",
            page.next_cursor().unwrap()
        )
    );

    // The next page, from the cursor printed.
    let next = Cli::against(
        &fake,
        [
            "spaces",
            "list",
            "-l",
            "2",
            "-c",
            page.next_cursor().unwrap(),
            "-o",
            "json",
        ],
    )
    .run()
    .json();
    assert_eq!(next["spaces"].as_array().unwrap().len(), 2);
    assert_eq!(next["pagination"], json!({"has_more": false}));

    let empty = Cli::against(
        &fake,
        ["organizations", "list", "--name", "nothing", "-o", "json"],
    )
    .run();
    assert_eq!(
        empty.ok(),
        "{\n  \"organizations\": [],\n  \"pagination\": {\n    \"has_more\": false\n  }\n}\n"
    );
}

#[test]
fn all_streams_every_page() {
    let fake = seeded().spaces("acme", 249).start();
    let run = Cli::against(&fake, ["spaces", "list", "--all", "-o", "json"]).run();
    let all = run.json();
    let names: Vec<_> = all["spaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names.len(), 250);
    assert_eq!(names[0], "fraud");
    assert_eq!(names[249], "space-00249");
    assert_eq!(all["pagination"], json!({"has_more": false}));
    assert_eq!(run.stderr, "");
    // Three pages of 100, no more.
    let lists = fake
        .requests()
        .iter()
        .filter(|r| r.url.starts_with("/v2/spaces"))
        .count();
    assert_eq!(lists, 3);

    let ndjson = Cli::against(
        &fake,
        ["spaces", "list", "--all", "--limit", "7", "-o", "ndjson"],
    )
    .run();
    assert_eq!(ndjson.ok().lines().count(), 250);
    let csv = Cli::against(&fake, ["spaces", "list", "--all", "-o", "csv"]).run();
    assert_eq!(csv.ok().lines().count(), 251, "one header, then every row");
    let table = Cli::against(&fake, ["spaces", "list", "--all"]).run();
    let lines: Vec<_> = table.ok().lines().collect();
    assert_eq!(lines.len(), 251, "one header for all pages");
    assert!(lines[0].starts_with("NAME "), "{}", lines[0]);
}

#[test]
fn csv_quotes_and_flattens() {
    let fake = fake();
    let description = "Fraud, \"risk\"\nand more";
    Cli::against(
        &fake,
        [
            "spaces",
            "create",
            "-n",
            "odd",
            "--organization",
            "acme",
            "--description",
            description,
        ],
    )
    .run()
    .code(0);
    let run = Cli::against(&fake, ["spaces", "get", "odd", "-o", "csv"]).run();
    let mut reader = csv::Reader::from_reader(run.ok().as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[7], "default_llm_integration.integration_id");
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[3], description);
    assert!(
        run.stdout.contains("\"Fraud, \"\"risk\"\"\nand more\""),
        "{}",
        run.stdout
    );

    // A role is its name, not a structure or a Python repr.
    let users = Cli::against(&fake, ["users", "list", "-o", "csv"]).run();
    assert!(users.ok().contains(",MEMBER,ACTIVE,"), "{}", users.stdout);
    assert!(users.stdout.contains(",ADMIN,ACTIVE,"), "{}", users.stdout);
}

#[test]
fn tables_are_plain_when_piped() {
    let fake = fake();
    let run = Cli::against(&fake, ["users", "list"]).run();
    let lines: Vec<_> = run.ok().lines().collect();
    assert_eq!(lines.len(), 3);
    let header: Vec<_> = lines[0].split_whitespace().collect();
    assert_eq!(
        header,
        ["NAME", "EMAIL", "ID", "ROLE", "STATUS", "CREATED_AT"]
    );
    // No borders, no colours, one row a line, columns found by awk.
    assert!(!run.stdout.contains('\u{1b}') && !run.stdout.contains('│'));
    let alice: Vec<_> = lines[1].split_whitespace().collect();
    assert_eq!(alice[..2], ["alice", "alice@example.com"]);
    assert_eq!(alice[3], "MEMBER");

    let one = Cli::against(&fake, ["organizations", "get", "acme"]).run();
    assert!(
        one.ok().starts_with("name         acme\nid           "),
        "{}",
        one.stdout
    );
    assert!(one.stdout.contains("\ndescription  -\n"), "{}", one.stdout);

    let none = Cli::against(&fake, ["roles", "list", "--is-custom"]).run();
    assert_eq!(none.ok(), "");
    assert_eq!(none.stderr, "No roles to display.\n");
}

#[test]
fn a_file_output_is_private_and_stdout_stays_empty() {
    let fake = fake();
    let dir = TempDir::new();
    let path = dir.path().join("Spaces.CSV");
    let run = Cli::against(&fake, ["spaces", "list", "-o"])
        .arg(&path)
        .run();
    assert_eq!(run.ok(), "");
    assert_eq!(run.stderr, format!("Saved to {}\n", path.display()));
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .starts_with("name,id,")
    );
    assert_private(&path);
    let json = dir.path().join("one.json");
    Cli::against(&fake, ["spaces", "get", "fraud", "-o"])
        .arg(&json)
        .run()
        .code(0);
    assert_private(&json);
}

#[test]
fn a_bad_output_is_status_5_before_any_request() {
    let fake = fake();
    for bad in ["yaml", "out.txt", "parquet"] {
        let run = Cli::against(&fake, ["spaces", "list", "-o", bad]).run();
        run.code(5);
        assert!(run.stderr.starts_with("error: invalid --output"), "{run:?}");
    }
    assert!(fake.requests().is_empty(), "{:?}", fake.requests());
    // A file that cannot be written is found once there is something to
    // write: a failed request leaves an existing file as it was.
    let dir = TempDir::new();
    let unwritable = dir.path().join("no/such/dir/out.json");
    let run = Cli::against(&fake, ["spaces", "list", "-o"])
        .arg(&unwritable)
        .run();
    assert!(
        run.code(5).stderr.contains("no/such/dir/out.json"),
        "{run:?}"
    );
}

#[test]
fn later_pages_of_a_piped_table_line_up_under_the_first() {
    let long = "a-much-longer-space-name-than-the-rest";
    let fake = seeded().space("acme", long).space("acme", "b").start();
    let run = Cli::against(&fake, ["spaces", "list", "--all", "-l", "2"]).run();
    let lines: Vec<_> = run.ok().lines().collect();
    assert_eq!(lines.len(), 4, "{run:?}");
    // The name column is as wide as the longest name of the first page
    // ("fraud" and the long name), two blanks apart, and the second page
    // ("b") keeps it.
    let id_at = long.len() + 2;
    assert_eq!(lines[0].find("ID"), Some(id_at), "{}", run.stdout);
    for (line, space) in lines[1..].iter().zip(["fraud", long, "b"]) {
        assert_eq!(
            line.find(&fake.space_id(space)),
            Some(id_at),
            "{}",
            run.stdout
        );
    }
}

#[test]
fn formats_by_name_and_by_file_extension() {
    let fake = fake();
    let table = Cli::against(&fake, ["spaces", "list", "-o", "table"]).run();
    assert!(table.ok().starts_with("NAME "), "{table:?}");
    let dir = TempDir::new();
    for name in ["out.ndjson", "out.jsonl"] {
        let path = dir.path().join(name);
        Cli::against(&fake, ["users", "list", "-o"])
            .arg(&path)
            .run()
            .code(0);
        let text = std::fs::read_to_string(&path).unwrap();
        let emails: Vec<String> = text
            .lines()
            .map(|line| {
                serde_json::from_str::<serde_json::Value>(line).unwrap()["email"].to_string()
            })
            .collect();
        assert_eq!(
            emails,
            ["\"alice@example.com\"", "\"bob@example.com\""],
            "{name}"
        );
    }
}
