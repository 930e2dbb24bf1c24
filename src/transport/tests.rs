use std::{
    net::SocketAddr,
    sync::{
        Mutex,
        atomic::{AtomicUsize, Ordering},
    },
};

use super::*;
use crate::operation::Op;

fn transport(base_url: &str) -> Transport {
    crate::Client::builder()
        .api_key("k")
        .base_url(base_url)
        .build_transport()
        .unwrap()
}

/// How `classify` reads an error: kind, message, and the limit's setter.
fn classified(error: ureq::Error) -> (TransportKind, String, Option<&'static str>) {
    match transport("http://127.0.0.1:1").classify(error) {
        Attempt::Failed(failure) => (
            failure.kind,
            failure.message,
            failure.limit.map(|limit| limit.setter),
        ),
        Attempt::Answered { .. } => panic!("an error is never an answer"),
    }
}

#[test]
fn errors_are_classified_by_how_far_the_request_got() {
    use ureq::Timeout as T;
    let timeout = |stage| classified(ureq::Error::Timeout(stage));
    let (kind, message, limit) = timeout(T::Resolve);
    assert_eq!(
        (kind, message.as_str(), limit),
        (TransportKind::ConnectTimeout, "resolve the host name", None)
    );
    let (kind, message, limit) = timeout(T::Connect);
    assert_eq!(
        (kind, message.as_str(), limit),
        (
            TransportKind::ConnectTimeout,
            "connect",
            Some("connect_timeout")
        )
    );
    for stage in [T::SendRequest, T::SendBody, T::Await100] {
        let (kind, message, limit) = timeout(stage);
        assert_eq!(
            (kind, message.as_str(), limit),
            (TransportKind::Timeout, "send the request", Some("timeout"))
        );
    }
    let (kind, message, _) = timeout(T::RecvResponse);
    assert_eq!(
        (kind, message.as_str()),
        (TransportKind::Timeout, "receive the response")
    );
    let (kind, message, _) = timeout(T::RecvBody);
    assert_eq!(
        (kind, message.as_str()),
        (TransportKind::Timeout, "receive the response body")
    );

    for error in [ureq::Error::HostNotFound, ureq::Error::ConnectionFailed] {
        assert_eq!(classified(error).0, TransportKind::Connect);
    }
    let io = |kind| ureq::Error::Io(io::Error::new(kind, "x"));
    assert_eq!(
        classified(io(io::ErrorKind::ConnectionRefused)).0,
        TransportKind::Connect
    );
    let (kind, message, _) = classified(io(io::ErrorKind::TimedOut));
    assert_eq!(kind, TransportKind::Timeout);
    assert!(
        message.starts_with("complete the request: the socket timed out"),
        "{message}"
    );
    assert_eq!(
        classified(io(io::ErrorKind::ConnectionReset)).0,
        TransportKind::Lost
    );

    // However rustls's refusal arrives, it is a failed handshake.
    let refused = || rustls::Error::General("refused".into());
    for error in [
        ureq::Error::Rustls(refused()),
        ureq::Error::Io(io::Error::new(io::ErrorKind::InvalidData, refused())),
    ] {
        let (kind, message, _) = classified(error);
        assert_eq!(kind, TransportKind::Tls);
        assert!(message.contains("add_root_certificates_pem"), "{message}");
    }
}

#[test]
fn path_segments_and_query_values_cannot_escape() {
    let request = Request::new(Op::RemoveSpaceUser, &["../a/b?c=d#e%20+=", "U2/=."]).query(|url| {
        crate::query::push(url, "name", "a&b=c d");
        crate::query::push(url, "limit", 7);
    });
    assert_eq!(
        transport("http://127.0.0.1:1/prefix").url(&request),
        "http://127.0.0.1:1/prefix/v2/spaces/%2E%2E%2Fa%2Fb%3Fc%3Dd%23e%2520%2B%3D/users/U2%2F%3D%2E\
         ?name=a%26b%3Dc%20d&limit=7"
    );
}

#[test]
fn the_retry_class_comes_from_the_table_unless_overridden() {
    assert_eq!(Request::new(Op::GetSpace, &["s"]).retry, Retry::Idempotent);
    assert_eq!(
        Request::new(Op::UpdateSpace, &["s"]).retry,
        Retry::Idempotent
    );
    assert_eq!(Request::new(Op::DeleteSpace, &["s"]).retry, Retry::Delete);
    assert_eq!(
        Request::new(Op::CreateSpace, &[]).retry,
        Retry::OnlyIfUnsent
    );
    assert_eq!(
        Request::new(Op::AddSpaceUser, &["s"]).retry,
        Retry::Idempotent
    );
    assert_eq!(
        Request::new(Op::CreateUser, &[]).idempotent().retry,
        Retry::Idempotent
    );
}

