//! The crate's one error type, and the details it carries.

use std::{fmt, time::Duration};

use crate::{secret::Secret, types::Problem};

mod api;
mod decode;
mod transport;

pub use api::ApiError;
use api::parse_problem;
pub use decode::DecodeError;
pub(crate) use decode::{snippet, spec_path, unquoted};
pub use transport::TransportError;
pub(crate) use transport::{Limit, TransportKind, human};

/// An error answer, as [`Error::from_response`] reads it.
pub(crate) struct Answer<'a> {
    pub(crate) status: u16,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) body: &'a [u8],
    /// How many times the request was sent.
    pub(crate) attempts: u32,
    /// For an operation whose answer can carry a secret: the body's text is
    /// withheld (a problem document is still read).
    pub(crate) withheld: bool,
    /// Where the API key came from, as a 401's hint names it.
    pub(crate) key_source: &'a str,
}

/// What stands for the text of an answer that may hold a secret.
pub(crate) const WITHHELD: &str = "[withheld: the answer may hold a secret]";

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
#[derive(Clone, thiserror::Error)]
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

    /// 404: what the request names (a space, an organization, a user, a
    /// role, a binding, a resource) does not exist or is not visible to
    /// this API key. Compare [`Error::NameNotFound`].
    #[error("{0}")]
    NotFound(Box<ApiError>),

    /// 409: the request conflicts with what exists: a name already taken
    /// (a space in its organization, an organization, a role), an email
    /// that belongs to an active or deleted user, a user who already has a
    /// binding on the resource, or a role still in use. The operation's
    /// docs say which; [`ApiError::hint`] may say what to do.
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

    /// A bug of this crate: a worker thread of a bulk call panicked, with
    /// this message, while handling one input. Only that input failed; the
    /// others, and the client, are unaffected. Please report it.
    #[error("a bug in the arize crate stopped this item: {0}")]
    Internal(String),
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
            Error::Internal(message) => f.debug_tuple("Internal").field(message).finish(),
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
    /// A project (of a space).
    Project,
    /// An API key (a user key or a service key).
    ApiKey,
    /// An entry of the audit log.
    AuditLog,
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
            ResourceKind::Project => "project",
            ResourceKind::ApiKey => "API key",
            ResourceKind::AuditLog => "audit-log entry",
        }
    }

    /// The argument an empty name or ID of this kind is reported under.
    pub(crate) fn field(self) -> &'static str {
        match self {
            ResourceKind::RoleBinding => "role_binding",
            ResourceKind::ResourceRestriction => "resource",
            ResourceKind::ApiKey => "api_key",
            ResourceKind::AuditLog => "audit_log",
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
    pub(crate) fn from_response(request: &str, answer: Answer<'_>, secret: &Secret) -> Error {
        let Answer {
            status,
            retry_after,
            body,
            attempts,
            withheld,
            key_source,
        } = answer;
        let api = ApiError {
            request: request.to_owned(),
            status,
            problem: parse_problem(body, secret),
            // An empty body withholds nothing, and reads as empty.
            body: match withheld && !body.is_empty() {
                true => WITHHELD.to_owned(),
                false => snippet(body, 512, secret),
            },
            retry_after,
            attempts,
            // What to do about these is the same whatever the operation.
            hint: match status {
                401 => Some(
                    format!("check the API key (from {key_source}): it may be wrong or revoked")
                        .into(),
                ),
                403 => Some("the API key lacks the permission for this operation".into()),
                // With a proxy configured, a 407 is a transport error naming it.
                407 => Some(
                    "a proxy between this client and the server asks for credentials: configure \
                     it with ClientBuilder::proxy or ARIZE_PROXY_URL"
                        .into(),
                ),
                _ => None,
            },
        };
        Error::from_api(api)
    }

    /// Adds a hint to a 409, for an operation that knows what a conflict
    /// means for it; other errors are returned as they are.
    pub(crate) fn with_conflict_hint(self, hint: &'static str) -> Error {
        match self {
            Error::Conflict(mut api) => {
                api.hint = Some(hint.into());
                Error::Conflict(api)
            }
            other => other,
        }
    }

    fn from_api(api: ApiError) -> Error {
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

#[cfg(test)]
mod tests;
