"""Citation references ("CMW/C/AZE/CO/3 para. 36(b)", "第36段(b)项") parsed and formatted; pure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.domain.errors import BadReference, BadSymbol, EmptyQuestion
from index.domain.symbols import parse_symbol

LETTERS = "abcdefghijklmnopqrstuvwxyz"

_NUMBERED = r"(?:SR\.\d+|(?:Add|Corr|Rev)\.\d+|\d+(?:[-–]\d+)?)"
_PART = rf"(?:{_NUMBERED}|[A-Z]{{1,6}})"
SYMBOL = re.compile(
    rf"(?<![\w/.])((?:E/C\.12|[A-Z]{{2,8}})(?:/{_PART})*?/{_NUMBERED}(?:/{_PART})*)(?![\w/])",
    re.IGNORECASE,
)
"""A UN symbol as typed: every treaty-body form (CMW/C/AZE/CO/3, CERD/C/CAN/CO/21-23,
E/C.12/GC/24, CCPR/C/135/D/2703/2015, CCPR/C/128/3, CAT/C/SR.1924, CRC/C/15/Add.183)."""
_NUMBER = r"(\d{1,3}(?:\.\d{1,2})?)"  # "36", or "2.1" in views and decisions
_ITEM = r"[(（]\s*([a-z])\s*[)）]"
_RANGE = r"\s*(?:-|–|—|to|至|到|~)\s*"
_ITEMS = rf"((?:\s*(?:and|和|及|、|,|，|&|\+)?\s*{_ITEM}\s*项?(?:{_RANGE}{_ITEM}\s*项?)?)+)"
_PARA_WORDS = r"(?:paragraphs?|paras?\.?|pars?\.?|§§?|¶|paragraphe|párrafo|пункт|الفقرة)"
PARAGRAPH = re.compile(
    rf"(?:{_PARA_WORDS}\s*{_NUMBER}(?!\d)|第\s*{_NUMBER}\s*段)\s*{_ITEMS}?",
    re.IGNORECASE,
)
BARE = re.compile(rf"^\s*{_NUMBER}\s*{_ITEMS}?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Reference:
    """A paragraph reference: optional document symbol, paragraph number, sub-item letters.

    A decimal paragraph ("2.1" in views and decisions) has `paragraph` 2 and `label` "2.1"."""

    paragraph: int
    items: tuple[str, ...] = ()
    symbol: str | None = None
    label: str = ""

    @property
    def number(self) -> int | str:
        """The paragraph as printed: 36, or "2.1"."""
        return self.label or self.paragraph

    def to_dict(self) -> dict:
        return {"symbol": self.symbol, "paragraph": self.number, "items": list(self.items)}

    def __str__(self) -> str:
        return format_citation(self.symbol, self.number, self.items, None)


def paragraph_reference(
    number: str, items: tuple[str, ...] = (), symbol: str | None = None
) -> Reference:
    """A Reference from a number as written: "36" or the decimal "2.1"."""
    major, _, minor = number.partition(".")
    return Reference(int(major), items, symbol, f"{int(major)}.{int(minor)}" if minor else "")


def parse_reference(text: str) -> Reference:
    """Parse a reference the user typed; raise BadReference when it names no paragraph."""
    if not text or not text.strip():
        raise EmptyQuestion("the reference is empty; try e.g. 'CMW/C/AZE/CO/3 para. 36(b)'")
    reference = find_reference(text)
    if reference is None:
        symbol = find_symbol(text)
        bare = BARE.match(SYMBOL.sub(" ", text))
        if bare:
            return paragraph_reference(bare.group(1), parse_items(bare.group(2) or ""), symbol)
        raise BadReference(
            f"cannot find a paragraph number in {text.strip()[:80]!r}; "
            "write it like 'CMW/C/AZE/CO/3 para. 36(b)', 'para 36', '36(b)' or '第36段(b)项'"
        )
    return reference


def find_reference(text: str) -> Reference | None:
    """The first explicit paragraph reference inside free text, or None."""
    match = PARAGRAPH.search(text)
    if not match:
        return None
    symbol = find_symbol(text)
    return paragraph_reference(
        match.group(1) or match.group(2), parse_items(match.group(3) or ""), symbol
    )


def find_symbol(text: str) -> str | None:
    """The first UN document symbol in the text, in its canonical spelling, or None."""
    match = SYMBOL.search(text)
    if not match:
        return None
    try:
        return parse_symbol(match.group(1)).text
    except BadSymbol:  # outside the grammar: kept as typed, so a look-up finds nothing
        return re.sub(
            r"/(ADD|CORR|REV)\.", lambda m: f"/{m.group(1).title()}.", match.group(1).upper()
        )


def parse_items(text: str) -> tuple[str, ...]:
    """Letters named in "(a) and (b)", "(b)-(e)", "(a)(c)": ranges expanded, order kept."""
    letters: list[str] = []
    pattern = re.compile(rf"{_ITEM}(?:{_RANGE}{_ITEM})?", re.IGNORECASE)
    for first, last in pattern.findall(text):
        first, last = first.lower(), (last or first).lower()
        span = LETTERS[LETTERS.index(first) : LETTERS.index(last) + 1] or first
        letters.extend(letter for letter in span if letter not in letters)
    return tuple(letters)


def format_items(items: tuple[str, ...] | list[str]) -> str:
    """'(b)–(e)' for a run of three or more consecutive letters, else '(a)(b)'."""
    parts, run = [], []
    for letter in items:
        if (
            run
            and letter in LETTERS
            and run[-1] in LETTERS
            and (LETTERS.index(letter) == LETTERS.index(run[-1]) + 1)
        ):
            run.append(letter)
            continue
        parts.append(_format_run(run))
        run = [letter]
    parts.append(_format_run(run))
    return "".join(parts)


def _format_run(run: list[str]) -> str:
    if len(run) >= 3:
        return f"({run[0]})–({run[-1]})"
    return "".join(f"({letter})" for letter in run)


def format_citation(
    symbol: str | None,
    paragraph: int | str | None,
    items,
    grade: str | None,
    kind: str | None = None,
) -> str:
    """E.g. 'CMW/C/AZE/CO/3, para. 36 (b)–(e) [C]'."""
    if paragraph is None:
        return (symbol or "unknown document") + (
            " (follow-up assessment)" if kind == "header" else ""
        )
    citation = f"{symbol}, para. {paragraph}" if symbol else f"para. {paragraph}"
    if items:
        citation += f" {format_items(tuple(items))}"
    if grade:
        citation += f" [{grade}]"
    if kind == "reply":
        citation += " (State party's reply)"
    return citation
