//! Lists the spaces an API key can see. Read-only.
//!
//! ```sh
//! ARIZE_API_KEY=... cargo run --example list_spaces
//! ```

fn main() -> Result<(), arize::Error> {
    if std::env::var_os("ARIZE_API_KEY").is_none() {
        eprintln!(
            "Set ARIZE_API_KEY (and optionally ARIZE_REGION or ARIZE_BASE_URL) to list your spaces."
        );
        return Ok(());
    }
    let client = arize::Client::from_env()?;
    println!("{:<28}  {:<32}  PRIVATE", "ID", "NAME");
    for space in client.spaces().list().items().take(20) {
        let space = space?;
        println!("{:<28}  {:<32}  {}", space.id, space.name, space.is_private);
    }
    Ok(())
}
