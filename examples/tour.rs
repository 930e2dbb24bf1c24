//! A tour of the `arize` crate, runnable with no Arize account.
//!
//! ```sh
//! cargo run --example tour --features testing
//! ```
//!
//! Without `ARIZE_API_KEY`, it starts the crate's local fake of the spaces
//! API and walks through every operation. With `ARIZE_API_KEY` set, it lists
//! your spaces (read-only); it creates, updates and deletes a temporary
//! space only if you also pass `--write <organization-id>`.

use arize::{
    Client, Error, PredefinedRole, Role, Space, SpaceRef,
    testing::{AccountRole, FakeServer},
};

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if std::env::var_os("ARIZE_API_KEY").is_some() {
        return real_api(&args);
    }

    let fake = FakeServer::builder()
        .organization("acme")
        .organization("globex")
        .user("alice", AccountRole::Member, ["acme"])
        .user("bob", AccountRole::Member, ["acme"])
        .custom_role("reviewer")
        .start();
    println!("No ARIZE_API_KEY is set, so this tour runs against arize::testing::FakeServer,");
    println!("a local fake of the spaces API at {}.", fake.url());
    let client = fake.client();
    let spaces = client.spaces();
    let acme = fake.organization_id("acme");

    step("Create three spaces in organization acme");
    for (name, description) in [
        ("fraud-models", "Models of the fraud team"),
        ("churn", "Churn prediction"),
        ("search-ranking", "Ranking experiments"),
    ] {
        let space = spaces.create(name, &acme).description(description).send()?;
        row(&["created", &space.name, &space.id]);
    }

    step("List one page (limit 2): items, has_more and the cursor");
    let page = spaces.list().organization_id(&acme).limit(2).send()?;
    table(page.items());
    println!(
        "   has_more = {}, next_cursor = {:?}",
        page.has_more(),
        page.next_cursor()
    );

    step("Iterate lazily over every space, 2 per page (one request per page)");
    fake.clear_requests();
    for space in spaces.list().organization_id(&acme).limit(2).items() {
        let space = space?;
        row(&["item", &space.name, &space.id]);
    }
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

    step("Members: alice as MEMBER, bob with the custom role \"reviewer\"");
    let alice = fake.user_id("alice");
    let bob = fake.user_id("bob");
    for (user, role) in [
        (&alice, Role::from(PredefinedRole::Member)),
        (&bob, Role::custom(fake.role_id("reviewer"))),
    ] {
        let membership = spaces.add_user(&renamed, user, role)?;
        let role = membership.role.map(|role| match role {
            Role::Custom {
                id,
                name: Some(name),
            } => format!("custom role {id} ({name})"),
            role => role.to_string(),
        });
        row(&["member", &membership.user_id, &role.unwrap_or_default()]);
    }

    step("Remove bob from the space");
    let outcome = spaces.remove_user(&renamed, &bob)?;
    row(&["removed", &bob, &format!("{outcome:?}")]);

    step("Delete the space \"churn\" (by name)");
    let outcome = spaces.delete("churn")?;
    row(&["deleted", "churn", &format!("{outcome:?}")]);
    println!("   spaces left: {}", spaces.list().items().count());

    step("Typed errors");
    match spaces.create("search-ranking", &acme).send() {
        Err(err @ Error::Conflict(_)) => {
            row(&["duplicate name", "Error::Conflict", &err.to_string()])
        }
        other => println!("   unexpected: {other:?}"),
    }
    let globex = fake.organization_id("globex");
    spaces.create("shared", &acme).send()?;
    spaces.create("shared", &globex).send()?;
    match spaces.get("shared") {
        Err(err @ Error::AmbiguousName { .. }) => {
            row(&["ambiguous name", "Error::AmbiguousName", &err.to_string()])
        }
        other => println!("   unexpected: {other:?}"),
    }
    let scoped = spaces.get(SpaceRef::in_organization("shared", globex))?;
    row(&["scoped name", "SpaceRef::in_organization", &scoped.id]);
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

    println!("\nDone. Set ARIZE_API_KEY to list your own spaces (read-only).");
    Ok(())
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
