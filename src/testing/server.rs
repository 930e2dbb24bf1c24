//! The socket clients connect to: a small HTTP/1.1 server, a thread per
//! connection, so that concurrent requests are served, and wait out their
//! latency, at the same time, as over a network.
//!
//! # Design
//!
//! The fake used to sit behind tiny_http, whose pool runs each kept-alive
//! connection as a task that lasts as long as the connection: when more
//! connections arrive at once than it has idle threads, the extra ones
//! queue behind connections that a client's pool keeps open, and their
//! requests wait until one closes (a 30 s timeout, in a test with eight
//! workers). Owning the sockets also lets the fake count connections and
//! the bytes it sends exactly, and close every connection when it is
//! dropped (tiny_http kept them open).

use std::{
    collections::HashMap,
    io::{BufRead, BufReader, ErrorKind, Read, Write},
    net::{Shutdown, SocketAddr, TcpListener, TcpStream},
    sync::{
        Arc, Condvar, Mutex, MutexGuard,
        atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering},
    },
    thread::{self, JoinHandle},
};

/// The most requests the fake serves at once, each waiting its latency on
/// a thread of its own: well above the largest default concurrency of a
/// bulk call (8). Beyond it, requests wait for one to finish.
pub const MAX_IN_FLIGHT: usize = 64;

/// The longest request head read.
const MAX_HEAD: usize = 64 * 1024;

/// One request, as read from the socket.
pub(super) struct Incoming {
    pub(super) method: String,
    /// The path and query, as sent.
    pub(super) url: String,
    pub(super) authorization: Option<String>,
    pub(super) accept_encoding: Option<String>,
    /// The body, or `None` when it was over `max_body`.
    pub(super) body: Option<Vec<u8>>,
}

/// What answers a request: the whole response, head and body.
pub(super) type Handler = dyn Fn(Incoming) -> Vec<u8> + Send + Sync;

/// How many requests are being served, and the most at once so far;
/// admits at most [`MAX_IN_FLIGHT`] at once.
#[derive(Debug, Default)]
pub(super) struct Load {
    counts: Mutex<(usize, usize)>,
    freed: Condvar,
}

impl Load {
    /// A request was received: waits for room, then counts it.
    pub(super) fn enter(&self) {
        let mut counts = lock(&self.counts);
        while counts.0 >= MAX_IN_FLIGHT {
            counts = self
                .freed
                .wait(counts)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
        counts.0 += 1;
        counts.1 = counts.1.max(counts.0);
    }

    /// A request's answer is ready. Counted before the answer is written,
    /// so that a client cannot read it and send its next request while this
    /// one is still counted: the count never exceeds the clients' own.
    pub(super) fn leave(&self) {
        lock(&self.counts).0 -= 1;
        self.freed.notify_one();
    }

    pub(super) fn max(&self) -> usize {
        lock(&self.counts).1
    }

    pub(super) fn reset_max(&self) {
        let mut counts = lock(&self.counts);
        counts.1 = counts.0;
    }
}

/// The listening socket and the connections it accepted.
pub(super) struct Server {
    addr: SocketAddr,
    accepted: Arc<AtomicUsize>,
    /// Bytes sent to clients: what went over the wire, heads included.
    sent: Arc<AtomicU64>,
    open: Arc<Mutex<HashMap<usize, TcpStream>>>,
    stopped: Arc<AtomicBool>,
    /// The accept loop, joined on stop so that the listener is closed
    /// when the fake is gone.
    accepting: Mutex<Option<JoinHandle<()>>>,
}

impl Server {
    /// Listens on 127.0.0.1, answering each request with `handler`;
    /// bodies over `max_body` bytes are not kept.
    pub(super) fn start(handler: Arc<Handler>, max_body: u64) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let server = Server {
            addr: listener.local_addr().expect("a bound address"),
            accepted: Arc::default(),
            sent: Arc::default(),
            open: Arc::default(),
            stopped: Arc::default(),
            accepting: Mutex::new(None),
        };
        let (accepted, sent, open, stopped) = (
            server.accepted.clone(),
            server.sent.clone(),
            server.open.clone(),
            server.stopped.clone(),
        );
        let accepting = thread::spawn(move || {
            for (n, client) in listener.incoming().enumerate() {
                if stopped.load(Ordering::SeqCst) {
                    return; // dropping the listener refuses new connections
                }
                let Ok(client) = client else { continue };
                accepted.fetch_add(1, Ordering::SeqCst);
                let _ = client.set_nodelay(true);
                let Ok(clone) = client.try_clone() else {
                    continue;
                };
                lock(&open).insert(n, clone);
                let (open, sent, handler) = (open.clone(), sent.clone(), handler.clone());
                thread::spawn(move || {
                    serve_connection(client, &*handler, &sent, max_body);
                    lock(&open).remove(&n);
                });
            }
        });
        *lock(&server.accepting) = Some(accepting);
        server
    }

