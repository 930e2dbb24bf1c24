//! A tour of the `arize` crate, runnable with no Arize account.
//!
//! ```sh
//! cargo run --example tour --features testing
//! ```
//!
//! Without `ARIZE_API_KEY`, it starts the crate's local fake of the API and
//! tells a story: a colleague is onboarded by organization name and email,
//! a custom role is made and given by name, a project is bound and
//! restricted by name; a service key is made and rotated with a grace
//! period, and the audit log tells what the tour did; a team is invited,
//! added and offboarded in bulk at internet latency; then the spaces
//! operations, typed errors and retries. With
//! `ARIZE_API_KEY` set, it lists your spaces (read-only); it creates,
//! updates and deletes a temporary space only if you also pass
//! `--write <organization-id>`.

use std::time::Duration;

use arize::{
    AccountRole, Assigned, BindingResource, Client, Error, InviteMode, OrganizationAccess,
    Permission, PredefinedRole, ProjectRef, RoleBindingResourceType, Space, SpaceRef, UserCreation,
    testing::FakeServer,
};

fn main() -> Result<(), Error> {
    // The crate's notices (that an endpoint is in beta) show on stderr;
    // RUST_LOG=arize::beta=off silences them.
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if std::env::var_os("ARIZE_API_KEY").is_some() {
        return real_api(&args);
    }

    let fake = FakeServer::builder()
        .organization("acme")
        .organization("globex")
        .user("alice", AccountRole::Admin, ["acme"])
        .user("bob", AccountRole::Member, ["acme"])
        .space("acme", "agents")
        .project("agents", "checkout-agent")
        .start();
    println!("No ARIZE_API_KEY is set, so this tour runs against arize::testing::FakeServer,");
    println!("a local fake of the Arize API at {}.", fake.url());
    let client = fake.client();
    onboarding(&client)?;
    fine_grained_access(&client)?;
    service_keys(&client, &fake)?;
    audit_log(&client, &fake)?;
    bulk_work(&client, &fake)?;
    spaces(&client, &fake)?;
    errors_and_retries(&client, &fake)?;
    println!("\nDone. Set ARIZE_API_KEY to list your own spaces (read-only).");
    Ok(())
}

/// A new colleague joins: find the organization by name, invite them by
/// email, add them to the organization, then to a space, all by name.
fn onboarding(client: &Client) -> Result<(), Error> {
    step("Onboarding: find the organization \"acme\" by name");
    let acme = client.organizations().get("acme")?;
    row(&["organization", &acme.name, &acme.id]);

    step("Invite carol@acme.example by email (asking twice sends one invitation)");
    let users = client.users();
    for _ in 0..2 {
        let invite = users.create(
            "Carol",
            "carol@acme.example",
            AccountRole::Member,
            InviteMode::EmailLink,
        );
        match invite.send()? {
            UserCreation::Created { user, .. } => row(&["invited", &user.email, &user.id]),
            UserCreation::AlreadyInvited(user) => row(&["already invited", &user.email, &user.id]),
            other => row(&["created", &other.user().email]),
        }
    }

    step("Add carol to acme, create a space there, and add her to it (names and emails only)");
    let membership =
        client
            .organizations()
            .add_user("acme", "carol@acme.example", PredefinedRole::Member)?;
    row(&[
        "organization member",
        "carol@acme.example",
        &role_text(&membership.role),
    ]);
    let spaces = client.spaces();
    let space = spaces
        .create("fraud-models", "acme")
        .description("Models of the fraud team")
        .send()?;
    row(&["created space", &space.name, &space.id]);
    let membership =
        spaces.add_user("fraud-models", "carol@acme.example", PredefinedRole::Member)?;
    row(&[
        "space member",
        "carol@acme.example",
        &role_text(&membership.role),
    ]);

    step("The spaces of acme");
    let of_acme: Vec<Space> = spaces
        .list()
        .organization("acme")
        .items()
        .collect::<Result<_, _>>()?;
    table(&of_acme);
    Ok(())
}

