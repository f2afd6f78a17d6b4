"""Document types (index/domain/data/doc_types.toml): the types, the symbol type codes that imply
them, the old series and session numbers that do, and the title phrases in the six UN
languages that name them."""

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

CO_SERIES: tuple[str, ...] = tuple(_TABLE["co_series"]["prefixes"])
"""Old series of concluding observations numbered by addendum: "CRC/C/15" (CRC/C/15/Add.183)."""

FOLLOW_UP_REPORTS: dict[str, tuple[str, ...]] = {
    code: tuple(numbers) for code, numbers in _TABLE["follow_up_reports"].items()
}
"""Committee -> the numbers of its session documents that report on follow-up (CCPR/C/128/3)."""

ANNUAL_REPORTS: dict[str, re.Pattern[str]] = {
    code: re.compile(rf"(?<![A-Z0-9/]){pattern}(?![0-9])")
    for code, pattern in _TABLE["annual_reports"].items()
}
"""Committee -> the pattern of its annual report's official-records symbol (A/77/44)."""

TITLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (doc_type, re.compile("|".join(_TABLE["titles"][doc_type].values()), re.I | re.M))
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


def annual_report_of(text: str) -> str | None:
    """The committee whose annual report's official-records symbol `text` carries, or None."""
    for code, pattern in ANNUAL_REPORTS.items():
        if pattern.search(text):
            return code
    return None
