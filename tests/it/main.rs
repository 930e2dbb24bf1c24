//! The integration tests, as one crate: it links once, and the shared
//! helpers in `common` and `raw` are used without dead-code allowances.
//! Every server they talk to runs on 127.0.0.1.

mod common;
#[macro_use]
mod contract;
mod raw;

mod api_keys;
mod audit_logs;
#[cfg(feature = "testing")]
mod bulk;
#[cfg(feature = "testing")]
mod end_to_end;
#[cfg(feature = "testing")]
mod fake_server;
mod hints;
mod hostile;
mod logging;
mod organizations;
mod projects;
mod proxy;
mod resource_restrictions;
mod role_bindings;
mod roles;
mod spaces;
mod spec_coverage;
mod test_proxy;
mod tls;
mod users;

/// The suite takes about 10 s. A loop bug in the library (a listing that
/// never ends, a name lookup paging for ever) would hang it, and the tests
/// that talk to raw sockets or to looping cursors have their own guard
/// (`raw::within`); any other hang ends here, after libtest has named the
/// tests running for over 60 s. Sorted first, so it starts first.
#[test]
fn a_watchdog_ends_a_hung_suite() {
    const LIMIT: std::time::Duration = std::time::Duration::from_secs(75);
    std::thread::spawn(|| {
        std::thread::sleep(LIMIT);
        eprintln!("the test suite ran for over {LIMIT:?}: a test hangs (see above)");
        std::process::exit(101);
    });
}
