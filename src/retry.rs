//! When a failed attempt is sent again, and after how long.
//!
//! Every decision here is a pure function of the request's [`Retry`] class,
//! how the attempt ended ([`Outcome`]) and the attempts so far, so each rule
//! is unit-tested without a socket. The transport only carries them out.

use std::time::{Duration, SystemTime};

use crate::error::TransportKind;

/// What may be repeated when an attempt fails. The operation table sets
/// each operation's class from its method (`POST` creates, `DELETE`
/// deletes, the rest are idempotent) unless the spec marks a `POST` as an
/// upsert (`x-arize-retry: idempotent`); see `build/operations.rs`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Retry {
    /// Repeating the request has the same effect as sending it once (GET,
    /// PATCH of absolute values, an upsert): retried on connection failures
    /// and on 429, 502, 503 and 504.
    Idempotent,
    /// A delete: retried like [`Retry::Idempotent`], and a 404 after an
    /// attempt whose answer was lost is the lost attempt's success, reported
    /// as [`crate::Deletion::AlreadyGone`] rather than as an error.
    Delete,
    /// A create: retried only when the connection could not be made, which
    /// proves the server never saw it.
    OnlyIfUnsent,
}

/// The client's retry settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RetryPolicy {
    /// Attempts in all, counting the first; at least 1.
    pub(crate) max_attempts: u32,
    /// The ceiling of the first backoff, doubled for each further retry.
    pub(crate) base_delay: Duration,
    /// The longest single wait, whether backoff or `Retry-After`.
    pub(crate) max_wait: Duration,
}

/// How one attempt ended, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The server answered with this status.
    Answered {
        status: u16,
        retry_after: Option<Duration>,
    },
    /// No usable answer.
    Failed(TransportKind),
}

impl Outcome {
    /// Whether the server may have acted on the attempt while its answer was
    /// lost: a gateway error or a broken connection (a 429 is an answer).
    pub(crate) fn answer_lost(&self) -> bool {
        matches!(
            self,
            Outcome::Answered {
                status: 502..=504,
                ..
            } | Outcome::Failed(TransportKind::Lost)
        )
    }
}

impl Outcome {
    /// Whether the server asked the client to slow down: a 429, or any
    /// answer with `Retry-After` (a 503 during maintenance). The wait
    /// before the retry then applies to every request of the client, not
    /// only to this one.
    pub(crate) fn asks_to_slow_down(&self) -> bool {
        matches!(
            self,
            Outcome::Answered { status: 429, .. }
                | Outcome::Answered {
                    retry_after: Some(_),
                    ..
                }
        )
    }
}

/// What to do after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// A success: return it.
    Success,
    /// A 404 to a retried `DELETE` whose earlier answer was lost: the earlier
    /// attempt most likely deleted it.
    AlreadyGone,
    /// Return the failure.
    Fail,
    /// Send again after exactly this wait (the server's `Retry-After`).
    RetryAfter(Duration),
    /// Send again after a random wait of at most this long (full jitter).
    Backoff(Duration),
}

impl RetryPolicy {
    /// Decides what follows attempt number `attempt` (1-based) of a request
    /// of class `retry`; `lost_before` tells whether an earlier attempt's
    /// answer was lost (see [`Outcome::answer_lost`]).
    pub(crate) fn decide(
        &self,
        retry: Retry,
        outcome: Outcome,
        attempt: u32,
        lost_before: bool,
    ) -> Verdict {
        let (retryable, retry_after) = match outcome {
            Outcome::Answered {
                status: 200..=299, ..
            } => return Verdict::Success,
            Outcome::Answered { status: 404, .. } if retry == Retry::Delete && lost_before => {
                return Verdict::AlreadyGone;
            }
            Outcome::Answered {
                status,
                retry_after,
            } => (
                retry != Retry::OnlyIfUnsent && matches!(status, 429 | 502 | 503 | 504),
                retry_after,
            ),
            Outcome::Failed(kind) => {
                let retryable = match kind {
                    TransportKind::Connect | TransportKind::ConnectTimeout => true,
                    TransportKind::Lost => retry != Retry::OnlyIfUnsent,
                    // The time budget is the caller's: a stalled server would
                    // otherwise hold them for several timeouts.
                    // The same certificate would be refused again.
                    TransportKind::Tls | TransportKind::Timeout | TransportKind::Other => false,
                };
                (retryable, None)
            }
        };
        if !retryable || attempt >= self.max_attempts {
            return Verdict::Fail;
        }
        match retry_after {
            // Never retry before the server allows, and never wait longer
            // than the caller allows: give the 429 back instead.
            Some(wait) if wait > self.max_wait => Verdict::Fail,
            Some(wait) => Verdict::RetryAfter(wait),
            None => Verdict::Backoff(self.backoff_ceiling(attempt)),
        }
    }

