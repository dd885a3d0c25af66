//! The page itself: a fixed HTML frame, the inline stylesheet and script, the view as JSON in
//! a `<script type="application/json">` block, and the churn chart as SVG.
//!
//! Why JSON drawn by script rather than cards rendered here: the list, the state columns, the
//! inbox and every item panel show the same cards, so one copy of the data keeps a
//! 10,000-item page to a few megabytes; the filters and the live page's refresh after a
//! write redraw from the same data without a reload. Every string reaches the DOM through
//! `textContent`; the only HTML inserted is an item body, cleaned here by `ammonia`.

use super::BoardView;
use super::html::{escape, script_json};

const CSS: &str = include_str!("assets/board.css");
const JS: &str = include_str!("assets/board.js");

/// The whole page. `nonce` is a fresh random value: the Content-Security-Policy lets only
/// the page's own script (which carries it) run, and nothing be loaded from anywhere.
pub fn page(view: &BoardView, nonce: &str) -> String {
    let json = serde_json::to_string(view).unwrap_or_else(|_| "{}".into());
    let data = script_json(&json);
    let churn = super::charts::weeks_svg(&view.weeks);
    let nonce = escape(nonce);
    let name = escape(&view.name);
    let mut out = String::with_capacity(data.len() + CSS.len() + JS.len() + churn.len() + 4096);
    out.push_str(&format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-{nonce}'; style-src 'unsafe-inline'; img-src data:; connect-src 'self'; form-action 'none'; base-uri 'none'">
<meta name="referrer" content="no-referrer">
<title>Backlog: {name}</title>
<style>{CSS}</style>
</head>
<body>
<header><h1>Backlog: <span id="name">{name}</span></h1><p id="gauge" aria-live="polite"></p>
<form id="filters" aria-label="Filters">
<label for="f-kind">kind</label><select id="f-kind"></select>
<label for="f-state">state</label><select id="f-state"></select>
<label for="f-owner">owner</label><select id="f-owner"></select>
<label for="f-tag">tag</label><select id="f-tag"></select>
</form></header>
<main>
<noscript><p>The board is drawn by its inline script; `backlog list` has the same data.</p></noscript>
<section id="live" hidden aria-label="Uncommitted changes">
<p id="notice" role="status" aria-live="assertive"></p>
<h2>ranking.txt, not committed yet (working tree against HEAD)</h2><pre id="diff"></pre>
<p>This page never commits. To commit: <code id="commit"></code></p>
<p class="hint">Keyboard: focus a card (Tab), Enter opens it, Alt+ArrowUp / Alt+ArrowDown moves it one place; the panel's "Move to rank" takes any rank.</p>
</section>
<section id="since" hidden></section>
<div class="layout">
<div>
<h2>Priority order</h2>
<ol id="list" class="cards" aria-label="Ranked items in priority order"></ol>
<h2>Inbox: untriaged (<span id="inbox-count">0</span>)</h2>
<ul id="inbox" class="cards" aria-label="Untriaged items"></ul>
<h2>By state</h2>
<div id="columns" class="columns"></div>
<button type="button" id="show-all" hidden></button>
<section id="churn"><h2>Priority churn: ranking moves per week</h2>{churn}</section>
<p id="left-out" class="hint"></p>
</div>
<aside id="panel" hidden aria-labelledby="panel-title"></aside>
</div>
<div id="move" hidden role="dialog" aria-modal="true" aria-labelledby="move-what">
<form id="move-form"><p id="move-what"></p>
<label for="move-reason" id="move-hint">Reason</label>
<input type="text" id="move-reason" maxlength="500" autocomplete="off">
<button type="submit" class="primary" id="move-ok">Move</button> <button type="button" id="move-cancel">Cancel</button>
</form></div>
</main>
<script type="application/json" id="board-data">"#
    ));
    out.push_str(&data);
    out.push_str(&format!(
        "</script>\n<script nonce=\"{nonce}\">{JS}</script>\n</body>\n</html>\n"
    ));
    out
}
