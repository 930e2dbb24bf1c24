//! Servers and callers that misbehave on purpose. Each case runs against a
//! local server (mockito, or a raw TCP listener for stalls, resets and
//! truncation) and asserts the exact error variant; none may panic.

use std::{
    net::TcpStream,
    sync::{Arc, Mutex},
    time::Duration,
};

use crate::{common::*, raw::*};
use arize::{Client, Error};
use mockito::Matcher;

/// A client with short timeouts and recorded (not slept) retry waits.
fn client_for(url: &str) -> (Client, Waits) {
    let waits: Waits = Arc::default();
    let log = Arc::clone(&waits);
    let client = Client::builder()
        .api_key(KEY)
        .base_url(url)
        .timeout(Some(Duration::from_millis(400)))
        .connect_timeout(Some(Duration::from_millis(400)))
        .sleeper(move |wait| log.lock().unwrap().push(wait))
        .build()
        .unwrap();
    (client, waits)
}

fn get_against(
    script: impl Fn(usize, &str, &mut TcpStream) -> Then + Send + Sync + 'static,
) -> (Error, RawServer) {
    let server = RawServer::start(script);
    let (client, _) = client_for(&server.url);
    let error = client.spaces().get(ID_1).unwrap_err();
    assert_no_key(&error);
    (error, server)
}

fn assert_no_key(error: &Error) {
    for text in [
        error.to_string(),
        format!("{error:?}"),
        format!("{error:#?}"),
    ] {
        assert!(!text.contains(KEY), "the key leaked: {text}");
    }
}

/// The transport error inside `error`, which must be `Error::Transport`.
fn transport(error: &Error) -> &arize::TransportError {
    match error {
        Error::Transport(transport) => transport,
        other => panic!("expected a transport error, got {other:?}"),
    }
}

fn json_ok(stream: &mut TcpStream, body: &str) -> Then {
    respond(
        stream,
        "200 OK",
        &[("Content-Type", "application/json")],
        body,
    );
    Then::KeepAlive
}

// --- Stalls and timeouts ---------------------------------------------------

#[test]
fn a_server_that_accepts_and_never_answers_times_out() {
    within(GUARD, || {
        let server = RawServer::silent();
        let (client, _) = client_for(&server.url);
        let error = client.spaces().get(ID_1).unwrap_err();
        assert!(matches!(error, Error::Timeout(_)), "{error:?}");
        assert!(error.is_timeout() && error.is_retryable());
        assert_eq!(server.connections(), 1, "a timeout is not retried");
        assert_eq!(
            error.to_string(),
            format!(
                "timed out waiting to receive the response: the 400 ms limit \
                 (ClientBuilder::timeout) ran out [GET {}/v2/spaces/{ID_1_PATH}, after 1 attempt]",
                server.url
            )
        );
    });
}

#[test]
fn a_server_that_stalls_mid_body_times_out() {
    within(GUARD, || {
        let (error, server) = get_against(|_, _, stream| {
            write(
                stream,
                b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n{\"id\": \"",
            );
            stall();
            Then::Close
        });
        assert!(
            matches!(&error, Error::Timeout(t) if !t.is_connect() && t.attempts() == 1),
            "{error:?}"
        );
        assert_eq!(server.requests(), 1, "a timeout is not retried");
        let text = error.to_string();
        assert!(
            text.starts_with(
                "timed out waiting to receive the response body: the 400 ms limit \
                 (ClientBuilder::timeout) ran out ["
            ),
            "{text}"
        );
    });
}

#[test]
fn a_server_that_stalls_before_the_status_line_times_out() {
    within(GUARD, || {
        let (error, server) = get_against(|_, _, _| {
            stall();
            Then::Close
        });
        assert!(
            matches!(&error, Error::Timeout(t) if t.is_timeout() && t.attempts() == 1),
            "{error:?}"
        );
        assert_eq!(server.requests(), 1, "a timeout is not retried");
    });
}

/// A client whose connect timeout is 100 ms, with recorded retry waits.
fn impatient_client(url: &str) -> (Client, Waits) {
    let waits: Waits = Arc::default();
    let log = Arc::clone(&waits);
    let client = Client::builder()
        .api_key(KEY)
        .base_url(url)
        .connect_timeout(Some(Duration::from_millis(100)))
        .sleeper(move |wait| log.lock().unwrap().push(wait))
        .build()
        .unwrap();
    (client, waits)
}

#[test]
fn a_connect_that_times_out_is_retried_then_reported_with_its_limit() {
    within(GUARD, || {
        let black_hole = Unaccepting::start();
        let (client, waits) = impatient_client(&black_hole.url);
        let error = client.spaces().get(ID_1).unwrap_err();
        let Error::Timeout(timeout) = &error else {
            panic!("expected a timeout, got {error:?}")
        };
        assert!(timeout.is_connect() && timeout.is_timeout(), "{error:?}");
        assert_eq!(timeout.attempts(), 3, "nothing was sent: retried");
        assert_eq!(waits.lock().unwrap().len(), 2);
        assert!(error.is_retryable());
        assert_eq!(
            error.to_string(),
            format!(
                "timed out waiting to connect: the 100 ms limit (ClientBuilder::connect_timeout) \
                 ran out [GET {}/v2/spaces/{ID_1_PATH}, after 3 attempts]",
                black_hole.url
            )
        );
    });
}

#[test]
fn a_create_whose_connect_timed_out_is_retried() {
    within(GUARD, || {
        let black_hole = Unaccepting::start();
        let (client, waits) = impatient_client(&black_hole.url);
        let error = client.spaces().create("n", ORG).send().unwrap_err();
        assert!(
            matches!(&error, Error::Timeout(t) if t.is_connect() && t.attempts() == 3),
            "the server never saw it, so even a create is retried: {error:?}"
        );
        assert_eq!(waits.lock().unwrap().len(), 2);
    });
}

// --- Broken connections ----------------------------------------------------

#[test]
fn a_refused_connection_is_a_connect_error_after_every_attempt() {
    within(GUARD, || {
        // Bind then drop: nothing listens on that port any more.
        let url = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            format!("http://{}", listener.local_addr().unwrap())
        };
        let (client, waits) = client_for(&url);
        let error = client.spaces().get(ID_1).unwrap_err();
        let Error::Transport(transport) = &error else {
            panic!("expected a transport error, got {error:?}")
        };
        assert!(transport.is_connect());
        assert_eq!(transport.attempts(), 3);
        assert_eq!(waits.lock().unwrap().len(), 2);
    });
}

