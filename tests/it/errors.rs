//! Every error status maps to its own variant, with the problem document
//! intact; bodies that are not problems keep a bounded snippet; input errors
//! are caught before anything is sent.

use crate::common::*;
use arize::Error;

fn get_with_status(status: usize, content_type: &str, body: &str) -> Error {
    let mut server = mockito::Server::new();
    let mock = expect(&mut server, "GET", &format!("/v2/spaces/{ID_1_PATH}"))
        .with_status(status)
        .with_header("content-type", content_type)
        .with_body(body)
        .create();
    let client = client_without_retries(&server.url());
    let error = client.spaces().get(ID_1).unwrap_err();
    mock.assert();
    error
}

#[test]
fn every_documented_status_has_its_variant_and_keeps_the_problem() {
    type IsVariant = fn(&Error) -> bool;
    let cases: [(u16, IsVariant); 9] = [
        (400, |e| matches!(e, Error::BadRequest(_))),
        (401, |e| {
            matches!(e, Error::Unauthorized(_)) && e.is_unauthorized()
        }),
        (403, |e| {
            matches!(e, Error::Forbidden(_)) && e.is_forbidden()
        }),
        (404, |e| matches!(e, Error::NotFound(_)) && e.is_not_found()),
        (409, |e| matches!(e, Error::Conflict(_)) && e.is_conflict()),
        (422, |e| matches!(e, Error::Unprocessable(_))),
        (429, |e| {
            matches!(e, Error::RateLimited(_)) && e.is_rate_limited()
        }),
        (500, |e| matches!(e, Error::Server(_)) && e.is_retryable()),
        (418, |e| {
            matches!(e, Error::UnexpectedStatus(_)) && !e.is_retryable()
        }),
    ];
    for (status, is_expected_variant) in cases {
        let body = problem(status, "Some Title", &format!("detail of {status}"));
        let error = get_with_status(status.into(), "application/problem+json", &body);
        assert!(is_expected_variant(&error), "{status} gave {error:?}");
        assert_eq!(error.status(), Some(status));
        let problem = error.problem().expect("the problem document is kept");
        assert_eq!(problem.title, "Some Title");
        assert_eq!(i64::from(problem.status), i64::from(status));
        assert_eq!(
            problem.detail.as_deref(),
            Some(format!("detail of {status}").as_str())
        );
        assert_eq!(problem.type_.as_deref(), Some("about:blank"));
        assert_eq!(problem.instance.as_deref(), Some("/v2/spaces"));
        let api = error.api_error().unwrap();
        assert_eq!(api.title(), Some("Some Title"));
        assert_eq!(api.attempts(), 1);
        let text = error.to_string();
        assert!(text.starts_with(&format!("{status} ")), "{text}");
        assert!(
            text.contains("Some Title") && text.contains("detail of"),
            "{text}"
        );
        assert!(
            text.contains(&format!("GET {}", "http://127.0.0.1")),
            "{text}"
        );
    }
}

#[test]
fn unauthorized_hints_at_the_api_key_without_showing_it() {
    let body = problem(401, "Unauthorized", "invalid token");
    let error = get_with_status(401, "application/problem+json", &body);
    let text = error.to_string();
    assert!(text.contains("check the API key"), "{text}");
    assert!(!text.contains(KEY), "{text}");
    // The server's words first, then the hint, then which request.
    assert_eq!(
        text.split(" [").next().unwrap(),
        "401 Unauthorized: invalid token; check the API key (from ClientBuilder::api_key): it \
         may be wrong or revoked"
    );
}

#[test]
fn a_non_json_502_keeps_a_snippet_of_its_body() {
    let html = format!(
        "<html><head><title>502 Bad Gateway</title></head><body>{}</body></html>",
        "x".repeat(5000)
    );
    let error = get_with_status(502, "text/html", &html);
    let Error::Server(api) = &error else {
        panic!("expected a server error, got {error:?}")
    };
    assert_eq!(api.status(), 502);
    assert!(api.problem().is_none());
    assert!(api.body().starts_with("<html><head><title>502 Bad Gateway"));
    assert!(api.body().chars().count() <= 513, "the snippet is bounded");
    assert!(error.to_string().starts_with("502 Bad Gateway: <html>"));
}

