//! The one request path every operation goes through: URL building, headers,
//! retries, error mapping and decoding all live here.

use std::{
    fmt, io,
    marker::PhantomData,
    sync::Arc,
    time::{Duration, Instant},
};

use log::debug;
use percent_encoding::utf8_percent_encode;
use serde::{
    Serialize,
    de::{DeserializeOwned, DeserializeSeed},
};
use ureq::{
    config::Config,
    http::{self, HeaderMap, HeaderName, HeaderValue, Method, Response, Uri, header},
    unversioned::{
        resolver::{ResolvedSocketAddrs, Resolver},
        transport::NextTimeout,
    },
};

use crate::{
    Error, Result,
    error::{
        Answer, DecodeError, Limit, TransportError, TransportKind, WITHHELD, snippet, spec_path,
        unquoted,
    },
    notices,
    operation::{Op, Operation},
    proxy::{ProxyInfo, proxy_failure},
    query::ALL_BUT_UNRESERVED,
    retry::{Outcome, Retry, RetryPolicy, Verdict, jitter, parse_retry_after},
    secret::Secret,
};

mod pause;

pub(crate) use self::pause::{Pause, sent_by_this_thread};

const VERSION: &str = env!("CARGO_PKG_VERSION");
pub(crate) const USER_AGENT: &str = concat!("arize-rust/", env!("CARGO_PKG_VERSION"));

/// The headers of every request, built once per client: the bearer key
/// (marked sensitive), `Accept`, `Accept-Encoding`, the User-Agent and the
/// four identity headers the official SDKs send.
pub(crate) fn headers(api_key: &Secret) -> std::result::Result<HeaderMap, String> {
    let mut authorization = HeaderValue::from_str(&format!("Bearer {}", api_key.expose()))
        .map_err(|_| "the API key cannot go in an HTTP header".to_owned())?;
    authorization.set_sensitive(true);
    let mut headers = HeaderMap::with_capacity(9);
    headers.insert(header::AUTHORIZATION, authorization);
    headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
    // ureq (feature `gzip`) would add this itself; stated here so that every
    // header sent is in one place. It decompresses before the size limit
    // applies, so the limit bounds memory.
    headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static("gzip"));
    headers.insert(header::USER_AGENT, HeaderValue::from_static(USER_AGENT));
    for (name, value) in [
        ("sdk-language", "rust"),
        ("sdk-version", VERSION),
        ("sdk-package-name", "arize"),
        ("language-version", env!("ARIZE_RUSTC_VERSION")),
    ] {
        headers.insert(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        );
    }
    Ok(headers)
}

pub(crate) type Sleeper = Arc<dyn Fn(Duration) + Send + Sync>;

/// Sends requests: the HTTP agent (and its connection pool), the endpoint,
/// the credentials and every limit. One per [`Client`](crate::Client) and
/// its clones.
pub(crate) struct Transport {
    pub(crate) agent: ureq::Agent,
    pub(crate) base_url: String,
    /// The API key, and the proxy's password if it has one: never shown.
    pub(crate) secret: Secret,
    /// Where the API key came from, as a 401's hint names it.
    pub(crate) key_source: String,
    /// The proxy requests go through, if any, as errors name it.
    pub(crate) proxy: Option<ProxyInfo>,
    /// The headers of every request (see [`headers`]).
    pub(crate) headers: HeaderMap,
    pub(crate) policy: RetryPolicy,
    pub(crate) max_response_size: u64,
    /// The time limits, as configured, to name in timeout errors.
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) timeout: Option<Duration>,
    pub(crate) sleeper: Sleeper,
    /// How many requests a bulk call has in flight at once by default.
    pub(crate) bulk_concurrency: usize,
    /// The pause every request of this client waits out before its next
    /// attempt, after a 429 or a `Retry-After` (see [`Pause`]).
    pub(crate) pause: Pause,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url)
            .field("api_key", &self.secret)
            .field("proxy", &self.proxy.as_ref().map(|p| p.address.as_str()))
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
    /// The operation, from the table generated from the spec.
    operation: &'static Operation,
    /// The path and query, percent-encoded: the template's parameters
    /// filled in, each on its own, then the query
    /// (`/v2/spaces/U3Bh%3D?limit=100`).
    target: String,
    body: Option<Vec<u8>>,
    retry: Retry,
}

