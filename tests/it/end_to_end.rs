//! The public client against the fake, end to end.

use std::{
    collections::HashSet,
    sync::{Arc, Mutex},
    time::Duration,
};

use crate::common::seeded_fake;
use arize::{Deletion, Error, PredefinedRole, ResourceKind, Role, SpaceRef, testing::FakeServer};

#[test]
fn the_whole_lifecycle_of_a_space() -> Result<(), Error> {
    let fake = seeded_fake();
    let spaces = fake.client().spaces();
    let acme = fake.organization_id("acme");

    let created = spaces
        .create("fraud", &acme)
        .description("Fraud models")
        .private(true)
        .send()?;
    assert_eq!(created.organization_id.as_deref(), Some(acme.as_str()));
    assert!(created.is_private);

    assert_eq!(spaces.get("fraud")?, created);
    assert_eq!(spaces.get(created.id.as_str())?, created);

    let updated = spaces
        .update("fraud")
        .name("fraud-v2")
        .private(false)
        .default_llm_integration("SW50OjE=", "gpt-5")
        .send()?;
    assert_eq!(updated.name, "fraud-v2");
    assert_eq!(
        updated.description, "Fraud models",
        "untouched fields are kept"
    );
    assert_eq!(
        updated.default_llm_integration.as_ref().unwrap().model_name,
        "gpt-5"
    );
    let cleared = spaces
        .update(&updated)
        .clear_description()
        .clear_default_llm_integration()
        .send()?;
    assert_eq!(cleared.description, "");
    assert_eq!(cleared.default_llm_integration, None);
    assert!(
        spaces.get("fraud").unwrap_err().is_not_found(),
        "the old name is gone"
    );

    let alice = fake.user_id("alice");
    let member = spaces.add_user("fraud-v2", &alice, PredefinedRole::Member)?;
    assert_eq!(member.role, Some(Role::Predefined(PredefinedRole::Member)));
    let reviewer = spaces.add_user("fraud-v2", &alice, Role::custom(fake.role_id("reviewer")))?;
    assert_eq!(reviewer.id, member.id, "add_user is an upsert");
    assert_eq!(
        reviewer.role,
        Some(Role::Custom {
            id: fake.role_id("reviewer"),
            name: Some("reviewer".into())
        })
    );
    let annotator =
        spaces.add_user("fraud-v2", fake.user_id("annie"), PredefinedRole::Annotator)?;
    assert_eq!(
        annotator.role.and_then(|role| role.predefined()),
        Some(PredefinedRole::Annotator)
    );
    let refused = spaces
        .add_user("fraud-v2", fake.user_id("annie"), PredefinedRole::Member)
        .unwrap_err();
    assert!(matches!(refused, Error::BadRequest(_)), "{refused:?}");

    assert_eq!(spaces.remove_user("fraud-v2", &alice)?, Deletion::Deleted);
    assert!(
        spaces
            .remove_user("fraud-v2", &alice)
            .unwrap_err()
            .is_not_found()
    );

    assert_eq!(spaces.delete("fraud-v2")?, Deletion::Deleted);
    assert!(spaces.get(created.id.as_str()).unwrap_err().is_not_found());
    assert_eq!(spaces.list().items().take(10).count(), 0);
    Ok(())
}

#[test]
fn iterating_1000_spaces_takes_ten_requests_on_one_connection() {
    let fake = FakeServer::builder()
        .organization("acme")
        .spaces("acme", 1000)
        .start();
    let spaces = fake.client().spaces();

    // One more than there are: a listing that loops stops there.
    let names: Vec<String> = spaces
        .list()
        .items()
        .take(1001)
        .map(|space| space.unwrap().name)
        .collect();

    assert_eq!(names.len(), 1000);
    assert_eq!(
        names.iter().collect::<HashSet<_>>().len(),
        1000,
        "no duplicates"
    );
    assert_eq!(names.first().unwrap(), "space-00001");
    assert_eq!(names.last().unwrap(), "space-01000");
    let requests = fake.requests();
    assert_eq!(requests.len(), 10, "pages of 100");
    assert!(
        requests
            .iter()
            .all(|r| r.status == 200 && r.url.contains("limit=100"))
    );
    assert_eq!(fake.connections(), 1);

    // A filtered listing across pages with a small page size.
    fake.clear_requests();
    let count = spaces
        .list()
        .name("SPACE-0090")
        .limit(7)
        .items()
        .take(20)
        .count();
    assert_eq!(count, 10, "space-00900 ..= space-00909");
    assert_eq!(fake.requests().len(), 2);
}

