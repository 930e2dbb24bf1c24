//! What a program's logger sees of a request, at DEBUG and then at TRACE:
//! the crate's own lines never carry the API key or a secret of an answer;
//! at TRACE, ureq's wire dump (`ureq_proto::util`) does, and it is the only
//! target that does, so the crate warns once, naming the filter that
//! silences it.
//!
//! A test target of its own: it installs the process's logger and changes
//! its level, which would disturb the other tests of a shared binary.

use std::sync::{
    Mutex,
    atomic::{AtomicBool, Ordering},
};

use log::{Level, LevelFilter, Log, Metadata, Record};

const KEY: &str = "ak-LIVE-SECRET-0123456789";
const PASSWORD: &str = "Pw-9xQ-temporary";

/// Captures every record the level lets through.
struct Capture {
    records: Mutex<Vec<(Level, String, String)>>,
    trace: AtomicBool,
}

impl Log for Capture {
    fn enabled(&self, metadata: &Metadata) -> bool {
        metadata.level() <= Level::Debug || self.trace.load(Ordering::SeqCst)
    }
    fn log(&self, record: &Record) {
        if self.enabled(record.metadata()) {
            let entry = (
                record.level(),
                record.target().to_owned(),
                record.args().to_string(),
            );
            self.records.lock().unwrap().push(entry);
        }
    }
    fn flush(&self) {}
}

static LOGGER: Capture = Capture {
    records: Mutex::new(Vec::new()),
    trace: AtomicBool::new(false),
};

/// A user created with a temporary password, and the user fetched back.
fn calls(server: &mut mockito::ServerGuard) {
    let created = format!(
        r#"{{"id": "VXNlcjoxOmE=", "name": "Ann", "email": "ann@x.io", "status": "INVITED",
            "role": {{"type": "PREDEFINED", "name": "MEMBER"}}, "is_developer": true,
            "created_at": "2026-01-02T03:04:05Z", "invite_mode": "TEMPORARY_PASSWORD",
            "temporary_password": "{PASSWORD}"}}"#
    );
    let create = server
        .mock("POST", "/v2/users")
        .with_status(201)
        .with_body(created)
        .create();
    let client = arize::Client::builder()
        .api_key(KEY)
        .base_url(server.url())
        .build()
        .unwrap();
    let role = arize::AccountRole::Member;
    let invite = arize::InviteMode::TemporaryPassword;
    let created = client
        .users()
        .create("Ann", "ann@x.io", role, invite)
        .send()
        .unwrap();
    let shown = format!("{created:?}");
    assert!(!shown.contains(PASSWORD), "{shown}");
    create.assert();
}

/// The targets whose lines, read as the wire dump writes them (the text
/// column of 16 bytes a line, joined), hold `secret`.
fn carriers(records: &[(Level, String, String)], secret: &str) -> Vec<String> {
    let mut targets: Vec<String> = Vec::new();
    let mut dump = String::new();
    for (_, target, message) in records {
        if message.contains(secret) && !targets.contains(target) {
            targets.push(target.clone());
        }
        if target == "ureq_proto::util" {
            // `7a61 7469 … zation:.Bearer.s`: the text after the hex.
            dump.push_str(message.rsplit("  ").next().unwrap_or(""));
        }
    }
    if dump.contains(secret) {
        targets.push("ureq_proto::util".into());
    }
    targets
}

/// The records of the client's side: the mock server logs what it
/// receives, which is not the program's.
fn client_side(records: Vec<(Level, String, String)>) -> Vec<(Level, String, String)> {
    records
        .into_iter()
        .filter(|(_, target, _)| !target.starts_with("mockito"))
        .collect()
}

fn main() {
    log::set_logger(&LOGGER).unwrap();
    log::set_max_level(LevelFilter::Trace);
    let mut server = mockito::Server::new();

    // DEBUG: nothing carries a secret, and there is no wire dump to warn of.
    calls(&mut server);
    let records = client_side(std::mem::take(&mut *LOGGER.records.lock().unwrap()));
    assert!(
        records
            .iter()
            .any(|(_, target, _)| target.starts_with("arize")),
        "the crate logs requests at DEBUG"
    );
    assert!(
        records
            .iter()
            .any(|(_, target, _)| target.starts_with("ureq")),
        "ureq logs at DEBUG"
    );
    for secret in [KEY, PASSWORD] {
        assert_eq!(carriers(&records, secret), Vec::<String>::new(), "{secret}");
    }
    assert!(!records.iter().any(|(_, t, _)| t == "arize::logging"));

    // TRACE: the wire dump carries both, and only it; the crate warns once.
    LOGGER.trace.store(true, Ordering::SeqCst);
    for _ in 0..3 {
        calls(&mut server);
    }
    let records = client_side(std::mem::take(&mut *LOGGER.records.lock().unwrap()));
    for secret in [KEY, PASSWORD] {
        assert_eq!(carriers(&records, secret), ["ureq_proto::util"], "{secret}");
    }
    let warnings: Vec<&String> = records
        .iter()
        .filter(|(level, target, _)| *level == Level::Warn && target == "arize::logging")
        .map(|(_, _, message)| message)
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].contains("ureq_proto::util")
            && warnings[0].contains("RUST_LOG=trace,ureq_proto=debug"),
        "{}",
        warnings[0]
    );
    println!("trace_log: ok");
}
