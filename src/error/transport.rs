//! [`TransportError`]: a failure below HTTP, and how long each limit was.

use std::{fmt, time::Duration};

use super::Error;

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

/// A configured time limit: the [`ClientBuilder`](crate::ClientBuilder) setter and its value.
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
                write!(f, "{what}: {}", self.message)?;
                // A proxy's failure says what to check of the proxy.
                if kind == TransportKind::Connect && self.proxy.is_none() {
                    f.write_str(
                        "; check the base URL and that the server is reachable from here \
                         (network, firewall, or a proxy if one is needed)",
                    )?;
                }
                write!(f, " [{}", self.request)?;
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