/// A team of twelve at 50 ms a request, as across a continent: invited,
/// added to the organization and to a space by names and emails, then
/// offboarded, several requests at once, with progress as it goes.
fn bulk_work(client: &Client, fake: &FakeServer) -> Result<(), Error> {
    fake.set_latency(std::time::Duration::from_millis(50));
    let team: Vec<String> = (1..=12)
        .map(|n| format!("engineer{n}@acme.example"))
        .collect();

    step("Invite a team of 12 at 50 ms a request, 8 at once");
    let users = client.users();
    let invites = team.iter().enumerate().map(|(n, email)| {
        let name = format!("Engineer {}", n + 1);
        users.create(name, email, AccountRole::Member, InviteMode::EmailLink)
    });
    let started = std::time::Instant::now();
    let batch = users.bulk_create(invites).send();
    let invited = batch.iter().filter(|outcome| outcome.is_ok()).count();
    let took = format!("{} requests, {:.2?}", batch.requests(), started.elapsed());
    row(&["invited", &invited.to_string(), &took]);

    step("Add them to acme, then to the space fraud-models, by names and emails");
    let started = std::time::Instant::now();
    let batch = client
        .organizations()
        .bulk_add_users("acme", &team, PredefinedRole::Member)
        .send()?;
    let took = format!("{} requests, {:.2?}", batch.requests(), started.elapsed());
    row(&["organization members", &batch.len().to_string(), &took]);
    let mut last = 0;
    let batch = client
        .spaces()
        .bulk_add_users("fraud-models", &team, PredefinedRole::ReadOnly)
        .on_progress(|done, total, _| {
            // A progress bar would move here; the tour prints every fourth.
            if done % 4 == 0 {
                row(&["progress", &format!("{done}/{total}")]);
            }
            last = done;
        })
        .send()?;
    let took = format!(
        "{} requests (1 space lookup, 1 user listing)",
        batch.requests()
    );
    row(&["space members", &last.to_string(), &took]);

    step("Offboard them: one at a time, as a loop would, then the default 8 at once");
    let (first, rest) = team.split_at(6);
    for (concurrency, leavers) in [(1, first), (8, rest)] {
        let started = std::time::Instant::now();
        let batch = users.bulk_delete(leavers).concurrency(concurrency).send();
        let took = format!("{} requests, {:.2?}", batch.requests(), started.elapsed());
        row(&[
            &format!("deleted, {concurrency} at once"),
            &batch.len().to_string(),
            &took,
        ]);
    }
    fake.set_latency(std::time::Duration::ZERO);
    Ok(())
}

/// A custom role by name, given as a space role and bound on one project,
/// which is then restricted to the people bound to it, all by name.
fn fine_grained_access(client: &Client) -> Result<(), Error> {
    step("Create the custom role \"reviewer\" with two permissions");
    let reviewer = client
        .roles()
        .create(
            "reviewer",
            [Permission::ProjectRead, Permission::ProjectSpanAnnotate],
        )
        .description("Reads traces and annotates spans")
        .send()?;
    let permissions: Vec<&str> = reviewer.permissions.iter().map(|p| p.as_str()).collect();
    row(&["role", &reviewer.name, &permissions.join(", ")]);

    step("Give bob the role \"reviewer\" in the space \"agents\", by role name");
    let membership =
        client
            .spaces()
            .add_user("agents", "bob@example.com", arize::Role::custom("reviewer"))?;
    row(&[
        "space member",
        "bob@example.com",
        &role_text(&membership.role),
    ]);

    step("The projects of \"agents\"; create one more");
    let projects = client.projects();
    projects.create("support-bot", "agents").send()?;
    for project in projects.list().space("agents").items() {
        let project = project?;
        row(&["project", &project.name, &project.id]);
    }

    step("Bind carol to \"checkout-agent\" in \"agents\" as reviewer, then restrict it, by name");
    let checkout = || ProjectRef::in_space("checkout-agent", "agents");
    let bindings = client.role_bindings();
    let outcome = bindings.assign(
        "carol@acme.example",
        "reviewer",
        BindingResource::project(checkout()),
    )?;
    row(&["binding", assigned(&outcome), &outcome.binding().id]);
    let again = bindings.assign(
        "carol@acme.example",
        "reviewer",
        BindingResource::project(checkout()),
    )?;
    row(&["assign again", assigned(&again), &again.binding().id]);
    let restriction = client.resource_restrictions().restrict(checkout())?;
    row(&["restricted", "checkout-agent", &restriction.resource_id]);

    step("Bindings on projects");
    for binding in bindings.list(RoleBindingResourceType::Project).items() {
        let binding = binding?;
        row(&["binding", &binding.user_id, &binding.resource_id]);
    }
    Ok(())
}

