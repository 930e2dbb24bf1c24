//! A forward proxy on 127.0.0.1 for the proxy tests: HTTP `CONNECT` tunnels
//! (with optional Basic credentials) and SOCKS5, to 127.0.0.1 only. It
//! counts connections and records what it could read: each request line,
//! each `Proxy-Authorization`, and every byte clients sent it, tunnels
//! included.
//!
//! Everything is bounded: it accepts at most [`MAX_CONNECTIONS`], every
//! socket has read and write timeouts, a relay ends at the first error,
//! end of stream or idle timeout, and the tests run under `raw::within`.

use std::{
    io::{self, Read, Write},
    net::{Shutdown, SocketAddr, TcpListener, TcpStream},
    sync::{Arc, Mutex},
    thread,
    time::Duration,
};

use base64::Engine;

/// Connections accepted before the proxy stops listening.
const MAX_CONNECTIONS: usize = 32;
/// How long a socket may stay idle before the proxy drops it.
const IDLE: Duration = Duration::from_secs(5);

/// What the proxy does with a connection.
#[derive(Clone, Copy)]
pub enum Mode {
    /// Opens `CONNECT` tunnels, demanding these Basic credentials if any
    /// (407 otherwise).
    Tunnel(Option<(&'static str, &'static str)>),
    /// Answers every `CONNECT` with this status.
    Refuse(u16),
    /// Opens the tunnel, then answers the request inside it with 407, as a
    /// proxy forwarding plain HTTP answers.
    AuthInTunnel,
    /// A SOCKS5 proxy, demanding these credentials if any.
    Socks5(Option<(&'static str, &'static str)>),
}

/// What the proxy saw.
#[derive(Default, Debug, Clone)]
pub struct Seen {
    pub connections: usize,
    /// The request lines (`CONNECT 127.0.0.1:8080 HTTP/1.1`, or
    /// `SOCKS5 CONNECT 127.0.0.1:8080`), in order.
    pub requests: Vec<String>,
    /// The `Proxy-Authorization` of each request (`user:password` for
    /// SOCKS5), in order.
    pub authorizations: Vec<Option<String>>,
    /// Every byte clients sent, tunnels included.
    pub read: Vec<u8>,
}

impl Seen {
    /// Whether `text` appears in what clients sent.
    pub fn read_contains(&self, text: &str) -> bool {
        self.read
            .windows(text.len())
            .any(|window| window == text.as_bytes())
    }
}

pub struct TestProxy {
    pub addr: SocketAddr,
    seen: Arc<Mutex<Seen>>,
}

impl TestProxy {
    pub fn start(mode: Mode) -> TestProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Seen::default()));
        let shared = Arc::clone(&seen);
        thread::spawn(move || {
            for stream in listener.incoming().take(MAX_CONNECTIONS) {
                let Ok(stream) = stream else { return };
                shared.lock().unwrap().connections += 1;
                let seen = Arc::clone(&shared);
                thread::spawn(move || {
                    let _ = serve(stream, mode, &seen);
                });
            }
        });
        TestProxy { addr, seen }
    }

    /// `scheme://127.0.0.1:port`, with `userinfo@` if given.
    pub fn url(&self, scheme: &str, userinfo: Option<&str>) -> String {
        match userinfo {
            Some(userinfo) => format!("{scheme}://{userinfo}@{}", self.addr),
            None => format!("{scheme}://{}", self.addr),
        }
    }

    pub fn seen(&self) -> Seen {
        self.seen.lock().unwrap().clone()
    }
}

/// The address a port on 127.0.0.1 where nothing listens.
pub fn dead_address() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap()
}

/// `Basic <base64 of user:password>`.
pub fn basic(user: &str, password: &str) -> String {
    let credential = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {credential}")
}

