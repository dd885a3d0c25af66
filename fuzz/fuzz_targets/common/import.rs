//! What every importer target checks once its source has read the export: the plan is a
//! backlog `lint` can read. Shared by `import_backlog_md`, `import_github` and `import_jira`.
//!
//! Properties (RELIABILITY.md §0 invariants 1 and 4, §7 R2):
//! * `Source::read` and `plan` never panic, whatever the bytes;
//! * every planned item has a valid, unique ID, a file name that starts with it and is a safe
//!   relative name, and content that decodes and parses with valid frontmatter (naming no other ID)
//!   (no FM001–FM005/FM007: the importer writes TOML it can read back);
//! * the planned ranking parses cleanly, names every ranked item once and only planned IDs;
//! * the report serialises to JSON (`import --format json`).

use backlog::config::Config;
use backlog::exchange::{self, InputFile, Report, Source};
use backlog::text::{self, Source as Text};
use std::collections::{BTreeSet, HashSet};

pub fn check(source: &dyn Source, files: &[InputFile]) {
    let config_text = Config::default_text("MS");
    let mut out = Vec::new();
    let config = Config::parse(&Text::new(config_text), "backlog.toml", &mut out);
    assert!(out.is_empty(), "the default config has findings: {out:?}");
    let mut report = Report {
        source: source.name().to_owned(),
        ..Report::default()
    };
    let foreign = source.read(files, &config, &mut report);
    // Numbers 3 and 5 are taken by items already there.
    let taken: BTreeSet<u64> = [3, 5].into_iter().collect();
    let plan = exchange::plan(foreign, &config, &taken, &mut report);
    serde_json::to_string(&report).expect("the report serialises");

    let mut ids = HashSet::new();
    for item in &plan.items {
        assert!(backlog::id::is_valid_id(&item.id), "bad ID {:?}", item.id);
        assert!(
            ids.insert(item.id.to_ascii_lowercase()),
            "ID {} planned twice",
            item.id
        );
        let number = backlog::id::id_number(&item.id).expect("a numbered ID");
        assert!(
            !taken.contains(&number),
            "{} reuses a taken number",
            item.id
        );
        assert!(
            item.file_name.starts_with(&format!("{}-", item.id))
                || item.file_name == format!("{}.md", item.id),
            "file name {:?} for {}",
            item.file_name,
            item.id
        );
        assert!(
            item.file_name.ends_with(".md")
                && !item.file_name.contains(['/', '\\', '\0'])
                && !item.file_name.starts_with('.'),
            "unsafe file name {:?}",
            item.file_name
        );
        let decoded = text::decode(item.content.clone().into_bytes());
        let Ok(decoded) = decoded else {
            panic!("{} does not decode: {:?}", item.id, item.content);
        };
        let mut out = Vec::new();
        let parsed = backlog::item::parse(&decoded, &item.file_name, &mut out);
        let broken: Vec<_> = out
            .iter()
            .filter(|d| {
                matches!(
                    d.rule,
                    "FM001" | "FM002" | "FM003" | "FM004" | "FM005" | "FM007"
                )
            })
            .collect();
        assert!(
            parsed.frontmatter_ok && broken.is_empty(),
            "{} is not readable: {broken:?}\n{}",
            item.id,
            item.content
        );
        // The ID is the file name's; a frontmatter `id` (none is written) would have to agree.
        if let Some(id) = &parsed.fields.id {
            assert_eq!(id.value, item.id, "{}", item.content);
        }
    }
    if let Some(ranking) = &plan.ranking {
        let mut out = Vec::new();
        let parsed =
            backlog::ranking::Ranking::parse(Text::new(ranking.clone()), "ranking.txt", &mut out);
        assert!(out.is_empty(), "ranking findings {out:?}\n{ranking}");
        let mut seen = HashSet::new();
        for entry in &parsed.entries {
            assert!(
                seen.insert(entry.id.to_ascii_lowercase()),
                "{} ranked twice",
                entry.id
            );
            assert!(
                ids.contains(&entry.id.to_ascii_lowercase()),
                "ranked {} is not planned",
                entry.id
            );
        }
        assert_eq!(seen.len(), report.ranked);
    }
    assert_eq!(plan.items.len(), report.items);
}
