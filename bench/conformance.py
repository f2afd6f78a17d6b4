"""How the indexing pipeline reads the conformance corpus: acceptance, paragraphs, metadata.

    python bench/conformance.py [--corpus DIR] [--json]

Each fixture of tests/data/conformance (or DIR, laid out the same way: files plus an
expected.json) goes through what the indexer does to a file: `index.ingest.read_document`,
`index.parse.parse_document`, then `index.metadata.apply_metadata` with the file name as the
fallback. The result is compared with the truth: accepted (of the documents that have numbered
paragraphs), paragraph numbers exact (the whole list, in order), sub-items exact, metadata
exact per field and in full, and whether `<symbol> para. <first paragraph>` would be cited from
this document (the reference parser reads that symbol and paragraph, the document carries the
symbol and has the paragraph). Prints a table and every failure with its reason.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout not installed with pip -e
    sys.path.insert(0, str(ROOT))

from index.domain.model import Document  # noqa: E402
from index.ingest import read_document  # noqa: E402
from index.metadata import apply_metadata, from_filename  # noqa: E402
from index.parse import parse_document  # noqa: E402
from qa.reference import parse_reference  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "conformance"
FIELDS = ("symbol", "doc_type", "committee", "state", "language")


def pipeline(path: Path) -> Document:
    """The document the indexer would store for this file (ParseError and others propagate)."""
    text, metadata = read_document(path)
    document = parse_document(text, path.name)
    return apply_metadata(document, metadata, fallback=from_filename(path))


def paragraphs_of(document: Document) -> list[str]:
    """Paragraph numbers as strings, in order (follow-up assessments: their recommendations)."""
    if document.paragraphs:
        return [paragraph.printed for paragraph in document.paragraphs]
    return [str(recommendation.paragraph) for recommendation in document.recommendations]


def items_of(document: Document) -> dict[str, list[str]]:
    """Top-level sub-item letters of each paragraph that has some."""
    holders = document.paragraphs or document.recommendations
    return {
        getattr(holder, "printed", str(getattr(holder, "paragraph", None))): [
            item.letter for item in holder.items
        ]
        for holder in holders
        if holder.items
    }


def metadata_of(document: Document) -> dict[str, str | None]:
    return {
        "symbol": document.symbol,
        "doc_type": document.doc_type,
        "committee": document.committee,
        "state": document.country_code,
        "language": document.language,
    }


def cites(document: Document, truth: dict, paragraphs: list[str]) -> bool:
    """Would `<symbol> para. <first>` resolve to this document's first paragraph?"""
    first = truth["paragraphs"][0]
    try:
        reference = parse_reference(f"{truth['symbol']} para. {first}")
    except Exception:
        return False
    return (
        reference.symbol == truth["symbol"]
        and str(reference.number) == first
        and document.symbol == truth["symbol"]
        and first in paragraphs
    )


def check(path: Path, truth: dict) -> dict:
    """One fixture's outcome: what the pipeline gave, what matched, and why not."""
    record: dict = {"file": path.name, "numbered": bool(truth["paragraphs"]), "failures": []}
    try:
        document = pipeline(path)
    except Exception as error:  # a refusal is an outcome to report, not a crash
        record.update(accepted=False, error=f"{type(error).__name__}: {error}"[:200])
        if record["numbered"]:
            record["failures"].append(f"refused: {record['error']}")
        return record
    got = metadata_of(document)
    paragraphs, items = paragraphs_of(document), items_of(document)
    record.update(
        accepted=True,
        paragraphs_exact=paragraphs == truth["paragraphs"],
        items_exact=items == truth["items"],
        fields={field: got[field] == truth[field] for field in FIELDS},
        cite=bool(truth["paragraphs"]) and cites(document, truth, paragraphs),
    )
    record["metadata_exact"] = all(record["fields"].values())
    if not record["numbered"]:
        record["failures"].append("accepted a text without numbered paragraphs")
    _explain(record, truth, got, paragraphs, items)
    return record


def _explain(record: dict, truth: dict, got: dict, paragraphs: list, items: dict) -> None:
    """Append a readable reason for each mismatch."""
    if truth["paragraphs"] and not record["paragraphs_exact"]:
        record["failures"].append(
            f"paragraphs {_short(paragraphs)} != {_short(truth['paragraphs'])}"
        )
    if truth["items"] and not record["items_exact"]:
        record["failures"].append(f"items {items} != {truth['items']}")
    for field in FIELDS:
        if not record["fields"][field]:
            record["failures"].append(f"{field} {got[field]!r} != {truth[field]!r}")
    if truth["paragraphs"] and not record["cite"]:
        record["failures"].append(f"cite '{truth['symbol']} para. {truth['paragraphs'][0]}' fails")


def _short(numbers: list[str]) -> str:
    return "[" + ", ".join(numbers[:8]) + (", ..." if len(numbers) > 8 else "") + "]"