#[test]
fn an_ambiguous_name_across_two_organizations() -> Result<(), Error> {
    let fake = seeded_fake();
    let spaces = fake.client().spaces();
    let acme = spaces
        .create("shared", fake.organization_id("acme"))
        .send()?;
    let globex = spaces
        .create("shared", fake.organization_id("globex"))
        .send()?;
    spaces
        .create("shared-not-exactly", fake.organization_id("acme"))
        .send()?;

    fake.clear_requests();
    let error = spaces.delete("shared").unwrap_err();
    match &error {
        Error::AmbiguousName {
            kind: ResourceKind::Space,
            name,
            ids,
        } => {
            assert_eq!(name, "shared");
            assert_eq!(ids, &[acme.id.clone(), globex.id.clone()]);
        }
        other => panic!("expected an ambiguous name, got {other:?}"),
    }
    assert!(
        fake.requests().iter().all(|r| r.method == "GET"),
        "nothing was deleted"
    );

    let scoped = SpaceRef::in_organization("shared", fake.organization_id("globex"));
    assert_eq!(spaces.delete(scoped)?, Deletion::Deleted);
    assert_eq!(spaces.get("shared")?.id, acme.id, "now unique");
    Ok(())
}

#[test]
fn transient_failures_are_retried_with_the_servers_retry_after() {
    let fake = seeded_fake();
    let waits = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&waits);
    let client = fake
        .client_builder()
        .sleeper(move |wait| log.lock().unwrap().push(wait))
        .build()
        .unwrap();
    let spaces = client.spaces();
    let space = spaces
        .create("s", fake.organization_id("acme"))
        .send()
        .unwrap();

    fake.fail_next_with_retry_after(2, 429, "2");
    assert_eq!(spaces.get(space.id.as_str()).unwrap().id, space.id);
    assert_eq!(*waits.lock().unwrap(), [Duration::from_secs(2); 2]);

    fake.fail_next(3, 503);
    let error = spaces.get(space.id.as_str()).unwrap_err();
    assert!(
        matches!(&error, Error::Server(api) if api.attempts() == 3),
        "{error:?}"
    );

    // A create is never resent once the server may have seen it.
    fake.clear_requests();
    fake.fail_next(1, 503);
    let error = spaces
        .create("t", fake.organization_id("acme"))
        .send()
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(fake.requests().len(), 1);

    // An update and an add_user are retried (they are idempotent).
    let statuses = |method: &str| -> Vec<u16> {
        let requests = fake.requests();
        let sent = requests.iter().filter(|r| r.method == method);
        sent.map(|r| r.status).collect()
    };
    fake.clear_requests();
    fake.fail_next(1, 502);
    let updated = spaces.update(&space).description("d").send().unwrap();
    assert_eq!(updated.description, "d");
    assert_eq!(statuses("PATCH"), [502, 200]);
    fake.clear_requests();
    fake.fail_next(1, 504);
    let member = spaces
        .add_user(&space, fake.user_id("alice"), PredefinedRole::ReadOnly)
        .unwrap();
    assert_eq!(member.user_id, fake.user_id("alice"));
    assert_eq!(statuses("POST"), [504, 200]);
}

#[test]
fn a_delete_retried_after_a_gateway_error_reports_already_gone() {
    let fake = seeded_fake();
    let client = fake.client_builder().sleeper(|_| {}).build().unwrap();
    let spaces = client.spaces();
    let space = spaces
        .create("s", fake.organization_id("acme"))
        .send()
        .unwrap();
    // The gateway times out, but only after the deletion went through: here
    // the deletion happens first, then the injected 504 hides its answer.
    spaces.delete(&space).unwrap();
    fake.fail_next(1, 504);
    assert_eq!(spaces.delete(&space).unwrap(), Deletion::AlreadyGone);
}

#[test]
fn clones_across_four_threads_use_at_most_four_connections() {
    let fake = FakeServer::builder()
        .organization("acme")
        .spaces("acme", 5)
        .start();
    let client = fake.client();
    std::thread::scope(|scope| {
        for _ in 0..4 {
            let client = client.clone();
            scope.spawn(move || {
                for _ in 0..50 {
                    client.spaces().list().limit(5).send().unwrap();
                }
            });
        }
    });
    assert_eq!(fake.requests().len(), 200);
    assert!(fake.connections() <= 4, "{}", fake.connections());
}

