//! What the crate tells a program through `log`, besides its debug lines of
//! requests and retries: that an endpoint it calls is in beta (once per
//! public call, under the target `arize::beta`), and that the program's
//! logger lets through ureq's wire dump, which carries the API key (once,
//! under `arize::logging`).

use std::{
    cell::Cell,
    collections::BTreeSet,
    sync::{
        Mutex,
        atomic::{AtomicBool, Ordering},
    },
};

/// The log target of the notice that an endpoint is in beta, to silence it
/// (say `RUST_LOG=arize::beta=off` with `env_logger`).
pub(crate) const BETA_TARGET: &str = "arize::beta";

/// The log target of ureq's wire dump: at TRACE, `ureq_proto::util`
/// hex-dumps every request it writes and every response it reads, the
/// `Authorization` header and any secret in a body included. A library
/// cannot filter another crate's log lines; it can tell.
pub(crate) const WIRE_DUMP_TARGET: &str = "ureq_proto::util";

/// The log target of the crate's warning that the wire dump is on.
pub(crate) const LOGGING_TARGET: &str = "arize::logging";

thread_local! {
    /// The public call running on this thread, as the user wrote it.
    static CALL: Cell<Option<&'static str>> = const { Cell::new(None) };
}

/// Names the public call running on this thread (`users().get`), so that
/// the beta notice names what the user called rather than the endpoints it
/// uses (a user looked up by email is a listing). The outermost call wins:
/// `users().delete_many` deleting one user is still `users().delete_many`.
pub(crate) struct Call(bool);

impl Call {
    /// Marks `name` as running until the returned guard is dropped.
    pub(crate) fn enter(name: &'static str) -> Call {
        let outermost = CALL.with(|call| call.get().is_none());
        if outermost {
            CALL.with(|call| call.set(Some(name)));
        }
        Call(outermost)
    }
}

/// The public call running on this thread, if any: for the workers of a
/// bulk call to run under their caller's name.
pub(crate) fn current_call() -> Option<&'static str> {
    CALL.with(Cell::get)
}

impl Drop for Call {
    fn drop(&mut self) {
        if self.0 {
            CALL.with(|call| call.set(None));
        }
    }
}

/// Notes, once per public call (or, outside one, per operation) and
/// process, that the endpoint `operation` is in beta, as the official SDKs
/// do.
pub(crate) fn beta(operation: &'static str) {
    static NOTED: Mutex<BTreeSet<&str>> = Mutex::new(BTreeSet::new());
    let call = CALL.with(Cell::get);
    let first = NOTED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .insert(call.unwrap_or(operation));
    if !first {
        return;
    }
    match call {
        Some(call) => log::warn!(
            target: BETA_TARGET,
            "{call} calls a beta endpoint of the Arize API ({operation}), which may change \
             without notice; silence this notice with the log filter arize::beta=off"
        ),
        None => log::warn!(
            target: BETA_TARGET,
            "{operation} is a beta endpoint of the Arize API: it may change without notice; \
             silence this notice with the log filter arize::beta=off"
        ),
    }
}

/// Warns, once per process, when the installed logger lets ureq's wire
/// dump through. Checked on every request (one comparison with the
/// logger's maximum level unless TRACE is on), because a program may
/// install its logger after building the client.
pub(crate) fn wire_dump() {
    static WARNED: AtomicBool = AtomicBool::new(false);
    if log::log_enabled!(target: WIRE_DUMP_TARGET, log::Level::Trace)
        && !WARNED.swap(true, Ordering::Relaxed)
    {
        log::warn!(
            target: LOGGING_TARGET,
            "TRACE logging is on for {WIRE_DUMP_TARGET}, which hex-dumps every request and \
             response on the wire: the API key, temporary passwords and new API keys included. \
             Keep it off outside debugging, for instance RUST_LOG=trace,ureq_proto=debug"
        );
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;

    #[test]
    fn the_beta_notice_names_the_public_call_once_or_else_the_operation() {
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
            beta("test_only_operation");
        }
        beta("another_test_only_operation");
        for _ in 0..2 {
            let _outer = Call::enter("tests().outer");
            let _inner = Call::enter("tests().inner");
            beta("test_only_list");
            beta("test_only_get");
        }
        // The guards are gone: the operation is named again.
        beta("test_only_get");
        let records = CAPTURE.0.lock().unwrap();
        let beta: Vec<&String> = records
            .iter()
            .filter(|(level, target, _)| target == BETA_TARGET && *level == log::Level::Warn)
            .map(|(_, _, message)| message)
            .collect();
        assert_eq!(
            beta,
            [
                "test_only_operation is a beta endpoint of the Arize API: it may change without \
                 notice; silence this notice with the log filter arize::beta=off",
                "another_test_only_operation is a beta endpoint of the Arize API: it may change \
                 without notice; silence this notice with the log filter arize::beta=off",
                "tests().outer calls a beta endpoint of the Arize API (test_only_list), which \
                 may change without notice; silence this notice with the log filter \
                 arize::beta=off",
                "test_only_get is a beta endpoint of the Arize API: it may change without \
                 notice; silence this notice with the log filter arize::beta=off",
            ]
        );
    }
}
