//! The table: one row per resource. Each operation's call is its plainest
//! form (required arguments only), with the ID forced as an ID.

use arize::{
    AccountRole, BindingResource, InviteMode, OrganizationRef, Permission, PredefinedRole,
    ResourceKind, ResourceRestriction, Role, RoleBinding, RoleBindingResourceType, RoleDefinition,
    RoleRef, Space, SpaceRef, User, UserRef,
};
use serde_json::{Value, json};

use super::{Names, Refused, Row, deleted, done, merged, no_content, ok, op};
use crate::common::*;

fn space_id(id: &str) -> SpaceRef {
    SpaceRef::Id(id.into())
}

fn organization_id(id: &str) -> OrganizationRef {
    OrganizationRef::Id(id.into())
}

fn user_id(id: &str) -> UserRef {
    UserRef::Id(id.into())
}

fn role_id(id: &str) -> RoleRef {
    RoleRef::Id(id.into())
}

/// The predefined member role, and as the wire carries it.
const MEMBER: PredefinedRole = PredefinedRole::Member;

fn member() -> Value {
    json!({"type": "PREDEFINED", "name": "MEMBER"})
}

/// The body of an `add_user` of `USER` as a member.
fn add_member(_: &str) -> Value {
    json!({"user_id": USER, "role": member()})
}

/// A space as the newest server sends it, every field set.
fn space_item(id: &str) -> Value {
    json!({
        "id": id,
        "name": "fraud",
        "description": "Fraud models",
        "created_at": "2026-03-04T05:06:07.123Z",
        "is_private": true,
        "organization_id": ORG,
        "default_llm_integration": {"integration_id": "SW50OjE=", "model_name": "gpt-5"},
        "ml_models_enabled": true,
        "gradient_start_color": "#112233",
        "gradient_end_color": "#445566",
        "default_agent_runtime": {"integration_id": "UnQ6MQ=="},
    })
}

pub fn spaces() -> Row<Space> {
    Row {
        name: "spaces",
        path: "/v2/spaces",
        query: "",
        field: "spaces",
        kind: "space",
        sample: (ID_1, ID_1_PATH),
        missing: "no space",
        list: |c| c.spaces().list(),
        id: |space| &space.id,
        item: space_item,
        required: &["id", "name"],
        unknown: || json!({}),
        names: Some(Names {
            kind: ResourceKind::Space,
            is_named: ("is named", "are named"),
            lookup: |name| format!("name={name}&"),
            name: ("fraud", "fraud"),
            matches: ["fraud", "fraud"],
            misses: &["fraud-archive", "Fraud", " fraud"],
            named: |id, name| merged(space_item(id), json!({"name": name})),
            other: ID_2,
            resolve: |c, text| c.spaces().resolve(text),
        }),
        read: Some(("GET", "/v2/spaces/{id}", |c, id| {
            c.spaces().get(space_id(id))
        })),
        ops: vec![
            op(
                "list",
                "GET /v2/spaces?limit=50",
                |c, _| done(c.spaces().list().send()),
                |_| (200, page(vec![], None)),
            ),
            op(
                "create",
                "POST /v2/spaces",
                |c, _| done(c.spaces().create("n", ORG).send()),
                |id| ok(201, space_item(id)),
            )
            .body(|_| json!({"name": "n", "organization_id": ORG, "is_private": false})),
            op(
                "get",
                "GET /v2/spaces/{id}",
                |c, id| done(c.spaces().get(space_id(id))),
                |id| ok(200, space_item(id)),
            )
            .named(|c, name| done(c.spaces().get(name))),
            op(
                "update",
                "PATCH /v2/spaces/{id}",
                |c, id| done(c.spaces().update(space_id(id)).name("n").send()),
                |id| ok(200, space_item(id)),
            )
            .named(|c, name| done(c.spaces().update(name).name("n").send()))
            .body(|_| json!({"name": "n"})),
            op(
                "delete",
                "DELETE /v2/spaces/{id}",
                |c, id| deleted(c.spaces().delete(space_id(id))),
                no_content,
            )
            .named(|c, name| deleted(c.spaces().delete(name))),
            op(
                "add_user",
                "POST /v2/spaces/{id}/users",
                |c, id| done(c.spaces().add_user(space_id(id), USER, MEMBER)),
                |id| {
                    let membership = json!({"id": "TTox", "user_id": USER, "space_id": id});
                    ok(200, merged(membership, json!({"role": member()})))
                },
            )
            .named(|c, name| done(c.spaces().add_user(name, USER, MEMBER)))
            .body(add_member)
            .retried(true),
            op(
                "remove_user",
                "DELETE /v2/spaces/{id}/users/{id}",
                |c, id| deleted(c.spaces().remove_user(space_id(id), user_id(id))),
                no_content,
            )
            .named(|c, name| deleted(c.spaces().remove_user(name, user_id(ID_1))))
            .field("user"),
        ],
        invalid: |c| {
            let spaces = c.spaces();
            let long = "n".repeat(256);
            vec![
                ("name", spaces.list().name(long.clone()).send().map(drop)),
                (
                    "organization",
                    spaces.list().organization_id("").send().map(drop),
                ),
                (
                    "organization",
                    spaces.list().organization("").send().map(drop),
                ),
                ("space", spaces.get("").map(drop)),
                ("space", spaces.get(long.as_str()).map(drop)),
                ("space", spaces.delete("").map(drop)),
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
                ("name", spaces.update(ID_1).name(long).send().map(drop)),
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
                (
                    "user",
                    spaces.add_user(ID_1, "", PredefinedRole::Admin).map(drop),
                ),
                (
                    "role",
                    spaces.add_user(ID_1, USER, Role::custom("")).map(drop),
                ),
                ("user", spaces.remove_user(ID_1, "").map(drop)),
            ]
        },
    }
}

