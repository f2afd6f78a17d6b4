"""Lines of a numbered document: paragraph starts, sections, footnotes, debris and sub-items."""

from __future__ import annotations

import re

from index.domain.model import Footnote, Item
from index.domain.symbols import SYMBOL_RE
from index.parse.dates import chinese_numeral
from index.parse.numbering import Start, paragraph_starts
from index.parse.text import FULLWIDTH_LATIN, NORMALISE, Line, split_lines

_JOB_GLUED = re.compile(r"^(GE\.\d{2}-\d{5})(?:\s*\([A-Z]\))?\s*(?=\d{1,3}\s*[.\-–]\s*\D)")
_FLATTENED = 400  # characters: a line this long holding paragraphs 1, 2, 3 is a flattened text
_INLINE_NUMBER = re.compile(r"(?<=\s)(\d{1,3})\.\s+(?=[^\W\d_])")
_INLINE_MARK = re.compile(
    r"(?<=[\s.;:])(?:[A-H]\.\s+(?=[A-ZÀ-Ý][a-zà-ÿ])|[IVX]{1,4}\.\s+(?=[A-ZÀ-Ý])|\(?[a-z]\)\s|GE\.\d{2}-)"
)
_CYRILLIC_ITEMS = "абвгдежзиклмнопрстуфхцчшщэюя"


_ARABIC_ITEMS = (
    "أ",
    "ب",
    "ج",
    "د",
    "هـ",
    "و",
    "ز",
    "ح",
    "ط",
    "ي",
    "ك",
    "ل",
    "م",
    "ن",
    "س",
    "ع",
    "ف",
    "ص",
    "ق",
    "ر",
    "ش",
    "ت",
    "ث",
    "خ",
    "ذ",
    "ض",
)


_ARABIC_ALIASES = {"ا": "أ", "إ": "أ", "آ": "أ", "ه": "هـ", "ى": "ي"}


_ARABIC_SECTIONS = ("ألف", "باء", "جيم", "دال", "هاء", "واو", "زاي", "حاء", "طاء", "ياء")


_CYRILLIC_LOOKALIKES = str.maketrans("АВСЕНКМРТХ", "ABCEHKMPTX")


_ROMAN_VALUES = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")


_PARENTHESISED_IDEOGRAPHS = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"


PARAGRAPH_START = re.compile(r"^(\d{1,3})(?:\s*[.\-–)]\s*(?=[^\d\s.\-–)])|\s*[.\-–)]?\s*$)")

__all__ = ["Start", "paragraph_starts"]


_ITEM = re.compile(
    r"^(?:\(\s?(?P<paren>[a-z]{1,4}|[а-я]|[\u0621-\u064a]ـ?|[一二三四五六七八九十]+|\d{1,2})\)"
    r"|(?P<bare>[a-z]{1,4}|[а-я])\)"
    r"|`(?P<tick>\d{1,2})`"
    rf"|(?P<ideograph>[{_PARENTHESISED_IDEOGRAPHS}]))\s*"
)


_SECTION_LATIN = re.compile(r"^([A-HАВСЕН]|[IVX]{1,4})\s*\.\s*(\S.{0,150})$")


_SECTION_ARABIC = re.compile(rf"^({'|'.join(_ARABIC_SECTIONS)})\s*[-–.:]\s*(\S.{{0,150}})$")


_SECTION_CHINESE = re.compile(r"^([一二三四五六七八九十]{1,3})\s*、\s*(\S.{0,60})$")


_FOOTNOTE_MARKED = re.compile(r"^(?:(\*+)\s*|([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*)(\S.*)$")


_FOOTNOTE_PLAIN = re.compile(r"^(\d{1,3})\s+(\S.*)$")


_REFERENCE_START = re.compile(
    r"^(?:See|Voir|V[ée]ase|Ver|Cf\.|Ibid|Ib[íi]d|Id\.|См\.|Там же|انظر|见|参见|同上)", re.I
)


