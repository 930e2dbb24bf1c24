use super::*;
use ureq::tls::{Certificate, RootCerts, TlsConfig};

fn env(vars: &[(&str, &str)]) -> ClientBuilder {
    let vars: Vec<(String, String)> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    ClientBuilder::default()
        .env_with(move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()))
}

fn config_error(builder: ClientBuilder) -> String {
    match builder.build() {
        Err(Error::Config(message)) => message,
        other => panic!("expected a configuration error, got {other:?}"),
    }
}

#[test]
fn environment_sets_key_and_endpoint_in_precedence_order() {
    let client = env(&[("ARIZE_API_KEY", "k")]).build().unwrap();
    assert_eq!(client.base_url(), DEFAULT_BASE_URL);

    let client = env(&[("ARIZE_API_KEY", "k"), ("ARIZE_REGION", "eu-west-1a")])
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "https://api.eu-west-1a.arize.com");

    let client = env(&[
        ("ARIZE_API_KEY", "k"),
        ("ARIZE_API_HOST", "arize.local"),
        ("ARIZE_API_SCHEME", "http"),
        ("ARIZE_API_PORT", "8080"),
    ])
    .build()
    .unwrap();
    assert_eq!(client.base_url(), "http://arize.local:8080");

    let client = env(&[
        ("ARIZE_API_KEY", "k"),
        ("ARIZE_API_SCHEME", "http"),
        ("ARIZE_BASE_URL", "https://proxy.example.com/arize/"),
    ])
    .build()
    .unwrap();
    assert_eq!(client.base_url(), "https://proxy.example.com/arize");
}

#[test]
fn a_host_beside_a_region_in_the_environment_is_refused() {
    let vars = [
        ("ARIZE_API_KEY", "k"),
        ("ARIZE_REGION", "eu-west-1a"),
        ("ARIZE_API_HOST", "arize.local"),
    ];
    assert_eq!(
        config_error(env(&vars)),
        "ARIZE_API_HOST and ARIZE_REGION are both set, and either could say where to connect; \
         unset one of them"
    );
    // Choosing the endpoint in code settles it.
    let client = env(&vars).region("us-east-1b").build().unwrap();
    assert_eq!(client.base_url(), "https://api.us-east-1b.arize.com");
}

#[test]
fn a_base_url_beside_a_host_or_region_in_the_environment_is_refused() {
    for (rival, value) in [
        ("ARIZE_API_HOST", "arize.local"),
        ("ARIZE_REGION", "eu-west-1a"),
    ] {
        let vars = [
            ("ARIZE_API_KEY", "k"),
            ("ARIZE_BASE_URL", "https://proxy.example.com/arize"),
            (rival, value),
        ];
        let message = config_error(env(&vars));
        assert!(
            message.contains("ARIZE_BASE_URL") && message.contains(rival),
            "{message}"
        );
        assert!(!message.contains(value), "values are not quoted: {message}");
        // Choosing the endpoint in code settles it.
        let client = env(&vars).base_url("http://127.0.0.1:1").build().unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:1");
    }
    let message = config_error(env(&[
        ("ARIZE_API_KEY", "k"),
        ("ARIZE_BASE_URL", "https://proxy.example.com/arize"),
        ("ARIZE_API_HOST", "arize.local"),
        ("ARIZE_REGION", "eu-west-1a"),
    ]));
    assert!(message.contains("ARIZE_API_HOST"), "{message}");
}

#[test]
fn missing_or_malformed_keys_are_configuration_errors() {
    assert!(config_error(env(&[])).contains("ARIZE_API_KEY"));
    assert!(config_error(Client::builder().api_key("")).contains("empty"));
    for (key, what) in [
        ("sk-1\r\nX-Evil: 1", "a control character"),
        ("sk-1\n", "a control character"),
        ("sk 1", "a space"),
        ("sk-é", "a non-ASCII character"),
    ] {
        let message = config_error(Client::builder().api_key(key));
        assert!(!message.contains("sk"), "the key leaked: {message}");
        assert!(message.contains(what), "{key:?}: {message}");
    }
}

