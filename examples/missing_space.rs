//! What a program sees when a call fails: its `main` returns the error, and
//! Rust prints it, as a sentence rather than a struct dump.
//!
//! ```sh
//! cargo run --example missing_space --features testing
//! # [… WARN  arize::beta] spaces().get calls a beta endpoint of the Arize API (list_spaces), …
//! # Error: no space is named "nonexistent-name"
//! ```
//!
//! Like every example, it installs a logger, so that the crate's notices
//! show (here, that the endpoint is in beta); `RUST_LOG=arize::beta=off`
//! silences them.

// `pub` so that `tests/main_error.rs` can run it as its own `main`.
pub fn main() -> Result<(), arize::Error> {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("warn")).init();
    let fake = arize::testing::FakeServer::start();
    let space = fake.client().spaces().get("nonexistent-name")?;
    println!("{}", space.id);
    Ok(())
}