impl Request {
    /// A request of `operation`, its path template's parameters filled with
    /// `params` in order, each percent-encoded as one segment.
    pub(crate) fn new(operation: Op, params: &[&str]) -> Request {
        Request::to(operation.get(), params)
    }

    /// [`new`](Self::new), for an operation given by its table entry.
    pub(crate) fn to(operation: &'static Operation, params: &[&str]) -> Request {
        let mut target = String::with_capacity(96);
        let mut params = params.iter();
        let mut rest = operation.path;
        while let Some(open) = rest.find('{') {
            let (Some(close), Some(param)) = (rest.find('}'), params.next()) else {
                panic!(
                    "{}: a value for each parameter of {}",
                    operation.id, operation.path
                );
            };
            target.push_str(&rest[..open]);
            target.extend(utf8_percent_encode(param, ALL_BUT_UNRESERVED));
            rest = &rest[close + 1..];
        }
        target.push_str(rest);
        debug_assert!(
            params.next().is_none(),
            "{}: too many parameters",
            operation.id
        );
        Request {
            operation,
            retry: operation.retry,
            target,
            body: None,
        }
    }

    /// Marks a `POST` as safe to repeat, when whether it is depends on its
    /// body (a `create_user` that invites); an operation that always is
    /// says so in the spec (`x-arize-retry`).
    pub(crate) fn idempotent(mut self) -> Request {
        self.retry = Retry::Idempotent;
        self
    }

    /// Adds query parameters, which `write` appends to the path (see
    /// [`query::push`](crate::query::push)).
    pub(crate) fn query(mut self, write: impl FnOnce(&mut String)) -> Request {
        write(&mut self.target);
        self
    }

    /// Sets a JSON body.
    pub(crate) fn json(mut self, body: &impl Serialize) -> Request {
        self.body = Some(serde_json::to_vec(body).expect("request bodies always serialize"));
        self
    }
}

/// A success response, or, for a `DELETE`, the 404 that followed an attempt
/// whose answer was lost (see [`crate::Deletion`]).
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
    /// The operation answered, whose table entry says whether the answer
    /// can carry a secret.
    pub(crate) operation: &'static Operation,
    pub(crate) url: String,
}

impl Reply {
    /// Decodes the body, naming the JSON path where it went wrong. Server
    /// text in the error is scrubbed of `secret`.
    pub(crate) fn json<T: DeserializeOwned>(&self, secret: &Secret) -> Result<T> {
        let expected = || std::any::type_name::<T>().rsplit("::").next().unwrap_or("");
        self.decode(PhantomData::<T>, expected, secret)
    }

