//! The outcome of a run (`Run`, `RawRun`) with its assertions, and the findings of
//! `lint --format json` checked against the JSON contract.

use std::process::Output;

/// The result of a run, with its parts as text.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// A run with its raw bytes as well, for byte-level checks (ESC, C1, invalid UTF-8).
pub struct RawRun {
    pub run: Run,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl Run {
    /// The run of a `backlog` (or git) process, failing the test on death by a signal or a
    /// panic (exit 101).
    pub(super) fn from(output: Output) -> Run {
        let code = output
            .status
            .code()
            .unwrap_or_else(|| panic!("killed by a signal: {output:?}"));
        assert!(
            code != 101,
            "backlog panicked:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        Run {
            code,
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Asserts the exit code, showing the output when it differs.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Self {
        assert_eq!(
            self.code, expected,
            "exit code\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    #[track_caller]
    pub fn stdout_has(&self, needle: &str) -> &Self {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}:\n{}",
            self.stdout
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}:\n{}",
            self.stderr
        );
        self
    }

    /// Asserts stdout and stderr contain none of these strings.
    #[track_caller]
    pub fn lacks(&self, needle: &str) -> &Self {
        assert!(
            !self.stdout.contains(needle) && !self.stderr.contains(needle),
            "output must not contain {needle:?}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout,
            self.stderr
        );
        self
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", self.stdout))
    }

    /// The diagnostics of a `lint --format json` run, checking the document's contract.
    #[track_caller]
    pub fn findings(&self) -> Vec<Finding> {
        let doc = self.json();
        assert_eq!(
            doc["version"], 1,
            "lint JSON needs version 1:\n{}",
            self.stdout
        );
        let list = doc["diagnostics"]
            .as_array()
            .unwrap_or_else(|| panic!("no diagnostics array:\n{}", self.stdout));
        list.iter().map(Finding::from_json).collect()
    }
}

/// One finding of `backlog lint --format json`, reduced to what tests compare.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub path: String,
    pub line: u64,
    pub column: u64,
    pub severity: String,
    pub rule: String,
    pub message: String,
    pub help: Option<String>,
}

impl Finding {
    /// `rule@line:col`, a compact form for assertions and failure messages.
    pub fn at(&self) -> String {
        format!("{}@{}:{}", self.rule, self.line, self.column)
    }

    #[track_caller]
    fn from_json(d: &serde_json::Value) -> Finding {
        let text = |k: &str| {
            d[k].as_str()
                .unwrap_or_else(|| panic!("diagnostic field {k} is not a string: {d}"))
                .to_owned()
        };
        let num = |k: &str| {
            let n = d[k]
                .as_u64()
                .unwrap_or_else(|| panic!("diagnostic field {k} is not a number: {d}"));
            assert!(n >= 1, "{k} must be 1-based: {d}");
            n
        };
        let severity = text("severity");
        assert!(
            severity == "error" || severity == "warning",
            "severity must be error or warning: {d}"
        );
        Finding {
            path: text("path"),
            line: num("line"),
            column: num("column"),
            severity,
            rule: text("rule"),
            message: text("message"),
            help: d["help"].as_str().map(str::to_owned),
        }
    }
}
