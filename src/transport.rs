//! The one request path every operation goes through: URL building, headers,
//! retries, error mapping and decoding all live here.

use std::{
    collections::BTreeSet,
    fmt, io,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use log::debug;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::{Serialize, de::DeserializeOwned};
use serde_json::Value;
use ureq::{
    config::Config,
    http::{self, Method, Response, Uri},
    unversioned::{
        resolver::{ResolvedSocketAddrs, Resolver},
        transport::NextTimeout,
    },
};

use crate::{
    Error, Result,
    error::{DecodeError, Limit, TransportError, TransportKind, snippet},
    retry::{Outcome, Retry, RetryPolicy, Verdict, jitter, parse_retry_after},
    secret::Secret,
};

/// Everything but RFC 3986's unreserved characters, and `.` as well, so that
/// no segment can be `..`. IDs are base64 (`+`, `/`, `=`), and a hostile one
/// could hold `?`, `#` or `%`: encoded with this set, none of them can leave
/// its path segment or query value.
const ALL_BUT_UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'~');

const VERSION: &str = env!("CARGO_PKG_VERSION");
const USER_AGENT: &str = concat!("arize-rust/", env!("CARGO_PKG_VERSION"));

pub(crate) type Sleeper = Arc<dyn Fn(Duration) + Send + Sync>;

/// Sends requests: the HTTP agent (and its connection pool), the endpoint,
/// the credentials and every limit. One per [`Client`](crate::Client) and
/// its clones.
pub(crate) struct Transport {
    pub(crate) agent: ureq::Agent,
    pub(crate) base_url: String,
    pub(crate) api_key: Secret,
    /// `Bearer <key>`, built once.
    pub(crate) authorization: String,
    pub(crate) policy: RetryPolicy,
    pub(crate) max_response_size: u64,
    /// The time limits, as configured, to name in timeout errors.
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) sleeper: Sleeper,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key)
            .field("max_attempts", &self.policy.max_attempts)
            .field("retry_base_delay", &self.policy.base_delay)
            .field("max_retry_wait", &self.policy.max_wait)
            .field("max_response_size", &self.max_response_size)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// One API call, before it is sent.
pub(crate) struct Request {
    /// The spec's operation id, such as `list_spaces`.
    operation: &'static str,
    method: Method,
    /// Path segments after `/v2`, each percent-encoded on its own.
    path: Vec<String>,
    query: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    retry: Retry,
}

impl Request {
    /// A request of operation `operation` (the spec's operation id), whose
    /// retry class follows from its method (see [`Retry::for_method`]).
    pub(crate) fn new(operation: &'static str, method: Method, path: &[&str]) -> Request {
        Request {
            operation,
            retry: Retry::for_method(&method),
            method,
            path: path.iter().map(|s| s.to_string()).collect(),
            query: Vec::new(),
            body: None,
        }
    }

    pub(crate) fn get(operation: &'static str, path: &[&str]) -> Request {
        Request::new(operation, Method::GET, path)
    }

    pub(crate) fn post(operation: &'static str, path: &[&str]) -> Request {
        Request::new(operation, Method::POST, path)
    }

    pub(crate) fn patch(operation: &'static str, path: &[&str]) -> Request {
        Request::new(operation, Method::PATCH, path)
    }

    pub(crate) fn delete(operation: &'static str, path: &[&str]) -> Request {
        Request::new(operation, Method::DELETE, path)
    }

    /// Marks a `POST` as safe to repeat (an upsert).
    pub(crate) fn idempotent(mut self) -> Request {
        self.retry = Retry::Idempotent;
        self
    }

    /// Adds the fields of a serde struct as query parameters, in declaration
    /// order: `None` is left out, a sequence repeats its name
    /// (`status=A&status=B`), anything else is its plain text form.
    pub(crate) fn query(mut self, query: &impl Serialize) -> Request {
        for (name, value) in Fields::of(query).0 {
            let values = match value {
                Value::Array(values) => values,
                value => vec![value],
            };
            for value in values {
                let text = match value {
                    Value::Null => continue,
                    Value::String(text) => text,
                    other => other.to_string(),
                };
                self.query.push((name.clone(), text));
            }
        }
        self
    }

