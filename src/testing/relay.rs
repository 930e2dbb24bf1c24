//! The socket clients connect to, in front of tiny_http.

use std::{
    collections::HashMap,
    io::{ErrorKind, Read, Write},
    net::{Shutdown, SocketAddr, TcpListener, TcpStream},
    sync::{
        Arc, Mutex, MutexGuard,
        atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering},
    },
    thread,
};

/// The socket clients connect to, relaying bytes to tiny_http's.
///
/// # Design
///
/// tiny_http keeps a kept-alive connection open after its `Server` is
/// dropped, and queues requests on it that nobody answers, so a client
/// holding a pooled connection would hang instead of seeing the server gone.
/// Relaying through sockets of our own lets the fake count connections and
/// the bytes it sends exactly, and close every connection when it is
/// dropped.
pub(super) struct Front {
    addr: SocketAddr,
    accepted: Arc<AtomicUsize>,
    /// Bytes relayed to clients: what went over the wire, heads included.
    sent: Arc<AtomicU64>,
    open: Arc<Mutex<HashMap<usize, TcpStream>>>,
    stopped: Arc<AtomicBool>,
}

impl Front {
    pub(super) fn start(backend: SocketAddr) -> Front {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let front = Front {
            addr: listener.local_addr().expect("a bound address"),
            accepted: Arc::default(),
            sent: Arc::default(),
            open: Arc::default(),
            stopped: Arc::default(),
        };
        let (accepted, sent, open, stopped) = (
            front.accepted.clone(),
            front.sent.clone(),
            front.open.clone(),
            front.stopped.clone(),
        );
        thread::spawn(move || {
            for (n, client) in listener.incoming().enumerate() {
                if stopped.load(Ordering::SeqCst) {
                    return; // dropping the listener refuses new connections
                }
                let Ok(client) = client else { continue };
                accepted.fetch_add(1, Ordering::SeqCst);
                let Ok(upstream) = TcpStream::connect(backend) else {
                    continue;
                };
                let _ = (client.set_nodelay(true), upstream.set_nodelay(true));
                if let Ok(clone) = client.try_clone() {
                    lock_map(&open).insert(n, clone);
                }
                let (Ok(client_in), Ok(upstream_in)) = (client.try_clone(), upstream.try_clone())
                else {
                    continue;
                };
                thread::spawn(move || relay(client_in, upstream, None));
                let (open, sent) = (open.clone(), sent.clone());
                thread::spawn(move || {
                    relay(upstream_in, client, Some(&sent));
                    lock_map(&open).remove(&n);
                });
            }
        });
        front
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

    pub(super) fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag and closes.
        let _ = TcpStream::connect(self.addr);
        for (_, stream) in lock_map(&self.open).drain() {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

/// Copies `from` to `to` until either closes, adding what it copies to
/// `count`.
fn relay(mut from: TcpStream, mut to: TcpStream, count: Option<&AtomicU64>) {
    let mut buffer = vec![0; 64 * 1024];
    loop {
        let n = match from.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(_) => break,
        };
        // Counted before writing: once the client has read an answer, its
        // bytes are in the count.
        if let Some(count) = count {
            count.fetch_add(n as u64, Ordering::SeqCst);
        }
        if to.write_all(&buffer[..n]).is_err() {
            break;
        }
    }
    let _ = to.shutdown(Shutdown::Write);
}

fn lock_map(map: &Mutex<HashMap<usize, TcpStream>>) -> MutexGuard<'_, HashMap<usize, TcpStream>> {
    map.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