#[test]
fn base_urls_are_checked() {
    for (url, why) in [
        ("api.arize.com", "has no scheme"),
        ("ftp://api.arize.com", "is not http or https"),
        ("https://api.arize.com?x=1", "has a query or fragment"),
        ("https://api.arize.com/#frag", "has a query or fragment"),
        ("https://user:pass@api.arize.com", "contains credentials"),
        ("https://", "has no host"),
        ("https://api arize.com", "contains whitespace"),
        ("https://api.arize.com/\u{7}", "contains whitespace"),
    ] {
        let message = config_error(Client::builder().api_key("k").base_url(url));
        assert!(message.contains(why), "{url:?}: {message}");
    }
    let client = Client::builder()
        .api_key("k")
        .base_url("http://127.0.0.1:8080/")
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:8080");
    // An unknown region is refused, not looked up as api.mars.arize.com.
    for region in ["mars", "EU West", "", "eu_west", "eu-west-1"] {
        let message = config_error(Client::builder().api_key("ak-test").region(region));
        assert_eq!(
            message,
            format!(
                "region {region:?} is not a known region (ca-central-1a, eu-west-1a, \
                 us-central-1a, us-east-1b); for another endpoint, give its URL instead \
                 (ClientBuilder::base_url or ARIZE_BASE_URL)"
            )
        );
    }
    for url in [
        "http://127.0.0.1:99999",
        "http://127.0.0.1:0",
        "https://h:65536/x",
        "http://[::1]:99999",
        "http://h:80x",
        "http://h:",
    ] {
        let message = config_error(Client::builder().api_key("ak-test").base_url(url));
        assert_eq!(
            message,
            format!("base URL {url:?} has a port outside 1 to 65535")
        );
    }
    for url in [
        "http://127.0.0.1:65535",
        "http://[::1]:1",
        "http://[::1]/v",
        "http://h",
    ] {
        let client = Client::builder().api_key("k").base_url(url).build();
        assert_eq!(client.unwrap().base_url(), url);
    }
    let client = Client::builder()
        .api_key("k")
        .region("eu-west-1a")
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "https://api.eu-west-1a.arize.com");
    config_error(Client::builder().api_key("k").max_attempts(0));
}

#[test]
fn every_setter_keeps_what_was_set_before_it() {
    let builder = Client::builder()
        .api_key("k")
        .max_idle_connections(1)
        .max_response_size(7);
    let shown = format!("{builder:?}");
    assert!(shown.contains("max_idle_connections: 1"), "{shown}");
    assert!(shown.contains("max_response_size: 7"), "{shown}");
    assert!(builder.build().is_ok());
}

#[test]
fn pem_roots_must_hold_a_certificate() {
    let message = config_error(
        Client::builder()
            .api_key("k")
            .add_root_certificates_pem("nothing"),
    );
    assert!(message.contains("no PEM certificate"), "{message}");
    let key = rcgen::KeyPair::generate().unwrap();
    let ca = rcgen::CertificateParams::new(Vec::<String>::new())
        .unwrap()
        .self_signed(&key)
        .unwrap()
        .pem();
    let message = config_error(
        Client::builder()
            .api_key("k")
            .add_root_certificates_pem(ca)
            .add_root_certificates_pem("still nothing"),
    );
    assert!(message.contains("no PEM certificate"), "{message}");
}

fn roots(tls: &TlsConfig) -> &[Certificate<'static>] {
    match tls.root_certs() {
        RootCerts::Specific(roots) => roots,
        other => panic!("expected specific roots, got {other:?}"),
    }
}

