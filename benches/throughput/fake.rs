//! Part 2: what needs a real server, measured against the crate's fake:
//! bytes on the wire with and without gzip, TCP connections, and memory.

use std::{process::Command, thread};

use arize::{Client, testing::FakeServer, types::ListSpacesResponse};

const ITER_SPACES: usize = 20_000;

pub fn run() {
    wire_bytes();
    connections();
    memory();
}

/// Bytes on the wire for a whole listing, with and without compression,
/// counted by the fake.
fn wire_bytes() {
    let fake = FakeServer::builder()
        .organization("acme")
        .spaces("acme", ITER_SPACES)
        .start();
    let client = fake.client();
    let bare = Bare::new(&fake, "gzip");
    let plain = Bare::new(&fake, "identity");
    let bytes = |iterate: &dyn Fn() -> usize| {
        let before = fake.bytes_sent();
        assert_eq!(iterate(), ITER_SPACES);
        fake.bytes_sent() - before
    };
    let ours = bytes(&|| ours_iterate(&client));
    let gzip = bytes(&|| bare.iterate());
    let identity = bytes(&|| plain.iterate());
    println!(
        "bytes on the wire for the {ITER_SPACES}-space listing (responses, heads included): \
         {ours} with gzip (bare loop with gzip: {gzip}), {identity} without \
         (Accept-Encoding: identity); gzip/identity = {:.3}",
        ours as f64 / identity as f64
    );
}

fn ours_iterate(client: &Client) -> usize {
    client
        .spaces()
        .list()
        .items()
        .try_fold(0, |n, s| s.map(|_| n + 1))
        .unwrap()
}

/// A fake holding one space, a client for it, and the space's ID.
fn one_space() -> (FakeServer, Client, String) {
    let fake = FakeServer::builder()
        .organization("acme")
        .spaces("acme", 1)
        .start();
    let client = fake.client();
    let id = client.spaces().resolve("space-00001").unwrap();
    (fake, client, id)
}

/// TCP connections for 1,000 calls: one client, then clones on 4 threads.
fn connections() {
    let (fake, client, id) = one_space();
    for _ in 0..999 {
        client.spaces().get(id.as_str()).unwrap();
    }
    println!(
        "connections for 1,000 sequential calls through one Client: {}",
        fake.connections()
    );

    let (fake, client, id) = one_space();
    thread::scope(|scope| {
        for thread in 0..4 {
            let (client, id) = (client.clone(), id.clone());
            scope.spawn(move || {
                // 1,000 calls in all, the listing above included.
                let calls = if thread == 0 { 249 } else { 250 };
                for _ in 0..calls {
                    client.spaces().get(id.as_str()).unwrap();
                }
            });
        }
    });
    println!(
        "connections for 1,000 calls through clones on 4 threads: {}",
        fake.connections()
    );
}

/// Peak resident memory of a process iterating 1,000 and 100,000 spaces.
/// The iteration runs in a child process, so that the fake's own memory
/// (in this process) is not counted.
fn memory() {
    let mut peaks = Vec::new();
    for count in [1_000, 100_000] {
        let fake = FakeServer::builder()
            .organization("acme")
            .spaces("acme", count)
            .start();
        let exe = std::env::current_exe().unwrap();
        let output = Command::new(exe)
            .args(["--iterate-child", fake.url(), &fake.api_key()])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        let (seen, peak_kib) = text.trim().split_once(' ').unwrap();
        assert_eq!(seen.parse::<usize>().unwrap(), count);
        let peak_kib: u64 = peak_kib.parse().unwrap();
        println!("peak RSS iterating {count} spaces: {peak_kib} KiB");
        peaks.push(peak_kib);
    }
    println!(
        "peak RSS 100,000 / 1,000 = {:.3}",
        peaks[1] as f64 / peaks[0] as f64
    );
}

pub fn iterate_child(url: &str, key: &str) {
    let client = Client::builder()
        .api_key(key)
        .base_url(url)
        .build()
        .unwrap();
    let count = client
        .spaces()
        .list()
        .items()
        .try_fold(0, |n, s| s.map(|_| n + 1))
        .unwrap();
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0);
    println!("{count} {peak}");
}

/// The limit: the same requests (same headers, so that the server does the
/// same work) made with ureq and serde_json, with no facade. With
/// `accept_encoding` `gzip`, as the client sends, ureq decompresses the
/// answers as it does for the client.
struct Bare {
    agent: ureq::Agent,
    url: String,
    authorization: String,
    accept_encoding: &'static str,
}

impl Bare {
    fn new(fake: &FakeServer, accept_encoding: &'static str) -> Bare {
        Bare {
            agent: ureq::Agent::new_with_defaults(),
            url: fake.url().to_owned(),
            authorization: format!("Bearer {}", fake.api_key()),
            accept_encoding,
        }
    }

    fn request(&self, url: String) -> ureq::RequestBuilder<ureq::typestate::WithoutBody> {
        self.agent
            .get(url)
            .header("authorization", &self.authorization)
            .header("accept", "application/json")
            .header("accept-encoding", self.accept_encoding)
            .header(
                "user-agent",
                concat!("arize-rust/", env!("CARGO_PKG_VERSION")),
            )
            .header("sdk-language", "rust")
            .header("sdk-version", env!("CARGO_PKG_VERSION"))
            .header("sdk-package-name", "arize")
            .header("language-version", "1.95.0")
    }

    fn iterate(&self) -> usize {
        let mut count = 0;
        let mut cursor: Option<String> = None;
        loop {
            let mut request = self
                .request(format!("{}/v2/spaces", self.url))
                .query("limit", "100");
            if let Some(cursor) = &cursor {
                request = request.query("cursor", cursor);
            }
            let body = request.call().unwrap().body_mut().read_to_vec().unwrap();
            let page: ListSpacesResponse = serde_json::from_slice(&body).unwrap();
            count += page.spaces.len();
            match page.pagination.next_cursor {
                Some(next) if page.pagination.has_more => cursor = Some(next),
                _ => return count,
            }
        }
    }
}
