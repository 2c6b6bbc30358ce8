"""Where a crawl's time goes: py-spy over one round of bench/throughput.py, per process.

Samples every process of one `bench/throughput.py --site SITE --repeat 1` round (the crawl
process with its reactor, its extraction workers, the bare spider) with py-spy, then prints
for each the seconds sampled (on a core or waiting for one: py-spy leaves out only idle
threads) and the functions holding the most samples, cumulative. py-spy is a measuring tool,
not a dependency of greenroom: `.venv/bin/pip install py-spy` first.

Reproduce: .venv/bin/python bench/crawl_profile.py [--site realpages] [--top 12]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RATE = 50  # samples a second
# frames every sample of a process holds (bootstrap, event loop, middleware plumbing)
PLUMBING = re.compile(
    r"bootstrap|spawn|process\.py|<module>|asyncio|defer\.py|asyncgen|python\.py:3|decorators"
    r"|spidermw|base\.py:67|BaseProcess|Popen|ProcessPool|crawler\.py|start_workers|_pool \("
    r"|callWith|context\.py|log\.py|reactor|fill_queue|depth\.py|bounds\.py"
    r"|middleware\.py:(88|94|127)|crawl_child|_bare \(|threading|socketserver|http/server"
)


def stacks(raw: str) -> list[tuple[str, list[str], int]]:
    """(pid, frames, samples) of py-spy's raw output (one collapsed stack a line)."""
    out = []
    for line in raw.splitlines():
        stack, n = line.rsplit(" ", 1)
        stack = re.sub(r'(process \d+):"[^"]*"', r"\1:", stack)  # a command line holds ';'
        frames = stack.split(";")
        last = max(i for i, f in enumerate(frames) if f.startswith("process "))
        out.append((frames[last].split(":")[0], frames[last + 1 :], int(n)))
    return out


def role(frames: str) -> str | None:
    if "main (throughput.py" in frames or "Replay.start" in frames:
        return "bench"
    if "_bare (throughput.py" in frames:
        return "bare spider"
    if "_process_worker" in frames:
        return "extraction worker"
    if "CrawlerProcess.start" in frames:
        return "crawl process (reactor)"
    return None


def summary(rows: list[tuple[str, list[str], int]], top: int) -> list[str]:
    roles: dict[str, str] = {}
    for pid, frames, _n in rows:
        found = role(";".join(frames))
        if found and (pid not in roles or found != "crawl process (reactor)"):
            roles[pid] = found
    samples: Counter = Counter()
    cumulative: dict[str, Counter] = defaultdict(Counter)
    for pid, frames, n in rows:
        if frames:
            samples[pid] += n
            for f in set(frames):
                cumulative[pid][f] += n
    lines = []
    for pid, n in samples.most_common():
        if n < 2 * RATE or roles.get(pid, "bench") == "bench":
            continue
        lines.append(f"{roles[pid]}: {n / RATE:.1f} s sampled")
        shown = [(f, c) for f, c in cumulative[pid].most_common() if not PLUMBING.search(f)]
        for f, c in shown[:top]:
            lines.append(
                f"  {100 * c / n:5.1f}%  {c / RATE:5.1f}s  {f.replace(str(ROOT) + '/', '')}"
            )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", default="realpages", choices=["demo", "realpages", "generated"])
    parser.add_argument("--top", type=int, default=12)
    args = parser.parse_args()
    spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if spy is None:
        sys.exit("py-spy is not installed: .venv/bin/pip install py-spy")
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "stacks.txt"
        bench = [sys.executable, str(ROOT / "bench" / "throughput.py"), "--site", args.site]
        done = subprocess.run(
            [spy, "record", "--subprocesses", "--rate", str(RATE), "--format", "raw"]
            + ["-o", str(raw), "--", *bench, "--repeat", "1"],
            capture_output=True,
            text=True,
            check=False,
        )
        print("\n".join(ln for ln in done.stdout.splitlines() if "round" in ln or "CPU" in ln))
        if not raw.exists():
            sys.exit(f"py-spy failed: {done.stderr.strip()[-300:]}")
        print("\n".join(summary(stacks(raw.read_text()), args.top)))
    print(f"reproduce: .venv/bin/python bench/crawl_profile.py --site {args.site}")


if __name__ == "__main__":
    main()
