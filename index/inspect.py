"""What the indexer makes of a document, for a person to check before trusting its citations.

`inspect_text` parses a document's text as indexing does and reports its metadata with where
each field came from (header, title, body, symbol, file name, metadata = front matter or
sidecar), its paragraph map (number, kind, items, first words) and warnings: numbering gaps,
symbols that disagree, text before paragraph 1 that may be unnumbered paragraphs.
`inspect_record` gives the same view of an indexed document from what the index keeps. Pure.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from index.domain.doc_types import doc_type_of_title
from index.domain.errors import BadSymbol, QAError
from index.domain.model import Document
from index.domain.symbols import country_from_symbol, is_certain_type
from index.metadata import Metadata, apply_metadata
from index.parse import parse_document
from index.parse.own_symbol import own_symbols

FIELDS = ("symbol", "doc_type", "committee", "country_code", "state_party", "language", "date")
_FIRST_WORDS = 10
_LONG_LINE = 300  # characters: a header line this long reads as a paragraph, not a title


@dataclass(frozen=True)
class ParagraphEntry:
    """One paragraph in the map: its number as printed, kind, item letters, first words."""

    number: str
    kind: str
    items: tuple[str, ...]
    first_words: str

    def to_dict(self) -> dict:
        return {**dataclasses.asdict(self), "items": list(self.items)}


@dataclass(frozen=True)
class Inspection:
    """A document as the indexer reads it: fields, their sources, paragraphs, warnings."""

    source: str
    accepted: bool
    fields: dict
    sources: dict
    paragraphs: tuple[ParagraphEntry, ...] = ()
    warnings: tuple[str, ...] = ()
    error: str | None = None

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "accepted": self.accepted,
            "error": self.error,
            "fields": dict(self.fields),
            "sources": dict(self.sources),
            "paragraphs": [entry.to_dict() for entry in self.paragraphs],
            "warnings": list(self.warnings),
        }


def inspect_text(
    text: str, source: str, given: Metadata | None = None, named: Metadata | None = None
) -> Inspection:
    """Inspect a document's plain text; `given` is its front matter or sidecar, `named`
    what its file name says (index.metadata.from_filename)."""
    try:
        parsed = parse_document(text, source)
        document = apply_metadata(parsed, given, fallback=named)
    except QAError as error:
        return Inspection(source, False, {}, {}, warnings=(str(error),), error=str(error))
    header = _header(parsed)
    sources = _sources(parsed, document, header, given)
    warnings = [*_symbol_warnings(header, document, given, named), *_gaps(document)]
    warnings += _unnumbered(header)
    fields = {name: getattr(document, name) for name in FIELDS}
    return Inspection(source, True, fields, sources, _map(document), tuple(warnings))


def inspect_record(details: dict, source: str) -> Inspection:
    """The same view of an indexed document, from the details its index record keeps."""
    fields = {name: details.get(name) for name in FIELDS}
    entries = tuple(
        ParagraphEntry(
            paragraph.get("label") or str(paragraph["number"]),
            paragraph.get("kind", ""),
            tuple(item["letter"] for item in paragraph.get("items", ())),
            _first_words(paragraph.get("text", "")),
        )
        for paragraph in details.get("paragraphs", ())
    )
    sources = {name: "index" for name, value in fields.items() if value is not None}
    warnings = tuple(_gap_warnings([entry.number for entry in entries]))
    return Inspection(source, True, fields, sources, entries, warnings)


def _header(document: Document) -> str:
    return "\n".join(document.text[start:end] for start, end in document.header_spans)


def _sources(parsed: Document, document: Document, header: str, given: Metadata | None) -> dict:
    """Where each field of the final document came from."""
    overridden = given.to_dict() if given else {}
    sources = {}
    for name in FIELDS:
        value = getattr(document, name)
        if value is None:
            continue
        if name in overridden or (name == "state_party" and "country_code" in overridden):
            sources[name] = "metadata"
        elif getattr(parsed, name) != value:
            sources[name] = "file name" if name in ("symbol", "doc_type", "language") else "symbol"
        else:
            sources[name] = _text_source(name, parsed, header)
    return sources


def _text_source(name: str, parsed: Document, header: str) -> str:
    """Which part of the text gave a field the parser read."""
    if name == "symbol":
        return "header" if _stands_alone(parsed.symbol or "", header) else "title"
    if name == "doc_type":
        return _type_source(parsed, header)
    if name in ("committee", "country_code", "state_party"):
        from_symbol = parsed.symbol and (name == "committee" or country_from_symbol(parsed.symbol))
        return "symbol" if from_symbol else "header"
    return "body" if name == "language" else "header"


def _type_source(parsed: Document, header: str) -> str:
    try:
        certain = bool(parsed.symbol) and is_certain_type(parsed.symbol)
    except BadSymbol:
        certain = False
    return "symbol" if certain or doc_type_of_title(header) is None else "title"


def _stands_alone(symbol: str, header: str) -> bool:
    lines = [line for line in header.splitlines() if symbol and symbol in line.replace(" ", "")]
    return any(len(line.strip()) <= len(symbol) + 40 for line in lines)


def _symbol_warnings(
    header: str, document: Document, given: Metadata | None, named: Metadata | None
) -> list[str]:
    """Where header, file name and metadata name different symbols: which was kept."""
    said = {"header": (own_symbols(header) or [None])[0]}
    said["file name"] = named.symbol or named.co_symbol if named else None
    said["metadata"] = given.symbol if given else None
    kept = document.symbol
    return [
        f"the {where} says {symbol}, kept {kept or 'no symbol'}"
        for where, symbol in said.items()
        if symbol and symbol != kept and symbol != document.co_symbol
    ]


def _gaps(document: Document) -> list[str]:
    return _gap_warnings([paragraph.printed for paragraph in document.paragraphs])


def _gap_warnings(numbers: list[str]) -> list[str]:
    """A warning for each jump in the numbering ("paragraphs 3 to 23 are missing")."""
    warnings = []
    majors = [int(number.split(".")[0]) for number in numbers]
    for before, after in zip(majors, majors[1:], strict=False):
        if after > before + 1:
            missing = f"{before + 1}" if after == before + 2 else f"{before + 1} to {after - 1}"
            warnings.append(f"numbering gap: no paragraph {missing} (after {before})")
    return warnings


def _unnumbered(header: str) -> list[str]:
    long = [line for line in header.splitlines() if len(line.strip()) > _LONG_LINE]
    if not long:
        return []
    return [f"{len(long)} long line(s) before paragraph 1: unnumbered paragraphs not citable"]


def _map(document: Document) -> tuple[ParagraphEntry, ...]:
    holders = document.paragraphs or ()
    entries = [
        ParagraphEntry(p.printed, p.kind, tuple(i.letter for i in p.items), _first_words(p.text))
        for p in holders
    ]
    entries += [
        ParagraphEntry(
            str(r.paragraph), "recommendation", tuple(i.letter for i in r.items), r.title
        )
        for r in document.recommendations
    ]
    return tuple(entries)


def _first_words(text: str) -> str:
    words = text.split()
    return " ".join(words[:_FIRST_WORDS]) + (" ..." if len(words) > _FIRST_WORDS else "")
