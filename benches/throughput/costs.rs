//! Instructions (callgrind) and system calls (strace) per `get` and per
//! page, for the client and both bare loops, each run alone in a process
//! of its own (`--repeat`) with the responder in another, as against
//! nginx: the counts are the client's alone, and callgrind repeats them
//! exactly. Skipped, saying so, when valgrind or strace is not installed.
//!
//! ```sh
//! target/release/deps/throughput-<hash> --costs
//! ```

use std::process::Command;

const GETS: usize = 500;
const GETS_ARG: &str = "500";
const WHO: [&str; 3] = ["ours", "typed", "floor"];

pub fn run() {
    let exe = std::env::current_exe().unwrap();
    let exe = exe.to_str().unwrap();
    let valgrind = installed("valgrind");
    let strace = installed("strace");
    if !valgrind {
        println!("instructions: not measured (valgrind is not installed)");
    }
    if !strace {
        println!("system calls: not measured (strace is not installed)");
    }
    for resource in ["spaces", "organizations", "users", "role bindings"] {
        let name = resource.split(' ').next().unwrap();
        let mut line = format!("get one of the {resource}:");
        let mut ours = None;
        for who in WHO {
            let run = |gets| ["--repeat", name, who, gets, "0"];
            let many = GETS_ARG;
            if valgrind {
                let per_get = (instructions(exe, &run(many)) - instructions(exe, &run("0"))) as f64
                    / GETS as f64;
                let versus = match ours {
                    None => {
                        ours = Some(per_get);
                        String::new()
                    }
                    Some(ours) => format!(" (ours/{who} = {:.3})", ours / per_get),
                };
                line += &format!(" {who} {per_get:.0} instructions{versus},");
            }
            if strace {
                let (calls, setsockopt) = syscalls(exe, &run(many));
                let (calls0, setsockopt0) = syscalls(exe, &run("0"));
                line += &format!(
                    " {:.2} system calls ({:.2} setsockopt);",
                    (calls - calls0) as f64 / GETS as f64,
                    (setsockopt - setsockopt0) as f64 / GETS as f64,
                );
            }
        }
        println!("{line}");
    }
    for resource in ["spaces", "organizations", "users", "role bindings"] {
        pages(exe, resource, valgrind, strace);
    }
}

/// Instructions and system calls per page of a listing of 200 pages.
fn pages(exe: &str, resource: &str, valgrind: bool, strace: bool) {
    let name = resource.split(' ').next().unwrap();
    let pages = 200.0;
    let mut line = format!("a page of 100 {resource}:");
    let mut ours = None;
    for who in WHO {
        if valgrind {
            let base = instructions(exe, &["--repeat", name, who, "0", "0"]);
            let one = instructions(exe, &["--repeat", name, who, "0", "1"]);
            let per_page = (one - base) as f64 / pages;
            let versus = match ours {
                None => {
                    ours = Some(per_page);
                    String::new()
                }
                Some(ours) => format!(" (ours/{who} = {:.3})", ours / per_page),
            };
            line += &format!(" {who} {per_page:.0} instructions{versus},");
        }
        if strace {
            let (calls0, _) = syscalls(exe, &["--repeat", name, who, "0", "0"]);
            let (calls, _) = syscalls(exe, &["--repeat", name, who, "0", "1"]);
            line += &format!(" {:.2} system calls;", (calls - calls0) as f64 / pages);
        }
    }
    println!("{line}");
}

fn installed(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The instructions a run executes, all threads of its process.
fn instructions(exe: &str, args: &[&str]) -> u64 {
    let output = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null", exe])
        .args(args)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stderr);
    text.lines()
        .find_map(|l| l.split("Collected :").nth(1))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no count from callgrind: {text}"))
}

/// The system calls of a run's main thread, and its `setsockopt`s.
fn syscalls(exe: &str, args: &[&str]) -> (u64, u64) {
    let out = std::env::temp_dir().join(format!("arize-bench-strace-{}", std::process::id()));
    let status = Command::new("strace")
        .args(["-c", "-o", out.to_str().unwrap(), exe])
        .args(args)
        .output()
        .unwrap()
        .status;
    assert!(status.success());
    let text = std::fs::read_to_string(&out).unwrap();
    let _ = std::fs::remove_file(&out);
    // `% time  seconds  usecs/call  calls  errors  syscall`: the calls are
    // the fourth column, the name the last.
    let calls = |name: &str| {
        text.lines()
            .filter(|l| l.split_whitespace().last() == Some(name))
            .find_map(|l| l.split_whitespace().nth(3)?.parse().ok())
            .unwrap_or(0)
    };
    let total = text
        .lines()
        .find(|l| l.split_whitespace().last() == Some("total"))
        .and_then(|l| {
            let fields: Vec<&str> = l.split_whitespace().collect();
            // `100.00  0.01  1  1234  5  total`: calls before errors (when
            // any), so the last number before `total` that is not errors.
            fields.get(3)?.parse().ok()
        })
        .unwrap_or(0);
    (total, calls("setsockopt"))
}