#[test]
fn decode_errors_name_the_path_and_never_show_the_secret() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: String,
        count: u32,
    }
    let reply = Reply {
        status: 200,
        body: br#"{"id": "x", "count": "sk-secret"}"#.to_vec(),
        operation: Op::GetSpace.get(),
        url: "/v2/things".into(),
    };
    let error = reply.json::<Item>(&Secret::new("sk-secret")).unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(shown.contains("count"), "{shown}");
    assert!(!shown.contains("sk-secret"), "{shown}");
    // Not a secret operation: the offending value and the body are quoted.
    let other = reply.json::<Item>(&Secret::new("unrelated")).unwrap_err();
    let Error::Decode(decode) = &other else {
        panic!("{other:?}")
    };
    assert!(
        decode.to_string().contains(r#"string "sk-secret""#),
        "{other}"
    );
    assert!(decode.body().contains("sk-secret"), "{other}");
}

/// The answer of an operation that can carry a secret is never quoted,
/// whether it parses or not: not in the message, the path or the body.
#[test]
fn a_secret_answer_is_never_quoted_parseable_or_not() {
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Created {
        email: String,
        is_developer: bool,
        temporary_password: Option<String>,
    }
    let bodies: [&[u8]; 5] = [
        // Cut off mid-JSON, the password in a wrongly typed field.
        br#"{"email": "a@x.io", "is_developer": "Pw-9xQ!secret", "temporary_"#,
        // Whole, the same.
        br#"{"email": "a@x.io", "is_developer": "Pw-9xQ!secret"}"#,
        // A key the spec does not have, holding the password.
        br#"{"email": "a@x.io", "Pw-9xQ!secret": [1, "#,
        // Escaped quotes inside the value.
        br#"{"email": "a@x.io", "is_developer": "Pw-"9xQ!secret"}"#,
        // Not JSON at all.
        b"Pw-9xQ!secret",
    ];
    for body in bodies {
        let reply = Reply {
            status: 201,
            body: body.to_vec(),
            operation: Op::CreateUser.get(),
            url: "/v2/users".into(),
        };
        let error = reply.json::<Created>(&Secret::new("ak-key")).unwrap_err();
        let Error::Decode(decode) = &error else {
            panic!("{error:?}")
        };
        for shown in [
            format!("{error}"),
            format!("{error:?}"),
            format!("{error:#?}"),
        ] {
            assert!(!shown.contains("9xQ"), "{shown}");
        }
        assert_eq!(decode.body(), WITHHELD);
        assert!(!decode.path().contains("9xQ"), "{}", decode.path());
    }
    // What is kept: the spec's field names, the kind of fault, the place.
    let reply = Reply {
        status: 201,
        body: bodies[1].to_vec(),
        operation: Op::CreateUser.get(),
        url: "/v2/users".into(),
    };
    let error = reply.json::<Created>(&Secret::new("ak-key")).unwrap_err();
    let Error::Decode(decode) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(decode.path(), "is_developer");
    assert!(
        error
            .to_string()
            .contains(r#"invalid type: string "…", expected a boolean at line 1"#),
        "{error}"
    );
}

/// Fails the first `failures` lookups as the system resolver fails for
/// an unknown name, then answers with `addr`; counts the lookups.
#[derive(Debug)]
struct FailingResolver {
    failures: usize,
    error: fn() -> ureq::Error,
    addr: SocketAddr,
    calls: Arc<AtomicUsize>,
}

impl Resolver for FailingResolver {
    fn resolve(
        &self,
        _: &Uri,
        _: &Config,
        _: NextTimeout,
    ) -> std::result::Result<ResolvedSocketAddrs, ureq::Error> {
        if self.calls.fetch_add(1, Ordering::SeqCst) < self.failures {
            return Err((self.error)());
        }
        let mut addrs = self.empty();
        addrs.push(self.addr);
        Ok(addrs)
    }
}

/// What `ToSocketAddrs` returns for a name the system cannot resolve
/// (std's kind for it, `Uncategorized`, cannot be named).
fn lookup_failed() -> ureq::Error {
    ureq::Error::Io(io::Error::other(
        "failed to lookup address information: Name or service not known",
    ))
}

/// A client for a made-up host (never looked up: the resolver is
/// injected) whose retry waits are recorded, and its resolver's count.
fn client_for_unresolved(
    failures: usize,
    error: fn() -> ureq::Error,
    addr: SocketAddr,
) -> (crate::Client, Arc<AtomicUsize>, Arc<Mutex<Vec<Duration>>>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let waits = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&waits);
    let client = crate::Client::builder()
        // Failure texts are scrubbed of the key: a one-letter one would show.
        .api_key("ak-test-key")
        .base_url(format!("http://api.arize.invalid:{}", addr.port()))
        .sleeper(move |wait| log.lock().unwrap().push(wait))
        .resolver(FailingResolver {
            failures,
            error,
            addr,
            calls: Arc::clone(&calls),
        })
        .build()
        .unwrap();
    (client, calls, waits)
}

