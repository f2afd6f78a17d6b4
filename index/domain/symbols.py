"""Treaty-body document symbols (CMW/C/AZE/CO/3, E/C.12/AZE/CO/4...) parsed, normalised, named.

The grammar is `BODY/C/[PROTOCOL/]ISO3/[TYPE/]n[-m]` followed by any chain of `/Add.n`,
`/Corr.n`, `/Rev.n`; CESCR's body is `E/C.12` and the Subcommittee on Prevention's `CAT/OP`.
Follow-up reports on concluding observations are session documents, `BODY/C/<session>/2/Add.n`
(e.g. CMW/C/36/2/Add.1): they name no State. Pure functions, no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from index.domain.committees import bodies, committee, committee_from_symbol, committees
from index.domain.doc_types import CO_SERIES, FOLLOW_UP_REPORTS, TYPE_CODES
from index.domain.errors import BadSymbol
from index.domain.states import is_state

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
"""The six UN official languages, as file-name tags and Document.language values."""

EXPECTED = (
    "expected BODY/C/ISO3/TYPE/n with optional /Add.n, /Corr.n or /Rev.n, e.g. CMW/C/AZE/CO/3, "
    "CRC/C/AZE/CO/5-6, CCPR/C/AZE/CO/4/Add.1, CMW/C/AZE/3 or E/C.12/AZE/CO/4"
)
_NUMBER = re.compile(r"\d+(?:-\d+)?")
_SUFFIX = re.compile(r"(Add|Corr|Rev)\.(\d+)")
_SUFFIX_WORD = re.compile(r"(?<![A-Za-z])(add|corr|rev)\s*\.?\s*(?=\d)", re.IGNORECASE)
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
LOOKALIKES = str.maketrans("АВСЕНКМОРТХаеосрх", "ABCEHKMOPTXaeocpx")
"""Cyrillic letters that look Latin, typed into symbols by converters and typists."""

_S = r"[_\-\s]"  # separators of a symbol's parts inside a file name
_FILE_SYMBOL = re.compile(
    rf"(?<![A-Za-z0-9])(?P<body>E{_S}C\.12|CAT{_S}OP|[A-Z]{{2,5}}{_S}C)"
    rf"{_S}(?:(?P<protocol>OP[A-Z]{{2}}){_S})?(?P<state>[A-Z]{{3}}|\d{{1,3}})"
    rf"(?:{_S}(?P<type>[A-Z]{{1,3}}))?{_S}(?P<first>\d+)(?:-(?P<last>\d+))?"
    rf"(?P<suffixes>(?:{_S}(?:Add|Corr|Rev)[._\s]?\d+)*)(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_MAX_RANGE = 10  # combined reports span a few numbers (CERD/C/AZE/CO/10-12), not years
_FILE_EXTENSION = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,4}$")
_TAG_SPLIT = re.compile(r"[_\-.\s]+")
_ASSESSMENT_TAG = re.compile(r"(?:follow[_\-\s]?up|fu)[_\-\s]?(?:assessment|letter)", re.I)


@dataclass(frozen=True)
class Symbol:
    """A parsed document symbol. `number` is "3" or a range "5-6"; `country` is None (and
    `session` set) for session documents; `suffixes` are ("Add.1", "Corr.1") in order."""

    text: str
    committee: str
    body: str
    country: str | None
    type_code: str | None
    number: str
    suffixes: tuple[str, ...] = ()
    protocol: str | None = None
    session: int | None = None

    @property
    def doc_type(self) -> str:
        return doc_type_for(self)

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "committee": self.committee,
            "body": self.body,
            "country": self.country,
            "type_code": self.type_code,
            "number": self.number,
            "suffixes": list(self.suffixes),
            "protocol": self.protocol,
            "session": self.session,
            "doc_type": self.doc_type,
        }

    def __str__(self) -> str:
        return self.text


def normalize_symbol(text: str) -> str:
    """Canonical spelling: no spaces, upper case, ASCII slashes and dashes, "Add 1" -> "Add.1"."""
    text = unicodedata.normalize("NFKC", text).translate(LOOKALIKES).strip().rstrip(".,;:*")
    text = _DASHES.sub("-", text)
    text = re.sub(r"\s*/\s*", "/", text)
    text = re.sub(r"\s*-\s*(?=\d)", "-", text)
    text = re.sub(r"\s+(?=(?:add|corr|rev)\b)", "/", text, flags=re.IGNORECASE)
    return _SUFFIX_WORD.sub(lambda match: f"{match.group(1).title()}.", text.upper())


def parse_symbol(text: str) -> Symbol:
    """Parse a document symbol; raises BadSymbol naming what is wrong and the expected shape."""
    symbol = normalize_symbol(text)
    if not symbol:
        raise _bad(text, "it is empty")
    body, code = _body(symbol)
    parts = symbol[len(body) + 1 :].split("/") if len(symbol) > len(body) else []
    protocol = parts.pop(0) if parts and parts[0] in committee(code).protocols else None
    if body.endswith("/GC") or (parts and parts[0] == "GC"):  # CRC/GC/2003/4, CCPR/C/GC/37
        return _general_comment(symbol, code, body, parts)
    if parts and parts[0].startswith("SR."):  # CAT/C/SR.1924
        number = _number(symbol, [parts.pop(0)[3:]], "SR")
        suffixes = tuple(_check_suffix(symbol, part) for part in parts)
        return Symbol(symbol, code, body, None, "SR", number, suffixes, protocol)
    if parts and parts[0].isdigit():
        return _session_document(symbol, code, body, parts, protocol)
    country, session = _state(symbol, parts.pop(0) if parts else "")
    type_code = _type_code(symbol, parts)
    number = _number(symbol, parts, type_code)
    suffixes = tuple(_check_suffix(symbol, part) for part in parts)
    return Symbol(symbol, code, body, country, type_code, number, suffixes, protocol, session)


def _general_comment(symbol: str, code: str, body: str, parts: list[str]) -> Symbol:
    """BODY/C/GC/n, or the old CRC/GC/<year>/n (the year kept as its session)."""
    if parts and parts[0] == "GC":
        parts.pop(0)
    year = int(parts.pop(0)) if len(parts) > 1 and re.fullmatch(r"\d{4}", parts[0]) else None
    number = _number(symbol, parts, "GC")
    suffixes = tuple(_check_suffix(symbol, part) for part in parts)
    return Symbol(symbol, code, body, None, "GC", number, suffixes, None, year)


def _session_document(
    symbol: str, code: str, body: str, parts: list[str], protocol: str | None
) -> Symbol:
    """BODY/C/<session>/n (session reports), BODY/C/<session>/D/<n>/<year> (views and
    decisions), the old CCPR/CO/<session>/<ISO3> and series CRC/C/15/Add.n."""
    session = int(parts.pop(0))
    if body == "CCPR/CO":
        country, _ = _state(symbol, parts.pop(0) if parts else "")
        suffixes = tuple(_check_suffix(symbol, part) for part in parts)
        return Symbol(symbol, code, body, country, "CO", str(session), suffixes, None, session)
    if parts and parts[0] == "D":
        parts.pop(0)
        if len(parts) < 2 or not (parts[0].isdigit() and re.fullmatch(r"\d{4}", parts[1])):
            raise _bad(symbol, "a communication is numbered D/<number>/<year>, e.g. D/2703/2015")
        number = f"{parts.pop(0)}/{parts.pop(0)}"
        suffixes = tuple(_check_suffix(symbol, part) for part in parts)
        return Symbol(symbol, code, body, None, "D", number, suffixes, protocol, session)
    if parts and _SUFFIX.fullmatch(parts[0]):  # an old series numbered by addendum
        suffixes = tuple(_check_suffix(symbol, part) for part in parts)
        return Symbol(symbol, code, body, None, None, str(session), suffixes, protocol, None)
    number = _number(symbol, parts, None)
    suffixes = tuple(_check_suffix(symbol, part) for part in parts)
    return Symbol(symbol, code, body, None, None, number, suffixes, protocol, session)


def _body(symbol: str) -> tuple[str, str]:
    """The body prefix ("CMW/C", "E/C.12") and its committee; BadSymbol for an unknown one."""
    for body, code in bodies().items():
        if symbol.startswith(body + "/") or symbol == body:
            return body, code
    head = symbol.split("/", 1)[0]
    if head == "CESCR":
        raise _bad(symbol, "CESCR documents start with E/C.12/, not CESCR/")
    if head in committees():
        raise _bad(symbol, f"{head} documents start with {head}/C/")
    known = ", ".join(sorted(bodies()))
    raise _bad(symbol, f"unknown treaty body {head!r}; known prefixes: {known}")


def _state(symbol: str, part: str) -> tuple[str | None, int | None]:
    """(ISO3, None) for a State's document, (None, session) for a session document."""
    if part.isdigit():
        return None, int(part)
    if not part:
        raise _bad(symbol, "the ISO3 code of the State party is missing")
    if not is_state(part):
        raise _bad(
            symbol,
            f"{part!r} is not the ISO 3166 alpha-3 code of a State party (index/domain/states.py)",
        )
    return part, None


