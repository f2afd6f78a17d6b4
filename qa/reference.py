"""Citation references ("CMW/C/AZE/CO/3 para. 36(b)", "第36段(b)项") parsed and formatted; pure."""

from __future__ import annotations

import re
from dataclasses import dataclass

from index.domain.errors import BadReference, EmptyQuestion

LETTERS = "abcdefghijklmnopqrstuvwxyz"

SYMBOL = re.compile(
    r"\b([A-Z]{2,8}(?:/[A-Z]{1,4})?/[A-Z0-9]{2,4}(?:/[A-Z]{1,6})+/\d+"
    r"(?:/(?:Add|Corr|Rev)\.\d+)*)",
    re.IGNORECASE,
)
_ITEM = r"[(（]\s*([a-z])\s*[)）]"
_RANGE = r"\s*(?:-|–|—|to|至|到|~)\s*"
_ITEMS = rf"((?:\s*(?:and|和|及|、|,|，|&|\+)?\s*{_ITEM}\s*项?(?:{_RANGE}{_ITEM}\s*项?)?)+)"
_PARA_WORDS = r"(?:paragraphs?|paras?\.?|pars?\.?|§§?|¶|paragraphe|párrafo|пункт|الفقرة)"
PARAGRAPH = re.compile(
    rf"(?:{_PARA_WORDS}\s*(\d{{1,3}})|第\s*(\d{{1,3}})\s*段)\s*{_ITEMS}?",
    re.IGNORECASE,
)
BARE = re.compile(rf"^\s*(\d{{1,3}})\s*{_ITEMS}?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Reference:
    """A paragraph reference: optional document symbol, paragraph number, sub-item letters."""

    paragraph: int
    items: tuple[str, ...] = ()
    symbol: str | None = None

    def to_dict(self) -> dict:
        return {"symbol": self.symbol, "paragraph": self.paragraph, "items": list(self.items)}

    def __str__(self) -> str:
        return format_citation(self.symbol, self.paragraph, self.items, None)


def parse_reference(text: str) -> Reference:
    """Parse a reference the user typed; raise BadReference when it names no paragraph."""
    if not text or not text.strip():
        raise EmptyQuestion("the reference is empty; try e.g. 'CMW/C/AZE/CO/3 para. 36(b)'")
    reference = find_reference(text)
    if reference is None:
        symbol = find_symbol(text)
        bare = BARE.match(SYMBOL.sub(" ", text))
        if bare:
            return Reference(int(bare.group(1)), parse_items(bare.group(2) or ""), symbol)
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
    paragraph = int(match.group(1) or match.group(2))
    symbol = find_symbol(text)
    return Reference(paragraph, parse_items(match.group(3) or ""), symbol)


def find_symbol(text: str) -> str | None:
    """The first UN document symbol in the text, upper-cased, or None."""
    match = SYMBOL.search(text)
    if not match:
        return None
    return re.sub(r"/(ADD|CORR|REV)\.", lambda m: f"/{m.group(1).title()}.", match.group(1).upper())


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
    symbol: str | None, paragraph: int | None, items, grade: str | None, kind: str | None = None
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
