//! [`ApiError`]: what an error status carries.

use std::{borrow::Cow, fmt, time::Duration};

use super::{human, reason};
use crate::{secret::Secret, types::Problem};

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
    pub(crate) hint: Option<Cow<'static, str>>,
}

impl ApiError {
    /// What to do about this error, when the operation that got it knows
    /// (for instance: delete a role's bindings before the role).
    pub fn hint(&self) -> Option<&str> {
        self.hint.as_deref()
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
pub(crate) fn parse_problem(body: &[u8], secret: &Secret) -> Option<Problem> {
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
        if let Some(hint) = &self.hint {
            write!(f, "; {hint}")?;
        }
        write!(f, " [{}", self.request)?;
        if self.attempts > 1 {
            write!(f, ", after {} attempts", self.attempts)?;
        }
        f.write_str("]")
    }
}
