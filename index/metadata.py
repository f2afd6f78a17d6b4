"""Document metadata from front matter, a sidecar file and the file name, applied to a Document.

Precedence, highest first: the sidecar (`<file>.meta.json`, `.meta.yaml` or `.meta.yml` next to
the document), the front matter (a leading `---` block of `key: value` lines in .md/.txt), what
the parser read in the text, and last what the file name says. Everything here is pure except
`read_sidecar`.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from index.domain.committees import committee_codes, committee_from_symbol
from index.domain.doc_types import DOC_TYPES
from index.domain.errors import BadSymbol, ParseError
from index.domain.model import Document, content_hash
from index.domain.states import code_of_name, is_state, state_name
from index.domain.symbols import (
    LANGUAGES,
    country_from_symbol,
    doc_type_for,
    filename_parts,
    is_follow_up_assessment_name,
    language_from_filename,
    parse_symbol,
)

SIDECAR_SUFFIXES = (".meta.json", ".meta.yaml", ".meta.yml")
FRONT_MATTER_SUFFIXES = (".md", ".markdown", ".txt")

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S | re.M)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Metadata:
    """Document fields given outside the text; None means "not given"."""

    symbol: str | None = None
    doc_type: str | None = None
    committee: str | None = None
    state_party: str | None = None
    country_code: str | None = None
    language: str | None = None
    date: str | None = None
    session: int | None = None
    co_symbol: str | None = None

    def to_dict(self) -> dict:
        """The fields that are given (None left out), in field order."""
        return {key: value for key, value in dataclasses.asdict(self).items() if value is not None}

    def is_empty(self) -> bool:
        return not self.to_dict()


KEYS = tuple(field.name for field in dataclasses.fields(Metadata))


# Values


def _text(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"expected a non-empty string, got {value!r}")
    return value.strip()


def _symbol(value: object) -> str:
    try:
        return parse_symbol(_text(value)).text
    except BadSymbol as e:
        raise ValueError(str(e)) from e


def _one_of(allowed, noun: str, normal):
    """A validator: the value normalised by `normal` must be one of `allowed`."""

    def check(value: object) -> str:
        text = normal(_text(value))
        if text not in allowed:
            raise ValueError(f"{value!r} is not {noun}; use one of: {', '.join(allowed)}")
        return text

    return check


_doc_type = _one_of(DOC_TYPES, "a document type", lambda t: t.lower().replace("_", " "))
_committee = _one_of(committee_codes(), "a committee", str.upper)
_language = _one_of(LANGUAGES, "a UN language", str.lower)


def _country_code(value: object) -> str:
    code = _text(value).upper()
    if not is_state(code):
        raise ValueError(
            f"{value!r} is not the ISO 3166 alpha-3 code of a State party (index/domain/states.py) "
            "(e.g. AZE, PRT)"
        )
    return code


def _date(value: object) -> str:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()  # YAML reads an unquoted 2023-06-09 as a date
    text = _text(value) if isinstance(value, str) else ""
    try:
        if _ISO_DATE.fullmatch(text):
            return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2023-06-09")


def _session(value: object) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{value!r} is not a session number; give a positive whole number")
    return value


_VALUES: dict[str, Callable[[object], object]] = {
    "symbol": _symbol,
    "doc_type": _doc_type,
    "committee": _committee,
    "state_party": _text,
    "country_code": _country_code,
    "language": _language,
    "date": _date,
    "session": _session,
    "co_symbol": _symbol,
}


def metadata_from_mapping(mapping: Mapping, source: str, where: str) -> Metadata:
    """Checked, normalised Metadata from `key: value` pairs; ParseError naming `source`,
    `where` ("front matter", the sidecar's name) and the key for an unknown key or bad value."""
    if not isinstance(mapping, Mapping):
        raise ParseError(
            source, f"{where}: expected 'key: value' pairs, got {type(mapping).__name__}"
        )
    values = {}
    for key, value in mapping.items():
        if key not in _VALUES:
            raise ParseError(source, f"{where}: unknown key {key!r}; known keys: {', '.join(KEYS)}")
        try:
            values[key] = _VALUES[key](value)
        except ValueError as e:
            raise ParseError(source, f"{where}: bad value for {key!r}: {e}") from e
    metadata = Metadata(**values)
    _check_agrees(metadata, source, where)
    return metadata


def _check_agrees(metadata: Metadata, source: str, where: str) -> None:
    """Refuse a symbol naming another committee or State than the fields beside it."""
    if metadata.symbol is None:
        return
    symbol = parse_symbol(metadata.symbol)
    for key, given, implied in (
        ("committee", metadata.committee, symbol.committee),
        ("country_code", metadata.country_code, symbol.country),
    ):
        if given and implied and given != implied:
            raise ParseError(
                source,
                f"{where}: {key!r} is {given} but symbol {symbol.text} says {implied}; "
                "correct one of them or leave the key out",
            )


# Sources of metadata


def split_front_matter(text: str, source: str = "") -> tuple[Metadata | None, str]:
    """(front matter's Metadata or None, the text after it) for a text starting with `---`."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return None, text
    try:
        mapping = yaml.safe_load(match.group(1))
    except yaml.YAMLError as e:
        problem = getattr(e, "problem", None) or type(e).__name__
        raise ParseError(
            source,
            f"front matter is not valid YAML ({problem}); write 'key: value' lines between "
            "the two '---' lines, or start the file with something other than '---'",
        ) from e
    body = text[match.end() :].lstrip("\n")
    if mapping is None:
        return None, body
    return metadata_from_mapping(mapping, source, "front matter"), body


def sidecar_paths(path: Path) -> tuple[Path, ...]:
    """Where a document's sidecar may be: `<name>.meta.json`, `.meta.yaml`, `.meta.yml`."""
    return tuple(path.with_name(path.name + suffix) for suffix in SIDECAR_SUFFIXES)


def is_sidecar(path: Path) -> bool:
    """True for a metadata sidecar file (*.meta.json, *.meta.yaml, *.meta.yml)."""
    return path.name.lower().endswith(SIDECAR_SUFFIXES)


def read_sidecar(path: Path) -> Metadata | None:
    """The metadata in the sidecar of the document at `path`, or None when it has none."""
    path = Path(path)
    found = [sidecar for sidecar in sidecar_paths(path) if sidecar.is_file()]
    if not found:
        return None
    if len(found) > 1:
        names = " and ".join(sidecar.name for sidecar in found)
        raise ParseError(path.name, f"two metadata sidecars, {names}; keep one")
    sidecar = found[0]
    try:
        raw = sidecar.read_text(encoding="utf-8-sig")
        mapping = json.loads(raw) if sidecar.suffix == ".json" else yaml.safe_load(raw)
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as e:
        raise ParseError(
            path.name,
            f"sidecar {sidecar.name} cannot be read ({type(e).__name__}: {e}); "
            "write it as UTF-8 JSON or YAML of 'key: value' pairs",
        ) from e
    if mapping is None:
        return None
    return metadata_from_mapping(mapping, path.name, f"sidecar {sidecar.name}")


def from_filename(path: Path | str) -> Metadata:
    """What a file name says: its symbol (the concluding observations' for a file tagged
    follow-up-assessment), the document type that symbol implies, and a language tag."""
    name = Path(path).name
    symbol, _ = filename_parts(name)
    language = language_from_filename(name)
    if symbol is None:
        return Metadata(language=language)
    if is_follow_up_assessment_name(name):
        return Metadata(co_symbol=symbol, doc_type="follow-up assessment", language=language)
    return Metadata(symbol=symbol, doc_type=doc_type_for(symbol), language=language)


def merge_metadata(*layers: Metadata | None) -> Metadata | None:
    """One Metadata from layers lowest first (each given field overrides); None if all empty."""
    values: dict = {}
    for layer in layers:
        if layer is not None:
            values.update(layer.to_dict())
    return Metadata(**values) if values else None


def document_hash(text: str, metadata: Metadata | None) -> str:
    """A document's identity: its text's hash, plus the metadata overriding it when there is any
    (so a change of front matter or sidecar re-indexes the document)."""
    if metadata is None or metadata.is_empty():
        return content_hash(text)
    fields = json.dumps(metadata.to_dict(), sort_keys=True, ensure_ascii=False)
    return content_hash(f"{text}\n\x00metadata\x00{fields}")


# Applying


def apply_metadata(
    document: Document, metadata: Metadata | None = None, *, fallback: Metadata | None = None
) -> Document:
    """`document` with `metadata` (front matter, sidecar) overriding what the text gave and
    `fallback` (the file name) filling what it left out; then committee, State and type from
    the symbol where still missing. Raises ParseError naming the document for a bad value."""
    fields: dict = {}
    if fallback is not None:
        fields.update(_missing(document, _checked(fallback, document.source, "file name")))
    if metadata is not None:
        fields.update(_overrides(_checked(metadata, document.source, "metadata")))
    document = dataclasses.replace(document, **fields)
    return dataclasses.replace(document, **_implied(document))


def _checked(metadata: Metadata, source: str, where: str) -> Metadata:
    """Metadata built in code is checked like metadata read from a file."""
    return metadata_from_mapping(metadata.to_dict(), source, where)


def _is_missing(document: Document, key: str) -> bool:
    value = getattr(document, key)
    return value is None or (key == "doc_type" and value == "document")


def _missing(document: Document, fallback: Metadata) -> dict:
    """The fallback's fields the document lacks; its symbol only if its type agrees."""
    fields = {k: v for k, v in fallback.to_dict().items() if _is_missing(document, k)}
    if document.doc_type not in ("document", fallback.doc_type):
        fields.pop("symbol", None)  # the name describes another kind of document than the text
    return fields


def _overrides(metadata: Metadata) -> dict:
    """The given fields, keeping State party and country code in step when one is given."""
    fields = metadata.to_dict()
    if metadata.state_party and not metadata.country_code:
        fields["country_code"] = code_of_name(metadata.state_party)
    if metadata.country_code and not metadata.state_party:
        fields["state_party"] = state_name(metadata.country_code)
    return fields


def _implied(document: Document) -> dict:
    """Committee, country, State party and type implied by the symbols, where still missing."""
    symbols = [symbol for symbol in (document.symbol, document.co_symbol) if symbol]
    fields: dict = {}
    committee = next(filter(None, map(committee_from_symbol, symbols)), None)
    if document.committee is None and committee:
        fields["committee"] = committee
    code = document.country_code
    if code is None and document.state_party is None:  # a State party named alone stays alone
        code = next(filter(None, map(country_from_symbol, symbols)), None)
        fields["country_code"] = code
    if document.state_party is None and code:
        fields["state_party"] = state_name(code)
    if document.doc_type == "document" and document.symbol:
        try:
            fields["doc_type"] = doc_type_for(document.symbol)
        except BadSymbol:
            pass  # a symbol outside the grammar says nothing about the type
    return fields