def summarise(records: list[dict], truths: dict[str, dict]) -> dict:
    """The headline figures: counts and shares over the documents each figure concerns."""
    numbered = [r for r in records if r["numbered"]]
    accepted = [r for r in numbered if r["accepted"]]
    with_items = [r for r in numbered if truths[r["file"]]["items"]]
    every = [r for r in records if r["accepted"]]
    summary = {
        "documents": len(records),
        "accepted": _share(len(accepted), len(numbered)),
        "unnumbered_refused": _share(
            sum(not r["accepted"] for r in records if not r["numbered"]),
            sum(not r["numbered"] for r in records),
        ),
        "paragraphs_exact": _share(
            sum(r.get("paragraphs_exact", False) for r in numbered), len(numbered)
        ),
        "items_exact": _share(
            sum(r.get("items_exact", False) for r in with_items), len(with_items)
        ),
        "metadata_exact": _share(
            sum(r.get("metadata_exact", False) for r in records), len(records)
        ),
        "cite": _share(sum(r.get("cite", False) for r in numbered), len(numbered)),
        # a text without paragraph numbers is refused by design, so its metadata is never
        # read: this share is over the documents with numbered paragraphs
        "metadata_exact_numbered": _share(
            sum(r.get("metadata_exact", False) for r in numbered), len(numbered)
        ),
    }
    for field in FIELDS:  # refused documents count as wrong in every field
        right = sum(r["fields"][field] for r in every)
        summary[field] = _share(right, len(records))
    return summary


def _share(count: int, total: int) -> dict:
    return {"count": count, "of": total, "share": round(count / total, 3) if total else None}


def by_key(records: list[dict], truths: dict[str, dict], key: str) -> dict[str, dict]:
    """Metadata and paragraph exactness per language, committee or document type."""
    groups: dict[str, list[dict]] = {}
    for record in records:
        groups.setdefault(truths[record["file"]][key], []).append(record)
    return {
        name: {
            "documents": len(group),
            "paragraphs_exact": sum(r.get("paragraphs_exact", False) for r in group),
            "metadata_exact": sum(r.get("metadata_exact", False) for r in group),
        }
        for name, group in sorted(groups.items())
    }


def by_quirk(records: list[dict], truths: dict[str, dict]) -> dict[str, dict]:
    """For each quirk tag: how many fixtures show it and how many come out wholly right."""
    quirks: dict[str, dict] = {}
    for record in records:
        right = not record["failures"]
        for tag in truths[record["file"]]["quirks"]:
            counts = quirks.setdefault(tag, {"documents": 0, "right": 0})
            counts["documents"] += 1
            counts["right"] += right
    return dict(sorted(quirks.items()))


def render(summary: dict, records: list[dict], groups: dict[str, dict]) -> str:
    """A plain-text report: headline table, breakdowns, then every failure."""
    lines = [f"Conformance corpus: {summary['documents']} documents", ""]
    labels = {
        "accepted": "accepted (of those with numbered paragraphs)",
        "unnumbered_refused": "refused (of those without numbered paragraphs)",
        "paragraphs_exact": "paragraph numbers exact",
        "items_exact": "sub-items exact (of those with sub-items)",
        "metadata_exact": "metadata fully exact",
        **{field: f"  {field}" for field in FIELDS},
        "metadata_exact_numbered": "metadata fully exact (numbered documents)",
        "cite": "cite '<symbol> para. <first>' resolves",
    }
    for key, label in labels.items():
        figure = summary[key]
        share = "-" if figure["share"] is None else f"{figure['share']:.0%}"
        lines.append(f"{label:<50} {figure['count']:>3}/{figure['of']:<3} {share:>5}")
    for key, group in groups.items():
        if key == "quirk":
            lines += ["", "Quirks not yet handled: fixtures showing it, fixtures wholly right"]
            lines += [
                f"  {name:<40} {g['documents']:>3} {g['right']:>3}"
                for name, g in group.items()
                if g["right"] < g["documents"]
            ]
            continue
        lines += ["", f"By {key}: documents, paragraphs exact, metadata exact"]
        lines += [
            f"  {name:<28} {g['documents']:>3} {g['paragraphs_exact']:>3} {g['metadata_exact']:>3}"
            for name, g in group.items()
        ]
    lines += ["", "Failures"]
    for record in records:
        for failure in record["failures"]:
            lines.append(f"  {record['file']}: {failure}")
    return "\n".join(lines)


def run(corpus: Path) -> tuple[dict, list[dict], dict]:
    truths = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))["files"]
    records = [check(corpus / name, truth) for name, truth in sorted(truths.items())]
    groups = {key: by_key(records, truths, key) for key in ("language", "committee", "doc_type")}
    groups["quirk"] = by_quirk(records, truths)
    return summarise(records, truths), records, groups


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder with expected.json")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    args = parser.parse_args()
    summary, records, groups = run(args.corpus)
    if args.json:
        print(json.dumps({"summary": summary, "groups": groups, "records": records}, indent=1))
    else:
        print(render(summary, records, groups))


if __name__ == "__main__":
    main()
