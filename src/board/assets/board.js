"use strict";
// The board's script: draws the view embedded as JSON (text only through textContent; the
// one innerHTML is an item body, already cleaned by the server), filters, the item panel and,
// under `backlog serve`, moves and field changes sent with the page's token.
(function () {
  let B = JSON.parse(document.getElementById("board-data").textContent);
  let selected = null, showAll = false;
  const CAP = 300;
  const $ = (id) => document.getElementById(id);
  function el(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) if (v !== null && v !== undefined) e.setAttribute(k, v);
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function svg(tag, attrs) {
    const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    return e;
  }
  const byId = () => new Map(B.items.map((c) => [c.id.toLowerCase(), c]));
  function move(from, to) {
    if (from == null && to == null) return "";
    if (from == null) return "untriaged \u2192 #" + to;
    if (to == null) return "#" + from + " \u2192 untriaged";
    if (from === to) return "#" + to + " (reason)";
    return "#" + from + " \u2192 #" + to + (to < from ? " (up " + (from - to) + ")" : " (down " + (to - from) + ")");
  }
  function badge(c) {
    let cls = "unready", text = "Not ready: " + c.lacks.join(", ");
    if (!c.valid) { cls = "required"; text = "Invalid (see lint)"; }
    else if (c.closed) { cls = "closed"; text = c.state; }
    else if (c.ready) { cls = "ready"; text = "Ready"; }
    else if (c.required) cls = "required";
    const b = el("button", { type: "button", class: "badge " + cls, "data-rules": c.findings.map((f) => f.rule).join(" ") }, text);
    b.title = c.findings.map((f) => f.rule + ": " + f.message).join("\n") || (c.ready ? "Ready" : "lacks " + c.lacks.join(", "));
    return b;
  }
  function card(c, where) {
    const li = el("li", { class: "card" + (c.moved ? " moved" : ""), tabindex: "0", "data-id": c.id, "data-rank": c.rank ?? "",
      "data-kind": c.kind, "data-state": c.state, "data-owner": c.owner ?? "", "data-tags": c.tags.join(" "),
      "aria-label": (c.rank ? "#" + c.rank + " " : "") + c.id + " " + c.title });
    if (where !== "column") li.appendChild(el("span", { class: "rank" }, c.rank ? "#" + c.rank : "\u2013"));
    li.appendChild(el("span", { class: "id" }, c.id));
    li.appendChild(el("span", { class: "title" }, c.title));
    li.appendChild(badge(c));
    const meta = el("span", { class: "meta" });
    meta.appendChild(el("span", {}, c.kind));
    if (where !== "column") meta.appendChild(el("span", {}, c.state));
    meta.appendChild(el("span", {}, c.owner ? "@" + c.owner : "no owner"));
    if (c.estimate != null) meta.appendChild(el("span", {}, "est " + c.estimate));
    for (const t of c.tags) meta.appendChild(el("span", {}, "#" + t));
    if (c.moved) meta.appendChild(el("strong", { class: "moved-note" }, "moved " + c.moved));
    li.appendChild(meta);
    return li;
  }
  function draw() {
    document.title = "Backlog: " + B.name;
    $("name").textContent = B.name;
    const g = B.gauge;
    $("gauge").textContent = g.of < g.top
      ? g.ready + " of the " + g.of + " open ranked items are Ready (the top " + g.top + " must be)"
      : g.ready + " of the top " + g.top + " are Ready";
    $("gauge").className = g.ready === g.of ? "full" : "short";
    filters();
    const f = { kind: $("f-kind").value, state: $("f-state").value, owner: $("f-owner").value, tag: $("f-tag").value };
    const passes = (c) => (!f.kind || c.kind === f.kind) && (!f.state || c.state === f.state) &&
      (!f.owner || c.owner === f.owner) && (!f.tag || c.tags.includes(f.tag));
    const list = $("list"), inbox = $("inbox"), cols = $("columns");
    list.replaceChildren(); inbox.replaceChildren(); cols.replaceChildren();
    // The inbox and the columns show the first CAP cards each until "Show all": a large
    // backlog's page stays quick to draw. The priority list always shows every ranked card.
    const columns = new Map(B.states.map((s) => [s, []]));
    let untriaged = 0, more = 0;
    for (const c of B.items) {
      if (!passes(c)) continue;
      if (c.rank != null) list.appendChild(card(c, "list"));
      else if (!c.closed) {
        untriaged++;
        if (showAll || untriaged <= CAP) inbox.appendChild(card(c, "inbox")); else more++;
      }
      if (!columns.has(c.state)) columns.set(c.state, []);
      columns.get(c.state).push(c);
    }
    for (const [state, cards] of columns) {
      const col = el("section", { class: "column", "data-state": state });
      col.appendChild(el("h3", {}, state + " (" + cards.length + ")"));
      const ul = el("ul", { class: "cards" });
      for (const c of showAll ? cards : cards.slice(0, CAP)) ul.appendChild(card(c, "column"));
      more += showAll ? 0 : Math.max(0, cards.length - CAP);
      col.appendChild(ul); cols.appendChild(col);
    }
    $("inbox-count").textContent = String(untriaged);
    $("show-all").hidden = more === 0;
    $("show-all").textContent = "Show all cards (" + more + " more in the inbox and columns)";
    $("left-out").textContent = B.bodies_left_out ? B.bodies_left_out + " item bodies are left out of this page to keep it small; `backlog show ID` has them." : "";
    drawSince(); drawLive();
    if (selected) panel(selected);
  }
  function drawSince() {
    const box = $("since"); box.replaceChildren();
    if (!B.since) { box.hidden = true; return; }
    box.hidden = false;
    box.appendChild(el("h2", {}, "Since " + B.since.label + ": " + B.since.changes.length + " change(s)"));
    const ul = el("ul");
    for (const c of B.since.changes) ul.appendChild(el("li", {}, c.id + " " + c.change.replace("_", " ") + " " + move(c.from, c.to) + " \u2014 " + c.title + (c.reason ? " (" + c.reason + ")" : "")));
    box.appendChild(ul);
  }
  function drawLive() {
    const L = B.live;
    $("live").hidden = !L;
    if (!L) return;
    $("diff").textContent = L.diff.length ? L.diff.join("\n") : "(ranking.txt is as HEAD has it)";
    $("commit").textContent = L.commit || "nothing to commit yet";
    if (L.notice) notice(L.notice, true);
  }
  function notice(text, error) { const n = $("notice"); n.textContent = text; n.className = error ? "error" : ""; }
  function filters() {
    const values = { kind: new Set(), state: new Set(), owner: new Set(), tag: new Set() };
    for (const c of B.items) { values.kind.add(c.kind); values.state.add(c.state); if (c.owner) values.owner.add(c.owner); c.tags.forEach((t) => values.tag.add(t)); }
    for (const [name, set] of Object.entries(values)) {
      const s = $("f-" + name), keep = s.value;
      s.replaceChildren(el("option", { value: "" }, "any"));
      for (const v of [...set].sort()) s.appendChild(el("option", { value: v }, v));
      s.value = set.has(keep) ? keep : "";
    }
  }
  function rankChart(c) {
    const pts = c.events.filter((e) => e.to != null).map((e) => ({ t: Date.parse(e.time), r: e.to }));
    if (!pts.length) return el("p", { class: "hint" }, "No rank history to chart.");
    const W = 360, H = 120, P = 28;
    const t0 = pts[0].t, t1 = Math.max(Date.now(), pts[pts.length - 1].t + 1);
    const maxR = Math.max(...pts.map((p) => p.r), 2);
    const x = (t) => P + (W - 2 * P) * (t - t0) / (t1 - t0), y = (r) => 8 + (H - 24) * (r - 1) / (maxR - 1);
    const s = svg("svg", { class: "chart", id: "rank-chart", viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img" });
    const title = svg("title"); title.textContent = c.id + ": rank over time, now " + (c.rank ? "#" + c.rank : "untriaged"); s.appendChild(title);
    let d = "";
    pts.forEach((p, i) => { d += (i ? " H" + x(p.t).toFixed(1) + " V" : "M" + x(p.t).toFixed(1) + " ") + y(p.r).toFixed(1); });
    if (c.rank != null) d += " H" + x(t1).toFixed(1);
    s.appendChild(svg("path", { d: d, class: "line" }));
    for (const p of pts) { const dot = svg("circle", { cx: x(p.t), cy: y(p.r), r: 3, class: "dot" }); const tt = svg("title"); tt.textContent = "#" + p.r + " on " + new Date(p.t).toISOString().slice(0, 10); dot.appendChild(tt); s.appendChild(dot); }
    const top = svg("text", { x: 0, y: 12, class: "axis" }); top.textContent = "#1"; s.appendChild(top);
    const bot = svg("text", { x: 0, y: H - 14, class: "axis" }); bot.textContent = "#" + maxR; s.appendChild(bot);
    return s;
  }
  function panel(id) {
    const c = byId().get(id.toLowerCase());
    const p = $("panel");
    if (!c) { p.hidden = true; selected = null; return; }
    selected = c.id; p.hidden = false; p.replaceChildren();
    p.appendChild(el("h2", { id: "panel-title" }, c.id + " " + c.title));
    const dl = el("dl");
    const row = (k, v) => { dl.appendChild(el("dt", {}, k)); dl.appendChild(el("dd", {}, v)); };
    row("rank", c.rank ? "#" + c.rank + (c.reason ? " (" + c.reason + ")" : "") : "untriaged");
    row("kind", c.kind); row("state", c.state); row("owner", c.owner || "none");
    row("estimate", c.estimate ?? "none"); row("tags", c.tags.join(", ") || "none"); row("file", c.path);
    row("ready", c.ready ? "yes" : "no: lacks " + c.lacks.join(", ")); if (c.required) row("Ready required", c.required);
    p.appendChild(dl); p.appendChild(badge(c));
    if (c.findings.length) {
      const ul = el("ul", { class: "findings" });
      for (const f of c.findings) ul.appendChild(el("li", { "data-rule": f.rule }, f.severity + " " + f.rule + ": " + f.message));
      p.appendChild(ul);
    }
    if (B.live) p.appendChild(controls(c));
    const h = el("section", { id: "history", "aria-label": "Priority history" });
    h.appendChild(el("h3", {}, "Priority history"));
    if (!B.history) h.appendChild(el("p", { class: "hint" }, "Not in git: no history."));
    else {
      h.appendChild(rankChart(c));
      const t = el("table", { class: "timeline", id: "timeline" });
      const head = el("tr"); ["when", "who", "place", "why", "commit"].forEach((h) => head.appendChild(el("th", {}, h))); t.appendChild(head);
      for (const e of c.events) {
        const tr = el("tr", { "data-commit": e.commit, "data-from": e.from ?? "", "data-to": e.to ?? "" });
        [e.time.slice(0, 10), e.author, move(e.from, e.to), e.reason || "", e.commit.slice(0, 8)].forEach((v) => tr.appendChild(el("td", {}, v)));
        t.appendChild(tr);
      }
      h.appendChild(t);
      if (!c.events.length) h.appendChild(el("p", { class: "hint" }, "Never ranked in a commit."));
    }
    p.appendChild(h);
    if (c.criteria_total) {
      p.appendChild(el("h3", {}, "Acceptance criteria (" + c.criteria_ticked + "/" + c.criteria_total + ")"));
      const ul = el("ul", { class: "criteria" });
      for (const k of c.criteria) ul.appendChild(el("li", { "data-checked": k.checked }, (k.checked ? "\u2611 " : "\u2610 ") + k.text));
      p.appendChild(ul);
    }
    const body = el("div", { class: "body" });
    if (c.body != null) body.innerHTML = c.body; // cleaned by the server (ammonia)
    else body.appendChild(el("p", { class: "hint" }, "Body and criteria left out of this page to keep it small: `backlog show " + c.id + "`."));
    p.appendChild(body);
  }
  // ---- live: moves and field changes ------------------------------------------------------
  function controls(c) {
    const box = el("div", { class: "controls" });
    const to = el("input", { type: "number", min: "1", id: "move-to", "aria-label": "move to rank", value: c.rank ?? "" });
    const go = el("button", { type: "button", id: "move-go" }, "Move to rank\u2026");
    go.onclick = () => ask(c, parseInt(to.value, 10));
    box.append(el("label", { for: "move-to" }, "Rank "), to, go, el("br"));
    const st = el("select", { id: "set-state", "aria-label": "state" });
    for (const s of B.states) st.appendChild(el("option", { value: s }, s));
    st.value = c.state;
    const sb = el("button", { type: "button", id: "set-state-go" }, "Set state");
    sb.onclick = () => send("/api/field", { id: c.id, field: "state", value: st.value });
    const ow = el("input", { type: "text", id: "set-owner", "aria-label": "owner", value: c.owner || "" });
    const ob = el("button", { type: "button", id: "set-owner-go" }, "Set owner");
    ob.onclick = () => send("/api/field", { id: c.id, field: "owner", value: ow.value });
    box.append(el("label", { for: "set-state" }, "State "), st, sb, el("br"), el("label", { for: "set-owner" }, "Owner "), ow, ob);
    return box;
  }
  function ask(c, to) {
    const ranked = B.items.filter((i) => i.rank != null).length;
    if (!to || to < 1) return notice("Give a rank of 1 or more.", true);
    to = Math.min(to, c.rank == null ? ranked + 1 : ranked);
    if (to === c.rank) return;
    const up = c.rank == null || to < c.rank;
    const m = $("move"); m.hidden = false;
    $("move-what").textContent = "Move " + c.id + " " + move(c.rank, to);
    $("move-reason").value = "";
    $("move-reason").required = up && B.live.reason_required_up;
    $("move-hint").textContent = up && B.live.reason_required_up ? "A reason is required: it moves up ([policy] move_up_needs_reason)." : "Reason (optional: without one the line keeps its reason).";
    m.dataset.id = c.id; m.dataset.to = to;
    $("move-reason").focus();
  }
  async function send(url, body) {
    let res, doc;
    try {
      res = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json", "X-Backlog-Token": B.live.token }, body: JSON.stringify(body) });
      doc = await res.json();
    } catch (e) { notice("The server did not answer: " + e, true); return; }
    await refresh();
    notice(doc.message, !res.ok);
    // Keyboard users keep their place: the card just changed has the focus again.
    const li = document.querySelector(".card[data-id=\"" + CSS.escape(body.id) + "\"]");
    if (li) li.focus();
  }
  async function refresh() {
    const res = await fetch("/data.json", { headers: { "X-Backlog-Token": B.live.token } });
    if (res.ok) { B = await res.json(); draw(); }
  }
  function setupMove() {
    const m = $("move");
    $("move-cancel").onclick = () => { m.hidden = true; };
    $("move-form").onsubmit = (ev) => {
      ev.preventDefault();
      const reason = $("move-reason").value.trim();
      if ($("move-reason").required && !reason) return notice("Say why it moves up.", true);
      m.hidden = true;
      send("/api/move", { id: m.dataset.id, to: parseInt(m.dataset.to, 10), reason: reason, version: B.live.ranking_version });
    };
  }
  function setupDrag() {
    let drag = null;
    const list = $("list");
    list.addEventListener("pointerdown", (ev) => {
      const li = ev.target.closest(".card");
      if (!B.live || !li || ev.button !== 0) return;
      drag = { li: li, x: ev.clientX, y: ev.clientY, on: false };
    });
    document.addEventListener("pointermove", (ev) => {
      if (!drag) return;
      if (!drag.on && Math.abs(ev.clientY - drag.y) + Math.abs(ev.clientX - drag.x) > 6) { drag.on = true; drag.li.classList.add("dragging"); }
      if (!drag.on) return;
      document.querySelectorAll(".card.drop").forEach((e) => e.classList.remove("drop"));
      const over = document.elementFromPoint(ev.clientX, ev.clientY);
      const target = over && over.closest("#list .card");
      if (target && target !== drag.li) target.classList.add("drop");
    });
    document.addEventListener("pointerup", (ev) => {
      if (!drag) return;
      const d = drag; drag = null;
      d.li.classList.remove("dragging");
      document.querySelectorAll(".card.drop").forEach((e) => e.classList.remove("drop"));
      if (!d.on) return;
      dropped = Date.now();
      const over = document.elementFromPoint(ev.clientX, ev.clientY);
      const target = over && over.closest("#list .card");
      if (!target || target === d.li) return;
      const c = byId().get(d.li.dataset.id.toLowerCase());
      ask(c, parseInt(target.dataset.rank, 10));
    });
  }
  let dropped = 0;
  document.addEventListener("click", (ev) => {
    const li = ev.target.closest(".card");
    if (Date.now() - dropped < 400) return;
    if (li) panel(li.dataset.id);
  });
  document.addEventListener("keydown", (ev) => {
    const li = ev.target.closest && ev.target.closest(".card");
    if (!li) { if (ev.key === "Escape") $("move").hidden = true; return; }
    const c = byId().get(li.dataset.id.toLowerCase());
    if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); panel(c.id); }
    else if (B.live && ev.altKey && (ev.key === "ArrowUp" || ev.key === "ArrowDown") && c.rank != null) {
      ev.preventDefault(); ask(c, c.rank + (ev.key === "ArrowUp" ? -1 : 1));
    }
  });
  for (const f of ["kind", "state", "owner", "tag"]) $("f-" + f).addEventListener("change", draw);
  $("show-all").addEventListener("click", () => { showAll = true; draw(); });
  $("churn").hidden = !B.weeks.length;
  setupMove(); setupDrag(); draw();
  document.body.dataset.ready = "1";
})();