pub fn organizations() -> Row<arize::Organization> {
    Row {
        name: "organizations",
        path: "/v2/organizations",
        query: "",
        field: "organizations",
        kind: "organization",
        sample: (ORG_ACME, ORG_ACME_PATH),
        missing: "no organization",
        list: |c| c.organizations().list(),
        id: |organization| &organization.id,
        item: |id| organization(id, "acme"),
        required: &["id", "name"],
        unknown: || json!({}),
        names: Some(Names {
            kind: ResourceKind::Organization,
            is_named: ("is named", "are named"),
            lookup: |name| format!("name={name}&"),
            name: ("acme", "acme"),
            matches: ["acme", "acme"],
            misses: &["Acme", "acme-labs"],
            named: organization,
            other: ORG_GLOBEX,
            resolve: |c, text| c.organizations().resolve(text),
        }),
        read: Some(("GET", "/v2/organizations/{id}", |c, id| {
            c.organizations().get(organization_id(id))
        })),
        ops: vec![
            op(
                "list",
                "GET /v2/organizations?limit=50",
                |c, _| done(c.organizations().list().send()),
                |_| (200, page_of("organizations", vec![], None)),
            ),
            op(
                "create",
                "POST /v2/organizations",
                |c, _| done(c.organizations().create("n").send()),
                |id| ok(201, organization(id, "n")),
            )
            .body(|_| json!({"name": "n"})),
            op(
                "get",
                "GET /v2/organizations/{id}",
                |c, id| done(c.organizations().get(organization_id(id))),
                |id| ok(200, organization(id, "acme")),
            )
            .named(|c, name| done(c.organizations().get(name))),
            op(
                "update",
                "PATCH /v2/organizations/{id}",
                |c, id| {
                    done(
                        c.organizations()
                            .update(organization_id(id))
                            .name("n")
                            .send(),
                    )
                },
                |id| ok(200, organization(id, "n")),
            )
            .named(|c, name| done(c.organizations().update(name).name("n").send()))
            .body(|_| json!({"name": "n"})),
            op(
                "delete",
                "DELETE /v2/organizations/{id}",
                |c, id| deleted(c.organizations().delete(organization_id(id))),
                no_content,
            )
            .named(|c, name| deleted(c.organizations().delete(name))),
            op(
                "add_user",
                "POST /v2/organizations/{id}/users",
                |c, id| {
                    done(
                        c.organizations()
                            .add_user(organization_id(id), USER, MEMBER),
                    )
                },
                |id| (200, organization_membership(USER, id, member())),
            )
            .named(|c, name| done(c.organizations().add_user(name, USER, MEMBER)))
            .body(add_member)
            .retried(true),
            op(
                "remove_user",
                "DELETE /v2/organizations/{id}/users/{id}",
                |c, id| {
                    deleted(
                        c.organizations()
                            .remove_user(organization_id(id), user_id(id)),
                    )
                },
                no_content,
            )
            .named(|c, name| deleted(c.organizations().remove_user(name, user_id(ORG_ACME))))
            .field("user"),
        ],
        invalid: |c| {
            let organizations = c.organizations();
            let long = "n".repeat(256);
            let emoji_256 = "🦀".repeat(256);
            let member = || PredefinedRole::Member;
            vec![
                ("name", organizations.create("").send().map(drop)),
                ("name", organizations.create(long.clone()).send().map(drop)),
                (
                    "name",
                    organizations.create(emoji_256.clone()).send().map(drop),
                ),
                (
                    "description",
                    organizations
                        .create("acme")
                        .description("d".repeat(1001))
                        .send()
                        .map(drop),
                ),
                (
                    "name",
                    organizations.list().name(long.clone()).send().map(drop),
                ),
                ("organization", organizations.get("").map(drop)),
                ("organization", organizations.get(long.as_str()).map(drop)),
                ("organization", organizations.delete("").map(drop)),
                ("update", organizations.update(ORG_ACME).send().map(drop)),
                ("update", organizations.update("by-name").send().map(drop)),
                (
                    "name",
                    organizations.update(ORG_ACME).name("").send().map(drop),
                ),
                (
                    "name",
                    organizations
                        .update("by-name")
                        .name(emoji_256)
                        .send()
                        .map(drop),
                ),
                (
                    "description",
                    organizations
                        .update(ORG_ACME)
                        .description("é".repeat(1001))
                        .send()
                        .map(drop),
                ),
                (
                    "user",
                    organizations.add_user(ORG_ACME, "", member()).map(drop),
                ),
                (
                    "role",
                    organizations
                        .add_user(ORG_ACME, ALICE_ID, Role::custom(""))
                        .map(drop),
                ),
                (
                    "organization",
                    organizations.add_user("", ALICE_ID, member()).map(drop),
                ),
                ("user", organizations.remove_user(ORG_ACME, "").map(drop)),
                (
                    "organization",
                    organizations.remove_user("", ALICE_ID).map(drop),
                ),
            ]
        },
    }
}

