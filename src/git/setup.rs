//! What `backlog` keeps in git: the ranking merge driver's config (registered by the absolute
//! path of the running binary, so git finds it whatever its PATH), a trial run of the
//! configured command as git would run it, and the cache directory.

use super::Repo;
use anyhow::{Context as _, Result, anyhow};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The merge driver's name in git config and .gitattributes.
pub const MERGE_DRIVER: &str = "backlog-ranking";

/// How long a trial run of the driver may take before it counts as hung.
const TRIAL_LIMIT: Duration = Duration::from_secs(20);

/// What a trial run of the configured driver command did.
pub struct DriverRun {
    /// The exit code, `None` when it was killed by a signal or ran out of time.
    pub code: Option<i32>,
    /// What the command left in %A.
    pub result: Vec<u8>,
    /// Its stderr (and stdout), for the message.
    pub output: String,
}

impl Repo {
    /// Where `backlog` keeps caches: `backlog/` in the common git directory, shared by linked
    /// worktrees (its contents are keyed by commit ids) and never in the work tree.
    pub fn cache_dir(&self) -> PathBuf {
        self.repo.commondir().join("backlog")
    }

    /// The command this clone's config names for the ranking merge driver, if any.
    pub fn merge_driver_command(&self) -> Option<String> {
        self.repo
            .config()
            .and_then(|c| c.get_string(&format!("merge.{MERGE_DRIVER}.driver")))
            .ok()
            .filter(|d| !d.trim().is_empty())
    }

    /// Whether this clone's config names a command for the ranking merge driver.
    pub fn has_merge_driver(&self) -> bool {
        self.merge_driver_command().is_some()
    }

    /// Registers the ranking merge driver in the repository's local config (never the user's
    /// global config: a driver is a program git runs, so only this clone opts in). The command
    /// names `program` by its absolute path: git runs drivers through `sh` with its own PATH,
    /// where a `backlog` that works in the user's shell may be missing.
    pub fn register_merge_driver(&self, program: &Path) -> Result<()> {
        if program.to_string_lossy().contains('%') {
            anyhow::bail!(
                "cannot register the merge driver: git would expand the `%` in {}; install backlog at a path without one",
                program.display()
            );
        }
        let mut config = self
            .repo
            .config()
            .and_then(|c| c.open_level(git2::ConfigLevel::Local))
            .map_err(|e| anyhow!("cannot open the repository's git config: {}", e.message()))?;
        let set = |config: &mut git2::Config, key: &str, value: &str| {
            config.set_str(key, value).map_err(|e| {
                anyhow!(
                    "cannot set {key} in the repository's git config: {}",
                    e.message()
                )
            })
        };
        // One key, so one write of .git/config (libgit2 writes each `set` through its own
        // lock file): a kill leaves the config as it was or as it is meant to be, never half.
        // `merge.<driver>.name` is only a label git shows; it is left out for that.
        set(
            &mut config,
            &format!("merge.{MERGE_DRIVER}.driver"),
            &driver_command(program),
        )?;
        Ok(())
    }

    /// Runs `command` the way git runs a merge driver: through `sh -c` in the work tree top,
    /// `%O %A %B` replaced by three temp files holding `base`, `ours` and `theirs` and `%P`
    /// by `name`. Nothing in the repository is touched.
    pub fn try_merge_driver(
        &self,
        command: &str,
        (base, ours, theirs): (&str, &str, &str),
        name: &str,
    ) -> Result<DriverRun> {
        let dir = tempfile::tempdir().context("cannot create a temp directory")?;
        let file = |letter: &str, text: &str| -> Result<PathBuf> {
            let path = dir.path().join(format!(".merge_file_{letter}"));
            std::fs::write(&path, text)
                .with_context(|| format!("cannot write {}", path.display()))?;
            Ok(path)
        };
        let (o, a, b) = (file("O", base)?, file("A", ours)?, file("B", theirs)?);
        let expanded = command
            .replace("%O", &sh_quote(&o.to_string_lossy()))
            .replace("%A", &sh_quote(&a.to_string_lossy()))
            .replace("%B", &sh_quote(&b.to_string_lossy()))
            .replace("%P", &sh_quote(name))
            .replace("%L", "7");
        let cwd = self.repo.workdir().unwrap_or(dir.path()).to_path_buf();
        let out = dir.path().join("output");
        let log = std::fs::File::create(&out).context("cannot create a temp file")?;
        let mut child = std::process::Command::new("sh")
            .arg("-c")
            .arg(&expanded)
            .current_dir(cwd)
            .stdin(std::process::Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .context("cannot run sh")?;
        let started = Instant::now();
        let code = loop {
            if let Some(status) = child.try_wait()? {
                break status.code();
            }
            if started.elapsed() > TRIAL_LIMIT {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        Ok(DriverRun {
            code,
            result: std::fs::read(&a).unwrap_or_default(),
            output: String::from_utf8_lossy(&std::fs::read(&out).unwrap_or_default())
                .trim()
                .to_owned(),
        })
    }
}

/// The driver command for `program`: its absolute path, quoted for `sh`.
pub fn driver_command(program: &Path) -> String {
    format!(
        "{} merge-driver %O %A %B %P",
        sh_quote(&program.to_string_lossy())
    )
}

/// `text` as one `sh` word: single quotes, with each `'` closed, escaped and reopened.
fn sh_quote(text: &str) -> String {
    if !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+=:,@".contains(c))
    {
        return text.to_owned();
    }
    format!("'{}'", text.replace('\'', "'\\''"))
}