#[test]
fn a_connection_closed_without_an_answer_is_retried_then_reported() {
    within(GUARD, || {
        let (error, server) = get_against(|_, _, _| Then::Close);
        let Error::Transport(transport) = &error else {
            panic!("expected a transport error, got {error:?}")
        };
        assert!(!transport.is_connect());
        assert_eq!(transport.attempts(), 3);
        assert_eq!(server.requests(), 3);
    });
}

#[test]
fn a_reset_connection_is_a_transport_error() {
    within(GUARD, || {
        // Closing with the request unread makes the kernel answer with a RST.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let accepted = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let count = Arc::clone(&accepted);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(50));
                drop(stream);
            }
        });
        let (client, waits) = client_for(&url);
        let error = client.spaces().get(ID_1).unwrap_err();
        // The request may have been read before the reset: lost, and retried.
        let transport = transport(&error);
        assert!(!transport.is_connect(), "{error:?}");
        assert_eq!(transport.attempts(), 3, "{error:?}");
        assert_eq!(waits.lock().unwrap().len(), 2);
        assert_eq!(accepted.load(std::sync::atomic::Ordering::SeqCst), 3);
    });
}

#[test]
fn a_truncated_body_is_a_transport_error_not_a_decode_error() {
    within(GUARD, || {
        let (error, server) = get_against(|_, _, stream| {
            write(
                stream,
                b"HTTP/1.1 200 OK\r\nContent-Length: 400\r\n\r\n{\"id\": \"abc\", \"na",
            );
            Then::Close
        });
        let transport = transport(&error);
        assert!(!transport.is_connect(), "{error:?}");
        assert_eq!(transport.attempts(), 3, "a lost answer is retried");
        assert_eq!(server.requests(), 3);
    });
}

#[test]
fn a_truncated_chunked_body_is_a_transport_error() {
    within(GUARD, || {
        let (error, server) = get_against(|_, _, stream| {
            write(
                stream,
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"id\": \"abc\", \"",
            );
            Then::Close
        });
        let transport = transport(&error);
        assert!(!transport.is_connect(), "{error:?}");
        assert_eq!(transport.attempts(), 3, "a lost answer is retried");
        assert_eq!(server.requests(), 3);
    });
}

#[test]
fn a_reply_that_is_not_http_is_a_transport_error() {
    within(GUARD, || {
        let (error, server) = get_against(|_, _, stream| {
            write(stream, b"SSH-2.0-OpenSSH_9.6\r\n\r\n");
            Then::Close
        });
        // A malformed reply (ureq's protocol error) proves the server got the
        // request, and that this connection is not the one to use: it is a
        // lost answer, retried like one.
        let transport = transport(&error);
        assert!(!transport.is_connect(), "{error:?}");
        assert_eq!(transport.attempts(), 3, "{error:?}");
        assert_eq!(server.requests(), 3);
        assert!(error.is_retryable());
        assert!(
            error.to_string().starts_with("connection lost: "),
            "{error}"
        );
    });
}

#[test]
fn oversized_response_headers_are_a_transport_error() {
    within(GUARD, || {
        let (error, server) = get_against(|_, _, stream| {
            let huge = "x".repeat(200 * 1024);
            respond(stream, "200 OK", &[("X-Huge", &huge)], "{}");
            Then::Close
        });
        // The same headers would come back: not retried.
        assert_eq!(transport(&error).attempts(), 1, "{error:?}");
        assert_eq!(server.requests(), 1);
    });
}

