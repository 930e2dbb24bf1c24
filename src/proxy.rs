//! Which proxy a client goes through: set in code, or read from the
//! environment and matched against `NO_PROXY`; the proxy URL and its
//! credentials; and how the proxy's failures are told from the server's.
//!
//! # Design
//!
//! The crate, not ureq, decides: the agent is always given its proxy
//! explicitly (`None` to connect directly), so ureq's own reading of the
//! environment (its `Config::default()` reads `ALL_PROXY`, `HTTPS_PROXY`,
//! `HTTP_PROXY` and `NO_PROXY`) never takes effect, and a change of its
//! defaults cannot change where requests go. A client talks to one host, so
//! `NO_PROXY` is matched once, when it is built, against the base URL's
//! host; ureq's own `NO_PROXY` rules (exact names only, no ports or ranges)
//! are never used, since the proxies given to it carry no `NO_PROXY` list.

use std::{fmt, io, net::IpAddr};

use base64::Engine;
use ureq::{
    http::Uri,
    unversioned::transport::{ConnectionDetails, Connector, Transport},
};

use crate::{error::reason, secret::REDACTED};

/// The proxy setting of a builder, resolved by [`select`] when it builds.
#[derive(Clone, Default)]
pub(crate) enum ProxySetting {
    /// Connect directly: [`Client::builder()`](crate::Client::builder)'s default, and `no_proxy()`.
    #[default]
    Off,
    /// A proxy URL set in code, used whatever the environment says.
    Url(String),
    /// The proxy variables of the environment.
    Env(EnvProxy),
}

impl fmt::Debug for ProxySetting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProxySetting::Off => f.write_str("Off"),
            ProxySetting::Url(url) => f.debug_tuple("Url").field(&redact_userinfo(url)).finish(),
            ProxySetting::Env(env) => {
                let names: Vec<&str> = env.vars().map(|var| var.name).collect();
                f.debug_tuple("Env").field(&names).finish()
            }
        }
    }
}

/// An environment variable that was set (and not empty).
#[derive(Clone)]
struct Var {
    name: &'static str,
    value: String,
}

/// The proxy variables of the environment, as read by `from_env`; which
/// applies depends on the base URL's scheme, known only at build time.
#[derive(Clone, Default)]
pub(crate) struct EnvProxy {
    arize: Option<Var>,
    https: Option<Var>,
    http: Option<Var>,
    all: Option<Var>,
    no_proxy: Option<Var>,
}

impl EnvProxy {
    /// Reads the variables through `var`. Of each pair the lowercase name
    /// is read first, as curl does; an empty value counts as unset.
    pub(crate) fn read(var: &dyn Fn(&str) -> Option<String>) -> EnvProxy {
        let first = |names: &[&'static str]| {
            names.iter().find_map(|&name| {
                let value = var(name)?;
                (!value.trim().is_empty()).then_some(Var { name, value })
            })
        };
        EnvProxy {
            arize: first(&["ARIZE_PROXY_URL"]),
            https: first(&["https_proxy", "HTTPS_PROXY"]),
            http: first(&["http_proxy", "HTTP_PROXY"]),
            all: first(&["all_proxy", "ALL_PROXY"]),
            no_proxy: first(&["no_proxy", "NO_PROXY"]),
        }
    }

    fn vars(&self) -> impl Iterator<Item = &Var> {
        [
            &self.arize,
            &self.https,
            &self.http,
            &self.all,
            &self.no_proxy,
        ]
        .into_iter()
        .flatten()
    }
}

/// The proxy a client goes through: ureq's setting, what errors say about
/// it, and the secrets its URL holds.
pub(crate) struct Proxy {
    pub(crate) ureq: ureq::Proxy,
    pub(crate) about: ProxyInfo,
    /// The password as written in the URL and as decoded, and the
    /// `Proxy-Authorization` credential: to be scrubbed like the API key.
    pub(crate) secrets: Vec<String>,
}

/// What errors and `Debug` say about the proxy; no credentials.
#[derive(Debug, Clone)]
pub(crate) struct ProxyInfo {
    /// `scheme://host:port`.
    pub(crate) address: String,
    /// Where it was set: the variable, or [`ClientBuilder::proxy`](crate::ClientBuilder::proxy).
    pub(crate) source: &'static str,
    /// Whether the URL carries credentials.
    pub(crate) credentials: bool,
    /// The `host:port` the tunnels go to (the base URL's).
    pub(crate) target: String,
}

