"""Document types (index/domain/data/doc_types.toml): the types, the symbol type codes that imply
them, and the title phrases in the six UN languages that name them."""

from __future__ import annotations

import re
import tomllib
from importlib import resources


def _table() -> dict:
    return tomllib.loads(
        resources.files("index.domain").joinpath("data/doc_types.toml").read_text("utf-8")
    )


_TABLE = _table()

DOC_TYPES: tuple[str, ...] = tuple(_TABLE["types"])
"""Document types; "document" is numbered text of no recognised type."""

TYPE_CODES: dict[str, str] = dict(_TABLE["codes"])
"""Symbol type code -> document type: "CO" -> "concluding observations"."""

TITLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (doc_type, re.compile("|".join(_TABLE["titles"][doc_type].values()), re.I))
    for doc_type in _TABLE["title_order"]
)
"""(document type, pattern of its titles in the six languages), the more specific first."""


def doc_type_of_title(text: str) -> str | None:
    """The document type the first matching title phrase names ("Observations finales ..." ->
    "concluding observations"), or None."""
    for doc_type, pattern in TITLE_PATTERNS:
        if pattern.search(text):
            return doc_type
    return None
