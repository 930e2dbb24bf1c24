//! A raw TCP server on 127.0.0.1 for what mockito cannot do: stall, reset,
//! truncate, or speak something that is not HTTP; and [`within`], the guard
//! that every test talking to a raw socket, or to a server whose cursors
//! loop, runs under: a library that stops timing out, or stops detecting
//! the loop, fails the test instead of hanging the suite.

use std::{
    io,
    io::{BufRead, BufReader, Read, Write},
    net::{TcpListener, TcpStream},
    panic,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
        mpsc,
    },
    thread,
    time::Duration,
};

/// How long a guarded test may take. Every client timeout these tests set
/// is well under a second, so 10 s means a hang, not a slow machine.
pub const GUARD: Duration = Duration::from_secs(10);

/// Runs `body` on a thread of its own and returns what it returns, or fails
/// the test once `limit` has passed. A panic in `body` (a failed assertion)
/// is passed on as it is.
pub fn within<T: Send + 'static>(limit: Duration, body: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = mpsc::channel();
    let worker = thread::spawn(move || {
        // The receiver may be gone (timed out): nothing to tell then.
        let _ = done.send(body());
    });
    match result.recv_timeout(limit) {
        Ok(value) => value,
        // The body panicked: the sender was dropped without a value.
        Err(mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => panic::resume_unwind(panic),
            Ok(()) => unreachable!("the body returned without sending its value"),
        },
        Err(mpsc::RecvTimeoutError::Timeout) => {
            panic!("the test did not finish within {limit:?}: something hangs")
        }
    }
}

/// What to do with the connection after answering a request.
pub enum Then {
    KeepAlive,
    Close,
}

pub struct RawServer {
    pub url: String,
    connections: Arc<AtomicUsize>,
    requests: Arc<AtomicUsize>,
}

impl RawServer {
    /// Serves every connection in its own thread: each request read off it
    /// is handed to `script` with its number (0-based, across connections)
    /// and its text: the head (request line and headers, up to the blank
    /// line), then the body, if any (lossy UTF-8, chunks joined).
    pub fn start(
        script: impl Fn(usize, &str, &mut TcpStream) -> Then + Send + Sync + 'static,
    ) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let connections = Arc::new(AtomicUsize::new(0));
        let requests = Arc::new(AtomicUsize::new(0));
        let script = Arc::new(script);
        let (conns, reqs) = (Arc::clone(&connections), Arc::clone(&requests));
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                conns.fetch_add(1, Ordering::SeqCst);
                let (script, reqs) = (Arc::clone(&script), Arc::clone(&reqs));
                thread::spawn(move || {
                    while let Some(request) = read_request(&mut stream) {
                        let n = reqs.fetch_add(1, Ordering::SeqCst);
                        if let Then::Close = script(n, &request, &mut stream) {
                            return;
                        }
                    }
                });
            }
        });
        RawServer {
            url,
            connections,
            requests,
        }
    }

    /// A server that accepts connections and never reads or answers.
    pub fn silent() -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let connections = Arc::new(AtomicUsize::new(0));
        let conns = Arc::clone(&connections);
        thread::spawn(move || {
            let mut held = Vec::new();
            for stream in listener.incoming() {
                conns.fetch_add(1, Ordering::SeqCst);
                held.push(stream);
            }
        });
        RawServer {
            url,
            connections,
            requests: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// A server that writes `bytes` on every connection as soon as it is
    /// accepted, reads nothing, and holds the connection open.
    pub fn greeting(bytes: &'static [u8]) -> RawServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let connections = Arc::new(AtomicUsize::new(0));
        let conns = Arc::clone(&connections);
        thread::spawn(move || {
            let mut held = Vec::new();
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { return };
                conns.fetch_add(1, Ordering::SeqCst);
                write(&mut stream, bytes);
                held.push(stream);
            }
        });
        RawServer {
            url,
            connections,
            requests: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// TCP connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// Requests read so far.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// A listener that never accepts, whose backlog is full: the kernel drops
/// every new connection's SYN, so connecting times out instead of being
/// refused or completing. That is a server behind a firewall that drops
/// packets, on 127.0.0.1. Keep it alive for the length of the test.
pub struct Unaccepting {
    pub url: String,
    _listener: TcpListener,
    _queued: Vec<TcpStream>,
}

impl Unaccepting {
    pub fn start() -> Unaccepting {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        // Connect until the accept queue is full (std asks for a backlog of
        // 128; the kernel may cap it): the first attempt that times out
        // proves the next one will too.
        let mut queued = Vec::new();
        for _ in 0..1000 {
            match TcpStream::connect_timeout(&addr, Duration::from_millis(50)) {
                Ok(stream) => queued.push(stream),
                Err(e) if e.kind() == io::ErrorKind::TimedOut => {
                    return Unaccepting {
                        url: format!("http://{addr}"),
                        _listener: listener,
                        _queued: queued,
                    };
                }
                Err(e) => panic!("filling the backlog of {addr}: {e}"),
            }
        }
        panic!("the backlog of {addr} never filled");
    }
}

/// Reads one request: its head, then its `Content-Length` or chunked body
/// (lossy UTF-8, chunks joined); `None` at end of stream.
fn read_request(stream: &mut TcpStream) -> Option<String> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        head.push_str(&line);
        if line == "\r\n" {
            break;
        }
    }
    let header = |wanted: &str| {
        head.lines().find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case(wanted).then(|| value.trim())
        })
    };
    let length = header("content-length").and_then(|v| v.parse().ok());
    let mut body = vec![0; length.unwrap_or(0)];
    reader.read_exact(&mut body).ok()?;
    // Each chunk is its size in hex, then its bytes and CRLF; the last is
    // empty (a bodiless POST is sent as that one chunk).
    if header("transfer-encoding") == Some("chunked") {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).ok()?;
            let size = usize::from_str_radix(size.trim(), 16).ok()?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).ok()?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    }
    Some(head + &String::from_utf8_lossy(&body))
}

/// Writes a complete response with a `Content-Length`.
pub fn respond(stream: &mut TcpStream, status: &str, headers: &[(&str, &str)], body: &str) {
    let mut response = format!("HTTP/1.1 {status}\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    response.push_str(body);
    let _ = stream.write_all(response.as_bytes());
    let _ = stream.flush();
}

/// Writes raw bytes.
pub fn write(stream: &mut TcpStream, bytes: &[u8]) {
    let _ = stream.write_all(bytes);
    let _ = stream.flush();
}

/// Keeps the connection open without a word, long past any test timeout.
pub fn stall() {
    thread::sleep(Duration::from_secs(30));
}