def _type_code(symbol: str, parts: list[str]) -> str | None:
    """Pop and return the type code (CO, Q...) when the next part is one; None for a report."""
    if not parts or _NUMBER.fullmatch(parts[0]) or _SUFFIX.fullmatch(parts[0]):
        return None
    code = parts.pop(0)
    if code not in TYPE_CODES:
        known = ", ".join(TYPE_CODES)
        raise _bad(symbol, f"unknown document type {code!r}; known: {known}")
    return code


def _number(symbol: str, parts: list[str], type_code: str | None) -> str:
    """Pop and return the document number ("3", "5-6")."""
    after = f" after {type_code}" if type_code else ""
    if not parts or not _NUMBER.fullmatch(parts[0]):
        found = f", found {parts[0]!r}" if parts else ""
        raise _bad(symbol, f"the document number{after} is missing{found}")
    return parts.pop(0)


def _check_suffix(symbol: str, part: str) -> str:
    if not _SUFFIX.fullmatch(part):
        raise _bad(symbol, f"bad suffix {part!r}: expected Add.n, Corr.n or Rev.n")
    return part


def _bad(symbol: str, reason: str) -> BadSymbol:
    return BadSymbol(symbol, reason, EXPECTED)


def doc_type_for(symbol: Symbol | str) -> str:
    """The document type (one of index.domain.model.DOC_TYPES) a symbol's shape says.

    CO/n/Add.n is the State party's follow-up reply and Q/n/Add.n its replies to the list of
    issues (the practice before the FCO and RQ codes); a State's symbol without a type code is
    its periodic report (the SPT's: its visit report); an old series numbered by addendum
    (CRC/C/15/Add.183) holds concluding observations. A title may say otherwise where the
    shape is not certain (see `is_certain_type`).
    """
    if isinstance(symbol, str):
        symbol = parse_symbol(symbol)
    added = bool(symbol.suffixes) and symbol.suffixes[0].startswith("Add.")
    if symbol.type_code is None and symbol.country is None:
        return _session_type(symbol, added)
    if symbol.type_code is None:
        return "visit report" if symbol.committee == "SPT" else "periodic report"
    if added and symbol.type_code == "CO":
        return "follow-up reply"
    if added and symbol.type_code in ("Q", "QPR", "LOI"):
        return "replies to list of issues"
    return TYPE_CODES[symbol.type_code]


