//! The API keys routes: the secret shown once, keys that authenticate,
//! revoked keys hidden and refused, service keys needing an organization
//! with a space and making a bot user, grace periods and expiry.

use std::time::Duration;

use arize::{
    ApiKeyStatus, BindingResource, Error, OrganizationAccess, PredefinedRole, ProjectRef, Role,
    testing::{AccountRole, FakeServer},
};
use serde_json::{Value, json};

use super::{Answer, assert_problem, call, encode, fields, send};

const LIST: &str = "/v2/api-keys";

/// Acme with the spaces `agents` (holding the project `checkout`) and
/// `fraud`, globex with `ops`; alice in acme with a user key `laptop`; the
/// custom role `reviewer`; the service key `deployer` bound to `agents`.
fn fake() -> FakeServer {
    FakeServer::builder()
        .organization("acme")
        .organization("globex")
        .user("alice", AccountRole::Member, ["acme"])
        .space("acme", "agents")
        .space("acme", "fraud")
        .space("globex", "ops")
        .project("agents", "checkout")
        .custom_role("reviewer")
        .user_key("alice", "laptop")
        .service_key("deployer", "agents")
        .start()
}

fn create(fake: &FakeServer, body: Value) -> Answer {
    call(fake, "POST", LIST, Some(body))
}

fn key_path(id: &str, action: &str) -> String {
    format!("{LIST}/{}/{action}", encode(id))
}

/// A service key body bound to these spaces of acme, as `spaces` gives them.
fn service(spaces: Value) -> Value {
    json!({"key_type": "SERVICE", "name": "ci", "organizations": [
        {"org_id": "ORG", "spaces": spaces}
    ]})
}

/// `service` with acme's real ID.
fn in_acme(fake: &FakeServer, spaces: Value) -> Value {
    let mut body = service(spaces);
    body["organizations"][0]["org_id"] = json!(fake.organization_id("acme"));
    body
}

#[test]
fn a_created_key_shows_its_secret_once_and_authenticates() {
    let fake = fake();
    let answer = create(
        &fake,
        json!({"key_type": "USER", "name": "ci", "description": "d"}),
    );
    assert_eq!(answer.status, 201, "{}", answer.body);
    let key = &answer.body;
    let secret = key["key"].as_str().unwrap();
    assert!(secret.starts_with("ak-") && secret.len() == 43, "{secret}");
    let redacted = key["redacted_key"].as_str().unwrap();
    assert_eq!(
        redacted,
        format!("ak-{}...{}", &secret[3..6], &secret[40..])
    );
    assert_eq!(key["key_type"], "USER");
    assert_eq!(key["status"], "ACTIVE");
    assert_eq!(key["created_by_user_id"], fake.admin_user_id());
    assert!(super::decode_id(&key["id"]).starts_with("ApiKey:3:"));
    assert!(key.get("bot_user").is_none() && key.get("expires_at").is_none());
    // Listed without it.
    let listed = call(&fake, "GET", LIST, None);
    let listed = &listed.body["api_keys"][0];
    assert_eq!(listed["redacted_key"], redacted);
    assert!(listed.get("key").is_none(), "{listed}");
    assert!(!listed.to_string().contains(secret));
    // It authenticates, as the administrator who made it.
    let as_key = send(&fake, "GET", "/v2/spaces", None, Some(secret));
    assert_eq!(as_key.status, 200);
    let used = call(&fake, "GET", LIST, None);
    assert!(used.body["api_keys"][0]["last_used_at"].is_string());
    assert_eq!(fake.api_key_secret("ci"), secret);
}