#[test]
fn plain_http_behind_an_https_url_fails_the_handshake_once() {
    within(GUARD, || {
        // Answers the TLS ClientHello with plain HTTP.
        let server = RawServer::greeting(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
        let url = server.url.replace("http://", "https://");
        let (client, waits) = client_for(&url);
        let error = client.spaces().get(ID_1).unwrap_err();
        let transport = transport(&error);
        assert!(!transport.is_connect(), "{error:?}");
        // Refused at the handshake, once: it would be refused again.
        assert!(
            error.to_string().starts_with("TLS handshake failed"),
            "{error}"
        );
        let attempts = transport.attempts() as usize;
        assert_eq!(attempts, 1, "{error:?}");
        assert_eq!(server.connections(), attempts, "{error:?}");
        assert_eq!(waits.lock().unwrap().len(), attempts - 1);
    });
}

// --- Bodies ----------------------------------------------------------------

#[test]
fn a_body_over_the_size_cap_is_refused_without_reading_it_all() {
    within(GUARD, || {
        let server = RawServer::start(|_, _, stream| {
            write(
                stream,
                b"HTTP/1.1 200 OK\r\nContent-Length: 104857600\r\n\r\n",
            );
            let chunk = vec![b' '; 64 * 1024];
            for _ in 0..1600 {
                if std::io::Write::write_all(stream, &chunk).is_err() {
                    break;
                }
            }
            Then::Close
        });
        let client = Client::builder()
            .api_key(KEY)
            .base_url(&server.url)
            .max_response_size(64 * 1024)
            .build()
            .unwrap();
        let error = client.spaces().get(ID_1).unwrap_err();
        assert!(
            matches!(error, Error::ResponseTooLarge { limit: 65536, .. }),
            "{error:?}"
        );
    });
}

#[test]
fn an_endless_chunked_body_hits_the_size_cap() {
    within(GUARD, || {
        let server = RawServer::start(|_, _, stream| {
            write(
                stream,
                b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
            );
            let chunk = format!("4000\r\n{}\r\n", " ".repeat(0x4000));
            for _ in 0..10_000 {
                if std::io::Write::write_all(stream, chunk.as_bytes()).is_err() {
                    break;
                }
            }
            Then::Close
        });
        let client = Client::builder()
            .api_key(KEY)
            .base_url(&server.url)
            .max_response_size(100_000)
            .build()
            .unwrap();
        let error = client.spaces().list().send().unwrap_err();
        assert!(matches!(error, Error::ResponseTooLarge { .. }), "{error:?}");
    });
}

/// `data` as one gzip member.
fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

#[test]
fn a_gzip_response_is_decoded() {
    within(GUARD, || {
        let body = gzip(space(ID_1, "zipped").to_string().as_bytes());
        let server = RawServer::start(move |_, head, stream| {
            assert!(
                head.to_lowercase().contains("accept-encoding: gzip"),
                "{head}"
            );
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                 Content-Encoding: gzip\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            write(stream, &[head.as_bytes(), &body].concat());
            Then::KeepAlive
        });
        let client = client_without_retries(&server.url);
        assert_eq!(client.spaces().get(ID_1).unwrap().name, "zipped");
        assert_eq!(client.spaces().get(ID_1).unwrap().name, "zipped");
        assert_eq!(
            server.connections(),
            1,
            "a decoded body frees its connection"
        );
    });
}

#[test]
fn a_corrupt_gzip_body_is_a_transport_error_not_a_decode_error() {
    within(GUARD, || {
        let mut body = gzip(space(ID_1, "zipped").to_string().as_bytes());
        body[12] ^= 0xff; // inside the deflate stream
        let (error, server) = get_against(move |_, _, stream| {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            write(stream, &[head.as_bytes(), &body].concat());
            Then::KeepAlive
        });
        assert!(matches!(error, Error::Transport(_)), "{error:?}");
        let text = error.to_string();
        assert!(
            text.starts_with("request failed: gzip decompression failed: "),
            "{text}"
        );
        assert_eq!(server.requests(), 1, "the same body would come back");
    });
}

#[test]
fn a_connection_dropped_mid_gzip_body_is_lost_and_retried() {
    within(GUARD, || {
        let body = gzip(space(ID_1, "zipped").to_string().as_bytes());
        let (error, server) = get_against(move |_, _, stream| {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            write(stream, &[head.as_bytes(), &body[..body.len() / 2]].concat());
            Then::Close
        });
        let Error::Transport(transport) = &error else {
            panic!("expected a transport error, got {error:?}")
        };
        assert!(!transport.is_connect());
        assert!(
            error.to_string().starts_with("connection lost: "),
            "{error}"
        );
        assert_eq!(server.requests(), 3, "a read is retried, as without gzip");
    });
}

#[test]
fn a_gzip_bomb_is_refused_at_the_size_cap_of_its_decompressed_bytes() {
    within(GUARD, || {
        // 1 GiB of zeros: 1,024 gzip members of 1 MiB each (a reader of gzip
        // reads every member), about 1 MiB on the wire. Deflate cannot do much
        // better than 1:1000, so that is as small as a 1 GiB bomb gets.
        const MIB: usize = 1024 * 1024;
        let member = gzip(&vec![0; MIB]);
        let body = member.repeat(1024);
        assert!(body.len() < 2 * MIB, "{} bytes", body.len());
        let server = RawServer::start(move |_, _, stream| {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
                 Content-Encoding: gzip\r\nContent-Length: {}\r\n\r\n",
                body.len()
            );
            write(stream, &[head.as_bytes(), &body].concat());
            Then::Close
        });
        // The default limit, 8 MiB, bounds what is inflated: inflating stops
        // at the limit (about 8 KiB into the body), holding at most that much.
        let client = client_without_retries(&server.url);
        let error = client.spaces().get(ID_1).unwrap_err();
        assert!(
            matches!(error, Error::ResponseTooLarge { limit, .. } if limit == 8 * MIB as u64),
            "{error:?}"
        );
        assert_eq!(server.requests(), 1);
    });
}