/// The proxy to use for `base_url` (already checked), or `None` to connect
/// directly. Fails with the text of a configuration error naming where a
/// malformed proxy URL came from.
///
/// From the environment, the first set of: `ARIZE_PROXY_URL`; then
/// `https_proxy`/`HTTPS_PROXY` for an `https` base URL or
/// `http_proxy`/`HTTP_PROXY` for an `http` one; then
/// `all_proxy`/`ALL_PROXY`; unless `no_proxy`/`NO_PROXY` matches the base
/// URL's host (see [`no_proxy_matches`]). A proxy set in code is always
/// used.
pub(crate) fn select(setting: &ProxySetting, base_url: &str) -> Result<Option<Proxy>, String> {
    let target = Target::of(base_url)
        .ok_or_else(|| format!("base URL {base_url:?} has no host to connect to"))?;
    let (raw, source) = match setting {
        ProxySetting::Off => return Ok(None),
        ProxySetting::Url(url) => (url.as_str(), "ClientBuilder::proxy"),
        ProxySetting::Env(env) => {
            let by_scheme = if target.https { &env.https } else { &env.http };
            let Some(var) = env
                .arize
                .as_ref()
                .or(by_scheme.as_ref())
                .or(env.all.as_ref())
            else {
                return Ok(None);
            };
            if let Some(no_proxy) = &env.no_proxy
                && no_proxy_matches(&no_proxy.value, &target.host, target.port)
            {
                return Ok(None);
            }
            (var.value.as_str(), var.name)
        }
    };
    parse(raw, source, &target).map(Some)
}

/// The host (lowercase, without brackets or a final dot), port and scheme
/// of the base URL.
struct Target {
    host: String,
    port: u16,
    https: bool,
}

impl Target {
    fn of(base_url: &str) -> Option<Target> {
        let uri = Uri::try_from(base_url).ok()?;
        let https = uri.scheme_str()?.eq_ignore_ascii_case("https");
        Some(Target {
            host: normalize_host(uri.host()?),
            port: uri.port_u16().unwrap_or(if https { 443 } else { 80 }),
            https,
        })
    }
}

fn normalize_host(host: &str) -> String {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.trim_end_matches('.').to_ascii_lowercase()
}

/// Parses and checks a proxy URL: `http`, `https` (TLS to the proxy),
/// `socks4`, `socks4a`, `socks5` or `socks5h`, `http` when the scheme is
/// left out; a host, an optional port (80 for `http`, 443 for `https`,
/// 1080 for SOCKS) and optional percent-encoded credentials; no path or
/// query. Messages never show the credentials.
fn parse(raw: &str, source: &'static str, target: &Target) -> Result<Proxy, String> {
    let bad = |why: &str| {
        format!(
            "{source} is not a usable proxy URL ({:?}): {why}",
            redact_userinfo(raw)
        )
    };
    if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(bad("it contains whitespace"));
    }
    let (scheme, rest) = match raw.split_once("://") {
        Some((scheme, rest)) => (scheme.to_ascii_lowercase(), rest),
        None => ("http".to_owned(), raw),
    };
    let schemes = [
        "http", "https", "socks4", "socks4a", "socks5", "socks5h", "socks",
    ];
    if !schemes.contains(&scheme.as_str()) {
        return Err(bad(
            "the scheme must be http, https, socks4, socks4a, socks5 or socks5h",
        ));
    }
    let url = format!("{scheme}://{rest}");
    let uri = Uri::try_from(url.as_str()).map_err(|_| {
        bad(
            "it is not a valid URL (special characters in a user name or password must be \
             percent-encoded)",
        )
    })?;
    let Some(authority) = uri.authority().filter(|a| !a.host().is_empty()) else {
        return Err(bad("it has no host"));
    };
    // The `http` crate reads a bad port as no port at all.
    let host_port = authority.as_str().rsplit('@').next().unwrap_or_default();
    let port = match host_port.strip_prefix('[') {
        Some(v6) => v6.split_once("]:").map(|(_, port)| port),
        None => host_port.split_once(':').map(|(_, port)| port),
    };
    if port.is_some_and(|port| port.parse::<u16>().is_err()) {
        return Err(bad("its port is not a number from 0 to 65535"));
    }
    if uri.query().is_some() || !matches!(uri.path(), "" | "/") || rest.contains('#') {
        return Err(bad(
            "it has a path, query or fragment; give scheme://[user:password@]host[:port]",
        ));
    }
    let proxy = ureq::Proxy::new(&url)
        .map_err(|_| bad("its user name or password is not valid percent-encoded UTF-8"))?;
    let mut secrets = Vec::new();
    let credentials = proxy.username().is_some() || proxy.password().is_some();
    if credentials {
        let (user, password) = (
            proxy.username().unwrap_or_default(),
            proxy.password().unwrap_or_default(),
        );
        if let Some((userinfo, _)) = authority.as_str().rsplit_once('@') {
            // A user name alone is often a token: then it is the secret.
            let written = userinfo.split_once(':').map_or(userinfo, |(_, p)| p);
            secrets.push(written.to_owned());
        }
        secrets.push(if password.is_empty() { user } else { password }.to_owned());
        let credential =
            base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
        secrets.push(credential);
    }
    Ok(Proxy {
        about: ProxyInfo {
            address: format!(
                "{scheme}://{}:{}",
                proxy.host().to_ascii_lowercase(),
                proxy.port()
            ),
            source,
            credentials,
            target: format!("{}:{}", authority_host(&target.host), target.port),
        },
        ureq: proxy,
        secrets,
    })
}

