//! The crate's one error type, and the details it carries.

use std::{fmt, time::Duration};

use crate::{secret::Secret, types::Problem};

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in a call, sorted by what you can do about it.
///
/// Branch on the variant, or ask a predicate such as [`Error::is_not_found`]
/// or [`Error::status`]; no one should need to match on message text.
///
/// ```
/// # fn demo(client: &arize::Client) -> Result<(), arize::Error> {
/// match client.spaces().get("my-space") {
///     Ok(space) => println!("{}", space.id),
///     Err(err) if err.is_not_found() => println!("no such space"),
///     Err(arize::Error::RateLimited(api)) => {
///         println!("slow down; the server asks for {:?}", api.retry_after())
///     }
///     Err(err) => return Err(err),
/// }
/// # Ok(()) }
/// ```
///
/// # Design
///
/// The server's own words come first in `Display` (status, problem title and
/// detail). Each variant puts its cause in its `Display` text and returns no
/// [`source`](std::error::Error::source), so nothing prints twice. The API
/// key never appears in any variant: response snippets are scrubbed of it.
///
/// `{:?}` prints the same words as `Display`, so that
/// `fn main() -> Result<(), arize::Error>` and `unwrap()` show a sentence a
/// person can act on rather than a struct dump; `{:#?}` shows the structure
/// (as jiff does):
///
/// ```
/// # #[cfg(feature = "testing")] {
/// let fake = arize::testing::FakeServer::start();
/// let err = fake.client().spaces().get("nonexistent-name").unwrap_err();
/// assert_eq!(format!("{err:?}"), r#"no space is named "nonexistent-name""#);
/// assert_eq!(format!("{err:?}"), err.to_string());
/// assert!(format!("{err:#?}").starts_with("NameNotFound {"));
/// # }
/// ```
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// 400: the server rejected the request as malformed, for instance an
    /// invalid parameter or a user outside the space's organization. Fix the
    /// input; retrying will not help.
    #[error("{0}")]
    BadRequest(Box<ApiError>),

    /// 401: the API key is missing, wrong or revoked.
    #[error("{0}")]
    Unauthorized(Box<ApiError>),

    /// 403: the API key is valid but may not do this (for instance adding a
    /// member needs space admin).
    #[error("{0}")]
    Forbidden(Box<ApiError>),

    /// 404: the space, organization or user does not exist or is not visible
    /// to this API key. Compare [`Error::NameNotFound`].
    #[error("{0}")]
    NotFound(Box<ApiError>),

    /// 409: a space with this name already exists in the organization.
    #[error("{0}")]
    Conflict(Box<ApiError>),

    /// 422: the body is well-formed but its values are invalid.
    #[error("{0}")]
    Unprocessable(Box<ApiError>),

    /// 429: rate limited, after the client's own retries ran out (or waiting
    /// would exceed [`ClientBuilder::max_retry_wait`](crate::ClientBuilder::max_retry_wait)).
    /// [`ApiError::retry_after`] tells how long the server asked to wait.
    #[error("{0}")]
    RateLimited(Box<ApiError>),

    /// 5xx: the server or a proxy failed. The body may be HTML or empty;
    /// [`ApiError::body`] keeps a bounded snippet of it.
    #[error("{0}")]
    Server(Box<ApiError>),

    /// Any other non-success status (for instance a 3xx the client did not
    /// follow, or a 4xx this API does not document).
    #[error("{0}")]
    UnexpectedStatus(Box<ApiError>),

    /// A configured time limit ran out: connecting, sending the request,
    /// waiting for the response or reading its body (see
    /// [`ClientBuilder::timeout`](crate::ClientBuilder::timeout)). The text
    /// names the stage, the limit with its value, and the attempts made.
    /// Unless it ran out while connecting, the request may have reached the
    /// server.
    #[error("{0}")]
    Timeout(TransportError),

    /// No usable response: the connection could not be made, was reset, or
    /// the response was not valid HTTP.
    #[error("{0}")]
    Transport(TransportError),

    /// The response body was larger than
    /// [`ClientBuilder::max_response_size`](crate::ClientBuilder::max_response_size);
    /// the rest was not read.
    #[error(
        "the response to {request} is larger than the {limit}-byte limit (raise it with ClientBuilder::max_response_size if this is expected)"
    )]
    ResponseTooLarge {
        /// The request, as `METHOD URL`.
        request: String,
        /// The limit in bytes.
        limit: u64,
    },

    /// A success response whose body is not what the API promises (invalid
    /// JSON, a missing field, a wrong type, an empty body).
    #[error("{0}")]
    Decode(Box<DecodeError>),

    /// No resource of this kind has this name (or, for users, this email),
    /// among those visible to the API key. Raised by name resolution, before
    /// any change is sent.
    #[error("no {kind} {} {name:?}{}", kind.named(false), within_text(within))]
    NameNotFound {
        /// The kind of resource looked for.
        kind: ResourceKind,
        /// The name looked for.
        name: String,
        /// Where the lookup was confined, such as `organization T3Jn…`, when
        /// it was scoped.
        within: Option<String>,
    },

    /// Several resources of this kind have this exact name (space names, for
    /// instance, are unique per organization, not globally). Nothing was
    /// changed; pass one of the IDs, or scope the name (see
    /// [`NameOrId::Scoped`](crate::NameOrId::Scoped)).
    #[error("{} {kind}s {} {name:?} (IDs: {}); pass an ID{} instead", ids.len(), kind.named(true), ids.join(", "), scope_hint(*kind))]
    AmbiguousName {
        /// The kind of resource looked for.
        kind: ResourceKind,
        /// The name looked for.
        name: String,
        /// The IDs of every resource with that exact name.
        ids: Vec<String>,
    },

    /// An argument was rejected before anything was sent: an empty or
    /// over-long value, a `limit` outside 1..=100, an update with no field.
    #[error("invalid {field}: {reason} (nothing was sent)")]
    InvalidRequest {
        /// The argument at fault.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },

    /// The client could not be built: no API key, a malformed base URL or
    /// region, an unusable certificate.
    #[error("invalid client configuration: {0}")]
    Config(String),

    /// The server's pagination broke its contract (a cursor seen before, or
    /// `has_more` without a cursor), so iteration stopped instead of looping.
    #[error("pagination stopped: {0}")]
    Pagination(String),
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !f.alternate() {
            return fmt::Display::fmt(self, f);
        }
        match self {
            Error::BadRequest(api) => f.debug_tuple("BadRequest").field(api).finish(),
            Error::Unauthorized(api) => f.debug_tuple("Unauthorized").field(api).finish(),
            Error::Forbidden(api) => f.debug_tuple("Forbidden").field(api).finish(),
            Error::NotFound(api) => f.debug_tuple("NotFound").field(api).finish(),
            Error::Conflict(api) => f.debug_tuple("Conflict").field(api).finish(),
            Error::Unprocessable(api) => f.debug_tuple("Unprocessable").field(api).finish(),
            Error::RateLimited(api) => f.debug_tuple("RateLimited").field(api).finish(),
            Error::Server(api) => f.debug_tuple("Server").field(api).finish(),
            Error::UnexpectedStatus(api) => f.debug_tuple("UnexpectedStatus").field(api).finish(),
            Error::Timeout(error) => f.debug_tuple("Timeout").field(error).finish(),
            Error::Transport(error) => f.debug_tuple("Transport").field(error).finish(),
            Error::ResponseTooLarge { request, limit } => f
                .debug_struct("ResponseTooLarge")
                .field("request", request)
                .field("limit", limit)
                .finish(),
            Error::Decode(error) => f.debug_tuple("Decode").field(error).finish(),
            Error::NameNotFound { kind, name, within } => f
                .debug_struct("NameNotFound")
                .field("kind", kind)
                .field("name", name)
                .field("within", within)
                .finish(),
            Error::AmbiguousName { kind, name, ids } => f
                .debug_struct("AmbiguousName")
                .field("kind", kind)
                .field("name", name)
                .field("ids", ids)
                .finish(),
            Error::InvalidRequest { field, reason } => f
                .debug_struct("InvalidRequest")
                .field("field", field)
                .field("reason", reason)
                .finish(),
            Error::Config(message) => f.debug_tuple("Config").field(message).finish(),
            Error::Pagination(message) => f.debug_tuple("Pagination").field(message).finish(),
        }
    }
}