    /// Sets a JSON body.
    pub(crate) fn json(mut self, body: &impl Serialize) -> Request {
        self.body = Some(serde_json::to_vec(body).expect("request bodies always serialize"));
        self
    }
}

/// The fields of a serialized struct, in declaration order.
///
/// # Design
///
/// `serde_json::Value` sorts an object's keys, and keeping their order needs
/// serde_json's `preserve_order` (a new dependency), so the struct is
/// written as JSON text, which keeps the order, and read back pair by pair.
struct Fields(Vec<(String, Value)>);

impl Fields {
    fn of(value: &impl Serialize) -> Fields {
        serde_json::to_vec(value)
            .and_then(|json| serde_json::from_slice(&json))
            .expect("query parameters are declared as structs of scalars and sequences")
    }
}

impl<'de> serde::Deserialize<'de> for Fields {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Fields, D::Error> {
        struct InOrder;
        impl<'de> serde::de::Visitor<'de> for InOrder {
            type Value = Fields;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Fields, A::Error> {
                let mut fields = Vec::new();
                while let Some(field) = map.next_entry()? {
                    fields.push(field);
                }
                Ok(Fields(fields))
            }
        }
        deserializer.deserialize_map(InOrder)
    }
}

/// A success response, or, for a `DELETE`, the 404 that followed an attempt
/// whose answer was lost (see [`crate::Deletion`]).
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
    /// The request, as `METHOD URL`.
    pub(crate) request: String,
}

impl Reply {
    /// Decodes the body, naming the JSON path where it went wrong. Server
    /// text in the error is scrubbed of `secret`.
    pub(crate) fn json<T: DeserializeOwned>(&self, secret: &Secret) -> Result<T> {
        // Tracking the path made iterating about 10% slower (see the
        // benchmark), so it is done only to explain a failure, by decoding a
        // second time.
        if let Ok(value) = serde_json::from_slice(&self.body) {
            return Ok(value);
        }
        let mut de = serde_json::Deserializer::from_slice(&self.body);
        let error = match serde_path_to_error::deserialize::<_, T>(&mut de) {
            Ok(value) => return Ok(value),
            Err(error) => error,
        };
        // serde quotes offending values, which come from the server.
        Err(Error::Decode(Box::new(DecodeError {
            request: self.request.clone(),
            status: self.status,
            expected: std::any::type_name::<T>().rsplit("::").next().unwrap_or(""),
            path: secret.scrub(error.path().to_string()),
            message: secret.scrub(error.inner().to_string()),
            body: snippet(&self.body, 200, secret),
        })))
    }
}

/// What one attempt ended with, short of a final error.
enum Attempt {
    Answered {
        status: u16,
        retry_after: Option<Duration>,
        body: Vec<u8>,
    },
    /// No usable answer: the kind, a message, and for a timeout the limit
    /// that ran out.
    Failed(TransportKind, String, Option<Limit>),
}

impl Attempt {
    fn outcome(&self) -> Outcome {
        match *self {
            Attempt::Answered {
                status,
                retry_after,
                ..
            } => Outcome::Answered {
                status,
                retry_after,
            },
            Attempt::Failed(kind, ..) => Outcome::Failed(kind),
        }
    }
}