/// A host as it goes before `:port`: an IPv6 address in brackets.
fn authority_host(host: &str) -> String {
    if host.contains(':') {
        format!("[{host}]")
    } else {
        host.to_owned()
    }
}

/// `url` with whatever precedes the last `@` of its authority (the user
/// name and password) replaced by `[REDACTED]`. For malformed URLs too, so
/// it may hide more than the credentials, never less.
pub(crate) fn redact_userinfo(url: &str) -> String {
    let start = url.find("://").map_or(0, |i| i + 3);
    match url[start..].rfind('@') {
        Some(at) => format!("{}{REDACTED}@{}", &url[..start], &url[start + at + 1..]),
        None => url.to_owned(),
    }
}

/// Whether a `NO_PROXY` list exempts `host` (normalized) on `port`.
///
/// The list is comma-separated, case-insensitive, spaces around entries
/// ignored. `*` alone matches every host. A name matches itself and its
/// subdomains, a leading `.` or `*.` being ignored (as curl does):
/// `arize.com`, `.arize.com` and `*.arize.com` all match `arize.com` and
/// `api.arize.com`, not `notarize.com`. An IP address matches that address,
/// a CIDR range (`10.0.0.0/8`, `fd00::/8`) the addresses in it, never a
/// host name. An entry may end in `:port` (`[::1]:8080` for IPv6), and then
/// matches that port only. Malformed entries match nothing.
pub(crate) fn no_proxy_matches(list: &str, host: &str, port: u16) -> bool {
    let ip: Option<IpAddr> = host.parse().ok();
    list.split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .any(|entry| entry_matches(entry, host, ip, port))
}

fn entry_matches(entry: &str, host: &str, ip: Option<IpAddr>, port: u16) -> bool {
    if entry == "*" {
        return true;
    }
    let Some((name, entry_port)) = split_port(entry) else {
        return false;
    };
    if entry_port.is_some_and(|p| p != port) {
        return false;
    }
    let name = normalize_host(name.trim_start_matches('*').trim_start_matches('.'));
    if name.is_empty() {
        return false;
    }
    if let Some((net, bits)) = name.split_once('/') {
        return match (net.parse::<IpAddr>(), bits.parse::<u8>(), ip) {
            (Ok(net), Ok(bits), Some(ip)) => in_range(ip, net, bits),
            _ => false,
        };
    }
    if let Ok(address) = name.parse::<IpAddr>() {
        return ip == Some(address);
    }
    ip.is_none()
        && (host == name
            || host
                .strip_suffix(name.as_str())
                .is_some_and(|rest| rest.ends_with('.')))
}

/// An entry's host and port: `host`, `host:port`, `[v6]`, `[v6]:port` or a
/// bare IPv6 address (several colons, no port). `None` for a bad port.
fn split_port(entry: &str) -> Option<(&str, Option<u16>)> {
    if let Some(rest) = entry.strip_prefix('[') {
        let (host, after) = rest.split_once(']')?;
        return match after.strip_prefix(':') {
            Some(port) => Some((host, Some(port.parse().ok()?))),
            None if after.is_empty() => Some((host, None)),
            None => None,
        };
    }
    match entry.split_once(':') {
        Some((host, port)) if !port.contains(':') => Some((host, Some(port.parse().ok()?))),
        _ => Some((entry, None)),
    }
}

/// Whether `ip` is in the range `net/bits` (of the same family).
fn in_range(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    let (ip, net, width) = match (ip, net) {
        (IpAddr::V4(ip), IpAddr::V4(net)) => (
            u128::from(u32::from(ip)) << 96,
            u128::from(u32::from(net)) << 96,
            32,
        ),
        (IpAddr::V6(ip), IpAddr::V6(net)) => (u128::from(ip), u128::from(net), 128),
        _ => return false,
    };
    if bits > width {
        return false;
    }
    let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
    ip & mask == net & mask
}

/// A failure of the proxy step of connecting, marked by [`MarkProxy`].
#[derive(Debug)]
pub(crate) struct ProxyFailed(ureq::Error);

impl fmt::Display for ProxyFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the proxy failed: {}", self.0)
    }
}

