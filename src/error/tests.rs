use super::*;

/// [`Error::from_response`] of an answer whose text may be quoted.
fn response(
    request: &str,
    status: u16,
    retry_after: Option<Duration>,
    body: &[u8],
    attempts: u32,
    secret: &Secret,
) -> Error {
    let answer = Answer {
        status,
        retry_after,
        body,
        attempts,
        withheld: false,
        key_source: "ARIZE_API_KEY",
    };
    Error::from_response(request, answer, secret)
}

#[test]
fn a_withheld_answer_keeps_its_problem_and_hides_its_text() {
    let problem = br#"{"title": "Conflict", "status": 409, "detail": "the email is taken"}"#;
    for (body, detail) in [
        (&problem[..], Some("the email is taken")),
        (b"Pw-secret", None),
    ] {
        let answer = Answer {
            status: 409,
            retry_after: None,
            body,
            attempts: 1,
            withheld: true,
            key_source: "ARIZE_API_KEY",
        };
        let error = Error::from_response("POST /v2/users", answer, &Secret::new("ak-key"));
        let api = error.api_error().unwrap();
        assert_eq!(api.body(), WITHHELD);
        assert_eq!(api.detail(), detail);
        assert!(
            !format!("{error} {error:?}").contains("Pw-secret"),
            "{error}"
        );
    }
}

#[test]
fn snippets_are_bounded_and_scrub_the_secret() {
    let s = Secret::new;
    assert_eq!(snippet(b"", 10, &s("k")), "");
    assert_eq!(snippet(b"short", 10, &s("key")), "short");
    assert_eq!(snippet(b"0123456789abc", 10, &s("zz")), "0123456789…");
    assert_eq!(
        snippet(b"token sk-secret was bad", 100, &s("sk-secret")),
        "token [REDACTED] was bad"
    );
    // The secret straddles the cut: no prefix of it survives either.
    let text = snippet(b"aaaaaaaa sk-secret", 12, &s("sk-secret"));
    assert!(!text.contains("sk-s"), "{text}");
    assert!(snippet(&[0xff; 5000], 10, &s("k")).chars().count() <= 11);
}

#[test]
fn snippets_read_far_enough_for_wide_characters_and_a_straddling_secret() {
    // Ten 4-byte characters need 40 bytes; the secret starting at byte
    // 36 ends past them, and is scrubbed whole all the same.
    let body = format!("{}sk-secret tail", "🦀".repeat(9));
    let text = snippet(body.as_bytes(), 10, &Secret::new("sk-secret"));
    assert_eq!(text, format!("{}[…", "🦀".repeat(9)));
    // A body that scrubbing shrinks below the limit is still marked as
    // cut when the rest was not read.
    let key = "k".repeat(100);
    let body = key.repeat(6);
    let text = snippet(body.as_bytes(), 100, &Secret::new(key.as_str()));
    assert_eq!(text, format!("{}…", "[REDACTED]".repeat(5)));
    // And not when it was.
    let body = key.repeat(2);
    let text = snippet(body.as_bytes(), 100, &Secret::new(key.as_str()));
    assert_eq!(text, "[REDACTED]".repeat(2));
}

#[test]
fn problems_are_parsed_whatever_the_content_type_and_scrubbed() {
    let body = br#"{"title": "Bad sk-1", "status": 400, "detail": "key sk-1", "type": "sk-1", "instance": "/sk-1"}"#;
    let error = response("GET /", 400, None, body, 1, &Secret::new("sk-1"));
    let problem = error.problem().unwrap();
    assert_eq!(problem.title, "Bad [REDACTED]");
    assert_eq!(problem.detail.as_deref(), Some("key [REDACTED]"));
    assert_eq!(problem.type_.as_deref(), Some("[REDACTED]"));
    assert_eq!(problem.instance.as_deref(), Some("/[REDACTED]"));
    assert!(
        response("GET /", 502, None, b"<html>", 1, &Secret::new("k"))
            .problem()
            .is_none()
    );
}

