//! Certificate verification is on by default, and an extra root certificate
//! makes a private CA trusted. The server is a rustls server on 127.0.0.1
//! with a certificate from a test CA made for each test: no key material is
//! kept in the repository or shipped in the package.

use std::{
    io::{BufRead, BufReader, Write},
    net::TcpListener,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    thread,
};

use crate::{
    common::*,
    raw::{GUARD, within},
};
use arize::{Client, Error};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, KeyUsagePurpose};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A fresh test CA (its certificate in PEM form) and a certificate it
/// issued for `localhost` and `127.0.0.1`, with that certificate's key.
fn test_pki() -> (String, CertificateDer<'static>, PrivateKeyDer<'static>) {
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "arize tests CA");
    ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    let ca_key = KeyPair::generate().unwrap();
    let ca_pem = ca.self_signed(&ca_key).unwrap().pem();
    let issuer = Issuer::new(ca, ca_key);

    let mut server = CertificateParams::new(["localhost".into(), "127.0.0.1".into()]).unwrap();
    server
        .distinguished_name
        .push(DnType::CommonName, "localhost");
    let server_key = KeyPair::generate().unwrap();
    let server_cert = server.signed_by(&server_key, &issuer).unwrap();
    let key = PrivatePkcs8KeyDer::from(server_key.serialize_der()).into();
    (ca_pem, server_cert.der().clone(), key)
}

/// An HTTPS server answering every request with one space, and the PEM of
/// the CA that issued its certificate; counts the HTTP requests that got
/// through the handshake.
pub fn https_server() -> (String, String, Arc<AtomicUsize>) {
    let (ca, cert, key) = test_pki();
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
    (url, ca, requests)
}

#[test]
fn an_untrusted_certificate_is_refused_before_the_key_is_sent() {
    within(GUARD, || {
        let (url, _, requests) = https_server();
        let client = client_without_retries(&url);
        let error = client.spaces().get(ID_1).unwrap_err();
        assert!(
            matches!(&error, Error::Transport(t) if !t.is_connect() && t.attempts() == 1),
            "{error:?}"
        );
        assert!(
            error.to_string().to_lowercase().contains("certificate"),
            "{error}"
        );
        assert_eq!(
            requests.load(Ordering::SeqCst),
            0,
            "no request crossed the handshake"
        );
    });
}

#[test]
fn an_extra_root_certificate_makes_a_private_ca_trusted() {
    within(GUARD, || {
        let (url, ca, requests) = https_server();
        let client = Client::builder()
            .api_key(KEY)
            .base_url(&url)
            .add_root_certificates_pem(ca)
            .build()
            .unwrap();
        let space = client.spaces().get(ID_1).unwrap();
        assert_eq!(space.name, "over-tls");
        assert_eq!(requests.load(Ordering::SeqCst), 1);
    });
}

#[test]
fn a_failed_handshake_is_neither_retried_nor_called_a_lost_connection() {
    within(GUARD, || {
        let (url, _, requests) = https_server();
        let client = no_wait_client(&url);
        let error = client.spaces().get(ID_1).unwrap_err();
        assert_eq!(requests.load(Ordering::SeqCst), 0);
        // The same certificate would be refused again.
        assert!(
            matches!(&error, Error::Transport(t) if t.attempts() == 1),
            "{error:?}"
        );
        assert!(!error.to_string().starts_with("connection lost"), "{error}");
    });
}