#[test]
fn invalid_json_in_a_success_is_a_decode_error() {
    within(GUARD, || {
        let (error, _) = get_against(|_, _, stream| json_ok(stream, "{\"id\": \"abc\",,}"));
        assert!(matches!(error, Error::Decode(_)), "{error:?}");
    });
}

#[test]
fn a_field_of_the_wrong_type_is_a_decode_error_naming_it() {
    within(GUARD, || {
        let (error, _) = get_against(|_, _, stream| {
            json_ok(
                stream,
                r#"{"id": "x", "name": "n", "description": "", "created_at": "2026-01-01T00:00:00Z", "is_private": "no"}"#,
            )
        });
        let Error::Decode(decode) = &error else {
            panic!("expected a decode error, got {error:?}")
        };
        assert_eq!(decode.path(), "is_private");
        assert_eq!(decode.expected(), "Space");
    });
}

#[test]
fn an_empty_success_body_is_a_decode_error() {
    within(GUARD, || {
        let (error, _) = get_against(|_, _, stream| json_ok(stream, ""));
        let Error::Decode(decode) = &error else {
            panic!("expected a decode error, got {error:?}")
        };
        assert_eq!(decode.body(), "");
    });
}

#[test]
fn an_html_page_with_status_200_is_a_decode_error_with_a_snippet() {
    within(GUARD, || {
        let (error, _) = get_against(|_, _, stream| {
            let html = format!(
                "<!doctype html><title>Login</title>{}",
                "<p>".repeat(10_000)
            );
            respond(stream, "200 OK", &[("Content-Type", "text/html")], &html);
            Then::KeepAlive
        });
        let Error::Decode(decode) = &error else {
            panic!("expected a decode error, got {error:?}")
        };
        assert!(decode.body().starts_with("<!doctype html>"));
        assert!(decode.body().chars().count() <= 201);
    });
}

#[test]
fn deeply_nested_json_is_a_decode_error_not_a_stack_overflow() {
    within(GUARD, || {
        let (error, _) = get_against(|_, _, stream| json_ok(stream, &"[".repeat(100_000)));
        assert!(matches!(error, Error::Decode(_)), "{error:?}");
    });
}

#[test]
fn an_html_502_keeps_its_status_and_a_bounded_snippet() {
    within(GUARD, || {
        let server = RawServer::start(|_, _, stream| {
            let html = format!(
                "<html><head><title>502 Bad Gateway</title></head><body>{}</body></html>",
                "x".repeat(5000)
            );
            respond(
                stream,
                "502 Bad Gateway",
                &[("Content-Type", "text/html")],
                &html,
            );
            Then::KeepAlive
        });
        let (client, _) = client_for(&server.url);
        let error = client.spaces().get(ID_1).unwrap_err();
        let Error::Server(api) = &error else {
            panic!("expected a server error, got {error:?}")
        };
        assert_eq!(api.status(), 502);
        assert!(api.problem().is_none());
        assert!(api.body().starts_with("<html><head><title>502 Bad Gateway"));
        assert!(api.body().chars().count() <= 513, "the snippet is bounded");
        assert!(error.to_string().starts_with("502 Bad Gateway: <html>"));
        assert_eq!(api.attempts(), 3, "502 is retried");
        assert_eq!(server.requests(), 3);
    });
}

#[test]
fn a_broken_problem_document_falls_back_to_the_snippet() {
    within(GUARD, || {
        let (error, _) = get_against(|_, _, stream| {
            respond(
                stream,
                "400 Bad Request",
                &[("Content-Type", "application/problem+json")],
                r#"{"title": 42, "status": "four hundred"}"#,
            );
            Then::KeepAlive
        });
        let Error::BadRequest(api) = &error else {
            panic!("expected a bad request, got {error:?}")
        };
        assert!(api.problem().is_none());
        assert!(api.body().contains("four hundred"));
    });
}

#[test]
fn invalid_utf8_in_an_error_body_is_shown_lossily() {
    within(GUARD, || {
        let (error, _) = get_against(|_, _, stream| {
            write(
                stream,
                b"HTTP/1.1 403 Forbidden\r\nContent-Length: 6\r\n\r\nno\xff\xfe\xc3!",
            );
            Then::KeepAlive
        });
        let Error::Forbidden(api) = &error else {
            panic!("expected forbidden, got {error:?}")
        };
        assert!(api.body().starts_with("no\u{fffd}"));
    });
}