impl std::error::Error for ProxyFailed {}

/// Wraps the connectors that talk to the proxy (ureq's SOCKS handshake and
/// CONNECT tunnel, which also open the connection to the proxy), marking
/// their failures as the proxy's.
///
/// # Design
///
/// ureq reports a proxy refusing the tunnel as [`Error::ConnectProxyFailed`](crate::Error::ConnectProxyFailed),
/// but a proxy that is down as the same [`Error::Io`](crate::Error::Io) as a server that is
/// down, and SOCKS failures as plain [`Error::Io`](crate::Error::Io). Marked here, where the
/// stage is known (as `MarkUnresolved` marks lookups), they are reported
/// with the proxy's address and classified as connect failures: nothing
/// reached the server.
#[derive(Debug)]
pub(crate) struct MarkProxy<C>(pub(crate) C);

impl<In: Transport, C: Connector<In>> Connector<In> for MarkProxy<C> {
    type Out = C::Out;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        self.0
            .connect(details, chained)
            .map_err(|cause| ureq::Error::Io(io::Error::other(ProxyFailed(cause))))
    }
}

/// The proxy's own error, if `error` was marked by [`MarkProxy`]; the
/// error unchanged otherwise.
pub(crate) fn proxy_failure(error: ureq::Error) -> Result<ureq::Error, ureq::Error> {
    match error {
        ureq::Error::Io(e) if e.get_ref().is_some_and(|inner| inner.is::<ProxyFailed>()) => {
            let inner = e.into_inner().expect("checked above");
            Ok(inner.downcast::<ProxyFailed>().expect("checked above").0)
        }
        other => Err(other),
    }
}

impl ProxyInfo {
    /// What went wrong at the proxy, and what to check; `cause` is not a
    /// timeout (those name their stage and limit instead).
    pub(crate) fn describe(&self, cause: &ureq::Error) -> String {
        let ProxyInfo {
            address, target, ..
        } = self;
        match cause {
            ureq::Error::ConnectProxyFailed(why) => match refusal_status(why) {
                Some(407) => self.refused_credentials(&format!(
                    "the proxy {address} refused the tunnel (407 Proxy Authentication Required)"
                )),
                Some(status) => self.hint(
                    &format!(
                        "the proxy {address} refused the tunnel to {target} ({status} {})",
                        reason(status)
                    ),
                    &format!("check that the proxy allows and can reach {target}"),
                ),
                None => self.hint(
                    &format!("the proxy {address} did not open the tunnel ({why})"),
                    "check the proxy address",
                ),
            },
            ureq::Error::Io(e) if e.kind() == io::ErrorKind::PermissionDenied => self
                .refused_credentials(&format!(
                    "the proxy {address} refused the credentials ({e})"
                )),
            ureq::Error::Io(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::ConnectionRefused
                        | io::ErrorKind::HostUnreachable
                        | io::ErrorKind::NetworkUnreachable
                        | io::ErrorKind::NetworkDown
                        | io::ErrorKind::AddrNotAvailable
                ) =>
            {
                self.unreachable(e)
            }
            ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => self.unreachable(cause),
            // ureq's text for `Io` starts "io: ".
            ureq::Error::Io(e) => self.failed(e),
            other => self.failed(other),
        }
    }

    /// The proxy could not be reached: refused, unreachable, or its host
    /// name did not resolve.
    pub(crate) fn unreachable(&self, why: &dyn fmt::Display) -> String {
        self.hint(
            &format!("could not reach the proxy {} ({why})", self.address),
            "check the proxy address",
        )
    }

    fn failed(&self, why: &dyn fmt::Display) -> String {
        self.hint(
            &format!(
                "the proxy {} failed to open a connection to {} ({why})",
                self.address, self.target
            ),
            "check the proxy address",
        )
    }

    /// The proxy answered a request (tunnelled or forwarded) with 407.
    pub(crate) fn answered_407(&self) -> String {
        self.refused_credentials(&format!(
            "the proxy {} answered 407 Proxy Authentication Required",
            self.address
        ))
    }

    fn refused_credentials(&self, what: &str) -> String {
        if self.credentials {
            self.hint(what, "check the proxy credentials")
        } else {
            self.hint(
                what,
                "it needs credentials: give them in the proxy URL, \
                 http://user:password@host:port",
            )
        }
    }

    fn hint(&self, what: &str, check: &str) -> String {
        format!("{what}: {check} ({})", self.source)
    }
}

/// The status in ureq's `ConnectProxyFailed` text, "proxy server responded
/// 407/407".
fn refusal_status(why: &str) -> Option<u16> {
    let rest = why.strip_prefix("proxy server responded ")?;
    rest.split('/').next()?.parse().ok()
}

#[cfg(test)]
mod tests;