fn within_text(within: &Option<String>) -> String {
    match within {
        Some(scope) => format!(" in {scope}"),
        None => String::new(),
    }
}

fn scope_hint(kind: ResourceKind) -> &'static str {
    if kind == ResourceKind::Space {
        " or an organization"
    } else {
        ""
    }
}

/// The kinds of resource the API manages, as errors name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResourceKind {
    /// A space.
    Space,
    /// An organization.
    Organization,
    /// A user of the account.
    User,
    /// A role (custom or predefined) of the roles API.
    Role,
    /// A role binding.
    RoleBinding,
    /// A resource restriction.
    ResourceRestriction,
}

impl ResourceKind {
    /// The kind as a lowercase noun, such as `space`.
    pub(crate) fn noun(self) -> &'static str {
        match self {
            ResourceKind::Space => "space",
            ResourceKind::Organization => "organization",
            ResourceKind::User => "user",
            ResourceKind::Role => "role",
            ResourceKind::RoleBinding => "role binding",
            ResourceKind::ResourceRestriction => "resource restriction",
        }
    }

    /// The argument an empty name or ID of this kind is reported under.
    pub(crate) fn field(self) -> &'static str {
        match self {
            ResourceKind::RoleBinding => "role_binding",
            ResourceKind::ResourceRestriction => "resource",
            kind => kind.noun(),
        }
    }

    /// How a lookup by name reads: users are looked up by email.
    fn named(self, plural: bool) -> &'static str {
        match (self, plural) {
            (ResourceKind::User, false) => "has the email",
            (ResourceKind::User, true) => "have the email",
            (_, false) => "is named",
            (_, true) => "are named",
        }
    }
}