fn serve(mut client: TcpStream, mode: Mode, seen: &Mutex<Seen>) -> io::Result<()> {
    client.set_read_timeout(Some(IDLE))?;
    client.set_write_timeout(Some(IDLE))?;
    if let Mode::Socks5(credentials) = mode {
        return serve_socks5(client, credentials, seen);
    }
    let head = read_head(&mut client, seen)?;
    let line = head.lines().next().unwrap_or_default().to_owned();
    let authorization = head.lines().find_map(|l| {
        let (name, value) = l.split_once(':')?;
        name.eq_ignore_ascii_case("proxy-authorization")
            .then(|| value.trim().to_owned())
    });
    {
        let mut seen = seen.lock().unwrap();
        seen.requests.push(line.clone());
        seen.authorizations.push(authorization.clone());
    }
    let Some(target) = line
        .strip_prefix("CONNECT ")
        .and_then(|rest| rest.strip_suffix(" HTTP/1.1"))
    else {
        return answer(&mut client, "400 Bad Request", "");
    };
    match mode {
        Mode::Refuse(status) => {
            let reason = ureq::http::StatusCode::from_u16(status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("");
            answer(&mut client, &format!("{status} {reason}"), "")
        }
        Mode::Tunnel(Some((user, password)))
            if authorization.as_deref() != Some(basic(user, password).as_str()) =>
        {
            answer(
                &mut client,
                "407 Proxy Authentication Required",
                "Proxy-Authenticate: Basic realm=\"test\"\r\n",
            )
        }
        _ => {
            let Some(mut upstream) = connect_local(target) else {
                return answer(&mut client, "403 Forbidden", "");
            };
            client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")?;
            if let Mode::AuthInTunnel = mode {
                read_head(&mut client, seen)?;
                return answer(
                    &mut client,
                    "407 Proxy Authentication Required",
                    "Proxy-Authenticate: Basic realm=\"test\"\r\n",
                );
            }
            relay(client, &mut upstream, seen)
        }
    }
}

/// A SOCKS5 handshake (RFC 1928, with RFC 1929 credentials), then the relay.
fn serve_socks5(
    mut client: TcpStream,
    credentials: Option<(&str, &str)>,
    seen: &Mutex<Seen>,
) -> io::Result<()> {
    let greeting = read_exact(&mut client, 2, seen)?;
    let methods = read_exact(&mut client, usize::from(greeting[1]), seen)?;
    let mut authorization = None;
    if let Some((user, password)) = credentials {
        if !methods.contains(&2) {
            return client.write_all(&[5, 0xff]);
        }
        client.write_all(&[5, 2])?;
        let version_and_length = read_exact(&mut client, 2, seen)?;
        let given_user = read_exact(&mut client, usize::from(version_and_length[1]), seen)?;
        let length = read_exact(&mut client, 1, seen)?;
        let given_password = read_exact(&mut client, usize::from(length[0]), seen)?;
        let given = format!(
            "{}:{}",
            String::from_utf8_lossy(&given_user),
            String::from_utf8_lossy(&given_password)
        );
        let accepted = given == format!("{user}:{password}");
        authorization = Some(given);
        if !accepted {
            seen.lock().unwrap().authorizations.push(authorization);
            return client.write_all(&[1, 1]);
        }
        client.write_all(&[1, 0])?;
    } else {
        client.write_all(&[5, 0])?;
    }
    let request = read_exact(&mut client, 4, seen)?;
    let host = match request[3] {
        1 => {
            let ip = read_exact(&mut client, 4, seen)?;
            format!("{}.{}.{}.{}", ip[0], ip[1], ip[2], ip[3])
        }
        3 => {
            let length = read_exact(&mut client, 1, seen)?;
            String::from_utf8_lossy(&read_exact(&mut client, usize::from(length[0]), seen)?)
                .into_owned()
        }
        _ => return client.write_all(&[5, 8, 0, 1, 0, 0, 0, 0, 0, 0]),
    };
    let port = read_exact(&mut client, 2, seen)?;
    let target = format!("{host}:{}", u16::from_be_bytes([port[0], port[1]]));
    {
        let mut seen = seen.lock().unwrap();
        seen.requests.push(format!("SOCKS5 CONNECT {target}"));
        seen.authorizations.push(authorization);
    }
    let Some(mut upstream) = connect_local(&target) else {
        return client.write_all(&[5, 2, 0, 1, 0, 0, 0, 0, 0, 0]);
    };
    client.write_all(&[5, 0, 0, 1, 127, 0, 0, 1, port[0], port[1]])?;
    relay(client, &mut upstream, seen)
}

/// A connection to `host:port` if the host is 127.0.0.1 or localhost:
/// nothing leaves the machine.
fn connect_local(target: &str) -> Option<TcpStream> {
    let (host, port) = target.rsplit_once(':')?;
    if host != "127.0.0.1" && host != "localhost" {
        return None;
    }
    let upstream = TcpStream::connect(("127.0.0.1", port.parse().ok()?)).ok()?;
    upstream.set_read_timeout(Some(IDLE)).ok()?;
    upstream.set_write_timeout(Some(IDLE)).ok()?;
    Some(upstream)
}

/// Copies both ways until either side ends, records what the client sent.
fn relay(mut client: TcpStream, upstream: &mut TcpStream, seen: &Mutex<Seen>) -> io::Result<()> {
    let mut from_upstream = upstream.try_clone()?;
    let mut to_client = client.try_clone()?;
    let back = thread::spawn(move || {
        let _ = io::copy(&mut from_upstream, &mut to_client);
        let _ = to_client.shutdown(Shutdown::Both);
    });
    let mut buffer = [0; 8192];
    loop {
        match client.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                seen.lock().unwrap().read.extend_from_slice(&buffer[..n]);
                if upstream.write_all(&buffer[..n]).is_err() {
                    break;
                }
            }
        }
    }
    let _ = upstream.shutdown(Shutdown::Both);
    let _ = back.join();
    Ok(())
}

/// Reads a request head, up to its blank line (at most 16 KiB).
fn read_head(stream: &mut TcpStream, seen: &Mutex<Seen>) -> io::Result<String> {
    let mut head = Vec::new();
    let mut byte = [0];
    while !head.ends_with(b"\r\n\r\n") {
        if head.len() > 16 * 1024 || stream.read(&mut byte)? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        head.push(byte[0]);
    }
    seen.lock().unwrap().read.extend_from_slice(&head);
    Ok(String::from_utf8_lossy(&head).into_owned())
}

fn read_exact(stream: &mut TcpStream, n: usize, seen: &Mutex<Seen>) -> io::Result<Vec<u8>> {
    let mut buffer = vec![0; n];
    stream.read_exact(&mut buffer)?;
    seen.lock().unwrap().read.extend_from_slice(&buffer);
    Ok(buffer)
}

/// Writes a response with an empty body and closes the connection.
fn answer(stream: &mut TcpStream, status: &str, headers: &str) -> io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\n{headers}Content-Length: 0\r\nConnection: close\r\n\r\n"
    )?;
    stream.flush()
}