    /// Decodes the body with `seed` (a page, whose item field the listing
    /// names), or fails naming `expected()`, the type it should have been
    /// (worked out only then), and the JSON path where it went wrong.
    pub(crate) fn decode<S, T>(
        &self,
        seed: S,
        expected: impl FnOnce() -> &'static str,
        secret: &Secret,
    ) -> Result<T>
    where
        S: for<'de> DeserializeSeed<'de, Value = T> + Clone,
    {
        // Tracking the path made iterating about 10% slower (see the
        // benchmark), so it is done only to explain a failure, by decoding a
        // second time.
        let mut de = serde_json::Deserializer::from_slice(&self.body);
        if let Ok(value) = seed.clone().deserialize(&mut de)
            && de.end().is_ok()
        {
            return Ok(value);
        }
        let mut de = serde_json::Deserializer::from_slice(&self.body);
        let mut track = serde_path_to_error::Track::new();
        let error =
            match seed.deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track)) {
                Ok(value) => return Ok(value),
                Err(error) => error,
            };
        let request = format!("{} {}", self.operation.method, self.url);
        let (path, message, body) = if self.operation.secret {
            // The answer can hold a secret (a one-time password, a new API
            // key), even where it does not parse: nothing of its text is
            // quoted, only the names the spec gives its fields.
            (
                spec_path(track.path().iter()),
                unquoted(&error.to_string()),
                WITHHELD.to_owned(),
            )
        } else {
            // serde quotes offending values, which come from the server.
            (
                secret.scrub(track.path().to_string()),
                secret.scrub(error.to_string()),
                snippet(&self.body, 200, secret),
            )
        };
        Err(Error::Decode(Box::new(DecodeError {
            request,
            status: self.status,
            expected: expected(),
            path,
            message,
            body,
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
    /// No usable answer.
    Failed(Failure),
}

/// Why an attempt got no usable answer.
struct Failure {
    kind: TransportKind,
    message: String,
    /// For a timeout, the limit that ran out.
    limit: Option<Limit>,
    /// Whether the proxy, not the server, failed.
    proxy: bool,
}

impl Failure {
    fn attempt(kind: TransportKind, message: impl Into<String>) -> Attempt {
        Attempt::Failed(Failure {
            kind,
            message: message.into(),
            limit: None,
            proxy: false,
        })
    }
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
            Attempt::Failed(Failure { kind, .. }) => Outcome::Failed(kind),
        }
    }
}

impl Transport {
    /// Sends a request, retrying what is safe, and returns the success
    /// response or the error it maps to.
    pub(crate) fn send(&self, request: Request) -> Result<Reply> {
        notices::beta(request.operation.id);
        notices::wire_dump();
        let url = self.url(&request);
        let method = &request.operation.method;
        // What the debug lines show of the URL: a server-given ID or cursor
        // could hold a secret.
        let shown = || self.secret.scrub(url.clone());
        // Only failures and debug logs need it: built lazily.
        let label = || self.secret.scrub(format!("{method} {url}"));
        let mut lost_before = false;
        let mut attempt = 0;
        loop {
            attempt += 1;
            while let Some(wait) = self.pause.left() {
                debug!(
                    "{method} {}: waiting {wait:.0?}, as the server asked this client to",
                    shown()
                );
                (self.sleeper)(wait);
            }
            let started = Instant::now();
            pause::count_attempt();
            let result = self.attempt(&request, &url)?;
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
                    debug!(
                        "{method} {} -> {status} in {elapsed:.0?} (attempt {attempt})",
                        shown()
                    );
                    if let Verdict::Success | Verdict::AlreadyGone = verdict {
                        return Ok(Reply {
                            status,
                            body,
                            operation: request.operation,
                            url,
                        });
                    }
                    let answer = Answer {
                        status,
                        retry_after,
                        body: &body,
                        attempts: attempt,
                        // Its problem document, not its text.
                        withheld: request.operation.secret,
                        key_source: &self.key_source,
                    };
                    Error::from_response(&label(), answer, &self.secret)
                }
                Attempt::Failed(failure) => {
                    let elapsed = started.elapsed();
                    // ureq's text may quote what the server or proxy sent.
                    let message = self.secret.scrub(failure.message);
                    debug!(
                        "{method} {} failed in {elapsed:.0?} (attempt {attempt}): {message}",
                        shown()
                    );
                    Error::from(TransportError {
                        request: label(),
                        kind: failure.kind,
                        message,
                        attempts: attempt,
                        limit: failure.limit,
                        proxy: match (failure.proxy, &self.proxy) {
                            (true, Some(proxy)) => Some(proxy.address.clone()),
                            _ => None,
                        },
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
                "{method} {}: retrying in {wait:.0?} (attempt {} of {}) after: {failure}",
                shown(),
                attempt + 1,
                self.policy.max_attempts
            );
            if outcome.asks_to_slow_down() {
                self.pause.set(wait);
            }
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
        reply.json(&self.secret)
    }

    /// Decodes a reply's body with `seed`; see [`Reply::decode`].
    pub(crate) fn decode_with<S, T>(
        &self,
        reply: &Reply,
        seed: S,
        expected: &'static str,
    ) -> Result<T>
    where
        S: for<'de> DeserializeSeed<'de, Value = T> + Clone,
    {
        reply.decode(seed, || expected, &self.secret)
    }

    fn url(&self, request: &Request) -> String {
        let mut url = String::with_capacity(self.base_url.len() + request.target.len());
        url.push_str(&self.base_url);
        url.push_str(&request.target);
        url
    }

    /// One attempt. The only final error is a body over the size limit:
    /// reading it again would fail the same way.
    fn attempt(&self, request: &Request, url: &str) -> Result<Attempt> {
        let mut builder = http::Request::builder()
            .method(request.operation.method.clone())
            .uri(url);
        if let Some(headers) = builder.headers_mut() {
            headers.clone_from(&self.headers);
        }
        let response = match &request.body {
            Some(body) => builder
                .header("content-type", "application/json")
                .body(body.as_slice())
                .map(|r| self.agent.run(r)),
            // A method that may carry a body says it has none with
            // `Content-Length: 0`: ureq would send `()` as an empty chunked
            // body, which some gateways refuse (411 Length Required).
            None if matches!(
                request.operation.method,
                Method::POST | Method::PUT | Method::PATCH
            ) =>
            {
                builder.body(&[][..]).map(|r| self.agent.run(r))
            }
            None => builder.body(()).map(|r| self.agent.run(r)),
        };
        let mut response: Response<ureq::Body> = match response {
            Ok(Ok(response)) => response,
            Ok(Err(e)) => return Ok(self.classify(e)),
            // The URL and headers were all checked when the client was built.
            Err(e) => return Ok(Failure::attempt(TransportKind::Other, e.to_string())),
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
            // Only a proxy answers 407 (RFC 9110, 15.5.8): through a tunnel
            // or forwarding, the request never reached the server.
            Ok(_) if status == 407 && self.proxy.is_some() => {
                Ok(self.proxy_failed(ureq::Error::StatusCode(407)))
            }
            Ok(body) => Ok(Attempt::Answered {
                status,
                retry_after,
                body,
            }),
            Err(ureq::Error::BodyExceedsLimit(_)) => Err(Error::ResponseTooLarge {
                request: format!("{} {url}", request.operation.method),
                limit: self.max_response_size,
            }),
            Err(e) => Ok(self.classify(e)),
        }
    }

    fn classify(&self, error: ureq::Error) -> Attempt {
        use io::ErrorKind as K;
        use ureq::Timeout as T;
        let error = match proxy_failure(error) {
            Ok(cause) => return self.proxy_failed(cause),
            Err(error) => error,
        };
        if let ureq::Error::Io(e) = &error
            && let Some(unresolved) = e.get_ref().and_then(|e| e.downcast_ref::<Unresolved>())
        {
            return Failure::attempt(TransportKind::Connect, unresolved.to_string());
        }
        // rustls reports a failed handshake through the stream, as I/O.
        let tls = match &error {
            ureq::Error::Rustls(cause) => Some(cause),
            ureq::Error::Io(e) => e.get_ref().and_then(|e| e.downcast_ref::<rustls::Error>()),
            _ => None,
        };
        if let Some(cause) = tls {
            let message = format!(
                "{cause}; check that the base URL's scheme is right, or trust a private CA with \
                 ClientBuilder::add_root_certificates_pem"
            );
            return Failure::attempt(TransportKind::Tls, message);
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
                return Attempt::Failed(Failure {
                    kind,
                    message: stage.to_owned(),
                    limit,
                    proxy: false,
                });
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
                    return Failure::attempt(TransportKind::Timeout, message);
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
                return Failure::attempt(TransportKind::Lost, e.to_string());
            }
            _ => TransportKind::Other,
        };
        // I/O errors as the system words them, without ureq's "io: ".
        let message = match &error {
            ureq::Error::Io(e) => e.to_string(),
            other => other.to_string(),
        };
        Failure::attempt(kind, message)
    }

    /// A failure of the proxy (marked by `MarkProxy`, or a 407 answer): a
    /// connect failure, since nothing reached the server, named with the
    /// proxy's address and what to check.
    fn proxy_failed(&self, cause: ureq::Error) -> Attempt {
        let Some(proxy) = &self.proxy else {
            // Marked only when a proxy is configured.
            return self.classify(cause);
        };
        let (kind, message, limit) = match &cause {
            ureq::Error::Timeout(_) => (
                TransportKind::ConnectTimeout,
                format!("connect to the proxy {}", proxy.address),
                self.connect_timeout.map(|value| Limit {
                    setter: "connect_timeout",
                    value,
                }),
            ),
            ureq::Error::StatusCode(407) => (TransportKind::Connect, proxy.answered_407(), None),
            ureq::Error::Io(e) => match e.get_ref().and_then(|e| e.downcast_ref::<Unresolved>()) {
                Some(unresolved) => (TransportKind::Connect, proxy.unreachable(unresolved), None),
                None => (TransportKind::Connect, proxy.describe(&cause), None),
            },
            other => (TransportKind::Connect, proxy.describe(other), None),
        };
        Attempt::Failed(Failure {
            kind,
            message,
            limit,
            proxy: true,
        })
    }

    fn stage_limit(&self) -> Option<(&'static str, Duration)> {
        self.timeout.map(|value| ("timeout", value))
    }
}

/// Resolves host names with another resolver (the system's, unless a test
/// injects one), marking its failures as [`Unresolved`].
///
/// # Design
///
/// ureq reports a name that does not resolve as a plain [`Error::Io`](crate::Error::Io) (the
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
mod tests;