impl Transport {
    /// Sends a request, retrying what is safe, and returns the success
    /// response or the error it maps to.
    pub(crate) fn send(&self, request: Request) -> Result<Reply> {
        warn_once_beta(request.operation);
        let url = self.url(&request);
        let label = format!("{} {url}", request.method);
        let mut lost_before = false;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let started = Instant::now();
            let result = self.attempt(&request, &url, &label)?;
            let outcome = result.outcome();
            let verdict = self
                .policy
                .decide(request.retry, outcome, attempt, lost_before);
            let failure = match result {
                Attempt::Answered {
                    status,
                    retry_after,
                    body,
                } => {
                    let elapsed = started.elapsed();
                    debug!("{label} -> {status} in {elapsed:.0?} (attempt {attempt})");
                    if let Verdict::Success | Verdict::AlreadyGone = verdict {
                        return Ok(Reply {
                            status,
                            body,
                            request: label,
                        });
                    }
                    let secret = &self.api_key;
                    Error::from_response(&label, status, retry_after, &body, attempt, secret)
                }
                Attempt::Failed(kind, message, limit) => {
                    let elapsed = started.elapsed();
                    debug!("{label} failed in {elapsed:.0?} (attempt {attempt}): {message}");
                    Error::from(TransportError {
                        request: label.clone(),
                        kind,
                        message,
                        attempts: attempt,
                        limit,
                    })
                }
            };
            let wait = match verdict {
                Verdict::RetryAfter(wait) => wait,
                Verdict::Backoff(ceiling) => jitter(ceiling),
                Verdict::Success | Verdict::AlreadyGone | Verdict::Fail => return Err(failure),
            };
            lost_before |= outcome.answer_lost();
            debug!(
                "{label}: retrying in {wait:.0?} (attempt {} of {}) after: {failure}",
                attempt + 1,
                self.policy.max_attempts
            );
            (self.sleeper)(wait);
        }
    }

    /// [`send`](Self::send), then decode the success body.
    pub(crate) fn send_json<T: DeserializeOwned>(&self, request: Request) -> Result<T> {
        self.decode(&self.send(request)?)
    }

    /// Decodes a reply's body, for an operation whose body type depends on
    /// the status.
    pub(crate) fn decode<T: DeserializeOwned>(&self, reply: &Reply) -> Result<T> {
        reply.json(&self.api_key)
    }

    fn url(&self, request: &Request) -> String {
        let mut url = format!("{}/v2", self.base_url);
        for segment in &request.path {
            url.push('/');
            url.extend(utf8_percent_encode(segment, ALL_BUT_UNRESERVED));
        }
        for (i, (name, value)) in request.query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(name);
            url.push('=');
            url.extend(utf8_percent_encode(value, ALL_BUT_UNRESERVED));
        }
        url
    }

    /// One attempt. The only final error is a body over the size limit:
    /// reading it again would fail the same way.
    fn attempt(&self, request: &Request, url: &str, label: &str) -> Result<Attempt> {
        let builder = http::Request::builder()
            .method(request.method.clone())
            .uri(url)
            .header("authorization", &self.authorization)
            .header("accept", "application/json")
            // ureq (feature `gzip`) would add this itself; stated here so
            // that every header sent is in one place. It decompresses
            // before the size limit applies, so the limit bounds memory.
            .header("accept-encoding", "gzip")
            .header("user-agent", USER_AGENT)
            .header("sdk-language", "rust")
            .header("sdk-version", VERSION)
            .header("sdk-package-name", "arize")
            .header("language-version", env!("ARIZE_RUSTC_VERSION"));
        let response = match &request.body {
            Some(body) => builder
                .header("content-type", "application/json")
                .body(body.as_slice())
                .map(|r| self.agent.run(r)),
            None => builder.body(()).map(|r| self.agent.run(r)),
        };
        let mut response: Response<ureq::Body> = match response {
            Ok(Ok(response)) => response,
            Ok(Err(e)) => return Ok(self.classify(e)),
            // The URL and headers were all checked when the client was built.
            Err(e) => return Ok(Attempt::Failed(TransportKind::Other, e.to_string(), None)),
        };
        let status = response.status().as_u16();
        let retry_after = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(parse_retry_after);
        // Reading to the end also returns the connection to the pool.
        match response
            .body_mut()
            .with_config()
            .limit(self.max_response_size)
            .read_to_vec()
        {
            Ok(body) => Ok(Attempt::Answered {
                status,
                retry_after,
                body,
            }),
            Err(ureq::Error::BodyExceedsLimit(_)) => Err(Error::ResponseTooLarge {
                request: label.to_owned(),
                limit: self.max_response_size,
            }),
            Err(e) => Ok(self.classify(e)),
        }
    }

    fn classify(&self, error: ureq::Error) -> Attempt {
        use io::ErrorKind as K;
        use ureq::Timeout as T;
        if let ureq::Error::Io(e) = &error
            && let Some(unresolved) = e.get_ref().and_then(|e| e.downcast_ref::<Unresolved>())
        {
            return Attempt::Failed(TransportKind::Connect, unresolved.to_string(), None);
        }
        let kind = match &error {
            ureq::Error::Timeout(stage) => {
                // The stage as "timed out waiting to …" ends, and the limit
                // that covers it (resolution and overall deadlines are not
                // configured, so have no value to show).
                let (kind, stage, limit) = match stage {
                    // Timing out before connecting proves nothing was sent.
                    T::Resolve => (TransportKind::ConnectTimeout, "resolve the host name", None),
                    T::Connect => (
                        TransportKind::ConnectTimeout,
                        "connect",
                        self.connect_timeout.map(|value| ("connect_timeout", value)),
                    ),
                    T::SendRequest | T::SendBody | T::Await100 => (
                        TransportKind::Timeout,
                        "send the request",
                        self.stage_limit(),
                    ),
                    T::RecvResponse => (
                        TransportKind::Timeout,
                        "receive the response",
                        self.stage_limit(),
                    ),
                    T::RecvBody => (
                        TransportKind::Timeout,
                        "receive the response body",
                        self.stage_limit(),
                    ),
                    _ => (TransportKind::Timeout, "complete the request", None),
                };
                let limit = limit.map(|(setter, value)| Limit { setter, value });
                return Attempt::Failed(kind, stage.to_owned(), limit);
            }
            ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => TransportKind::Connect,
            ureq::Error::Io(e) => match e.kind() {
                K::ConnectionRefused
                | K::HostUnreachable
                | K::NetworkUnreachable
                | K::NetworkDown
                | K::AddrNotAvailable => TransportKind::Connect,
                K::TimedOut => {
                    let message = format!("complete the request: the socket timed out ({e})");
                    return Attempt::Failed(TransportKind::Timeout, message, None);
                }
                _ => TransportKind::Lost,
            },
            // A malformed or truncated response: the server got the request.
            ureq::Error::Protocol(_) => TransportKind::Lost,
            // The decoder passes on what broke beneath it, as plain I/O: the
            // connection dropping mid-body is lost like an uncompressed one.
            ureq::Error::Decompress(_, e)
                if !matches!(e.kind(), K::InvalidInput | K::InvalidData) =>
            {
                return Attempt::Failed(TransportKind::Lost, e.to_string(), None);
            }
            _ => TransportKind::Other,
        };
        Attempt::Failed(kind, error.to_string(), None)
    }

    fn stage_limit(&self) -> Option<(&'static str, Duration)> {
        self.timeout.map(|value| ("timeout", value))
    }
}

