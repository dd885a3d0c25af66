//! Unit tests of the mappings shared by every source.

use super::*;
use crate::text::Source as Text;

/// The default backlog.toml, as `init` writes it.
pub(super) fn config() -> Config {
    let text = Config::default_text("MS");
    let mut problems = Vec::new();
    let config = Config::parse(&Text::new(text), "backlog.toml", &mut problems);
    assert!(problems.is_empty(), "{problems:?}");
    config
}

#[test]
fn statuses_map_by_name_then_by_meaning() {
    let config = config();
    let none = BTreeMap::new();
    let state = |s: &str| map_state(s, &config, &none);
    assert_eq!(state("Doing"), "doing");
    assert_eq!(state("In Progress"), "doing");
    assert_eq!(state("Done"), "done");
    assert_eq!(state("Won't Do"), "dropped");
    assert_eq!(state("To Do"), "draft");
    let explicit = parse_map(&["To Do=refining".into()]).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(map_state("to-do", &config, &explicit), "refining");
}

#[test]
fn labels_map_to_defined_kinds() {
    let config = config();
    let none = BTreeMap::new();
    let kind = |l: &[&str]| {
        map_kind(
            &l.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            &config,
            &none,
        )
    };
    assert_eq!(kind(&["ux", "Bug"]), "bug");
    assert_eq!(kind(&["tech-debt"]), "debt");
    assert_eq!(kind(&["whatever"]), "story");
}

#[test]
fn a_pair_without_equals_is_refused() {
    assert!(parse_map(&["Done".into()]).is_err());
    assert!(parse_map(&["=done".into()]).is_err());
}
