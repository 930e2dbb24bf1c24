//! Proxy selection from the environment (through an injected reader, never
//! the process environment), the NO_PROXY rules, proxy URLs and the texts
//! of proxy failures.

use super::*;

/// The proxy chosen for `base_url` from these variables, as its source and
/// address; `None` for a direct connection.
fn chosen(vars: &[(&str, &str)], base_url: &str) -> Option<(&'static str, String)> {
    let env = EnvProxy::read(&|name| {
        vars.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.to_string())
    });
    select(&ProxySetting::Env(env), base_url)
        .unwrap()
        .map(|proxy| (proxy.about.source, proxy.about.address))
}

const HTTPS: &str = "https://api.arize.com";
const HTTP: &str = "http://arize.internal:8080";

fn from(source: &'static str, host: &str) -> Option<(&'static str, String)> {
    Some((source, format!("http://{host}:3128")))
}

#[test]
fn arize_proxy_url_comes_first_for_both_schemes() {
    let vars = [
        ("ARIZE_PROXY_URL", "http://arize-proxy:3128"),
        ("HTTPS_PROXY", "http://https-proxy:3128"),
        ("HTTP_PROXY", "http://http-proxy:3128"),
        ("ALL_PROXY", "http://all-proxy:3128"),
    ];
    assert_eq!(chosen(&vars, HTTPS), from("ARIZE_PROXY_URL", "arize-proxy"));
    assert_eq!(chosen(&vars, HTTP), from("ARIZE_PROXY_URL", "arize-proxy"));
}

#[test]
fn the_schemes_variable_comes_next_and_only_for_its_scheme() {
    let vars = [
        ("HTTPS_PROXY", "http://https-proxy:3128"),
        ("HTTP_PROXY", "http://http-proxy:3128"),
        ("ALL_PROXY", "http://all-proxy:3128"),
    ];
    assert_eq!(chosen(&vars, HTTPS), from("HTTPS_PROXY", "https-proxy"));
    assert_eq!(chosen(&vars, HTTP), from("HTTP_PROXY", "http-proxy"));
    // The other scheme's variable is never used.
    let https_only = [("HTTPS_PROXY", "http://https-proxy:3128")];
    assert_eq!(chosen(&https_only, HTTP), None);
    let http_only = [("HTTP_PROXY", "http://http-proxy:3128")];
    assert_eq!(chosen(&http_only, HTTPS), None);
    // The scheme of the base URL is read case-insensitively.
    assert_eq!(
        chosen(&https_only, "HTTPS://api.arize.com"),
        from("HTTPS_PROXY", "https-proxy")
    );
}

#[test]
fn all_proxy_comes_last_for_both_schemes() {
    let vars = [("ALL_PROXY", "http://all-proxy:3128")];
    assert_eq!(chosen(&vars, HTTPS), from("ALL_PROXY", "all-proxy"));
    assert_eq!(chosen(&vars, HTTP), from("ALL_PROXY", "all-proxy"));
    assert_eq!(chosen(&[], HTTPS), None);
}

#[test]
fn lowercase_names_come_before_uppercase_ones_and_empty_values_are_unset() {
    for (lower, upper, base) in [
        ("https_proxy", "HTTPS_PROXY", HTTPS),
        ("http_proxy", "HTTP_PROXY", HTTP),
        ("all_proxy", "ALL_PROXY", HTTPS),
    ] {
        let both = [(upper, "http://upper:3128"), (lower, "http://lower:3128")];
        assert_eq!(chosen(&both, base), from(lower, "lower"));
        let empty_lower = [(lower, " "), (upper, "http://upper:3128")];
        assert_eq!(chosen(&empty_lower, base), from(upper, "upper"));
        assert_eq!(chosen(&[(lower, "")], base), None);
    }
    // An empty ARIZE_PROXY_URL does not hide the others.
    let vars = [("ARIZE_PROXY_URL", ""), ("HTTPS_PROXY", "http://p:3128")];
    assert_eq!(chosen(&vars, HTTPS), from("HTTPS_PROXY", "p"));
}