def _session_type(symbol: Symbol, added: bool) -> str:
    """The type of a document that names no State: an old series of concluding observations,
    a report on follow-up, else a "document" whose title must say what it is."""
    if added and symbol.session is None and f"{symbol.body}/{symbol.number}" in CO_SERIES:
        return "concluding observations"
    if symbol.session is not None and symbol.number in FOLLOW_UP_REPORTS.get(symbol.committee, ()):
        return "follow-up assessment"
    return "document"


def is_certain_type(symbol: Symbol | str) -> bool:
    """True when the symbol's shape alone settles the type: a type code other than D, without
    an addendum. Otherwise (views or decision, CO/n/Add.n, session documents, periodic
    reports) a title naming a type wins."""
    if isinstance(symbol, str):
        symbol = parse_symbol(symbol)
    added = any(suffix.startswith("Add.") for suffix in symbol.suffixes)
    return symbol.type_code not in (None, "D") and not added


def symbol_from_filename(name: str) -> str | None:
    """The symbol a file name spells ("E_C.12_AZE_CO_4.pdf" -> "E/C.12/AZE/CO/4"), or None."""
    return filename_parts(name)[0]


def filename_parts(name: str) -> tuple[str | None, str]:
    """(symbol or None, the rest of the name): "CMW_C_AZE_CO_3_follow-up-assessment_zh.md" ->
    ("CMW/C/AZE/CO/3", "_follow-up-assessment_zh")."""
    stem = _FILE_EXTENSION.sub("", PurePath(name).name)
    for match in _FILE_SYMBOL.finditer(stem):
        candidate, end = _file_symbol(match)
        try:
            symbol = parse_symbol(candidate)
        except BadSymbol:
            continue
        return symbol.text, stem[: match.start()] + stem[end:]
    return None, stem


