//! Calls through a forward proxy (the test proxy of `test_proxy`, on
//! 127.0.0.1): HTTP tunnels for http and https targets, credentials,
//! NO_PROXY, SOCKS5, and the errors that name the proxy.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use crate::{
    common::*,
    raw::within,
    raw::{RawServer, Then, respond},
    test_proxy::{Mode, TestProxy, basic, dead_address},
    tls::https_server,
};
use arize::{Client, ClientBuilder, Error, TransportError};

const LIMIT: Duration = Duration::from_secs(30);

/// A mock of `GET /v2/spaces/<ID_1>` answering one space, hit `hits` times.
fn target(hits: usize) -> (mockito::ServerGuard, mockito::Mock) {
    let mut server = mockito::Server::new();
    let mock = server
        .mock("GET", format!("/v2/spaces/{ID_1_PATH}").as_str())
        .match_header("authorization", format!("Bearer {KEY}").as_str())
        .with_body(space(ID_1, "proxied").to_string())
        .expect(hits)
        .create();
    (server, mock)
}

/// A client for `base_url` through `proxy`, sending each request up to
/// `attempts` times without waiting.
fn through(base_url: &str, proxy: &str, attempts: u32) -> Client {
    Client::builder()
        .api_key(KEY)
        .base_url(base_url)
        .proxy(proxy)
        .max_attempts(attempts)
        .sleeper(|_| {})
        .build()
        .unwrap()
}

fn transport_error(error: &Error) -> &TransportError {
    match error {
        Error::Transport(transport) => transport,
        other => panic!("expected a transport error, got {other:?}"),
    }
}

/// Shows `error` in every way it can be shown, to look for secrets.
fn everything_shown(error: &Error) -> String {
    format!("{error} {error:?} {error:#?}")
}

#[test]
fn calls_to_an_http_target_go_through_a_tunnel() {
    within(LIMIT, || {
        let proxy = TestProxy::start(Mode::Tunnel(None));
        let heads = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&heads);
        let server = RawServer::start(move |_, head, stream| {
            log.lock().unwrap().push(head.to_owned());
            respond(stream, "200 OK", &[], &space(ID_1, "proxied").to_string());
            Then::KeepAlive
        });
        let client = through(&server.url, &proxy.url("http", None), 1);
        assert_eq!(client.proxy(), Some(proxy.url("http", None).as_str()));
        for _ in 0..2 {
            assert_eq!(client.spaces().get(ID_1).unwrap().name, "proxied");
        }
        let seen = proxy.seen();
        // ureq tunnels plain http too, rather than forwarding it, and keeps
        // the tunnel for the next request.
        let authority = server.url.trim_start_matches("http://");
        assert_eq!(seen.requests, [format!("CONNECT {authority} HTTP/1.1")]);
        assert_eq!(seen.authorizations, [None]);
        assert_eq!((seen.connections, server.connections()), (1, 1));
        // Inside the tunnel, requests are as without a proxy.
        for head in heads.lock().unwrap().iter() {
            assert!(head.starts_with(&format!("GET /v2/spaces/{ID_1_PATH} HTTP/1.1\r\n")));
            assert!(
                head.contains(&format!("authorization: Bearer {KEY}\r\n")),
                "{head}"
            );
        }
        // Without TLS, whatever is on the path can read the key.
        assert!(seen.read_contains(KEY));
    });
}

#[test]
fn calls_to_an_https_target_go_through_an_authenticated_tunnel_the_key_inside_tls() {
    within(LIMIT, || {
        let proxy = TestProxy::start(Mode::Tunnel(Some(("alice", "p@ss:word"))));
        let (url, ca, requests) = https_server();
        let client = Client::builder()
            .api_key(KEY)
            .base_url(&url)
            .add_root_certificates_pem(ca)
            // Special characters are percent-encoded in the URL.
            .proxy(proxy.url("http", Some("alice:p%40ss%3Aword")))
            .build()
            .unwrap();
        assert_eq!(client.spaces().get(ID_1).unwrap().name, "over-tls");
        assert_eq!(requests.load(std::sync::atomic::Ordering::SeqCst), 1);
        let seen = proxy.seen();
        let authority = url.trim_start_matches("https://");
        assert_eq!(seen.requests, [format!("CONNECT {authority} HTTP/1.1")]);
        assert_eq!(seen.authorizations, [Some(basic("alice", "p@ss:word"))]);
        // After the CONNECT head, the proxy relayed TLS records (0x16 0x03:
        // a handshake), and could read none of the request.
        let head_end = seen.read.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        assert_eq!(seen.read[head_end..head_end + 2], [0x16, 0x03]);
        assert!(!seen.read_contains(KEY));
        assert!(!seen.read_contains("Bearer"));
        assert!(!seen.read_contains("/v2/spaces"));
    });
}

