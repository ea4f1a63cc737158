"""The shared seed pages, scored by the shared scorer, through the real command."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

from conftest import REPO, SCORE_SEEDS


def test_seeds_all_fully_right(shared_seeds: Path) -> None:
    cmd = f"{shlex.quote(sys.executable)} -m cleaner --format json {{path}}"
    proc = subprocess.run(
        [sys.executable, str(SCORE_SEEDS), "--cmd", cmd, "--seeds", str(shared_seeds)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
    )
    report = proc.stdout + proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert proc.returncode == 0, f"score_seeds.py exited {proc.returncode}:\n{report}"
    assert lines, f"score_seeds.py printed nothing:\n{report}"
    n = len(list(shared_seeds.glob("*.txt")))
    assert n >= 5, f"expected the 5 seed pages, found {n} in {shared_seeds}"
    # "seeds: 5/5 fully right ..." today; n/n keeps the test right when seeds are added.
    assert lines[-1].startswith(f"seeds: {n}/{n}"), report
