//! Runs `examples/missing_space.rs`, whose `main` returns an error, as a
//! process of its own, and checks what Rust printed on its stderr: the
//! error's sentence, not a struct dump.
//!
//! A separate test target because it needs its own `main`: the process
//! re-runs itself as the example.

#[path = "../examples/missing_space.rs"]
mod example;

use std::process::Command;

const CHILD: &str = "ARIZE_MAIN_ERROR_CHILD";

fn main() -> Result<(), arize::Error> {
    if std::env::var_os(CHILD).is_some() {
        return example::main();
    }
    let out = Command::new(std::env::current_exe().expect("the test binary"))
        .env(CHILD, "1")
        .output()
        .expect("the test binary runs");
    let stderr = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(!out.status.success(), "the example should fail");
    assert_eq!(stderr, "Error: no space is named \"nonexistent-name\"\n");
    println!("main_error: ok");
    Ok(())
}