#[test]
fn statuses_map_to_their_class() {
    let secret = Secret::new("k");
    let variant = |status| response("GET /", status, None, b"", 1, &secret);
    assert!(matches!(variant(400), Error::BadRequest(_)));
    assert!(matches!(variant(401), Error::Unauthorized(_)));
    assert!(matches!(variant(403), Error::Forbidden(_)));
    assert!(matches!(variant(404), Error::NotFound(_)));
    assert!(matches!(variant(409), Error::Conflict(_)));
    assert!(matches!(variant(422), Error::Unprocessable(_)));
    assert!(matches!(variant(429), Error::RateLimited(_)));
    for status in [500, 502, 599] {
        assert!(matches!(variant(status), Error::Server(_)), "{status}");
    }
    for status in [301, 402, 418, 600] {
        assert!(
            matches!(variant(status), Error::UnexpectedStatus(_)),
            "{status}"
        );
    }
}

#[test]
fn rate_limiting_shows_the_servers_retry_after() {
    let body = br#"{"title": "Too Many Requests", "status": 429, "detail": "slow down"}"#;
    let wait = Some(Duration::from_secs(30));
    let error = response("GET /v2/spaces", 429, wait, body, 3, &Secret::new("k"));
    assert!(matches!(error, Error::RateLimited(_)));
    assert_eq!(
        error.to_string(),
        "429 Too Many Requests: slow down; the server asks to wait 30 s \
         [GET /v2/spaces, after 3 attempts]"
    );
    let error = response("GET /", 429, None, b"", 1, &Secret::new("k"));
    assert_eq!(
        error.to_string(),
        "429 Too Many Requests (empty body) [GET /]"
    );
}

#[test]
fn timeouts_name_the_limit_its_value_and_the_attempts() {
    let timeout = |kind, message: &str, limit, attempts| {
        Error::from(TransportError {
            request: "POST https://api.arize.com/v2/spaces".into(),
            kind,
            message: message.into(),
            attempts,
            limit,
            proxy: None,
        })
        .to_string()
    };
    let connect = Some(Limit {
        setter: "connect_timeout",
        value: Duration::from_secs(10),
    });
    assert_eq!(
        timeout(TransportKind::ConnectTimeout, "connect", connect, 3),
        "timed out waiting to connect: the 10 s limit (ClientBuilder::connect_timeout) \
         ran out [POST https://api.arize.com/v2/spaces, after 3 attempts]"
    );
    let stage = Some(Limit {
        setter: "timeout",
        value: Duration::from_millis(1500),
    });
    assert_eq!(
        timeout(TransportKind::Timeout, "send the request", stage, 1),
        "timed out waiting to send the request: the 1.5 s limit (ClientBuilder::timeout) \
         ran out [POST https://api.arize.com/v2/spaces, after 1 attempt]"
    );
    assert_eq!(
        timeout(
            TransportKind::ConnectTimeout,
            "resolve the host name",
            None,
            1
        ),
        "timed out waiting to resolve the host name \
         [POST https://api.arize.com/v2/spaces, after 1 attempt]"
    );
}

#[test]
fn durations_read_as_people_write_them() {
    assert_eq!(human(Duration::from_secs(30)), "30 s");
    assert_eq!(human(Duration::ZERO), "0 s");
    assert_eq!(human(Duration::from_millis(400)), "400 ms");
    assert_eq!(human(Duration::from_millis(29_631)), "29.6 s");
}

#[test]
fn reasons_come_from_the_standard_table() {
    assert_eq!(reason(404), "Not Found");
    assert_eq!(reason(429), "Too Many Requests");
    assert_eq!(reason(599), "");
}

fn transport(kind: TransportKind) -> Error {
    Error::from(TransportError {
        request: "GET /".into(),
        kind,
        message: "m".into(),
        attempts: 2,
        limit: None,
        proxy: None,
    })
}