def _file_symbol(match: re.Match[str]) -> tuple[str, int]:
    """The symbol text a file-name match spells, and where it ends in the name."""
    body = re.sub(_S, "/", match.group("body"), count=1)
    number, suffixes, end = match.group("first"), match.group("suffixes"), match.end()
    last = match.group("last")
    if last and 0 < int(last) - int(number) <= _MAX_RANGE:
        number = f"{number}-{last}"
    elif last:  # "3-2023": a tag after the number, not a range
        suffixes, end = "", match.end("first")
    parts = [body, match.group("protocol"), match.group("state"), match.group("type"), number]
    parts += [re.sub(_S, "", suffix) for suffix in re.split(rf"{_S}(?=[A-Za-z])", suffixes)]
    return "/".join(part for part in parts if part), end


def language_from_filename(name: str) -> str | None:
    """The language a file name's tag gives ("..._zh.md", "...-EN.pdf"), or None."""
    rest = filename_parts(name)[1]
    tags = [tag.lower() for tag in _TAG_SPLIT.split(rest)]
    return next((tag for tag in reversed(tags) if tag in LANGUAGES), None)


def is_follow_up_assessment_name(name: str) -> bool:
    """True when a file name is tagged as a follow-up assessment or letter."""
    return bool(_ASSESSMENT_TAG.search(filename_parts(name)[1]))


SYMBOL_RE = re.compile(r"\b[A-Z][A-Z0-9.]*(?:/[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*)+")


def country_from_symbol(symbol: str) -> str | None:
    """The ISO3 code of the State a symbol names: "CMW/C/AZE/CO/3" -> "AZE"; None if none."""
    for part in symbol.strip().split("/")[1:]:
        if is_state(part):
            return part
    return None


def committee_and_state(symbol: str) -> tuple[str | None, str | None]:
    """(committee, ISO3 State code) of a UN symbol, each None when the symbol does not say."""
    return committee_from_symbol(symbol), country_from_symbol(symbol)


# Reading symbols from converted text


_BROKEN_HEAD = re.compile(r"(?<![A-Za-z])([A-Z]{1,3}) ([A-Z]{1,4})(?=\s?/)")
# what follows a symbol run into a date on its line: " July 2008", " de julio de 2008", "июля 2008"
_GLUED_DATE = re.compile(r"[ \t]*(?:de[ \t]+)?[^\W\d_]{3,}\.?,?[ \t]+(?:de[ \t]+)?\d{4}(?!\d)")
_PART = r"(?:SR\.\s?\d+|(?:Add|Corr|Rev|ADD|CORR|REV)\.\s?\d+|[A-Z]{1,5}|\d+(?:\s?[-–]\s?\d+)?)"


