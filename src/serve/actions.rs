//! The two writes the page can ask for, each through the same code path as the CLI: a move is
//! what `backlog rank ID --to N --reason TEXT` does (`Store::move_item` under the lock), a
//! field change is a locked `edit_item` with a toml_edit frontmatter edit (every other byte
//! kept). Items are found by ID in the backlog as loaded now; no path comes from the request.

use crate::item::{edit_frontmatter, set_string};
use crate::load::{Backlog, Location};
use crate::ranking::{Position, Reason};
use crate::store::{MoveCheck, Refused, Store};
use anyhow::Result;
use serde::Deserialize;

/// Longest reason or owner accepted.
const MAX_TEXT: usize = 500;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveRequest {
    pub id: String,
    pub to: usize,
    #[serde(default)]
    pub reason: String,
    /// The ranking version the page showed.
    pub version: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldRequest {
    pub id: String,
    /// `state` or `owner`.
    pub field: String,
    pub value: String,
}

/// What a write did, for the page.
pub struct Done {
    pub message: String,
    /// The item file changed, as displayed, when one was.
    pub edited: Option<String>,
}

pub fn move_item(location: &Location, request: &MoveRequest) -> Result<Done> {
    let backlog = Backlog::load(location.clone())?;
    let id = known_id(&backlog, &request.id)?;
    let reason = one_line(&request.reason, "reason")?;
    let reason = if reason.is_empty() {
        Reason::Keep
    } else {
        Reason::Set(reason.to_owned())
    };
    let store = Store::lock(location, 0.0)?;
    let change = store.move_item(
        &id,
        &Position::To(request.to),
        &reason,
        MoveCheck {
            version: Some(&request.version),
            reason_when_up: backlog.config.policy.move_up_needs_reason,
        },
    )?;
    let message = if change.changed {
        format!(
            "moved {id} {}; ranking.txt changed (not committed)",
            crate::diff::movement(change.from, Some(change.to))
        )
    } else {
        format!("{id} is already at #{}; nothing was changed", change.to)
    };
    Ok(Done {
        message,
        edited: None,
    })
}

pub fn set_field(location: &Location, request: &FieldRequest) -> Result<Done> {
    let backlog = Backlog::load(location.clone())?;
    let id = known_id(&backlog, &request.id)?;
    let value = one_line(&request.value, &request.field)?;
    match request.field.as_str() {
        "state" if !backlog.config.is_state(value) => {
            return Err(Refused(format!(
                "state `{}` is not defined in backlog.toml; use one of: {}; nothing was changed",
                crate::sanitize::line(value),
                backlog.config.states.join(", ")
            ))
            .into());
        }
        "state" | "owner" => {}
        other => {
            return Err(Refused(format!(
                "the board changes only `state` and `owner`, not `{}`",
                crate::sanitize::line(other)
            ))
            .into());
        }
    }
    let Some(item) = backlog.item(&id) else {
        return Err(Refused(format!("no item {id}")).into());
    };
    let key = request.field.as_str();
    let store = Store::lock(location, 0.0)?;
    let edit = store.edit_item(&item.abs, |text| {
        edit_frontmatter(text, |doc| set_string(doc, key, value))
    })?;
    let changed = edit.before != edit.after;
    Ok(Done {
        message: if changed {
            format!(
                "{id}: {key} is now `{value}`; {} changed (not committed)",
                item.path
            )
        } else {
            format!("{id}: {key} was already `{value}`; nothing was changed")
        },
        edited: changed.then(|| item.path.clone()),
    })
}

/// The item's ID as its file names it, if the backlog has it.
fn known_id(backlog: &Backlog, id: &str) -> Result<String> {
    match backlog.item(id) {
        Some(item) if crate::id::is_valid_id(id) => Ok(item.id.clone()),
        _ => Err(Refused(format!(
            "no item `{}` in this backlog; nothing was changed",
            crate::sanitize::line(id)
        ))
        .into()),
    }
}

/// A single line of text within the length limit, trimmed.
fn one_line<'a>(text: &'a str, what: &str) -> Result<&'a str> {
    let text = text.trim();
    if text.chars().count() > MAX_TEXT || text.chars().any(char::is_control) {
        return Err(Refused(format!(
            "the {what} must be one line of at most {MAX_TEXT} characters; nothing was changed"
        ))
        .into());
    }
    Ok(text)
}
