"""Numbers, dates and sessions as committee documents write them, in the six languages."""

from __future__ import annotations

import re

from index.parse.text import NORMALISE

MONTHS = {
    name: number
    for number, name in enumerate(
        (
            "january february march april may june july august september october november december"
        ).split(),
        start=1,
    )
}


_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"


_DATE_EN = re.compile(rf"(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})", re.I)


_DATE_ZH = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")


_RANGE_EN = re.compile(
    rf"(\d{{1,2}})(?:\s+{_MONTH})?(?:\s+(\d{{4}}))?\s*(?:-|–|—|to)\s*"
    rf"(\d{{1,2}})\s+{_MONTH}\s+(\d{{4}})",
    re.I,
)


_RANGE_ZH = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:至|到|-|–|—)\s*"
    r"(?:(\d{4})\s*年\s*)?(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日"
)


_SESSION_ZH = re.compile(r"第\s*([零〇一二两三四五六七八九十百\d]+)\s*届会议")


_SESSION_EN = re.compile(r"\b([a-z]+(?:[- ][a-z]+)?|\d+(?:st|nd|rd|th))\s+session", re.I)


_CHINESE_DIGITS = dict(
    zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True)
)


_CHINESE_UNITS = {"十": 10, "百": 100}


_ORDINAL_UNITS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"
    " thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
).split()


_CARDINAL_UNITS = "one two three four five six seven eight nine".split()


_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


_ORDINAL_WORDS = {
    **{word: number for number, word in enumerate(_ORDINAL_UNITS, start=1)},
    **{word: number for number, word in enumerate(_CARDINAL_UNITS, start=1)},
    **{word: 10 * number for number, word in enumerate(_TENS, start=2)},
    **{word[:-1] + "ieth": 10 * number for number, word in enumerate(_TENS, start=2)},
}


def chinese_numeral(numeral: str) -> int:
    """Value of a Chinese (or Arabic) numeral: "三十三" -> 33, "十五" -> 15, "一百零五" -> 105."""
    if numeral.isdigit() and numeral.isascii():
        return int(numeral)
    total, current = 0, 0
    for char in numeral:
        if char in _CHINESE_UNITS:
            total += (current or 1) * _CHINESE_UNITS[char]
            current = 0
        elif char in _CHINESE_DIGITS:
            current = _CHINESE_DIGITS[char]
        else:
            raise ValueError(f"not a Chinese numeral: {numeral!r}")
    return total + current


def english_ordinal(ordinal: str) -> int:
    """Value of an English ordinal: "thirty-third" -> 33, "first" -> 1, "33rd" -> 33."""
    digits = re.fullmatch(r"(\d+)(?:st|nd|rd|th)?", ordinal.strip())
    if digits:
        return int(digits.group(1))
    total = 0
    for word in re.split(r"[-\s]+", ordinal.strip().lower()):
        if word in ("hundred", "hundredth"):
            total = (total or 1) * 100
        elif word in _ORDINAL_WORDS:
            total += _ORDINAL_WORDS[word]
        elif word != "and":
            raise ValueError(f"not an English ordinal: {ordinal!r}")
    return total


def session_number(text: str) -> int | None:
    """The session number named in `text` ("第三十三届会议", "thirty-third session"), or None."""
    chinese = _SESSION_ZH.search(text)
    if chinese:
        return chinese_numeral(chinese.group(1))
    for english in _SESSION_EN.finditer(text):
        for start in range(len(english.group(1).split())):
            words = " ".join(english.group(1).split()[start:])
            try:
                return english_ordinal(words)
            except ValueError:
                continue
    return None


def _iso(year: str | int, month: str | int, day: str | int) -> str:
    """ISO date from parts; the month may be an English name."""
    if isinstance(month, str) and not month.isdigit():
        month = MONTHS[month.lower()]
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"