#[test]
fn wrong_credentials_are_a_407_connect_error_naming_the_proxy() {
    within(LIMIT, || {
        let proxy = TestProxy::start(Mode::Tunnel(Some(("alice", "right"))));
        let (server, mock) = target(0);
        let client = through(&server.url(), &proxy.url("http", Some("alice:wr0ng")), 2);
        let error = client.spaces().get(ID_1).unwrap_err();
        let transport = transport_error(&error);
        assert!(transport.is_connect(), "{error}");
        assert_eq!(transport.proxy(), Some(proxy.url("http", None).as_str()));
        assert_eq!(
            error.to_string(),
            format!(
                "could not connect: the proxy {} refused the tunnel (407 Proxy Authentication \
                 Required): check the proxy credentials (ClientBuilder::proxy) \
                 [GET {}/v2/spaces/{ID_1_PATH}, after 2 attempts]",
                proxy.url("http", None),
                server.url()
            )
        );
        let shown = everything_shown(&error);
        assert!(!shown.contains("wr0ng"), "{shown}");
        assert!(!shown.contains(&basic("alice", "wr0ng")[6..]), "{shown}");
        assert!(!shown.contains(KEY), "{shown}");
        // Retried like any connect failure; nothing reached the server.
        assert_eq!(proxy.seen().connections, 2);
        assert_eq!(
            proxy.seen().authorizations,
            [Some(basic("alice", "wr0ng")), Some(basic("alice", "wr0ng"))]
        );
        mock.assert();
    });
}

#[test]
fn missing_credentials_say_that_the_proxy_needs_some() {
    within(LIMIT, || {
        let proxy = TestProxy::start(Mode::Tunnel(Some(("alice", "right"))));
        let (server, _mock) = target(0);
        let client = through(&server.url(), &proxy.url("http", None), 1);
        let error = client.spaces().get(ID_1).unwrap_err();
        assert!(
            error.to_string().contains(
                "(407 Proxy Authentication Required): it needs credentials: give them in the \
                 proxy URL, http://user:password@host:port (ClientBuilder::proxy)"
            ),
            "{error}"
        );
    });
}

#[test]
fn a_refused_tunnel_names_the_proxy_and_the_target_and_even_a_create_is_retried() {
    within(LIMIT, || {
        let proxy = TestProxy::start(Mode::Refuse(403));
        let server = RawServer::start(|_, _, _| Then::Close);
        let client = through(&server.url, &proxy.url("http", None), 2);
        let error = client.spaces().create("s", ORG).send().unwrap_err();
        let transport = transport_error(&error);
        assert!(transport.is_connect(), "{error}");
        assert_eq!(transport.attempts(), 2, "nothing reached the server");
        let authority = server.url.trim_start_matches("http://");
        assert!(
            error.to_string().contains(&format!(
                "the proxy {} refused the tunnel to {authority} (403 Forbidden): check that \
                 the proxy allows and can reach {authority} (ClientBuilder::proxy)",
                proxy.url("http", None)
            )),
            "{error}"
        );
        assert_eq!(server.connections(), 0);
    });
}

#[test]
fn a_dead_proxy_is_a_connect_error_after_the_configured_attempts() {
    within(LIMIT, || {
        let dead = format!("http://{}", dead_address());
        let (server, mock) = target(0);
        let waits = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&waits);
        let client = Client::builder()
            .api_key(KEY)
            .base_url(server.url())
            .proxy(dead.as_str())
            .max_attempts(3)
            .sleeper(move |wait| log.lock().unwrap().push(wait))
            .build()
            .unwrap();
        let error = client.spaces().get(ID_1).unwrap_err();
        let transport = transport_error(&error);
        assert!(transport.is_connect(), "{error}");
        assert!(error.is_retryable());
        assert_eq!(transport.attempts(), 3);
        assert_eq!(waits.lock().unwrap().len(), 2);
        assert_eq!(transport.proxy(), Some(dead.as_str()));
        let text = error.to_string();
        assert!(
            text.starts_with(&format!(
                "could not connect: could not reach the proxy {dead} ("
            )),
            "{text}"
        );
        assert!(
            text.contains("): check the proxy address (ClientBuilder::proxy) [GET"),
            "{text}"
        );
        mock.assert();
    });
}

#[test]
fn a_proxy_that_never_answers_the_connect_times_out_naming_it() {
    within(LIMIT, || {
        let proxy = RawServer::silent();
        let (server, mock) = target(0);
        let client = Client::builder()
            .api_key(KEY)
            .base_url(server.url())
            .proxy(proxy.url.as_str())
            .connect_timeout(Some(Duration::from_millis(300)))
            .max_attempts(1)
            .build()
            .unwrap();
        let error = client.spaces().get(ID_1).unwrap_err();
        let Error::Timeout(transport) = &error else {
            panic!("expected a timeout, got {error:?}");
        };
        assert!(transport.is_connect(), "nothing was sent: {error}");
        assert_eq!(transport.proxy(), Some(proxy.url.as_str()));
        assert!(
            error.to_string().starts_with(&format!(
                "timed out waiting to connect to the proxy {}: the 300 ms limit \
                 (ClientBuilder::connect_timeout) ran out",
                proxy.url
            )),
            "{error}"
        );
        assert_eq!(proxy.connections(), 1);
        mock.assert();
    });
}

