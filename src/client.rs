//! The [`Client`] and its [`ClientBuilder`]: API key, endpoint, timeouts,
//! retries and TLS.

use std::{fmt, sync::Arc, time::Duration};

use ureq::unversioned::resolver::{DefaultResolver, Resolver};

mod settings;

use self::settings::{check_api_key, check_base_url, connector, region_url, tls_config};
use crate::{
    ApiKeySecret, Error, Result,
    proxy::{EnvProxy, ProxySetting},
    retry::RetryPolicy,
    secret::{REDACTED, Secret},
    steady::SteadyTimeouts,
    transport::{MarkUnresolved, Sleeper, Transport, USER_AGENT},
};

/// The endpoint used when neither a base URL nor a region is configured.
pub const DEFAULT_BASE_URL: &str = "https://api.arize.com";

/// The regions with their own endpoint, `https://api.<region>.arize.com`.
pub const KNOWN_REGIONS: [&str; 4] = ["ca-central-1a", "eu-west-1a", "us-central-1a", "us-east-1b"];

/// A blocking client of the Arize AX REST API.
///
/// Build one with [`Client::from_env`], [`Client::new`] or
/// [`Client::builder`], then reach each resource's operations from it:
/// [`spaces`](Client::spaces), [`organizations`](Client::organizations),
/// [`users`](Client::users), [`roles`](Client::roles),
/// [`role_bindings`](Client::role_bindings),
/// [`resource_restrictions`](Client::resource_restrictions),
/// [`projects`](Client::projects), [`api_keys`](Client::api_keys) and
/// [`audit_logs`](Client::audit_logs).
///
/// [`Client`](crate::Client) is cheap to clone: clones share one connection pool and one
/// configuration, so clone it into threads rather than building one per
/// call. Its `Debug` output never shows the API key.
///
/// ```no_run
/// let client = arize::Client::from_env()?; // reads ARIZE_API_KEY
/// for space in client.spaces().list().items() {
///     println!("{}", space?.name);
/// }
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Clone)]
pub struct Client {
    transport: Arc<Transport>,
}

impl Client {
    /// A client for the default endpoint ([`DEFAULT_BASE_URL`]) with this API
    /// key and every other setting at its default.
    ///
    /// Fails with [`Error::Config`] if the key is empty or holds characters
    /// that cannot go in an HTTP header.
    pub fn new(api_key: impl Into<String>) -> Result<Client> {
        Client::builder().api_key(api_key).build()
    }

    /// A client configured from the environment; see
    /// [`ClientBuilder::from_env`] for the variables read.
    ///
    /// Fails with [`Error::Config`] if `ARIZE_API_KEY` is not set, or if a
    /// variable holds an unusable value.
    pub fn from_env() -> Result<Client> {
        ClientBuilder::from_env().build()
    }

    /// A builder with every setting at its default and no API key.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.transport.base_url
    }

    /// The proxy requests go through, as `scheme://host:port` without
    /// credentials, or `None` when they go directly. See
    /// [`ClientBuilder::proxy`].
    pub fn proxy(&self) -> Option<&str> {
        self.transport.proxy.as_ref().map(|p| p.address.as_str())
    }

    /// A client for the same endpoint, with the same settings and the same
    /// connection pool, that sends another API key: the key of a
    /// [rotation](crate::ApiKeys::rotate), a refreshed or new key
    /// ([`ApiKeySecret`]), or any key as text. This client is unchanged.
    /// Neither key is ever shown by the new client's errors, logs or
    /// `Debug`. A 401 of the new client says the key came from here.
    ///
    /// ```
    /// # #[cfg(feature = "testing")] {
    /// let fake = arize::testing::FakeServer::start();
    /// let client = fake.client();
    /// let key = client.api_keys().create("ci").send()?;
    /// let as_ci = client.with_api_key(&key.key)?;
    /// assert_eq!(as_ci.base_url(), client.base_url());
    /// as_ci.spaces().list().send()?; // authenticated with the new key
    /// # }
    /// # Ok::<(), arize::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for a key that cannot go in an HTTP header (empty,
    /// or with spaces or control characters).
    pub fn with_api_key(&self, api_key: impl Into<ApiKeySecret>) -> Result<Client> {
        let api_key = api_key.into();
        check_api_key(api_key.expose_secret())?;
        let this = &self.transport;
        let secret = this.secret.with_exposed(api_key.expose_secret());
        let transport = Transport {
            agent: this.agent.clone(),
            base_url: this.base_url.clone(),
            headers: crate::transport::headers(&secret).map_err(Error::Config)?,
            secret,
            key_source: "Client::with_api_key".to_owned(),
            proxy: this.proxy.clone(),
            policy: this.policy,
            max_response_size: this.max_response_size,
            connect_timeout: this.connect_timeout,
            timeout: this.timeout,
            sleeper: this.sleeper.clone(),
            bulk_concurrency: this.bulk_concurrency,
            // Another key: the server's rate limits, and so its pauses, are
            // its own.
            pause: crate::transport::Pause::new(),
        };
        Ok(Client {
            transport: Arc::new(transport),
        })
    }

    /// The one request path, for the operations of every resource.
    pub(crate) fn transport(&self) -> &Transport {
        &self.transport
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.transport.fmt(f)
    }
}

