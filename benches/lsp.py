#!/usr/bin/env python3
"""The language server's benchmark: one keystroke in a large backlog to its diagnostics.

    python3 benches/lsp.py --bin target/release/backlog --root target/bench-data/backlog-10000-s1

Starts `backlog lsp` in the backlog, initializes it with the debounce set to 0 ms (so the time
measured is the work after the debounce, not the wait), opens the item ranked first, and then
sends N `didChange` notifications, each a full new text of the buffer (one character more or
less in the body, as a keystroke makes), timing each from the write of the notification to the
arrival of its `publishDiagnostics`. Reports the median and the slowest, the time to the first
diagnostics after `initialized` (the whole backlog read and linted), the server's CPU time per
keystroke (user + system, from /proc: steadier than wall time on a busy machine) and its peak
resident memory (VmHWM from /proc) at the end. `benches/run.py` calls `measure` for its rows.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path


class Server:
    def __init__(self, binary, root):
        self.p = subprocess.Popen([str(binary), "lsp"], cwd=root, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 0

    def send(self, message):
        message = dict(message, jsonrpc="2.0")
        body = json.dumps(message).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise RuntimeError("backlog lsp closed its stdout")
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        return json.loads(self.p.stdout.read(length))

    def request(self, method, params):
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self.read()
            if message.get("id") == self.next_id and "method" not in message:
                return message

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def wait_publish(self, uri):
        while True:
            message = self.read()
            if (message.get("method") == "textDocument/publishDiagnostics"
                    and message["params"]["uri"] == uri):
                return message["params"]["diagnostics"]

    def peak_rss(self):
        try:
            for line in Path(f"/proc/{self.p.pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return None

    def cpu_seconds(self):
        """User + system CPU time of the server so far (None where /proc is missing)."""
        try:
            fields = Path(f"/proc/{self.p.pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return None

    def stop(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        code = self.p.wait(timeout=30)
        if code != 0:
            raise RuntimeError(f"backlog lsp exited {code} after shutdown")


def first_ranked_item(root):
    backlog = Path(root) / "backlog"
    for line in (backlog / "ranking.txt").read_text().splitlines():
        word = line.split("#")[0].strip()
        if word:
            found = sorted((backlog / "items").glob(f"{word}-*.md"))
            if found:
                return found[0]
    return sorted((backlog / "items").glob("*.md"))[0]


def measure(binary, root, keystrokes, warmup=2):
    """Times `keystrokes` edits (after `warmup` untimed ones) of the first ranked item of the
    backlog in `root`. Returns seconds per keystroke, the seconds to the first diagnostics,
    and the peak RSS in bytes (None where /proc is missing)."""
    root = Path(root).resolve()
    binary = Path(binary).resolve()
    item = first_ranked_item(root).resolve()
    uri = "file://" + str(item)
    text = item.read_text()
    server = Server(binary, root)
    try:
        server.request("initialize", {
            "processId": os.getpid(), "rootUri": None, "capabilities": {},
            "workspaceFolders": [{"uri": "file://" + str(root), "name": "bench"}],
            "initializationOptions": {"debounceMs": 0},
        })
        start = time.perf_counter()
        server.notify("initialized", {})
        server.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": "markdown", "version": 1, "text": text}})
        # The first publish for the item comes after the whole backlog was read and linted.
        server.wait_publish(uri)
        first = time.perf_counter() - start
        times = []
        cpu_start = None
        for k in range(warmup + keystrokes):
            if k == warmup:
                cpu_start = server.cpu_seconds()
            typed = text + ("x" * (k % 2 + 1))
            sent = time.perf_counter()
            server.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": k + 2},
                "contentChanges": [{"text": typed}]})
            server.wait_publish(uri)
            if k >= warmup:
                times.append(time.perf_counter() - sent)
        cpu_end = server.cpu_seconds()
        cpu = (None if cpu_start is None or cpu_end is None
               else (cpu_end - cpu_start) / max(1, keystrokes))
        rss = server.peak_rss()
        server.stop()
    finally:
        if server.p.poll() is None:
            server.p.kill()
            server.p.wait()
    return {"times": times, "first": first, "rss": rss, "item": item.name, "cpu": cpu}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", type=Path, required=True)
    ap.add_argument("--root", type=Path, required=True, help="a directory holding backlog/")
    ap.add_argument("--keystrokes", type=int, default=20)
    args = ap.parse_args()
    r = measure(args.bin, args.root, args.keystrokes)
    t = r["times"]
    print(f"item: {r['item']}")
    print(f"first diagnostics after initialized: {r['first'] * 1000:.1f} ms")
    print(f"keystroke to publishDiagnostics: median {statistics.median(t) * 1000:.1f} ms, "
          f"min {min(t) * 1000:.1f} ms, max {max(t) * 1000:.1f} ms over {len(t)}")
    if r["cpu"] is not None:
        print(f"server CPU time per keystroke (mean): {r['cpu'] * 1000:.1f} ms")
    if r["rss"] is not None:
        print(f"peak RSS: {r['rss'] / 1024 / 1024:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
