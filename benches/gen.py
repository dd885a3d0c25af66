#!/usr/bin/env python3
"""Deterministic synthetic data for the `backlog` benchmark.

Two kinds of data, both a pure function of their parameters and the seed:

* a backlog in a work tree (`make_backlog`): N item files of 2-4 KB of realistic Markdown with
  TOML frontmatter, half of them ranked in ranking.txt, committed once to a git repository so the
  commands see what they see in a user's clone;
* a repository with a long history (`make_history_repo`): built with `git fast-import` from a
  generated stream: about 40% of the commits move one item in ranking.txt (with a `# reason` on
  the moved line, a `Reason:` trailer, or neither), the rest edit item files; several authors
  with different emails and time zones, one of them remapped by .mailmap.

Every item is generated from its own random stream (seed, number), so the first 2,500 items of a
10,000-item backlog are the same files as a 2,500-item backlog. Run directly to generate data:

    python3 benches/gen.py backlog DIR --items 10000
    python3 benches/gen.py history DIR --commits 20000 --items 1500 --ranked 1000
"""

import argparse
import functools
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

# Bump when the generated data changes shape, so cached data is regenerated.
GENERATOR_VERSION = 4

PREFIX = "MS"
REPO_ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = REPO_ROOT / "example-backlog"

# ---------------------------------------------------------------------------------------------
# Words and sentences

PEOPLE = [
    # (name, email, time-zone offset); the first email of Dana is remapped by .mailmap.
    ("Dana Kowalski", "dana@midwest.example", "-0600"),
    ("Priya Raman", "priya@midwest.example", "-0600"),
    ("Marco Bianchi", "marco@midwest.example", "+0100"),
    ("Sam O'Neill", "sam@midwest.example", "-0500"),
    ("José Núñez", "jose@contractors.example", "+0200"),
    ("Aiko Tanaka", "aiko@midwest.example", "+0900"),
    ("Lee Chen", "lee@midwest.example", "-0800"),
]
OLD_DANA = ("Dana K", "dana.k@oldmail.example")

NOUNS = [
    "league", "team", "roster", "schedule", "standings", "sponsor", "captain", "division",
    "season", "playoff bracket", "referee", "venue", "registration", "payment", "refund",
    "waitlist", "game", "score sheet", "forfeit", "rainout", "email", "invoice", "export",
    "import", "admin", "city", "field", "time slot", "reminder", "calendar", "badge",
    "report", "dashboard", "search", "filter", "notification", "public page", "API",
]
VERBS = [
    "see", "edit", "export", "import", "filter", "sort", "print", "share", "archive",
    "approve", "reject", "schedule", "reschedule", "cancel", "merge", "split", "rename",
    "review", "publish", "find", "check", "track", "compare", "download", "restore",
]
ROLES = ["League admins", "Captains", "Players", "Referees", "The office", "Sponsors",
         "City managers", "Support staff", "Finance", "Venue managers"]
ADJ = ["weekly", "current", "past", "shared", "public", "private", "monthly", "late",
       "duplicate", "missing", "wrong", "new", "old", "pending", "paid", "unpaid"]
CITIES = ["Chicago", "Milwaukee", "Madison", "Detroit", "Minneapolis", "St. Louis"]
TAGS = ["league-admin", "schedule", "payments", "mobile", "public-site", "import",
        "chicago-launch", "standings", "registration", "support", "tech-debt", "reports"]
PHRASES = [
    "the office matches the two lists by hand every week",
    "captains forward screenshots to their teams",
    "support answers the same question several times a day",
    "the numbers disagree between the admin app and the public site",
    "nobody notices until a captain complains",
    "the spreadsheet is copied by three people and drifts",
    "rainouts reach half of the team late",
    "the export has to be fixed by hand before it is sent",
    "admins keep a private copy just in case",
    "it takes about two hours every Monday",
    "the page is hard to read on a phone",
    "a game moved by an admin keeps its old time elsewhere",
    "sponsors ask for the numbers and we send them late",
    "the new season cannot open until this is done",
    "we lose a few registrations every season because of it",
]
REASONS = [
    "Chicago launch blocker", "captains complain every week", "sponsor renewal depends on it",
    "cheap and unblocks the import", "playoffs start in three weeks", "support load is rising",
    "asked for by the Milwaukee office", "pays for itself within a month",
    "needed before the second city", "legal asked for it before the season",
    "waits for the spike's estimate", "the team has capacity this sprint",
    "lower: nobody used the old report", "down: the workaround is good enough for now",
]


