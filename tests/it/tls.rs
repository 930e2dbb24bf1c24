//! Certificate verification is on by default, and an extra root certificate
//! makes a private CA trusted. The server is a rustls server on 127.0.0.1
//! with a certificate from `tests/fixtures` (a test CA valid until 2126).

use std::{
    io::{BufRead, BufReader, Write},
    net::TcpListener,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    thread,
};

use crate::common::*;
use arize::{Client, Error};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, pem::PemObject};

const CA: &str = include_str!("fixtures/ca.pem");

/// An HTTPS server answering every request with one space; counts the HTTP
/// requests that got through the handshake.
fn https_server() -> (String, Arc<AtomicUsize>) {
    let cert = CertificateDer::from_pem_slice(include_bytes!("fixtures/server.pem")).unwrap();
    let key = PrivateKeyDer::from_pem_slice(include_bytes!("fixtures/server.key")).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert], key)
        .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    let requests = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&requests);
    thread::spawn(move || {
        for tcp in listener.incoming() {
            let (config, seen) = (Arc::clone(&config), Arc::clone(&seen));
            thread::spawn(move || {
                let connection = rustls::ServerConnection::new(config).unwrap();
                let mut tls = rustls::StreamOwned::new(connection, tcp.unwrap());
                let mut reader = BufReader::new(&mut tls);
                let mut line = String::new();
                // The handshake happens on the first read; a client that
                // rejects the certificate never gets here.
                while reader.read_line(&mut line).unwrap_or(0) > 0 && line != "\r\n" {
                    line.clear();
                }
                if line != "\r\n" {
                    return;
                }
                seen.fetch_add(1, Ordering::SeqCst);
                let body = space(ID_1, "over-tls").to_string();
                let response = format!(
                    "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = tls.write_all(response.as_bytes());
                let _ = tls.flush();
            });
        }
    });
    (url, requests)
}

#[test]
fn an_untrusted_certificate_is_refused_before_the_key_is_sent() {
    let (url, requests) = https_server();
    let client = client_without_retries(&url);
    let error = client.spaces().get(ID_1).unwrap_err();
    assert!(matches!(error, Error::Transport(_)), "{error:?}");
    assert!(
        error.to_string().to_lowercase().contains("certificate"),
        "{error}"
    );
    assert_eq!(
        requests.load(Ordering::SeqCst),
        0,
        "no request crossed the handshake"
    );
}

#[test]
fn an_extra_root_certificate_makes_a_private_ca_trusted() {
    let (url, requests) = https_server();
    let client = Client::builder()
        .api_key(KEY)
        .base_url(&url)
        .add_root_certificates_pem(CA)
        .build()
        .unwrap();
    let space = client.spaces().get(ID_1).unwrap();
    assert_eq!(space.name, "over-tls");
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}
