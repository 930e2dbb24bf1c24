//! What the client costs, measured against the limit: the same requests made
//! by a bare `ureq` + `serde_json` loop with no facade. Everything runs on
//! 127.0.0.1 against `arize::testing::FakeServer`.
//!
//! ```sh
//! cargo bench --bench throughput --features testing
//! ```
//!
//! Figures, not assertions: nothing here fails on a slow machine.

use std::{
    process::Command,
    thread,
    time::{Duration, Instant},
};

use arize::{Client, Space, testing::FakeServer, types::ListSpacesResponse};

const ITER_SPACES: usize = 20_000;
const GET_CALLS: usize = 5_000;
const ROUNDS: usize = 5;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let [_, flag, url, key] = args.as_slice()
        && flag == "--iterate-child"
    {
        return iterate_child(url, key);
    }

    println!(
        "machine: {}, {} cores",
        cpu_model(),
        thread::available_parallelism().map_or(0, |n| n.get())
    );
    iteration();
    get_latency();
    connections();
    memory();
}

/// Items per second through `iter()`, against the bare loop (both asking
/// for gzip); then the bytes on the wire for the whole listing with and
/// without compression, counted by the fake.
fn iteration() {
    let fake = FakeServer::builder()
        .organization("acme")
        .spaces("acme", ITER_SPACES)
        .start();
    let client = fake.client();
    let bare = Bare::new(&fake, "gzip");
    let plain = Bare::new(&fake, "identity");
    let (mut ours, mut limit, mut uncompressed) = (Vec::new(), Vec::new(), Vec::new());
    // Warm every path (connection, allocator), then alternate rounds so that
    // drift affects all alike.
    ours_iterate(&client);
    bare.iterate();
    plain.iterate();
    for _ in 0..ROUNDS {
        ours.push(time(|| assert_eq!(ours_iterate(&client), ITER_SPACES)));
        limit.push(time(|| assert_eq!(bare.iterate(), ITER_SPACES)));
        uncompressed.push(time(|| assert_eq!(plain.iterate(), ITER_SPACES)));
    }
    let (ours, limit, uncompressed) = (median(ours), median(limit), median(uncompressed));
    let rate = |d: Duration| ITER_SPACES as f64 / d.as_secs_f64();
    println!(
        "iter() over {ITER_SPACES} spaces, pages of 100, both with Accept-Encoding: gzip: \
         {:.0} items/s (bare loop {:.0} items/s); time ours/limit = {:.3}",
        rate(ours),
        rate(limit),
        ours.as_secs_f64() / limit.as_secs_f64()
    );
    println!(
        "  (the bare loop without compression: {:.0} items/s)",
        rate(uncompressed)
    );

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

/// Median latency of `get` by ID, against the bare loop.
fn get_latency() {
    let (fake, client, id) = one_space();
    let bare = Bare::new(&fake, "gzip");
    let plain = Bare::new(&fake, "identity");
    let mut ours = Vec::with_capacity(GET_CALLS);
    let mut limit = Vec::with_capacity(GET_CALLS);
    let mut uncompressed = Vec::with_capacity(GET_CALLS);
    for _ in 0..100 {
        client.spaces().get(id.as_str()).unwrap();
        bare.get(&id);
        plain.get(&id);
    }
    for _ in 0..GET_CALLS {
        ours.push(time(|| {
            client.spaces().get(id.as_str()).unwrap();
        }));
        limit.push(time(|| {
            bare.get(&id);
        }));
        uncompressed.push(time(|| {
            plain.get(&id);
        }));
    }
    let (ours, limit, uncompressed) = (median(ours), median(limit), median(uncompressed));
    println!(
        "get by ID, median of {GET_CALLS}, both with Accept-Encoding: gzip: {:.1} µs \
         (bare loop {:.1} µs); ours/limit = {:.3}",
        micros(ours),
        micros(limit),
        ours.as_secs_f64() / limit.as_secs_f64()
    );
    println!(
        "  (the bare loop without compression: {:.1} µs)",
        micros(uncompressed)
    );
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

fn iterate_child(url: &str, key: &str) {
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

    fn get(&self, id: &str) -> Space {
        let encoded = percent_encoding::utf8_percent_encode(id, percent_encoding::NON_ALPHANUMERIC);
        let body = self
            .request(format!("{}/v2/spaces/{encoded}", self.url))
            .call()
            .unwrap()
            .body_mut()
            .read_to_vec()
            .unwrap();
        serde_json::from_slice(&body).unwrap()
    }
}

fn time(f: impl FnOnce()) -> Duration {
    let start = Instant::now();
    f();
    start.elapsed()
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into())
}