def sentence(rng, min_words=0):
    role = rng.choice(ROLES)
    parts = [
        f"{role} {rng.choice(['cannot', 'need to', 'want to', 'often have to', 'try to'])} "
        f"{rng.choice(VERBS)} the {rng.choice(ADJ)} {rng.choice(NOUNS)}",
        rng.choice(["and", "because", "so", "while", "but"]),
        rng.choice(PHRASES),
    ]
    text = " ".join(parts)
    if rng.random() < 0.3:
        text += f" (seen in {rng.choice(CITIES)} {rng.choice(['last season', 'in spring', 'twice this month'])})"
    return text[0].upper() + text[1:] + "."


def paragraph(rng, n):
    """n sentences wrapped at about 90 columns, as people write Markdown."""
    words = " ".join(sentence(rng) for _ in range(n)).split(" ")
    lines, line = [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > 90:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    if line:
        lines.append(line)
    return "\n".join(lines)


def title_for(rng, kind):
    noun, adj = rng.choice(NOUNS), rng.choice(ADJ)
    if kind == "bug":
        return f"The {adj} {noun} shows the wrong {rng.choice(NOUNS)} on {rng.choice(['phones', 'the public site', 'the admin app', 'exports'])}"
    if kind == "spike":
        return f"How long will moving the {noun} data from the spreadsheets take?"
    if kind == "debt":
        return f"Merge the copies of the {noun} code"
    if kind == "epic":
        return f"Run the {rng.choice(CITIES)} {noun}s on the new platform"
    return f"{rng.choice(ROLES)} {rng.choice(VERBS)} the {adj} {noun}"


def slug(title):
    out = "".join(c.lower() if c.isalnum() else "-" for c in title if c.isascii())
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")[:48].strip("-")


# ---------------------------------------------------------------------------------------------
# Items

KINDS = [("story", 60), ("bug", 20), ("spike", 7), ("debt", 8), ("epic", 5)]
STATES = [("draft", 15), ("refining", 20), ("ready", 25), ("doing", 10), ("done", 22), ("dropped", 8)]
# Where an item's state puts it in the ranking (lower is nearer the top), before noise.
STATE_ORDER = {"doing": 0.0, "ready": 1.0, "refining": 2.0, "draft": 3.0}
CLOSED = {"done", "dropped"}


def weighted(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for value, w in pairs:
        x -= w
        if x < 0:
            return value
    return pairs[-1][0]


def item_rng(seed, number, salt=""):
    digest = hashlib.sha256(f"{seed}:{number}:{salt}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def item_meta(seed, number):
    """Kind, state and ranking key of an item: cheap, so dependencies can look them up."""
    rng = item_rng(seed, number, "meta")
    kind = weighted(rng, KINDS)
    state = weighted(rng, STATES)
    key = STATE_ORDER.get(state, 9.0) + rng.random() * 1.5
    return kind, state, key


def toml_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def item_text(seed, number, revision=0):
    """The file name and text of item `number`. `revision` > 0 gives a later edit of it: one
    more note per revision, which is what most edits of an item look like."""
    name, text = _item_base(seed, number)
    if revision:
        text += "".join(
            f"\nUpdate {r}: {sentence(item_rng(seed, number, f'rev{r}'))}\n"
            for r in range(1, revision + 1)
        )
    return name, text


@functools.lru_cache(maxsize=None)
def _item_base(seed, number):
    kind, state, _ = item_meta(seed, number)
    rng = item_rng(seed, number, "body")
    title = title_for(rng, kind)
    name = f"{PREFIX}-{number}-{slug(title)}.md"
    target = rng.randint(2048, 4096 - 300)
    ready_like = state in ("ready", "doing", "done", "dropped")
    person = rng.choice(PEOPLE)
    fm = [f"title = {toml_str(title)}", f"kind = {toml_str(kind)}", f"state = {toml_str(state)}"]
    if ready_like or rng.random() < 0.7:
        fm.append(f"owner = {toml_str(person[1])}")
    if ready_like or rng.random() < 0.6:
        fm.append(f"value = {toml_str(sentence(rng)[:-1])}")
    if kind == "story":
        if ready_like:
            est = rng.choice([1, 2, 3, 5, 8])
        else:
            est = rng.choice([1, 2, 3, 5, 8, 13, 20])
        if ready_like or rng.random() < 0.6:
            comment = "   # to split before it is ready" if est > 8 else ""
            fm.append(f"estimate = {est}{comment}")
    if kind == "spike":
        fm.append(f'timebox = "{rng.choice([1, 2, 3, 5])}d"   # stop then and share what we know')
    if kind == "debt":
        fm.append(f"cost_per_week = {rng.choice([1, 2, 3, 4, 6, 8])}    # hours lost per week")
        fm.append(f"fix_effort = {rng.choice([4, 8, 12, 16, 24, 40])}      # hours to fix")
    # Dependencies only on earlier items that are done, so the ranking never breaks them.
    deps = []
    for _ in range(rng.choice([0, 0, 0, 1, 1, 2])):
        other = rng.randint(1, max(1, number - 1))
        if other != number and item_meta(seed, other)[1] == "done" and f"{PREFIX}-{other}" not in deps:
            deps.append(f"{PREFIX}-{other}")
    fm.append("depends_on = [" + ", ".join(toml_str(d) for d in deps) + "]")
    fm.append("tags = [" + ", ".join(toml_str(t) for t in rng.sample(TAGS, rng.randint(1, 3))) + "]")
    if rng.random() < 0.3:
        fm.append(f"city = {toml_str(rng.choice(CITIES))}")
    if kind == "bug" and rng.random() < 0.5:
        fm.append(f"reported_by = {toml_str(rng.choice(CITIES) + ' league office')}")

    body = []
    if kind == "bug":
        steps = "\n".join(
            f"{i}. {rng.choice(['Sign in as', 'Open', 'Go to', 'Record', 'Click'])} "
            f"the {rng.choice(ADJ)} {rng.choice(NOUNS)} in {rng.choice(CITIES)}."
            for i in range(1, rng.randint(3, 5) + 1)
        )
        body += ["## Steps to reproduce", steps, "## Expected behaviour", paragraph(rng, 2),
                 "## Actual behaviour", paragraph(rng, 2)]
    elif kind == "spike":
        body += ["## Question", paragraph(rng, 2), "## Approach",
                 "\n".join(f"- {sentence(rng)}" for _ in range(3))]
    elif kind == "epic":
        body += ["## Outcome", paragraph(rng, 3), "## Items",
                 "\n".join(f"- {PREFIX}-{rng.randint(1, 9999)} {sentence(rng)[:60]}" for _ in range(3))]
    else:
        body += ["## Problem", paragraph(rng, rng.randint(2, 4))]
    n_criteria = rng.randint(1 if ready_like else 0, 5)
    if kind == "story" and ready_like:
        n_criteria = max(n_criteria, 1)
    if n_criteria:
        crit = []
        for _ in range(n_criteria):
            ticked = state == "done" or (state in ("doing", "dropped") and rng.random() < 0.5)
            crit.append(f"- [{'x' if ticked else ' '}] {sentence(rng)}")
        body += ["## Acceptance criteria", "\n".join(crit)]
    body.append("## Notes")
    notes = []
    head = "+++\n" + "\n".join(fm) + "\n+++\n\n" + "\n\n".join(body) + "\n\n"
    size = len(head.encode())
    while size < target:
        p = paragraph(rng, rng.randint(1, 3))
        if rng.random() < 0.2:
            p = "> " + p.replace("\n", "\n> ")
        elif rng.random() < 0.2:
            p = "\n".join(f"- {sentence(rng)}" for _ in range(rng.randint(2, 4)))
        notes.append(p)
        size += len(p.encode()) + 2
    text = head + "\n\n".join(notes) + "\n"
    return name, text


def ranked_order(seed, numbers, n_ranked):
    """The `n_ranked` open items of `numbers`, most important first: in-progress and ready
    items at the top, then refining, then drafts, with noise so states mix at the edges."""
    open_items = []
    for n in numbers:
        _, state, key = item_meta(seed, n)
        if state not in CLOSED:
            open_items.append((key, n))
    open_items.sort()
    return [n for _, n in open_items[:n_ranked]]


RANKING_HEADER = [
    "# Most important first: one item ID per line.",
    "# The text after '#' on an ID's line says why the item stands where it does.",
    "# Items not listed here are untriaged: they come after the ranked ones.",
    "",
]


@functools.lru_cache(maxsize=None)
def ranking_line(n, reason):
    return f"{PREFIX}-{n:<6}# {reason}" if reason else f"{PREFIX}-{n}"


def ranking_text(order, reasons):
    lines = RANKING_HEADER + [ranking_line(n, reasons.get(n)) for n in order]
    return "\n".join(lines) + "\n"


def initial_reasons(seed, order):
    rng = random.Random(f"{seed}:reasons")
    return {n: rng.choice(REASONS) for n in order if rng.random() < 0.35}


def config_text():
    """The example backlog's agreement, which is what `init` writes."""
    return (EXAMPLE / "backlog.toml").read_text()


def templates():
    return {p.name: p.read_text() for p in sorted((EXAMPLE / "templates").glob("*.md"))}


# ---------------------------------------------------------------------------------------------
# Backlog in a work tree

def git(*args, cwd, **kw):
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null",
               LC_ALL="C", TZ="UTC")
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, **kw)


def make_backlog(root, items, seed=1, ranked=None, commit=True):
    """A backlog of `items` items (MS-1..MS-N) in `root`/backlog, `ranked` of them ranked
    (default: half), committed once when `commit`. Returns facts about it."""
    root = Path(root)
    if root.exists():
        shutil.rmtree(root)
    backlog = root / "backlog"
    (backlog / "items").mkdir(parents=True)
    (backlog / "templates").mkdir()
    (backlog / "backlog.toml").write_text(config_text())
    for name, text in templates().items():
        (backlog / "templates" / name).write_text(text)
    total = 0
    for n in range(1, items + 1):
        name, text = item_text(seed, n)
        data = text.encode()
        total += len(data)
        (backlog / "items" / name).write_bytes(data)
    n_ranked = items // 2 if ranked is None else ranked
    order = ranked_order(seed, range(1, items + 1), n_ranked)
    (backlog / "ranking.txt").write_text(ranking_text(order, initial_reasons(seed, order)))
    if commit:
        git("init", "-q", "-b", "main", cwd=root)
        git("add", "-A", cwd=root)
        _commit_all(root)
    return {"items": items, "ranked": len(order), "bytes": total, "order": order}


def _commit_all(root):
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null", LC_ALL="C",
               GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.invalid",
               GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.invalid",
               GIT_AUTHOR_DATE="1700000000 +0000", GIT_COMMITTER_DATE="1700000000 +0000")
    subprocess.run(["git", "commit", "-q", "-m", "Generated backlog"], cwd=root, env=env, check=True)