/// The body of a create of a user invited `mode`.
fn new_user(mode: &str) -> Value {
    json!({
        "name": "n",
        "email": "n@example.com",
        "role": {"type": "PREDEFINED", "name": "MEMBER"},
        "invite_mode": mode,
    })
}

pub fn users() -> Row<User> {
    Row {
        name: "users",
        path: "/v2/users",
        query: "",
        field: "users",
        kind: "user",
        sample: (ALICE_ID, ALICE_PATH),
        missing: "no user",
        list: |c| c.users().list(),
        id: |user| &user.id,
        item: |id| user(id, ALICE),
        required: &["id", "email"],
        unknown: || json!({"status": "inactive", "role": {"type": "PREDEFINED", "name": "OWNER"}}),
        // Emails are equal ignoring case.
        names: Some(Names {
            kind: ResourceKind::User,
            is_named: ("has the email", "have the email"),
            lookup: |email| format!("email={email}&"),
            name: ("Alice@X.io", "Alice%40X%2Eio"),
            matches: ["alice@x.io", "ALICE@X.IO"],
            misses: &["alice@x.io.evil", "malice@x.io"],
            named: user,
            other: BOB_ID,
            resolve: |c, text| c.users().resolve(text),
        }),
        read: Some(("GET", "/v2/users/{id}", |c, id| c.users().get(user_id(id)))),
        ops: vec![
            op(
                "list",
                "GET /v2/users?limit=50",
                |c, _| done(c.users().list().send()),
                |_| (200, page_of("users", vec![], None)),
            ),
            // Idempotent on the email: a retry finds the invitation.
            op(
                "create (an invitation)",
                "POST /v2/users",
                |c, _| {
                    let (member, link) = (AccountRole::Member, InviteMode::EmailLink);
                    done(c.users().create("n", "n@example.com", member, link).send())
                },
                |id| ok(201, user(id, "n@example.com")),
            )
            .body(|_| new_user("EMAIL_LINK"))
            .retried(true)
            .secret(),
            op(
                "create (no invitation)",
                "POST /v2/users",
                |c, _| {
                    let (member, none) = (AccountRole::Member, InviteMode::None);
                    done(c.users().create("n", "n@example.com", member, none).send())
                },
                |id| ok(201, user(id, "n@example.com")),
            )
            .body(|_| new_user("NONE"))
            .secret(),
            op(
                "get",
                "GET /v2/users/{id}",
                |c, id| done(c.users().get(user_id(id))),
                |id| ok(200, user(id, ALICE)),
            )
            .named(|c, email| done(c.users().get(email))),
            op(
                "update",
                "PATCH /v2/users/{id}",
                |c, id| done(c.users().update(user_id(id)).name("n").send()),
                |id| ok(200, user(id, ALICE)),
            )
            .named(|c, email| done(c.users().update(email).name("n").send()))
            .body(|_| json!({"name": "n"})),
            op(
                "delete",
                "DELETE /v2/users/{id}",
                |c, id| deleted(c.users().delete(user_id(id))),
                no_content,
            )
            .named(|c, email| deleted(c.users().delete(email))),
            // Each sends an email: a retry could send two.
            op(
                "resend_invitation",
                "POST /v2/users/{id}/resend-invitation",
                |c, id| done(c.users().resend_invitation(user_id(id))),
                no_content,
            )
            .named(|c, email| done(c.users().resend_invitation(email))),
            op(
                "reset_password",
                "POST /v2/users/{id}/reset-password",
                |c, id| done(c.users().reset_password(user_id(id))),
                no_content,
            )
            .named(|c, email| done(c.users().reset_password(email))),
        ],
        invalid: |c| {
            let users = c.users();
            let create = |name: &str, email: &str| {
                let (member, link) = (AccountRole::Member, InviteMode::EmailLink);
                users.create(name, email, member, link).send().map(drop)
            };
            let long_email = format!("{}@x.io", "a".repeat(251));
            let mut cases: Vec<Refused> = ["no-at-sign", "a@", "@b", "a b@c", "a@b@c", "", "a\n@b"]
                .into_iter()
                .map(|email| ("email", create("A", email)))
                .collect();
            let custom = AccountRole::Custom {
                id: String::new(),
                name: None,
            };
            cases.extend([
                ("name", create("", ALICE)),
                ("name", create(&"n".repeat(256), ALICE)),
                ("name", create(&"🦀".repeat(256), ALICE)),
                (
                    "role",
                    users
                        .create("A", ALICE, custom, InviteMode::None)
                        .send()
                        .map(drop),
                ),
                (
                    "email",
                    users.list().email(long_email.clone()).send().map(drop),
                ),
                ("user", users.get(long_email.as_str()).map(drop)),
                ("user", users.get("").map(drop)),
                ("update", users.update(ALICE_ID).send().map(drop)),
                ("update", users.update("ghost@x.io").send().map(drop)),
                ("name", users.update(ALICE_ID).name("").send().map(drop)),
                (
                    "name",
                    users.update(ALICE_ID).name("  \t ").send().map(drop),
                ),
                (
                    "name",
                    users.update("ghost@x.io").name(" ").send().map(drop),
                ),
                (
                    "name",
                    users
                        .update(ALICE_ID)
                        .name("🦀".repeat(256))
                        .send()
                        .map(drop),
                ),
                ("user", users.delete("").map(drop)),
                ("user", users.resend_invitation("")),
                ("user", users.reset_password("")),
            ]);
            cases
        },
    }
}