impl fmt::Display for ResourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.noun())
    }
}

/// The standard reason phrase of an HTTP status, such as `Not Found`, or
/// `""` for a status without one.
pub(crate) fn reason(status: u16) -> &'static str {
    ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("")
}

impl Error {
    /// Maps an error response to the variant of its status class, keeping
    /// the problem document or a bounded snippet of the body, both scrubbed
    /// of the secret.
    pub(crate) fn from_response(
        request: &str,
        status: u16,
        retry_after: Option<Duration>,
        body: &[u8],
        attempts: u32,
        secret: &Secret,
    ) -> Error {
        Error::from_api(ApiError {
            request: request.to_owned(),
            status,
            problem: parse_problem(body, secret),
            body: snippet(body, 512, secret),
            retry_after,
            attempts,
            // With a proxy configured, a 407 is a transport error naming it.
            hint: (status == 407).then_some(
                "a proxy between this client and the server asks for credentials: configure it \
                 with ClientBuilder::proxy or ARIZE_PROXY_URL",
            ),
        })
    }

    /// Withholds the body of a decode error (and scrubs `secret`, when it is
    /// known, from the rest), for an answer that may hold a secret.
    pub(crate) fn withholding_body(self, secret: Option<Secret>) -> Error {
        match self {
            Error::Decode(mut decode) => {
                decode.body = "[withheld: the answer may hold a secret]".into();
                if let Some(secret) = secret {
                    decode.path = secret.scrub(std::mem::take(&mut decode.path));
                    decode.message = secret.scrub(std::mem::take(&mut decode.message));
                }
                Error::Decode(decode)
            }
            other => other,
        }
    }

    /// Adds a hint to a 409, for an operation that knows what a conflict
    /// means for it; other errors are returned as they are.
    pub(crate) fn with_conflict_hint(self, hint: &'static str) -> Error {
        match self {
            Error::Conflict(mut api) => {
                api.hint = Some(hint);
                Error::Conflict(api)
            }
            other => other,
        }
    }

    fn from_api(mut api: ApiError) -> Error {
        // What to do about these is the same whatever the operation.
        api.hint = match api.status {
            401 => Some("check the API key (ARIZE_API_KEY): it may be wrong or revoked"),
            403 => Some("the API key lacks the permission for this operation"),
            _ => api.hint,
        };
        let api = Box::new(api);
        match api.status {
            400 => Error::BadRequest(api),
            401 => Error::Unauthorized(api),
            403 => Error::Forbidden(api),
            404 => Error::NotFound(api),
            409 => Error::Conflict(api),
            422 => Error::Unprocessable(api),
            429 => Error::RateLimited(api),
            500..=599 => Error::Server(api),
            _ => Error::UnexpectedStatus(api),
        }
    }

