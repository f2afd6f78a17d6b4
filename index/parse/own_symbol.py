"""Which symbol in a document's header is its own, and which committee a session document is.

A converted header carries the document's own symbol on a line of its own (perhaps glued to
"Distr.GENERAL" or to the date), or inside the title line of a web page ("..., Uzbekistan,
CAT/C/UZB/CO/3, 26 February 2008"); symbols in parentheses or in sentences name other
documents (the State party's report, the list of issues) and never win. Pure functions.
"""

from __future__ import annotations

import re

from index.domain.committees import committees_named
from index.domain.symbols import FoundSymbol, find_symbols

_LETTERS = re.compile(r"[^\W\d_]")
_ALONE_LETTERS = 24  # "Distr.GENERAL" and a month name beside the symbol, not a title
_REFERRING = re.compile(r"(?:see|voir|véase|см\.|انظر|见|参见)\s*$", re.I)


def own_symbols(header: str) -> list[str]:
    """The header's candidates for the document's own symbol, best first: those standing alone
    on their line, then those in a title outside parentheses. Empty when the header names
    only other documents."""
    alone, titled = [], []
    for line in header.splitlines():
        for found in find_symbols(line):
            if _stands_alone(line, found):
                alone.append(found.symbol)
            elif not _refers(line, found):
                titled.append(found.symbol)
    return list(dict.fromkeys(alone + titled))


def own_symbol(header: str) -> str | None:
    """The document's own symbol read in its header, or None."""
    candidates = own_symbols(header)
    return candidates[0] if candidates else None


def _stands_alone(line: str, found: FoundSymbol) -> bool:
    rest = line[: found.start] + line[found.end :]
    return len(_LETTERS.findall(rest)) <= _ALONE_LETTERS and "(" not in rest


def _refers(line: str, found: FoundSymbol) -> bool:
    """True for a symbol in parentheses or after "see": it names another document."""
    before, after = line[: found.start], line[found.end :]
    opened = before.count("(") + before.count("（") > before.count(")") + before.count("）")
    return opened or bool(_REFERRING.search(before)) or after.lstrip().startswith(")")


def session_committee(committee: str | None, header: str) -> str | None:
    """The committee of a document: the Subcommittee on Prevention of Torture when a CAT
    session document's header names it (its annual report is CAT/C/<session>/n)."""
    if committee == "CAT" and "SPT" in committees_named(header):
        return "SPT"
    return committee