def parse_date(text: str) -> str | None:
    """The first date in `text` ("2 March 2026", "2021年10月8日") as ISO, or None."""
    found = [match for match in (_DATE_EN.search(text), _DATE_ZH.search(text)) if match]
    if not found:
        return None
    match = min(found, key=lambda match: match.start())
    if match.re is _DATE_ZH:
        return _iso(*match.groups())
    day, month, year = match.groups()
    return _iso(year, month, day)


def parse_date_range(text: str) -> tuple[str, str] | None:
    """A date range ("2024年12月2日至13日", "3–14 April 2023") as two ISO dates, or None."""
    chinese = _RANGE_ZH.search(text)
    if chinese:
        year, month, day, end_year, end_month, end_day = chinese.groups()
        return _iso(year, month, day), _iso(end_year or year, end_month or month, end_day)
    english = _RANGE_EN.search(text)
    if english:
        day, month, year, end_day, end_month, end_year = english.groups()
        return _iso(year or end_year, month or end_month, day), _iso(end_year, end_month, end_day)
    return None


_MONTHS_OTHER = {
    **dict.fromkeys(("janvier", "enero", "января", "يناير"), 1),
    **dict.fromkeys(("février", "fevrier", "febrero", "февраля", "فبراير"), 2),
    **dict.fromkeys(("mars", "marzo", "марта", "مارس"), 3),
    **dict.fromkeys(("avril", "abril", "апреля", "أبريل", "ابريل"), 4),
    **dict.fromkeys(("mai", "mayo", "мая", "مايو"), 5),
    **dict.fromkeys(("juin", "junio", "июня", "يونيه", "يونيو"), 6),
    **dict.fromkeys(("juillet", "julio", "июля", "يوليه", "يوليو"), 7),
    **dict.fromkeys(("août", "aout", "agosto", "августа", "أغسطس"), 8),
    **dict.fromkeys(("septembre", "septiembre", "setiembre", "сентября", "سبتمبر"), 9),
    **dict.fromkeys(("octobre", "octubre", "октября", "أكتوبر"), 10),
    **dict.fromkeys(("novembre", "noviembre", "ноября", "نوفمبر"), 11),
    **dict.fromkeys(("décembre", "decembre", "diciembre", "декабря", "ديسمبر"), 12),
}


_DATE_OTHER = re.compile(
    r"(\d{1,2})(?:er)?\s+(?:de\s+)?(?:[\u0621-\u064a ]+/)?("
    + "|".join(sorted(_MONTHS_OTHER, key=len, reverse=True))
    + r")\s+(?:de\s+)?(\d{4})",
    re.I,
)


_SESSION_OTHER = re.compile(
    r"(\d{1,3})\s*(?:e|ème|er|º|°|o|ª|-?й|-?я)?\s*(?:session|período de sesiones|сесси[ия])"
    r"|(?:الدورة|دورتها)\s*(\d{1,3})",
    re.I,
)


def date_of(text: str) -> str | None:
    """The first date in `text` in any of the six languages, as ISO, or None."""
    text = text.translate(NORMALISE)
    other = _DATE_OTHER.search(text)
    if other is None:
        return parse_date(text)
    day, month, year = other.groups()
    return f"{int(year):04d}-{_MONTHS_OTHER[month.lower()]:02d}-{int(day):02d}"


def session_of(text: str) -> int | None:
    """The session named in `text`: English or Chinese words, or digits in any language."""
    session = session_number(text)
    if session is not None:
        return session
    other = _SESSION_OTHER.search(text.translate(NORMALISE))
    return int(other.group(1) or other.group(2)) if other else None


def is_date(text: str) -> bool:
    """True when `text` is a date and nothing else ("2 March 2026", "2021年10月8日")."""
    return bool(_DATE_EN.fullmatch(text) or _DATE_ZH.fullmatch(text))


def date_matches(text: str) -> list[re.Match[str]]:
    """Every English or Chinese date in `text`, in order."""
    return sorted([*_DATE_EN.finditer(text), *_DATE_ZH.finditer(text)], key=lambda m: m.start())
