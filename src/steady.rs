//! Socket timeouts that stay the same from one request to the next, so
//! that a pooled connection is not given new ones (two `setsockopt` system
//! calls) on every request.
//!
//! # Design
//!
//! ureq enforces the client's per-stage limits (sending the request,
//! waiting for the answer, reading the body; see
//! [`ClientBuilder::timeout`](crate::ClientBuilder::timeout)) by handing
//! the socket, before each read and write, the time left of the stage
//! (`SO_RCVTIMEO`, `SO_SNDTIMEO`). The socket transport skips the system
//! call when the value has not changed, but the time left is measured in
//! nanoseconds and is never twice the same: every request paid two
//! `setsockopt` calls that a client without limits does not. Disabling the
//! stage limits for ureq's per-read and per-write limits would keep the
//! values constant, but a server trickling a byte at a time would then
//! never time out.
//!
//! Instead, a transport in the connector chain, just above the socket,
//! rounds the time left up to a step of 1/64 of the stage's limit, counted
//! from the limit down: a stage that has just begun (the time left within
//! one step of the whole limit) gets the limit itself, the same value as
//! the request before, so no system call; a stage that runs long still
//! ends, at most one step (under 0.5 s of 30 s) after its limit ran out.
//! ureq itself checks the exact time left between reads, so a trickling
//! body still times out on time.

use std::time::Duration;

use ureq::{
    Timeout,
    unversioned::transport::{
        Buffers, ConnectionDetails, Connector, NextTimeout, Transport, time::Duration as Left,
    },
};

/// The connector of [`Steady`] transports: wraps whatever the chain before
/// it connected.
#[derive(Debug)]
pub(crate) struct SteadyTimeouts {
    /// The limits, as configured: to connect, and for each later stage.
    pub(crate) connect: Option<Duration>,
    pub(crate) stage: Option<Duration>,
}

impl<In: Transport> Connector<In> for SteadyTimeouts {
    type Out = Steady<In>;

    fn connect(
        &self,
        _: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        Ok(chained.map(|inner| Steady {
            inner,
            connect: self.connect.map(Limit::new),
            stage: self.stage.map(Limit::new),
        }))
    }
}

/// A limit and its step, worked out once per connection.
#[derive(Debug, Clone, Copy)]
struct Limit {
    whole: Duration,
    step: Duration,
    /// `whole - step`: more left than this is a stage just begun.
    fresh: Duration,
}

impl Limit {
    fn new(whole: Duration) -> Limit {
        let step = whole / 64;
        Limit {
            whole,
            step,
            fresh: whole - step,
        }
    }
}

/// A transport that passes on steadied timeouts (see the module docs).
#[derive(Debug)]
pub(crate) struct Steady<T> {
    inner: T,
    connect: Option<Limit>,
    stage: Option<Limit>,
}

impl<T> Steady<T> {
    #[inline]
    fn steady(&self, mut timeout: NextTimeout) -> NextTimeout {
        let limit = match timeout.reason {
            Timeout::Connect => self.connect,
            Timeout::SendRequest
            | Timeout::SendBody
            | Timeout::RecvResponse
            | Timeout::RecvBody => self.stage,
            _ => None,
        };
        if let (Some(limit), Left::Exact(left)) = (limit, timeout.after) {
            // The usual case, a stage just begun, compared and done.
            let steady = if left > limit.fresh && left <= limit.whole && !limit.step.is_zero() {
                limit.whole
            } else {
                round_up(left, limit.whole, limit.step)
            };
            timeout.after = Left::Exact(steady);
        }
        timeout
    }
}

impl<T: Transport> Transport for Steady<T> {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        let timeout = self.steady(timeout);
        self.inner.transmit_output(amount, timeout)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        let timeout = self.steady(timeout);
        self.inner.await_input(timeout)
    }

    fn is_open(&mut self) -> bool {
        self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}