    pub(crate) fn invalid(field: &'static str, reason: impl Into<String>) -> Error {
        Error::InvalidRequest {
            field,
            reason: reason.into(),
        }
    }

    /// The server's answer, when there was one with an error status.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::BadRequest(api)
            | Error::Unauthorized(api)
            | Error::Forbidden(api)
            | Error::NotFound(api)
            | Error::Conflict(api)
            | Error::Unprocessable(api)
            | Error::RateLimited(api)
            | Error::Server(api)
            | Error::UnexpectedStatus(api) => Some(api),
            _ => None,
        }
    }

    /// The HTTP status of the response, for error statuses and for success
    /// responses that failed to decode.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Decode(decode) => Some(decode.status),
            other => other.api_error().map(|api| api.status),
        }
    }

    /// The server's RFC 9457 problem document, when the error body was one.
    pub fn problem(&self) -> Option<&Problem> {
        self.api_error().and_then(ApiError::problem)
    }

    /// How long the server asked to wait (`Retry-After`), if it did.
    pub fn retry_after(&self) -> Option<Duration> {
        self.api_error().and_then(ApiError::retry_after)
    }

    /// A 404, or a name that resolved to nothing.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Error::NotFound(_) | Error::NameNotFound { .. })
    }

    /// A 409: the name is taken.
    pub fn is_conflict(&self) -> bool {
        matches!(self, Error::Conflict(_))
    }

    /// A 401: check the API key.
    pub fn is_unauthorized(&self) -> bool {
        matches!(self, Error::Unauthorized(_))
    }

    /// A 403: the key lacks the permission.
    pub fn is_forbidden(&self) -> bool {
        matches!(self, Error::Forbidden(_))
    }

    /// A 429 that outlasted the client's retries.
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Error::RateLimited(_))
    }

    /// A time limit ran out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout(_))
    }

    /// Whether the same call might succeed later: rate limiting, a server
    /// failure, a timeout or a lost connection. The client has already
    /// retried what was safe to retry; this is for callers who want to try
    /// again at a higher level (say, on the next run of a job).
    pub fn is_retryable(&self) -> bool {
        match self {
            // A refused handshake would be refused again.
            Error::Transport(error) => error.kind != TransportKind::Tls,
            error => matches!(
                error,
                Error::RateLimited(_) | Error::Server(_) | Error::Timeout(_)
            ),
        }
    }
}

/// An error response from the server: its status, its RFC 9457 problem
/// document when it sent one, and a bounded snippet of its body otherwise.
#[derive(Debug, Clone)]
pub struct ApiError {
    pub(crate) request: String,
    pub(crate) status: u16,
    pub(crate) problem: Option<Problem>,
    pub(crate) body: String,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) attempts: u32,
    /// What to do about it, when the operation knows better than the status.
    pub(crate) hint: Option<&'static str>,
}