_DEBRIS = re.compile(
    r"^(?:GE\.\d{2}-\s*\d{0,6}(?:\s.*)?|\d{1,4}|\d{1,4}\s*/\s*\d{1,4}|\*\d{5,}\*|Please recycle.*"
    r"|(?:Page|Página|Стр\.)\s*\d+.*)$",
    re.I,
)


TERMINAL = ".;:!?。；：！？؛…»”\"'"


_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


TO_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def normalised_lines(text: str) -> list[Line]:
    """Every non-blank line of `text`, stripped, with its offsets and normalised text; a UN job
    number glued to the paragraph after it ("GE.12-423014.Please" = job GE.12-42301, then
    paragraph 4) and a text flattened onto long lines are split into their own lines."""
    lines = []
    for line in split_lines(text.translate(NORMALISE).translate(FULLWIDTH_LATIN)):
        for part in _unglued_job_number(line):
            lines.extend(_unflattened(part))
    return lines


def _unglued_job_number(line: Line) -> list[Line]:
    match = _JOB_GLUED.match(line.text)
    if match is None:
        return [line]
    rest = line.text[match.end() :]
    return [
        Line(line.start, line.start + match.end(1), match.group(1)),
        Line(line.end - len(rest), line.end, rest),
    ]


def _unflattened(line: Line) -> list[Line]:
    """A long line holding numbered paragraphs in sequence (1., 2., 3. ...), split before
    each of them, before section titles ("B. Positive aspects") and items ("(a)")."""
    if len(line.text) < _FLATTENED:
        return [line]
    cuts, expected = [], None
    for match in _INLINE_NUMBER.finditer(line.text):
        number = int(match.group(1))
        if (expected is None and number == 1) or number == expected:
            cuts.append(match.start())
            expected = number + 1
    if len(cuts) < 3:
        return [line]
    cuts += [m.start() for m in _INLINE_MARK.finditer(line.text, cuts[0])]
    bounds = sorted({0, *cuts, len(line.text)})
    parts = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        piece = line.text[start:end]
        stripped = piece.strip()
        if stripped:
            offset = line.start + start + piece.index(stripped[0])
            parts.append(Line(offset, offset + len(stripped), stripped))
    return parts


def is_footnote(line: Line) -> bool:
    return footnote_of(line) is not None


def footnote_of(line: Line) -> Footnote | None:
    """The footnote a line holds ("* ...", "¹ ...", "1 See CMW/C/..."), or None."""
    marked = _FOOTNOTE_MARKED.match(line.text)
    if marked:
        mark = marked.group(1) or marked.group(2).translate(_SUPERSCRIPT_DIGITS)
        return Footnote(mark, "", line.start + marked.start(3), line.end)
    plain = _FOOTNOTE_PLAIN.match(line.text)
    if plain and (SYMBOL_RE.search(plain.group(2)) or _REFERENCE_START.match(plain.group(2))):
        return Footnote(plain.group(1), "", line.start + plain.start(2), line.end)
    return None


def is_debris(line: Line) -> bool:
    """Page-break debris: job numbers, page numbers, barcodes, a running symbol alone."""
    return bool(_DEBRIS.match(line.text) or SYMBOL_RE.fullmatch(line.text.split("\t")[-1]))


def is_heading_like(line: Line) -> bool:
    """A short line that does not end a sentence nor start lower-case: a title or heading."""
    limit = 60 if re.search(r"[\u3400-\u9fff]", line.text) else 160
    return (
        len(line.text) <= limit
        and line.text[-1] not in TERMINAL + ",，、،"
        and not line.text[0].islower()
        and not _ITEM.match(line.text)
        and not is_footnote(line)
        and not is_debris(line)
    )