/// `left`, the time left of a stage whose limit is `limit`, rounded up to a
/// `step` (`limit / 64`) counted down from `limit`: never less than `left`,
/// less than a step more, and `limit` itself while less than a step has
/// gone. Nothing left stays nothing (the stage is over).
fn round_up(left: Duration, limit: Duration, step: Duration) -> Duration {
    if step.is_zero() || left.is_zero() || left >= limit {
        return left;
    }
    let gone = limit - left;
    if gone < step {
        return limit;
    }
    let steps = gone.as_nanos() / step.as_nanos();
    // `gone < limit`, so `steps <= 64`.
    limit - step * u32::try_from(steps).unwrap_or(64)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: Duration = Duration::from_secs(32);
    const STEP: Duration = Duration::from_millis(500);

    fn round_up(left: Duration, limit: Duration) -> Duration {
        super::round_up(left, limit, limit / 64)
    }

    #[test]
    fn a_stage_just_begun_gets_its_whole_limit() {
        for gone in [0, 1, 1_000, 499_999_999] {
            let left = LIMIT - Duration::from_nanos(gone);
            assert_eq!(round_up(left, LIMIT), LIMIT, "{gone} ns gone");
        }
    }

    #[test]
    fn the_time_left_is_rounded_up_by_less_than_a_step() {
        for left in [
            1,
            7,
            500_000_000,
            500_000_001,
            31_499_999_999,
            31_500_000_000,
        ] {
            let left = Duration::from_nanos(left);
            let steady = round_up(left, LIMIT);
            assert!(
                steady >= left && steady - left < STEP,
                "{left:?} -> {steady:?}"
            );
            // On the grid counted down from the limit.
            assert_eq!((LIMIT - steady).as_nanos() % STEP.as_nanos(), 0);
        }
        assert_eq!(round_up(Duration::from_millis(31_600), LIMIT), LIMIT);
        assert_eq!(
            round_up(Duration::from_millis(31_400), LIMIT),
            Duration::from_millis(31_500)
        );
        assert_eq!(round_up(Duration::from_millis(300), LIMIT), STEP);
    }

    #[test]
    fn nothing_left_and_tiny_or_exceeded_limits_pass_unchanged() {
        assert_eq!(round_up(Duration::ZERO, LIMIT), Duration::ZERO);
        let tiny = Duration::from_nanos(63);
        assert_eq!(
            round_up(Duration::from_nanos(5), tiny),
            Duration::from_nanos(5)
        );
        assert_eq!(round_up(LIMIT * 2, LIMIT), LIMIT * 2);
        // A limit the step does not divide: still never below what is left.
        let odd = Duration::from_nanos(1_000_003);
        for left in [1, 15_625, 15_626, 999_999, 1_000_002] {
            let left = Duration::from_nanos(left);
            let steady = round_up(left, odd);
            assert!(steady >= left && steady - left < odd / 64 + Duration::from_nanos(1));
        }
    }

    #[test]
    fn only_the_client_configured_stages_are_steadied() {
        let steady = Steady {
            inner: (),
            connect: Some(Limit::new(Duration::from_secs(10))),
            stage: Some(Limit::new(LIMIT)),
        };
        let at = |reason, after| NextTimeout {
            after,
            reason,
            per_read: None,
            per_write: None,
        };
        let nearly = Left::Exact(LIMIT - Duration::from_nanos(3));
        for reason in [
            Timeout::SendRequest,
            Timeout::SendBody,
            Timeout::RecvResponse,
            Timeout::RecvBody,
        ] {
            assert_eq!(steady.steady(at(reason, nearly)).after, Left::Exact(LIMIT));
        }
        // Through the same path as a request: just begun, exactly one step
        // gone, and most of the stage gone.
        let step = LIMIT / 64;
        for (left, steadied) in [
            (LIMIT, LIMIT),
            (LIMIT - step, LIMIT - step),
            (LIMIT - step - Duration::from_nanos(1), LIMIT - step),
            (Duration::from_millis(300), step),
            // More than the limit (not from ureq, whose budgets never
            // exceed it): passed on as it is.
            (LIMIT * 2, LIMIT * 2),
        ] {
            let timeout = steady.steady(at(Timeout::RecvBody, Left::Exact(left)));
            assert_eq!(timeout.after, Left::Exact(steadied), "{left:?}");
            assert_eq!(timeout.reason, Timeout::RecvBody);
        }
        let connect = Left::Exact(Duration::from_secs(10) - Duration::from_nanos(3));
        assert_eq!(
            steady.steady(at(Timeout::Connect, connect)).after,
            Left::Exact(Duration::from_secs(10))
        );
        for reason in [Timeout::Global, Timeout::Await100, Timeout::PerRead] {
            assert_eq!(steady.steady(at(reason, nearly)).after, nearly);
        }
        assert_eq!(
            steady
                .steady(at(Timeout::RecvBody, Left::NotHappening))
                .after,
            Left::NotHappening
        );
        let unlimited = Steady {
            inner: (),
            connect: None,
            stage: None,
        };
        assert_eq!(
            unlimited.steady(at(Timeout::RecvBody, nearly)).after,
            nearly
        );
    }
}