/// Configures and builds a [`Client`].
///
/// Every setting has a default, stated on its setter; only the API key is
/// required. Nothing is checked until [`build`](ClientBuilder::build), which
/// reports every problem as [`Error::Config`].
///
/// ```
/// use std::time::Duration;
///
/// let client = arize::Client::builder()
///     .api_key("my-api-key")
///     .region("eu-west-1a")
///     .timeout(Some(Duration::from_secs(20)))
///     .max_attempts(5)
///     .build()?;
/// assert_eq!(client.base_url(), "https://api.eu-west-1a.arize.com");
/// # Ok::<(), arize::Error>(())
/// ```
#[derive(Clone)]
#[must_use]
pub struct ClientBuilder {
    api_key: Option<String>,
    /// Where the key came from, as a 401's hint names it.
    key_source: Option<String>,
    base_url: Option<String>,
    region: Option<String>,
    /// Whether `base_url` or `region` came from the environment, which a
    /// setter of either overrides.
    endpoint_from_env: bool,
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    max_attempts: u32,
    retry_base_delay: Duration,
    max_retry_wait: Duration,
    max_response_size: u64,
    max_idle_connections: usize,
    bulk_concurrency: usize,
    root_certificates_pem: Vec<Vec<u8>>,
    proxy: ProxySetting,
    sleeper: Option<Sleeper>,
    /// Replaces the system's name resolution (tests only).
    resolver: Option<Arc<dyn Resolver>>,
    /// Environment variables that disagree on the endpoint, reported by
    /// `build` unless a setter chose the endpoint since.
    env_conflict: Option<String>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        ClientBuilder {
            api_key: None,
            key_source: None,
            base_url: None,
            region: None,
            endpoint_from_env: false,
            connect_timeout: Some(Duration::from_secs(10)),
            timeout: Some(Duration::from_secs(30)),
            max_attempts: 3,
            retry_base_delay: Duration::from_millis(250),
            max_retry_wait: Duration::from_secs(20),
            max_response_size: 8 * 1024 * 1024,
            max_idle_connections: 16,
            bulk_concurrency: crate::DEFAULT_CONCURRENCY,
            root_certificates_pem: Vec::new(),
            proxy: ProxySetting::Off,
            sleeper: None,
            resolver: None,
            env_conflict: None,
        }
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "[REDACTED]"))
            .field("base_url", &self.base_url)
            .field("region", &self.region)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("max_attempts", &self.max_attempts)
            .field("retry_base_delay", &self.retry_base_delay)
            .field("max_retry_wait", &self.max_retry_wait)
            .field("max_response_size", &self.max_response_size)
            .field("max_idle_connections", &self.max_idle_connections)
            .field("bulk_concurrency", &self.bulk_concurrency)
            .field("root_certificates", &self.root_certificates_pem.len())
            .field("proxy", &self.proxy)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// A builder filled from the environment, the variables the official
    /// Arize SDKs read:
    ///
    /// | variable | meaning |
    /// |---|---|
    /// | `ARIZE_API_KEY` | the API key (required by `build`) |
    /// | `ARIZE_BASE_URL` | the base URL, such as `https://arize.example.com` |
    /// | `ARIZE_API_HOST`, `ARIZE_API_SCHEME`, `ARIZE_API_PORT` | the base URL in parts (scheme defaults to `https`) |
    /// | `ARIZE_REGION` | a region such as `eu-west-1a` |
    /// | `ARIZE_PROXY_URL` | the proxy to go through, before the next three |
    /// | `https_proxy`, `HTTPS_PROXY` | the proxy, for an `https` base URL |
    /// | `http_proxy`, `HTTP_PROXY` | the proxy, for an `http` base URL |
    /// | `all_proxy`, `ALL_PROXY` | the proxy, for either |
    /// | `no_proxy`, `NO_PROXY` | hosts to reach directly, whatever the above say |
    ///
    /// Any two of `ARIZE_BASE_URL`, `ARIZE_API_HOST` and `ARIZE_REGION` are
    /// ambiguous (each says where to connect), and `build` fails with
    /// [`Error::Config`] naming both. Setters called afterwards override
    /// what the environment said.
    ///
    /// The proxy is the first of those variables set (and not empty), in
    /// the order above, the lowercase name of each pair before the
    /// uppercase one (as curl reads them); `ARIZE_PROXY_URL` comes first as
    /// in the official Python SDK. It is chosen when the client is built,
    /// for the base URL's scheme, and not used if `no_proxy`/`NO_PROXY`
    /// lists the base URL's host: a comma-separated list of host names
    /// (each matching itself and its subdomains; a leading `.` or `*.` is
    /// ignored), IP addresses or CIDR ranges, each optionally with a
    /// `:port`, or `*` for every host; case-insensitive. A malformed proxy
    /// URL fails `build` with [`Error::Config`] naming its variable. Only
    /// this constructor reads proxy variables: [`Client::builder`] starts
    /// with no proxy, and [`proxy`](Self::proxy) or
    /// [`no_proxy`](Self::no_proxy) override the environment.
    pub fn from_env() -> ClientBuilder {
        ClientBuilder::from_env_with(|name| std::env::var(name).ok())
    }

    /// [`from_env`](Self::from_env), reading each variable through `var`
    /// instead of the process environment: for configuration kept
    /// elsewhere, and for tests, which cannot change the environment of a
    /// process whose threads read it.
    ///
    /// ```
    /// let vars = [("ARIZE_API_KEY", "my-api-key"), ("HTTPS_PROXY", "http://proxy.corp:3128")];
    /// let client = arize::ClientBuilder::from_env_with(|name| {
    ///     vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
    /// })
    /// .build()?;
    /// assert_eq!(client.proxy(), Some("http://proxy.corp:3128"));
    /// # Ok::<(), arize::Error>(())
    /// ```
    pub fn from_env_with(var: impl Fn(&str) -> Option<String>) -> ClientBuilder {
        ClientBuilder::default().env_with(var)
    }

    fn env_with(mut self, var: impl Fn(&str) -> Option<String>) -> ClientBuilder {
        self.proxy = ProxySetting::Env(EnvProxy::read(&var));
        self.api_key = var("ARIZE_API_KEY");
        self.key_source = self.api_key.as_ref().map(|_| "ARIZE_API_KEY".to_owned());
        // Each says where to connect: two of them are ambiguous. The values
        // are not quoted: a misplaced secret must not be shown.
        let set: Vec<&str> = ["ARIZE_BASE_URL", "ARIZE_API_HOST", "ARIZE_REGION"]
            .into_iter()
            .filter(|name| var(name).is_some())
            .collect();
        if let [first, second, ..] = set[..] {
            self.env_conflict = Some(format!(
                "{first} and {second} are both set, and either could say where to connect; \
                 unset one of them"
            ));
        }
        self.endpoint_from_env = !set.is_empty();
        if let Some(url) = var("ARIZE_BASE_URL") {
            self.base_url = Some(url);
        } else if let Some(host) = var("ARIZE_API_HOST") {
            let scheme = var("ARIZE_API_SCHEME").unwrap_or_else(|| "https".into());
            let port = var("ARIZE_API_PORT")
                .map(|p| format!(":{p}"))
                .unwrap_or_default();
            self.base_url = Some(format!("{scheme}://{host}{port}"));
        } else if let Some(region) = var("ARIZE_REGION") {
            self.region = Some(region);
        }
        self
    }

    /// The API key, sent as `Authorization: Bearer <key>`. Required.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(api_key.into());
        self.key_source = None;
        self
    }

    /// Where the API key came from, as the hint of a 401
    /// ([`Error::Unauthorized`]) names it, so that the person who reads it
    /// knows what to fix: `ARIZE_API_KEY` after [`from_env`](Self::from_env),
    /// [`ClientBuilder::api_key`](crate::ClientBuilder::api_key) after [`api_key`](Self::api_key), or what you
    /// say here (a file, a secret store). Never put the key itself here.
    ///
    /// ```
    /// let client = arize::Client::builder()
    ///     .api_key("my-api-key")
    ///     .api_key_source("the profile ~/.arize/profiles/prod.toml")
    ///     .build()?;
    /// # Ok::<(), arize::Error>(())
    /// ```
    pub fn api_key_source(mut self, source: impl Into<String>) -> Self {
        self.key_source = Some(source.into());
        self
    }

    /// The base URL, for a private deployment, a proxy or a local fake:
    /// `http` or `https`, a host, an optional port and an optional path
    /// prefix; no query, fragment or credentials. Takes precedence over
    /// [`region`](Self::region). Defaults to [`DEFAULT_BASE_URL`].
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self.endpoint_from_env = false;
        self.env_conflict = None;
        self
    }

    /// A regional endpoint, `https://api.<region>.arize.com`, one of
    /// [`KNOWN_REGIONS`]; another is refused by [`build`](Self::build)
    /// (rather than becoming a lookup of a host that does not exist): for an
    /// endpoint this crate does not know yet, give its URL with
    /// [`base_url`](Self::base_url). Defaults to none.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        if self.endpoint_from_env {
            // The environment's endpoint, overridden.
            self.base_url = None;
            self.endpoint_from_env = false;
        }
        self.region = Some(region.into());
        self.env_conflict = None;
        self
    }

    /// How long to wait for a TCP connection (per attempt). `None` waits as
    /// long as the operating system does. Defaults to 10 seconds.
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long each stage of an attempt may take: sending the request,
    /// waiting for the response to begin, and reading its whole body. A
    /// server that never answers, or stalls or trickles mid-body, thus ends
    /// in [`Error::Timeout`] instead of hanging the caller; one attempt lasts
    /// at most about three times this after connecting. Retries get fresh
    /// limits. `None` disables them. Defaults to 30 seconds.
    ///
    /// # Design
    ///
    /// The limits are per stage rather than one deadline for the whole
    /// attempt because ureq, given an overall deadline, resolves the host
    /// name on a new thread for every request, pooled connection or not:
    /// that cost about 50 µs a call, 40% of a local request. Name resolution
    /// is left to the operating system's own limits.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// How many times a request may be sent in all, counting the first:
    /// `1` disables retries. Must be at least 1. Defaults to 3.
    ///
    /// Only what is safe to repeat is retried; see the crate docs, section
    /// "Reliability".
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts;
        self
    }

    /// The first retry waits a random time up to this, doubling with each
    /// further retry ("full jitter"), up to [`max_retry_wait`](Self::max_retry_wait).
    /// Defaults to 250 milliseconds.
    pub fn retry_base_delay(mut self, delay: Duration) -> Self {
        self.retry_base_delay = delay;
        self
    }

    /// The longest single wait between attempts. A server asking, through
    /// `Retry-After`, for a longer wait than this gets no retry: the error is
    /// returned at once, carrying the server's
    /// [`retry_after`](crate::ApiError::retry_after). Defaults to 20 seconds.
    pub fn max_retry_wait(mut self, wait: Duration) -> Self {
        self.max_retry_wait = wait;
        self
    }

    /// The largest response body read, in bytes; a larger one fails with
    /// [`Error::ResponseTooLarge`] instead of growing memory. Responses are
    /// requested gzip-compressed, and the limit counts the *decompressed*
    /// bytes, so a small compressed body that would inflate to gigabytes
    /// (a "gzip bomb") stops at the limit. A page of 100 spaces is about
    /// 40 KiB. Defaults to 8 MiB.
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.max_response_size = bytes;
        self
    }

    /// How many idle connections the pool keeps open for reuse. Clones of a
    /// client used from up to this many threads at once each keep their
    /// connection; beyond it, connections are closed and reopened. Defaults
    /// to 16.
    pub fn max_idle_connections(mut self, connections: usize) -> Self {
        self.max_idle_connections = connections;
        self
    }

    /// How many requests a bulk call (such as
    /// [`Users::bulk_delete`](crate::Users::bulk_delete) or
    /// [`Users::delete_many`](crate::Users::delete_many)) has in flight at
    /// once, unless the call sets its own: `1` works one input at a time.
    /// `0` is taken as 1 and anything over
    /// [`MAX_CONCURRENCY`](crate::MAX_CONCURRENCY) as that. Keep it at most
    /// [`max_idle_connections`](Self::max_idle_connections), or connections
    /// are reopened. Defaults to [`DEFAULT_CONCURRENCY`](crate::DEFAULT_CONCURRENCY), 8.
    pub fn bulk_concurrency(mut self, requests: usize) -> Self {
        self.bulk_concurrency = requests;
        self
    }

    /// Trusts the certificate authorities in this PEM text *in addition to*
    /// the Mozilla root certificates every client trusts, for a TLS-inspecting
    /// proxy or a private deployment with its own CA. May be called several
    /// times. Certificate verification cannot be turned off.
    ///
    /// ```no_run
    /// let client = arize::Client::builder()
    ///     .api_key("my-api-key")
    ///     .base_url("https://arize.internal.example.com")
    ///     .add_root_certificates_pem(std::fs::read("corporate-ca.pem").unwrap())
    ///     .build()?;
    /// # Ok::<(), arize::Error>(())
    /// ```
    pub fn add_root_certificates_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.root_certificates_pem.push(pem.into());
        self
    }

    /// Sends every request through this proxy, whatever the environment
    /// says (`NO_PROXY` included): `http://[user:password@]host[:port]`,
    /// or `https://` for TLS to the proxy, or `socks4://`, `socks4a://`,
    /// `socks5://` (the client resolves the host) or `socks5h://` (the
    /// proxy does). Without a scheme, `http`; without a port, 80 for
    /// `http`, 443 for `https` and 1080 for SOCKS. Special characters in the
    /// user name or password must be percent-encoded.
    ///
    /// An HTTP proxy is asked for a tunnel (`CONNECT host:port`) for
    /// `https` and `http` base URLs alike, so the API key travels inside the
    /// tunnel: for an `https` base URL, encrypted end to end. Credentials in
    /// the URL are sent as `Proxy-Authorization: Basic`; the password is
    /// never shown, in `Debug` output, errors or logs.
    ///
    /// Errors at the proxy (unreachable, refusing the tunnel, asking for
    /// credentials) are connect failures naming the proxy (see
    /// [`TransportError::proxy`](crate::TransportError::proxy)), retried like
    /// a refused connection. Checked by [`build`](Self::build).
    ///
    /// By default [`Client::builder`] uses no proxy and
    /// [`from_env`](Self::from_env) reads one from the environment.
    ///
    /// ```
    /// let client = arize::Client::builder()
    ///     .api_key("my-api-key")
    ///     .proxy("http://user:secret@proxy.corp:3128")
    ///     .build()?;
    /// assert_eq!(client.proxy(), Some("http://proxy.corp:3128"));
    /// assert!(!format!("{client:?}").contains("secret"));
    /// # Ok::<(), arize::Error>(())
    /// ```
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = ProxySetting::Url(url.into());
        self
    }

    /// Connects directly, even when the environment names a proxy.
    pub fn no_proxy(mut self) -> Self {
        self.proxy = ProxySetting::Off;
        self
    }

    /// Replaces how the client waits between retries. Defaults to
    /// [`std::thread::sleep`]. Tests use it to observe the waits (for
    /// instance that `Retry-After` was honoured) without spending them.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    ///
    /// let waits = Arc::new(Mutex::new(Vec::new()));
    /// let log = Arc::clone(&waits);
    /// let client = arize::Client::builder()
    ///     .api_key("my-api-key")
    ///     .sleeper(move |wait| log.lock().unwrap().push(wait))
    ///     .build()?;
    /// # Ok::<(), arize::Error>(())
    /// ```
    pub fn sleeper(mut self, sleep: impl Fn(Duration) + Send + Sync + 'static) -> Self {
        self.sleeper = Some(Arc::new(sleep));
        self
    }

    /// Resolves host names with `resolver` instead of the system, so that
    /// tests can make a name fail to resolve without a DNS query.
    #[cfg(test)]
    pub(crate) fn resolver(mut self, resolver: impl Resolver) -> Self {
        self.resolver = Some(Arc::new(resolver));
        self
    }

    /// Checks the settings and builds the client.
    ///
    /// Fails with [`Error::Config`] when the API key is missing, empty or not
    /// a valid header value (control characters, such as a newline left by
    /// `$(cat key.txt)`), when the base URL or region is malformed, when
    /// `max_attempts` is 0, when a PEM certificate cannot be read, or when
    /// the proxy URL is malformed (the error names where it came from).
    pub fn build(self) -> Result<Client> {
        Ok(Client {
            transport: Arc::new(self.build_transport()?),
        })
    }

    pub(crate) fn build_transport(self) -> Result<Transport> {
        let api_key = self.api_key.ok_or_else(|| {
            Error::Config(
                "no API key: set ARIZE_API_KEY or call ClientBuilder::api_key \
                 (keys are under Settings > API Keys in Arize)"
                    .into(),
            )
        })?;
        check_api_key(&api_key)?;
        if let Some(conflict) = self.env_conflict {
            return Err(Error::Config(conflict));
        }
        let base_url = match (self.base_url, self.region) {
            (Some(url), _) => check_base_url(&url),
            (None, Some(region)) => region_url(&region),
            (None, None) => Ok(DEFAULT_BASE_URL.to_owned()),
        }
        // The messages quote the value; a key pasted in the wrong place must
        // not end up in a log.
        .map_err(|e| match e {
            Error::Config(message) => Error::Config(message.replace(&api_key, REDACTED)),
            other => other,
        })?;
        let proxy = crate::proxy::select(&self.proxy, &base_url)
            .map_err(|message| Error::Config(message.replace(&api_key, REDACTED)))?;
        if self.max_attempts == 0 {
            return Err(Error::Config(
                "max_attempts must be at least 1 (1 disables retries)".into(),
            ));
        }

        let mut config = ureq::Agent::config_builder()
            // Error statuses come back as responses, so that their bodies
            // (the problem documents) are read instead of dropped (ureq#997).
            .http_status_as_error(false)
            // The API does not redirect. Following one would either drop the
            // Authorization header (and turn into a confusing 401) or carry
            // it to another host; a 3xx is reported instead.
            .max_redirects(0)
            .max_redirects_will_error(false)
            // A client talks to one host, so the per-host limit is the limit.
            .max_idle_connections(self.max_idle_connections)
            .max_idle_connections_per_host(self.max_idle_connections)
            .timeout_connect(self.connect_timeout)
            .timeout_send_request(self.timeout)
            .timeout_send_body(self.timeout)
            .timeout_recv_response(self.timeout)
            .timeout_recv_body(self.timeout)
            // Always set, `None` included: ureq's default reads the
            // environment itself (see src/proxy.rs).
            .proxy(proxy.as_ref().map(|p| p.ureq.clone()))
            // What a proxy sees of the client, in the CONNECT request.
            .user_agent(USER_AGENT);
        config = config.tls_config(tls_config(&self.root_certificates_pem)?);

        let resolver = self
            .resolver
            .unwrap_or_else(|| Arc::new(DefaultResolver::default()));
        let steady = SteadyTimeouts {
            connect: self.connect_timeout,
            stage: self.timeout,
        };
        let agent =
            ureq::Agent::with_parts(config.build(), connector(steady), MarkUnresolved(resolver));
        let mut secret = Secret::new(api_key.as_str());
        let mut about = None;
        if let Some(proxy) = proxy {
            for value in proxy.secrets {
                secret = secret.and(value);
            }
            let mut info = proxy.about;
            // A key pasted in the wrong variable may pass for a host name.
            info.address = secret.scrub(info.address);
            about = Some(info);
        }
        // The key is not quoted, even where it was given as its own source.
        let key_source = self
            .key_source
            .map_or_else(|| "ClientBuilder::api_key".to_owned(), |s| secret.scrub(s));
        Ok(Transport {
            agent,
            base_url,
            key_source,
            headers: crate::transport::headers(&secret).map_err(Error::Config)?,
            secret,
            proxy: about,
            policy: RetryPolicy {
                max_attempts: self.max_attempts,
                base_delay: self.retry_base_delay,
                max_wait: self.max_retry_wait,
            },
            max_response_size: self.max_response_size,
            connect_timeout: self.connect_timeout,
            timeout: self.timeout,
            sleeper: self.sleeper.unwrap_or_else(|| Arc::new(std::thread::sleep)),
            bulk_concurrency: self.bulk_concurrency.clamp(1, crate::MAX_CONCURRENCY),
            pause: crate::transport::Pause::new(),
        })
    }
}

#[cfg(test)]
mod tests;