#[test]
fn no_proxy_bypasses_every_environment_proxy_for_a_listed_host() {
    for proxy in ["ARIZE_PROXY_URL", "HTTPS_PROXY", "ALL_PROXY"] {
        let vars = [
            (proxy, "http://p:3128"),
            ("NO_PROXY", "localhost,.arize.com"),
        ];
        assert_eq!(chosen(&vars, HTTPS), None, "{proxy}");
        assert_eq!(
            chosen(&vars, "https://arize.example.com"),
            from(proxy, "p"),
            "{proxy}"
        );
    }
    // Lowercase first here too; an empty one is unset.
    let vars = [
        ("HTTPS_PROXY", "http://p:3128"),
        ("no_proxy", "api.arize.com"),
        ("NO_PROXY", "other.example"),
    ];
    assert_eq!(chosen(&vars, HTTPS), None);
    let vars = [
        ("HTTPS_PROXY", "http://p:3128"),
        ("no_proxy", ""),
        ("NO_PROXY", "api.arize.com"),
    ];
    assert_eq!(chosen(&vars, HTTPS), None);
    // A bypassed proxy is not even parsed.
    let vars = [("HTTPS_PROXY", "ftp://bad"), ("NO_PROXY", "*")];
    assert_eq!(chosen(&vars, HTTPS), None);
}

#[test]
fn a_proxy_set_in_code_ignores_no_proxy_and_off_is_off() {
    let proxy = select(&ProxySetting::Url("http://p:3128".into()), HTTPS)
        .unwrap()
        .unwrap();
    assert_eq!(proxy.about.source, "ClientBuilder::proxy");
    assert_eq!(proxy.about.target, "api.arize.com:443");
    assert!(select(&ProxySetting::Off, HTTPS).unwrap().is_none());
}

fn bypassed(list: &str, host: &str, port: u16) -> bool {
    no_proxy_matches(list, &normalize_host(host), port)
}

#[test]
fn no_proxy_names_match_themselves_and_their_subdomains() {
    for entry in ["arize.com", ".arize.com", "*.arize.com", "*arize.com"] {
        assert!(bypassed(entry, "arize.com", 443), "{entry}");
        assert!(bypassed(entry, "api.arize.com", 443), "{entry}");
        assert!(bypassed(entry, "a.b.arize.com", 443), "{entry}");
        assert!(!bypassed(entry, "notarize.com", 443), "{entry}");
        assert!(!bypassed(entry, "arize.com.evil.example", 443), "{entry}");
    }
    assert!(!bypassed("api.arize.com", "arize.com", 443));
    assert!(bypassed("localhost", "localhost", 80));
    assert!(!bypassed("localhost", "localhost2", 80));
}

#[test]
fn no_proxy_is_case_insensitive_and_tolerates_spaces_and_final_dots() {
    assert!(bypassed("API.Arize.COM", "api.arize.com", 443));
    assert!(bypassed("arize.com", "API.ARIZE.COM", 443));
    assert!(bypassed(
        " other.example ,  arize.com  ",
        "api.arize.com",
        443
    ));
    assert!(bypassed("arize.com.", "api.arize.com", 443));
    assert!(bypassed("arize.com", "api.arize.com.", 443));
}

#[test]
fn a_star_alone_matches_every_host() {
    assert!(bypassed("*", "api.arize.com", 443));
    assert!(bypassed("other, *", "10.1.2.3", 80));
    // Not as a pattern within a name.
    assert!(!bypassed("api.*.com", "api.arize.com", 443));
}

