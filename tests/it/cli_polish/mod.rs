//! Issue 18's smaller findings, each through the real binary: template placeholders left in a
//! Ready item (DOR007), warnings of `rank`/`unrank` and closed items in the ranking (ORD007),
//! and Unicode slugs with `new`'s owner from git.

mod messages;
mod new_item;
mod placeholders;
mod placement;