#[test]
fn user_keys_are_listed_by_creator_and_service_keys_by_space() {
    let fake = fake();
    let alice = fake.user_id("alice");
    let names = |query: &str| {
        fields(
            &call(&fake, "GET", &format!("{LIST}?{query}"), None),
            "api_keys",
            "name",
        )
    };
    // The administrator has no user key yet; alice has one.
    assert!(names("").is_empty());
    assert_eq!(names(&format!("user_id={}", encode(&alice))), ["laptop"]);
    let agents = encode(&fake.space_id("agents"));
    let fraud = encode(&fake.space_id("fraud"));
    assert_eq!(names(&format!("space_id={agents}")), ["deployer"]);
    assert_eq!(
        names(&format!("space_id={agents}&key_type=SERVICE")),
        ["deployer"]
    );
    assert!(names(&format!("space_id={fraud}")).is_empty());
    let admin = encode(&fake.admin_user_id());
    assert_eq!(
        names(&format!("space_id={agents}&user_id={admin}")),
        ["deployer"]
    );
    assert!(names(&format!("space_id={agents}&user_id={}", encode(&alice))).is_empty());
    // Listed by space, a bot user's organizations are left out.
    let listed = call(&fake, "GET", &format!("{LIST}?space_id={agents}"), None);
    assert_eq!(
        listed.body["api_keys"][0]["bot_user"]["organizations"],
        json!([])
    );
    for (query, status, detail) in [
        ("key_type=SERVICE".to_owned(), 400, "key_type"),
        (format!("space_id={agents}&key_type=USER"), 400, "key_type"),
        ("status=DELETED".to_owned(), 400, "status"),
        ("space_id=U3BhY2U6OTk=".to_owned(), 404, "no space"),
        ("user_id=VXNlcjo5OTk=".to_owned(), 404, "no user"),
    ] {
        let answer = call(&fake, "GET", &format!("{LIST}?{query}"), None);
        assert_problem(&answer, status, detail);
    }
}

#[test]
fn revoking_hides_the_key_refuses_it_and_can_be_repeated() {
    let fake = fake();
    let id = fake.api_key_id("laptop");
    let secret = fake.api_key_secret("laptop");
    assert_eq!(send(&fake, "GET", LIST, None, Some(&secret)).status, 200);
    for _ in 0..2 {
        let answer = call(&fake, "PUT", &key_path(&id, "revoke"), None);
        assert_eq!((answer.status, answer.body), (204, Value::Null));
    }
    let refused = send(&fake, "GET", LIST, None, Some(&secret));
    assert_problem(&refused, 401, "API key");
    let alice = encode(&fake.user_id("alice"));
    let active = call(&fake, "GET", &format!("{LIST}?user_id={alice}"), None);
    assert_eq!(active.body["api_keys"], json!([]));
    let revoked = call(
        &fake,
        "GET",
        &format!("{LIST}?user_id={alice}&status=REVOKED"),
        None,
    );
    assert_eq!(revoked.body["api_keys"][0]["status"], "REVOKED");
    let refresh = call(&fake, "POST", &key_path(&id, "refresh"), Some(json!({})));
    assert_problem(&refresh, 400, "revoked");
}

#[test]
fn a_service_key_needs_an_organization_with_spaces_and_roles_it_may_hold() {
    let fake = fake();
    let agents = fake.space_id("agents");
    let ops = fake.space_id("ops");
    let custom = |id: &str| json!({"type": "CUSTOM", "id": id});
    let role = |name: &str| json!({"type": "PREDEFINED", "name": name});
    let mut custom_org = in_acme(&fake, json!([{"space_id": agents}]));
    custom_org["organizations"][0]["role"] = custom(&fake.role_id("reviewer"));
    let mut annotator_org = in_acme(&fake, json!([{"space_id": agents}]));
    annotator_org["organizations"][0]["role"] = role("ANNOTATOR");
    let mut annotator_account = in_acme(&fake, json!([{"space_id": agents}]));
    annotator_account["account_role"] = role("ANNOTATOR");
    let mut unknown_field = in_acme(&fake, json!([{"space_id": agents, "x": 1}]));
    unknown_field["x"] = json!(1);
    let cases = [
        (
            json!({"key_type": "SERVICE", "name": "ci"}),
            400,
            "organizations: required",
        ),
        (
            json!({"key_type": "SERVICE", "name": "ci", "organizations": []}),
            422,
            "expected 1 to 100",
        ),
        (in_acme(&fake, json!([])), 422, "expected 1 to 100"),
        (
            service(json!([{"space_id": agents}])),
            404,
            "no organization",
        ),
        (
            in_acme(&fake, json!([{"space_id": "U3BhY2U6OTk="}])),
            404,
            "no space",
        ),
        (
            in_acme(&fake, json!([{"space_id": ops}])),
            422,
            "does not belong",
        ),
        (custom_org, 422, "custom roles are not yet supported"),
        (annotator_org, 422, "cannot hold"),
        (
            in_acme(
                &fake,
                json!([{"space_id": agents, "role": role("ANNOTATOR")}]),
            ),
            422,
            "cannot hold",
        ),
        (
            in_acme(
                &fake,
                json!([{"space_id": agents, "role": custom("Um9sZTo5OTk=")}]),
            ),
            404,
            "no custom role",
        ),
        (annotator_account, 400, "account_role"),
        (unknown_field, 400, "unknown field"),
        (json!({"key_type": "ROBOT", "name": "ci"}), 400, "key_type"),
        (json!({"name": "ci"}), 400, "key_type: required"),
        (json!({"key_type": "USER", "name": ""}), 422, "name"),
        (
            json!({"key_type": "USER", "name": "ci", "expires_at": "2025-01-01T00:00:00Z"}),
            422,
            "future",
        ),
        (
            json!({"key_type": "USER", "name": "ci", "expires_at": "tomorrow"}),
            400,
            "RFC 3339",
        ),
        (
            json!({"key_type": "USER", "name": "ci", "organizations": []}),
            400,
            "unknown field",
        ),
    ];
    for (body, status, detail) in cases {
        assert_problem(&create(&fake, body), status, detail);
    }
}

