//! Destructive verbs ask on a terminal, and refuse without `--yes` off one;
//! tables fit the terminal. A terminal is made with `script`.

use std::process::Command;

use crate::common::{Cli, KEY, fake};

#[test]
fn off_a_terminal_a_delete_without_yes_is_refused_and_sends_nothing() {
    let fake = fake();
    for args in [
        vec!["spaces", "delete", "fraud"],
        vec!["organizations", "delete", "acme"],
        vec!["users", "delete", "alice@example.com"],
        vec![
            "spaces",
            "remove-user",
            "fraud",
            "--user-id",
            "alice@example.com",
        ],
        vec!["roles", "delete", "x"],
        vec![
            "resource-restrictions",
            "unrestrict",
            "--resource-id",
            "TW9kZWw6MQ==",
        ],
    ] {
        // A "y" on a pipe is not an answer: nobody saw the question.
        let run = Cli::against(&fake, &args).stdin("y\n").run();
        run.code(2);
        assert!(run.stderr.contains("pass --yes"), "{args:?}: {run:?}");
        assert_eq!(run.stdout, "");
    }
    assert!(
        fake.requests().iter().all(|r| r.method == "GET"),
        "{:?}",
        fake.requests()
    );
}

/// Runs `arize args…` with a terminal for stdin, stdout and stderr (through
/// `script`), typing `answer`. Returns what the terminal showed, or `None`
/// where `script` is not installed.
fn on_a_terminal(fake: &arize::testing::FakeServer, args: &str, answer: &str) -> Option<String> {
    // A terminal of 90 columns (`script`'s own has no size).
    terminal(fake, "stty rows 40 cols 90;", &[], args, answer)
}

/// Runs `setup` then `arize args…` on a terminal, with `env` besides.
fn terminal(
    fake: &arize::testing::FakeServer,
    setup: &str,
    env: &[(&str, &str)],
    args: &str,
    answer: &str,
) -> Option<String> {
    if !std::path::Path::new("/usr/bin/script").exists() {
        eprintln!("skipped: no /usr/bin/script to make a terminal");
        return None;
    }
    let home = crate::common::TempDir::new();
    let command = format!("{setup} {} {args}", env!("CARGO_BIN_EXE_arize"));
    // `timeout` bounds the run, whatever happens on the terminal.
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "printf '{answer}' | timeout 20 script -qec '{command}' /dev/null"
        ))
        .env("HOME", home.path())
        .env("ARIZE_BASE_URL", fake.url())
        .env("ARIZE_API_KEY", KEY)
        .env_remove("COLUMNS")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(!shown.contains(KEY));
    Some(shown)
}

#[test]
fn on_a_terminal_the_question_is_asked_and_answered() {
    let fake = fake();
    let Some(shown) = on_a_terminal(&fake, "spaces delete fraud", "n\\n") else {
        return;
    };
    assert!(
        shown.contains("Delete space \"fraud\" and everything in it, for good? [y/N]"),
        "{shown}"
    );
    assert!(shown.contains("Nothing was changed."), "{shown}");
    assert!(fake.requests().iter().all(|r| r.method == "GET"));

    let shown = on_a_terminal(&fake, "spaces delete fraud", "y\\n").unwrap();
    assert!(shown.contains("Deleted space \"fraud\"."), "{shown}");
    assert_eq!(
        fake.requests()
            .iter()
            .filter(|r| r.method == "DELETE")
            .count(),
        1
    );

    // --yes needs no answer, on a terminal too.
    let shown = on_a_terminal(&fake, "organizations delete acme --yes", "").unwrap();
    assert!(shown.contains("Deleted organization \"acme\"."), "{shown}");
}

#[test]
fn on_a_terminal_a_table_fits_its_width() {
    let fake = crate::common::seeded().spaces("acme", 3).start();
    let Some(shown) = on_a_terminal(&fake, "spaces list", "") else {
        return;
    };
    let lines: Vec<&str> = shown.lines().map(|l| l.trim_end_matches('\r')).collect();
    assert!(lines.iter().all(|l| l.chars().count() <= 90), "{shown}");
    // Wrapped, but the IDs whole: copied and pasted, they must not break.
    assert!(lines.len() > 5, "{shown}");
    let id = fake.space_id("fraud");
    assert!(lines.iter().any(|l| l.contains(&id)), "{shown}");
}

#[test]
fn a_table_takes_the_terminal_width_else_columns_else_80() {
    let fake = fake();
    let description = "word ".repeat(40);
    Cli::against(
        &fake,
        [
            "organizations",
            "create",
            "-n",
            "globex",
            "--description",
            &description,
        ],
    )
    .run()
    .code(0);
    // The widest line of `organizations list`: the table's width less its
    // two outer blanks (it could shrink to 60 columns).
    let widest = |setup: &str, env: &[(&str, &str)]| {
        let shown = terminal(&fake, setup, env, "organizations list", "")?;
        shown
            .lines()
            .map(|l| l.trim_end_matches('\r').chars().count())
            .max()
    };
    let Some(wide) = widest("stty rows 40 cols 120;", &[]) else {
        return;
    };
    assert_eq!(wide, 118);
    // A terminal that does not say its size: COLUMNS, else 80.
    assert_eq!(widest("", &[("COLUMNS", "100")]), Some(98));
    assert_eq!(widest("", &[("COLUMNS", "0")]), Some(78));
    assert_eq!(widest("", &[]), Some(78));
}