/// The error a `GET` of a space answered `status` becomes, sent once.
fn answered(status: usize, content_type: &str, body: &str) -> Error {
    let mut server = mockito::Server::new();
    let mock = expect(&mut server, "GET", &format!("/v2/spaces/{ID_1_PATH}"))
        .with_status(status)
        .with_header("content-type", content_type)
        .with_body(body)
        .create();
    let client = client_without_retries(&server.url());
    let error = client.spaces().get(ID_1).unwrap_err();
    mock.assert();
    error
}

#[test]
fn a_problem_with_the_wrong_content_type_is_still_parsed() {
    let error = answered(409, "text/plain", &problem(409, "Conflict", "name taken"));
    assert!(error.is_conflict());
    assert_eq!(
        error.problem().unwrap().detail.as_deref(),
        Some("name taken")
    );
}

#[test]
fn a_server_echoing_the_key_cannot_leak_it() {
    let echo = format!(r#"{{"title":"Bad token {KEY}","status":401,"detail":"Bearer {KEY}"}}"#);
    let error = answered(401, "application/problem+json", &echo);
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains(KEY), "{text}");
    }
    let error = answered(500, "text/plain", &format!("auth was Bearer {KEY}"));
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains(KEY), "{text}");
        assert!(text.contains("[REDACTED]"), "{text}");
    }
}

