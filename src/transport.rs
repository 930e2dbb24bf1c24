//! The one request path every operation goes through: URL building, headers,
//! retries, error mapping and decoding all live here.

use std::{
    io,
    time::{Duration, Instant, SystemTime},
};

use log::debug;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::de::DeserializeOwned;
use ureq::http::{self, Method, Response};

use crate::{
    Client, Error, Result,
    error::{ApiError, DecodeError, TransportError, TransportKind, snippet},
};

/// Everything but RFC 3986's unreserved characters is encoded, `.` included
/// so that no segment can be `..`. IDs are base64 (`+`, `/`, `=`), and a
/// hostile one could hold `?`, `#` or `%`; none of them can leave its segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'~');

const VERSION: &str = env!("CARGO_PKG_VERSION");
const USER_AGENT: &str = concat!("arize-rust/", env!("CARGO_PKG_VERSION"));

/// What may be repeated when an attempt fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Retry {
    /// Repeating the request has the same effect as sending it once (GET,
    /// PATCH of absolute values, the add-user upsert): retried on
    /// connection failures and on 429, 502, 503 and 504.
    Idempotent,
    /// A delete: retried like [`Retry::Idempotent`], and a 404 after an
    /// attempt whose answer was lost is the lost attempt's success, reported
    /// as [`crate::Deletion::AlreadyGone`] rather than as an error.
    Delete,
    /// A create: retried only when the connection could not be made, which
    /// proves the server never saw it.
    OnlyIfUnsent,
}

/// One API call, before it is sent.
pub(crate) struct Request {
    pub(crate) method: Method,
    /// Path segments after `/v2`, each percent-encoded on its own.
    pub(crate) path: Vec<String>,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) body: Option<Vec<u8>>,
    pub(crate) retry: Retry,
}

impl Request {
    pub(crate) fn new(method: Method, path: &[&str], retry: Retry) -> Request {
        Request {
            method,
            path: path.iter().map(|s| s.to_string()).collect(),
            query: Vec::new(),
            body: None,
            retry,
        }
    }

    pub(crate) fn query(mut self, name: &'static str, value: Option<impl ToString>) -> Request {
        if let Some(value) = value {
            self.query.push((name, value.to_string()));
        }
        self
    }

    pub(crate) fn json(mut self, body: &impl serde::Serialize) -> Request {
        self.body = Some(serde_json::to_vec(body).expect("request bodies always serialize"));
        self
    }
}

/// A success response, or, for a `DELETE`, the 404 that followed an attempt
/// whose answer was lost (see [`crate::Deletion`]).
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
    pub(crate) request: String,
}

impl Reply {
    /// Decodes the body, naming the JSON path where it went wrong.
    pub(crate) fn json<T: DeserializeOwned>(&self, client: &Client) -> Result<T> {
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
        let secret = &client.inner.api_key;
        // serde quotes offending values, which come from the server.
        let scrub = |text: String| text.replace(secret.as_str(), "[REDACTED]");
        Err(Error::Decode(Box::new(DecodeError {
            request: self.request.clone(),
            status: self.status,
            expected: std::any::type_name::<T>().rsplit("::").next().unwrap_or(""),
            path: scrub(error.path().to_string()),
            message: scrub(error.inner().to_string()),
            body: snippet(&self.body, 200, secret),
        })))
    }
}

/// What one attempt ended with.
enum Attempt {
    Answered {
        status: u16,
        retry_after: Option<Duration>,
        body: Vec<u8>,
    },
    Failed(TransportKind, String),
    TooLarge,
}

