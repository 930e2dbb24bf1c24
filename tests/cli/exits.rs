//! Exit statuses the other files do not reach: a configuration the library
//! refuses, and a reader that stops reading.

use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
};

use crate::common::{Cli, KEY, seeded};

#[test]
fn a_configuration_the_library_refuses_is_status_1() {
    let run = Cli::new(["spaces", "list"])
        .env("ARIZE_API_KEY", KEY)
        .env("ARIZE_REGION", "mars")
        .run();
    run.code(1);
    assert!(run.stderr.contains("mars"), "{run:?}");
}

#[test]
fn a_reader_that_goes_away_ends_the_listing_quietly() {
    let fake = seeded().spaces("acme", 2_000).start();
    let home = crate::common::TempDir::new();
    let mut child = Command::new(env!("CARGO_BIN_EXE_arize"))
        .args(["spaces", "list", "--all", "-o", "ndjson"])
        .env_clear()
        .env("HOME", home.path())
        .env("ARIZE_BASE_URL", fake.url())
        .env("ARIZE_API_KEY", KEY)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // `arize … | head -1`: one line read, then the pipe closed.
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with('{'), "{first}");
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}