    /// The longest backoff after attempt `attempt`:
    /// `min(max_wait, base_delay * 2^(attempt-1))`.
    pub(crate) fn backoff_ceiling(&self, attempt: u32) -> Duration {
        self.base_delay
            .saturating_mul(1 << attempt.saturating_sub(1).min(16))
            .min(self.max_wait)
    }
}

/// A uniformly random wait in `0..=ceiling` ("full jitter"), so that clients
/// failing together do not retry together.
pub(crate) fn jitter(ceiling: Duration) -> Duration {
    let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
    Duration::from_nanos(fastrand::u64(0..=nanos))
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

    const POLICY: RetryPolicy = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_millis(100),
        max_wait: Duration::from_secs(10),
    };
    const ALL: [Retry; 3] = [Retry::Idempotent, Retry::Delete, Retry::OnlyIfUnsent];

    fn status(status: u16) -> Outcome {
        Outcome::Answered {
            status,
            retry_after: None,
        }
    }

    fn failed(kind: TransportKind) -> Outcome {
        Outcome::Failed(kind)
    }

    #[test]
    fn successes_end_every_class() {
        for retry in ALL {
            for code in [200, 201, 204, 299] {
                assert_eq!(
                    POLICY.decide(retry, status(code), 1, false),
                    Verdict::Success
                );
            }
        }
    }

    #[test]
    fn retryable_statuses_back_off_unless_the_request_creates() {
        for code in [429, 502, 503, 504] {
            for retry in [Retry::Idempotent, Retry::Delete] {
                assert_eq!(
                    POLICY.decide(retry, status(code), 1, false),
                    Verdict::Backoff(Duration::from_millis(100)),
                    "{code} {retry:?}"
                );
            }
            // The server saw the create: sending it again could duplicate it.
            assert_eq!(
                POLICY.decide(Retry::OnlyIfUnsent, status(code), 1, false),
                Verdict::Fail
            );
        }
    }

    #[test]
    fn other_statuses_are_final() {
        for code in [300, 301, 400, 401, 403, 404, 409, 422, 500, 501, 505, 599] {
            for retry in ALL {
                assert_eq!(
                    POLICY.decide(retry, status(code), 1, false),
                    Verdict::Fail,
                    "{code} {retry:?}"
                );
            }
        }
    }

    #[test]
    fn a_404_after_a_lost_delete_is_already_gone_and_only_then() {
        assert_eq!(
            POLICY.decide(Retry::Delete, status(404), 2, true),
            Verdict::AlreadyGone
        );
        assert_eq!(
            POLICY.decide(Retry::Delete, status(404), 2, false),
            Verdict::Fail
        );
        assert_eq!(
            POLICY.decide(Retry::Idempotent, status(404), 2, true),
            Verdict::Fail
        );
    }

    #[test]
    fn connection_failures_are_retried_by_stage() {
        for retry in ALL {
            for kind in [TransportKind::Connect, TransportKind::ConnectTimeout] {
                assert!(
                    matches!(
                        POLICY.decide(retry, failed(kind), 1, false),
                        Verdict::Backoff(_)
                    ),
                    "{kind:?} {retry:?}: nothing was sent, so it is always safe"
                );
            }
            for kind in [
                TransportKind::Tls,
                TransportKind::Timeout,
                TransportKind::Other,
            ] {
                assert_eq!(POLICY.decide(retry, failed(kind), 1, false), Verdict::Fail);
            }
        }
        // A lost connection may have delivered the request.
        for retry in [Retry::Idempotent, Retry::Delete] {
            assert!(matches!(
                POLICY.decide(retry, failed(TransportKind::Lost), 1, false),
                Verdict::Backoff(_)
            ));
        }
        assert_eq!(
            POLICY.decide(Retry::OnlyIfUnsent, failed(TransportKind::Lost), 1, false),
            Verdict::Fail
        );
    }

    #[test]
    fn attempts_are_bounded() {
        let outcome = status(503);
        assert!(matches!(
            POLICY.decide(Retry::Idempotent, outcome, 2, false),
            Verdict::Backoff(_)
        ));
        assert_eq!(
            POLICY.decide(Retry::Idempotent, outcome, 3, false),
            Verdict::Fail
        );
        let once = RetryPolicy {
            max_attempts: 1,
            ..POLICY
        };
        assert_eq!(
            once.decide(Retry::Idempotent, failed(TransportKind::Connect), 1, false),
            Verdict::Fail
        );
    }

    #[test]
    fn retry_after_is_honoured_exactly_up_to_the_longest_wait() {
        let asks = |secs| Outcome::Answered {
            status: 429,
            retry_after: Some(Duration::from_secs(secs)),
        };
        assert_eq!(
            POLICY.decide(Retry::Idempotent, asks(7), 1, false),
            Verdict::RetryAfter(Duration::from_secs(7))
        );
        assert_eq!(
            POLICY.decide(Retry::Idempotent, asks(10), 1, false),
            Verdict::RetryAfter(Duration::from_secs(10))
        );
        assert_eq!(
            POLICY.decide(Retry::Idempotent, asks(11), 1, false),
            Verdict::Fail
        );
    }

    #[test]
    fn only_gateway_errors_and_broken_connections_lose_an_answer() {
        for code in [502, 503, 504] {
            assert!(status(code).answer_lost(), "{code}");
        }
        for code in [200, 404, 429, 500] {
            assert!(!status(code).answer_lost(), "{code}");
        }
        assert!(failed(TransportKind::Lost).answer_lost());
        for kind in [
            TransportKind::Connect,
            TransportKind::ConnectTimeout,
            TransportKind::Timeout,
            TransportKind::Other,
        ] {
            assert!(!failed(kind).answer_lost(), "{kind:?}");
        }
    }

    #[test]
    fn a_429_or_a_retry_after_asks_the_whole_client_to_slow_down() {
        let with = |status, secs| Outcome::Answered {
            status,
            retry_after: Some(Duration::from_secs(secs)),
        };
        assert!(status(429).asks_to_slow_down());
        assert!(with(429, 3).asks_to_slow_down());
        assert!(with(503, 3).asks_to_slow_down());
        for code in [200, 500, 502, 503, 504] {
            assert!(!status(code).asks_to_slow_down(), "{code}");
        }
        assert!(!failed(TransportKind::Connect).asks_to_slow_down());
    }

    #[test]
    fn backoff_doubles_from_the_base_up_to_the_longest_wait() {
        let policy = RetryPolicy {
            max_attempts: 40,
            base_delay: Duration::from_millis(100),
            max_wait: Duration::from_millis(300),
        };
        assert_eq!(policy.backoff_ceiling(1), Duration::from_millis(100));
        assert_eq!(policy.backoff_ceiling(2), Duration::from_millis(200));
        assert_eq!(policy.backoff_ceiling(3), Duration::from_millis(300));
        assert_eq!(policy.backoff_ceiling(39), Duration::from_millis(300));
        // No overflow however long the base or however many attempts.
        let huge = RetryPolicy {
            base_delay: Duration::MAX,
            max_wait: Duration::MAX,
            ..policy
        };
        assert_eq!(huge.backoff_ceiling(u32::MAX), Duration::MAX);
    }

    #[test]
    fn jitter_spreads_over_the_whole_range() {
        let ceiling = Duration::from_millis(100);
        let waits: Vec<Duration> = (0..2000).map(|_| jitter(ceiling)).collect();
        assert!(waits.iter().all(|w| *w <= ceiling));
        // Full jitter: both halves of the range are used (a constant, or a
        // wait that is always zero, fails this).
        assert!(waits.iter().any(|w| *w < ceiling / 4));
        assert!(waits.iter().any(|w| *w > ceiling * 3 / 4));
        assert_eq!(jitter(Duration::ZERO), Duration::ZERO);
    }

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
}