#[test]
fn a_service_keys_bot_user_is_a_user_with_the_roles_given_or_the_least() {
    let fake = fake();
    let reviewer = fake.role_id("reviewer");
    let body = in_acme(
        &fake,
        json!([
            {"space_id": fake.space_id("agents")},
            {"space_id": fake.space_id("fraud"), "role": {"type": "CUSTOM", "id": reviewer}},
        ]),
    );
    let answer = create(&fake, body);
    assert_eq!(answer.status, 201, "{}", answer.body);
    let bot = &answer.body["bot_user"];
    assert_eq!(
        bot["account_role"],
        json!({"type": "PREDEFINED", "name": "MEMBER"})
    );
    let acme = &bot["organizations"][0];
    assert_eq!(
        acme["role"],
        json!({"type": "PREDEFINED", "name": "READ_ONLY"})
    );
    assert_eq!(
        acme["spaces"][0]["role"],
        json!({"type": "PREDEFINED", "name": "MEMBER"})
    );
    assert_eq!(
        acme["spaces"][1]["role"],
        json!({"type": "CUSTOM", "id": reviewer, "name": "reviewer"})
    );
    // A user to get and bind, though not listed among the account's users.
    let bot_id = bot["id"].as_str().unwrap();
    let user = call(&fake, "GET", &format!("/v2/users/{}", encode(bot_id)), None);
    assert_eq!(
        (user.status, &user.body["name"]),
        (200, &json!("ci (service key)"))
    );
    let users = fields(&call(&fake, "GET", "/v2/users", None), "users", "id");
    assert!(!users.iter().any(|id| id == bot_id), "{users:?}");
    let client = fake.client();
    let project = BindingResource::project(ProjectRef::in_space("checkout", "agents"));
    let binding = client
        .role_bindings()
        .create(bot_id, "Project Member", project)
        .unwrap();
    assert_eq!(binding.user_id, bot_id);
    // The key authenticates as its bot user, and keeps working when its
    // creator's account goes.
    let secret = answer.body["key"].as_str().unwrap();
    assert_eq!(
        send(&fake, "GET", "/v2/spaces", None, Some(secret)).status,
        200
    );
}

#[test]
fn a_refresh_replaces_the_secret_and_keeps_the_old_one_for_the_grace_period() {
    let fake = fake();
    let id = fake.api_key_id("deployer");
    let old = fake.api_key_secret("deployer");
    let answer = call(
        &fake,
        "POST",
        &key_path(&id, "refresh"),
        Some(json!({"grace_period_seconds": 600})),
    );
    assert_eq!(answer.status, 200, "not 201: {}", answer.body);
    let new = answer.body["key"].as_str().unwrap().to_owned();
    assert_ne!(new, old);
    assert_eq!(answer.body["id"], id);
    assert!(answer.body.get("bot_user").is_none(), "{}", answer.body);
    let works = |secret: &str| send(&fake, "GET", "/v2/spaces", None, Some(secret)).status;
    assert_eq!((works(&old), works(&new)), (200, 200));
    fake.advance_time(Duration::from_secs(599));
    assert_eq!(works(&old), 200);
    fake.advance_time(Duration::from_secs(1));
    assert_eq!((works(&old), works(&new)), (401, 200));
    // Without a grace period, the old secret stops at once.
    let again = call(&fake, "POST", &key_path(&id, "refresh"), None);
    assert_eq!(again.status, 200);
    assert_eq!(works(&new), 401);
    for bad in [
        json!({"grace_period_seconds": 86_401}),
        json!({"grace_period_seconds": -1}),
    ] {
        assert_problem(
            &call(&fake, "POST", &key_path(&id, "refresh"), Some(bad)),
            422,
            "0..=86400",
        );
    }
}