impl ApiError {
    /// What to do about this error, when the operation that got it knows
    /// (for instance: delete a role's bindings before the role).
    pub fn hint(&self) -> Option<&str> {
        self.hint
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The problem document, when the body was one (whatever its
    /// `Content-Type` said).
    pub fn problem(&self) -> Option<&Problem> {
        self.problem.as_ref()
    }

    /// The problem's `title`, a short summary such as `"Not Found"`.
    pub fn title(&self) -> Option<&str> {
        self.problem.as_ref().map(|p| p.title.as_str())
    }

    /// The problem's `detail`, the explanation of this occurrence.
    pub fn detail(&self) -> Option<&str> {
        self.problem.as_ref().and_then(|p| p.detail.as_deref())
    }

    /// The start of the response body (at most 512 characters, lossy UTF-8,
    /// with the API key scrubbed), whatever its format. Empty for an empty
    /// body.
    pub fn body(&self) -> &str {
        &self.body
    }

    /// The server's `Retry-After`, as a delay from when the response arrived.
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// How many times the request was sent before this answer was accepted as
    /// final (1 when it was not retried).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The request, as `METHOD URL`.
    pub fn request(&self) -> &str {
        &self.request
    }
}

/// Parses a problem document whatever the `Content-Type` said, since proxies
/// and frameworks mislabel them. Its strings are scrubbed of the secret.
fn parse_problem(body: &[u8], secret: &Secret) -> Option<Problem> {
    let mut problem: Problem = serde_json::from_slice(body).ok()?;
    let scrub = |s: &mut String| *s = secret.scrub(std::mem::take(s));
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

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = reason(self.status);
        write!(f, "{} {reason}", self.status)?;
        match &self.problem {
            Some(problem) => {
                if !problem.title.eq_ignore_ascii_case(reason) {
                    write!(f, ": {}", problem.title)?;
                }
                if let Some(detail) = &problem.detail {
                    write!(f, ": {detail}")?;
                }
            }
            None if self.body.is_empty() => f.write_str(" (empty body)")?,
            None => write!(f, ": {}", self.body)?,
        }
        if let Some(wait) = self.retry_after {
            write!(f, "; the server asks to wait {}", human(wait))?;
        }
        if let Some(hint) = self.hint {
            write!(f, "; {hint}")?;
        }
        write!(f, " [{}", self.request)?;
        if self.attempts > 1 {
            write!(f, ", after {} attempts", self.attempts)?;
        }
        f.write_str("]")
    }
}

/// A failure below HTTP: connecting, the connection dropping, a timeout, TLS
/// or a malformed response.
///
/// The underlying HTTP library's error is kept out of this crate's API on
/// purpose, so that it can change without breaking callers.
#[derive(Debug, Clone)]
pub struct TransportError {
    pub(crate) request: String,
    pub(crate) kind: TransportKind,
    pub(crate) message: String,
    pub(crate) attempts: u32,
    /// For a timeout, the configured limit that ran out, when known.
    pub(crate) limit: Option<Limit>,
    /// The proxy's address, when the proxy failed rather than the server.
    pub(crate) proxy: Option<String>,
}

/// A configured time limit: the `ClientBuilder` setter and its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Limit {
    pub(crate) setter: &'static str,
    pub(crate) value: Duration,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TransportKind {
    /// Nothing reached the server: DNS, refused, unreachable.
    Connect,
    /// Connecting took longer than the connect timeout: nothing was sent.
    ConnectTimeout,
    /// The connection broke after the request may have been sent.
    Lost,
    /// The TLS handshake failed (an untrusted certificate, or no TLS at
    /// all): no request was sent, and the same handshake would fail again,
    /// so it is not retried. Not a connect failure: a connection was made.
    Tls,
    Timeout,
    Other,
}

impl From<TransportError> for Error {
    fn from(error: TransportError) -> Error {
        if error.is_timeout() {
            Error::Timeout(error)
        } else {
            Error::Transport(error)
        }
    }
}

impl TransportError {
    /// Whether the connection could not be made at all, so the request
    /// certainly did not reach the server.
    pub fn is_connect(&self) -> bool {
        matches!(
            self.kind,
            TransportKind::Connect | TransportKind::ConnectTimeout
        )
    }

    /// Whether a time limit ran out.
    pub fn is_timeout(&self) -> bool {
        matches!(
            self.kind,
            TransportKind::Timeout | TransportKind::ConnectTimeout
        )
    }

    /// How many times the request was attempted.
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// The proxy, as `scheme://host:port` without credentials, when it was
    /// the proxy that failed rather than the server: it could not be
    /// reached, refused the tunnel, or asked for credentials (407). Such a
    /// failure is a connect failure ([`is_connect`](Self::is_connect)):
    /// nothing reached the server.
    pub fn proxy(&self) -> Option<&str> {
        self.proxy.as_deref()
    }

    /// The request, as `METHOD URL`.
    pub fn request(&self) -> &str {
        &self.request
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            // For timeouts the message names the stage: "receive the response".
            TransportKind::ConnectTimeout | TransportKind::Timeout => {
                write!(f, "timed out waiting to {}", self.message)?;
                if let Some(Limit { setter, value }) = self.limit {
                    write!(
                        f,
                        ": the {} limit (ClientBuilder::{setter}) ran out",
                        human(value)
                    )?;
                }
                // Whether a timeout was retried matters: say it either way.
                let plural = if self.attempts == 1 { "" } else { "s" };
                write!(
                    f,
                    " [{}, after {} attempt{plural}]",
                    self.request, self.attempts
                )
            }
            kind => {
                let what = match kind {
                    TransportKind::Connect => "could not connect",
                    TransportKind::Lost => "connection lost",
                    TransportKind::Tls => "TLS handshake failed",
                    _ => "request failed",
                };
                write!(f, "{what}: {} [{}", self.message, self.request)?;
                if self.attempts > 1 {
                    write!(f, ", after {} attempts", self.attempts)?;
                }
                f.write_str("]")
            }
        }
    }
}