/// One error of every variant (and of every transport kind), named.
fn every_variant() -> Vec<(&'static str, Error)> {
    let secret = Secret::new("k");
    let status = |status| response("GET /", status, None, b"", 1, &secret);
    vec![
        ("400", status(400)),
        ("401", status(401)),
        ("403", status(403)),
        ("404", status(404)),
        ("409", status(409)),
        ("422", status(422)),
        ("429", status(429)),
        ("500", status(500)),
        ("503", status(503)),
        ("301", status(301)),
        ("connect", transport(TransportKind::Connect)),
        ("connect timeout", transport(TransportKind::ConnectTimeout)),
        ("lost", transport(TransportKind::Lost)),
        ("timeout", transport(TransportKind::Timeout)),
        ("other", transport(TransportKind::Other)),
        ("tls", transport(TransportKind::Tls)),
        (
            "too large",
            Error::ResponseTooLarge {
                request: "GET /".into(),
                limit: 1,
            },
        ),
        (
            "decode",
            Error::Decode(Box::new(DecodeError {
                request: "GET /".into(),
                status: 200,
                expected: "Space",
                path: ".".into(),
                message: "m".into(),
                body: String::new(),
            })),
        ),
        (
            "name not found",
            Error::NameNotFound {
                kind: ResourceKind::Space,
                name: "n".into(),
                within: None,
            },
        ),
        (
            "ambiguous",
            Error::AmbiguousName {
                kind: ResourceKind::Space,
                name: "n".into(),
                ids: vec!["a".into(), "b".into()],
            },
        ),
        ("invalid", Error::invalid("name", "empty")),
        ("config", Error::Config("c".into())),
        ("pagination", Error::Pagination("p".into())),
        ("internal", Error::Internal("boom".into())),
    ]
}

#[test]
fn each_variant_answers_each_predicate() {
    // (name, retryable, not found, conflict, unauthorized, forbidden,
    //  rate limited, timeout, status)
    type Answers = (
        &'static str,
        bool,
        bool,
        bool,
        bool,
        bool,
        bool,
        bool,
        Option<u16>,
    );
    #[rustfmt::skip]
    let expected: [Answers; 24] = [
        ("400", false, false, false, false, false, false, false, Some(400)),
        ("401", false, false, false, true, false, false, false, Some(401)),
        ("403", false, false, false, false, true, false, false, Some(403)),
        ("404", false, true, false, false, false, false, false, Some(404)),
        ("409", false, false, true, false, false, false, false, Some(409)),
        ("422", false, false, false, false, false, false, false, Some(422)),
        ("429", true, false, false, false, false, true, false, Some(429)),
        ("500", true, false, false, false, false, false, false, Some(500)),
        ("503", true, false, false, false, false, false, false, Some(503)),
        ("301", false, false, false, false, false, false, false, Some(301)),
        ("connect", true, false, false, false, false, false, false, None),
        ("connect timeout", true, false, false, false, false, false, true, None),
        ("lost", true, false, false, false, false, false, false, None),
        ("timeout", true, false, false, false, false, false, true, None),
        ("other", true, false, false, false, false, false, false, None),
        ("tls", false, false, false, false, false, false, false, None),
        ("too large", false, false, false, false, false, false, false, None),
        ("decode", false, false, false, false, false, false, false, Some(200)),
        ("name not found", false, true, false, false, false, false, false, None),
        ("ambiguous", false, false, false, false, false, false, false, None),
        ("invalid", false, false, false, false, false, false, false, None),
        ("config", false, false, false, false, false, false, false, None),
        ("pagination", false, false, false, false, false, false, false, None),
        ("internal", false, false, false, false, false, false, false, None),
    ];
    let errors = every_variant();
    assert_eq!(errors.len(), expected.len());
    for ((name, error), want) in errors.iter().zip(expected) {
        assert_eq!(*name, want.0);
        let got = (
            *name,
            error.is_retryable(),
            error.is_not_found(),
            error.is_conflict(),
            error.is_unauthorized(),
            error.is_forbidden(),
            error.is_rate_limited(),
            error.is_timeout(),
            error.status(),
        );
        assert_eq!(got, want);
        // Only answers from the server carry one.
        assert_eq!(
            error.api_error().is_some(),
            name.parse::<u16>().is_ok(),
            "{name}"
        );
    }
}