impl Client {
    /// Sends a request, retrying what is safe, and returns the success
    /// response or the error it maps to.
    pub(crate) fn send(&self, request: Request) -> Result<Reply> {
        let inner = &self.inner;
        let url = self.url(&request);
        let label = format!("{} {url}", request.method);
        let mut after_lost_attempt = false;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let started = Instant::now();
            let outcome = self.attempt(&request, &url);
            let elapsed = started.elapsed();
            let retry_after;
            let failure = match outcome {
                Attempt::Answered { status, body, .. } if (200..300).contains(&status) => {
                    debug!("{label} -> {status} in {elapsed:.0?} (attempt {attempt})");
                    return Ok(Reply {
                        status,
                        body,
                        request: label,
                    });
                }
                Attempt::Answered {
                    status: 404, body, ..
                } if request.retry == Retry::Delete && after_lost_attempt => {
                    // The earlier attempt probably did the deletion; the
                    // caller reports it as such rather than as a plain 404.
                    debug!("{label} -> 404 after a lost attempt (attempt {attempt})");
                    return Ok(Reply {
                        status: 404,
                        body,
                        request: label,
                    });
                }
                Attempt::Answered {
                    status,
                    retry_after: server_wait,
                    body,
                } => {
                    debug!("{label} -> {status} in {elapsed:.0?} (attempt {attempt})");
                    retry_after = server_wait;
                    let retryable = request.retry != Retry::OnlyIfUnsent
                        && matches!(status, 429 | 502 | 503 | 504);
                    let error = self.api_error(&label, status, retry_after, &body, attempt);
                    if !retryable {
                        return Err(error);
                    }
                    // A gateway error may come after the server acted.
                    after_lost_attempt |= status != 429;
                    error
                }
                Attempt::TooLarge => {
                    return Err(Error::ResponseTooLarge {
                        request: label,
                        limit: inner.max_response_size,
                    });
                }
                Attempt::Failed(kind, message) => {
                    debug!("{label} failed in {elapsed:.0?} (attempt {attempt}): {message}");
                    retry_after = None;
                    let retryable = match kind {
                        TransportKind::Connect | TransportKind::ConnectTimeout => true,
                        TransportKind::Lost => request.retry != Retry::OnlyIfUnsent,
                        // The time budget is the caller's: a stalled server
                        // would otherwise hold them for several timeouts.
                        TransportKind::Timeout | TransportKind::Other => false,
                    };
                    let error = TransportError {
                        request: label.clone(),
                        kind,
                        message,
                        attempts: attempt,
                    };
                    let error = if error.is_timeout() {
                        Error::Timeout(error)
                    } else {
                        Error::Transport(error)
                    };
                    if !retryable {
                        return Err(error);
                    }
                    after_lost_attempt |= kind == TransportKind::Lost;
                    error
                }
            };
            if attempt >= inner.max_attempts {
                return Err(failure);
            }
            let wait = match retry_after {
                // Never retry before the server allows, and never wait longer
                // than the caller allows: give the 429 back instead.
                Some(wait) if wait > inner.max_retry_wait => return Err(failure),
                Some(wait) => wait,
                None => self.backoff(attempt),
            };
            debug!(
                "{label}: retrying in {wait:.0?} (attempt {} of {}) after: {failure}",
                attempt + 1,
                inner.max_attempts
            );
            (inner.sleeper)(wait);
        }
    }

    /// Maps an error response to its [`Error`], keeping the problem document
    /// or a bounded snippet of the body.
    pub(crate) fn api_error(
        &self,
        request: &str,
        status: u16,
        retry_after: Option<Duration>,
        body: &[u8],
        attempts: u32,
    ) -> Error {
        let secret = &self.inner.api_key;
        Error::from_api(ApiError {
            request: request.to_owned(),
            status,
            problem: parse_problem(body, secret),
            body: snippet(body, 512, secret),
            retry_after,
            attempts,
        })
    }

    /// [`send`](Self::send), then decode the success body.
    pub(crate) fn send_json<T: DeserializeOwned>(&self, request: Request) -> Result<T> {
        self.send(request)?.json(self)
    }

    /// Full jitter: a uniform wait in `0..=min(max, base * 2^(attempt-1))`.
    fn backoff(&self, attempt: u32) -> Duration {
        let inner = &self.inner;
        let ceiling = inner
            .retry_base_delay
            .saturating_mul(1 << (attempt - 1).min(16))
            .min(inner.max_retry_wait);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        Duration::from_nanos(fastrand::u64(0..=nanos))
    }

    fn url(&self, request: &Request) -> String {
        let mut url = format!("{}/v2", self.inner.base_url);
        for segment in &request.path {
            url.push('/');
            url.extend(utf8_percent_encode(segment, SEGMENT));
        }
        for (i, (name, value)) in request.query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(name);
            url.push('=');
            url.extend(utf8_percent_encode(value, SEGMENT));
        }
        url
    }

    fn attempt(&self, request: &Request, url: &str) -> Attempt {
        let inner = &self.inner;
        let builder = http::Request::builder()
            .method(request.method.clone())
            .uri(url)
            .header("authorization", &inner.authorization)
            .header("accept", "application/json")
            .header("user-agent", USER_AGENT)
            .header("sdk-language", "rust")
            .header("sdk-version", VERSION)
            .header("sdk-package-name", "arize")
            .header("language-version", env!("ARIZE_RUSTC_VERSION"));
        let response = match &request.body {
            Some(body) => builder
                .header("content-type", "application/json")
                .body(body.as_slice())
                .map(|r| inner.agent.run(r)),
            None => builder.body(()).map(|r| inner.agent.run(r)),
        };
        let mut response: Response<ureq::Body> = match response {
            Ok(Ok(response)) => response,
            Ok(Err(e)) => return classify(e),
            // The URL and headers were all checked when the client was built.
            Err(e) => return Attempt::Failed(TransportKind::Other, e.to_string()),
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
            .limit(inner.max_response_size)
            .read_to_vec()
        {
            Ok(body) => Attempt::Answered {
                status,
                retry_after,
                body,
            },
            Err(e) => classify(e),
        }
    }
}