# ---------------------------------------------------------------------------------------------
# Repository with a long history, through git fast-import

class Stream:
    def __init__(self, out):
        self.out = out
        self.mark = 0

    def data(self, payload):
        if isinstance(payload, str):
            payload = payload.encode()
        self.out.write(b"data %d\n" % len(payload))
        self.out.write(payload)
        self.out.write(b"\n")

    def commit(self, who, when, message, files, first=False):
        """`files`: list of (path, text). Returns the commit's mark."""
        self.mark += 1
        name, email, tz = who
        self.out.write(b"commit refs/heads/main\n")
        self.out.write(b"mark :%d\n" % self.mark)
        self.out.write(f"author {name} <{email}> {when} {tz}\n".encode())
        self.out.write(f"committer {name} <{email}> {when} {tz}\n".encode())
        self.data(message)
        if not first:
            self.out.write(b"from :%d\n" % (self.mark - 1))
        for path, text in files:
            self.out.write(f"M 100644 inline {path}\n".encode())
            self.data(text)
        self.out.write(b"\n")
        return self.mark


def make_history_repo(root, commits=20000, items=1500, ranked=1000, seed=1, move_share=0.4):
    """A repository whose main branch has `commits` commits: the first adds a backlog of `items`
    items with `ranked` of them ranked; then about `move_share` of the commits move one item in
    backlog/ranking.txt and the rest edit one item file. Returns facts about it."""
    root = Path(root)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    git("init", "-q", "-b", "main", cwd=root)
    rng = random.Random(f"{seed}:history")
    numbers = list(range(1, items + 1))
    names = {}
    revisions = {n: 0 for n in numbers}
    order = ranked_order(seed, numbers, ranked)
    if len(order) < ranked:
        # Not enough open items: rank closed ones too (still a valid ranking).
        rest = [n for n in numbers if n not in set(order)]
        order += rest[: ranked - len(order)]
    reasons = initial_reasons(seed, order)
    ranked_set = set(order)
    # A few items are moved much more often than others (the contested top of a backlog).
    hot = rng.sample(order[: max(1, len(order) // 10)], k=min(20, max(1, len(order) // 10)))
    moves = {}
    when = 1_672_650_000  # 2023-01-02
    proc = subprocess.Popen(
        ["git", "fast-import", "--quiet", "--done"], cwd=root, stdin=subprocess.PIPE,
        env=dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null"),
    )
    out = proc.stdin
    s = Stream(out)
    files = [("backlog/backlog.toml", config_text())]
    files += [(f"backlog/templates/{k}", v) for k, v in templates().items()]
    for n in numbers:
        name, text = item_text(seed, n)
        names[n] = name
        files.append((f"backlog/items/{name}", text))
    files.append(("backlog/ranking.txt", ranking_text(order, reasons)))
    dana = PEOPLE[0]
    files.append((".mailmap", f"{dana[0]} <{dana[1]}> {OLD_DANA[0]} <{OLD_DANA[1]}>\n"))
    s.commit(PEOPLE[1], when, "Start the backlog\n\nGenerated for the benchmark.\n", files, first=True)
    n_moves = n_edits = 0
    for i in range(1, commits):
        when += rng.randint(300, 3 * 3600)
        # Most commits by a few people; Dana's early commits use her old address.
        who = PEOPLE[min(int(rng.expovariate(0.6)), len(PEOPLE) - 1)]
        if who is dana and i < commits // 3:
            who = (OLD_DANA[0], OLD_DANA[1], dana[2])
        if rng.random() < move_share:
            n_moves += 1
            message, n = _move(rng, order, ranked_set, reasons, hot, numbers)
            moves[n] = moves.get(n, 0) + 1
            s.commit(who, when, message, [("backlog/ranking.txt", ranking_text(order, reasons))])
        else:
            n_edits += 1
            n = rng.randint(1, items)
            revisions[n] += 1
            name, text = item_text(seed, n, revisions[n])
            verb = rng.choice(["Refine", "Clarify", "Add notes to", "Update", "Reword"])
            s.commit(who, when, f"{verb} {PREFIX}-{n}\n",
                     [(f"backlog/items/{name}", text)])
    out.write(b"done\n")
    out.close()
    if proc.wait() != 0:
        raise SystemExit("git fast-import failed")
    git("reset", "-q", "--hard", "main", cwd=root)
    head = git("rev-parse", "HEAD", cwd=root, capture_output=True, text=True).stdout.strip()
    # The item whose place changed most often: the most interesting `history ID`.
    busiest = max(sorted(moves), key=lambda n: moves[n], default=order[0] if order else 1)
    return {
        "commits": commits, "items": items, "ranked": len(order), "ranking_commits": n_moves,
        "item_commits": n_edits, "head": head, "history_id": f"{PREFIX}-{busiest}",
        "history_id_moves": moves.get(busiest, 0), "authors": len(PEOPLE) + 1,
    }


def _move(rng, order, ranked_set, reasons, hot, numbers):
    """Changes the ranking in place as one commit would; returns (message, item number)."""
    roll = rng.random()
    unranked = None
    if roll < 0.05 and len(ranked_set) < len(numbers):
        # Rank a new item, and unrank the last one so the ranking keeps its size.
        candidates = [n for n in rng.sample(numbers, k=min(20, len(numbers))) if n not in ranked_set]
        if candidates:
            n = candidates[0]
            unranked = order.pop()
            ranked_set.discard(unranked)
            reasons.pop(unranked, None)
            ranked_set.add(n)
            to = rng.randint(0, len(order))
            order.insert(to, n)
            reason = rng.choice(REASONS)
            reasons[n] = reason
            return (f"Rank {PREFIX}-{n} at #{to + 1}, unrank {PREFIX}-{unranked}\n", n)
    n = rng.choice(hot) if rng.random() < 0.3 else rng.choice(order)
    if n not in ranked_set:  # a hot item that was unranked meanwhile
        n = rng.choice(order)
    frm = order.index(n)
    order.pop(frm)
    # Moves up to the top third are the most common; some go down.
    if rng.random() < 0.6:
        to = rng.randint(0, max(0, min(frm, len(order) // 3)))
    else:
        to = rng.randint(0, len(order))
    if to == frm:  # every move commit really moves its item
        to = frm - 1 if frm > 0 else min(1, len(order))
    order.insert(to, n)
    direction = "up" if to < frm else "down"
    reason = rng.choice(REASONS)
    style = rng.random()
    if style < 0.5:
        reasons[n] = reason
        return (f"Move {PREFIX}-{n} {direction} to #{to + 1}\n", n)
    if style < 0.8:
        return (f"Move {PREFIX}-{n} {direction} to #{to + 1}\n\n"
                f"Discussed at refinement.\n\nReason: {reason}\n", n)
    return (f"Reorder: {PREFIX}-{n} {direction}\n", n)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="what", required=True)
    b = sub.add_parser("backlog")
    b.add_argument("dir")
    b.add_argument("--items", type=int, default=10000)
    b.add_argument("--seed", type=int, default=1)
    h = sub.add_parser("history")
    h.add_argument("dir")
    h.add_argument("--commits", type=int, default=20000)
    h.add_argument("--items", type=int, default=1500)
    h.add_argument("--ranked", type=int, default=1000)
    h.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if a.what == "backlog":
        facts = make_backlog(a.dir, a.items, a.seed)
        facts.pop("order")
    else:
        facts = make_history_repo(a.dir, a.commits, a.items, a.ranked, a.seed)
    json.dump(facts, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
