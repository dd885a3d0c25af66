//! A reader during writes sees the old or the new ranking, never a torn one (RELIABILITY E14).

use super::*;

#[test]
fn lint_during_200_rank_moves_never_sees_a_torn_ranking() {
    let repo = long_ranking_fixture(100, 5_000);
    let dir = repo.path();
    let (out, fixture_findings) = repo.lint_json(&[]);
    out.code(0);
    assert!(fixture_findings.is_empty());
    let mut rng = Rng::new();
    let seed = rng.seed();
    let moves: Vec<(String, String)> = (0..200)
        .map(|_| {
            (
                format!("MS-{}", rng.below(100) + 1),
                (rng.below(100) + 1).to_string(),
            )
        })
        .collect();
    let problems: Mutex<Vec<String>> = Mutex::new(Vec::new());
    let done = std::sync::atomic::AtomicBool::new(false);
    let reads = AtomicUsize::new(0);
    std::thread::scope(|s| {
        s.spawn(|| {
            for (id, to) in &moves {
                let out = backlog_in(dir, &["rank", id, "--to", to]);
                if !out.status.success() {
                    problems
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(format!(
                            "`rank {id} --to {to}` ended with {}: {}",
                            how(out.status),
                            text(&out.stderr)
                        ));
                }
            }
            done.store(true, Ordering::Relaxed);
        });
        s.spawn(|| {
            for _ in 0..200 {
                let out = backlog_in(dir, &["lint", "--format", "json"]);
                reads.fetch_add(1, Ordering::Relaxed);
                let bad = match out.status.code() {
                    Some(0 | 1) => serde_json::from_slice::<serde_json::Value>(&out.stdout)
                        .map_err(|e| e.to_string())
                        .and_then(|doc| {
                            let found = doc["diagnostics"].as_array().cloned().unwrap_or_default();
                            if found.is_empty() {
                                Ok(())
                            } else {
                                Err(format!("{found:?}"))
                            }
                        })
                        .err(),
                    _ => Some(format!(
                        "ended with {}: {}",
                        how(out.status),
                        text(&out.stderr)
                    )),
                };
                if let Some(bad) = bad {
                    problems
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(format!("lint during a rank: {bad}"));
                }
                if done.load(Ordering::Relaxed) && reads.load(Ordering::Relaxed) >= 200 {
                    break;
                }
            }
        });
    });
    let problems = problems.into_inner().unwrap_or_else(|e| e.into_inner());
    assert!(problems.is_empty(), "{seed}:\n{}", problems.join("\n"));
    let (out, findings) = repo.lint_json(&[]);
    out.code(0);
    assert!(findings.is_empty(), "{findings:?}");
}
