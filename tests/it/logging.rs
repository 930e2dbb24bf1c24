//! Requests and retries are visible through the `log` facade at debug
//! level, and the key never is, at any level.

use std::sync::{Mutex, Once};

use crate::{
    common::*,
    raw::within,
    test_proxy::{Mode, TestProxy, basic},
};
use log::{Level, LevelFilter, Log, Metadata, Record};

struct Capture(Mutex<Vec<(Level, String, String)>>);

impl Log for Capture {
    fn enabled(&self, _: &Metadata) -> bool {
        true
    }
    fn log(&self, record: &Record) {
        self.0.lock().unwrap().push((
            record.level(),
            record.target().to_owned(),
            record.args().to_string(),
        ));
    }
    fn flush(&self) {}
}

static LOGGER: Capture = Capture(Mutex::new(Vec::new()));

/// Captures every record, at every level, from here on (for every test of
/// this crate: the logger is global).
fn capture() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        log::set_logger(&LOGGER).unwrap();
        log::set_max_level(LevelFilter::Trace);
    });
}

#[test]
fn requests_and_retries_are_logged_at_debug_without_the_key() {
    capture();

    let mut server = mockito::Server::new();
    let path = format!("/v2/spaces/{ID_1_PATH}");
    let busy = server
        .mock("PATCH", path.as_str())
        .with_status(503)
        .with_header("retry-after", "2")
        .expect(1)
        .create();
    let fine = server
        .mock("PATCH", path.as_str())
        .with_body(space(ID_1, "s").to_string())
        .create();
    client(&server)
        .spaces()
        .update(ID_1)
        .private(true)
        .send()
        .unwrap();
    busy.assert();
    fine.assert();

    let records = LOGGER.0.lock().unwrap();
    let ours: Vec<&str> = records
        .iter()
        .filter(|(_, target, _)| target.starts_with("arize"))
        .map(|(_, _, message)| message.as_str())
        .collect();
    let url = format!("PATCH {}{path}", server.url());
    assert!(
        ours.iter()
            .any(|m| m.starts_with(&format!("{url} -> 503")) && m.contains("attempt 1")),
        "{ours:#?}"
    );
    assert!(
        ours.iter()
            .any(|m| m.starts_with(&format!("{url}: retrying in 2s (attempt 2 of 3)"))),
        "{ours:#?}"
    );
    assert!(
        ours.iter()
            .any(|m| m.starts_with(&format!("{url} -> 200")) && m.contains("attempt 2")),
        "{ours:#?}"
    );
    assert!(
        records
            .iter()
            .any(|(level, _, m)| *level == Level::Warn && m.contains("private")),
        "making a space private warns"
    );
    // Each operation's beta warning is logged once, under its own target.
    let beta: Vec<&str> = records
        .iter()
        .filter(|(_, target, _)| target == "arize::beta")
        .map(|(_, _, message)| message.as_str())
        .collect();
    let distinct: std::collections::HashSet<&&str> = beta.iter().collect();
    assert_eq!(distinct.len(), beta.len(), "{beta:#?}");
    // Everything on the client side (this crate, ureq, rustls), at every
    // level including trace; the mock server's own log is not ours.
    for (_, target, message) in records.iter().filter(|(_, t, _)| !t.starts_with("mockito")) {
        assert!(!message.contains(KEY), "{target} logged the key: {message}");
    }
}

#[test]
fn the_proxy_password_is_never_logged() {
    capture();
    within(std::time::Duration::from_secs(30), || {
        let proxy = TestProxy::start(Mode::Tunnel(Some(("alice", "pr0xy:pw"))));
        let mut server = mockito::Server::new();
        server
            .mock("GET", format!("/v2/spaces/{ID_1_PATH}").as_str())
            .with_body(space(ID_1, "s").to_string())
            .create();
        for password in ["pr0xy%3Apw", "wr0ng%3Apw"] {
            let client = arize::Client::builder()
                .api_key(KEY)
                .base_url(server.url())
                .proxy(format!("http://alice:{password}@{}", proxy.addr))
                .sleeper(|_| {})
                .build()
                .unwrap();
            // Succeeds, then fails three times with 407 (logged as retries).
            let _ = client.spaces().get(ID_1);
        }
        assert_eq!(proxy.seen().connections, 4);
    });
    let secrets = [
        "pr0xy",
        "wr0ng",
        &basic("alice", "pr0xy:pw")[6..],
        &basic("alice", "wr0ng:pw")[6..],
    ];
    let records = LOGGER.0.lock().unwrap();
    assert!(
        records.iter().any(|(_, _, m)| m.contains("407")),
        "the failures were logged"
    );
    for (_, target, message) in records.iter().filter(|(_, t, _)| !t.starts_with("mockito")) {
        for secret in secrets {
            assert!(
                !message.contains(secret),
                "{target} logged {secret}: {message}"
            );
        }
    }
}
