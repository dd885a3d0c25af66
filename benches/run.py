#!/usr/bin/env python3
"""The `backlog` benchmark: times backlog against git and ripgrep on generated data.

    python3 benches/run.py                # full run: 10,000 items, 20,000 commits (a few minutes)
    python3 benches/run.py --smoke        # tiny sizes, one run: checks the harness still works

Builds the release binary (or takes --bin PATH), generates deterministic data with
benches/gen.py (cached under target/bench-data/), then times each backlog command side by side
with its baseline: a warm-up run of each, then N runs alternating the two, and reports medians,
ratios, the peak resident memory of every backlog run, and whether each target of the
performance issue holds. Writes the table as Markdown with the machine it ran on
(benches/RESULTS.md for a full run).

Exit status: 0 when every command ran (a missed target is reported, not a failure, unless
--fail-on-miss); 1 when a measured command crashed, exited with an unexpected status, or gave
an answer that fails a sanity check; 2 on bad usage or a failed build.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import gen  # noqa: E402
import gen_backlog_md  # noqa: E402
import lsp as lsp_bench  # noqa: E402

MIB = 1024 * 1024

# Environment of every measured command: no colors, no pager, no user or system git config
# (libgit2 and git then see the same settings), a fixed locale.
ENV = dict(os.environ)
ENV.update({
    "NO_COLOR": "1", "GIT_PAGER": "cat", "PAGER": "cat", "LC_ALL": "C.UTF-8",
    "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null",
})
ENV.pop("RIPGREP_CONFIG_PATH", None)
ENV.pop("CLICOLOR_FORCE", None)
# GNU time (Debian package `time`) measures peak memory exactly; without it the harness falls
# back to its own wait4, whose figure is an upper bound that includes the harness's own RSS.
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
START_LOAD = " ".join(f"{x:.2f}" for x in os.getloadavg())


class CommandFailed(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Running and timing one process

class Run:
    __slots__ = ("seconds", "cpu", "maxrss", "code", "stdout", "stderr", "out_bytes")


def run_once(argv, expect=(0,), capture=False):
    """Runs argv with stdout on a pipe that is drained (so output costs what it costs in a
    terminal pipeline, and no program can notice /dev/null and stop early), stderr to a file.
    Returns wall seconds, the child's peak RSS (bytes, from wait4's rusage) and its output."""
    read_fd, write_fd = os.pipe()
    err = tempfile.TemporaryFile()
    actions = [
        (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
        (os.POSIX_SPAWN_DUP2, write_fd, 1),
        (os.POSIX_SPAWN_DUP2, err.fileno(), 2),
    ]
    start = time.perf_counter()
    try:
        pid = os.posix_spawnp(argv[0], argv, ENV, file_actions=actions)
    except OSError as e:
        os.close(read_fd)
        os.close(write_fd)
        raise CommandFailed(f"cannot run {argv[0]}: {e}") from e
    os.close(write_fd)
    chunks, size = [], 0
    while True:
        block = os.read(read_fd, 1 << 20)
        if not block:
            break
        size += len(block)
        if capture:
            chunks.append(block)
    os.close(read_fd)
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    r = Run()
    r.seconds = elapsed
    r.cpu = usage.ru_utime + usage.ru_stime
    r.maxrss = usage.ru_maxrss * 1024  # Linux reports KiB
    r.code = os.waitstatus_to_exitcode(status)
    r.out_bytes = size
    r.stdout = b"".join(chunks).decode("utf-8", "replace") if capture else ""
    err.seek(0)
    r.stderr = err.read().decode("utf-8", "replace")
    err.close()
    if r.code not in expect:
        what = f"signal {-r.code}" if r.code < 0 else f"exit status {r.code}"
        raise CommandFailed(f"`{' '.join(argv)}` ended with {what}\n{r.stderr[-2000:]}")
    return r


class Side:
    """One command of a pair: a label for the table and argv per run index (so a writing
    command can alternate between two arguments and do real work each time)."""

    def __init__(self, label, argv, expect=(0,), is_backlog=True, prepare=None):
        self.label = label
        self.prepare = prepare  # called before every run, outside the timed region
        self.argv = argv if callable(argv) else (lambda _i, a=argv: a)
        self.expect = expect
        self.is_backlog = is_backlog
        self.times = []
        self.cpu = []
        self.rss = []

    def run(self, i, record):
        if self.prepare:
            self.prepare()
        r = run_once(self.argv(i), self.expect)
        if record:
            self.times.append(r.seconds)
            self.cpu.append(r.cpu)
        return r

    def probe_memory(self, i):
        """One run to learn the peak RSS. wait4 on a child we spawn reports at least our own
        RSS (the kernel carries the spawning process's high-water mark across exec), so the
        child is started by /usr/bin/time, a small process, whose wait4 is exact."""
        argv = self.argv(i)
        if self.prepare:
            self.prepare()
        if TIME:
            r = run_once([TIME, "-f", "%M", *argv], self.expect)
            lines = [line for line in r.stderr.splitlines() if line.strip()]
            try:
                self.rss.append(int(lines[-1]) * 1024)
                return
            except (IndexError, ValueError):
                raise CommandFailed(f"cannot read the peak RSS of `{' '.join(argv)}` "
                                    f"from /usr/bin/time: {r.stderr[-500:]}")
        r = run_once(argv, self.expect)
        self.rss.append(r.maxrss)

    @property
    def median(self):
        return statistics.median(self.times)

    @property
    def peak(self):
        return max(self.rss) if self.rss else 0


def measure(a, b, runs, warmup):
    """Times `a` and `b` side by side: warm-up runs of each, then `runs` rounds alternating
    which goes first, so drift on the machine affects both alike."""
    a.probe_memory(0)
    if b and b.is_backlog:
        b.probe_memory(0)
    n = 1
    for _ in range(warmup):
        a.run(n, False)
        if b:
            b.run(n, False)
        n += 1
    for i in range(runs):
        first, second = (a, b) if i % 2 == 0 else (b, a)
        for side in (first, second):
            if side:
                side.run(n, True)
        n += 1


# ---------------------------------------------------------------------------------------------
# Results

class Row:
    def __init__(self, name, a, b, target, note="", kind="ratio"):
        self.name, self.a, self.b, self.target, self.note, self.kind = name, a, b, target, note, kind

    @property
    def ratio(self):
        if self.kind in ("memory", "bytes") or not self.b or not self.b.times:
            return None
        return self.a.median / self.b.median

    @property
    def status(self):
        if self.target is None:
            return self.note or "info"
        if self.kind in ("memory", "bytes"):
            return "PASS" if self.a <= self.target * MIB else "MISS"
        if self.kind == "seconds":
            return "PASS" if self.a.median <= self.target else "MISS"
        if self.kind == "latency":
            return "PASS" if self.a.median <= self.target / 1000 else "MISS"
        if self.ratio is None:
            return "skipped"
        return "PASS" if self.ratio <= self.target else "MISS"


def shell_word(w):
    return w if all(c.isalnum() or c in "-_./=%$:,+" for c in w) else "'" + w.replace("'", "'\\''") + "'"


def ms(seconds):
    return f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.2f} s"


def mib(n):
    return f"{n / MIB:.1f} MiB"


def table_rows(rows):
    out = []
    for r in rows:
        if r.kind == "memory":
            out.append([r.name, mib(r.a), "", "", "", mib(r.a),
                        f"≤ {r.target} MiB", r.status])
            continue
        if r.kind == "bytes":
            out.append([r.name, mib(r.a), "", "", "", "", f"≤ {r.target} MiB", r.status])
            continue
        if r.kind == "latency":
            cpu = ms(statistics.median(r.a.cpu)) if r.a.cpu else ""
            out.append([f"`{r.a.label}`", ms(r.a.median), r.note, "", "", mib(r.a.peak),
                        f"≤ {r.target} ms", r.status,
                        f"{ms(min(r.a.times))}–{ms(max(r.a.times))}", cpu, ""])
            continue
        base = r.b.label if r.b else r.note
        base_med = ms(r.b.median) if r.b and r.b.times else "—"
        # Two significant digits below 0.1 (a row against a much slower tool reads 0.0034×).
        ratio = ("—" if r.ratio is None else f"{r.ratio:.2f}×" if r.ratio >= 0.1
                 else f"{r.ratio:.2g}×")
        target = f"≤ {r.target:g}×" if r.target is not None else "—"
        if r.kind == "seconds":
            target = f"≤ {r.target:g} s"
        spread = f"{ms(min(r.a.times))}–{ms(max(r.a.times))}" if r.a.times else ""
        cpu = ms(statistics.median(r.a.cpu)) if r.a.cpu else ""
        base_cpu = ms(statistics.median(r.b.cpu)) if r.b and r.b.cpu else ""
        out.append([f"`{r.a.label}`", ms(r.a.median), f"`{base}`" if r.b else base,
                    base_med, ratio, mib(r.a.peak), target, r.status, spread, cpu, base_cpu])
    return out


HEADER = ["command", "backlog median", "baseline", "baseline median", "ratio",
          "backlog peak RSS", "target", "result"]


def print_table(rows):
    data = [[c.replace("`", "") for c in row[:8]] for row in table_rows(rows)]
    widths = [max(len(h), *(len(r[i]) for r in data)) for i, h in enumerate(HEADER)]
    line = "  ".join(h.ljust(w) for h, w in zip(HEADER, widths))
    print(line)
    print("-" * len(line))
    for r in data:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)))


def markdown(rows, facts, machine, notes, argv):
    md = ["# Benchmark results", ""]
    md.append(f"Generated by `python3 benches/run.py{(' ' + ' '.join(argv)) if argv else ''}` "
              f"on {machine['date']}. Medians of {facts['runs']} run(s) after "
              f"{facts['warmup']} warm-up run(s); each backlog command and its baseline alternate.")
    md.append("")
    extra = ["backlog min–max", "backlog CPU", "baseline CPU"]
    md.append("| " + " | ".join(HEADER + extra) + " |")
    md.append("|" + "---|" * (len(HEADER) + len(extra)))
    for r in table_rows(rows):
        cells = r + [""] * (len(HEADER) + len(extra) - len(r))
        md.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    md.append("")
    md.append("Times are wall-clock medians; CPU is the median user+system time of the same runs "
              "(more than wall time for multi-threaded programs such as `lint` and `rg`). "
              "Peak RSS is measured in one extra run of each command under `/usr/bin/time`.")
    md.append("")
    md.append("## Machine")
    md.append("")
    md.append("| | |")
    md.append("|---|---|")
    for k, v in machine.items():
        md.append(f"| {k} | {v} |")
    md.append("")
    md.append("## Data")
    md.append("")
    for line in facts["data"]:
        md.append(f"- {line}")
    md.append("")
    md.append("## Commands")
    md.append("")
    md.append(f"`$DATA` is {facts['data_dir']}; `backlog` is the binary measured.")
    md.append("")
    md.append("```")
    seen = set()
    for r in rows:
        if r.kind in ("memory", "bytes"):
            continue
        for side in (r.a, r.b):
            if side is None:
                continue
            line = " ".join(shell_word(w) for w in side.argv(1))
            line = line.replace(facts["binary"], "backlog").replace(facts["data_dir"], "$DATA")
            if line not in seen:
                seen.add(line)
                md.append(line)
    md.append("```")
    if notes:
        md.append("")
        md.append("## Notes")
        md.append("")
        for n in notes:
            md.append(f"- {n}")
    md.append("")
    return "\n".join(md)


# ---------------------------------------------------------------------------------------------
# Machine facts

def first_line(argv):
    try:
        out = subprocess.run(argv, capture_output=True, text=True, env=ENV, timeout=30)
        return (out.stdout or out.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "not available"


def source_revision():
    return first_line(["git", "-C", str(ROOT), "describe", "--always", "--dirty"])


def machine_facts(binary, rg, profile, revision):
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    os_name = platform.system()
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"')
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "CPU": cpu,
        "cores": f"{usable} usable ({os.cpu_count()} online)",
        "RAM": mem,
        "OS": os_name,
        "kernel": platform.release(),
        "backlog": f"{first_line([str(binary), '--version'])} ({profile} build, {revision})",
        "git": first_line(["git", "--version"]),
        "ripgrep": first_line([rg, "--version"]) if rg else "not installed",
        "rustc": first_line(["rustc", "--version"]),
        "python": platform.python_version(),
        "load average (1/5/15 min) at the end": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "load average (1/5/15 min) at the start": START_LOAD,
    }


# ---------------------------------------------------------------------------------------------
# Build and data

def build(profile):
    argv = ["cargo", "build", "--locked", "--message-format=json-render-diagnostics"]
    if profile == "release":
        argv.insert(2, "--release")
    print(f"building: {' '.join(argv[:4])}", file=sys.stderr, flush=True)
    out = subprocess.run(argv, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    if out.returncode != 0:
        raise SystemExit(2)
    for line in out.stdout.splitlines():
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        if (msg.get("reason") == "compiler-artifact" and msg.get("executable")
                and msg["target"]["name"] == "backlog"):
            return Path(msg["executable"])
    print("error: cargo built no `backlog` executable", file=sys.stderr)
    raise SystemExit(2)


def backlog_md_binary(given):
    """Backlog.md's CLI (npm package `backlog.md`), or None: the rows against it are optional."""
    path = given or ROOT / "target" / "backlog-md" / "node_modules" / ".bin" / "backlog"
    return path.resolve() if path.exists() and os.access(path, os.X_OK) else None


def an_imported_task(root):
    """(our ID, Backlog.md's task ID) of the first open task in the import's ID mapping."""
    import csv
    with open(root / "import-map-backlog-md.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["origin"].startswith("tasks/"):
                return row["id"], row["source_id"]
    raise SystemExit(f"error: no open task in {root}'s import mapping")


def cached(path, params, make):
    """Generates data at `path` unless a stamp says it was made with the same parameters and
    generator. Returns the facts `make` reported."""
    stamp = path.with_name(path.name + ".json")
    params = dict(params, generator=gen.GENERATOR_VERSION,
                  source=gen.hashlib.sha256(Path(gen.__file__).read_bytes()).hexdigest()[:16])
    if stamp.exists() and path.exists():
        try:
            saved = json.loads(stamp.read_text())
            if saved.get("params") == params:
                return saved["facts"]
        except ValueError:
            pass
    print(f"generating {path.name} ...", file=sys.stderr, flush=True)
    start = time.perf_counter()
    facts = make()
    facts["generated_in_s"] = round(time.perf_counter() - start, 1)
    stamp.write_text(json.dumps({"params": params, "facts": facts}, indent=1))
    print(f"  done in {facts['generated_in_s']} s", file=sys.stderr, flush=True)
    return facts


def backlog_data(data_dir, items, seed):
    path = data_dir / f"backlog-{items}-s{seed}"
    facts = cached(path, {"items": items, "seed": seed},
                   lambda: gen.make_backlog(path, items, seed))
    restore(path)
    return path, facts


class GitDir:
    """Keeps a repository's git directory as generated, so "cold" means cold: anything a
    backlog command adds there (its history cache, `.git/backlog/` today, wherever it moves
    to) is removed before each cold run. `created` lists what the commands added."""

    def __init__(self, repo):
        self.dir = Path(repo) / ".git"
        self.pristine = self._paths()

    def _paths(self):
        found = set()
        for dirpath, dirnames, filenames in os.walk(self.dir):
            rel = Path(dirpath).relative_to(self.dir)
            found.update(str(rel / n) for n in dirnames + filenames)
        return found

    def clean(self):
        new = self._paths() - self.pristine
        for rel in sorted(new, key=len):
            path = self.dir / rel
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            elif path.exists() or path.is_symlink():
                path.unlink()

    def added(self):
        """What backlog commands added to the git directory (top-most paths only)."""
        new = self._paths() - self.pristine
        return sorted(p for p in new if str(Path(p).parent) not in new)


def long_ranking_data(data_dir, small, small_facts, lines):
    """The small backlog with `lines` more ranking lines naming no item (ORD001 each): the
    1M-line ranking of issue 19, 8.9 MB, under the 16 MiB cap."""
    path = data_dir / f"ranking-{lines}-{small.name}"

    def make():
        shutil.rmtree(path, ignore_errors=True)
        shutil.copytree(small, path, symlinks=True)
        ranking = path / "backlog" / "ranking.txt"
        with open(ranking, "a") as f:
            for i in range(lines):
                f.write(f"{gen.PREFIX}-{1000000 + i}\n")
        gen.git("add", "-A", cwd=path)
        gen._commit_all(path)
        facts = dict(small_facts)
        facts["bytes"] = ranking.stat().st_size
        return facts

    facts = cached(path, {"lines": lines, "small": small.name, "v": 1}, make)
    restore(path)
    return path, facts


def restore(path):
    """Undoes the benchmark's own `rank` runs: ranking.txt back to the committed version."""
    subprocess.run(["git", "checkout", "-q", "--", "backlog/ranking.txt"], cwd=path,
                   env=ENV, check=True)


# ---------------------------------------------------------------------------------------------
# The benchmark

def sanity(binary, big, big_facts, repo, repo_facts, rg, problems):
    """One checked run of each command: fast because broken must not pass for fast."""
    def check(cond, message):
        if not cond:
            problems.append(message)

    r = run_once([str(binary), "--root", str(big), "lint", "--format", "json"], (0, 1), True)
    findings = len(json.loads(r.stdout)["diagnostics"])
    check(r.code == 0, f"lint found {findings} problems in the generated backlog (expected none)")
    doc = json.loads(run_once([str(binary), "--root", str(big), "list", "--all", "--format", "json"],
                              capture=True).stdout)
    check(len(doc["items"]) == big_facts["items"],
          f"list gave {len(doc['items'])} items, expected {big_facts['items']}")
    ranked = sum(1 for i in doc["items"] if i["rank"] is not None)
    check(ranked == big_facts["ranked"], f"list ranked {ranked}, expected {big_facts['ranked']}")
    if rg:
        out = run_once([rg, "-c", "^title", str(big / "backlog" / "items")], capture=True).stdout
        total = sum(int(line.rsplit(":", 1)[1]) for line in out.splitlines())
        check(total == big_facts["items"], f"rg counted {total} titles")
    hid = repo_facts["history_id"]
    doc = json.loads(run_once([str(binary), "--root", str(repo), "history", hid, "--format", "json"],
                              capture=True).stdout)
    # An adjacent swap may be told as the neighbour's move (either line is outside the longest
    # common subsequence), so not every generated move is an event of the moved item.
    check(len(doc["events"]) >= repo_facts["history_id_moves"] // 2,
          f"history {hid} gave {len(doc['events'])} events for "
          f"{repo_facts['history_id_moves']} generated moves")
    doc = json.loads(run_once([str(binary), "--root", str(repo), "blame", "--format", "json"],
                              capture=True).stdout)
    check(len(doc["entries"]) == repo_facts["ranked"],
          f"blame gave {len(doc['entries'])} entries, expected {repo_facts['ranked']}")
    unknown = sum(1 for e in doc["entries"] if e["commit"] is None)
    check(unknown == 0, f"blame left {unknown} lines without a commit")
    return findings


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--smoke", action="store_true",
                    help="tiny sizes, 1 run, no warm-up, debug build: checks that it all runs")
    ap.add_argument("--items", type=int, help="items in the large backlog (10000)")
    ap.add_argument("--scale-items", type=int, help="items in the backlog the large one is "
                    "compared with to show how cost grows (items/4)")
    ap.add_argument("--small-items", type=int, help="items in the small backlog for show/rank (100)")
    ap.add_argument("--commits", type=int, help="commits in the history repository (20000)")
    ap.add_argument("--repo-items", type=int, help="items in the history repository (1500)")
    ap.add_argument("--repo-ranked", type=int, help="ranked items in the history repository (1000)")
    ap.add_argument("--runs", type=int, help="measured runs per command (5; smoke: 1)")
    ap.add_argument("--warmup", type=int, help="warm-up runs per command (1; smoke: 0)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bin", type=Path, help="the backlog binary to measure (default: build it)")
    ap.add_argument("--release", action="store_true", help="with --smoke: build the release binary")
    ap.add_argument("--data", type=Path, help="where generated data is cached "
                    "(target/bench-data)")
    ap.add_argument("--out", type=Path, help="Markdown results (benches/RESULTS.md; smoke: "
                    "target/bench-data/smoke/RESULTS.md)")
    ap.add_argument("--backlog-md", type=Path, help="Backlog.md's CLI, for the rows against "
                    "it (default: target/backlog-md/node_modules/.bin/backlog when there)")
    ap.add_argument("--fail-on-miss", action="store_true", help="exit 1 when a target is missed")
    ap.add_argument("--only", help="comma-separated row keys to measure (lint, list, history, "
                    "blame, show, rank, ..., board, lsp; see `plan` below); the results go to "
                    "target/bench-data/RESULTS-only.md unless --out is given")
    args = ap.parse_args(argv)

    smoke = args.smoke
    items = args.items or (200 if smoke else 10000)
    scale_items = args.scale_items or max(1, items // 4)
    small_items = args.small_items or 100
    commits = args.commits or (300 if smoke else 20000)
    repo_items = args.repo_items or (150 if smoke else 1500)
    repo_ranked = args.repo_ranked or (100 if smoke else 1000)
    runs = args.runs or (1 if smoke else 5)
    warmup = args.warmup if args.warmup is not None else (0 if smoke else 1)
    data_dir = (args.data or ROOT / "target" / "bench-data").resolve()
    if smoke:
        data_dir = data_dir / "smoke"
    only = set(filter(None, (args.only or "").split(","))) or None
    out = args.out or (data_dir / ("RESULTS-only.md" if only else "RESULTS.md") if smoke or only
                       else HERE / "RESULTS.md")
    if runs < 1 or min(items, scale_items, small_items, commits, repo_items, repo_ranked) < 1:
        ap.error("sizes and --runs must be at least 1")
    if repo_ranked > repo_items:
        ap.error("--repo-ranked cannot exceed --repo-items")
    if not shutil.which("git"):
        print("error: git is required", file=sys.stderr)
        return 2

    notes = []
    if not TIME:
        notes.append("/usr/bin/time is not installed: peak RSS figures are upper bounds that "
                     "include the harness's own memory (`apt-get install time`).")
    rg = shutil.which("rg")
    if not rg:
        notes.append("ripgrep is not installed: the rows compared with it were skipped "
                     "(`apt-get install ripgrep`).")
    revision = source_revision()  # of the sources the build below compiles
    if args.bin:
        binary = args.bin.resolve()
        profile = "given"
        revision = "built elsewhere; work tree at " + revision
    else:
        profile = "release" if (args.release or not smoke) else "debug"
        binary = build(profile)
    if profile == "debug":
        notes.append("Debug build: the timings of a smoke run say nothing about performance.")
    data_dir.mkdir(parents=True, exist_ok=True)
    # Measure a private copy: a build in the same target directory during the run (another
    # terminal, an editor's cargo check) must not swap the binary between two rows.
    if not binary.is_file():
        print(f"error: {binary} is not a file", file=sys.stderr)
        return 2
    private = data_dir / "bin" / "backlog"
    private.parent.mkdir(exist_ok=True)
    shutil.copy2(binary, private)
    digest = gen.hashlib.sha256(private.read_bytes()).hexdigest()[:12]
    binary = private

    big, big_facts = backlog_data(data_dir, items, args.seed)
    scale, scale_facts = backlog_data(data_dir, scale_items, args.seed)
    small, small_facts = backlog_data(data_dir, small_items, args.seed)
    # Growth past 10,000 (issue 11), and a ranking of a million lines under the cap (issue 19).
    huge_items = 1000 if smoke else 100000
    huge, huge_facts = backlog_data(data_dir, huge_items, args.seed)
    long_lines = 10000 if smoke else 1000000
    longr, longr_facts = long_ranking_data(data_dir, small, small_facts, long_lines)
    repo = data_dir / f"history-{commits}-{repo_items}-{repo_ranked}-s{args.seed}"
    repo_facts = cached(repo, {"commits": commits, "items": repo_items, "ranked": repo_ranked,
                               "seed": args.seed, "facts": 2},
                        lambda: dict(gen.make_history_repo(repo, commits, repo_items,
                                                           repo_ranked, args.seed),
                                     git_dir=sorted(GitDir(repo).pristine)))
    gitdir = GitDir(repo)
    gitdir.pristine = set(repo_facts["git_dir"])
    gitdir.clean()  # a cache left by an earlier run

    failures = []
    rows = []
    b = str(binary)
    try:
        findings = sanity(binary, big, big_facts, repo, repo_facts, rg, failures)
        if findings:
            notes.append(f"lint reported {findings} findings on the generated backlog.")

        def lint(path):
            return [b, "--root", str(path), "lint"]

        def no_index(path):
            """Cold for lint and list: the work-tree index (issue 11) removed before each run,
            outside the timing."""
            def drop():
                for name in ("items-index", "items-names"):
                    (Path(path) / ".git" / "backlog" / name).unlink(missing_ok=True)
            return drop

        def one_edit(path):
            """Warm with one item edited between runs: the first item file gains or loses a
            last line (outside the timing), so each run reads exactly one changed file."""
            first = min((Path(path) / "backlog" / "items").iterdir())
            original = first.read_bytes()
            state = {"n": 0}

            def edit():
                state["n"] += 1
                extra = f"\nbenchmark edit {state['n'] % 2}\n".encode()
                first.write_bytes(original + extra)
            return edit, lambda: first.write_bytes(original)

        def lst(path):
            return [b, "--root", str(path), "list", "--all", "--format", "json"]

        rg_side = (lambda: Side(f"rg -c '^title' items/ ({items} files)",
                                [rg, "-c", "^title", str(big / "backlog" / "items")],
                                is_backlog=False)) if rg else (lambda: None)
        n = f"{items:,}"
        hid = repo_facts["history_id"]
        rpath = "backlog/ranking.txt"
        git_c = ["git", "-C", str(repo)]

        print(f"measuring: {runs} run(s) after {warmup} warm-up run(s) each", file=sys.stderr)
        lint_edit, lint_undo = one_edit(big)
        plan = [
            ("lint", Side(f"backlog lint ({n} items)", lint(big), (0, 1), prepare=no_index(big)),
             rg_side(), 2.5, ""),
            ("list", Side(f"backlog list --all --format json ({n} items)", lst(big),
                          prepare=no_index(big)), rg_side(), 2.5, ""),
            ("lint-warm", Side(f"backlog lint, warm, one item edited ({n} items)", lint(big),
                               (0, 1), prepare=lint_edit), rg_side(), 1.0, ""),
            ("list-warm", Side(f"backlog list --all --format json, warm, one item edited "
                               f"({n} items)", lst(big), prepare=lint_edit), rg_side(), 1.0, ""),
            ("history", Side(f"backlog history {hid} (cold)",
                             [b, "--root", str(repo), "history", hid], prepare=gitdir.clean),
             Side(f"git log -p -U0 -- {rpath}", git_c + ["log", "-p", "-U0", "--", rpath],
                  is_backlog=False), 1.0, ""),
            ("history-warm", Side(f"backlog history {hid} (warm)",
                                  [b, "--root", str(repo), "history", hid]),
             Side(f"git log --format=%H -- {rpath}", git_c + ["log", "--format=%H", "--", rpath],
                  is_backlog=False), None, "warm"),
            ("blame", Side("backlog blame (cold)", [b, "--root", str(repo), "blame"],
                           prepare=gitdir.clean),
             Side(f"git blame {rpath}", git_c + ["blame", rpath], is_backlog=False), 1.0, ""),
            ("blame-warm", Side("backlog blame (warm)", [b, "--root", str(repo), "blame"]),
             Side(f"git blame {rpath}", git_c + ["blame", rpath], is_backlog=False), None, "warm"),
        ]

        def show_side(path, facts):
            order = facts["order"]
            target = f"{gen.PREFIX}-{order[len(order) // 2]}" if order else f"{gen.PREFIX}-1"
            return Side(f"backlog show {target} ({facts['items']:,} items)",
                        [b, "--root", str(path), "show", target])

        def rank_side(path, facts):
            order = facts["order"]
            if not order:
                return Side(f"backlog rank ({facts['items']} items)",
                            [b, "--root", str(path), "rank", f"{gen.PREFIX}-1", "--top"])
            there = min(20, len(order))
            other = min(30, len(order)) if len(order) > 1 else 1
            if other == there:
                there = max(1, other - 1)
            target = f"{gen.PREFIX}-{order[there - 1]}"
            # Alternate two places, so every run moves the item and writes the file.
            positions = [other, there]
            return Side(f"backlog rank {target} --to {other}|{there} ({facts['items']:,} items)",
                        lambda i: [b, "--root", str(path), "rank", target,
                                   "--to", str(positions[i % 2]), "--reason", "benchmark"])

        hn = f"{huge_items:,}"

        def long_rank_side():
            target = f"{gen.PREFIX}-{longr_facts['order'][0]}"
            positions = [30, 20]
            return Side(f"backlog rank {target} --to 30|20 ({long_lines:,}-line ranking, "
                        f"{longr_facts['bytes'] / MIB:.1f} MiB)",
                        lambda i: [b, "--root", str(longr), "rank", target,
                                   "--to", str(positions[i % 2]), "--reason", "benchmark"])

        plan += [
            ("lint-huge", Side(f"backlog lint ({hn} items)", lint(huge), (0, 1),
                               prepare=no_index(huge)),
             Side(f"backlog lint ({n} items)", lint(big), (0, 1), prepare=no_index(big)), None,
             "growth ×10"),
            ("list-huge", Side(f"backlog list --all --format json ({hn} items)", lst(huge),
                               prepare=no_index(huge)),
             Side(f"backlog list --all --format json ({n} items)", lst(big),
                  prepare=no_index(big)), None, "growth ×10"),
            ("show-huge", show_side(huge, huge_facts), show_side(small, small_facts), 2.0, ""),
            ("rank-long", long_rank_side(), None, 2.0, "seconds"),
            ("lint-long", Side(f"backlog lint ({long_lines:,}-line ranking, "
                               f"{longr_facts['bytes'] / MIB:.1f} MiB)", lint(longr), (1,)),
             None, 2.0, "seconds"),
        ]
        plan += [
            ("show", show_side(big, big_facts), show_side(small, small_facts), 2.0, ""),
            ("rank", rank_side(big, big_facts), rank_side(small, small_facts), 2.0, ""),
            ("lint-scale", Side(f"backlog lint ({n} items)", lint(big), (0, 1),
                                prepare=no_index(big)),
             Side(f"backlog lint ({scale_items:,} items)", lint(scale), (0, 1),
                  prepare=no_index(scale)), 4.5, ""),
            ("list-scale", Side(f"backlog list --all --format json ({n} items)", lst(big),
                                prepare=no_index(big)),
             Side(f"backlog list --all --format json ({scale_items:,} items)", lst(scale),
                  prepare=no_index(scale)), 4.5, ""),
            # Economics: `value` against `lint` on the same backlog; `forecast` walks the item
            # files' history (target: 1 s cold, an absolute time, so the ratio is for scale).
            ("value", Side(f"backlog value ({n} items)", [b, "--root", str(big), "value"]),
             Side(f"backlog lint ({n} items)", lint(big), (0, 1)), 1.5, ""),
            ("forecast", Side("backlog forecast (cold)",
                              [b, "--root", str(repo), "forecast", "--seed", "1"],
                              prepare=gitdir.clean),
             Side("git log --raw -- backlog/items",
                  git_c + ["log", "--raw", "--format=%H", "--", "backlog/items"],
                  is_backlog=False), None, "target ≤ 1 s"),
            ("forecast-warm", Side("backlog forecast (warm)",
                                   [b, "--root", str(repo), "forecast", "--seed", "1"]),
             Side("git log --raw -- backlog/items",
                  git_c + ["log", "--raw", "--format=%H", "--", "backlog/items"],
                  is_backlog=False), None, "warm"),
        ]
        # Import: a generated Backlog.md project into a fresh backlog each run (its items,
        # ranking and mapping removed outside the timing); the baseline copies the same files.
        md_tasks = 10000 if not smoke else 300
        md_src = data_dir / f"backlog-md-{md_tasks}-s{args.seed}"
        cached(md_src, {"tasks": md_tasks, "seed": args.seed},
               lambda: gen_backlog_md.make(md_src, md_tasks, args.seed))
        md_dst = data_dir / "import-target"
        md_copy = data_dir / "import-copy"

        def import_reset():
            shutil.rmtree(md_dst, ignore_errors=True)
            md_dst.mkdir(parents=True)
            run_once([b, "--root", str(md_dst), "init"])

        def copy_reset():
            shutil.rmtree(md_copy, ignore_errors=True)

        import_reset()
        plan.append(("import",
                     Side(f"backlog import backlog-md ({md_tasks:,} tasks)",
                          [b, "--root", str(md_dst), "import", "backlog-md",
                           str(md_src)], prepare=import_reset),
                     Side(f"cp -r backlog/ ({md_tasks:,} tasks)",
                          ["cp", "-r", str(md_src), str(md_copy)], is_backlog=False,
                          prepare=copy_reset),
                     None, "target ≤ 2 s"))
        # Against Backlog.md itself (optional): its `task list --plain` and `task ID --plain`
        # on the generated project, ours on the same tasks imported. Backlog.md rewrites task
        # files as it reads them, so each of its runs gets a fresh copy (outside the timing).
        bmd = backlog_md_binary(args.backlog_md)
        if bmd and (only is None or only & {"backlog-md-list", "backlog-md-show"}):
            listed_root = data_dir / "import-listed"
            if not (listed_root / "ranking.txt").exists() or \
                    not any((listed_root / "items").iterdir()):
                shutil.rmtree(listed_root, ignore_errors=True)
                listed_root.mkdir(parents=True)
                run_once([b, "--root", str(listed_root), "init"])
                run_once([b, "--root", str(listed_root), "import", "backlog-md", str(md_src)],
                         (0, 1))
            bmd_copy = data_dir / "backlog-md-copy"

            def bmd_reset():
                shutil.rmtree(bmd_copy, ignore_errors=True)
                shutil.copytree(md_src, bmd_copy)

            bmd_env = ["env", f"BACKLOG_CWD={bmd_copy}", str(bmd)]
            version = subprocess.run([str(bmd), "--version"], capture_output=True,
                                     text=True).stdout.strip()
            shown_id, task_id = an_imported_task(listed_root)
            plan += [
                ("backlog-md-list",
                 Side(f"backlog list --all ({md_tasks:,} imported tasks, cold)",
                      [b, "--root", str(listed_root), "list", "--all"],
                      prepare=no_index(listed_root)),
                 Side(f"Backlog.md {version} task list --plain (the same tasks)",
                      bmd_env + ["task", "list", "--plain"], is_backlog=False,
                      prepare=bmd_reset), None, "Backlog.md"),
                ("backlog-md-show",
                 Side(f"backlog show {shown_id} ({md_tasks:,} imported tasks)",
                      [b, "--root", str(listed_root), "show", shown_id]),
                 Side(f"Backlog.md {version} task <id> --plain (the same task)",
                      bmd_env + ["task", task_id, "--plain"],
                      is_backlog=False, prepare=bmd_reset), None, "Backlog.md"),
            ]
        elif only and only & {"backlog-md-list", "backlog-md-show"}:
            notes.append("Backlog.md is not installed: its rows were skipped (see "
                         "benches/README.md).")
        if only:
            known = {key for key, *_ in plan} | {"board", "lsp"}
            if only - known:
                print(f"error: unknown --only key(s): {', '.join(sorted(only - known))}; "
                      f"known: {', '.join(sorted(known))}", file=sys.stderr)
                return 2
            plan = [p for p in plan if p[0] in only]
        for key, a, bside, target, note in plan:
            print(f"  {a.label}", file=sys.stderr, flush=True)
            if key in ("show", "show-huge", "rank"):
                # show and rank find files from the names a lint leaves in the work-tree
                # index (issue 11); without them they list items/.
                for side in (a, bside):
                    root = Path(side.argv(0)[side.argv(0).index("--root") + 1])
                    run_once([b, "--root", str(root), "lint"], (0, 1))
            if note == "warm":
                # Warm: the cache a first run leaves in the git directory, if the build has one.
                gitdir.clean()
                run_once(a.argv(0), a.expect)
                added = gitdir.added()
                note = (f"cache: .git/{', .git/'.join(added)}" if added else "no cache yet")
            try:
                measure(a, bside, runs, warmup)
            finally:
                if key == "rank":
                    restore(big)
                    restore(small)
                if key == "rank-long":
                    restore(longr)
                if key in ("lint-warm", "list-warm"):
                    lint_undo()
            if bside is None and key in ("lint", "list"):
                note = "ripgrep not installed"
                target = None
            if key == "import":
                note = f"target ≤ 2 s: {'PASS' if a.median <= 2.0 else 'MISS'}"
            if note == "seconds":
                rows.append(Row(a.label, a, None, target, kind="seconds"))
                rows.append(Row(f"peak RSS, {a.label}", a.peak, None, 64, kind="memory"))
                continue
            rows.append(Row(a.label, a, bside, target, note))
        # The board: one self-contained page of the whole backlog (issue 14: ≤ 1 s, ≤ 10 MB).
        wanted = (lambda key: only is None or key in only)
        if wanted("board"):
            page = data_dir / f"board-{items}.html"
            board = Side(f"backlog board --out board.html ({n} items)",
                         [b, "--root", str(big), "board", "--out", str(page)])
            print(f"  {board.label}", file=sys.stderr, flush=True)
            listed = Side(f"backlog list --all --format json ({n} items)", lst(big))
            measure(board, listed, runs, warmup)
            rows.append(Row(board.label, board, listed, 1.0, kind="seconds"))
            rows.append(Row(f"board page size ({n} items)", page.stat().st_size, None, 10,
                            kind="bytes"))
        # Peak memory over every backlog run on the large backlog.
        at_big = [s for _, a, bside, _, _ in plan for s in (a, bside)
                  if s is not None and s.is_backlog and f"({n} items)" in s.label]
        if at_big:
            peak = max(s.peak for s in at_big)
            rows.append(Row(f"peak RSS, any backlog command on {n} items", peak, None, 64,
                            kind="memory"))
        if wanted("lsp"):
            # The language server: one keystroke in the large backlog to its diagnostics.
            print(f"  backlog lsp: didChange → publishDiagnostics ({n} items)", file=sys.stderr,
                  flush=True)
            keystrokes = 3 if smoke else 20
            got = lsp_bench.measure(binary, big, keystrokes, warmup=1 if smoke else 3)
            side = Side(f"backlog lsp: didChange → publishDiagnostics ({n} items)", [b, "lsp"])
            side.times = got["times"]
            side.cpu = [got["cpu"]] if got["cpu"] is not None else []
            side.rss = [got["rss"] or 0]
            rows.append(Row(side.label, side, None, 50,
                            f"{keystrokes} keystrokes, debounce 0 ms; first diagnostics "
                            f"{ms(got['first'])}", kind="latency"))
            rows.append(Row(f"peak RSS, backlog lsp on {n} items", got["rss"] or 0, None, 100,
                            kind="memory"))
        hist_peaks = [r.a.peak for r in rows
                      if r.kind == "ratio" and r.a.label.startswith(("backlog history", "backlog blame"))]
        if hist_peaks:
            notes.append(f"Peak RSS of history/blame over {commits:,} commits: "
                         f"{mib(max(hist_peaks))}.")
    except CommandFailed as e:
        failures.append(str(e))
    except (ValueError, KeyError, TypeError) as e:
        failures.append(f"unexpected output from a backlog command: {e!r}")

    machine = machine_facts(binary, rg, profile, revision)
    machine["backlog"] += f", sha256 {digest}"
    facts = {
        "runs": runs, "warmup": warmup, "binary": str(binary), "data_dir": str(data_dir),
        "data": [
            f"Backlogs of {items:,}, {scale_items:,} and {small_items:,} items "
            f"({big_facts['bytes'] / items / 1024:.1f} KiB per item on average, "
            f"{big_facts['ranked']:,} of {items:,} ranked), committed once; seed {args.seed}.",
            f"History repository: {repo_facts['commits']:,} commits "
            f"({repo_facts['ranking_commits']:,} change ranking.txt, "
            f"{repo_facts['item_commits']:,} edit item files), {repo_facts['items']:,} items, "
            f"{repo_facts['ranked']:,} ranked, {repo_facts['authors']} author identities "
            f"(one remapped by .mailmap); HEAD {repo_facts['head'][:12]}; "
            f"`history` is asked about {repo_facts['history_id']} "
            f"({repo_facts['history_id_moves']} moves).",
            f"Generated by benches/gen.py (generator v{gen.GENERATOR_VERSION}) into {data_dir}.",
        ],
    }
    busy = max(float(x) for x in START_LOAD.split() + [f"{os.getloadavg()[0]}"])
    if busy > 0.5 * (os.cpu_count() or 1):
        notes.append(f"The machine was busy (load average up to {busy:.1f} on "
                     f"{os.cpu_count()} cores): wall times are inflated and noisy; the CPU "
                     "columns are steadier.")
    notes.append("Cold: every run starts without backlog's history cache (whatever backlog adds "
                 "to the git directory is removed before each run, outside the timing). Warm: "
                 "the cache a first run left is in place; when the build has no cache, the "
                 "warm row measures the same thing as the cold one and says \"no cache yet\". "
                 "The OS page cache is warm after the warm-up run, for backlog and git alike.")
    notes.append("Ratios: backlog median ÷ baseline median. show/rank compare the large "
                 "backlog with the small one; the scaling rows compare the large one with "
                 "the one a quarter of its size.")

    if rows:
        print()
        print_table(rows)
        for r in rows:
            if r.kind == "ratio" and r.ratio is not None:
                print(f"{r.a.label}: {r.ratio:.2f}× {r.b.label} -> {r.status}")
        peaks = [r for r in rows if r.kind == "memory" and r.name.startswith("peak RSS, any")]
        print(f"peak RSS of backlog: {mib(peaks[0].a) if peaks else '?'}")
        for n_ in notes:
            print(f"note: {n_}")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(markdown(rows, facts, machine, notes + [f"FAILED: {f}" for f in failures],
                                argv))
        print(f"wrote {out}")
    for f in failures:
        print(f"error: {f}", file=sys.stderr)
    if failures:
        return 1
    if args.fail_on_miss and any(r.status == "MISS" for r in rows):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
