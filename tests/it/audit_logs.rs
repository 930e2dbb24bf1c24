//! What is the audit log's own: its window written in UTC, its filters in
//! the spec's order, operation names repeated on every page, a user named
//! by email, the variables parsed, and entries that fail to decode quoted
//! nowhere. The generic contracts are in `contract`.

use crate::common::*;
use arize::{AuditLog, AuditLogOperationType, Error};
use chrono::{TimeZone, Utc};
use serde_json::json;

const LIST: &str = "/v2/audit-logs";

#[test]
fn the_window_is_sent_in_utc_with_z_before_the_other_filters() {
    let mut server = mockito::Server::new();
    let start = Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap();
    let end = start + chrono::Duration::milliseconds(86_400_500);
    let every = expect(
        &mut server,
        "GET",
        &format!(
            "{LIST}?start_time=2026-01-02T03%3A04%3A05Z&end_time=2026-01-03T03%3A04%3A05%2E500Z\
             &user_id={USER}&operation_type=MUTATION&operation_name=create_space\
             &operation_name=delete%20space&limit=7&cursor=c%2F"
        ),
    )
    .with_body(page_of("logs", vec![], None))
    .create();
    let cleared = expect(&mut server, "GET", &format!("{LIST}?limit=50"))
        .with_body(page_of("logs", vec![], None))
        .create();
    let logs = client(&server).audit_logs();

    logs.list()
        .operation_name("create_space")
        .end_time(end)
        .user(USER)
        .operation_type(AuditLogOperationType::Mutation)
        .start_time(start)
        .operation_name("delete space")
        .limit(7)
        .cursor("c/")
        .send()
        .unwrap();
    logs.list()
        .start_time(start)
        .set_start_time(None)
        .end_time(end)
        .set_end_time(None)
        .user(USER)
        .set_user(None)
        .operation_type(AuditLogOperationType::Query)
        .set_operation_type(None)
        .operation_name("x")
        .set_operation_names(Vec::<String>::new())
        .send()
        .unwrap();

    every.assert();
    cleared.assert();
}

#[test]
fn operation_names_go_with_every_page_and_a_user_email_is_resolved_once() {
    let mut server = mockito::Server::new();
    let user = expect(
        &mut server,
        "GET",
        &format!("/v2/users?email={ALICE_QUERY}&limit=100"),
    )
    .with_body(page_of("users", vec![user(ALICE_ID, ALICE)], None))
    .expect(1)
    .create();
    let query = format!("user_id={ALICE_PATH}&operation_name=a&operation_name=b&limit=100");
    let first = expect(&mut server, "GET", &format!("{LIST}?{query}"))
        .with_body(page_of("logs", vec![audit_log_json("e1")], Some("p2")))
        .expect(1)
        .create();
    let second = expect(&mut server, "GET", &format!("{LIST}?{query}&cursor=p2"))
        .with_body(page_of("logs", vec![audit_log_json("e2")], None))
        .expect(1)
        .create();

    let ids: Vec<String> = client(&server)
        .audit_logs()
        .list()
        .user(ALICE)
        .set_operation_names(["a", "b"])
        .items()
        .take(5)
        .map(|entry| entry.unwrap().id)
        .collect();

    assert_eq!(ids, ["e1", "e2"]);
    for mock in [user, first, second] {
        mock.assert();
    }
}

#[test]
fn an_entry_reads_every_field_and_its_variables_as_json() {
    let mut server = mockito::Server::new();
    let mut unparsable = audit_log_json("e2");
    unparsable["variables"] = json!("{not json");
    let mock = expect(&mut server, "GET", &format!("{LIST}?limit=50"))
        .with_body(page_of(
            "logs",
            vec![audit_log_json(ENTRY), unparsable, json!({"id": "e3"})],
            None,
        ))
        .create();

    let page = client(&server).audit_logs().list().send().unwrap();

    mock.assert();
    let entry: &AuditLog = &page.items()[0];
    assert_eq!(
        (&*entry.id, &*entry.user_id, &*entry.ip),
        (ENTRY, USER, "203.0.113.7")
    );
    assert_eq!(entry.operation_type, Some(AuditLogOperationType::Mutation));
    assert_eq!(entry.operation_name.as_deref(), Some("delete_space"));
    assert_eq!(entry.operation_text.as_deref(), Some(""));
    assert_eq!(entry.variables_json(), Some(json!({"space_id": ID_1})));
    assert_eq!(
        entry.created_at,
        Some(Utc.with_ymd_and_hms(2026, 1, 2, 3, 4, 5).unwrap())
    );
    assert_eq!(page.items()[1].variables.as_deref(), Some("{not json"));
    assert_eq!(page.items()[1].variables_json(), None);
    assert_eq!(page.items()[2].variables_json(), None);
}

#[test]
fn a_page_that_fails_to_decode_quotes_none_of_the_bodies_it_holds() {
    let mut server = mockito::Server::new();
    let password = "pw-of-an-audited-request";
    let mut entry = audit_log_json(ENTRY);
    entry["operation_text"] = json!(format!(r#"{{"password": "{password}"}}"#));
    entry["created_at"] = json!(password);
    let mock = expect(&mut server, "GET", &format!("{LIST}?limit=50"))
        .with_body(page_of("logs", vec![entry], None))
        .create();

    let error = client(&server).audit_logs().list().send().unwrap_err();

    mock.assert();
    assert!(matches!(error, Error::Decode(_)), "{error:?}");
    for text in [error.to_string(), format!("{error:#?}")] {
        assert!(!text.contains(password), "{text}");
    }
}
