"""The treaty bodies and their treaties (index/domain/data/committees.toml): codes, symbol prefixes,
names in the six UN languages, and finding a committee named in a text."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")


@dataclass(frozen=True)
class Committee:
    """A treaty body: `code` ("CESCR"), symbol `bodies` ("E/C.12"), optional-protocol tags,
    official names of the committee and of its treaty by language, other names and patterns."""

    code: str
    bodies: tuple[str, ...]
    names: dict[str, str]
    treaty: dict[str, str]
    protocols: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    patterns: tuple[str, ...] = field(default=(), repr=False)

    def name(self, language: str = "en") -> str:
        """The committee's official name in `language` (English for another language)."""
        return self.names.get(language) or self.names["en"]

    def treaty_name(self, language: str = "en") -> str:
        """Its treaty's official name in `language` (English for another language)."""
        return self.treaty.get(language) or self.treaty["en"]

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "bodies": list(self.bodies),
            "protocols": list(self.protocols),
            "names": dict(self.names),
            "treaty": dict(self.treaty),
            "variants": list(self.variants),
        }


@cache
def committees() -> dict[str, Committee]:
    """Every committee by code, in the table's order (read once)."""
    text = resources.files("index.domain").joinpath("data/committees.toml").read_text("utf-8")
    table = tomllib.loads(text)
    return {
        code: Committee(
            code=code,
            bodies=tuple(entry["bodies"]),
            names=dict(entry["names"]),
            treaty=dict(entry["treaty"]),
            protocols=tuple(entry.get("protocols", ())),
            variants=tuple(entry.get("variants", ())),
            patterns=tuple(entry.get("patterns", ())),
        )
        for code, entry in table.items()
    }


def committee(code: str) -> Committee | None:
    """The committee with this code ("cat" works too), or None."""
    return committees().get(code.strip().upper())


def committee_codes() -> tuple[str, ...]:
    """The committees' codes, sorted: CAT, CCPR, CED, CEDAW, ..."""
    return tuple(sorted(committees()))


@cache
def bodies() -> dict[str, str]:
    """Symbol prefix -> committee code: "CMW/C" -> "CMW", "E/C.12" -> "CESCR"."""
    return {body: c.code for c in committees().values() for body in c.bodies}


def committee_name(code: str, language: str = "en") -> str | None:
    """The committee's official name in `language`, or None for an unknown code."""
    found = committee(code)
    return found.name(language) if found else None


def committee_from_symbol(symbol: str) -> str | None:
    """The committee of a UN symbol: "CMW/C/AZE/CO/3" -> "CMW", "E/C.12/AZE/CO/4" -> "CESCR";
    an old-style symbol whose first part is a committee code ("CCPR/CO/...") counts too."""
    symbol = symbol.strip()
    for body, code in bodies().items():
        if symbol.startswith(body + "/"):
            return code
    head = symbol.split("/", 1)[0]
    return head if head in committees() else None


@cache
def _names() -> tuple[re.Pattern[str], dict[str, str]]:
    """One alternation of every committee's and treaty's names and patterns, longest first, and
    the committee code of each alternative's group."""
    alternatives: dict[str, str] = {}
    for c in committees().values():
        for name in (*c.names.values(), *c.treaty.values(), *c.variants):
            alternatives[_name_pattern(_fold(name))] = c.code
        for pattern in c.patterns:
            alternatives[pattern] = c.code
    ordered = sorted(alternatives, key=len, reverse=True)
    groups = "|".join(f"(?P<c{i}>{alternative})" for i, alternative in enumerate(ordered))
    codes = {f"c{i}": alternatives[alternative] for i, alternative in enumerate(ordered)}
    return re.compile(groups, re.IGNORECASE), codes


@cache
def _acronym() -> re.Pattern[str]:
    """The committees' codes as words, upper case only: "CAT", never "cat"."""
    codes = sorted(committees(), key=len, reverse=True)
    return re.compile(rf"\b({'|'.join(codes)})\b")


def _name_pattern(name: str) -> str:
    """A name as a pattern. An Arabic name's article takes the prefixes written onto it: "و",
    "ب", "ف", "ك" before it ("واللجنة"), and "ل" in place of its alif ("للجنة", "للجنة
    الفرعية": li- + al-)."""
    if name.startswith("ال"):
        # li- + al- drops the alif ("للفرعية"); before a noun that starts with lam, the
        # article's lam merges too ("للجنة" for li- + "اللجنة")
        li = "[وف]?" if name[2:3] == "ل" else "[وف]?ل"
        return f"(?:[وفبك]{{0,2}}ا|{li})" + re.escape(name[1:])
    return re.escape(name)


def _fold(text: str) -> str:
    """Typographic apostrophes as ASCII, so "Comité des droits de l’enfant" matches too."""
    return text.replace("’", "'").replace("ʼ", "'")


def find_committee(text: str) -> str | None:
    """The committee a text names, by acronym ("CMW", upper case only) or by the name of the
    committee or of its treaty in any of the six languages; the first named wins."""
    acronym = _acronym().search(text)
    if acronym:
        return acronym.group(1)
    pattern, codes = _names()
    match = pattern.search(_fold(text))
    return codes[match.lastgroup] if match else None


def committees_named(text: str) -> set[str]:
    """Every committee a text names by the name of the committee or its treaty, in any of the
    six languages (acronyms not counted)."""
    pattern, codes = _names()
    return {codes[match.lastgroup] for match in pattern.finditer(_fold(text))}