#[test]
fn a_key_that_expires_needs_its_expiry_sent_and_never_a_later_one() {
    let fake = fake();
    let expiry = fake.now() + chrono::Duration::hours(2);
    let answer = create(
        &fake,
        json!({"key_type": "USER", "name": "ci", "expires_at": expiry.to_rfc3339()}),
    );
    let id = answer.body["id"].as_str().unwrap().to_owned();
    let secret = answer.body["key"].as_str().unwrap().to_owned();
    let refresh = |body: Value| call(&fake, "POST", &key_path(&id, "refresh"), Some(body));
    assert_problem(&refresh(json!({})), 422, "required");
    let later = (expiry + chrono::Duration::seconds(1)).to_rfc3339();
    assert_problem(&refresh(json!({"expires_at": later})), 422, "lengthen");
    // A grace period ends with the key's own expiry.
    let kept = refresh(json!({"expires_at": expiry.to_rfc3339(), "grace_period_seconds": 86_400}));
    assert_eq!(kept.status, 200, "{}", kept.body);
    let new = kept.body["key"].as_str().unwrap().to_owned();
    fake.advance_time(Duration::from_secs(7200));
    for secret in [secret, new] {
        let answer = send(&fake, "GET", "/v2/spaces", None, Some(&secret));
        assert_problem(&answer, 401, "expired");
    }
}

#[test]
fn deleting_a_user_or_an_organization_removes_their_keys() {
    let fake = fake();
    let client = fake.client();
    client.users().delete("alice@example.com").unwrap();
    let alice = encode(&fake.user_id("alice"));
    for status in ["ACTIVE", "REVOKED"] {
        let listed = call(
            &fake,
            "GET",
            &format!("{LIST}?user_id={alice}&status={status}"),
            None,
        );
        assert_eq!(listed.body["api_keys"], json!([]));
    }
    let deployer = fake.api_key_secret("deployer");
    client.organizations().delete("acme").unwrap();
    let answer = send(&fake, "GET", "/v2/spaces", None, Some(&deployer));
    assert_problem(&answer, 401, "API key");
}

#[test]
fn the_client_rotates_a_key_and_the_new_client_acts_with_it() {
    let fake = fake();
    let client = fake.client();
    let keys = client.api_keys();
    let access = OrganizationAccess::new("acme")
        .space("agents")
        .space_as("fraud", Role::custom("reviewer"));
    let key = keys
        .create_service_key("ci")
        .account_role(arize::AccountRole::Member)
        .organization(access.role(PredefinedRole::Member))
        .send()
        .unwrap();
    let first = client.with_api_key(&key.key).unwrap();
    assert_eq!(first.spaces().list().items().take(10).count(), 3);

    let rotated = keys.rotate(&key, Duration::from_secs(60)).unwrap();
    assert_eq!(rotated.key.id, key.id);
    let second = rotated.client().unwrap();
    assert_eq!(second.spaces().list().items().take(10).count(), 3);
    assert!(
        first.spaces().list().send().is_ok(),
        "within the grace period"
    );
    fake.advance_time(Duration::from_secs(60));
    let error = first.spaces().list().send().unwrap_err();
    assert!(matches!(error, Error::Unauthorized(_)), "{error:?}");
    assert!(second.spaces().list().send().is_ok());

    keys.revoke(&key).unwrap();
    keys.revoke(&key).unwrap();
    let error = second.spaces().list().send().unwrap_err();
    assert!(error.is_unauthorized(), "{error:?}");
    let revoked = keys
        .list()
        .space("agents")
        .status(ApiKeyStatus::Revoked)
        .send()
        .unwrap();
    assert_eq!(revoked.items()[0].id, key.id);
}