#[test]
fn an_undecodable_success_names_the_type_and_the_path() {
    let mut server = mockito::Server::new();
    let list = server
        .mock("GET", "/v2/spaces?limit=50")
        .with_body(r#"{"spaces":[{"id":"x","name":"n","description":"","created_at":"yesterday","is_private":false}],"pagination":{"has_more":false}}"#)
        .create();
    let error = client(&server).spaces().list().send().unwrap_err();
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}")
    };
    assert_eq!(decode.status(), 200);
    assert_eq!(decode.expected(), "ListSpacesResponse");
    assert_eq!(decode.path(), "spaces[0].created_at");
    assert!(decode.body().starts_with(r#"{"spaces""#));
    assert_eq!(error.status(), Some(200));
    list.assert();
}

#[test]
fn a_redirect_to_another_host_is_not_followed_and_the_key_is_not_forwarded() {
    // The other host records the Authorization header of every request it
    // gets: what it would learn, were the redirect followed.
    let mut elsewhere = mockito::Server::new();
    let seen: Arc<Mutex<Vec<Option<String>>>> = Arc::default();
    let log = Arc::clone(&seen);
    let landing = elsewhere
        .mock("GET", Matcher::Any)
        .with_body_from_request(move |request| {
            let authorization = request.header("authorization");
            let authorization = authorization
                .first()
                .map(|v| v.to_str().unwrap().to_owned());
            log.lock().unwrap().push(authorization);
            space(ID_1, "elsewhere").to_string().into()
        })
        .expect(0)
        .create();
    let mut server = mockito::Server::new();
    let moved = expect(&mut server, "GET", &format!("/v2/spaces/{ID_1_PATH}"))
        .with_status(301)
        .with_header(
            "location",
            &format!("{}/v2/spaces/{ID_1_PATH}", elsewhere.url()),
        )
        .expect(1)
        .create();

    let (client, _) = client_for(&server.url());
    let result = client.spaces().get(ID_1);

    let seen = seen.lock().unwrap();
    let bearer = format!("Bearer {KEY}");
    assert!(
        !seen.iter().any(|h| h.as_deref() == Some(bearer.as_str())),
        "the key was forwarded to another host"
    );
    assert!(seen.is_empty(), "the redirect was followed: {seen:?}");
    let error = result.unwrap_err();
    assert!(
        matches!(&error, Error::UnexpectedStatus(api) if api.status() == 301 && api.attempts() == 1),
        "{error:?}"
    );
    moved.assert();
    landing.assert();
}

#[test]
fn a_redirect_on_the_same_host_is_not_followed() {
    let mut server = mockito::Server::new();
    let moved = expect(&mut server, "GET", &format!("/v2/spaces/{ID_1_PATH}"))
        .with_status(301)
        .with_header("location", "/v2/spaces/U3BhY2U6Mjo%2FMDA%3D")
        .expect(1)
        .create();
    // Exactly the target, so that following the redirect would succeed.
    let target = server
        .mock("GET", "/v2/spaces/U3BhY2U6Mjo%2FMDA%3D")
        .with_body(space(ID_2, "moved").to_string())
        .expect(0)
        .create();
    let (client, _) = client_for(&server.url());
    let error = client.spaces().get(ID_1).unwrap_err();
    assert!(
        matches!(&error, Error::UnexpectedStatus(api) if api.status() == 301 && api.attempts() == 1),
        "{error:?}"
    );
    moved.assert();
    target.assert();
}

// --- Retries ---------------------------------------------------------------

#[test]
fn retry_after_in_seconds_is_honoured_exactly() {
    within(GUARD, || {
        let server = RawServer::start(|n, _, stream| {
            if n < 2 {
                respond(stream, "429 Too Many Requests", &[("Retry-After", "3")], "");
                Then::KeepAlive
            } else {
                json_ok(stream, &space(ID_1, "s").to_string())
            }
        });
        let (client, waits) = client_for(&server.url);
        client.spaces().get(ID_1).unwrap();
        assert_eq!(*waits.lock().unwrap(), [Duration::from_secs(3); 2]);
        assert_eq!(server.requests(), 3);
    });
}

#[test]
fn retry_after_as_an_http_date_is_honoured() {
    within(GUARD, || {
        let server = RawServer::start(|n, _, stream| {
            if n == 0 {
                let at = std::time::SystemTime::now() + Duration::from_secs(5);
                let date = httpdate::fmt_http_date(at);
                respond(
                    stream,
                    "503 Service Unavailable",
                    &[("Retry-After", &date)],
                    "",
                );
                Then::KeepAlive
            } else {
                json_ok(stream, &space(ID_1, "s").to_string())
            }
        });
        let (client, waits) = client_for(&server.url);
        client.spaces().get(ID_1).unwrap();
        let waits = waits.lock().unwrap();
        assert_eq!(waits.len(), 1);
        assert!(
            (Duration::from_secs(3)..=Duration::from_secs(5)).contains(&waits[0]),
            "{waits:?}"
        );
    });
}

#[test]
fn a_retry_after_beyond_the_cap_is_returned_at_once() {
    within(GUARD, || {
        let server = RawServer::start(|_, _, stream| {
            let body = problem(429, "Too Many Requests", "slow down");
            respond(
                stream,
                "429 Too Many Requests",
                &[("Retry-After", "3600")],
                &body,
            );
            Then::KeepAlive
        });
        let (client, waits) = client_for(&server.url);
        let error = client.spaces().get(ID_1).unwrap_err();
        assert!(error.is_rate_limited(), "{error:?}");
        assert_eq!(error.retry_after(), Some(Duration::from_secs(3600)));
        assert_eq!(server.requests(), 1);
        assert!(waits.lock().unwrap().is_empty());
        assert_eq!(
            error.to_string(),
            format!(
                "429 Too Many Requests: slow down; the server asks to wait 3600 s \
                 [GET {}/v2/spaces/{ID_1_PATH}]",
                server.url
            )
        );
    });
}

#[test]
fn a_garbled_retry_after_falls_back_to_capped_backoff() {
    within(GUARD, || {
        let server = RawServer::start(|n, _, stream| {
            if n == 0 {
                respond(
                    stream,
                    "503 Service Unavailable",
                    &[("Retry-After", "soon-ish")],
                    "",
                );
                Then::KeepAlive
            } else {
                json_ok(stream, &space(ID_1, "s").to_string())
            }
        });
        let (client, waits) = client_for(&server.url);
        client.spaces().get(ID_1).unwrap();
        let waits = waits.lock().unwrap();
        assert_eq!(waits.len(), 1);
        assert!(waits[0] <= Duration::from_millis(250), "{waits:?}");
    });
}

/// The waits of a `GET` answered 503 until `attempts` ran out.
fn backoff_waits(attempts: u32, base: Duration, max: Duration) -> Vec<Duration> {
    let mut server = mockito::Server::new();
    let busy = expect(&mut server, "GET", &format!("/v2/spaces/{ID_1_PATH}"))
        .with_status(503)
        .expect(attempts as usize)
        .create();
    let waits: Waits = Arc::default();
    let log = Arc::clone(&waits);
    let client = Client::builder()
        .api_key(KEY)
        .base_url(server.url())
        .max_attempts(attempts)
        .retry_base_delay(base)
        .max_retry_wait(max)
        .sleeper(move |wait| log.lock().unwrap().push(wait))
        .build()
        .unwrap();
    let error = client.spaces().get(ID_1).unwrap_err();
    assert!(
        matches!(&error, Error::Server(api) if api.attempts() == attempts),
        "{error:?}"
    );
    busy.assert();
    let waits = waits.lock().unwrap().clone();
    assert_eq!(waits.len(), attempts as usize - 1);
    waits
}

#[test]
fn backoff_waits_a_random_time_up_to_its_ceiling_and_not_less() {
    let ceiling = Duration::from_millis(100);
    let waits = backoff_waits(21, ceiling, ceiling);
    assert!(waits.iter().all(|w| *w <= ceiling), "{waits:?}");
    // Retrying without waiting hammers the server: 20 waits all under a
    // quarter of the ceiling happen once in 4^20 runs.
    assert!(waits.iter().any(|w| *w > ceiling / 4), "{waits:?}");
    // Full jitter: not the ceiling every time either.
    assert!(waits.iter().any(|w| *w < ceiling * 3 / 4), "{waits:?}");
}

#[test]
fn the_backoff_ceiling_doubles_from_the_base_delay() {
    let base = Duration::from_millis(10);
    let waits = backoff_waits(8, base, Duration::from_secs(10));
    for (retry, wait) in waits.iter().enumerate() {
        let ceiling = base * 2u32.pow(retry as u32);
        assert!(*wait <= ceiling, "retry {retry}: {wait:?} > {ceiling:?}");
    }
    // Ceilings of 40 ms to 640 ms: all five waits under 10 ms happen about
    // once in 10^8 runs.
    assert!(waits[2..].iter().any(|w| *w > base), "{waits:?}");
}

#[test]
fn retries_can_be_turned_off() {
    within(GUARD, || {
        let server = RawServer::start(|_, _, stream| {
            respond(stream, "503 Service Unavailable", &[], "");
            Then::KeepAlive
        });
        let client = client_without_retries(&server.url);
        assert!(matches!(client.spaces().get(ID_1), Err(Error::Server(_))));
        assert_eq!(server.requests(), 1);
    });
}

#[test]
fn a_create_that_could_not_connect_is_retried() {
    within(GUARD, || {
        let url = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            format!("http://{}", listener.local_addr().unwrap())
        };
        let (client, waits) = client_for(&url);
        let error = client.spaces().create("n", ORG).send().unwrap_err();
        assert!(matches!(&error, Error::Transport(t) if t.is_connect() && t.attempts() == 3));
        assert_eq!(waits.lock().unwrap().len(), 2);
    });
}

