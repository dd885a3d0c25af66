#!/usr/bin/env python3
"""The memory bomb of issue 19: a pull request of COMMITS commits, each holding a SIZE MiB
ranking.txt, then `backlog lint --since BASE`. Prints the exit code, wall time and peak RSS
(GNU time). Not a test: it writes gigabytes of text through git.

    python3 benches/bomb.py --bin target/release/backlog [--commits 20] [--mib 200]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time


def git(*args, cwd, **kw):
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL="/dev/null",
               GIT_AUTHOR_NAME="Mallory", GIT_AUTHOR_EMAIL="m@x.example",
               GIT_COMMITTER_NAME="Mallory", GIT_COMMITTER_EMAIL="m@x.example")
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, **kw)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--commits", type=int, default=20)
    ap.add_argument("--mib", type=int, default=200)
    ap.add_argument("--dir", default=None)
    args = ap.parse_args()
    root = args.dir or tempfile.mkdtemp(prefix="backlog-bomb-")
    git("init", "-q", "-b", "main", cwd=root)
    subprocess.run([args.bin, "init"], cwd=root, check=True, capture_output=True)
    with open(os.path.join(root, "backlog/ranking.txt"), "w") as f:
        f.write("MS-1\nMS-2\n")
    git("add", "-A", cwd=root)
    git("commit", "-q", "-m", "base", cwd=root)
    base = git("rev-parse", "HEAD", cwd=root, capture_output=True, text=True).stdout.strip()
    line = b"MS-1 # " + b"A" * 1000 + b"\n"
    for i in range(args.commits):
        path = os.path.join(root, "backlog/ranking.txt")
        with open(path, "wb") as f:
            f.write(b"MS-2 # version %d\n" % i)
            chunk = line * 1024
            for _ in range(args.mib * 1024 * 1024 // len(chunk)):
                f.write(chunk)
        git("add", "-A", cwd=root)
        git("commit", "-q", "-m", f"huge {i}", cwd=root)
    with open(os.path.join(root, "backlog/ranking.txt"), "w") as f:
        f.write("MS-2\nMS-1\n")
    git("add", "-A", cwd=root)
    git("commit", "-q", "-m", "normal again", cwd=root)
    size = subprocess.run(["du", "-sh", os.path.join(root, ".git")], capture_output=True,
                          text=True).stdout.split()[0]
    start = time.monotonic()
    run = subprocess.run(["/usr/bin/time", "-f", "%M", args.bin, "lint", "--since", base],
                         cwd=root, capture_output=True, text=True)
    wall = time.monotonic() - start
    peak_kib = int(run.stderr.strip().splitlines()[-1])
    notes = [l for l in run.stderr.splitlines() if "cap" in l]
    print(f"{args.commits} x {args.mib} MiB (.git {size}): lint --since exit {run.returncode}, "
          f"{wall:.2f} s, peak RSS {peak_kib / 1024:.1f} MiB, {len(notes)} cap notes, "
          f"stdout {len(run.stdout)} bytes")
    for l in notes[:2]:
        print("  " + l)


if __name__ == "__main__":
    sys.exit(main())
