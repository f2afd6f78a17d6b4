"""Where each State stands: the grade scale (qa/data/grades.toml) and the indexed follow-up
assessments as rows, counts, an SVG chart and an HTML table. Pure."""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import quote

from index.domain.errors import BadRequest
from index.domain.model import Chunk
from qa.reference import format_items

GROUPS = ("state_party", "committee", "paragraph", "theme")
# Language of the title shown for an assessment indexed in several languages: the first found.
TITLE_LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh")


@dataclass(frozen=True)
class Grade:
    """One letter of the follow-up scale: its short label, meaning, colour and shape."""

    letter: str
    label: str
    meaning: str
    colour: str
    text: str
    mark: str
    rank: int

    def to_dict(self) -> dict:
        return {"grade": self.letter, "label": self.label, "meaning": self.meaning}


@cache
def scale() -> dict[str, Grade]:
    """The grade scale by letter, in rank order."""
    table = tomllib.loads(resources.files("qa").joinpath("data/grades.toml").read_text("utf-8"))
    grades = [Grade(letter=letter, **fields) for letter, fields in table.items()]
    return {grade.letter: grade for grade in sorted(grades, key=lambda g: g.rank)}


def grade_of(letter: str | None) -> Grade | None:
    """The scale's grade for a letter; a sub-grade of CCPR's 2008-2017 scale ("B1", "C2") is
    its letter's; None when unknown."""
    letter = letter or ""
    return scale().get(letter) or scale().get(letter[:1])


def grade_meaning(letter: str | None) -> str:
    """'[C] not implemented: Reply or action not satisfactory: ...' (or '' when unknown)."""
    grade = grade_of(letter)
    return f"[{letter}] {grade.label}: {grade.meaning}" if grade else ""


@dataclass(frozen=True)
class GradeRow:
    """One graded assessment of a recommendation (its language versions counted once)."""

    state_party: str
    committee: str
    symbol: str
    paragraph: int
    items: tuple[str, ...]
    grade: str
    theme: str
    languages: tuple[str, ...]

    @property
    def permalink(self) -> str:
        """The paragraph page inside the app, with the sub-items to highlight."""
        items = f"?items={''.join(self.items)}" if self.items else ""
        return f"/p/{quote(self.symbol)}/{self.paragraph}{items}"

    def to_dict(self) -> dict:
        return {
            "state_party": self.state_party,
            "committee": self.committee,
            "symbol": self.symbol,
            "paragraph": self.paragraph,
            "items": list(self.items),
            "grade": self.grade,
            "label": scale()[self.grade].label if self.grade in scale() else None,
            "theme": self.theme,
            "languages": list(self.languages),
            "permalink": self.permalink,
        }


def grade_rows(assessments: list[Chunk]) -> list[GradeRow]:
    """The graded assessments, one row per (symbol, paragraph, items, grade), sorted."""
    groups: dict[tuple, list[Chunk]] = {}
    for chunk in assessments:
        if chunk.kind == "assessment" and chunk.grade and chunk.paragraph is not None:
            key = (chunk.symbol or "", chunk.paragraph, tuple(chunk.items), chunk.grade)
            groups.setdefault(key, []).append(chunk)
    rows = [_row(key, chunks) for key, chunks in groups.items()]
    return sorted(rows, key=lambda r: (r.state_party, r.symbol, r.paragraph, r.items, r.grade))


def _row(key: tuple, chunks: list[Chunk]) -> GradeRow:
    symbol, paragraph, items, grade = key
    order = {language: i for i, language in enumerate(TITLE_LANGUAGES)}
    shown = min(chunks, key=lambda c: order.get(c.language, len(order)))
    return GradeRow(
        state_party=shown.state_party or "",
        committee=shown.committee or "",
        symbol=symbol,
        paragraph=paragraph,
        items=items,
        grade=grade,
        theme=shown.title or "",
        languages=tuple(sorted({c.language for c in chunks})),
    )


def counts(rows: list[GradeRow], by: str) -> dict[str, Counter]:
    """Grades counted per value of `by` (one of GROUPS), e.g. {"Azerbaijan": {"C": 5, ...}}."""
    if by not in GROUPS:
        raise BadRequest(f"by must be one of {', '.join(GROUPS)}")
    table: dict[str, Counter] = {}
    for row in rows:
        value = _group_value(row, by)
        table.setdefault(value, Counter())[row.grade] += 1
    return dict(sorted(table.items()))


def _group_value(row: GradeRow, by: str) -> str:
    if by == "paragraph":
        return f"{row.symbol} para. {row.paragraph}"
    return getattr(row, by) or "unknown"


def grades_payload(rows: list[GradeRow]) -> dict:
    """The JSON of GET /api/grades and `qa grades --json`: scale, rows and counts by group."""
    return {
        "scale": [grade.to_dict() for grade in scale().values()],
        "assessments": [row.to_dict() for row in rows],
        "counts": {by: {k: dict(v) for k, v in counts(rows, by).items()} for by in GROUPS},
    }


def cite_label(row: GradeRow) -> str:
    """'CMW/C/AZE/CO/3, para. 36 (b)–(e) [C]' for a row."""
    items = f" {format_items(row.items)}" if row.items else ""
    return f"{row.symbol}, para. {row.paragraph}{items} [{row.grade}]"
