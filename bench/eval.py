"""Retrieval and answer quality on the development set (bench/eval_set.jsonl), per configuration.

    python bench/eval.py [--configs NAME ...] [--set SET] [--corpus PATH ...] [--json OUT]

Indexes the bundled seeds (or the `--corpus` files and folders) into one temporary data
directory per embedder and prefix setting (reused by every search mode), then, per
configuration, asks every question of the set:

* recall@1/3/5/10 and MRR@10 over the answerable questions that are not look-ups, searching
  with the question resolved as `ask` resolves it (follow-ups against their history, the
  question's own filters); recall@k is capped: found expected chunks / min(k, expected);
* paragraph accuracy: the top hit is on an expected paragraph;
* cite exactness for look-ups: `cite` returns exactly the indexed chunks the set expects;
* found accuracy of `ask`: found for answerable questions, not found for unanswerable ones;
* the share of shown quotes that occur verbatim in their hit's chunk text;

each overall, per language and per question type; then the answer threshold that maximises
found accuracy for each embedder, same-language and cross-language apart (docs/EVALUATION.md).

An expected chunk matches a hit when paragraph and kind are equal and, when the entry gives
`items`, `symbol` or `doc_type`, the chunk's equal them too (paragraph numbers repeat across
the documents of one reporting cycle); a hit matches when its chunk or one of the language
versions folded into it does. An entry no indexed chunk matches (a chunking another embedder's
window gives) is left out of that configuration's count.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from datetime import date
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout not installed with pip -e
    sys.path.insert(0, str(ROOT))

from index.domain.model import Chunk, Filters  # noqa: E402
from qa.calibration import (  # noqa: E402
    CROSS_LANGUAGE_THRESHOLDS,
    SAME_LANGUAGE_THRESHOLDS,
    THRESHOLDS,
    bar,
)
from qa.config import SENTENCE_WEIGHT, Settings  # noqa: E402
from qa.conversation import previous_question  # noqa: E402
from qa.engine import Engine  # noqa: E402
from qa.model import Hit  # noqa: E402
from qa.question import Question, analyze  # noqa: E402
from qa.question import filters as question_filters  # noqa: E402

EVAL_SET = ROOT / "bench" / "eval_set.jsonl"
# Questions on a reporting cycle: the seed beside these concluding observations, follow-up
# reply and list of issues (docs/EVALUATION.md, "Reporting cycle").
CYCLE_SET = ROOT / "bench" / "eval_cycle.jsonl"
CYCLE_FIXTURES = tuple(
    ROOT / "tests" / "data" / name for name in ("co_en.md", "fco_en.md", "loi_en.md")
)
CUTS = (1, 3, 5, 10)
E5, MINILM = "multilingual-e5-small", "all-MiniLM-L6-v2"


@dataclass(frozen=True)
class Config:
    """One way to retrieve: embedder, search mode, contextual prefixes, sentence weight."""

    name: str
    embedder: str
    mode: str
    prefix: bool = True
    sentence_weight: float = SENTENCE_WEIGHT


def _configs() -> dict[str, Config]:
    configs = [Config("bm25", E5, "keyword"), Config("bm25-noprefix", E5, "keyword", False)]
    for mode in ("dense", "hybrid"):
        for short, embedder in (("e5", E5), ("minilm", MINILM)):
            configs.append(Config(f"{mode}-{short}", embedder, mode))
            configs.append(Config(f"{mode}-{short}-noprefix", embedder, mode, False))
    configs.append(Config("hybrid-e5-sw0", E5, "hybrid", sentence_weight=0.0))
    return {config.name: config for config in configs}


CONFIGS = _configs()
DEFAULT_CONFIG = "hybrid-e5"


class ModeEngine(Engine):
    """An Engine whose searches (those `ask` makes included) run in one fixed mode."""

    def __init__(self, settings: Settings, mode: str, **dependencies):
        super().__init__(settings, **dependencies)
        self.mode = mode

    def search(self, question, *, k=None, filters=None, mode=None) -> list[Hit]:
        return super().search(question, k=k, filters=filters, mode=mode or self.mode)


class CachedEmbedder:
    """An embedder remembering its query vectors, shared by every configuration of one index
    (embedding the questions is most of an evaluation's time on a CPU)."""

    def __init__(self, embedder):
        self.embedder = embedder
        self.queries: dict[str, object] = {}

    def __getattr__(self, name: str):
        return getattr(self.embedder, name)

    def embed_query(self, text: str):
        if text not in self.queries:
            self.queries[text] = self.embedder.embed_query(text)
        return self.queries[text]


# The set


def load_questions(path: Path = EVAL_SET, split: str | None = None) -> list[dict]:
    """The evaluation questions, one JSON object a line (with `split`, that part only:
    "tune" or "test", as bench/dev/build.py marked them)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    return [row for row in rows if split is None or row.get("split") == split]


def answerable(row: dict) -> bool:
    return row.get("answerable", True) and bool(row.get("expected"))


DOCUMENT_KEYS = ("symbol", "doc_type", "state_party")


def matches(chunk: Chunk, entry: dict) -> bool:
    """The chunk is the expected one: same paragraph and kind, and items, symbol and document
    type when the entry gives them."""
    if not on_paragraph(chunk, entry) or chunk.kind != entry["kind"]:
        return False
    return "items" not in entry or tuple(chunk.items) == tuple(entry["items"])


def on_paragraph(chunk: Chunk, entry: dict) -> bool:
    """The chunk is on the entry's paragraph, of the entry's document when it names one."""
    if chunk.paragraph != entry.get("paragraph"):
        return False
    return all(getattr(chunk, key) == entry[key] for key in DOCUMENT_KEYS if key in entry)


def hit_matches(hit: Hit, entry: dict) -> bool:
    """The hit's chunk or one of the language versions folded into it is the expected one."""
    return any(matches(chunk, entry) for chunk in (hit.chunk, *hit.versions))


def present(entries: list[dict], chunks: list[Chunk]) -> list[dict]:
    """The expected entries some indexed chunk matches."""
    return [entry for entry in entries if any(matches(chunk, entry) for chunk in chunks)]


def resolve(row: dict) -> Question:
    """The question as `ask` understands it: a follow-up resolved against its history."""
    return analyze(row["question"], previous_question(row.get("history") or ()))


# Per question


def retrieve(engine: Engine, question: Question, k: int) -> list[Hit]:
    """Search as `ask` does: the question's filters; without the State when that finds nothing."""
    wanted = question_filters(question)
    hits = engine.search(question, k=k, filters=wanted)
    if not hits and wanted.state_party:
        hits = engine.search(question, k=k, filters=replace(wanted, state_party=None))
    return hits


def ranking_scores(hits: list[Hit], entries: list[dict]) -> dict:
    """Capped recall at each cut, reciprocal rank (within 10), top hit's paragraph correct."""
    ranks = [
        next((rank for rank, hit in enumerate(hits, 1) if hit_matches(hit, entry)), None)
        for entry in entries
    ]
    scores = {
        # capped at 1: one hit (its folded language versions) may match several entries
        f"recall@{cut}": min(1.0, sum(1 for r in ranks if r and r <= cut) / min(cut, len(entries)))
        for cut in CUTS
    }
    first = min((r for r in ranks if r), default=None)
    scores["mrr@10"] = 1 / first if first and first <= 10 else 0.0
    scores["paragraph@1"] = float(bool(hits) and _on_paragraph(hits[0], entries))
    return scores


def _on_paragraph(hit: Hit, entries: list[dict]) -> bool:
    chunks = (hit.chunk, *hit.versions)
    return any(on_paragraph(chunk, entry) for chunk in chunks for entry in entries)


def _label(chunk: Chunk) -> str:
    """A hit as the per-question records show it: symbol, paragraph, items, kind, language."""
    items = "".join(f"({item})" for item in chunk.items)
    return f"{chunk.symbol} {chunk.paragraph}{items} {chunk.kind} {chunk.language}"


def cite_exact(engine: Engine, row: dict, chunks: list[Chunk]) -> float:
    """1.0 when `cite` returns exactly the indexed chunks the look-up expects."""
    reference = resolve(row).reference
    if reference is None:
        return 0.0
    wanted = {c.chunk_id for c in chunks if any(matches(c, e) for e in row["expected"])}
    return float({hit.chunk.chunk_id for hit in engine.cite(reference)} == wanted)


def ask_outcome(engine: Engine, row: dict) -> dict:
    """Whether `ask` found an answer as it should, its quotes checked, the best similarity."""
    answer = engine.ask(row["question"], history=row.get("history") or ())
    chunks = {hit.chunk.chunk_id: hit.chunk for hit in answer.hits}
    quotes = [c for c in answer.citations if c.quote is not None]
    verified = [c for c in quotes if c.chunk_id in chunks and c.quote in chunks[c.chunk_id].text]
    question = answer.question
    outcome = {
        "found": answer.found,
        "closest": answer.closest,
        "found_ok": float(answer.found == answerable(row)),
        "quotes": len(quotes),
        "verified": len(verified),
        "thresholded": _thresholded(question),
        "similarity": _best_similarity(question, list(answer.hits)),
        "cross": bool(answer.hits) and answer.hits[0].matched_language != question.language,
        "passage_language": answer.hits[0].matched_language if answer.hits else None,
        "language": question.language,
        "bare_quotes": sum(1 for c in quotes if not _has_sentence(c.quote)),
    }
    if row.get("state") and row.get("indexed_state", True) and answer.found and answer.citations:
        first = answer.citations[0]
        outcome["wrong_state"] = float(chunks[first.chunk_id].state_party != row["state"])
    return outcome


def _has_sentence(quote: str) -> bool:
    """A quote with words in it, not a bare number or mark ("2.")."""
    return len(re.findall(r"[^\W\d_]", quote)) >= 3


def _thresholded(question: Question) -> bool:
    """`ask` compares this question's similarity with a threshold (not a look-up or a grade)."""
    lookup = question.is_lookup and question.reference is not None
    return not lookup and len(question.grades) != 1


def _best_similarity(question: Question, hits: list[Hit]) -> float | None:
    """The best dense similarity among the hits `ask` may answer from (qa.answer's usable hits:
    on the question's State, headers last)."""
    if question.state_party:
        hits = [hit for hit in hits if hit.chunk.state_party == question.state_party]
    hits = [hit for hit in hits if hit.chunk.kind != "header"] or hits
    similarities = [hit.similarity for hit in hits if hit.similarity is not None]
    return max(similarities) if similarities else None


def evaluate(engine: Engine, questions: list[dict], *, answers: bool = True) -> list[dict]:
    """One record per question: its labels and every score that applies to it (without
    `answers`, retrieval only: no `ask`, no look-ups)."""
    chunks = engine.store.get(Filters())
    records = []
    for row in questions:
        record = {key: row[key] for key in ("id", "language", "type")}
        record["answerable"] = answerable(row)
        if row["type"] == "lookup":
            if not answers:
                continue
            record["cite_exact"] = cite_exact(engine, row, chunks)
        elif record["answerable"]:
            entries = present(row["expected"], chunks)
            if not entries:
                raise ValueError(f"{row['id']}: no indexed chunk is one the question expects")
            hits = retrieve(engine, resolve(row), 10)
            record.update(ranking_scores(hits, entries))
            record["top"] = [_label(hit.chunk) for hit in hits[:5]]
        if answers:
            record.update(ask_outcome(engine, row))
        records.append(record)
    return records


# Summaries


METRICS = (*(f"recall@{cut}" for cut in CUTS), "mrr@10", "paragraph@1", "cite_exact", "found_ok")


def summarise(records: list[dict]) -> dict:
    """Mean of each metric over the records it applies to; the verified share of quotes."""
    summary = {}
    for metric in METRICS:
        values = [record[metric] for record in records if metric in record]
        summary[metric] = round(sum(values) / len(values), 3) if values else None
    quotes = sum(record.get("quotes", 0) for record in records)
    summary["quotes_verified"] = (
        round(sum(record.get("verified", 0) for record in records) / quotes, 3) if quotes else None
    )
    wrong = [record["wrong_state"] for record in records if "wrong_state" in record]
    summary["wrong_state"] = int(sum(wrong)) if wrong else 0
    summary["bare_quotes"] = sum(record.get("bare_quotes", 0) for record in records)
    answerable_rows = [r for r in records if r["answerable"] and "found" in r]
    unanswerable_rows = [r for r in records if not r["answerable"] and "found" in r]
    # three outcomes: found (an answer), the closest match (labelled, not an answer), not covered
    summary["not_covered"] = _share(answerable_rows, lambda r: not r["found"] and not r["closest"])
    summary["closest_answerable"] = _share(answerable_rows, lambda r: r["closest"])
    summary["answered_unanswerable"] = _share(unanswerable_rows, lambda r: r["found"])
    summary["closest_unanswerable"] = _share(unanswerable_rows, lambda r: r["closest"])
    summary["questions"] = len(records)
    return summary


def _share(rows: list[dict], test) -> float | None:
    """The share of `rows` passing `test`, to three decimals (None for no rows)."""
    return round(sum(1 for row in rows if test(row)) / len(rows), 3) if rows else None


def breakdown(records: list[dict], key: str) -> dict[str, dict]:
    """Summaries per value of `key` ("language" or "type")."""
    values = sorted({record[key] for record in records})
    return {value: summarise([r for r in records if r[key] == value]) for value in values}


def calibrate(records: list[dict]) -> dict[str, dict]:
    """Per same/cross-language group: found accuracy against the threshold, and the best one."""
    groups = {}
    for cross, group in ((False, "same"), (True, "cross")):
        rows = [r for r in records if r.get("thresholded") and r["cross"] == cross]
        if any(r["similarity"] is not None for r in rows):  # BM25 alone has no similarity
            groups[group] = _sweep(rows)
    return groups


def _sweep(rows: list[dict]) -> dict:
    """Accuracy at every cut between observed similarities; the chosen cut is the highest of
    those reaching the best accuracy: on a tie, refusing beats presenting an unrelated
    paragraph as the answer."""
    sims = sorted({r["similarity"] for r in rows if r["similarity"] is not None})
    cuts = [sims[0] - 0.01, *((a + b) / 2 for a, b in pairwise(sims)), sims[-1] + 0.01]
    scored = [(round(cut, 4), _accuracy(rows, cut)) for cut in cuts]
    best = max(accuracy for _, accuracy in scored)
    winners = [cut for cut, accuracy in scored if accuracy == best]
    chosen = winners[-1]
    return {
        "answerable": sum(r["answerable"] for r in rows),
        "unanswerable": sum(not r["answerable"] for r in rows),
        "best_threshold": chosen,
        "best_range": [winners[0], winners[-1]],
        "best_accuracy": best,
        "at_best": _rates(rows, chosen),
        "sweep": scored,
    }


def _accuracy(rows: list[dict], cut: float) -> float:
    right = sum(_found(r, cut) == r["answerable"] for r in rows)
    return round(right / len(rows), 3)


def _found(row: dict, cut: float) -> bool:
    return row["similarity"] is not None and row["similarity"] >= cut


def _rates(rows: list[dict], cut: float) -> dict:
    """Share of answerable questions answered and of unanswerable ones refused at `cut`."""
    good = [r for r in rows if r["answerable"]]
    bad = [r for r in rows if not r["answerable"]]
    return {
        "answered": round(sum(_found(r, cut) for r in good) / len(good), 3) if good else None,
        "refused": round(sum(not _found(r, cut) for r in bad) / len(bad), 3) if bad else None,
    }


# Running


def index_corpus(
    data_dir: Path, embedder: str, prefix: bool, corpus: list[Path] | None = None
) -> Engine:
    """An engine over `data_dir` holding the indexed corpus (default: the bundled seeds)."""
    settings = Settings.from_env(
        {"QA_DATA_DIR": str(data_dir)}, embedder=embedder, chunk_prefix=prefix
    )
    engine = Engine(settings)
    if corpus is None:
        engine.ensure_index(progress=False)
        return engine
    report = engine.index(corpus, progress=False)
    if report.failed:
        raise ValueError(f"could not index {report.failed}; check the --corpus paths")
    return engine


def engine_for(config: Config, base: Engine) -> ModeEngine:
    """An engine in the configuration's mode and sentence weight, sharing `base`'s index and
    query vectors."""
    if not isinstance(base.embedder, CachedEmbedder):
        base.__dict__["embedder"] = CachedEmbedder(base.embedder)
    settings = base.settings.with_(sentence_weight=config.sentence_weight)
    return ModeEngine(settings, config.mode, store=base.store, embedder=base.embedder)


def run_config(config: Config, base: Engine, questions: list[dict]) -> dict:
    """Every summary of one configuration, and its per-question records."""
    started = time.perf_counter()
    records = evaluate(engine_for(config, base), questions)
    return {
        "config": asdict(config),
        "overall": summarise(records),
        "by_language": breakdown(records, "language"),
        "by_type": breakdown(records, "type"),
        "calibration": calibrate(records),
        "seconds": round(time.perf_counter() - started, 1),
        "questions": records,
    }


def run(
    names: Iterable[str],
    questions: list[dict],
    workdir: Path,
    corpus: list[Path] | None = None,
) -> dict[str, dict]:
    """Run the named configurations over `corpus` (default: the seeds), indexing once per
    embedder and prefix setting."""
    bases: dict[tuple[str, bool], Engine] = {}
    results = {}
    for name in names:
        config = CONFIGS[name]
        key = (config.embedder, config.prefix)
        if key not in bases:
            folder = workdir / f"{config.embedder}-{'prefix' if config.prefix else 'noprefix'}"
            started = time.perf_counter()
            bases[key] = index_corpus(folder, *key, corpus)
            print(f"indexed {folder.name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
        results[name] = run_config(config, bases[key], questions)
        print(f"{name}: {results[name]['seconds']} s", file=sys.stderr)
    return results


# Reporting


def _cell(value) -> str:
    return "–" if value is None else f"{value:.3f}"


# Shown when some record has them: answers about another State than the one named (first
# citation), quotes without a sentence, answerable called "not covered" or shown only as the
# closest match, unanswerable answered or shown as the closest match.
EXTRA_COLUMNS = (
    "wrong_state",
    "bare_quotes",
    "not_covered",
    "closest_answerable",
    "answered_unanswerable",
    "closest_unanswerable",
)


def headline_table(results: dict[str, dict]) -> str:
    columns = [*METRICS, "quotes_verified", *EXTRA_COLUMNS]
    lines = [
        "| config | " + " | ".join(columns) + " |",
        "| --- |" + " ---: |" * len(columns),
    ]
    for name, result in results.items():
        cells = [_cell(result["overall"][column]) for column in columns]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def breakdown_table(results: dict[str, dict], metric: str) -> str:
    """One metric per language and per question type, a row per configuration."""
    first = next(iter(results.values()))
    groups = [("by_language", g) for g in first["by_language"]]
    groups += [("by_type", g) for g in first["by_type"]]
    lines = [
        f"| {metric} | " + " | ".join(g for _, g in groups) + " |",
        "| --- |" + " ---: |" * len(groups),
    ]
    for name, result in results.items():
        cells = [_cell(result[section][group][metric]) for section, group in groups]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def calibration_table(results: dict[str, dict]) -> str:
    lines = [
        "| config | group | answerable / unanswerable | threshold in use | accuracy in use "
        "| best threshold (range) | best accuracy | answered / refused at best |",
        "| --- | --- | --- | ---: | ---: | --- | ---: | --- |",
    ]
    for name, result in results.items():
        if result["config"]["mode"] == "keyword":
            continue
        embedder = result["config"]["embedder"]
        for group, sweep in result["calibration"].items():
            current = _in_use_label(embedder, group)
            accuracy = _accuracy_in_use(result["questions"], embedder, group)
            low, high = sweep["best_range"]
            rates = sweep["at_best"]
            lines.append(
                f"| {name} | {group} | {sweep['answerable']} / {sweep['unanswerable']} "
                f"| {current} | {_cell(accuracy)} | {sweep['best_threshold']} ({low}–{high}) "
                f"| {sweep['best_accuracy']:.3f} | {_cell(rates['answered'])} / "
                f"{_cell(rates['refused'])} |"
            )
    return "\n".join(lines)


def _cut_in_use(embedder: str, record: dict) -> float | None:
    """The answer bar the engine applies to a question (its language and its best passage's)."""
    if embedder not in THRESHOLDS:
        return None
    language = record.get("language") or "en"
    return bar(embedder, None, language, record.get("passage_language") or language).answer


def _in_use_label(embedder: str, group: str) -> str | None:
    if embedder not in THRESHOLDS:
        return None
    same, cross = THRESHOLDS[embedder]
    if group == "cross":
        special = CROSS_LANGUAGE_THRESHOLDS.get(embedder, {})
        return " / ".join(
            [*(f"{cut} with {lang}" for lang, cut in special.items()), f"{cross} other"]
        )
    special = SAME_LANGUAGE_THRESHOLDS.get(embedder, {})
    return " / ".join([*(f"{cut} {lang}" for lang, cut in special.items()), f"{same} other"])


def _accuracy_in_use(records: list[dict], embedder: str, group: str) -> float | None:
    rows = [r for r in records if r["thresholded"] and r["cross"] == (group == "cross")]
    if not rows or embedder not in THRESHOLDS:
        return None
    right = sum(_found(r, _cut_in_use(embedder, r)) == r["answerable"] for r in rows)
    return round(right / len(rows), 3)


def report(results: dict[str, dict]) -> str:
    """The markdown tables: headline, recall@5 and found accuracy broken down, calibration."""
    return "\n\n".join(
        [
            "## Headline\n\n" + headline_table(results),
            "## Recall@5 by language and type\n\n" + breakdown_table(results, "recall@5"),
            "## MRR@10 by language and type\n\n" + breakdown_table(results, "mrr@10"),
            "## Found accuracy by language and type\n\n" + breakdown_table(results, "found_ok"),
            "## Answer threshold\n\n" + calibration_table(results),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--configs",
        nargs="+",
        choices=list(CONFIGS),
        default=list(CONFIGS),
        metavar="NAME",
        help=f"configurations to run (default: all): {', '.join(CONFIGS)}",
    )
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("--set", type=Path, default=EVAL_SET, help="the evaluation set (JSONL)")
    parser.add_argument(
        "--split", choices=("tune", "test"), help="only this part of a set split in two"
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        nargs="+",
        metavar="PATH",
        help="files and folders to index (default: the bundled seeds), e.g. seeds "
        "tests/data/co_en.md tests/data/fco_en.md tests/data/loi_en.md",
    )
    args = parser.parse_args(argv)
    questions = load_questions(args.set, args.split)
    _check_corpus(args.corpus, parser)
    with tempfile.TemporaryDirectory(prefix="qa-eval-") as workdir:
        results = run(args.configs, questions, Path(workdir), args.corpus)
    print(report(results))
    if args.json:
        machine = f"{platform.machine()}, {platform.system()}, Python {platform.python_version()}"
        corpus = [str(path) for path in args.corpus] if args.corpus else ["seeds"]
        payload = {
            "date": date.today().isoformat(),
            "machine": machine,
            "set": str(args.set),
            "corpus": corpus,
            "configs": results,
        }
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


def _check_corpus(corpus: list[Path] | None, parser: argparse.ArgumentParser) -> None:
    missing = [str(path) for path in corpus or () if not path.exists()]
    if missing:
        parser.error(f"--corpus: no such file or folder: {', '.join(missing)}")


if __name__ == "__main__":
    sys.exit(main())
