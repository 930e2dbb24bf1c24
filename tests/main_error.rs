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
        .env_remove("RUST_LOG")
        .output()
        .expect("the test binary runs");
    let stderr = String::from_utf8(out.stderr).expect("UTF-8");
    assert!(!out.status.success(), "the example should fail");
    let mut lines = stderr.lines();
    // The beta notice names what the program called, not the listing that
    // looked the name up; then the error, as a sentence.
    let notice = lines.next().expect("the beta notice");
    assert!(
        notice.contains("WARN") && notice.contains("arize::beta"),
        "{stderr}"
    );
    assert!(
        notice.ends_with(
            "spaces().get calls a beta endpoint of the Arize API (list_spaces), which may change \
             without notice; silence this notice with the log filter arize::beta=off"
        ),
        "{stderr}"
    );
    assert_eq!(
        lines.next(),
        Some("Error: no space is named \"nonexistent-name\"")
    );
    assert_eq!(lines.next(), None, "{stderr}");
    println!("main_error: ok");
    Ok(())
}