/// A custom role's permissions, as `role_json` takes them.
pub const READ_ANNOTATE: [&str; 2] = ["PROJECT_READ", "PROJECT_SPAN_ANNOTATE"];

pub fn roles() -> Row<RoleDefinition> {
    Row {
        name: "roles",
        path: "/v2/roles",
        query: "",
        field: "roles",
        kind: "role",
        sample: (ROLE, ROLE_PATH),
        missing: "no role",
        list: |c| c.roles().list(),
        id: |role| &role.id,
        item: |id| role_json(id, "reviewer", &READ_ANNOTATE),
        required: &["id", "name"],
        unknown: || json!({"permissions": ["PROJECT_READ", "BRAND_NEW_PERMISSION"]}),
        // The API has no name filter: every role is read.
        names: Some(Names {
            kind: ResourceKind::Role,
            is_named: ("is named", "are named"),
            lookup: |_| String::new(),
            name: ("reviewer", "reviewer"),
            matches: ["reviewer", "reviewer"],
            misses: &["Reviewer", "reviewers", " reviewer"],
            named: |id, name| role_json(id, name, &READ_ANNOTATE),
            other: ROLE_2,
            resolve: |c, text| c.roles().resolve(text),
        }),
        read: Some(("GET", "/v2/roles/{id}", |c, id| c.roles().get(role_id(id)))),
        ops: vec![
            op(
                "list",
                "GET /v2/roles?limit=50",
                |c, _| done(c.roles().list().send()),
                |_| (200, page_of("roles", vec![], None)),
            ),
            op(
                "create",
                "POST /v2/roles",
                |c, _| done(c.roles().create("n", [Permission::SpaceRead]).send()),
                |id| ok(201, role_json(id, "n", &["SPACE_READ"])),
            )
            .body(|_| json!({"name": "n", "permissions": ["SPACE_READ"]})),
            op(
                "get",
                "GET /v2/roles/{id}",
                |c, id| done(c.roles().get(role_id(id))),
                |id| ok(200, role_json(id, "reviewer", &READ_ANNOTATE)),
            )
            .named(|c, name| done(c.roles().get(name))),
            op(
                "update",
                "PATCH /v2/roles/{id}",
                |c, id| done(c.roles().update(role_id(id)).name("n").send()),
                |id| ok(200, role_json(id, "n", &READ_ANNOTATE)),
            )
            .named(|c, name| done(c.roles().update(name).name("n").send()))
            .body(|_| json!({"name": "n"})),
            // A role still bound cannot be deleted: the 409 says what to do.
            op(
                "delete",
                "DELETE /v2/roles/{id}",
                |c, id| deleted(c.roles().delete(role_id(id))),
                no_content,
            )
            .named(|c, name| deleted(c.roles().delete(name)))
            .conflict_hint(
                "delete its role bindings first (role_bindings().list finds them), then the role",
            ),
        ],
        invalid: |c| {
            let roles = c.roles();
            let read = || [Permission::ProjectRead];
            let long = "n".repeat(256);
            let bad_names = [
                "",
                long.as_str(),
                "a<b",
                "tab\there",
                "café",
                "line\n",
                "\nline",
            ];
            let mut cases: Vec<Refused> = Vec::new();
            for name in bad_names {
                cases.push(("name", roles.create(name, read()).send().map(drop)));
                cases.push(("name", roles.update(ROLE).name(name).send().map(drop)));
                // Checked before the role named is looked up.
                cases.push(("name", roles.update("reviewer").name(name).send().map(drop)));
            }
            let description = || "d".repeat(1001);
            cases.extend([
                ("permissions", roles.create("n", []).send().map(drop)),
                (
                    "permissions",
                    roles.update(ROLE).permissions([]).send().map(drop),
                ),
                (
                    "permissions",
                    roles.update("reviewer").permissions([]).send().map(drop),
                ),
                ("update", roles.update(ROLE).send().map(drop)),
                ("update", roles.update("reviewer").send().map(drop)),
                (
                    "description",
                    roles
                        .create("n", read())
                        .description(description())
                        .send()
                        .map(drop),
                ),
                (
                    "description",
                    roles
                        .update(ROLE)
                        .description(description())
                        .send()
                        .map(drop),
                ),
                ("role", roles.get("").map(drop)),
                ("role", roles.delete("").map(drop)),
                ("role", roles.update("").name("n").send().map(drop)),
            ]);
            cases
        },
    }
}