#[test]
fn extra_roots_add_to_the_one_mozilla_store() {
    let mozilla: Vec<&[u8]> = webpki_root_certs::TLS_SERVER_ROOT_CERTS
        .iter()
        .map(|der| der.as_ref())
        .collect();
    let default = tls_config(&[]).unwrap();
    let default: Vec<&[u8]> = roots(&default).iter().map(Certificate::der).collect();
    assert_eq!(default, mozilla);

    let key = rcgen::KeyPair::generate().unwrap();
    let extra = rcgen::CertificateParams::new(vec!["localhost".to_owned()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    let tls = tls_config(&[extra.pem().into_bytes()]).unwrap();
    let all: Vec<&[u8]> = roots(&tls).iter().map(Certificate::der).collect();
    assert_eq!(all[..mozilla.len()], mozilla[..]);
    assert_eq!(all[mozilla.len()..], [extra.der().as_ref()]);
}

#[test]
fn debug_output_never_shows_the_key() {
    let builder = Client::builder().api_key("sk-very-secret");
    let client = builder.clone().build().unwrap();
    for text in [
        format!("{builder:?}"),
        format!("{builder:#?}"),
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{:?}", client.spaces()),
    ] {
        assert!(!text.contains("sk-very-secret"), "{text}");
        assert!(text.contains("REDACTED"), "{text}");
    }
}

#[test]
fn the_proxy_comes_from_the_environment_or_code_and_code_wins() {
    let vars = [
        ("ARIZE_API_KEY", "ak-test-key"),
        ("HTTPS_PROXY", "http://env-proxy:3128"),
    ];
    assert_eq!(
        env(&vars).build().unwrap().proxy(),
        Some("http://env-proxy:3128")
    );
    let client = env(&vars).proxy("http://code-proxy:8080").build().unwrap();
    assert_eq!(client.proxy(), Some("http://code-proxy:8080"));
    assert_eq!(env(&vars).no_proxy().build().unwrap().proxy(), None);
    // The environment's proxy follows the base URL chosen in code.
    let client = env(&vars)
        .base_url("http://127.0.0.1:8080")
        .build()
        .unwrap();
    assert_eq!(client.proxy(), None);
    // `Client::builder` reads no environment.
    assert_eq!(Client::new("ak-test-key").unwrap().proxy(), None);
}

#[test]
fn ureq_is_given_the_proxy_explicitly_and_never_reads_the_environment() {
    let direct = Client::builder().api_key("k").build_transport().unwrap();
    assert!(direct.agent.config().proxy().is_none());
    let direct = env(&[("ARIZE_API_KEY", "k")]).build_transport().unwrap();
    assert!(direct.agent.config().proxy().is_none());
    let proxied = Client::builder()
        .api_key("k")
        .proxy("http://proxy.corp:3128")
        .build_transport()
        .unwrap();
    let proxy = proxied.agent.config().proxy().unwrap();
    assert_eq!((proxy.host(), proxy.port()), ("proxy.corp", 3128));
    assert!(!proxy.is_from_env());
    // ureq's own NO_PROXY list is empty: the crate has decided.
    assert!(!proxy.is_no_proxy(&ureq::http::Uri::from_static("https://localhost")));
}

#[test]
fn a_malformed_proxy_url_is_a_configuration_error_naming_its_source() {
    let message = config_error(env(&[
        ("ARIZE_API_KEY", "ak-test-key"),
        ("ARIZE_PROXY_URL", "ftp://user:s3cret@proxy.corp"),
    ]));
    assert!(
        message.starts_with("ARIZE_PROXY_URL is not a usable proxy URL"),
        "{message}"
    );
    assert!(!message.contains("s3cret"), "{message}");
    let message = config_error(
        Client::builder()
            .api_key("ak-test-key")
            .proxy("http://proxy.corp:3128/path"),
    );
    assert!(
        message.starts_with("ClientBuilder::proxy is not"),
        "{message}"
    );
    // The key pasted in the wrong variable is not shown either.
    let message = config_error(env(&[
        ("ARIZE_API_KEY", "ak-test-key"),
        ("https_proxy", "ak-test-key\n"),
    ]));
    assert!(message.starts_with("https_proxy is not"), "{message}");
    assert!(!message.contains("ak-test-key"), "{message}");
    // Even where it happens to be a valid URL.
    let client = env(&[
        ("ARIZE_API_KEY", "ak-test-key"),
        ("https_proxy", "ak-test-key"),
    ])
    .build()
    .unwrap();
    assert_eq!(client.proxy(), Some("http://[REDACTED]:80"));
}

#[test]
fn debug_output_shows_the_proxy_without_credentials() {
    let builder = Client::builder()
        .api_key("ak-test-key")
        .proxy("http://alice:s3cret@proxy.corp:3128");
    let client = builder.clone().build().unwrap();
    for text in [
        format!("{builder:?}"),
        format!("{client:?}"),
        format!("{client:#?}"),
    ] {
        assert!(text.contains("proxy.corp:3128"), "{text}");
        assert!(
            !text.contains("s3cret") && !text.contains("alice"),
            "{text}"
        );
    }
    assert!(format!("{client:?}").contains(r#"proxy: Some("http://proxy.corp:3128")"#));
    let direct = Client::new("ak-test-key").unwrap();
    assert!(format!("{direct:?}").contains("proxy: None"));
}

#[test]
fn client_is_clone_send_sync() {
    fn check<T: Clone + Send + Sync + 'static>() {}
    check::<Client>();
}