#[test]
fn a_host_that_does_not_resolve_is_a_connect_failure() {
    let unused: SocketAddr = "127.0.0.1:9".parse().unwrap();
    for (error, cause) in [
        (
            lookup_failed as fn() -> ureq::Error,
            "failed to lookup address information: Name or service not known",
        ),
        (|| ureq::Error::HostNotFound, "no address found"),
    ] {
        let (client, calls, waits) = client_for_unresolved(usize::MAX, error, unused);
        let error = client.spaces().get("U3BhY2U6MTpmb28=").unwrap_err();
        let Error::Transport(transport) = &error else {
            panic!("expected a transport error, got {error:?}");
        };
        assert!(transport.is_connect(), "{error:?}");
        assert_eq!(transport.attempts(), 3);
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        assert_eq!(waits.lock().unwrap().len(), 2);
        assert_eq!(
            error.to_string(),
            format!(
                "could not connect: the host api.arize.invalid could not be resolved \
                 ({cause}); check the base URL and that the server is reachable from here \
                 (network, firewall, or a proxy if one is needed) [GET \
                 http://api.arize.invalid:9/v2/spaces/U3BhY2U6MTpmb28%3D, after 3 attempts]"
            )
        );
    }
}

#[test]
fn a_create_is_retried_after_its_host_did_not_resolve() {
    let mut server = mockito::Server::new();
    let create = server
        .mock("POST", "/v2/spaces")
        .with_status(201)
        .with_body(
            r#"{"id": "U3BhY2U6MTpm", "name": "n", "description": "",
                "created_at": "2026-01-02T03:04:05Z", "is_private": false}"#,
        )
        .expect(1)
        .create();
    let (client, calls, waits) = client_for_unresolved(2, lookup_failed, server.socket_address());
    let space = client.spaces().create("n", "T3JnOjE=").send().unwrap();
    assert_eq!(space.name, "n");
    assert_eq!(
        calls.load(Ordering::SeqCst),
        3,
        "two failed lookups, then one"
    );
    assert_eq!(waits.lock().unwrap().len(), 2);
    create.assert();
}

/// Records the hosts it is asked for, and resolves none.
#[derive(Debug, Default)]
struct RecordingResolver(Arc<Mutex<Vec<String>>>);

impl Resolver for RecordingResolver {
    fn resolve(
        &self,
        uri: &Uri,
        _: &Config,
        _: NextTimeout,
    ) -> std::result::Result<ResolvedSocketAddrs, ureq::Error> {
        let host = uri.host().unwrap_or_default().to_owned();
        self.0.lock().unwrap().push(host);
        Err(lookup_failed())
    }
}

#[test]
fn through_a_proxy_only_its_host_is_resolved_and_its_failure_is_named() {
    let hosts = Arc::new(Mutex::new(Vec::new()));
    let client = crate::Client::builder()
        .api_key("ak-test-key")
        .base_url("https://api.arize.invalid")
        .proxy("http://user:pw-secret@proxy.arize.invalid:3128")
        .max_attempts(2)
        .sleeper(|_| {})
        .resolver(RecordingResolver(Arc::clone(&hosts)))
        .build()
        .unwrap();
    let error = client.spaces().get("U3BhY2U6MTpmb28=").unwrap_err();
    let Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}");
    };
    assert!(transport.is_connect(), "{error:?}");
    assert_eq!(transport.proxy(), Some("http://proxy.arize.invalid:3128"));
    assert_eq!(
        error.to_string(),
        "could not connect: could not reach the proxy http://proxy.arize.invalid:3128 \
         (the host proxy.arize.invalid could not be resolved (failed to lookup address \
         information: Name or service not known)): check the proxy address \
         (ClientBuilder::proxy) [GET https://api.arize.invalid/v2/spaces/U3BhY2U6MTpmb28%3D, \
         after 2 attempts]"
    );
    // The proxy resolves the server's name; the client only the proxy's.
    assert_eq!(*hosts.lock().unwrap(), ["proxy.arize.invalid"; 2]);
}

#[test]
fn a_pause_is_waited_once_by_every_other_thread_and_never_by_its_setter() {
    let pause = Pause::new();
    assert_eq!(pause.left(), None, "no pause yet");
    pause.set(Duration::from_secs(60));
    assert_eq!(pause.left(), None, "the setter waits its own retry wait");
    let waited =
        std::thread::scope(|scope| scope.spawn(|| (pause.left(), pause.left())).join().unwrap());
    let (first, second) = waited;
    let first = first.expect("another thread waits");
    assert!(first <= Duration::from_secs(60) && first > Duration::from_secs(50));
    assert_eq!(second, None, "once per pause");
    // A pause already over is not waited.
    pause.set(Duration::ZERO);
    let late = std::thread::scope(|scope| scope.spawn(|| pause.left()).join().unwrap());
    assert!(
        late.is_some_and(|left| left > Duration::from_secs(50)),
        "the longer pause holds: {late:?}"
    );
    let over = Pause::new();
    over.set(Duration::ZERO);
    assert_eq!(
        std::thread::scope(|scope| scope.spawn(|| over.left()).join().unwrap()),
        None
    );
}
