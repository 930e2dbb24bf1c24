//! A minimal HTTP responder for measuring the client rather than a server:
//! every answer is pre-rendered bytes looked up by the request target, so
//! serving costs a read of the request head, a hash lookup and a write.
//! Keep-alive, one thread per connection, nothing allocated per request.

use std::{
    collections::HashMap,
    io::{Read, Write},
    net::{TcpListener, TcpStream},
    sync::Arc,
    thread,
};

pub struct Responder {
    pub url: String,
}

impl Responder {
    /// Serves `bodies` (request target → JSON body) on 127.0.0.1.
    pub fn start(bodies: HashMap<String, Vec<u8>>) -> Responder {
        let answers: HashMap<String, Vec<u8>> = bodies
            .into_iter()
            .map(|(target, body)| (target, answer(&body)))
            .collect();
        let answers = Arc::new(answers);
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let answers = Arc::clone(&answers);
                thread::spawn(move || serve(stream, &answers));
            }
        });
        Responder { url }
    }
}

fn answer(body: &[u8]) -> Vec<u8> {
    let mut bytes = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

const NOT_FOUND: &[u8] = b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n";

/// Answers the requests of one connection until it closes. GET requests
/// carry no body, so a request ends at its blank line.
fn serve(mut stream: TcpStream, answers: &HashMap<String, Vec<u8>>) {
    stream.set_nodelay(true).unwrap();
    let mut buffer = vec![0u8; 16 * 1024];
    let mut filled = 0;
    loop {
        let end = loop {
            if let Some(end) = find(&buffer[..filled], b"\r\n\r\n") {
                break end + 4;
            }
            match stream.read(&mut buffer[filled..]) {
                Ok(0) | Err(_) => return,
                Ok(n) => filled += n,
            }
        };
        let head = &buffer[..end];
        let line_end = find(head, b"\r\n").unwrap_or(head.len());
        let target = head[..line_end]
            .split(|&b| b == b' ')
            .nth(1)
            .and_then(|t| std::str::from_utf8(t).ok())
            .unwrap_or("");
        let bytes = answers.get(target).map_or(NOT_FOUND, Vec::as_slice);
        if stream.write_all(bytes).is_err() {
            return;
        }
        buffer.copy_within(end..filled, 0);
        filled -= end;
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
