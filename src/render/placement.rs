//! The warnings `rank` and `unrank` print (stderr) when a move creates a lint finding.

use crate::lint::placement::Placement;
use crate::sanitize;

/// One `warning[CODE]: …` and `help: …` pair per finding, or nothing.
pub fn warnings(found: &[Placement]) -> String {
    found
        .iter()
        .map(|p| {
            format!(
                "warning[{}]: {}\nhelp: {}\n",
                p.code,
                sanitize::line(&p.message),
                sanitize::line(&p.help)
            )
        })
        .collect()
}
