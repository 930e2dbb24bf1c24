//! The audit log the fake writes: an entry for every mutating call it
//! serves (who, what, with which body and path parameters), none for reads
//! or failures, listed newest first over a window by its own clock.

use std::time::Duration;

use arize::{
    AuditLogOperationType, OrganizationAccess,
    testing::{AccountRole, FakeServer},
};
use serde_json::json;

use super::{assert_problem, call, encode, fields};

const LIST: &str = "/v2/audit-logs";

fn fake() -> FakeServer {
    FakeServer::builder()
        .organization("acme")
        .user("alice", AccountRole::Member, ["acme"])
        .space("acme", "agents")
        .user_key("alice", "laptop")
        .start()
}

/// The operation names of the entries listed with `query`.
fn listed(fake: &FakeServer, query: &str) -> Vec<String> {
    let answer = call(fake, "GET", &format!("{LIST}?{query}"), None);
    fields(&answer, "logs", "operation_name")
}

#[test]
fn every_mutating_call_served_is_an_entry_and_reads_and_failures_are_not() {
    let fake = fake();
    let client = fake.client();
    let spaces = client.spaces();
    let space = spaces.create("fraud", "acme").send().unwrap();
    spaces.get(&space).unwrap();
    assert!(
        spaces
            .create("fraud", "acme")
            .send()
            .unwrap_err()
            .is_conflict()
    );
    spaces.update(&space).name("fraud-v2").send().unwrap();
    spaces.delete(&space).unwrap();

    let page = call(&fake, "GET", LIST, None);
    let names = fields(&page, "logs", "operation_name");
    assert_eq!(names, ["delete_space", "update_space", "create_space"]);
    let update = &page.body["logs"][1];
    assert_eq!(update["user_id"], fake.admin_user_id());
    assert_eq!(update["ip"], "127.0.0.1");
    assert_eq!(update["operation_type"], "MUTATION");
    assert_eq!(update["operation_text"], r#"{"name":"fraud-v2"}"#);
    let variables = update["variables"].as_str().unwrap();
    let variables: serde_json::Value = serde_json::from_str(variables).unwrap();
    assert_eq!(variables, json!({"space_id": space.id}));
    let create = &page.body["logs"][2];
    assert_eq!(create["variables"], json!(null));
    assert!(super::decode_id(&create["id"]).starts_with("AuditLog:1:"));
    assert!(create["created_at"].as_str().unwrap().ends_with('Z'));
}

#[test]
fn an_entry_names_who_acted_with_the_key_used() {
    let fake = fake();
    let client = fake.client();
    let alice = client.with_api_key(fake.api_key_secret("laptop")).unwrap();
    alice.spaces().create("by-alice", "acme").send().unwrap();
    let access = OrganizationAccess::new("acme").space("agents");
    let key = client
        .api_keys()
        .create_service_key("ci")
        .organization(access)
        .send()
        .unwrap();
    let bot = client.with_api_key(&key.key).unwrap();
    bot.spaces().create("by-ci", "acme").send().unwrap();

    let logs = client.audit_logs();
    let by = |user: &str| {
        let entries = logs.list().user(user).items().take(10);
        entries
            .map(|entry| entry.unwrap().operation_text.unwrap())
            .collect::<Vec<_>>()
    };
    let bot_id = key.bot_user.unwrap().id;
    assert_eq!(by(&fake.user_id("alice")).len(), 1);
    assert!(by(&fake.user_id("alice"))[0].contains("by-alice"));
    assert!(by(&bot_id)[0].contains("by-ci"));
    assert_eq!(by(&fake.admin_user_id()).len(), 1, "the key's creation");
    // No secret is in the log: requests carry none.
    let all = call(&fake, "GET", LIST, None).body.to_string();
    assert!(!all.contains(key.key.expose_secret()));
}

#[test]
fn the_window_defaults_to_the_last_30_days_by_the_fakes_clock() {
    let fake = fake();
    let client = fake.client();
    client.spaces().create("old", "acme").send().unwrap();
    let before = fake.now();
    fake.advance_time(Duration::from_secs(20 * 86_400));
    client.spaces().create("new", "acme").send().unwrap();
    let after = fake.now();
    let texts = |list: arize::ListAuditLogs| -> Vec<String> {
        let items = list.items().take(10);
        items.map(|e| e.unwrap().operation_text.unwrap()).collect()
    };
    let logs = client.audit_logs();
    assert_eq!(texts(logs.list()).len(), 2);
    // Both bounds are inclusive.
    let newest = texts(logs.list().start_time(after));
    assert!(newest.len() == 1 && newest[0].contains("new"), "{newest:?}");
    let oldest = texts(logs.list().end_time(before));
    assert!(oldest.len() == 1 && oldest[0].contains("old"), "{oldest:?}");
    fake.advance_time(Duration::from_secs(11 * 86_400));
    assert_eq!(texts(logs.list()).len(), 1, "the first is over 30 days old");
    assert_eq!(texts(logs.list().start_time(before)).len(), 2);
    let crossed = format!(
        "{LIST}?start_time={}&end_time={}",
        encode(&after.to_rfc3339()),
        encode(&before.to_rfc3339())
    );
    assert_problem(&call(&fake, "GET", &crossed, None), 400, "after end_time");
    let bad = call(&fake, "GET", &format!("{LIST}?start_time=yesterday"), None);
    assert_problem(&bad, 400, "start_time");
}

#[test]
fn filters_by_operation_type_and_names_and_pages_newest_first() {
    let fake = fake();
    let spaces = fake.client().spaces();
    for name in ["a", "b", "c"] {
        spaces.create(name, "acme").send().unwrap();
    }
    spaces.delete("b").unwrap();
    assert_eq!(listed(&fake, "operation_type=MUTATION").len(), 4);
    assert!(listed(&fake, "operation_type=QUERY").is_empty());
    assert_eq!(
        listed(&fake, "operation_name=delete_space"),
        ["delete_space"]
    );
    assert_eq!(
        listed(
            &fake,
            "operation_name=delete_space&operation_name=create_space"
        )
        .len(),
        4
    );
    assert!(listed(&fake, "operation_name=Delete_Space").is_empty());
    let many = (0..21)
        .map(|n| format!("operation_name=n{n}"))
        .collect::<Vec<_>>();
    assert_problem(
        &call(&fake, "GET", &format!("{LIST}?{}", many.join("&")), None),
        400,
        "20",
    );
    let logs = fake.client().audit_logs();
    let paged: Vec<String> = logs
        .list()
        .operation_type(AuditLogOperationType::Mutation)
        .set_operation_names(["create_space"])
        .limit(1)
        .items()
        .take(10)
        .map(|entry| entry.unwrap().operation_text.unwrap())
        .collect();
    assert_eq!(paged.len(), 3);
    assert!(
        paged[0].contains(r#""c""#) && paged[2].contains(r#""a""#),
        "{paged:?}"
    );
}

#[test]
fn an_account_without_audit_logging_answers_403() {
    let fake = fake();
    fake.set_audit_logging(false);
    let error = fake.client().audit_logs().list().send().unwrap_err();
    assert!(error.is_forbidden(), "{error:?}");
    fake.set_audit_logging(true);
    assert!(fake.client().audit_logs().list().send().is_ok());
}
