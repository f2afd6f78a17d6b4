"""Grade and verdict intent of a question in the six languages: the grade letters asked for,
the implementation verdict named, whether it asks about grades at all; pure functions."""

from __future__ import annotations

import re

VERDICTS = ("not_implemented", "partially_implemented", "implemented")

# Phrases naming the Committee's verdict, checked in this order: "partially" and "not" first,
# because both contain the plain "implemented" phrase.
_VERDICT_PHRASES: dict[str, tuple[str, ...]] = {
    "partially_implemented": (
        r"partial(?:ly)?\s+implement",
        r"partly\s+implemented",
        r"implemented\s+(?:only\s+)?(?:partially|partly|in\s+part)",
        r"部分(?:得到)?(?:执行|落实|实施)",
        r"partiellement\s+(?:mise?s?\s+en\s+(?:œ|oe)uvre|appliquée?s?)",
        r"mise?s?\s+en\s+(?:œ|oe)uvre\s+partielle",
        r"parcialmente\s+(?:aplicad|implementad|cumplid)",
        r"(?:aplicad|implementad|cumplid)[oa]s?\s+parcialmente",
        r"aplicación\s+parcial",
        r"частично\s+(?:выполн|осуществл|реализ)",
        r"(?:выполн|осуществл|реализ)\w*\s+частично",
        r"جزئيا|جزئياً",
    ),
    "not_implemented": (
        r"\bnot\s+(?:yet\s+|been\s+|yet\s+been\s+|fully\s+)*implemented",
        r"\bunimplemented\b",
        r"\b(?:failed|fail|fails)\s+to\s+implement",
        r"(?:尚未|未|没有|未能|仍未)(?:得到)?(?:执行|落实|实施)",
        r"\bnon\s+(?:mise?s?\s+en\s+(?:œ|oe)uvre|appliquée?s?)",
        r"pas\s+(?:encore\s+)?(?:été\s+)?(?:mise?s?\s+en\s+(?:œ|oe)uvre|appliquée?s?)",
        r"\bno\s+(?:se\s+)?(?:ha\s+)?(?:sido\s+)?(?:aplicad|implementad|cumplid)",
        r"\bno\s+se\s+ha(?:n)?\s+(?:aplicado|implementado|cumplido)",
        r"\bне\s+(?:была\s+|был\s+|были\s+)?(?:выполн|осуществл|реализ)",
        r"لم\s+تنفذ|لم\s+تُنفَّذ|لم\s+يتم\s+تنفيذ",
    ),
    "implemented": (
        r"\b(?:fully|been|was|were|is|are|has|have)\s+(?:fully\s+)?implemented",
        r"(?:已|已经)(?:得到)?(?:全面)?(?:执行|落实|实施)",
        r"\bété\s+(?:pleinement\s+)?(?:mise?s?\s+en\s+(?:œ|oe)uvre|appliquée?s?)",
        r"\b(?:se\s+ha|ha\s+sido|han\s+sido)\s+(?:plenamente\s+)?(?:aplicad|implementad|cumplid)",
        r"\b(?:была\s+|был\s+|были\s+)?(?:полностью\s+)?(?:выполнен|осуществлен|реализован)",
        r"تم\s+تنفيذ|نُفِّذت|نفذت",
    ),
}
_VERDICT_RES = {
    verdict: re.compile("|".join(phrases), re.IGNORECASE)
    for verdict, phrases in _VERDICT_PHRASES.items()
}
# "was it implemented?" asks for the verdict; it does not ask for implemented recommendations.
_YES_NO = re.compile(
    r"\b(?:was|were|is|are|has|have|had|did)\s+(?:it|this|that|they|these|those|the\s+\w+)\b"
    r"|是否|吗|有没有|\best-(?:ce|il|elle)\b|a-t-(?:il|elle)\b|¿\s*(?:se\s+ha|ha\s+sido|fue)"
    r"|\bли\b|هل",
    re.IGNORECASE,
)

_GRADE_RUN = r"([A-F](?:\s*(?:,|and|or|/|&|和|或|、|et|y|и)\s*[A-F])*)"
_GRADE_PATTERNS = (
    re.compile(r"[\[【［]\s*([A-F])\s*[\]】］]"),
    re.compile(
        rf"\b(?:grades?|graded|rated|rating|note|calificaci[oó]n|оценк[аиуой]?)\s+"
        rf"(?:(?:of|an?|as|de|la|le)\s+)?[\"'“]?{_GRADE_RUN}\b",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?:received|receive|got|get|given|gave|earned|obtained)\s+(?:an?\s+)?([A-F])\b"),
    re.compile(r"([A-F])\s*(?:级|等)"),
    re.compile(r"(?:评级|等级|评为|评定为|评分)\s*(?:为|是)?\s*([A-F])"),
)
_ASKS_GRADE = re.compile(
    r"\bgrades?\b|\bgraded\b|\brat(?:ed|ing)\b|\bverdict\b|\bassess(?:ed|ment)\b"
    r"|\bimplemented\b|\bimplementation\b|评级|等级|几级|评价|评估|执行|落实"
    r"|\bnote\b|évaluation|mise en (?:œ|oe)uvre|calificaci[oó]n|evaluaci[oó]n|aplicad|оценк|выполн"
    r"|تقييم|تنفيذ",
    re.IGNORECASE,
)


def asks_grade(text: str, grades: tuple[str, ...] | None = None, verdict=None) -> bool:
    """Whether `text` asks about the Committee's grade, verdict or implementation."""
    if grades is None:
        grades, verdict = find_grades(text), find_verdict(text)
    return bool(grades or verdict or _ASKS_GRADE.search(text))


def find_grades(text: str) -> tuple[str, ...]:
    """Grade letters explicitly asked for: "[C]", "grade C", "graded B", "grades B and C", "C级"."""
    grades: list[str] = []
    for pattern in _GRADE_PATTERNS:
        for match in pattern.finditer(text):
            for letter in re.findall(r"(?<![A-Za-z])[A-Fa-f](?![A-Za-z])", match.group(1)):
                if letter == "a":  # the English article, not grade A
                    continue
                if letter.upper() not in grades:
                    grades.append(letter.upper())
    return tuple(grades)


def find_verdict(text: str) -> str | None:
    """The verdict a question asks about; "was it implemented?" asks, it does not filter."""
    verdict = match_verdict(text)
    if verdict == "implemented" and _YES_NO.search(text):
        return None
    return verdict


def match_verdict(text: str) -> str | None:
    """The implementation verdict a phrase names (zh/en/fr/es/ru/ar), or None."""
    for verdict in VERDICTS[:2]:
        if _VERDICT_RES[verdict].search(text):
            return verdict
    return "implemented" if _VERDICT_RES["implemented"].search(text) else None
