"""Text helpers the parsers share: length-preserving normalisation and language detection."""

from __future__ import annotations

import re
from dataclasses import dataclass

_FUNCTION_WORDS = {
    "fr": frozenset(
        "le les des du et est dans pour une au aux sur qui ce cette son ses par".split()
    ),
    "es": frozenset("el los las del y por para una con al se sobre su sus como".split()),
    "en": frozenset("the of and to that is for on with by as its this are".split()),
}


def detect_language(text: str) -> str:
    """The language: by script first (Arabic "ar", Cyrillic "ru", CJK "zh" when at least 30% of
    the letters), else French, Spanish or English by their commonest words ("en" on a tie)."""
    cjk = len(re.findall(r"[\u3400-\u9fff\uf900-\ufaff]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    arabic = len(re.findall(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]", text))
    cyrillic = len(re.findall(r"[\u0400-\u04ff]", text))
    letters = cjk + latin + arabic + cyrillic
    if arabic and arabic >= 0.3 * letters:
        return "ar"
    if cyrillic and cyrillic >= 0.3 * letters:
        return "ru"
    if cjk and cjk >= 0.3 * (cjk + latin):
        return "zh"
    words = re.findall(r"[^\W\d_]+", text.lower())
    scores = {
        language: sum(word in common for word in words)
        for language, common in _FUNCTION_WORDS.items()
    }
    best = max(scores, key=lambda language: (scores[language], language == "en"))
    return best if scores[best] > scores["en"] else "en"


# Length-preserving normalisation for matching only: slices always come from the original text.
NORMALISE = str.maketrans(
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９．（）－：\u00a0\u2007\u2009\u202f\u200b\ufeff\u3000\x0c",
    "012345678901234567890123456789.()-:" + " " * 8,
)


FULLWIDTH_LATIN = str.maketrans(
    {chr(code): chr(code - 0xFEE0) for code in range(0xFF21, 0xFF5B) if chr(code).isalpha()}
)


@dataclass(frozen=True)
class Line:
    """One non-blank line: offsets of its stripped text and that text (normalised if it was)."""

    start: int
    end: int
    text: str


def split_lines(text: str) -> list[Line]:
    """Every non-blank line of `text`, stripped, with its offsets."""
    lines = []
    for match in re.finditer(r"[^\n]+", text):
        stripped = match.group().strip()
        if stripped:
            start = match.start() + match.group().index(stripped[0])
            lines.append(Line(start, start + len(stripped), stripped))
    return lines
