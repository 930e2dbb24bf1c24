//! What a program sees when a call fails: its `main` returns the error, and
//! Rust prints it, as a sentence rather than a struct dump.
//!
//! ```sh
//! cargo run --example missing_space --features testing
//! # Error: no space is named "nonexistent-name"
//! ```

// `pub` so that `tests/main_error.rs` can run it as its own `main`.
pub fn main() -> Result<(), arize::Error> {
    let fake = arize::testing::FakeServer::start();
    let space = fake.client().spaces().get("nonexistent-name")?;
    println!("{}", space.id);
    Ok(())
}