#[test]
fn each_variant_reads_as_a_sentence_and_debugs_as_its_structure() {
    let expected = [
        ("400", "400 Bad Request (empty body) [GET /]", "BadRequest"),
        (
            "401",
            "401 Unauthorized (empty body); check the API key (from ARIZE_API_KEY): it may be \
             wrong or revoked [GET /]",
            "Unauthorized",
        ),
        (
            "403",
            "403 Forbidden (empty body); the API key lacks the permission for this \
             operation [GET /]",
            "Forbidden",
        ),
        ("404", "404 Not Found (empty body) [GET /]", "NotFound"),
        ("409", "409 Conflict (empty body) [GET /]", "Conflict"),
        (
            "422",
            "422 Unprocessable Entity (empty body) [GET /]",
            "Unprocessable",
        ),
        (
            "429",
            "429 Too Many Requests (empty body) [GET /]",
            "RateLimited",
        ),
        (
            "500",
            "500 Internal Server Error (empty body) [GET /]",
            "Server",
        ),
        (
            "503",
            "503 Service Unavailable (empty body) [GET /]",
            "Server",
        ),
        (
            "301",
            "301 Moved Permanently (empty body) [GET /]",
            "UnexpectedStatus",
        ),
        (
            "connect",
            "could not connect: m; check the base URL and that the server is reachable from here \
             (network, firewall, or a proxy if one is needed) [GET /, after 2 attempts]",
            "Transport",
        ),
        (
            "connect timeout",
            "timed out waiting to m [GET /, after 2 attempts]",
            "Timeout",
        ),
        (
            "lost",
            "connection lost: m [GET /, after 2 attempts]",
            "Transport",
        ),
        (
            "timeout",
            "timed out waiting to m [GET /, after 2 attempts]",
            "Timeout",
        ),
        (
            "other",
            "request failed: m [GET /, after 2 attempts]",
            "Transport",
        ),
        (
            "tls",
            "TLS handshake failed: m [GET /, after 2 attempts]",
            "Transport",
        ),
        (
            "too large",
            "the response to GET / is larger than the 1-byte limit (raise it with \
             ClientBuilder::max_response_size if this is expected)",
            "ResponseTooLarge",
        ),
        (
            "decode",
            "the 200 response to GET / is not a valid Space: at `.`: m; body: \"\"",
            "Decode",
        ),
        ("name not found", "no space is named \"n\"", "NameNotFound"),
        (
            "ambiguous",
            "2 spaces are named \"n\" (IDs: a, b); pass an ID or an organization instead",
            "AmbiguousName",
        ),
        (
            "invalid",
            "invalid name: empty (nothing was sent)",
            "InvalidRequest",
        ),
        ("config", "invalid client configuration: c", "Config"),
        ("pagination", "pagination stopped: p", "Pagination"),
        (
            "internal",
            "a bug in the arize crate stopped this item: boom",
            "Internal",
        ),
    ];
    let errors = every_variant();
    assert_eq!(errors.len(), expected.len());
    for ((name, error), (want_name, text, variant)) in errors.iter().zip(expected) {
        assert_eq!(*name, want_name);
        assert_eq!(error.to_string(), text, "{name}");
        // `{:?}` is the sentence; `{:#?}` the structure, named by variant.
        assert_eq!(format!("{error:?}"), text, "{name}");
        let structure = format!("{error:#?}");
        assert!(
            structure.starts_with(&format!("{variant}("))
                || structure.starts_with(&format!("{variant} {{")),
            "{name}: {structure}"
        );
    }
}

#[test]
fn an_api_error_exposes_what_it_keeps() {
    let body = br#"{"title": "Conflict", "status": 409, "detail": "name taken"}"#;
    let wait = Some(Duration::from_secs(2));
    let error = response("POST /v2/spaces", 409, wait, body, 2, &Secret::new("sk-1"));
    let api = error.api_error().unwrap();
    assert_eq!(api.status(), 409);
    assert_eq!(api.title(), Some("Conflict"));
    assert_eq!(api.detail(), Some("name taken"));
    assert_eq!(api.request(), "POST /v2/spaces");
    assert_eq!(api.attempts(), 2);
    assert_eq!(api.retry_after(), wait);
    assert_eq!(api.body(), std::str::from_utf8(body).unwrap());
    assert_eq!(api.hint(), None);
    // The title is not repeated when it is the status's own reason.
    assert_eq!(
        error.to_string(),
        "409 Conflict: name taken; the server asks to wait 2 s [POST /v2/spaces, after 2 attempts]"
    );
    let hinted = error.with_conflict_hint("rename it");
    assert_eq!(hinted.api_error().unwrap().hint(), Some("rename it"));
    assert!(
        hinted
            .to_string()
            .contains("name taken; the server asks to wait 2 s; rename it [")
    );
}

