"""Which lines start numbered paragraphs: candidates read from each line, then one sequence.

A line may be read two ways: "2.1The author..." is paragraph 2.1 of views, "1.2016年..." is
paragraph 1 glued to a year, "2.12010年" is paragraph 2.1 glued to a year. Every reading
is a candidate; the sequence keeps the one that continues the numbering (decimal numbers
preferred in a document that plainly uses them). Numbers must run in sequence: a gap of up
to three is accepted when the skipped number never comes, a longer jump (an excerpt numbered
2, then 24, 25) only when the number's successor follows and the skipped one never comes.
Paragraphs numbered "1)" (some Arabic texts) never mix with "1." ones. Pure functions.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from index.parse.text import Line

_PLAIN = re.compile(r"^(\d{1,3})(?:\s*([.\-–)])\s*(?=[^\s.\-–)])|\s*([.\-–)])?\s*$)")
# the minor number ends at a non-digit, or before a glued four-digit year ("2.12010年")
_DECIMAL = re.compile(r"^(\d{1,3})\s*([.\-–])\s*(\d{1,2})(?=[^\d.]|\d{4}(?!\d)|$)")
_CLEAR_DECIMAL = re.compile(r"^\d{1,3}\s*[.\-–]\s*\d{1,2}\s?(?=[^\W\d_]|[«“\"(《（「])")
_SMALL_GAP = 3


class Start(NamedTuple):
    """A paragraph start: line index, number, and the minor number of a decimal "2.1"."""

    index: int
    number: int
    minor: int | None = None
    style: str = "."

    @property
    def label(self) -> str:
        """ "2.1" for a decimal paragraph, "" otherwise."""
        return f"{self.number}.{self.minor}" if self.minor is not None else ""

    @property
    def key(self) -> tuple[int, int]:
        return (self.number, self.minor or 0)


def candidates(lines: list[Line]) -> list[Start]:
    """Every reading of every line that could start a numbered paragraph, in line order."""
    found: list[Start] = []
    for index, line in enumerate(lines):
        decimal = _DECIMAL.match(line.text)
        if decimal:
            found.append(Start(index, int(decimal.group(1)), int(decimal.group(3)), "."))
        plain = _PLAIN.match(line.text)
        if not plain:
            continue
        if plain.end() == len(line.text) and not _opens_sentence(lines, index + 1):
            continue
        style = ")" if (plain.group(2) or plain.group(3)) == ")" else "."
        found.append(Start(index, int(plain.group(1)), None, style))
    return found


def _opens_sentence(lines: list[Line], index: int) -> bool:
    """True when the line at `index` exists and starts like a sentence: a capital, a CJK or
    Arabic letter, or an opening quote (not a number, a footnote mark or a lower-case word)."""
    if index >= len(lines):
        return False
    first = lines[index].text[0]
    return (first.isalpha() and not first.islower()) or first in "“\"'«„(（["


def paragraph_starts(lines: list[Line]) -> list[Start]:
    """The lines that start paragraphs, numbers in sequence (one reading per line)."""
    found = candidates(lines)
    decimal_mode = _uses_decimals(lines, found)
    position = _first(found, decimal_mode)
    if position is None:
        return []
    starts = [found[position]]
    for place in range(position + 1, len(found)):
        candidate = found[place]
        if candidate.index <= starts[-1].index or candidate.style != starts[0].style:
            continue
        if _continues(starts[-1], candidate, found[place + 1 :], decimal_mode, lines):
            starts.append(candidate)
    return starts


def _uses_decimals(lines: list[Line], found: list[Start]) -> bool:
    """True when two successive decimal paragraphs (1.1 and 1.2, or 2.1 and 2.2: views often
    open with a plain "1.") are plainly written as such."""
    clear = {c.key for c in found if c.minor and _CLEAR_DECIMAL.match(lines[c.index].text)}
    return any((number, minor + 1) in clear for number, minor in clear)


def _first(found: list[Start], decimal_mode: bool) -> int | None:
    """Position of the first paragraph: the first "1" (or "1.1"), else a number whose
    successor follows."""
    for wanted in ((1, 1), (1, 0)) if decimal_mode else ((1, 0),):
        for position, candidate in enumerate(found):
            if candidate.key == wanted and (wanted[1] or candidate.minor is None):
                return position
    plain = [(p, c) for p, c in enumerate(found) if c.minor is None]
    for position, candidate in plain:
        if any(c.number == candidate.number + 1 for _, c in plain if _ > position):
            return position
    return plain[0][0] if plain else None


def _continues(
    last: Start, candidate: Start, later: list[Start], decimal_mode: bool, lines: list[Line]
) -> bool:
    """True when `candidate` is the next paragraph after `last`."""
    if candidate.minor is not None and not decimal_mode:
        return False
    same_line = [c for c in later if c.index == candidate.index]
    if decimal_mode and candidate.minor is None and any(c.minor for c in same_line):
        return False  # the decimal reading of this line is tried next
    if candidate.minor is not None:
        return candidate.key in ((last.number, (last.minor or 0) + 1), (last.number + 1, 1))
    expected = last.number + 1
    if candidate.number == expected:
        return True
    numbers = {c.number for c in later if c.minor is None}
    if candidate.number <= expected or expected in numbers:
        return False
    small = candidate.number <= expected + _SMALL_GAP
    return small or (candidate.number + 1 in numbers and not _is_short(lines[candidate.index]))


def _is_short(line: Line) -> bool:
    """A numbered line too short to be a paragraph's opening (a numbered sub-title)."""
    return len(line.text) < 40 and line.text[-1] not in ".:;。：；"