@dataclass(frozen=True)
class FoundSymbol:
    """A symbol read in a text: its canonical spelling and where it stands (offsets into the
    text given to `find_symbols`)."""

    symbol: str
    start: int
    end: int


def _repaired(text: str) -> str:
    """Length-preserving repairs for matching: Cyrillic look-alikes inside symbols as Latin,
    and a space breaking a committee's code ("C RPD/") moved before it."""
    text = text.translate(LOOKALIKES)
    heads = {body.split("/", 1)[0] for body in bodies()}

    def join(match: re.Match[str]) -> str:
        joined = match.group(1) + match.group(2)
        return f" {joined}" if joined in heads else match.group()

    return _BROKEN_HEAD.sub(join, text)


def _symbol_pattern() -> re.Pattern[str]:
    alternatives = sorted(bodies(), key=len, reverse=True)
    body = "|".join(re.escape(b).replace("/", r"\s?/\s?") for b in alternatives)
    return re.compile(rf"(?:{body})(?:\s?/\s?{_PART})*")


_SYMBOL_IN_TEXT: list[re.Pattern[str]] = []


def find_symbols(text: str) -> list[FoundSymbol]:
    """Every treaty-body symbol in `text`, in order, read as converters leave them: a range kept
    whole (CERD/C/CAN/CO/21-23), a symbol run into the date after it cut before the day
    ("CCPR/C/FRA/CO/431 July 2008" -> CCPR/C/FRA/CO/4), a committee code broken by a space
    ("C RPD/C/...") or glued after a word ("GENERALCAT/C/..."), Cyrillic look-alike letters."""
    if not _SYMBOL_IN_TEXT:
        _SYMBOL_IN_TEXT.append(_symbol_pattern())
    repaired = _repaired(text)
    found = []
    for match in re.finditer(r"(?<![A-Za-z/])[A-Z]+(?=\s?/)", repaired):
        head = _SYMBOL_IN_TEXT[0].match(repaired, _head_start(repaired, match))
        if head is None or (found and head.start() < found[-1].end):
            continue
        symbol = _best_prefix(repaired, head)
        if symbol is not None:
            found.append(symbol)
    return found


def _head_start(text: str, match: re.Match[str]) -> int:
    """Where a body may start inside a capitalised run ("GENERALCAT/" -> at "CAT/")."""
    run = match.group()
    for body in sorted(bodies(), key=len, reverse=True):
        head = body.split("/", 1)[0]
        if run.endswith(head) and text.startswith(body.split("/", 1)[1], match.end() + 1):
            return match.end() - len(head)
    return match.start()


def _best_prefix(text: str, match: re.Match[str]) -> FoundSymbol | None:
    """The longest well-formed symbol the match spells, a glued day cut off its end."""
    raw = match.group()
    raw = _unglue_date(raw, text[match.end() : match.end() + 40])
    parts = re.split(r"\s?/\s?", raw)
    for count in range(len(parts), 1, -1):
        candidate = "/".join(parts[:count])
        try:
            symbol = parse_symbol(candidate)
        except BadSymbol:
            continue
        return FoundSymbol(symbol.text, match.start(), match.start() + len(candidate))
    return None


def _unglue_date(raw: str, after: str) -> str:
    """ "CCPR/C/GBR/CO/618" before " July 2008": the day 18 is the date's, the symbol ends at 6."""
    digits = re.search(r"(\d+)$", raw)
    if digits is None or not _GLUED_DATE.match(after):
        return raw
    number = digits.group(1)
    for day_length in (2, 1):
        if len(number) > day_length and 1 <= int(number[-day_length:]) <= 31:
            return raw[: len(raw) - day_length]
    return raw
