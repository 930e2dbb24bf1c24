//! The profiles `ax` writes, read unchanged; the precedence of profiles
//! and environment; masked keys; fields arize cannot honour refused.

use crate::common::{Cli, KEY, TempDir, fake};

/// The contract's full API-key profile, as `ax` writes it, with its
/// routing pointed at a local server (`api_host`/`api_scheme`, the port
/// from `ARIZE_API_PORT`, as `ax` needs too).
fn full_profile(host_port: &str) -> String {
    let (host, _) = host_port.split_once(':').unwrap();
    format!(
        r#"[profile]
name = "full"

[auth]
auth_method = "api-key"
api_key = "${{ARIZE_API_KEY}}"

[routing]
api_host = "{host}"
api_scheme = "http"
app_host = "app.arize.com"
app_scheme = "https"
otlp_host = "otlp.arize.com"
otlp_scheme = "https"
flight_host = "flight.arize.com"
flight_port = "443"
flight_scheme = "grpc+tls"

[transport]
stream_max_workers = 8
stream_max_queue_bound = "${{AX_QB:5000}}"
pyarrow_max_chunksize = 10000
max_http_payload_size_mb = 8

[security]
request_verify = true

[output]
format = "json"

[update]
enabled = false
check_interval_hours = 6.0
"#
    )
}

/// The contract's minimal profile, on `single_host`/`single_port`.
fn minimal_profile(host_port: &str, key: &str) -> String {
    let (host, port) = host_port.split_once(':').unwrap();
    format!(
        "[profile]\nname = \"default\"\n\n[auth]\napi_key = \"{key}\"\n\n[routing]\nsingle_host = \"{host}\"\nsingle_port = \"{port}\"\napi_scheme = \"http\"\n"
    )
}

fn host_port(fake: &arize::testing::FakeServer) -> String {
    fake.url().trim_start_matches("http://").to_owned()
}

#[test]
fn an_ax_profile_works_unchanged_and_sets_the_output_format() {
    let fake = fake();
    let home = TempDir::new();
    home.profile("full", &full_profile(&host_port(&fake)));
    home.activate("full");
    let port = host_port(&fake).split_once(':').unwrap().1.to_owned();
    let run = Cli::in_home(["spaces", "list"], home.path())
        .env("ARIZE_API_KEY", KEY)
        .env("ARIZE_API_PORT", &port)
        .run();
    // JSON, from the profile's [output] format.
    assert_eq!(run.json()["spaces"][0]["name"], "fraud");
    assert_eq!(run.stderr, "", "no warning for any key ax writes");
}

#[test]
fn precedence_flag_then_active_profile_then_environment() {
    let fake = fake();
    let other = crate::common::fake();
    other.client(); // a second server, which the wrong choice would reach
    let home = TempDir::new();
    home.profile("good", &minimal_profile(&host_port(&fake), KEY));
    home.profile(
        "bad",
        &minimal_profile(&host_port(&other), "ak-wrong-but-long-0000"),
    );
    let count = |fake: &arize::testing::FakeServer| fake.requests().len();

    // No active profile: the environment.
    let run = Cli::in_home(["organizations", "list", "-o", "json"], home.path())
        .env("ARIZE_BASE_URL", fake.url())
        .env("ARIZE_API_KEY", KEY)
        .run();
    run.code(0);
    assert_eq!(count(&fake), 1);

    // The active profile wins over the environment (as in ax)...
    home.activate("bad");
    let run = Cli::in_home(["organizations", "list"], home.path())
        .env("ARIZE_BASE_URL", fake.url())
        .env("ARIZE_API_KEY", KEY)
        .run();
    run.code(4);
    assert_eq!((count(&fake), count(&other)), (1, 1));
    assert!(run.stderr.starts_with("error: 401 Unauthorized"), "{run:?}");
    // The hint names the file that holds the key to fix.
    assert!(
        run.stderr
            .contains("check the API key (from auth.api_key of the profile bad ("),
        "{run:?}"
    );

    // ...and --profile, or ARIZE_PROFILE, over the active one.
    Cli::in_home(["organizations", "list", "--profile", "good"], home.path())
        .run()
        .code(0);
    Cli::in_home(["organizations", "list"], home.path())
        .env("ARIZE_PROFILE", "good")
        .run()
        .code(0);
    assert_eq!((count(&fake), count(&other)), (3, 1));

    let missing = Cli::in_home(["spaces", "list", "--profile", "nope"], home.path()).run();
    missing.code(1);
    assert!(
        missing.stderr.starts_with("error: no profile \"nope\""),
        "{missing:?}"
    );
}

#[test]
fn no_key_anywhere_is_a_configuration_error() {
    let run = Cli::new(["spaces", "list"]).run();
    run.code(1);
    assert!(
        run.stderr
            .starts_with("error: no API key: set ARIZE_API_KEY"),
        "{run:?}"
    );
}