/// A service key for a deployment job, bound by names, then rotated with a
/// grace period: the old secret works until the grace period ends.
fn service_keys(client: &Client, fake: &FakeServer) -> Result<(), Error> {
    step("Make a service key for the deployer, bound to \"agents\" in acme (by names)");
    let keys = client.api_keys();
    let access = OrganizationAccess::new("acme").space_as("agents", PredefinedRole::Member);
    let key = keys
        .create_service_key("deployer")
        .description("The agents' deployment job")
        .organization(access)
        .send()?;
    let bot = key.bot_user.as_ref().map_or("", |bot| bot.id.as_str());
    row(&["service key", &key.name, &key.redacted_key]);
    row(&["its bot user", bot]);
    row(&[
        "the secret",
        &format!("{} (Debug and Display never show it)", key.key),
    ]);

    step("Rotate it with a one-hour grace period, and switch to the new secret");
    let old = client.with_api_key(&key.key)?;
    let rotated = keys.rotate(&key, Duration::from_secs(3600))?;
    let new = rotated.client()?;
    row(&["new secret", &rotated.key.redacted_key]);
    row(&[
        "old secret works",
        &old.spaces().list().send().is_ok().to_string(),
    ]);
    fake.advance_time(Duration::from_secs(3600));
    let refused = old
        .spaces()
        .list()
        .send()
        .is_err_and(|e| e.is_unauthorized());
    row(&["an hour later", &format!("old refused: {refused}")]);
    row(&[
        "new secret works",
        &new.spaces().list().send().is_ok().to_string(),
    ]);
    let project = new.projects().create("deploy-preview", "agents").send()?;
    row(&["as the key", "created project", &project.name]);

    step("The active service keys of \"agents\" (no secret in a listing)");
    for key in keys.list().space("agents").items() {
        let key = key?;
        row(&["key", &key.name, &key.redacted_key]);
    }
    Ok(())
}

/// Who did what: the audit log, newest first.
fn audit_log(client: &Client, fake: &FakeServer) -> Result<(), Error> {
    step("Read back in the audit log what the tour did (newest first, the last 6)");
    let since = fake.now() - chrono::Duration::days(1);
    let entries = client.audit_logs().list().start_time(since).items();
    for entry in entries.take(6) {
        let entry = entry?;
        let who = if entry.user_id == fake.admin_user_id() {
            "the tour's key".to_owned()
        } else {
            format!("user {}", entry.user_id)
        };
        let what = match (entry.variables_json(), &entry.operation_text) {
            (Some(variables), _) => variables.to_string(),
            (None, Some(text)) => text.chars().take(48).collect(),
            (None, None) => String::new(),
        };
        row(&[entry.operation_name.as_deref().unwrap_or("?"), &who, &what]);
    }
    Ok(())
}

/// The spaces operations: pages, lazy iteration, names and IDs, three-state
/// updates, membership, deletion.
fn spaces(client: &Client, fake: &FakeServer) -> Result<(), Error> {
    let spaces = client.spaces();
    step("Create two more spaces in acme");
    for (name, description) in [
        ("churn", "Churn prediction"),
        ("search-ranking", "Ranking experiments"),
    ] {
        let space = spaces
            .create(name, "acme")
            .description(description)
            .send()?;
        row(&["created", &space.name, &space.id]);
    }

    step("List one page (limit 2): items, has_more and the cursor");
    let page = spaces.list().organization("acme").limit(2).send()?;
    table(page.items());
    println!(
        "   has_more = {}, next_cursor = {:?}",
        page.has_more(),
        page.next_cursor()
    );

    step("Iterate lazily over every space of acme, 2 per page (one request per page)");
    fake.clear_requests();
    for space in spaces.list().organization("acme").limit(2).items() {
        let space = space?;
        row(&["item", &space.name, &space.id]);
    }
    // One more request: the organization's name is resolved first.
    println!("   requests sent: {}", fake.requests().len());

    step("Get a space by name, then by ID");
    let fraud = spaces.get("fraud-models")?;
    row(&["by name", "fraud-models", &fraud.id]);
    let same = spaces.get(fraud.id.as_str())?;
    row(&["by ID", &fraud.id, &same.name]);

    step("Update: rename, and clear the description (sent as null)");
    let renamed = spaces
        .update(&fraud)
        .name("fraud-models-v2")
        .clear_description()
        .send()?;
    row(&["name", &renamed.name]);
    row(&["description", &format!("{:?}", renamed.description)]);

    step("Remove carol from the space, then delete the space \"churn\" (by name)");
    let outcome = spaces.remove_user(&renamed, "carol@acme.example")?;
    row(&["removed", "carol@acme.example", &format!("{outcome:?}")]);
    let outcome = spaces.delete("churn")?;
    row(&["deleted", "churn", &format!("{outcome:?}")]);
    Ok(())
}