def section_of(line: Line) -> tuple[str, str] | None:
    """(Latin section letter or Roman numeral, title) of a section line, or None."""
    arabic = _SECTION_ARABIC.match(line.text)
    if arabic:
        return "ABCDEFGHIJ"[_ARABIC_SECTIONS.index(arabic.group(1))], arabic.group(2)
    chinese = _SECTION_CHINESE.match(line.text)
    if chinese:
        return _ROMAN_VALUES[chinese_numeral(chinese.group(1)) - 1].upper(), chinese.group(2)
    latin = _SECTION_LATIN.match(line.text)
    if latin and latin.group(2)[-1] not in ".;,。；，" and not latin.group(2)[0].isdigit():
        return latin.group(1).translate(_CYRILLIC_LOOKALIKES), latin.group(2)
    return None


def has_numbered_paragraphs(text: str) -> bool:
    """True when `text` has at least one numbered paragraph this parser would recognise."""
    return bool(paragraph_starts(split_lines(text)))


def _item_letter(match: re.Match[str]) -> tuple[str, str]:
    """(language-neutral letter, "nested" | "top" | "latin") of an item mark; a Latin letter
    may be either level, Cyrillic and Arabic letters are always top-level."""
    if match.group("ideograph"):
        return _ROMAN_VALUES[_PARENTHESISED_IDEOGRAPHS.index(match.group("ideograph"))], "nested"
    if match.group("tick"):
        return _roman(int(match.group("tick"))), "nested"
    raw = match.group("paren") or match.group("bare")
    if raw.isdigit():
        return _roman(int(raw)), "nested"
    if re.fullmatch(r"[一二三四五六七八九十]+", raw):
        return _roman(chinese_numeral(raw)), "nested"
    if raw in _CYRILLIC_ITEMS:
        return chr(ord("a") + _CYRILLIC_ITEMS.index(raw)), "top"
    arabic = _ARABIC_ALIASES.get(raw.rstrip("ـ"), raw)
    if arabic in _ARABIC_ITEMS:
        return chr(ord("a") + _ARABIC_ITEMS.index(arabic)), "top"
    return raw, "latin"


def _roman(number: int) -> str:
    return _ROMAN_VALUES[number - 1] if 0 < number <= len(_ROMAN_VALUES) else str(number)


def _level(letter: str, script: str, top: str | None, top_script: str) -> int:
    """1 for a nested item, 0 for a top-level one; "(i)" after "(h)" is the letter i."""
    if top is None or script == "top":
        return 0
    if script == "nested":
        return 1
    if letter not in _ROMAN_VALUES:
        return 0
    if top_script != "latin":
        return 1
    follows = len(letter) == 1 and len(top) == 1 and ord(letter) == ord(top) + 1
    return 0 if follows else 1


def _item_marks(lines: list[Line]) -> list[tuple[int, str, Line, Line]]:
    """(level, letter, first line, last line) of each item; later text lines extend it."""
    marks: list[tuple[int, str, Line, Line]] = []
    top: str | None = None
    top_script = "latin"
    for line in lines:
        match = _ITEM.match(line.text)
        if is_footnote(line) or is_debris(line):
            continue
        if match:
            letter, script = _item_letter(match)
            level = _level(letter, script, top, top_script)
            if level == 0:
                top, top_script = letter, script
            marks.append((level, letter, line, line))
        elif marks:
            marks[-1] = (*marks[-1][:3], line)
    return marks


def items_of(text: str, lines: list[Line]) -> tuple[Item, ...]:
    """The lettered items of a paragraph, each with its nested sub-items."""
    marks = _item_marks(lines)
    items: list[Item] = []
    for index, (level, letter, first, last) in enumerate(marks):
        if level:
            continue
        nested = []
        for sub_level, sub_letter, sub_first, sub_last in marks[index + 1 :]:
            if sub_level == 0:
                break
            sub_text = text[sub_first.start : sub_last.end]
            nested.append(Item(sub_letter, sub_text, sub_first.start, sub_last.end))
        end = max(last.end, nested[-1].end) if nested else last.end
        items.append(Item(letter, text[first.start : end], first.start, end, tuple(nested)))
    return tuple(items)