/// The body of a create binding `USER` to `ROLE` on `PROJECT`.
fn bind_to_project(_: &str) -> Value {
    json!({"resource_id": PROJECT, "resource_type": "PROJECT", "role_id": ROLE, "user_id": USER})
}

pub fn role_bindings() -> Row<RoleBinding> {
    Row {
        name: "role bindings",
        path: "/v2/role-bindings",
        query: "resource_type=SPACE&",
        field: "role_bindings",
        kind: "role_binding",
        sample: (BINDING_2, BINDING_2_PATH),
        missing: "no role binding",
        list: |c| c.role_bindings().list(RoleBindingResourceType::Space),
        id: |binding| &binding.id,
        item: |id| binding_json(id, ROLE, "SPACE", ID_1),
        required: &["id"],
        unknown: || json!({"resource_type": "DATASET"}),
        names: None,
        read: Some(("GET", "/v2/role-bindings/{id}", |c, id| {
            c.role_bindings().get(id)
        })),
        ops: vec![
            op(
                "list",
                "GET /v2/role-bindings?resource_type=SPACE&limit=50",
                |c, _| {
                    done(
                        c.role_bindings()
                            .list(RoleBindingResourceType::Space)
                            .send(),
                    )
                },
                |_| (200, page_of("role_bindings", vec![], None)),
            ),
            op(
                "create",
                "POST /v2/role-bindings",
                |c, _| {
                    let project = BindingResource::project(PROJECT);
                    done(
                        c.role_bindings()
                            .create(user_id(USER), role_id(ROLE), project),
                    )
                },
                |id| ok(201, binding_json(id, ROLE, "PROJECT", PROJECT)),
            )
            .body(bind_to_project),
            op(
                "get",
                "GET /v2/role-bindings/{id}",
                |c, id| done(c.role_bindings().get(id)),
                |id| ok(200, binding_json(id, ROLE, "PROJECT", PROJECT)),
            ),
            op(
                "update",
                "PATCH /v2/role-bindings/{id}",
                |c, id| done(c.role_bindings().update(id, role_id(ROLE))),
                |id| ok(200, binding_json(id, ROLE, "PROJECT", PROJECT)),
            )
            .body(|_| json!({"role_id": ROLE})),
            op(
                "delete",
                "DELETE /v2/role-bindings/{id}",
                |c, id| deleted(c.role_bindings().delete(id)),
                no_content,
            ),
        ],
        invalid: |c| {
            let bindings = c.role_bindings();
            let project = || BindingResource::project(PROJECT);
            let empty_project = || BindingResource::project("");
            let spaces = || bindings.list(RoleBindingResourceType::Space);
            vec![
                ("role_binding", bindings.update("", "reviewer").map(drop)),
                (
                    "project",
                    bindings.create(USER, ROLE, empty_project()).map(drop),
                ),
                (
                    "project",
                    bindings
                        .create(EMAIL, "reviewer", empty_project())
                        .map(drop),
                ),
                (
                    "project",
                    bindings.assign(USER, ROLE, empty_project()).map(drop),
                ),
                (
                    "space",
                    bindings
                        .create(USER, ROLE, BindingResource::space(""))
                        .map(drop),
                ),
                ("user", bindings.create("", ROLE, project()).map(drop)),
                ("role", bindings.create(USER, "", project()).map(drop)),
                ("role", bindings.update(BINDING, "").map(drop)),
                (
                    "role",
                    bindings
                        .update(BINDING, RoleRef::Id(String::new()))
                        .map(drop),
                ),
                ("user", spaces().user("").send().map(drop)),
            ]
        },
    }
}