// --- Hostile input ---------------------------------------------------------

#[test]
fn hostile_query_values_stay_inside_their_parameter() {
    let mut server = mockito::Server::new();
    let mock = server
        .mock(
            "GET",
            "/v2/spaces?name=a%26limit%3D1%23x&limit=50&cursor=%3F%26%3D",
        )
        .with_body(page(vec![], None))
        .create();
    let (client, _) = client_for(&server.url());
    client
        .spaces()
        .list()
        .name("a&limit=1#x")
        .cursor("?&=")
        .send()
        .unwrap();
    mock.assert();
}

#[test]
fn header_injection_through_the_key_is_refused() {
    for key in ["good\r\nX-Injected: 1", "good\nHost: evil", "good\0"] {
        let result = Client::builder().api_key(key).build();
        assert!(matches!(result, Err(Error::Config(_))), "{key:?}");
    }
}

// --- Secrets everywhere ----------------------------------------------------

#[test]
fn every_decode_error_scrubs_the_key_from_the_path_and_the_message() {
    // serde quotes what it could not read, and names where: a server that
    // echoes the key in a value of the wrong type, in a field name, or in
    // the value of an enum would put it in the error's text.
    let cases: [(&str, String); 3] = [
        (
            "a value of the wrong type",
            format!(r#"{{"id": "x", "name": "n", "is_private": "{KEY}"}}"#),
        ),
        (
            "a field name",
            format!(r#"{{"id": "x", "name": "n", "{KEY}": {{"a": ]}}"#),
        ),
        (
            "an enum value",
            format!(r#"{{"id": "x", "name": "n", "role": "{KEY}"}}"#),
        ),
    ];
    within(GUARD, move || {
        for (what, body) in cases {
            let server = RawServer::start(move |_, _, stream| json_ok(stream, &body));
            let client = client_without_retries(&server.url);
            // A space for most, a membership (whose role is an enum) for the
            // third.
            let error = if what == "an enum value" {
                client
                    .spaces()
                    .add_user(ID_1, USER, arize::PredefinedRole::Member)
                    .unwrap_err()
            } else {
                client.spaces().get(ID_1).unwrap_err()
            };
            let Error::Decode(decode) = &error else {
                panic!("{what}: expected a decode error, got {error:?}")
            };
            assert_no_key(&error);
            assert!(!decode.path().contains(KEY), "{what}: {}", decode.path());
            assert!(!decode.body().contains(KEY), "{what}: {}", decode.body());
            assert!(error.to_string().contains("[REDACTED]"), "{what}: {error}");
        }
    });
}

#[test]
fn no_error_variant_shows_the_key() {
    within(GUARD, || {
        // A server that echoes the key in every body it sends.
        let server = RawServer::start(|_, head, stream| {
            let path = head.split(' ').nth(1).unwrap_or("").to_owned();
            let echo =
                format!("{{\"title\": \"Bearer {KEY}\", \"status\": 400, \"detail\": \"{KEY}\"}}");
            let status = match path.rsplit('/').next().unwrap() {
                "s400" => "400 Bad Request",
                "s401" => "401 Unauthorized",
                "s403" => "403 Forbidden",
                "s404" => "404 Not Found",
                "s409" => "409 Conflict",
                "s422" => "422 Unprocessable Entity",
                "s429" => "429 Too Many Requests",
                "s503" => "503 Service Unavailable",
                "s418" => "418 I'm a teapot",
                "decode" => "200 OK",
                "big" => {
                    respond(stream, "200 OK", &[], &format!("{KEY}{}", " ".repeat(2000)));
                    return Then::KeepAlive;
                }
                "stall" => {
                    stall();
                    return Then::Close;
                }
                "lost" => return Then::Close,
                _ if path.contains("name=dup") => {
                    let body = page(vec![space(ID_1, "dup"), space(ID_2, "dup")], None);
                    respond(stream, "200 OK", &[], &body);
                    return Then::KeepAlive;
                }
                _ if path.contains("name=absent") => {
                    respond(stream, "200 OK", &[], &page(vec![], None));
                    return Then::KeepAlive;
                }
                _ if path.contains("cursor=") => {
                    let body = format!(
                        r#"{{"spaces": [], "pagination": {{"has_more": true, "next_cursor": "{KEY}"}}}}"#
                    );
                    respond(stream, "200 OK", &[], &body);
                    return Then::KeepAlive;
                }
                _ => "200 OK",
            };
            respond(stream, status, &[("Retry-After", "0")], &echo);
            Then::KeepAlive
        });
        let client = Client::builder()
            .api_key(KEY)
            .base_url(&server.url)
            .timeout(Some(Duration::from_millis(300)))
            .max_response_size(1000)
            .max_attempts(2)
            .sleeper(|_| {})
            .build()
            .unwrap();
        let spaces = client.spaces();
        let id = |name: &str| arize::SpaceRef::Id(name.into());
        let mut errors: Vec<Error> = [
            "s400", "s401", "s403", "s404", "s409", "s422", "s429", "s503", "s418", "decode",
            "big", "stall", "lost",
        ]
        .iter()
        .map(|path| spaces.get(id(path)).unwrap_err())
        .collect();
        errors.push(spaces.get(arize::SpaceRef::Name("dup".into())).unwrap_err());
        errors.push(
            spaces
                .get(arize::SpaceRef::Name("absent".into()))
                .unwrap_err(),
        );
        errors.push(
            spaces
                .list()
                .cursor("c")
                .items()
                .next()
                .unwrap()
                .unwrap_err(),
        );
        errors.push(spaces.list().limit(0).send().unwrap_err());
        errors.push(
            Client::builder()
                .api_key(format!("{KEY}\n"))
                .build()
                .unwrap_err(),
        );
        errors.push(
            Client::builder()
                .api_key(KEY)
                .base_url(format!("ftp://{KEY}"))
                .build()
                .unwrap_err(),
        );

        let mut variants = std::collections::BTreeSet::new();
        for error in &errors {
            assert_no_key(error);
            // The alternate form is the structured one, named by the variant.
            let debug = format!("{error:#?}");
            variants.insert(debug.split(['(', ' ', '{']).next().unwrap().to_owned());
        }
        let expected = [
            "AmbiguousName",
            "BadRequest",
            "Config",
            "Conflict",
            "Decode",
            "Forbidden",
            "InvalidRequest",
            "NameNotFound",
            "NotFound",
            "Pagination",
            "RateLimited",
            "ResponseTooLarge",
            "Server",
            "Timeout",
            "Transport",
            "Unauthorized",
            "UnexpectedStatus",
            "Unprocessable",
        ];
        assert_eq!(variants, expected.iter().map(|s| s.to_string()).collect());
    });
}

/// A request that carries no body says so with `Content-Length: 0` when
/// its method may carry one (a bodiless `POST`), rather than an empty
/// chunked body, which some gateways refuse (411); a `GET` says nothing.
#[test]
fn a_bodiless_post_sends_content_length_zero() {
    let heads = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&heads);
    let server = RawServer::start(move |_, request, stream| {
        seen.lock().unwrap().push(request.to_lowercase());
        respond(stream, "204 No Content", &[], "");
        Then::KeepAlive
    });
    let url = server.url.clone();
    within(GUARD, move || {
        let client = client_without_retries(&url);
        client.users().resend_invitation(USER).unwrap();
        client.users().reset_password(USER).unwrap();
        let _ = client.spaces().delete(ID_1);
    });
    let heads = heads.lock().unwrap();
    assert_eq!(heads.len(), 3, "{heads:#?}");
    for post in &heads[..2] {
        assert!(post.starts_with("post "), "{post}");
        assert!(post.contains("\r\ncontent-length: 0\r\n"), "{post}");
        assert!(!post.contains("transfer-encoding"), "{post}");
    }
    assert!(heads[2].starts_with("delete "), "{}", heads[2]);
    assert!(!heads[2].contains("content-length"), "{}", heads[2]);
    assert!(!heads[2].contains("transfer-encoding"), "{}", heads[2]);
}

/// A server that sends the API key as a page's cursor would have the
/// client put the key in a URL, which logs and proxies record: the
/// iteration ends there, with the page it has and an error.
#[test]
fn a_cursor_holding_the_key_is_never_followed() {
    let mut server = mockito::Server::new();
    let first = server
        .mock("GET", "/v2/spaces?limit=100")
        .with_body(page(vec![space(ID_1, "a")], Some(&format!("x{KEY}y"))))
        .expect(1)
        .create();
    let never = server
        .mock("GET", mockito::Matcher::Regex("cursor=".into()))
        .expect(0)
        .create();
    let results: Vec<_> = client(&server).spaces().list().items().take(5).collect();
    assert_eq!(results.len(), 2, "{results:?}");
    assert_eq!(results[0].as_ref().unwrap().id, ID_1);
    let error = results[1].as_ref().unwrap_err();
    assert!(matches!(error, Error::Pagination(_)), "{error:?}");
    assert_eq!(
        error.to_string(),
        "pagination stopped: the server sent the API key as the next_cursor; following it \
         would put the key in a URL"
    );
    first.assert();
    never.assert();
}