    pub(super) fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many connections were accepted so far.
    pub(super) fn accepted(&self) -> usize {
        self.accepted.load(Ordering::SeqCst)
    }

    /// How many bytes were sent to clients so far.
    pub(super) fn sent(&self) -> u64 {
        self.sent.load(Ordering::SeqCst)
    }

    /// Refuses new connections and closes the open ones.
    pub(super) fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag and closes; wait
        // for it only if the wake-up arrived, so that a stop cannot hang.
        let woken = TcpStream::connect(self.addr).is_ok();
        if let Some(accepting) = lock(&self.accepting).take()
            && woken
        {
            let _ = accepting.join();
        }
        for (_, stream) in lock(&self.open).drain() {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

/// Answers the requests of one connection until it closes, or until a
/// request that does not keep it open (HTTP/1.0, `Connection: close`, a
/// body refused for its size, a malformed request).
fn serve_connection(stream: TcpStream, handler: &Handler, sent: &AtomicU64, max_body: u64) {
    let Ok(reading) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::with_capacity(16 * 1024, reading);
    let mut writer = stream;
    while let Some(head) = read_head(&mut reader) {
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut parsed = httparse::Request::new(&mut headers);
        let (answer, keep_alive) = match parsed.parse(&head) {
            Ok(httparse::Status::Complete(_)) => {
                let header = |name: &str| {
                    parsed
                        .headers
                        .iter()
                        .find(|h| h.name.eq_ignore_ascii_case(name))
                        .map(|h| String::from_utf8_lossy(h.value).into_owned())
                };
                let length: u64 = header("content-length")
                    .and_then(|l| l.trim().parse().ok())
                    .unwrap_or(0);
                let close = header("connection").is_some_and(|c| c.eq_ignore_ascii_case("close"));
                let keep_alive = parsed.version == Some(1) && !close;
                let body = if length > max_body {
                    None
                } else {
                    let mut body = vec![0; length as usize];
                    if reader.read_exact(&mut body).is_err() {
                        return;
                    }
                    Some(body)
                };
                let too_large = body.is_none();
                let incoming = Incoming {
                    method: parsed.method.unwrap_or_default().to_owned(),
                    url: parsed.path.unwrap_or_default().to_owned(),
                    authorization: header("authorization"),
                    accept_encoding: header("accept-encoding"),
                    body,
                };
                // A body left unread would be read as the next request.
                (handler(incoming), keep_alive && !too_large)
            }
            _ => (bad_request(), false),
        };
        sent.fetch_add(answer.len() as u64, Ordering::SeqCst);
        if writer
            .write_all(&answer)
            .and_then(|()| writer.flush())
            .is_err()
            || !keep_alive
        {
            break;
        }
    }
    let _ = writer.shutdown(Shutdown::Write);
}

/// The next request's head, up to its blank line, or `None` when the
/// connection closed (or sent a head over [`MAX_HEAD`]).
fn read_head(reader: &mut BufReader<TcpStream>) -> Option<Vec<u8>> {
    let mut head = Vec::new();
    loop {
        let before = head.len();
        match reader.read_until(b'\n', &mut head) {
            Ok(0) => return None,
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => return None,
        }
        let line = &head[before..];
        // Blank lines before a request are ignored (RFC 9112, 2.2).
        if line == b"\r\n" || line == b"\n" {
            if before == 0 {
                head.clear();
                continue;
            }
            return Some(head);
        }
        if head.len() > MAX_HEAD {
            return None;
        }
    }
}

fn bad_request() -> Vec<u8> {
    b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec()
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