fn errors_and_retries(client: &Client, fake: &FakeServer) -> Result<(), Error> {
    let spaces = client.spaces();
    step("Typed errors");
    match spaces.create("search-ranking", "acme").send() {
        Err(err @ Error::Conflict(_)) => {
            row(&["duplicate name", "Error::Conflict", &err.to_string()])
        }
        other => println!("   unexpected: {other:?}"),
    }
    spaces.create("shared", "acme").send()?;
    spaces.create("shared", "globex").send()?;
    match spaces.get("shared") {
        Err(err @ Error::AmbiguousName { .. }) => {
            row(&["ambiguous name", "Error::AmbiguousName", &err.to_string()])
        }
        other => println!("   unexpected: {other:?}"),
    }
    let scoped = spaces.get(SpaceRef::in_organization("shared", "globex"))?;
    row(&["scoped name", "SpaceRef::in_organization", &scoped.id]);
    match client.users().get("nobody@acme.example") {
        Err(err @ Error::NameNotFound { .. }) => {
            row(&["unknown email", "Error::NameNotFound", &err.to_string()])
        }
        other => println!("   unexpected: {other:?}"),
    }
    match client.roles().delete("reviewer") {
        Err(err @ Error::Conflict(_)) => {
            row(&["role still bound", "Error::Conflict", &err.to_string()])
        }
        other => println!("   unexpected: {other:?}"),
    }
    match spaces.list().limit(500).send() {
        Err(err @ Error::InvalidRequest { .. }) => {
            row(&["bad limit", "Error::InvalidRequest", &err.to_string()])
        }
        other => println!("   unexpected: {other:?}"),
    }

    step("Retries: the fake answers the next two requests with 503");
    fake.fail_next(2, 503);
    fake.clear_requests();
    let space = spaces.get(&scoped)?;
    let statuses: Vec<String> = fake
        .requests()
        .iter()
        .map(|r| r.status.to_string())
        .collect();
    row(&[
        "got",
        &space.name,
        &format!("after statuses {}", statuses.join(", ")),
    ]);
    Ok(())
}

fn assigned(outcome: &Assigned) -> &'static str {
    match outcome {
        Assigned::Created(_) => "created",
        Assigned::Updated(_) => "role changed",
        Assigned::Unchanged(_) => "already so",
        _ => "assigned",
    }
}

fn role_text(role: &Option<arize::Role>) -> String {
    match role {
        Some(arize::Role::Custom {
            id,
            name: Some(name),
        }) => format!("custom role {name} ({id})"),
        Some(role) => role.to_string(),
        None => String::new(),
    }
}

/// Read-only against the real API, unless `--write <organization-id>`.
fn real_api(args: &[String]) -> Result<(), Error> {
    let client = Client::from_env()?;
    println!(
        "Listing the spaces visible to your API key at {} (read-only).",
        client.base_url()
    );
    let first: Vec<Space> = client
        .spaces()
        .list()
        .items()
        .take(20)
        .collect::<Result<_, _>>()?;
    table(&first);

    let organization = match args {
        [flag, organization] if flag == "--write" => organization,
        [] => {
            println!(
                "\nPass --write <organization-id> to also create, update and delete a temporary space."
            );
            return Ok(());
        }
        _ => {
            eprintln!("usage: tour [--write <organization-id>]");
            std::process::exit(2);
        }
    };
    let name = format!("arize-rust-tour-{}", std::process::id());
    step(&format!(
        "Creating, updating and deleting the temporary space {name}"
    ));
    let space = client.spaces().create(&name, organization).send()?;
    row(&["created", &space.name, &space.id]);
    let space = client
        .spaces()
        .update(&space)
        .description("temporary space of the arize-rust tour")
        .send()?;
    row(&["updated", &space.name, &space.description]);
    let outcome = client.spaces().delete(&space)?;
    row(&["deleted", &space.name, &format!("{outcome:?}")]);
    Ok(())
}

fn step(title: &str) {
    println!("\n== {title}");
}

fn row(cells: &[&str]) {
    match cells {
        [a, b] => println!("   {a:<16} {b}"),
        [a, b, c] => println!("   {a:<16} {b:<28} {c}"),
        _ => println!("   {}", cells.join("  ")),
    }
}

fn table(spaces: &[Space]) {
    println!("   {:<30} {:<16} {:<8} CREATED", "ID", "NAME", "PRIVATE");
    for space in spaces {
        println!(
            "   {:<30} {:<16} {:<8} {}",
            space.id,
            space.name,
            space.is_private,
            space
                .created_at
                .map(|at| at.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default()
        );
    }
}
