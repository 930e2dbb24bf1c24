//! `arize fake serve` as a process: it prints its URL and key, and another
//! `arize` (or any script) talks to it.

use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use crate::common::{Cli, TempDir};

/// Kills the server however the test ends.
struct Serving(std::process::Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_seeded_fake_serves_other_processes() {
    let dir = TempDir::new();
    let seeds = dir.path().join("seeds.toml");
    std::fs::write(
        &seeds,
        "key = \"script-key\"\norganizations = [\"acme\"]\n\n[[users]]\nname = \"alice\"\norganizations = [\"acme\"]\n\n[[spaces]]\norganization = \"acme\"\ncount = 120\n\n[[spaces]]\norganization = \"acme\"\nname = \"agents\"\n\n[[user_keys]]\nname = \"laptop\"\nuser = \"alice\"\n",
    )
    .unwrap();
    let env_file = dir.path().join("fake.env");
    let mut child = Command::new(env!("CARGO_BIN_EXE_arize"))
        .args([
            "fake",
            "serve",
            "--space",
            "acme:fraud",
            "--service-key",
            "deployer:fraud",
        ])
        .args(["--latency-ms", "2", "--jitter-ms", "1", "--seeds"])
        .arg(&seeds)
        .arg("--env-file")
        .arg(&env_file)
        .env_clear()
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let _serving = Serving(child);
    // Its first two lines, read on a thread so the wait is bounded.
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let lines: Vec<String> = BufReader::new(stdout)
            .lines()
            .take(2)
            .map(Result::unwrap)
            .collect();
        let _ = send.send(lines);
    });
    let lines = receive
        .recv_timeout(Duration::from_secs(20))
        .expect("the fake prints its URL");
    let url = lines[0]
        .strip_prefix("ARIZE_BASE_URL=http://127.0.0.1:")
        .expect("a local URL");
    assert!(url.parse::<u16>().is_ok(), "{lines:?}");
    assert_eq!(lines[1], "ARIZE_API_KEY=script-key");
    let started = Instant::now();
    while !env_file.exists() && started.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(
        std::fs::read_to_string(&env_file).unwrap(),
        lines.join("\n") + "\n"
    );
    crate::commands::assert_private(&env_file);

    let base_url = lines[0].trim_start_matches("ARIZE_BASE_URL=");
    let run = Cli::new(["spaces", "list", "--all", "-o", "ndjson"])
        .env("ARIZE_BASE_URL", base_url)
        .env("ARIZE_API_KEY", "script-key")
        .run();
    assert_eq!(run.ok().lines().count(), 122);
    let alice = Cli::new(["users", "get", "alice@example.com", "-o", "json"])
        .env("ARIZE_BASE_URL", base_url)
        .env("ARIZE_API_KEY", "script-key")
        .run();
    assert_eq!(alice.json()["status"], "ACTIVE");
    let keys = Cli::new(["api-keys", "list", "--space", "fraud", "-o", "json"])
        .env("ARIZE_BASE_URL", base_url)
        .env("ARIZE_API_KEY", "script-key")
        .run();
    assert_eq!(keys.json()["api_keys"][0]["name"], "deployer");
    let mine = Cli::new([
        "api-keys",
        "list",
        "--created-by",
        "alice@example.com",
        "-o",
        "json",
    ])
    .env("ARIZE_BASE_URL", base_url)
    .env("ARIZE_API_KEY", "script-key")
    .run();
    assert_eq!(mine.json()["api_keys"][0]["name"], "laptop");
}

#[test]
fn inconsistent_seeds_are_a_usage_error() {
    let run = Cli::new(["fake", "serve", "--user", "alice:member:nowhere"]).run();
    run.code(2);
    assert!(run.stderr.starts_with("error: invalid seeds: "), "{run:?}");
}