#[test]
fn no_proxy_addresses_and_ranges_match_ip_hosts_only() {
    assert!(bypassed("127.0.0.1", "127.0.0.1", 80));
    assert!(!bypassed("127.0.0.1", "127.0.0.2", 80));
    assert!(bypassed("10.0.0.0/8", "10.200.3.4", 80));
    assert!(!bypassed("10.0.0.0/8", "11.0.0.1", 80));
    assert!(bypassed("192.168.1.0/24", "192.168.1.255", 80));
    assert!(bypassed("0.0.0.0/0", "8.8.8.8", 80));
    assert!(bypassed("::1", "[::1]", 80));
    assert!(bypassed("[::1]", "[::1]", 80));
    assert!(bypassed("fd00::/8", "[fd12:3456::1]", 80));
    assert!(!bypassed("fd00::/8", "[fe80::1]", 80));
    // Families do not mix, and an address never matches a name.
    assert!(!bypassed("::/0", "10.0.0.1", 80));
    assert!(!bypassed("127.0.0.1", "localhost", 80));
    assert!(!bypassed("localhost", "127.0.0.1", 80));
    // A name whose last label is numeric is not a suffix of an address.
    assert!(!bypassed("0.1", "10.0.0.1", 80));
}

#[test]
fn no_proxy_ports_restrict_an_entry_to_one_port() {
    assert!(bypassed("arize.internal:8080", "arize.internal", 8080));
    assert!(!bypassed("arize.internal:8080", "arize.internal", 443));
    assert!(bypassed(".internal:8080", "arize.internal", 8080));
    assert!(bypassed("127.0.0.1:8080", "127.0.0.1", 8080));
    assert!(!bypassed("127.0.0.1:8080", "127.0.0.1", 80));
    assert!(bypassed("[::1]:8080", "[::1]", 8080));
    assert!(!bypassed("[::1]:8080", "[::1]", 8081));
    // The base URL's port is its scheme's default when not written.
    let vars = [
        ("HTTPS_PROXY", "http://p:3128"),
        ("NO_PROXY", "api.arize.com:443"),
    ];
    assert_eq!(chosen(&vars, HTTPS), None);
    let vars = [
        ("HTTP_PROXY", "http://p:3128"),
        ("NO_PROXY", "arize.internal:80"),
    ];
    assert_eq!(chosen(&vars, "http://arize.internal"), None);
    assert_eq!(chosen(&vars, HTTP), from("HTTP_PROXY", "p"));
}

#[test]
fn malformed_no_proxy_entries_match_nothing() {
    for entry in [
        "arize.com:http",
        "arize.com:99999",
        "[::1",
        "[::1]x",
        ".",
        "*.",
        "10.0.0.0/33",
        "10.0.0.0/x",
        ",,",
    ] {
        assert!(!bypassed(entry, "arize.com", 443), "{entry}");
        assert!(!bypassed(entry, "10.0.0.1", 443), "{entry}");
        assert!(!bypassed(entry, "[::1]", 443), "{entry}");
    }
    // The other entries still count.
    assert!(bypassed("arize.com:http, arize.com", "arize.com", 443));
}

fn parsed(url: &str) -> Proxy {
    let target = Target::of(HTTPS).unwrap();
    parse(url, "ARIZE_PROXY_URL", &target).unwrap()
}

fn refused(url: &str) -> String {
    let target = Target::of(HTTPS).unwrap();
    match parse(url, "HTTPS_PROXY", &target) {
        Err(message) => message,
        Ok(_) => panic!("{url} was accepted"),
    }
}

#[test]
fn proxy_urls_take_the_usual_forms() {
    for (url, address) in [
        ("http://proxy.corp:3128", "http://proxy.corp:3128"),
        ("HTTP://Proxy.Corp:3128/", "http://proxy.corp:3128"),
        ("proxy.corp:3128", "http://proxy.corp:3128"),
        ("proxy.corp", "http://proxy.corp:80"),
        ("https://proxy.corp", "https://proxy.corp:443"),
        ("socks5://127.0.0.1", "socks5://127.0.0.1:1080"),
        ("socks5h://proxy.corp:1081", "socks5h://proxy.corp:1081"),
        ("socks4a://proxy.corp", "socks4a://proxy.corp:1080"),
        ("http://[::1]:3128", "http://[::1]:3128"),
    ] {
        let proxy = parsed(url);
        assert_eq!(proxy.about.address, address, "{url}");
        assert!(!proxy.about.credentials, "{url}");
        assert!(proxy.secrets.is_empty(), "{url}");
        assert_eq!(proxy.ureq.username(), None, "{url}");
    }
}

