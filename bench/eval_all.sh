#!/usr/bin/env bash
# The three standing evaluations of the default configuration, with their overall figures:
# (a) the seed set over the seed, (b) the same set over the reporting cycle, (c) the cycle set.
#   bash bench/eval_all.sh OUTDIR        (PY=path/to/python to choose the interpreter)
set -euo pipefail
PY=${PY:-.venv/bin/python}
OUT=${1:?usage: bench/eval_all.sh OUTDIR}
mkdir -p "$OUT"
CYCLE="seeds tests/data/co_en.md tests/data/fco_en.md tests/data/loi_en.md"
$PY bench/eval.py --configs hybrid-e5 --json "$OUT/a.json" > "$OUT/a.txt"
# shellcheck disable=SC2086
$PY bench/eval.py --configs hybrid-e5 --corpus $CYCLE --json "$OUT/b.json" > "$OUT/b.txt"
# shellcheck disable=SC2086
$PY bench/eval.py --configs hybrid-e5 --set bench/eval_cycle.jsonl --corpus $CYCLE \
    --json "$OUT/c.json" > "$OUT/c.txt"
for set in a b c; do
    $PY -c "import json, sys; print(sys.argv[1], json.load(open(sys.argv[2]))['configs']['hybrid-e5']['overall'])" \
        "$set" "$OUT/$set.json"
done