#[test]
fn roles_bindings_and_restrictions_through_the_client() -> Result<(), Error> {
    use arize::{Assigned, BindingResource, Permission, RoleBindingResourceType};

    let fake = FakeServer::builder()
        .organization("acme")
        .user("alice", arize::testing::AccountRole::Member, ["acme"])
        .space("acme", "fraud")
        .restricted_project("fraud", "p1")
        .project("fraud", "p2")
        .project("fraud", "p3")
        .restricted_project("fraud", "p4")
        .start();
    let client = fake.client();
    let roles = client.roles();
    let auditor = roles
        .create("auditor", [Permission::ProjectRead])
        .description("Reads")
        .send()?;
    assert_eq!(roles.get("auditor")?, auditor, "found by name");
    let predefined = roles.list().predefined(true).items().take(10).count();
    assert_eq!(predefined, 3);
    let updated = roles.update("auditor").clear_description().send()?;
    assert_eq!(updated.description, "");

    let bindings = client.role_bindings();
    let space = BindingResource::space("fraud");
    let alice = fake.user_email("alice");
    let created = bindings.assign(alice.as_str(), "auditor", space.clone())?;
    assert!(matches!(created, Assigned::Created(_)), "{created:?}");
    let again = bindings.assign(alice.as_str(), "auditor", space.clone())?;
    assert!(matches!(again, Assigned::Unchanged(_)), "{again:?}");
    let changed = bindings.assign(alice.as_str(), "Project Member", space)?;
    assert!(matches!(changed, Assigned::Updated(_)), "{changed:?}");
    let listed = bindings.list(RoleBindingResourceType::Space).items();
    assert_eq!(listed.take(10).count(), 1);

    // Nothing binds the auditor role any more.
    assert_eq!(roles.delete("auditor")?, Deletion::Deleted);

    // Restrictions: a short page and an empty one are paged through.
    let restrictions = client.resource_restrictions();
    let all: Vec<String> = restrictions
        .list()
        .limit(1)
        .items()
        .take(10)
        .map(|r| r.map(|r| r.resource_id))
        .collect::<Result<_, _>>()?;
    assert_eq!(all, [fake.project_id("p1"), fake.project_id("p4")]);
    let p1 = restrictions.restrict(fake.project_id("p1"))?;
    assert_eq!(restrictions.restrict(fake.project_id("p1"))?, p1);
    assert_eq!(
        restrictions.unrestrict(fake.project_id("p1"))?,
        Deletion::Deleted
    );
    assert_eq!(
        restrictions.unrestrict(fake.project_id("p1"))?,
        Deletion::AlreadyGone
    );
    Ok(())
}

#[test]
fn onboarding_by_organization_name_and_email() -> Result<(), Error> {
    use arize::{AccountRole, BulkDeletion, InviteMode, UserCreation};
    let fake = seeded_fake();
    let client = fake.client();
    let (organizations, users, spaces) = (client.organizations(), client.users(), client.spaces());

    // Find the organization by name, invite a user by email: twice, one email.
    let acme = organizations.get("acme")?;
    assert_eq!(acme.id, fake.organization_id("acme"));
    let invite = || {
        users
            .create(
                "Carol",
                "carol@acme.example",
                AccountRole::Member,
                InviteMode::EmailLink,
            )
            .send()
    };
    let carol = match invite()? {
        UserCreation::Created {
            user,
            invite_mode,
            temporary_password,
        } => {
            assert_eq!(invite_mode, Some(InviteMode::EmailLink));
            assert!(temporary_password.is_none());
            user
        }
        other => panic!("expected a new invitation, got {other:?}"),
    };
    assert!(matches!(invite()?, UserCreation::AlreadyInvited(user) if user.id == carol.id));
    assert_eq!(fake.invitations_sent("carol@acme.example"), 1);

    // Into the organization, then a space of it, by name and email only.
    organizations.add_user("acme", "Carol@Acme.Example", PredefinedRole::Member)?;
    let space = spaces.create("onboarding", "acme").send()?;
    assert_eq!(space.organization_id.as_deref(), Some(acme.id.as_str()));
    let membership = spaces.add_user("onboarding", "carol@acme.example", PredefinedRole::Member)?;
    assert_eq!(membership.user_id, carol.id);
    let of_acme: Vec<String> = spaces
        .list()
        .organization("acme")
        .items()
        .take(10)
        .map(|space| space.map(|s| s.name))
        .collect::<Result<_, _>>()?;
    assert_eq!(of_acme, ["onboarding"]);

    // Leaving the organization leaves its spaces too.
    assert_eq!(
        organizations.remove_user("acme", "carol@acme.example")?,
        Deletion::Deleted
    );
    let refused = spaces.add_user("onboarding", &carol.id, PredefinedRole::Member);
    assert!(matches!(refused, Err(Error::BadRequest(_))), "{refused:?}");
    assert!(matches!(
        spaces.remove_user("onboarding", &carol.id),
        Err(Error::NotFound(_))
    ));

    // Bulk delete: de-duplicated, every input answered, never stopped early.
    let outcomes = users.delete_many([
        "carol@acme.example",
        "CAROL@acme.example",
        carol.id.as_str(),
        "nobody@acme.example",
    ]);
    assert_eq!(outcomes.len(), 3, "{outcomes:?}");
    assert!(matches!(&outcomes[0], BulkDeletion::Deleted { id, .. } if *id == carol.id));
    assert!(matches!(&outcomes[1], BulkDeletion::Deleted { id, .. } if *id == carol.id));
    assert!(matches!(&outcomes[2], BulkDeletion::NotFound { .. }));
    let deleted = fake
        .requests()
        .iter()
        .filter(|r| r.method == "DELETE" && r.url.starts_with("/v2/users/"))
        .count();
    assert_eq!(deleted, 1, "one DELETE for one user");
    // A deleted user is gone (404), and never invited again.
    let gone = users.get(carol.id.as_str()).unwrap_err();
    assert!(matches!(gone, Error::NotFound(_)), "{gone:?}");
    assert!(matches!(invite(), Err(Error::Conflict(_))));
    Ok(())
}