/// A duration as people write it: `30 s`, `400 ms`, `1.5 s` (to the
/// millisecond, so that a wait computed from an HTTP date stays readable).
pub(crate) fn human(duration: Duration) -> String {
    let ms = duration.as_millis();
    if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else if ms < 1000 {
        format!("{ms} ms")
    } else {
        format!("{:.1} s", ms as f64 / 1000.0)
    }
}

/// A success response whose body does not match the API's schema.
#[derive(Debug, Clone)]
pub struct DecodeError {
    pub(crate) request: String,
    pub(crate) status: u16,
    pub(crate) expected: &'static str,
    pub(crate) path: String,
    pub(crate) message: String,
    pub(crate) body: String,
}

impl DecodeError {
    /// The HTTP status of the response.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The type the body should have decoded to, such as `Space`.
    pub fn expected(&self) -> &str {
        self.expected
    }

    /// Where in the JSON decoding failed, such as `spaces[3].created_at`
    /// (`.` for the top level).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The start of the body (bounded, lossy UTF-8, API key scrubbed).
    pub fn body(&self) -> &str {
        &self.body
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the {} response to {} is not a valid {}: at `{}`: {}; body: {:?}",
            self.status, self.request, self.expected, self.path, self.message, self.body
        )
    }
}

/// The first `max_chars` characters of a body, as lossy UTF-8, with every
/// occurrence of the secret replaced, so that a server echoing the
/// `Authorization` header cannot leak the key into an error message.
pub(crate) fn snippet(body: &[u8], max_chars: usize, secret: &Secret) -> String {
    // Look a little past the cut so that a secret straddling it is still
    // found and scrubbed whole.
    let window = &body[..body.len().min(4 * max_chars + secret.longest())];
    let mut text = secret.scrub(String::from_utf8_lossy(window).into_owned());
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => {
            text.truncate(cut);
            text.push('…');
        }
        None if window.len() < body.len() => text.push('…'),
        None => {}
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let error = Error::from_response("GET /", 400, None, body, 1, &Secret::new("sk-1"));
        let problem = error.problem().unwrap();
        assert_eq!(problem.title, "Bad [REDACTED]");
        assert_eq!(problem.detail.as_deref(), Some("key [REDACTED]"));
        assert_eq!(problem.type_.as_deref(), Some("[REDACTED]"));
        assert_eq!(problem.instance.as_deref(), Some("/[REDACTED]"));
        assert!(
            Error::from_response("GET /", 502, None, b"<html>", 1, &Secret::new("k"))
                .problem()
                .is_none()
        );
    }

    #[test]
    fn statuses_map_to_their_class() {
        let secret = Secret::new("k");
        let variant = |status| Error::from_response("GET /", status, None, b"", 1, &secret);
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
        let error = Error::from_response("GET /v2/spaces", 429, wait, body, 3, &Secret::new("k"));
        assert!(matches!(error, Error::RateLimited(_)));
        assert_eq!(
            error.to_string(),
            "429 Too Many Requests: slow down; the server asks to wait 30 s \
             [GET /v2/spaces, after 3 attempts]"
        );
        let error = Error::from_response("GET /", 429, None, b"", 1, &Secret::new("k"));
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
        let status = |status| Error::from_response("GET /", status, None, b"", 1, &secret);
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
        let expected: [Answers; 23] = [
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
                "401 Unauthorized (empty body); check the API key (ARIZE_API_KEY): it may be \
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
                "could not connect: m [GET /, after 2 attempts]",
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
        let error =
            Error::from_response("POST /v2/spaces", 409, wait, body, 2, &Secret::new("sk-1"));
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
        let api = Error::from_response("GET /", 500, None, b"oops", 1, &Secret::new("k"));
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
}
