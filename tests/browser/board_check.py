#!/usr/bin/env python3
"""The board in a real Chromium, driven by Playwright (the Debian chromium package; no
browser download). Run by the Rust test it::board::browser, which builds the backlog, starts
`backlog serve` and writes what lint, list and history say into --expect.

    board_check.py --static PAGE.html --url http://127.0.0.1:PORT/ --repo DIR --expect DIR --shots DIR

Checks: the order of the cards, the badges against lint, an item's timeline against history,
a hostile title whose script never runs, a write without the token refused, and a move by
mouse drag and one by keyboard, each changing ranking.txt by exactly the moved line and its
reason. Exit 0 when every check passed.
"""

import argparse
import json
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
passed, failed = [], []


def check(name, ok, detail=""):
    (passed if ok else failed).append(name)
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + str(detail)), flush=True)


def ranking_change(before, after):
    """The lines that left and the lines that came, in order."""
    b, a = before.splitlines(), after.splitlines()
    return [l for l in b if l not in a], [l for l in a if l not in b]


def card_ids(page, where):
    return page.eval_on_selector_all(where + " .card", "els => els.map(e => e.dataset.id)")


def static_checks(page, url, expect, shots):
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']", timeout=15000)
    rows = expect["list"]["items"]
    ranked = [r["id"] for r in rows if r["rank"] is not None]
    check("static: ranked cards in ranking order", card_ids(page, "#list") == ranked,
          card_ids(page, "#list"))
    check("static: untriaged cards in the inbox",
          card_ids(page, "#inbox") == [r["id"] for r in rows if r["rank"] is None],
          card_ids(page, "#inbox"))
    paths = {r["id"]: r["path"] for r in rows}
    lint = {}
    for d in expect["lint"]["diagnostics"]:
        lint.setdefault(d["path"], set()).add(d["rule"])
    badges = page.eval_on_selector_all(
        "#list .card", "els => els.map(e => [e.dataset.id, e.querySelector('.badge').dataset.rules, e.querySelector('.badge').textContent])")
    for cid, rules, text in badges:
        want = lint.get(paths[cid], set())
        check(f"static: {cid}'s badge names lint's rules {sorted(want)}",
              set(rules.split()) == want, rules)
        row = next(r for r in rows if r["id"] == cid)
        check(f"static: {cid}'s badge says {'Ready' if row['ready'] else 'not ready'}",
              (text == "Ready") == row["ready"], text)
    hostile = page.text_content("#list .card[data-id='MS-3'] .title")
    check("static: the hostile title shows as text", hostile == expect["hostile"], hostile)
    page.screenshot(path=str(shots / "board.png"), full_page=False)
    page.click("#list .card[data-id='MS-3'] .title")
    page.wait_for_selector("#timeline")
    rows_shown = page.eval_on_selector_all(
        "#timeline tr[data-commit]", "els => els.map(e => [e.dataset.commit, e.dataset.from, e.dataset.to])")
    told = [[e["commit"], "" if e["from"] is None else str(e["from"]), "" if e["to"] is None else str(e["to"])]
            for e in expect["history"]["events"]]
    check("static: MS-3's timeline is history --format json's events", rows_shown == told,
          (rows_shown, told))
    check("static: the rank chart is drawn", page.locator("#rank-chart path").count() == 1)
    page.locator("#history").screenshot(path=str(shots / "timeline.png"))
    check("static: the hostile title and body never ran script",
          page.evaluate("window.__pwned === undefined"), page.evaluate("String(window.__pwned)"))


def wait_notice(page, text):
    page.wait_for_function("t => document.getElementById('notice').textContent.includes(t)",
                           arg=text, timeout=15000)


