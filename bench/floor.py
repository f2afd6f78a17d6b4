"""The embedding floor bench/load.py compares a server with, and CPU seconds a process has
used (from /proc): a cost that other work on a shared machine does not change, unlike
requests a second."""

from __future__ import annotations

import os
from pathlib import Path

from bench.child import child_output


def process_cpu_s(pid: int | None) -> float | None:
    """User + system CPU seconds of a running process (None when it is gone or unknown)."""
    if not pid:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    # utime and stime are the 14th and 15th fields; the text after ")" starts at the 3rd
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


EMBEDDING_FLOOR = """
import sys, threading, time
from index.embed import load_embedder
clients, seconds, batch = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
embedder = load_embedder()
embedder.embed_query("warm up")
cpu0 = time.process_time()
questions = [line.strip() for line in sys.stdin if line.strip()]
done = [0] * clients
def work(n):
    i, end = n, time.perf_counter() + seconds
    while time.perf_counter() < end:
        texts = [f"{questions[(i + j) % len(questions)]} #{i + j}" for j in range(batch)]
        if batch == 1:
            embedder.embed_query(texts[0])
        else:
            embedder._model.query([embedder._fit(t, True) for t in texts])
        i += clients * batch
        done[n] += batch
threads = [threading.Thread(target=work, args=(n,)) for n in range(clients)]
started = time.perf_counter()
for t in threads: t.start()
for t in threads: t.join()
print(sum(done) / (time.perf_counter() - started), 1000 * (time.process_time() - cpu0) / sum(done))
"""


def embedding_floor(
    clients: int, seconds: float, batch: int, questions: list[str]
) -> tuple[float, float]:
    """Distinct questions a second that the bundled embedder alone embeds on this machine
    (`clients` threads, one question a call or `batch` a call), in a process of its own, and
    its CPU milliseconds per question."""
    args = (str(clients), str(seconds), str(batch))
    rate, cpu_ms = child_output(EMBEDDING_FLOOR, *args, stdin="\n".join(questions)).split()
    return round(float(rate), 2), round(float(cpu_ms), 2)