/// The log target of the warning that an endpoint is in beta, to silence it
/// (say `RUST_LOG=arize::beta=off` with `env_logger`).
pub(crate) const BETA_TARGET: &str = "arize::beta";

/// Warns, once per operation and process, that the endpoint is in beta, as
/// the official SDKs do.
fn warn_once_beta(operation: &'static str) {
    static WARNED: Mutex<BTreeSet<&str>> = Mutex::new(BTreeSet::new());
    let first = WARNED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .insert(operation);
    if first {
        log::warn!(
            target: BETA_TARGET,
            "{operation} is a beta endpoint of the Arize API: it may change without notice"
        );
    }
}

/// Resolves host names with another resolver (the system's, unless a test
/// injects one), marking its failures as [`Unresolved`].
///
/// # Design
///
/// ureq reports a name that does not resolve as a plain `Error::Io` (the
/// system resolver's error), the same variant as a connection lost after
/// the request was sent. Marked here, where the stage is known, it is
/// classified as a connect failure: nothing was sent, so even a create may
/// be retried.
#[derive(Debug)]
pub(crate) struct MarkUnresolved(pub(crate) Arc<dyn Resolver>);

impl Resolver for MarkUnresolved {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> std::result::Result<ResolvedSocketAddrs, ureq::Error> {
        self.0.resolve(uri, config, timeout).map_err(|error| {
            let cause = match error {
                ureq::Error::Io(cause) => cause.to_string(),
                ureq::Error::HostNotFound => "no address found".to_owned(),
                // A resolution timeout is already labelled `Timeout::Resolve`.
                other => return other,
            };
            let host = uri.host().unwrap_or_default().to_owned();
            ureq::Error::Io(io::Error::other(Unresolved { host, cause }))
        })
    }

    fn empty(&self) -> ResolvedSocketAddrs {
        self.0.empty()
    }
}