#[test]
fn profiles_list_and_show_mask_the_key() {
    let fake = fake();
    let home = TempDir::new();
    home.profile("good", &minimal_profile(&host_port(&fake), KEY));
    home.profile("env", &full_profile(&host_port(&fake)));
    home.activate("good");
    let list = Cli::in_home(["profiles", "list", "-o", "json"], home.path()).run();
    let profiles = list.json();
    assert_eq!(profiles["profiles"][0]["name"], "env");
    assert_eq!(profiles["profiles"][0]["api_key"], "${ARIZE_API_KEY}");
    assert_eq!(profiles["profiles"][1]["name"], "good");
    assert_eq!(profiles["profiles"][1]["active"], true);
    assert_eq!(profiles["profiles"][1]["api_key"], "ak-c…");
    assert_eq!(profiles["profiles"][1]["endpoint"], fake.url());

    let show = Cli::in_home(["profiles", "show"], home.path()).run();
    let key_line = show
        .ok()
        .lines()
        .find(|line| line.starts_with("auth.api_key"));
    assert_eq!(
        key_line.map(|l| l.split_whitespace().collect::<Vec<_>>()),
        Some(vec!["auth.api_key", "ak-c…"])
    );
    let expanded = Cli::in_home(
        ["profiles", "show", "env", "--expand", "-o", "json"],
        home.path(),
    )
    .env("ARIZE_API_KEY", KEY)
    .run()
    .json();
    assert_eq!(expanded["auth"]["api_key"], "ak-c…");
    assert_eq!(expanded["transport"]["stream_max_queue_bound"], "5000");

    Cli::in_home(["profiles", "use", "env"], home.path())
        .run()
        .code(0);
    let active = std::fs::read_to_string(home.path().join(".arize/.active_profile")).unwrap();
    assert_eq!(active, "env");
    Cli::in_home(["profiles", "use", "nope"], home.path())
        .run()
        .code(1);
}

#[test]
fn what_arize_cannot_honour_is_an_error_naming_the_field() {
    let home = TempDir::new();
    let cases = [
        (
            "[auth]\nauth_method = \"oauth\"\n[auth.oauth]\naccess_token = \"eyJ\"\n",
            "auth.auth_method",
        ),
        (
            "[auth]\napi_key = \"k-long-enough-key\"\n[security]\nrequest_verify = \"${AX_VERIFY:false}\"\n",
            "security.request_verify",
        ),
        (
            "[auth]\napi_key = \"k-long-enough-key\"\n[output]\nformat = \"parquet\"\n",
            "output.format",
        ),
        (
            "[auth]\napi_key = \"k-long-enough-key\"\n[routing]\nregion = \"EU\"\nbase_domain = \"corp.example\"\n",
            "routing",
        ),
        (
            "[auth]\napi_key = \"${ARIZE_CLI_TEST_UNSET}\"\n",
            "ARIZE_CLI_TEST_UNSET",
        ),
        ("[profile]\nname = \"x\"\n", "auth.api_key"),
    ];
    for (text, field) in cases {
        home.profile("p", text);
        let run = Cli::in_home(["spaces", "list", "--profile", "p"], home.path()).run();
        run.code(1);
        assert!(run.stderr.contains(field), "{field}: {run:?}");
    }
    // A syntax error says where, not what: the line may hold the key.
    home.profile("p", &format!("[auth]\napi_key = \"{KEY}\"\noops\n"));
    let run = Cli::in_home(["spaces", "list", "--profile", "p"], home.path()).run();
    run.code(1);
    assert!(
        run.stderr.contains("is not valid TOML at line 3"),
        "{run:?}"
    );
}

#[test]
fn an_unknown_profile_key_draws_a_warning_and_is_ignored() {
    let fake = fake();
    let home = TempDir::new();
    let text = minimal_profile(&host_port(&fake), KEY) + "[output]\nfromat = \"json\"\n";
    home.profile("typo", &text);
    let run = Cli::in_home(["spaces", "list", "--profile", "typo"], home.path()).run();
    run.code(0);
    assert_eq!(
        run.stderr,
        "warning: profile \"typo\": unknown key output.fromat ignored\n"
    );
}

#[test]
fn arize_api_port_applies_to_a_region_as_in_ax() {
    let home = TempDir::new();
    home.profile(
        "eu",
        "[auth]\napi_key = \"ak-a-literal-key-1234\"\n[routing]\nregion = \"eu\"\n",
    );
    let endpoint = |port: Option<&str>| {
        let mut cli = Cli::in_home(["profiles", "list", "-o", "json"], home.path());
        if let Some(port) = port {
            cli = cli.env("ARIZE_API_PORT", port);
        }
        cli.run().json()["profiles"][0]["endpoint"].clone()
    };
    assert_eq!(endpoint(None), "https://api.eu-west-1a.arize.com");
    assert_eq!(
        endpoint(Some("8443")),
        "https://api.eu-west-1a.arize.com:8443"
    );
}