#[test]
fn one_attempt_is_not_counted_in_the_text() {
    let once = |kind| {
        Error::from(TransportError {
            request: "GET /".into(),
            kind,
            message: "m".into(),
            attempts: 1,
            limit: None,
            proxy: None,
        })
        .to_string()
    };
    assert_eq!(once(TransportKind::Lost), "connection lost: m [GET /]");
    assert_eq!(once(TransportKind::Tls), "TLS handshake failed: m [GET /]");
    assert_eq!(
        once(TransportKind::Timeout),
        "timed out waiting to m [GET /, after 1 attempt]"
    );
    let api = response("GET /", 500, None, b"oops", 1, &Secret::new("k"));
    assert_eq!(api.to_string(), "500 Internal Server Error: oops [GET /]");
}

#[test]
fn lookups_read_by_kind_and_scope() {
    let not_found = |kind, within: Option<&str>| {
        Error::NameNotFound {
            kind,
            name: "n".into(),
            within: within.map(str::to_owned),
        }
        .to_string()
    };
    assert_eq!(
        not_found(ResourceKind::User, None),
        "no user has the email \"n\""
    );
    assert_eq!(
        not_found(ResourceKind::Space, Some("organization T3Jn")),
        "no space is named \"n\" in organization T3Jn"
    );
    let ambiguous = |kind| {
        Error::AmbiguousName {
            kind,
            name: "n".into(),
            ids: vec!["a".into(), "b".into()],
        }
        .to_string()
    };
    // Only space names can be scoped (to an organization).
    assert_eq!(
        ambiguous(ResourceKind::User),
        "2 users have the email \"n\" (IDs: a, b); pass an ID instead"
    );
    assert_eq!(
        ambiguous(ResourceKind::Role),
        "2 roles are named \"n\" (IDs: a, b); pass an ID instead"
    );
    for (kind, noun, field) in [
        (ResourceKind::Space, "space", "space"),
        (ResourceKind::Organization, "organization", "organization"),
        (ResourceKind::User, "user", "user"),
        (ResourceKind::Role, "role", "role"),
        (ResourceKind::RoleBinding, "role binding", "role_binding"),
        (
            ResourceKind::ResourceRestriction,
            "resource restriction",
            "resource",
        ),
    ] {
        assert_eq!(kind.to_string(), noun);
        assert_eq!(kind.field(), field);
    }
}

#[test]
fn transport_kinds_say_whether_anything_was_sent_and_whether_time_ran_out() {
    // (kind, is_connect, is_timeout, the variant is Timeout)
    for (kind, connect, timeout) in [
        (TransportKind::Connect, true, false),
        (TransportKind::ConnectTimeout, true, true),
        (TransportKind::Lost, false, false),
        (TransportKind::Timeout, false, true),
        (TransportKind::Other, false, false),
    ] {
        let error = transport(kind);
        let (Error::Transport(inner) | Error::Timeout(inner)) = &error else {
            panic!("{kind:?}: {error:?}")
        };
        assert_eq!(inner.is_connect(), connect, "{kind:?}");
        assert_eq!(inner.is_timeout(), timeout, "{kind:?}");
        assert_eq!(matches!(error, Error::Timeout(_)), timeout, "{kind:?}");
        assert_eq!(inner.attempts(), 2);
        assert_eq!(inner.request(), "GET /");
    }
}

#[test]
fn error_is_send_sync_static() {
    fn check<T: Send + Sync + 'static + std::error::Error>() {}
    check::<Error>();
}

#[test]
fn only_the_specs_names_survive_in_a_withheld_path() {
    use serde_path_to_error::Segment;
    assert_eq!(spec_path([]), ".");
    let path = [
        Segment::Map {
            key: "users".into(),
        },
        Segment::Seq { index: 3 },
        Segment::Map {
            key: "s3cret".into(),
        },
        Segment::Enum {
            variant: "email".into(),
        },
        Segment::Unknown,
    ];
    assert_eq!(spec_path(&path), "users[3].?.email.?");
}

#[test]
fn quoted_values_are_taken_out_of_messages() {
    assert_eq!(unquoted(r#"a "b" c"#), r#"a "…" c"#);
    assert_eq!(unquoted(r#"x "a\"b" y"#), r#"x "…" y"#);
    assert_eq!(unquoted(r#"x "a\\" y "z""#), r#"x "…" y "…""#);
    assert_eq!(
        unquoted("unknown variant `X`, expected `A`"),
        "unknown variant `…`, expected `…`"
    );
    assert_eq!(unquoted("no quote"), "no quote");
    assert_eq!(unquoted(r#"cut "off"#), r#"cut "…""#);
}
