"""UN document symbols' committee and State, and the State helpers the parsers call.

The facts live elsewhere: States in index.states (index/data/states.toml with CLDR names),
committees in index.committees (index/data/committees.toml). This module keeps the names the
parsers use.
"""

from __future__ import annotations

import re

from index.committees import committee_from_symbol
from index.states import find_state, is_state, state_name

__all__ = [
    "SYMBOL_RE",
    "committee_from_symbol",
    "country_from_symbol",
    "country_name",
    "find_country",
    "parse_symbol",
]

SYMBOL_RE = re.compile(r"\b[A-Z][A-Z0-9.]*(?:/[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*)+")


def country_name(code: str, language: str = "en") -> str | None:
    """The name of an ISO3 code in `language` (English by default), or None if unknown."""
    return state_name(code.upper(), language)


def country_from_symbol(symbol: str) -> str | None:
    """The ISO3 code of the State a symbol names: "CMW/C/AZE/CO/3" -> "AZE"; None if none."""
    for part in symbol.strip().split("/")[1:]:
        if is_state(part):
            return part
    return None


def parse_symbol(symbol: str) -> tuple[str | None, str | None]:
    """(committee, ISO3 country code) of a UN symbol, each None when the symbol does not say."""
    return committee_from_symbol(symbol), country_from_symbol(symbol)


def find_country(text: str) -> str | None:
    """The ISO3 code of the first State named in `text` (any of the six languages), or None."""
    return find_state(text)
