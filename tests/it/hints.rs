//! Errors say what to do: where the refused key came from, what to check
//! when nothing answers, the length given beside the length allowed, and a
//! hint that does not repeat the server.

use std::net::TcpListener;

use crate::common::*;
use arize::{ClientBuilder, Error};

/// A 401 from a client made by `builder`.
fn unauthorized(builder: impl FnOnce(&str) -> ClientBuilder) -> String {
    let mut server = mockito::Server::new();
    let mock = server
        .mock("GET", mockito::Matcher::Any)
        .with_status(401)
        .with_body(problem(401, "Unauthorized", "invalid token"))
        .expect(1)
        .create();
    let error = builder(&server.url())
        .build()
        .unwrap()
        .spaces()
        .get(ID_1)
        .unwrap_err();
    mock.assert();
    assert!(matches!(error, Error::Unauthorized(_)), "{error:?}");
    error.api_error().unwrap().hint().unwrap().to_owned()
}

#[test]
fn a_401_names_where_the_key_came_from() {
    let from_env = unauthorized(|url| {
        ClientBuilder::from_env_with(|name| match name {
            "ARIZE_API_KEY" => Some(KEY.to_owned()),
            "ARIZE_BASE_URL" => Some(url.to_owned()),
            _ => None,
        })
    });
    assert_eq!(
        from_env,
        "check the API key (from ARIZE_API_KEY): it may be wrong or revoked"
    );
    let in_code = unauthorized(|url| arize::Client::builder().api_key(KEY).base_url(url));
    assert_eq!(
        in_code,
        "check the API key (from ClientBuilder::api_key): it may be wrong or revoked"
    );
    let from_file = unauthorized(|url| {
        let builder = arize::Client::builder().api_key(KEY).base_url(url);
        // The key given as its own source is not shown either.
        builder.api_key_source(format!("the profile prod.toml ({KEY})"))
    });
    assert_eq!(
        from_file,
        "check the API key (from the profile prod.toml ([REDACTED])): it may be wrong or revoked"
    );
    // A key set in code after from_env is the code's.
    let overridden = unauthorized(|url| {
        ClientBuilder::from_env_with(|name| (name == "ARIZE_API_KEY").then(|| "other".into()))
            .api_key(KEY)
            .base_url(url)
    });
    assert!(
        overridden.contains("(from ClientBuilder::api_key)"),
        "{overridden}"
    );
}

#[test]
fn a_refused_connection_says_what_to_check_without_io_prefixes() {
    // A port nothing listens on: bound, then released.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = client_without_retries(&format!("http://127.0.0.1:{port}"));
    let error = client.spaces().get(ID_1).unwrap_err();
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}")
    };
    assert!(transport.is_connect());
    let text = error.to_string();
    assert!(
        text.starts_with("could not connect: Connection refused"),
        "{text}"
    );
    assert!(!text.contains("io:"), "{text}");
    assert!(
        text.contains(
            "; check the base URL and that the server is reachable from here (network, \
             firewall, or a proxy if one is needed) [GET"
        ),
        "{text}"
    );
}

#[test]
fn invalid_input_gives_its_length_beside_the_limit() {
    let mut server = mockito::Server::new();
    let nothing = server
        .mock("POST", mockito::Matcher::Any)
        .expect(0)
        .create();
    let client = client(&server);
    let error = client
        .spaces()
        .create("é".repeat(300), ORG)
        .send()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid name: 300 characters, at most 255 (nothing was sent)"
    );
    let error = client
        .spaces()
        .list()
        .name("n".repeat(256))
        .send()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "invalid name: 256 characters, at most 255 (nothing was sent)"
    );
    nothing.assert();
}

#[test]
fn a_conflicts_hint_does_not_repeat_the_server() {
    for (detail, hint) in [
        (
            "role bindings still use the role: delete the bindings first",
            "role_bindings().list finds the bindings that use the role",
        ),
        (
            "role is in use",
            "delete its role bindings first (role_bindings().list finds them), then the role",
        ),
    ] {
        let mut server = mockito::Server::new();
        let mock = server
            .mock("DELETE", format!("/v2/roles/{ROLE_PATH}").as_str())
            .with_status(409)
            .with_body(problem(409, "Conflict", detail))
            .expect(1)
            .create();
        let error = client(&server).roles().delete(ROLE).unwrap_err();
        mock.assert();
        assert_eq!(error.api_error().unwrap().hint(), Some(hint));
        let text = error.to_string();
        assert!(
            text.starts_with(&format!("409 Conflict: {detail}; {hint} [DELETE")),
            "{text}"
        );
    }
}
