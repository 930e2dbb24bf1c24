//! The proxy variables of the real process environment: only
//! `Client::from_env` reads them, and ureq's own reading of them (its
//! default configuration does) never takes effect.
//!
//! A separate test target because it needs a process of its own: the
//! process re-runs itself as a child with the variables set, rather than
//! changing the environment of a process whose threads read it. Everything
//! runs on 127.0.0.1, and every wait is bounded.

use std::{
    io::{Read, Write},
    net::{SocketAddr, TcpListener},
    process::Command,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    thread,
    time::{Duration, Instant},
};

const CHILD: &str = "ARIZE_PROXY_ENV_CHILD";
const SPACE: &str = r#"{"id": "U3BhY2U6MTpmb28=", "name": "direct", "description": "",
    "created_at": "2026-01-02T03:04:05Z", "is_private": false}"#;

fn main() {
    if std::env::var_os(CHILD).is_some() {
        return child();
    }
    let target = serve(|mut stream| {
        let mut head = Vec::new();
        let mut byte = [0];
        while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
            head.push(byte[0]);
        }
        let _ = write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{SPACE}",
            SPACE.len()
        );
    });
    // A proxy that counts connections and closes them at once.
    let proxy = serve(drop);
    let proxy_url = format!("http://{}", proxy.0);
    let mut child = Command::new(std::env::current_exe().expect("the test binary"));
    child
        .env(CHILD, "1")
        .env("ARIZE_API_KEY", "ak-test-key")
        .env("ARIZE_BASE_URL", format!("http://{}", target.0))
        .env_remove("ARIZE_PROXY_URL")
        .env_remove("NO_PROXY")
        .env_remove("no_proxy");
    for name in [
        "HTTP_PROXY",
        "http_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        child.env(name, &proxy_url);
    }
    let mut child = child.spawn().expect("the test binary runs");
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child can be waited for") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("the child did not finish within 60 s");
        }
        thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "the child failed: {status}");
    assert_eq!(target.1.load(Ordering::SeqCst), 1, "one direct call");
    assert_eq!(
        proxy.1.load(Ordering::SeqCst),
        1,
        "only the from_env client went to the proxy"
    );
    println!("proxy_env: ok");
}

/// With every proxy variable set to the counting proxy.
fn child() {
    // A client built in code connects directly, whatever the environment.
    let base_url = std::env::var("ARIZE_BASE_URL").unwrap();
    let direct = arize::Client::builder()
        .api_key("ak-test-key")
        .base_url(&base_url)
        .max_attempts(1)
        .build()
        .unwrap();
    assert_eq!(direct.proxy(), None);
    let space = direct.spaces().get("U3BhY2U6MTpmb28=").unwrap();
    assert_eq!(space.name, "direct");

    // `from_env` goes through the proxy of the environment.
    let proxied = arize::ClientBuilder::from_env()
        .max_attempts(1)
        .build()
        .unwrap();
    let proxy = std::env::var("HTTP_PROXY").unwrap();
    assert_eq!(proxied.proxy(), Some(proxy.as_str()));
    let error = proxied.spaces().get("U3BhY2U6MTpmb28=").unwrap_err();
    let arize::Error::Transport(transport) = &error else {
        panic!("expected a transport error, got {error:?}");
    };
    assert_eq!(transport.proxy(), Some(proxy.as_str()), "{error}");
    assert!(transport.is_connect(), "{error}");
    // The proxy was chosen from the lowercase name, for an http base URL.
    assert!(error.to_string().contains("(http_proxy)"), "{error}");
}

/// A server on 127.0.0.1 handling at most 8 connections with `handle`,
/// and its count of connections.
fn serve(handle: impl Fn(std::net::TcpStream) + Send + 'static) -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&count);
    thread::spawn(move || {
        for stream in listener.incoming().take(8) {
            let Ok(stream) = stream else { return };
            counted.fetch_add(1, Ordering::SeqCst);
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            handle(stream);
        }
    });
    (addr, count)
}
