//! Crash-point sweep (RELIABILITY E4, R4): each write command is SIGKILLed at every call it
//! makes on the backlog's paths, and the files are then old or new, never torn.

use super::*;

/// The invariants after a crash: every file old or new, no other file but at most one leftover
/// temp file, lint fine and silent about the leftover, doctor cleans up. Returns the problems
/// and notes about tolerated git residue.
fn crash_problems(p: &Prepared, dir: &Path) -> (Vec<String>, Vec<String>) {
    let now = files(dir);
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    let known: BTreeSet<&String> = p.before.keys().chain(p.after.keys()).collect();
    for path in &known {
        let (old, new, is) = (p.before.get(*path), p.after.get(*path), now.get(*path));
        if is == old || is == new {
            continue;
        }
        if path.as_str() == ".git/config"
            && is
                .zip(new)
                .is_some_and(|(is, new)| *is == config_midway(new))
        {
            notes.push("merge driver half registered in .git/config (name without command)".into());
            let doctor = backlog_in(dir, &["doctor"]);
            if dir.join("backlog/backlog.toml").exists()
                && !text(&doctor.stdout).contains("merge driver")
            {
                problems.push(format!(
                    "doctor does not report the half-registered merge driver: {}",
                    text(&doctor.stdout)
                ));
            }
            continue;
        }
        problems.push(match is {
            Some(bytes) => format!(
                "{path} is neither old nor new ({} bytes: {:?})",
                bytes.len(),
                text(&bytes[..bytes.len().min(80)])
            ),
            None => format!("{path} is gone, but a clean run keeps it"),
        });
    }
    let extra: Vec<&String> = now
        .keys()
        .filter(|k| !known.contains(k) && !k.starts_with(JOURNAL))
        .collect();
    let (leftovers, others): (Vec<&String>, Vec<&String>) = extra
        .into_iter()
        .partition(|p| is_temp(p) || p.as_str() == ".git/config.lock");
    // An import writes its new files as one batch of temp files (`write::create_many`), so a
    // kill leaves up to one per file; doctor --fix removes them all (checked below).
    if leftovers.len() > 1 && p.name != "import" {
        problems.push(format!(
            "{} leftovers (at most 1): {leftovers:?}",
            leftovers.len()
        ));
    }
    if leftovers.iter().any(|p| p.as_str() == ".git/config.lock") {
        notes.push("libgit2's .git/config.lock left behind".into());
    }
    if !others.is_empty() {
        problems.push(format!("unexpected files left: {others:?}"));
    }
    problems.extend(lint_problems(
        dir,
        !dir.join("backlog/backlog.toml").exists(),
    ));
    problems.extend(doctor_problems(dir));
    // doctor --fix is the next writer: it completed an interrupted renumbering.
    let settled = files(dir);
    if let Some(left) = settled.keys().find(|k| k.starts_with(JOURNAL)) {
        problems.push(format!("doctor --fix left a journal: {left}"));
    }
    let work_tree = |f: &Files| -> Files {
        f.iter()
            .filter(|(k, _)| !k.starts_with(".git/") && !is_temp(k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    let (old, new, is) = (
        work_tree(&p.before),
        work_tree(&p.after),
        work_tree(&settled),
    );
    if is != old && is != new {
        let mixed = format!(
            "after the kill and doctor --fix the work tree is neither old nor new as a whole (old: {:?}; new: {:?})",
            differing(&old, &is, &[]),
            differing(&new, &is, &[])
        );
        if p.whole {
            problems.push(mixed);
        } else {
            notes.push("mixed: some files new, some old (each one whole)".into());
        }
    }
    (problems, notes)
}

/// The outcome of one kill point.
struct Killed {
    killed: bool,
    problems: Vec<String>,
    notes: Vec<String>,
}

#[test]
#[ignore = "needs strace with ptrace permitted (.ci/run installs strace and runs it)"]
fn sigkill_at_every_write_path_call_leaves_old_or_new_files() {
    require_strace();
    let started = Instant::now();
    let mut failures = Vec::new();
    let mut summary = Vec::new();
    for scenario in &SCENARIOS {
        let (_fixture, p) = prepare(scenario);
        assert!(
            !p.points.is_empty(),
            "{}: no calls on the backlog's paths traced",
            p.name
        );
        let results: Mutex<Vec<Killed>> = Mutex::new(Vec::new());
        on_two_threads(p.points.len(), |i| {
            let point = &p.points[i];
            let (dir, root) = copy_of(&p.source);
            let trace = dir.path().join("trace");
            let filters = [
                "-e".to_string(),
                format!("trace={}", point.syscall),
                "-e".into(),
                format!(
                    "inject={}:signal=SIGKILL:when={}",
                    point.syscall, point.when
                ),
            ];
            let out = output_of(&mut strace_command(&root, &trace, &filters, p.args));
            let hit = last_call(&trace, &root);
            let killed = out.status.signal() == Some(9);
            let mut problems = if killed || out.status.success() {
                Vec::new()
            } else {
                vec![format!(
                    "ended with {}: {}",
                    how(out.status),
                    text(&out.stderr)
                )]
            };
            let (found, notes) = crash_problems(&p, &root);
            problems.extend(found);
            let problems = problems
                .into_iter()
                .map(|m| {
                    format!(
                        "`backlog {}` killed at {} #{} (recon: {}; hit: {}): {m}",
                        p.args.join(" "),
                        point.syscall,
                        point.when,
                        point.line,
                        hit
                    )
                })
                .collect();
            results
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(Killed {
                    killed,
                    problems,
                    notes,
                });
        });
        let results = results.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut noted: BTreeMap<&String, usize> = BTreeMap::new();
        for note in results.iter().flat_map(|r| &r.notes) {
            *noted.entry(note).or_default() += 1;
        }
        for (note, n) in noted {
            eprintln!(
                "faults: NOTE `backlog {}`: {n} kill point(s): {note}",
                p.args.join(" ")
            );
        }
        let kills = results.iter().filter(|r| r.killed).count();
        let bad = results.iter().filter(|r| !r.problems.is_empty()).count();
        let torn = results
            .iter()
            .flat_map(|r| &r.problems)
            .filter(|m| m.contains("is neither old nor new ("))
            .count();
        let mixed = results
            .iter()
            .filter(|r| r.problems.iter().any(|m| m.contains("as a whole")))
            .count();
        summary.push(format!(
            "{}: {} points, {} killed, {} passed, {} torn files, {} mixed",
            p.name,
            results.len(),
            kills,
            results.len() - bad,
            torn,
            mixed
        ));
        failures.extend(results.into_iter().flat_map(|r| r.problems));
    }
    eprintln!(
        "faults: SIGKILL sweep in {:?}: {}",
        started.elapsed(),
        summary.join("; ")
    );
    assert!(
        failures.is_empty(),
        "{} crash-consistency violations:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