/// A host name that did not resolve, and the resolver's reason.
#[derive(Debug)]
struct Unresolved {
    host: String,
    cause: String,
}

impl fmt::Display for Unresolved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the host {} could not be resolved ({})",
            self.host, self.cause
        )
    }
}

impl std::error::Error for Unresolved {}

#[cfg(test)]
mod tests {
    use std::{
        net::SocketAddr,
        sync::{
            Mutex,
            atomic::{AtomicUsize, Ordering},
        },
    };

    use super::*;

    fn transport(base_url: &str) -> Transport {
        crate::Client::builder()
            .api_key("k")
            .base_url(base_url)
            .build_transport()
            .unwrap()
    }

    #[test]
    fn path_segments_and_query_values_cannot_escape() {
        #[derive(Serialize)]
        struct Query {
            name: Option<&'static str>,
            absent: Option<&'static str>,
            status: Vec<&'static str>,
            limit: u32,
            flag: bool,
        }
        let request = Request::get("get_space", &["spaces", "../a/b?c=d#e%20+="]).query(&Query {
            name: Some("a&b=c d"),
            absent: None,
            status: vec!["ACTIVE", "INVITED"],
            limit: 7,
            flag: true,
        });
        assert_eq!(
            transport("http://127.0.0.1:1/prefix").url(&request),
            "http://127.0.0.1:1/prefix/v2/spaces/%2E%2E%2Fa%2Fb%3Fc%3Dd%23e%2520%2B%3D\
             ?name=a%26b%3Dc%20d&status=ACTIVE&status=INVITED&limit=7&flag=true"
        );
    }

    #[test]
    fn the_retry_class_follows_the_method_unless_overridden() {
        assert_eq!(Request::get("o", &[]).retry, Retry::Idempotent);
        assert_eq!(Request::patch("o", &[]).retry, Retry::Idempotent);
        assert_eq!(Request::delete("o", &[]).retry, Retry::Delete);
        assert_eq!(Request::post("o", &[]).retry, Retry::OnlyIfUnsent);
        assert_eq!(
            Request::post("o", &[]).idempotent().retry,
            Retry::Idempotent
        );
    }

    #[test]
    fn the_beta_warning_is_logged_once_per_operation() {
        struct Capture(Mutex<Vec<(log::Level, String, String)>>);
        impl log::Log for Capture {
            fn enabled(&self, _: &log::Metadata) -> bool {
                true
            }
            fn log(&self, record: &log::Record) {
                let entry = (
                    record.level(),
                    record.target().to_owned(),
                    record.args().to_string(),
                );
                self.0.lock().unwrap().push(entry);
            }
            fn flush(&self) {}
        }
        static CAPTURE: Capture = Capture(Mutex::new(Vec::new()));
        // The only logger of the unit tests.
        log::set_logger(&CAPTURE).unwrap();
        log::set_max_level(log::LevelFilter::Trace);
        for _ in 0..3 {
            warn_once_beta("test_only_operation");
        }
        warn_once_beta("another_test_only_operation");
        let records = CAPTURE.0.lock().unwrap();
        let beta: Vec<_> = records
            .iter()
            .filter(|(_, target, _)| target == BETA_TARGET)
            .collect();
        assert_eq!(beta.len(), 2, "{beta:?}");
        assert!(beta.iter().all(|(level, _, _)| *level == log::Level::Warn));
        assert!(
            beta[0]
                .2
                .starts_with("test_only_operation is a beta endpoint"),
            "{beta:?}"
        );
        assert!(
            beta[1]
                .2
                .starts_with("another_test_only_operation is a beta"),
            "{beta:?}"
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
            request: "GET /v2/things".into(),
        };
        let error = reply.json::<Item>(&Secret::new("sk-secret")).unwrap_err();
        let shown = format!("{error} {error:?}");
        assert!(shown.contains("count"), "{shown}");
        assert!(!shown.contains("sk-secret"), "{shown}");
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
            .api_key("k")
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
                     ({cause}) [GET http://api.arize.invalid:9/v2/spaces/U3BhY2U6MTpmb28%3D, \
                     after 3 attempts]"
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
        let (client, calls, waits) =
            client_for_unresolved(2, lookup_failed, server.socket_address());
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
}
