//! What [`ClientBuilder::build`](super::ClientBuilder::build) checks of each
//! setting, and what the settings become: the TLS configuration and the
//! chain of connectors.

use std::sync::Arc;

use rustls::crypto::CryptoProvider;
use ureq::{
    tls::{Certificate, PemItem, RootCerts, TlsConfig},
    unversioned::transport::{
        ConnectProxyConnector, Connector, RustlsConnector, SocksConnector, TcpConnector,
    },
};

use super::KNOWN_REGIONS;
use crate::{Error, Result, proxy::MarkProxy, steady::SteadyTimeouts};

/// ureq's default chain of connectors (a SOCKS proxy, a CONNECT tunnel,
/// else TCP; then TLS for `https`) with the proxy steps marked, so that
/// their failures are reported as the proxy's, and the socket's timeouts
/// steadied (see [`crate::steady`]).
///
/// # Design
///
/// Built here rather than taken from `DefaultConnector` so that the proxy
/// steps can be wrapped; the test connector and the warnings for a missing
/// TLS provider or SOCKS feature of the default chain do not apply (rustls
/// and SOCKS are always built in).
pub(super) fn connector(steady: SteadyTimeouts) -> impl Connector {
    ().chain(MarkProxy(SocksConnector::default()))
        .chain(MarkProxy(ConnectProxyConnector::default()))
        .chain(TcpConnector::default())
        .chain(steady)
        .chain(RustlsConnector::default())
}

/// Rejects keys that would break or smuggle headers. The message never
/// repeats the key.
pub(super) fn check_api_key(key: &str) -> Result<()> {
    if key.is_empty() {
        return Err(Error::Config("the API key is empty".into()));
    }
    if let Some(bad) = key.chars().find(|c| !c.is_ascii_graphic()) {
        let what = if bad.is_control() {
            "a control character (a newline left by reading a file?)"
        } else if bad == ' ' {
            "a space"
        } else {
            "a non-ASCII character"
        };
        return Err(Error::Config(format!(
            "the API key contains {what}; API keys are printable ASCII"
        )));
    }
    Ok(())
}

pub(super) fn check_base_url(url: &str) -> Result<String> {
    let bad = |why: &str| Err(Error::Config(format!("base URL {url:?} {why}")));
    let Some((scheme, rest)) = url.split_once("://") else {
        return bad("has no scheme; expected http://… or https://…");
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return bad("is not http or https");
    }
    if url.contains(['?', '#']) {
        return bad("has a query or fragment; give only scheme, host, port and path");
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return bad("contains whitespace");
    }
    let authority = rest.split('/').next().unwrap_or("");
    if authority.contains('@') {
        // Not quoted: the URL holds a secret.
        return Err(Error::Config(
            "the base URL contains credentials (user:password@); pass the API key with \
             api_key() instead"
                .into(),
        ));
    }
    if authority.is_empty() {
        return bad("has no host");
    }
    if let Some(port) = port(authority)
        && !port.parse::<u16>().is_ok_and(|port| port > 0)
    {
        return bad("has a port outside 1 to 65535");
    }
    if ureq::http::Uri::try_from(url).is_err() {
        return bad("is not a valid URL");
    }
    Ok(url.trim_end_matches('/').to_owned())
}

pub(super) fn region_url(region: &str) -> Result<String> {
    if !KNOWN_REGIONS.contains(&region) {
        return Err(Error::Config(format!(
            "region {region:?} is not a known region ({}); for another endpoint, give its URL \
             instead (ClientBuilder::base_url or ARIZE_BASE_URL)",
            KNOWN_REGIONS.join(", ")
        )));
    }
    Ok(format!("https://api.{region}.arize.com"))
}

/// The port of a URL's authority (`host:port`, `[v6]:port`), if it has one.
fn port(authority: &str) -> Option<&str> {
    let after_host = match authority.strip_prefix('[') {
        Some(v6) => v6.split_once(']').map_or("", |(_, rest)| rest),
        None => authority,
    };
    after_host.rsplit_once(':').map(|(_, port)| port)
}

/// The TLS settings: the Mozilla root certificates and any extra roots, and
/// the crypto provider.
///
/// # Design
///
/// The Mozilla roots come from `webpki-root-certs` alone, as certificates,
/// since ureq takes extra roots only as certificates and they must add to
/// the Mozilla roots, not replace them. ureq's `rustls` feature would link a
/// second store (`webpki-roots`) and pick ring itself; with
/// `rustls-no-provider` the provider is passed here: ring, unless the
/// application installed a process-wide default, which ureq then uses.
pub(super) fn tls_config(pems: &[Vec<u8>]) -> Result<TlsConfig> {
    let mut roots: Vec<Certificate<'static>> = webpki_root_certs::TLS_SERVER_ROOT_CERTS
        .iter()
        .map(|der| Certificate::from_der(der.as_ref()))
        .collect();
    for pem in pems {
        let before = roots.len();
        for item in ureq::tls::parse_pem(pem) {
            match item {
                Ok(PemItem::Certificate(cert)) => roots.push(cert),
                Ok(_) => {}
                Err(e) => {
                    return Err(Error::Config(format!(
                        "cannot read a PEM root certificate: {e}"
                    )));
                }
            }
        }
        if roots.len() == before {
            return Err(Error::Config(
                "add_root_certificates_pem was given no PEM certificate".into(),
            ));
        }
    }
    let mut tls = TlsConfig::builder().root_certs(RootCerts::Specific(Arc::new(roots)));
    if CryptoProvider::get_default().is_none() {
        tls = tls
            .unversioned_rustls_crypto_provider(Arc::new(rustls::crypto::ring::default_provider()));
    }
    Ok(tls.build())
}
