//! Issue 18's smaller findings, each through the real binary: template placeholders left in a
//! Ready item (DOR007), warnings of `rank`/`unrank` and closed items in the ranking (ORD007),
//! Unicode slugs and `new`'s owner, `list` at the terminal's width and in colour, dynamic shell
//! completion, messages that leaked internals, and SARIF's fingerprints and regions.

mod completions;
mod messages;
mod new_item;
mod placeholders;
mod placement;
mod sarif;
mod width;
