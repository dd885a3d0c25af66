"""A generated Backlog.md project for the import benchmark: N tasks with YAML frontmatter in
backlog/tasks (a tenth of them decimal subtasks, a third done in backlog/completed), labels,
priorities, ordinals, dependencies and acceptance criteria, as Backlog.md writes them."""

import random
from pathlib import Path

STATUSES = ["To Do", "In Progress", "Done"]


def make(root: Path, tasks: int, seed: int) -> dict:
    rng = random.Random(seed)
    backlog = root / "backlog"
    for sub in ("tasks", "completed", "drafts", "archive/tasks"):
        (backlog / sub).mkdir(parents=True, exist_ok=True)
    (backlog / "config.yml").write_text(
        'project_name: "Bench"\ndefault_status: "To Do"\n'
        'statuses: ["To Do", "In Progress", "Done"]\nlabels: []\ntask_prefix: "task"\n')
    total = 0
    for n in range(1, tasks + 1):
        sub = rng.random() < 0.1 and n > 10
        tid = f"task-{rng.randrange(1, n)}.{n}" if sub else f"task-{n}"
        done = rng.random() < 0.33
        status = "Done" if done else rng.choice(STATUSES[:2])
        labels = rng.sample(["ui", "api", "bug", "docs", "perf", "debt"], rng.randrange(0, 3))
        deps = [f"task-{rng.randrange(1, n)}"] if n > 1 and rng.random() < 0.2 else []
        title = f"Task number {n} about {rng.choice(['login', 'search', 'export', 'billing'])}"
        front = [
            "---",
            f"id: {tid}",
            f"title: {title}",
            f"status: {status}",
            "assignee:" + ("\n  - '@dev" + str(n % 7) + "'" if rng.random() < 0.5 else " []"),
            f"created_date: '2025-0{1 + n % 9}-1{n % 9} 10:00'",
            "labels:" + "".join(f"\n  - {l}" for l in labels) if labels else "labels: []",
            "dependencies:" + "".join(f"\n  - {d}" for d in deps) if deps else "dependencies: []",
        ]
        if rng.random() < 0.6:
            front.append(f"priority: {rng.choice(['high', 'medium', 'low'])}")
        if rng.random() < 0.3:
            front.append(f"ordinal: {rng.randrange(1000, 100000)}")
        front.append("---")
        criteria = "".join(f"- [{'x' if done else ' '}] #{i} Criterion {i} of task {n}\n"
                           for i in range(1, rng.randrange(2, 6)))
        body = (f"\n## Description\n\n<!-- SECTION:DESCRIPTION:BEGIN -->\n"
                f"{'Some words about the task. ' * rng.randrange(3, 30)}\n"
                f"<!-- SECTION:DESCRIPTION:END -->\n\n## Acceptance Criteria\n"
                f"<!-- AC:BEGIN -->\n{criteria}<!-- AC:END -->\n")
        folder = "completed" if done else "tasks"
        text = "\n".join(front) + "\n" + body
        name = f"{tid} - {title.replace(' ', '-')}.md"
        (backlog / folder / name).write_text(text)
        total += len(text)
    return {"tasks": tasks, "bytes": total}
