//! Running the binary: a clean environment, a temporary `HOME`, a time
//! limit, and the key checked for in everything it prints.

use std::{
    io::{Read, Write},
    path::{Path, PathBuf},
    process::{Command, Stdio},
    sync::atomic::{AtomicUsize, Ordering},
    time::{Duration, Instant},
};

use arize::testing::{AccountRole, FakeServer, FakeServerBuilder};

/// The key every fake of these tests accepts. Long and distinctive, so
/// that finding it in any output is certain to be a leak.
pub const KEY: &str = "ak-cli-test-0123456789abcdef-SECRET";

/// How long any one process may run.
const LIMIT: Duration = Duration::from_secs(30);

/// A fake accepting [`KEY`], seeded with an organization `acme`, users
/// `alice` (member of acme) and `bob` (admin), and a space `fraud`.
pub fn fake() -> FakeServer {
    seeded().start()
}

/// The seeds of [`fake`], to add to.
pub fn seeded() -> FakeServerBuilder {
    FakeServer::builder()
        .api_key(KEY)
        .organization("acme")
        .user("alice", AccountRole::Member, ["acme"])
        .user("bob", AccountRole::Admin, ["acme"])
        .space("acme", "fraud")
}

/// A temporary directory, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new() -> TempDir {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("arize-cli-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }

    /// Writes `~/.arize/profiles/<name>.toml`.
    pub fn profile(&self, name: &str, text: &str) {
        let dir = self.0.join(".arize/profiles");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.toml")), text).unwrap();
    }

    /// Writes `~/.arize/.active_profile`.
    pub fn activate(&self, name: &str) {
        std::fs::write(self.0.join(".arize/.active_profile"), name).unwrap();
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A command line to run, with its environment.
pub struct Cli {
    command: Command,
    stdin: Vec<u8>,
    /// Keeps the temporary HOME alive as long as the command.
    _home: Option<TempDir>,
}

/// What a run printed, and how it ended.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Cli {
    /// The binary with `args`, an empty environment but `PATH`, and a
    /// fresh `HOME`: no profile, no key.
    pub fn new<I, S>(args: I) -> Cli
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let home = TempDir::new();
        let mut cli = Cli::in_home(args, home.path());
        cli._home = Some(home);
        cli
    }

    /// The binary with this `HOME` (holding profiles).
    pub fn in_home<I, S>(args: I, home: &Path) -> Cli
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let mut command = Command::new(env!("CARGO_BIN_EXE_arize"));
        command.args(args).env_clear().env("HOME", home);
        if let Some(path) = std::env::var_os("PATH") {
            command.env("PATH", path);
        }
        Cli {
            command,
            stdin: Vec::new(),
            _home: None,
        }
    }

    /// The binary pointed at `fake` through the environment.
    pub fn against<I, S>(fake: &FakeServer, args: I) -> Cli
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        Cli::new(args)
            .env("ARIZE_BASE_URL", fake.url())
            .env("ARIZE_API_KEY", KEY)
    }

    pub fn env(mut self, name: &str, value: impl AsRef<std::ffi::OsStr>) -> Cli {
        self.command.env(name, value);
        self
    }

    pub fn arg(mut self, arg: impl AsRef<std::ffi::OsStr>) -> Cli {
        self.command.arg(arg);
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Cli
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.command.args(args);
        self
    }

    pub fn stdin(mut self, input: &str) -> Cli {
        self.stdin = input.as_bytes().to_vec();
        self
    }

    /// Runs it to the end (killing it after 30 s), and checks that the key
    /// appears in nothing it printed.
    pub fn run(mut self) -> Run {
        let mut child = self
            .command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the arize binary runs");
        let mut stdin = child.stdin.take().unwrap();
        let input = std::mem::take(&mut self.stdin);
        let writer = std::thread::spawn(move || {
            let _ = stdin.write_all(&input);
        });
        let mut stdout = child.stdout.take().unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let out = std::thread::spawn(move || {
            let mut text = String::new();
            stdout.read_to_string(&mut text).map(|_| text)
        });
        let err = std::thread::spawn(move || {
            let mut text = String::new();
            stderr.read_to_string(&mut text).map(|_| text)
        });
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > LIMIT {
                let _ = child.kill();
                let _ = child.wait();
                panic!("arize ran for over {LIMIT:?}: killed");
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        writer.join().unwrap();
        let run = Run {
            stdout: out.join().unwrap().expect("UTF-8 stdout"),
            stderr: err.join().unwrap().expect("UTF-8 stderr"),
            code: status.code().expect("an exit status, not a signal"),
        };
        assert_no_secret(&run);
        run
    }
}

/// The key never appears, in any output of any test.
pub fn assert_no_secret(run: &Run) {
    assert!(
        !run.stdout.contains(KEY) && !run.stderr.contains(KEY),
        "the API key was printed: {run:#?}"
    );
}

impl Run {
    /// Asserts the exit status, showing everything printed if it differs.
    #[track_caller]
    pub fn code(&self, code: i32) -> &Run {
        assert_eq!(self.code, code, "{self:#?}");
        self
    }

    /// Asserts success and returns stdout.
    #[track_caller]
    pub fn ok(&self) -> &str {
        self.code(0);
        &self.stdout
    }

    /// stdout as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {self:#?}"))
    }
}