#[test]
fn an_empty_error_body_says_so() {
    let error = get_with_status(503, "text/plain", "");
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.api_error().unwrap().body(), "");
    assert!(
        error
            .to_string()
            .starts_with("503 Service Unavailable (empty body)")
    );
}

#[test]
fn a_problem_with_the_wrong_content_type_is_still_parsed() {
    let error = get_with_status(409, "text/plain", &problem(409, "Conflict", "name taken"));
    assert!(error.is_conflict());
    assert_eq!(
        error.problem().unwrap().detail.as_deref(),
        Some("name taken")
    );
}

#[test]
fn a_server_echoing_the_key_cannot_leak_it() {
    let echo = format!(r#"{{"title":"Bad token {KEY}","status":401,"detail":"Bearer {KEY}"}}"#);
    let error = get_with_status(401, "application/problem+json", &echo);
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains(KEY), "{text}");
    }
    let error = get_with_status(500, "text/plain", &format!("auth was Bearer {KEY}"));
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains(KEY), "{text}");
        assert!(text.contains("[REDACTED]"), "{text}");
    }
}

#[test]
fn an_undecodable_success_names_the_type_and_the_path() {
    let mut server = mockito::Server::new();
    let list = server
        .mock("GET", "/v2/spaces?limit=50")
        .with_body(r#"{"spaces":[{"id":"x","name":"n","description":"","created_at":"yesterday","is_private":false}],"pagination":{"has_more":false}}"#)
        .create();
    let error = client(&server).spaces().list().send().unwrap_err();
    let Error::Decode(decode) = &error else {
        panic!("expected a decode error, got {error:?}")
    };
    assert_eq!(decode.status(), 200);
    assert_eq!(decode.expected(), "ListSpacesResponse");
    assert_eq!(decode.path(), "spaces[0].created_at");
    assert!(decode.body().starts_with(r#"{"spaces""#));
    assert_eq!(error.status(), Some(200));
    list.assert();
}

#[test]
fn invalid_input_is_refused_before_anything_is_sent() {
    let mut server = mockito::Server::new();
    let any = server.mock("GET", mockito::Matcher::Any).expect(0).create();
    let any_post = server
        .mock("POST", mockito::Matcher::Any)
        .expect(0)
        .create();
    let any_patch = server
        .mock("PATCH", mockito::Matcher::Any)
        .expect(0)
        .create();
    let any_delete = server
        .mock("DELETE", mockito::Matcher::Any)
        .expect(0)
        .create();
    let spaces = client(&server).spaces();
    let long = "n".repeat(256);

    let cases: Vec<(&str, arize::Result<()>)> = vec![
        ("limit", spaces.list().limit(0).send().map(drop)),
        ("limit", spaces.list().limit(101).send().map(drop)),
        (
            "limit",
            spaces.list().limit(0).items().next().unwrap().map(drop),
        ),
        ("name", spaces.list().name(long.clone()).send().map(drop)),
        (
            "organization",
            spaces.list().organization_id("").send().map(drop),
        ),
        (
            "organization",
            spaces.list().organization("").send().map(drop),
        ),
        ("cursor", spaces.list().cursor("").send().map(drop)),
        ("space", spaces.get("").map(drop)),
        ("space", spaces.get(long.as_str()).map(drop)),
        ("name", spaces.create("", ORG).send().map(drop)),
        ("name", spaces.create(long.clone(), ORG).send().map(drop)),
        ("organization", spaces.create("n", "").send().map(drop)),
        (
            "description",
            spaces
                .create("n", ORG)
                .description("d".repeat(1001))
                .send()
                .map(drop),
        ),
        ("update", spaces.update(ID_1).send().map(drop)),
        ("update", spaces.update("by-name").send().map(drop)),
        ("name", spaces.update(ID_1).name("").send().map(drop)),
        (
            "name",
            spaces.update(ID_1).name(long.clone()).send().map(drop),
        ),
        (
            "description",
            spaces.update(ID_1).description("").send().map(drop),
        ),
        (
            "description",
            spaces
                .update(ID_1)
                .description("d".repeat(1001))
                .send()
                .map(drop),
        ),
        (
            "default_llm_integration.integration_id",
            spaces
                .update(ID_1)
                .default_llm_integration("", "m")
                .send()
                .map(drop),
        ),
        ("space", spaces.delete("").map(drop)),
        (
            "user",
            spaces
                .add_user(ID_1, "", arize::PredefinedRole::Admin)
                .map(drop),
        ),
        (
            "role",
            spaces
                .add_user(ID_1, USER, arize::Role::custom(""))
                .map(drop),
        ),
        ("user", spaces.remove_user(ID_1, "").map(drop)),
    ];
    for (field, result) in cases {
        match result {
            Err(Error::InvalidRequest { field: got, reason }) => {
                assert_eq!(got, field, "{reason}");
                assert!(!reason.is_empty());
            }
            other => panic!("{field}: expected an invalid request, got {other:?}"),
        }
    }
    any.assert();
    any_post.assert();
    any_patch.assert();
    any_delete.assert();
}

/// Names of 255 characters and descriptions of 1,000 are the limits, in
/// characters: emoji take 4 bytes in UTF-8 and 2 code units in UTF-16, so
/// a limit counted in either fails here.
#[test]
fn limits_count_characters_not_bytes() {
    let (name, description) = ("🦀".repeat(255), "🦀".repeat(1000));
    let mut server = mockito::Server::new();
    let create = expect_json(
        &mut server,
        "POST",
        "/v2/spaces",
        serde_json::json!({
            "name": name, "organization_id": ORG, "description": description, "is_private": false
        }),
    )
    .with_status(201)
    .with_body(space(ID_1, &name).to_string())
    .expect(1)
    .create();
    let update = expect_json(
        &mut server,
        "PATCH",
        &format!("/v2/spaces/{ID_1_PATH}"),
        serde_json::json!({"name": name, "description": description}),
    )
    .with_body(space(ID_1, &name).to_string())
    .expect(1)
    .create();
    let encoded: String = std::iter::repeat_n("%F0%9F%A6%80", 255).collect();
    let list = expect(
        &mut server,
        "GET",
        &format!("/v2/spaces?name={encoded}&limit=50"),
    )
    .with_body(page(vec![], None))
    .expect(1)
    .create();
    let spaces = client(&server).spaces();

    let created = spaces
        .create(name.as_str(), ORG)
        .description(description.as_str())
        .send()
        .unwrap();
    assert_eq!(created.name, name);
    spaces
        .update(ID_1)
        .name(name.as_str())
        .description(description.as_str())
        .send()
        .unwrap();
    assert!(spaces.list().name(name.as_str()).send().unwrap().is_empty());
    create.assert();
    update.assert();
    list.assert();

    // One character more is refused, before sending.
    let (name, description) = ("🦀".repeat(256), "🦀".repeat(1001));
    let cases = [
        ("name", spaces.create(name.as_str(), ORG).send().map(drop)),
        (
            "description",
            spaces
                .create("n", ORG)
                .description(description.as_str())
                .send()
                .map(drop),
        ),
        (
            "name",
            spaces.update(ID_1).name(name.as_str()).send().map(drop),
        ),
        (
            "description",
            spaces
                .update(ID_1)
                .description(description.as_str())
                .send()
                .map(drop),
        ),
        ("name", spaces.list().name(name.as_str()).send().map(drop)),
    ];
    for (field, result) in cases {
        assert!(
            matches!(&result, Err(Error::InvalidRequest { field: got, .. }) if *got == field),
            "{field}: {result:?}"
        );
    }
    create.assert();
    update.assert();
    list.assert();
}