#[test]
fn credentials_are_decoded_for_ureq_and_kept_as_secrets() {
    let proxy = parsed("http://alice:p%40ss%3Aword@proxy.corp:3128");
    assert_eq!(proxy.about.address, "http://proxy.corp:3128");
    assert!(proxy.about.credentials);
    assert_eq!(proxy.ureq.username(), Some("alice"));
    assert_eq!(proxy.ureq.password(), Some("p@ss:word"));
    let credential = base64::engine::general_purpose::STANDARD.encode("alice:p@ss:word");
    for secret in ["p%40ss%3Aword", "p@ss:word", credential.as_str()] {
        assert!(proxy.secrets.iter().any(|s| s == secret), "{secret}");
    }
    assert!(!proxy.secrets.iter().any(|s| s == "alice"));
    // A user name alone (a token) is the secret.
    let proxy = parsed("http://t0ken@proxy.corp:3128");
    assert!(proxy.about.credentials);
    assert!(proxy.secrets.iter().any(|s| s == "t0ken"));
}

#[test]
fn malformed_proxy_urls_name_their_source_and_hide_credentials() {
    for (url, why) in [
        ("ftp://proxy.corp", "scheme"),
        ("http://", "not a valid URL"),
        ("http://proxy.corp:3128/path", "path"),
        ("http://proxy.corp:3128?x=1", "path, query"),
        ("http://proxy.corp:3128#x", "fragment"),
        ("http://proxy.corp:port", "port"),
        ("http://proxy.corp:99999", "port"),
        ("http://proxy .corp", "whitespace"),
        ("http://proxy.corp:3128\n", "whitespace"),
        ("http://user:s3cr%FFt@proxy.corp", "UTF-8"),
        ("ftp://user:s3cret@proxy.corp", "scheme"),
        ("http://user:s3cret@proxy.corp/x", "path"),
        ("http://user:s3c ret@proxy.corp", "whitespace"),
    ] {
        let message = refused(url);
        assert!(
            message.starts_with("HTTPS_PROXY is not a usable proxy URL"),
            "{message}"
        );
        assert!(message.contains(why), "{url}: {message}");
        assert!(!message.contains("s3c"), "{url}: {message}");
    }
    assert!(refused("ftp://proxy.corp").contains("\"ftp://proxy.corp\""));
}

#[test]
fn userinfo_is_redacted_even_from_malformed_urls() {
    assert_eq!(redact_userinfo("http://u:p@h:1"), "http://[REDACTED]@h:1");
    assert_eq!(redact_userinfo("u:p@h"), "[REDACTED]@h");
    assert_eq!(redact_userinfo("http://u:p@x@h"), "http://[REDACTED]@h");
    assert_eq!(redact_userinfo("http://h:1"), "http://h:1");
}

