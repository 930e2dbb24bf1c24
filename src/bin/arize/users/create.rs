//! `arize users create --from-file team.csv`: many users at once, over
//! `Users::bulk_create`, a row per user with the temporary passwords shown
//! once.

use std::{
    io::{self, Read},
    path::Path,
};

use arize::{AccountRole, CreateUser, InviteMode, UserCreation, Users};
use serde_json::{Value, json};

use crate::{
    Ctx,
    args::parse,
    bulk,
    exit::{Failure, Outcome},
    output::Shape,
};

/// The rows of a bulk create: those of every bulk verb, and the temporary
/// password of a user invited with one.
const CREATED: Shape = Shape {
    plural: "results",
    columns: &["input", "status", "id", "temporary_password", "error"],
    table: &["input", "status", "id", "temporary_password", "error"],
};

/// What the flags give the columns a file leaves out or empty.
type Defaults = (Option<AccountRole>, Option<InviteMode>, Option<bool>);

/// Reads the CSV at `path` (`-` for stdin) into creates, checking every row
/// before anything is sent: a bad row is a usage error naming its line.
pub fn read(users: &Users, path: &Path, defaults: Defaults) -> Outcome<Vec<CreateUser>> {
    let mut text = String::new();
    let read = if path == Path::new("-") {
        io::stdin().read_to_string(&mut text)
    } else {
        std::fs::File::open(path).and_then(|mut file| file.read_to_string(&mut text))
    };
    read.map_err(|error| Failure::file(path, &error))?;
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let bad =
        |line: u64, why: String| Failure::usage(format!("{}, line {line}: {why}", path.display()));
    let headers: Vec<String> = reader
        .headers()
        .map_err(|error| bad(1, error.to_string()))?
        .iter()
        .map(|header| header.to_ascii_lowercase().replace([' ', '-'], "_"))
        .collect();
    let column = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let email = column(&["email"]).ok_or_else(|| bad(1, "no email column".into()))?;
    let name = column(&["full_name", "name"])
        .ok_or_else(|| bad(1, "no full_name (or name) column".into()))?;
    let (role, mode, developer) = (
        column(&["role"]),
        column(&["invite_mode"]),
        column(&["is_developer"]),
    );
    let mut creates = Vec::new();
    for record in reader.records() {
        let record = record
            .map_err(|error| bad(error.position().map_or(0, |p| p.line()), error.to_string()))?;
        let line = record.position().map_or(0, |p| p.line());
        let cell = |at: Option<usize>| {
            at.and_then(|at| record.get(at))
                .filter(|text| !text.is_empty())
        };
        let role = match cell(role) {
            Some(text) => parse::<AccountRole>(text).map_err(|why| bad(line, why))?,
            None => defaults
                .0
                .clone()
                .ok_or_else(|| bad(line, "no role: add a role column or --role".into()))?,
        };
        let mode = match cell(mode) {
            Some(text) => parse::<InviteMode>(text).map_err(|why| bad(line, why))?,
            None => defaults.1.clone().ok_or_else(|| {
                bad(
                    line,
                    "no invite mode: add an invite_mode column or --invite-mode".into(),
                )
            })?,
        };
        let developer = match cell(developer) {
            Some(text) => Some(text.parse::<bool>().map_err(|_| {
                bad(
                    line,
                    format!("is_developer {text:?}: expected true or false"),
                )
            })?),
            None => defaults.2,
        };
        let (Some(email), Some(name)) = (cell(Some(email)), cell(Some(name))) else {
            return Err(bad(line, "a user needs an email and a name".into()));
        };
        creates.push(
            users
                .create(name, email, role, mode)
                .set_developer(developer),
        );
    }
    if creates.is_empty() {
        return Err(Failure::usage(format!(
            "{}: no users in it",
            path.display()
        )));
    }
    Ok(creates)
}

/// Creates them, up to `concurrency` at once, and writes a row for each.
pub fn many(ctx: &Ctx, users: &Users, creates: Vec<CreateUser>, concurrency: usize) -> Outcome {
    let batch = bulk::with_progress(creates.len(), "creating users", |progress| {
        users
            .bulk_create(creates)
            .concurrency(concurrency)
            .on_progress(|done, total, _| progress(done, total))
            .send()
    });
    let mut passwords = false;
    let rows: Vec<Value> = batch
        .iter()
        .map(|outcome| {
            let result = outcome.result.as_ref().map(|creation| match creation {
                UserCreation::AlreadyInvited(user) => ("already_invited", user.id.as_str()),
                other => ("created", other.user().id.as_str()),
            });
            let mut row = bulk::row(&outcome.input, result);
            if let Ok(UserCreation::Created {
                temporary_password: Some(password),
                ..
            }) = &outcome.result
            {
                // The one place these secrets are read: they go to the
                // output (stdout, or a file only its owner can read), once.
                row["temporary_password"] = json!(password.expose_secret());
                passwords = true;
            }
            row
        })
        .collect();
    let reported = bulk::report(ctx, &CREATED, &rows, "Create");
    if passwords {
        eprintln!(
            "The temporary passwords are shown this once: they will not be shown again. Hand \
             them over safely; each must be changed at first login."
        );
    }
    reported
}
