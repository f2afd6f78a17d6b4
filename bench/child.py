"""Run a measurement in a process of its own, from the checkout: nothing else this process
does (imports, caches, threads) may disturb it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child_output(code: str, *args: str, stdin: str | None = None) -> str:
    """The last line a Python snippet prints, run in a fresh process from the checkout (a
    measurement that no other work of this process may disturb)."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]