#[test]
fn settings_show_no_credentials() {
    let url = ProxySetting::Url("http://u:s3cret@proxy.corp:3128".into());
    assert_eq!(
        format!("{url:?}"),
        r#"Url("http://[REDACTED]@proxy.corp:3128")"#
    );
    let env = EnvProxy::read(&|name| {
        (name == "HTTPS_PROXY" || name == "no_proxy").then(|| "http://u:s3cret@p".to_owned())
    });
    let env = ProxySetting::Env(env);
    assert_eq!(format!("{env:?}"), r#"Env(["HTTPS_PROXY", "no_proxy"])"#);
}

fn info(credentials: bool) -> ProxyInfo {
    ProxyInfo {
        address: "http://proxy.corp:3128".into(),
        source: "ARIZE_PROXY_URL",
        credentials,
        target: "api.arize.com:443".into(),
    }
}

#[test]
fn refusals_say_which_proxy_and_what_to_check() {
    let refused = |status: u16| {
        ureq::Error::ConnectProxyFailed(format!("proxy server responded {status}/{status}"))
    };
    assert_eq!(
        info(true).describe(&refused(407)),
        "the proxy http://proxy.corp:3128 refused the tunnel (407 Proxy Authentication \
         Required): check the proxy credentials (ARIZE_PROXY_URL)"
    );
    assert_eq!(
        info(false).describe(&refused(407)),
        "the proxy http://proxy.corp:3128 refused the tunnel (407 Proxy Authentication \
         Required): it needs credentials: give them in the proxy URL, \
         http://user:password@host:port (ARIZE_PROXY_URL)"
    );
    assert_eq!(
        info(true).describe(&refused(403)),
        "the proxy http://proxy.corp:3128 refused the tunnel to api.arize.com:443 \
         (403 Forbidden): check that the proxy allows and can reach api.arize.com:443 \
         (ARIZE_PROXY_URL)"
    );
    let silent = ureq::Error::ConnectProxyFailed("proxy server did not respond".into());
    assert_eq!(
        info(true).describe(&silent),
        "the proxy http://proxy.corp:3128 did not open the tunnel (proxy server did not \
         respond): check the proxy address (ARIZE_PROXY_URL)"
    );
    let down = ureq::Error::Io(io::Error::new(io::ErrorKind::ConnectionRefused, "refused"));
    assert_eq!(
        info(true).describe(&down),
        "could not reach the proxy http://proxy.corp:3128 (refused): check the proxy \
         address (ARIZE_PROXY_URL)"
    );
    let socks = ureq::Error::Io(io::Error::new(
        io::ErrorKind::PermissionDenied,
        "password authentication failed",
    ));
    assert!(
        info(true)
            .describe(&socks)
            .ends_with("check the proxy credentials (ARIZE_PROXY_URL)")
    );
    let rules = ureq::Error::Io(io::Error::other("connection not allowed by ruleset"));
    assert_eq!(
        info(true).describe(&rules),
        "the proxy http://proxy.corp:3128 failed to open a connection to api.arize.com:443 \
         (connection not allowed by ruleset): check the proxy address (ARIZE_PROXY_URL)"
    );
}

#[test]
fn marked_failures_are_taken_back_whole_and_others_pass() {
    let marked = ureq::Error::Io(io::Error::other(ProxyFailed(
        ureq::Error::ConnectProxyFailed("x".into()),
    )));
    assert!(matches!(
        proxy_failure(marked),
        Ok(ureq::Error::ConnectProxyFailed(why)) if why == "x"
    ));
    let plain = ureq::Error::Io(io::Error::new(io::ErrorKind::ConnectionRefused, "no"));
    assert!(matches!(
        proxy_failure(plain),
        Err(ureq::Error::Io(e)) if e.kind() == io::ErrorKind::ConnectionRefused
    ));
    assert!(matches!(
        proxy_failure(ureq::Error::HostNotFound),
        Err(ureq::Error::HostNotFound)
    ));
    // Should a marked failure ever escape unmarked, it still says whose.
    let shown = ProxyFailed(ureq::Error::ConnectProxyFailed("x".into())).to_string();
    assert!(shown.starts_with("the proxy failed: "), "{shown}");
}

#[test]
fn ranges_as_wide_as_the_address_match_it_alone_and_wider_ones_nothing() {
    assert!(bypassed("10.0.0.1/32", "10.0.0.1", 443));
    assert!(!bypassed("10.0.0.1/32", "10.0.0.2", 443));
    assert!(bypassed("::1/128", "[::1]", 443));
    // Wider than the address: malformed, even for the address itself.
    assert!(!bypassed("10.0.0.0/33", "10.0.0.0", 443));
    assert!(!bypassed("::1/129", "[::1]", 443));
}