def live_checks(page, url, repo, shots):
    ranking = repo / "backlog" / "ranking.txt"
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']", timeout=15000)
    before = ranking.read_text()
    status = page.evaluate("""async () => (await fetch('/api/move', {method: 'POST',
        headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({id: 'MS-4', to: 1, reason: 'x', version: 'v'})})).status""")
    check("live: a write without the token is refused (403)", status == 403, status)
    check("live: the refused write changed nothing", ranking.read_text() == before)

    # Drag MS-4 (#4) onto MS-1 (#2) with the mouse, give the reason, move.
    src = page.locator("#list .card[data-id='MS-4']").bounding_box()
    dst = page.locator("#list .card[data-id='MS-1']").bounding_box()
    page.mouse.move(src["x"] + 40, src["y"] + src["height"] / 2)
    page.mouse.down()
    for i in range(1, 11):
        page.mouse.move(src["x"] + 40, src["y"] + (dst["y"] + 8 - src["y"]) * i / 10)
    page.mouse.up()
    page.wait_for_selector("#move:not([hidden])", timeout=5000)
    check("live: the drag asks where and why",
          "MS-4 #4 → #2" in page.text_content("#move-what"), page.text_content("#move-what"))
    page.fill("#move-reason", "drag: playoffs are next week")
    page.click("#move-ok")
    wait_notice(page, "moved MS-4")
    after = ranking.read_text()
    gone, came = ranking_change(before, after)
    check("live: the drag changed ranking.txt by exactly the moved line",
          gone == ["MS-4  # playoffs"] and len(came) == 1 and came[0].startswith("MS-4")
          and came[0].endswith("# drag: playoffs are next week")
          and after.splitlines().index(came[0]) == before.splitlines().index("MS-1  # launch blocker"),
          (gone, came))
    check("live: the page shows the diff against HEAD",
          "drag: playoffs are next week" in page.text_content("#diff"))
    check("live: the page shows the git command", page.text_content("#commit").startswith("git commit"))

    # The keyboard path: focus MS-2 (now #4), Alt+ArrowUp, type the reason, Enter.
    before = after
    page.focus("#list .card[data-id='MS-2']")
    page.keyboard.press("Alt+ArrowUp")
    page.wait_for_selector("#move:not([hidden])", timeout=5000)
    check("live: Alt+ArrowUp asks to move one place up",
          "MS-2 #4 → #3" in page.text_content("#move-what"), page.text_content("#move-what"))
    check("live: the reason field has the focus",
          page.evaluate("document.activeElement.id") == "move-reason")
    page.keyboard.type("keyboard: needed before the import")
    page.keyboard.press("Enter")
    wait_notice(page, "moved MS-2")
    after = ranking.read_text()
    gone, came = ranking_change(before, after)
    check("live: the keyboard move changed ranking.txt by exactly the moved line",
          gone == ["MS-2"] and came == [l for l in after.splitlines() if l.startswith("MS-2")]
          and len(came) == 1 and came[0].endswith("# keyboard: needed before the import"),
          (gone, came))
    check("live: the moved card has the focus again",
          page.evaluate("document.activeElement.dataset.id") == "MS-2")
    order = [l.split()[0] for l in after.splitlines() if l.startswith("MS-")]
    check("live: the board redraws in the new order", card_ids(page, "#list") == order,
          (card_ids(page, "#list"), order))
    # Someone else edits ranking.txt on disk; the page's next move is refused, nothing is
    # written, and the board is redrawn from the file.
    lines = after.splitlines(keepends=True)
    first = next(i for i, l in enumerate(lines) if l.startswith("MS-"))
    mine = next(i for i, l in enumerate(lines) if l.startswith("MS-1 "))
    lines.insert(first, lines.pop(mine))
    theirs = "".join(lines)
    ranking.write_text(theirs)
    page.focus("#list .card[data-id='MS-4']")
    page.keyboard.press("Alt+ArrowDown")
    page.wait_for_selector("#move:not([hidden])", timeout=5000)
    page.keyboard.type("down a place")
    page.keyboard.press("Enter")
    wait_notice(page, "changed on disk")
    check("live: a move on a stale page is refused and writes nothing",
          ranking.read_text() == theirs)
    order = [l.split()[0] for l in theirs.splitlines() if l.startswith("MS-")]
    check("live: after the refusal the board shows the file as it is",
          card_ids(page, "#list") == order, (card_ids(page, "#list"), order))
    page.screenshot(path=str(shots / "live.png"), full_page=False)
    check("live: the hostile title never ran script", page.evaluate("window.__pwned === undefined"))


def demo_shots(page, url, shots):
    """The README's screenshots: the example backlog's board, and MS-6's panel."""
    page.set_viewport_size({"width": 1280, "height": 860})
    page.goto(url)
    page.wait_for_selector("body[data-ready='1']", timeout=15000)
    page.click("#list .card[data-id='MS-6'] .title")
    page.wait_for_selector("#timeline")
    page.screenshot(path=str(shots / "demo-board.png"), full_page=False)
    check("demo: MS-6's timeline has its moves",
          page.locator("#timeline tr[data-commit]").count() == 4)
    page.locator("#history").screenshot(path=str(shots / "demo-timeline.png"))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--static", required=True, type=Path)
    ap.add_argument("--url", required=True)
    ap.add_argument("--repo", required=True, type=Path)
    ap.add_argument("--expect", required=True, type=Path)
    ap.add_argument("--shots", required=True, type=Path)
    ap.add_argument("--demo", type=Path, help="a board of the example backlog, for the README's screenshots")
    args = ap.parse_args()
    args.shots.mkdir(parents=True, exist_ok=True)
    expect = {name: json.loads((args.expect / f"{name}.json").read_text())
              for name in ["list", "lint", "history"]}
    expect["hostile"] = (args.expect / "hostile.txt").read_text()
    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        browser = p.chromium.launch_persistent_context(
            profile, executable_path="/usr/bin/chromium", headless=True, args=ARGS,
            viewport={"width": 1400, "height": 900})
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        static_checks(page, args.static.resolve().as_uri(), expect, args.shots)
        live_checks(page, args.url, args.repo, args.shots)
        if args.demo:
            demo_shots(page, args.demo.resolve().as_uri(), args.shots)
        check("no script errors on the page", not errors, errors)
        browser.close()
    print(f"{len(passed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