/// A builder reading these variables, and `ARIZE_API_KEY`, as its
/// environment.
fn from_env(vars: Vec<(&'static str, String)>) -> ClientBuilder {
    ClientBuilder::from_env_with(move |name| {
        if name == "ARIZE_API_KEY" {
            return Some(KEY.to_owned());
        }
        vars.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    })
    .max_attempts(1)
}

#[test]
fn no_proxy_bypasses_the_environments_proxy_for_the_base_urls_host() {
    within(LIMIT, || {
        let proxy = TestProxy::start(Mode::Tunnel(None));
        let (server, mock) = target(2);
        let port = server.socket_address().port();
        for no_proxy in ["localhost,127.0.0.1", &format!("127.0.0.0/8:{port}")] {
            let client = from_env(vec![
                ("ARIZE_BASE_URL", server.url()),
                ("HTTP_PROXY", proxy.url("http", None)),
                ("NO_PROXY", no_proxy.to_owned()),
            ])
            .build()
            .unwrap();
            assert_eq!(client.proxy(), None, "{no_proxy}");
            client.spaces().get(ID_1).unwrap();
        }
        mock.assert();
        assert_eq!(proxy.seen().connections, 0, "the proxy saw nothing");

        // Another port, another host: through the proxy.
        let (server, mock) = target(2);
        for no_proxy in ["127.0.0.1:1", "localhost"] {
            let client = from_env(vec![
                ("ARIZE_BASE_URL", server.url()),
                ("http_proxy", proxy.url("http", None)),
                ("no_proxy", no_proxy.to_owned()),
            ])
            .build()
            .unwrap();
            client.spaces().get(ID_1).unwrap();
        }
        mock.assert();
        assert_eq!(proxy.seen().connections, 2);
    });
}

#[test]
fn a_malformed_proxy_variable_is_a_configuration_error_naming_it() {
    let error = from_env(vec![(
        "ARIZE_PROXY_URL",
        "http://alice:s3cret@proxy.corp:3128/x".to_owned(),
    )])
    .build()
    .unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    let text = error.to_string();
    assert!(
        text.starts_with("invalid client configuration: ARIZE_PROXY_URL is not a usable proxy URL"),
        "{text}"
    );
    assert!(!text.contains("s3cret"), "{text}");
}

#[test]
fn a_407_answered_inside_the_tunnel_is_the_proxys_too() {
    within(LIMIT, || {
        let proxy = TestProxy::start(Mode::AuthInTunnel);
        let (server, mock) = target(0);
        let client = through(&server.url(), &proxy.url("http", None), 1);
        let error = client.spaces().get(ID_1).unwrap_err();
        let transport = transport_error(&error);
        assert!(transport.is_connect(), "{error}");
        assert_eq!(transport.proxy(), Some(proxy.url("http", None).as_str()));
        assert!(
            error.to_string().starts_with(&format!(
                "could not connect: the proxy {} answered 407 Proxy Authentication Required: \
                 it needs credentials",
                proxy.url("http", None)
            )),
            "{error}"
        );
        mock.assert();
    });
}

#[test]
fn a_407_without_a_configured_proxy_says_one_is_needed() {
    let server = RawServer::start(|_, _, stream| {
        respond(
            stream,
            "407 Proxy Authentication Required",
            &[("proxy-authenticate", "Basic realm=\"corp\"")],
            "",
        );
        Then::Close
    });
    let error = client_without_retries(&server.url)
        .spaces()
        .get(ID_1)
        .unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus(_)), "{error:?}");
    assert_eq!(error.status(), Some(407));
    assert!(
        error.to_string().contains(
            "a proxy between this client and the server asks for credentials: configure it \
             with ClientBuilder::proxy or ARIZE_PROXY_URL"
        ),
        "{error}"
    );
}

#[test]
fn socks5_proxies_work_with_credentials_and_name_a_refusal() {
    within(LIMIT, || {
        let proxy = TestProxy::start(Mode::Socks5(Some(("alice", "s3cret"))));
        let (server, mock) = target(1);
        let client = through(
            &server.url(),
            &proxy.url("socks5h", Some("alice:s3cret")),
            1,
        );
        assert_eq!(client.spaces().get(ID_1).unwrap().name, "proxied");
        mock.assert();
        let authority = server.url().trim_start_matches("http://").to_owned();
        let seen = proxy.seen();
        assert_eq!(seen.requests, [format!("SOCKS5 CONNECT {authority}")]);
        assert_eq!(seen.authorizations, [Some("alice:s3cret".to_owned())]);

        let client = through(&server.url(), &proxy.url("socks5h", Some("alice:wr0ng")), 1);
        let error = client.spaces().get(ID_1).unwrap_err();
        assert!(transport_error(&error).is_connect(), "{error}");
        assert!(
            error.to_string().starts_with(&format!(
                "could not connect: the proxy {} refused the credentials (password \
                 authentication failed): check the proxy credentials (ClientBuilder::proxy)",
                proxy.url("socks5h", None)
            )),
            "{error}"
        );
        assert!(!everything_shown(&error).contains("wr0ng"));
    });
}