pub fn resource_restrictions() -> Row<ResourceRestriction> {
    Row {
        name: "resource restrictions",
        path: "/v2/resource-restrictions",
        query: "",
        field: "resource_restrictions",
        kind: "resource",
        sample: (PROJECT, PROJECT_PATH),
        missing: "no resource",
        list: |c| c.resource_restrictions().list(),
        id: |restriction| &restriction.resource_id,
        item: |id| restriction_json(id, "PROJECT"),
        required: &["resource_id"],
        unknown: || json!({"resource_type": "NOTEBOOK"}),
        names: None,
        // Restricting answers with the restriction, as it is.
        read: Some(("POST", "/v2/resource-restrictions", |c, id| {
            c.resource_restrictions().restrict(id)
        })),
        ops: vec![
            op(
                "list",
                "GET /v2/resource-restrictions?limit=50",
                |c, _| done(c.resource_restrictions().list().send()),
                |_| (200, page_of("resource_restrictions", vec![], None)),
            ),
            // Restricting again changes nothing: idempotent, so retried.
            op(
                "restrict",
                "POST /v2/resource-restrictions",
                |c, id| done(c.resource_restrictions().restrict(id)),
                |id| ok(200, restriction_json(id, "PROJECT")),
            )
            .body(|id| json!({"resource_id": id}))
            .retried(true),
            // A resource that is not restricted is what the caller wants.
            op(
                "unrestrict",
                "DELETE /v2/resource-restrictions/{id}",
                |c, id| deleted(c.resource_restrictions().unrestrict(id)),
                no_content,
            )
            .gone(),
        ],
        invalid: |_| vec![],
    }
}