fn classify(error: ureq::Error) -> Attempt {
    use io::ErrorKind as K;
    let kind = match &error {
        ureq::Error::BodyExceedsLimit(_) => return Attempt::TooLarge,
        // Timing out while connecting proves the request was never sent.
        ureq::Error::Timeout(stage @ (ureq::Timeout::Connect | ureq::Timeout::Resolve)) => {
            return Attempt::Failed(TransportKind::ConnectTimeout, stage.to_string());
        }
        ureq::Error::Timeout(stage) => {
            return Attempt::Failed(TransportKind::Timeout, stage.to_string());
        }
        ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => TransportKind::Connect,
        ureq::Error::Io(e) => match e.kind() {
            K::ConnectionRefused
            | K::HostUnreachable
            | K::NetworkUnreachable
            | K::NetworkDown
            | K::AddrNotAvailable => TransportKind::Connect,
            K::TimedOut => TransportKind::Timeout,
            _ => TransportKind::Lost,
        },
        // A malformed or truncated response: the server got the request.
        ureq::Error::Protocol(_) => TransportKind::Lost,
        _ => TransportKind::Other,
    };
    Attempt::Failed(kind, error.to_string())
}

/// Parses a problem document whatever the `Content-Type` said, since proxies
/// and frameworks mislabel them. Strings are scrubbed of the API key.
fn parse_problem(body: &[u8], secret: &str) -> Option<crate::types::Problem> {
    let mut problem: crate::types::Problem = serde_json::from_slice(body).ok()?;
    let scrub = |s: &mut String| {
        if s.contains(secret) {
            *s = s.replace(secret, "[REDACTED]");
        }
    };
    scrub(&mut problem.title);
    for field in [
        &mut problem.detail,
        &mut problem.type_,
        &mut problem.instance,
    ]
    .into_iter()
    .flatten()
    {
        scrub(field);
    }
    Some(problem)
}

/// `Retry-After` is either delta-seconds or an HTTP-date (RFC 9110, 10.2.3).
pub(crate) fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(SystemTime::now()).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_takes_both_forms() {
        assert_eq!(parse_retry_after("7"), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after(" 0 "), Some(Duration::ZERO));
        let soon = SystemTime::now() + Duration::from_secs(30);
        let wait = parse_retry_after(&httpdate::fmt_http_date(soon)).unwrap();
        assert!(wait <= Duration::from_secs(30) && wait >= Duration::from_secs(28));
        let past = httpdate::fmt_http_date(SystemTime::UNIX_EPOCH);
        assert_eq!(parse_retry_after(&past), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon"), None);
        assert_eq!(parse_retry_after("-1"), None);
    }

    #[test]
    fn path_segments_cannot_escape() {
        let client = Client::builder()
            .api_key("k")
            .base_url("http://127.0.0.1:1/prefix")
            .build()
            .unwrap();
        let request = Request::new(
            Method::GET,
            &["spaces", "../a/b?c=d#e%20+="],
            Retry::Idempotent,
        )
        .query("name", Some("a&b=c d"));
        assert_eq!(
            client.url(&request),
            "http://127.0.0.1:1/prefix/v2/spaces/%2E%2E%2Fa%2Fb%3Fc%3Dd%23e%2520%2B%3D?name=a%26b%3Dc%20d"
        );
    }

    #[test]
    fn backoff_is_capped_full_jitter() {
        let client = Client::builder()
            .api_key("k")
            .retry_base_delay(Duration::from_millis(100))
            .max_retry_wait(Duration::from_millis(300))
            .build()
            .unwrap();
        for attempt in 1..40 {
            let ceiling = Duration::from_millis(100 * (1 << (attempt - 1).min(2)));
            assert!(client.backoff(attempt) <= ceiling.min(Duration::from_millis(300)));
        }
    }
}
