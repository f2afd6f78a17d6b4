"""Parse the plain text of numbered committee documents into a Document with its paragraphs.

Numbered documents are concluding observations, State parties' follow-up replies, periodic
reports, replies to lists of issues and lists of issues, in Arabic, Chinese, English, French,
Russian or Spanish. The parser recognises lines by what they say, never by Markdown levels,
and works on the text of `index.read.read_text` or on messy text extracted from a PDF.

Decisions worth knowing:
* Paragraph numbers must run in sequence: a line "N." (or "N-" in Arabic, or "N" alone on its
  line before a line starting a sentence) starts a paragraph only when N is the next number
  (a gap of up to three is accepted when the skipped number never comes). Page numbers,
  numbered sub-section titles ("1. General measures of implementation") and footnotes
  therefore never start a paragraph. The first paragraph is the first "1.", else the first
  numbered line followed by its successor.
* A text with no numbered paragraphs is refused (ParseError "no numbered paragraphs found"):
  nothing could be cited from it by paragraph. `index.parse.parse_document` routes follow-up
  assessments elsewhere before coming here.
* Section letters are stored as Latin capitals: Arabic letter names (ألف, باء, جيم, دال...)
  in abjad order; Russian documents letter sections A, B, C, D with Latin letters, often typed
  as Cyrillic look-alikes (А, В, С, Е, Н...), which are read by look, not by alphabet order.
  Chinese "一、" sections are stored as Roman numerals ("I").
* Item letters are stored language-neutrally, so "36(b)" is one key in every language:
  Russian items follow the Cyrillic alphabet without ё, й, ъ, ы, ь (а б в г д е ж з и к л
  м н о п р с т у ф х ц ч ш щ э ю я -> a b c ... z); Arabic items follow the abjad order
  (أ ب ج د هـ و ز ح ط ي ك ل م ن س ع ف ص ق ر ش ت ث خ ذ ض -> a b c ... z). Nested items
  (i), (ii), Chinese (一)/㈠ and Arabic `1`/(1) are stored as Roman numerals "i", "ii"...
* A paragraph ends at its last line of text: section titles, thematic headings, footnotes
  and page-break debris (running symbols, page numbers, "GE." job numbers) after it are left
  out. Headings and section titles apply to the paragraphs after them.
* Numbered footnotes belong to the paragraph that cites their superscript mark, else to the
  paragraph whose lines hold them; asterisk footnotes and footnotes before paragraph 1 belong
  to the document (header).
* A paragraph is a "recommendation" in concluding observations (or an untyped document) when
  its text before the first item says the Committee recommends (urges, encourages, calls upon,
  reiterates its recommendation); every numbered paragraph of a list of issues is a
  "question"; all others are "paragraph".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from index.countries import (
    SYMBOL_RE,
    committee_from_symbol,
    country_from_symbol,
    country_name,
    find_country,
)
from index.doc_types import doc_type_of_title
from index.errors import BadSymbol, ParseError
from index.model import Document, Footnote, Item, Paragraph
from index.parse import chinese_numeral, detect_language, parse_date, session_number
from index.symbols import doc_type_for

# Length-preserving normalisation for matching only: slices always come from the original text.
_NORMALISE = str.maketrans(
    "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３４５６７８９．（）－：\u00a0\u2007\u2009\u202f\u200b\ufeff\u3000\x0c",
    "012345678901234567890123456789.()-:" + " " * 8,
)
_FULLWIDTH_LATIN = str.maketrans(
    {chr(code): chr(code - 0xFEE0) for code in range(0xFF21, 0xFF5B) if chr(code).isalpha()}
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

_PARAGRAPH_START = re.compile(r"^(\d{1,3})(?:\s*[.\-–]\s*(?=[^\d\s.\-–])|\s*[.\-–]?\s*$)")
_ITEM = re.compile(
    r"^(?:\((?P<paren>[a-z]{1,4}|[а-я]|[\u0621-\u064a]ـ?|[一二三四五六七八九十]+|\d{1,2})\)"
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
    r"^(?:GE\.\d{2}-\d{3,6}.*|\d{1,4}|\d{1,4}\s*/\s*\d{1,4}|\*\d{5,}\*|Please recycle.*"
    r"|(?:Page|Página|Стр\.)\s*\d+.*)$",
    re.I,
)
_TERMINAL = ".;:!?。；：！？؛…»”\"'"
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_TO_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

_RECOMMENDS = re.compile(
    r"Committee\b[^.:]{0,200}?\b(?:recommends|urges|encourages|calls (?:up)?on|reiterates its"
    r"(?: previous)? recommendations?)"
    r"|Comit[ée]\b[^.:]{0,200}?\b(?:recommande|engage|exhorte|encourage|invite|demande instamment"
    r"|recomienda|insta|alienta|exhorta|pide|reitera su recomendaci[óo]n)"
    r"|Комитет\b[^.:]{0,200}?(?:рекомендует|настоятельно призывает|призывает|повторяет свою реком)"
    r"|(?:توصي|تحث|تشجع|تدعو|تكرر توصيتها)\s+اللجنة|اللجنة\s+(?:توصي|تحث|تشجع|تدعو)"
    r"|委员会[^。]{0,80}?(?:建议|敦促|鼓励|促请|吁请)缔约国",
    re.I,
)
_FOLLOW_UP = re.compile(
    r"follow-up|within (?:two|2) years|suite donnée|suivi|dans un délai de (?:deux|2) ans"
    r"|seguimiento|plazo de (?:dos|2) años|последующ|двух лет|متابعة|غضون سنتين|后续|两年内",
    re.I,
)
_PARAGRAPH_LIST = re.compile(
    r"(?:paragraphs?|paragraphes?|párrafos?|пункт[а-я]*|الفقرات|الفقرتين|الفقرة)\s+"
    r"(\d+(?:\s*(?:,|،|and|et|y|и|و)\s*\d+)*)"
    r"|第\s*([\d一二三四五六七八九十百零]+(?:\s*[、，,和及与]\s*第?\s*[\d一二三四五六七八九十百零]+)*)\s*段",
    re.I,
)


_MONTHS = {
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
    + "|".join(sorted(_MONTHS, key=len, reverse=True))
    + r")\s+(?:de\s+)?(\d{4})",
    re.I,
)
_SESSION_OTHER = re.compile(
    r"(\d{1,3})\s*(?:e|ème|er|º|°|o|ª|-?й|-?я)?\s*(?:session|período de sesiones|сесси[ия])"
    r"|(?:الدورة|دورتها)\s*(\d{1,3})",
    re.I,
)


@dataclass(frozen=True)
class _Line:
    """One non-blank line: offsets of its stripped text and that text, normalised for matching."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Tail:
    """What follows a paragraph's last line of text: section, heading and footnote lines."""

    section: tuple[str, str] | None
    heading: str
    footnotes: tuple[_Line, ...]


# Lines


def _lines(text: str) -> list[_Line]:
    """Every non-blank line of `text`, stripped, with its offsets and normalised text."""
    normalised = text.translate(_NORMALISE).translate(_FULLWIDTH_LATIN)
    lines = []
    for match in re.finditer(r"[^\n]+", normalised):
        stripped = match.group().strip()
        if stripped:
            start = match.start() + match.group().index(stripped[0])
            lines.append(_Line(start, start + len(stripped), stripped))
    return lines


def _is_footnote(line: _Line) -> bool:
    return _footnote(line) is not None


def _footnote(line: _Line) -> Footnote | None:
    """The footnote a line holds ("* ...", "¹ ...", "1 See CMW/C/..."), or None."""
    marked = _FOOTNOTE_MARKED.match(line.text)
    if marked:
        mark = marked.group(1) or marked.group(2).translate(_SUPERSCRIPT_DIGITS)
        return Footnote(mark, "", line.start + marked.start(3), line.end)
    plain = _FOOTNOTE_PLAIN.match(line.text)
    if plain and (SYMBOL_RE.search(plain.group(2)) or _REFERENCE_START.match(plain.group(2))):
        return Footnote(plain.group(1), "", line.start + plain.start(2), line.end)
    return None


def _is_debris(line: _Line) -> bool:
    """Page-break debris: job numbers, page numbers, barcodes, a running symbol alone."""
    return bool(_DEBRIS.match(line.text) or SYMBOL_RE.fullmatch(line.text.split("\t")[-1]))


def _is_heading_like(line: _Line) -> bool:
    """A short line that does not end a sentence nor start lower-case: a title or heading."""
    limit = 60 if re.search(r"[\u3400-\u9fff]", line.text) else 160
    return (
        len(line.text) <= limit
        and line.text[-1] not in _TERMINAL + ",，、،"
        and not line.text[0].islower()
        and not _ITEM.match(line.text)
        and not _is_footnote(line)
        and not _is_debris(line)
    )


def _section(line: _Line) -> tuple[str, str] | None:
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


# Paragraph starts


def _candidates(lines: list[_Line]) -> list[tuple[int, int]]:
    """(line index, number) of every line that could start a numbered paragraph."""
    candidates = []
    for index, line in enumerate(lines):
        match = _PARAGRAPH_START.match(line.text)
        if not match:
            continue
        if match.end() == len(line.text) and not _opens_sentence(lines, index + 1):
            continue
        candidates.append((index, int(match.group(1))))
    return candidates


def _opens_sentence(lines: list[_Line], index: int) -> bool:
    """True when the line at `index` exists and starts like a sentence: a capital, a CJK or
    Arabic letter, or an opening quote (not a number, a footnote mark or a lower-case word)."""
    if index >= len(lines):
        return False
    first = lines[index].text[0]
    return (first.isalpha() and not first.islower()) or first in "“\"'«„(（["


def _paragraph_starts(lines: list[_Line]) -> list[tuple[int, int]]:
    """(line index, number) of the lines that start paragraphs, numbers in sequence."""
    candidates = _candidates(lines)
    first = _first(candidates)
    if first is None:
        return []
    starts = [candidates[first]]
    for position in range(first + 1, len(candidates)):
        index, number = candidates[position]
        expected = starts[-1][1] + 1
        later = {n for _, n in candidates[position + 1 :]}
        if number == expected or (expected < number <= expected + 3 and expected not in later):
            starts.append((index, number))
    return starts


def _first(candidates: list[tuple[int, int]]) -> int | None:
    """Position of the first paragraph: the first "1", else a number whose successor follows."""
    for position, (_, number) in enumerate(candidates):
        if number == 1:
            return position
    for position, (_, number) in enumerate(candidates):
        if any(n == number + 1 for _, n in candidates[position + 1 :]):
            return position
    return 0 if candidates else None


def has_numbered_paragraphs(text: str) -> bool:
    """True when `text` has at least one numbered paragraph this parser would recognise."""
    return bool(_paragraph_starts(_lines(text)))


# Tails: what sits between a paragraph's text and the next paragraph


def _tail_start(lines: list[_Line], first: int, end: int) -> int:
    """Index where the tail of lines[first:end] begins: headings, sections, footnotes, debris."""
    start = end
    for index in range(end - 1, first, -1):
        line = lines[index]
        if _is_debris(line) or _is_footnote(line) or _section(line):
            start = index
        elif _is_heading_like(line) and index > first and _ends_sentence(lines, first, index):
            start = index
        else:
            break
    return start


def _ends_sentence(lines: list[_Line], first: int, index: int) -> bool:
    """True when the text line before `index` ends a sentence (or is a section/heading)."""
    for line in reversed(lines[first:index]):
        if _is_debris(line) or _is_footnote(line):
            continue
        return line.text[-1] in _TERMINAL or _section(line) is not None or _is_heading_like(line)
    return False


def _tail(text: str, lines: list[_Line]) -> _Tail:
    """Section, heading and footnotes of a tail. The heading is the last group of heading lines:
    lines with no blank line between are one wrapped heading unless one is numbered."""
    section, groups, footnotes = None, [], []
    previous: _Line | None = None
    for line in lines:
        if _is_footnote(line):
            footnotes.append(line)
        elif _section(line):
            section, groups = _section(line), []
        elif not _is_debris(line):
            wrapped = previous is not None and "\n\n" not in text[previous.end : line.start]
            numbered = wrapped and any(_PARAGRAPH_START.match(x.text) for x in (line, previous))
            if groups and wrapped and not numbered:
                groups[-1] = f"{groups[-1]} {_original(text, line)}"
            else:
                groups.append(_original(text, line))
            previous = line
            continue
        previous = None
    return _Tail(section, groups[-1] if groups else "", tuple(footnotes))


def _original(text: str, line: _Line) -> str:
    return text[line.start : line.end]


def _header_tail(lines: list[_Line], end: int) -> int:
    """Where the lines before paragraph 1 stop being header: at the last section line, if only
    headings, footnotes and debris follow it."""
    for index in range(end - 1, -1, -1):
        if _section(lines[index]):
            rest = lines[index + 1 : end]
            if all(
                _is_heading_like(line) or _is_debris(line) or _is_footnote(line) for line in rest
            ):
                return index
            return end
    return end


# Items


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


def _item_marks(lines: list[_Line]) -> list[tuple[int, str, _Line, _Line]]:
    """(level, letter, first line, last line) of each item; later text lines extend it."""
    marks: list[tuple[int, str, _Line, _Line]] = []
    top: str | None = None
    top_script = "latin"
    for line in lines:
        match = _ITEM.match(line.text)
        if _is_footnote(line) or _is_debris(line):
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


def _items(text: str, lines: list[_Line]) -> tuple[Item, ...]:
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


# Paragraphs


@dataclass(frozen=True)
class _Context:
    """Section and heading in force where a paragraph starts."""

    section: str | None = None
    section_title: str = ""
    heading: str = ""

    def after(self, tail: _Tail) -> _Context:
        if tail.section:
            return _Context(tail.section[0], tail.section[1], tail.heading)
        return _Context(self.section, self.section_title, tail.heading or self.heading)


def _paragraph(
    text: str, lines: list[_Line], number: int, context: _Context, doc_type: str
) -> tuple[Paragraph, list[_Line]]:
    """A paragraph from its lines (start line first, tail excluded); also its footnote lines."""
    content = [line for line in lines if not _is_debris(line) and not _is_footnote(line)]
    start, end = lines[0].start, content[-1].end if content else lines[0].end
    items = _items(text, lines[1:])
    intro_end = items[0].start if items else end
    return (
        Paragraph(
            number=number,
            kind=_kind(text[start:intro_end], doc_type),
            text=text[start:end],
            start=start,
            end=end,
            section=context.section,
            section_title=context.section_title,
            heading=context.heading,
            items=items,
        ),
        [line for line in lines if _is_footnote(line)],
    )


def _kind(intro: str, doc_type: str) -> str:
    """ "question" in lists of issues, "recommendation" when the Committee recommends."""
    if doc_type == "list of issues":
        return "question"
    recommends = doc_type in ("concluding observations", "document") and _RECOMMENDS.search(intro)
    return "recommendation" if recommends else "paragraph"


def _paragraphs(
    text: str, lines: list[_Line], starts: list[tuple[int, int]], doc_type: str
) -> tuple[list[Paragraph], list[list[_Line]]]:
    """Every paragraph with its context, and the footnote lines found in each one's lines."""
    first = starts[0][0]
    header_end = _header_tail(lines, first)
    context = _Context().after(_tail(text, lines[header_end:first]))
    paragraphs, footnotes = [], []
    bounds = [index for index, _ in starts] + [len(lines)]
    for (index, number), next_index in zip(starts, bounds[1:], strict=True):
        tail_start = _tail_start(lines, index, next_index)
        paragraph, notes = _paragraph(text, lines[index:tail_start], number, context, doc_type)
        tail = _tail(text, lines[tail_start:next_index])
        paragraphs.append(paragraph)
        footnotes.append(notes + list(tail.footnotes))
        context = context.after(tail)
    return paragraphs, footnotes


# Footnotes


def _full_footnote(text: str, line: _Line) -> Footnote:
    """A Footnote with its text taken from the original document."""
    footnote = _footnote(line)
    assert footnote is not None
    return Footnote(footnote.mark, text[footnote.start : footnote.end], footnote.start, line.end)


def _cites(paragraph: Paragraph, mark: str) -> bool:
    """True when the paragraph's text carries the footnote mark as a superscript."""
    superscript = mark.translate(_TO_SUPERSCRIPT)
    return bool(re.search(rf"(?<![⁰¹²³⁴⁵⁶⁷⁸⁹]){superscript}(?![⁰¹²³⁴⁵⁶⁷⁸⁹])", paragraph.text))


def _attach_footnotes(
    text: str, paragraphs: list[Paragraph], found: list[list[_Line]]
) -> tuple[list[Paragraph], list[Footnote]]:
    """Paragraphs with their numbered footnotes; the document's (asterisk) footnotes apart."""
    owned: list[list[Footnote]] = [[] for _ in paragraphs]
    document_notes: list[Footnote] = []
    for index, lines in enumerate(found):
        for line in lines:
            footnote = _full_footnote(text, line)
            if footnote.mark.startswith("*"):
                document_notes.append(footnote)
                continue
            citing = [i for i in range(index, -1, -1) if _cites(paragraphs[i], footnote.mark)] or [
                index
            ]
            owned[citing[0]].append(footnote)
    paragraphs = [
        _with_footnotes(paragraph, notes)
        for paragraph, notes in zip(paragraphs, owned, strict=True)
    ]
    return paragraphs, document_notes


def _with_footnotes(paragraph: Paragraph, footnotes: list[Footnote]) -> Paragraph:
    if not footnotes:
        return paragraph
    ordered = tuple(sorted(footnotes, key=lambda footnote: footnote.start))
    return replace(paragraph, footnotes=ordered)


# Metadata


def _symbol(header: str) -> str | None:
    """The document's own symbol: the first one in the header naming a known committee."""
    symbols = [match.group() for match in SYMBOL_RE.finditer(header)]
    known = [symbol for symbol in symbols if committee_from_symbol(symbol)]
    return (known or symbols or [None])[0]


def _doc_type(symbol: str | None, header: str) -> str:
    """The document type, from the symbol (index.symbols: CO/n/Add.n is a follow-up reply),
    else from the header's title lines."""
    if symbol:
        try:
            by_symbol = doc_type_for(symbol)
        except BadSymbol:
            by_symbol = "document"
        if by_symbol != "document":
            return by_symbol
    return doc_type_of_title(header) or "document"


def date_of(text: str) -> str | None:
    """The first date in `text` in any of the six languages, as ISO, or None."""
    text = text.translate(_NORMALISE)
    other = _DATE_OTHER.search(text)
    if other is None:
        return parse_date(text)
    day, month, year = other.groups()
    return f"{int(year):04d}-{_MONTHS[month.lower()]:02d}-{int(day):02d}"


def session_of(text: str) -> int | None:
    """The session named in `text`: English or Chinese words, or digits in any language."""
    session = session_number(text)
    if session is not None:
        return session
    other = _SESSION_OTHER.search(text.translate(_NORMALISE))
    return int(other.group(1) or other.group(2)) if other else None


def _follow_up_paragraphs(paragraphs: list[Paragraph]) -> tuple[int, ...]:
    """The paragraph numbers the closing follow-up paragraph names, or ()."""
    numbers = {paragraph.number for paragraph in paragraphs}
    for paragraph in reversed(paragraphs):
        if not _FOLLOW_UP.search(paragraph.text):
            continue
        named = _named_paragraphs(paragraph.text.translate(_NORMALISE))
        named = tuple(number for number in named if number in numbers)
        if len(named) >= 1:
            return named
    return ()


def _named_paragraphs(text: str) -> tuple[int, ...]:
    """Paragraph numbers of the first paragraph list in `text` ("paragraphs 16, 36 and 60")."""
    match = _PARAGRAPH_LIST.search(text)
    if not match:
        return ()
    numerals = re.findall(r"\d+|[一二三四五六七八九十百零]+", match.group(1) or match.group(2))
    return tuple(chinese_numeral(numeral) for numeral in numerals)


def _metadata(header: str, footnotes: list[Footnote], symbol: str | None, doc_type: str) -> dict:
    """Committee, State, date and session from the header and its footnotes, beside the
    symbol and type read from the header already."""
    notes = " ".join(footnote.text for footnote in footnotes)
    code = (country_from_symbol(symbol) if symbol else None) or find_country(header)
    return {
        "doc_type": doc_type,
        "symbol": symbol,
        "co_symbol": symbol if doc_type == "concluding observations" else None,
        "committee": committee_from_symbol(symbol) if symbol else None,
        "country_code": code,
        "state_party": country_name(code) if code else None,
        "date": date_of(header),
        "session": session_of(notes) or session_of(header),
    }


# Document


def _check_paragraphs(starts: list[tuple[int, int]], source: str) -> None:
    if not starts:
        raise ParseError(
            source,
            "no numbered paragraphs found; parse_document expects numbered paragraphs "
            "('1. The Committee considered...', Arabic '1- ...') or a follow-up assessment "
            "('Paragraph 16: ...', '[C]: paragraph 16 (a)'); check that the file is a committee "
            "document and that its paragraph numbers survived text extraction",
        )


def _header_spans(text: str, header: list[_Line], notes: list[Footnote]) -> tuple:
    """The header's span, then the whole line of each document footnote outside it."""
    spans = [(header[0].start, header[-1].end)] if header else []
    for footnote in notes:
        line_start = text.rfind("\n", 0, footnote.start) + 1
        if not spans or line_start >= spans[0][1]:
            spans.append((line_start, footnote.end))
    return tuple(spans)


def parse_numbered(text: str, source: str) -> Document:
    """Parse a numbered committee document's plain text; raises ParseError naming `source`."""
    lines = _lines(text)
    starts = _paragraph_starts(lines)
    _check_paragraphs(starts, source)
    header = lines[: _header_tail(lines, starts[0][0])]
    header_text = "\n".join(text[line.start : line.end] for line in header)
    before = lines[: starts[0][0]]
    header_notes = [_full_footnote(text, line) for line in before if _is_footnote(line)]
    symbol = _symbol(header_text)
    doc_type = _doc_type(symbol, header_text)
    paragraphs, found = _paragraphs(text, lines, starts, doc_type)
    paragraphs, asterisk_notes = _attach_footnotes(text, paragraphs, found)
    document_notes = header_notes + asterisk_notes
    fields = _metadata(header_text, document_notes, symbol, doc_type)
    return Document(
        source=source,
        text=text,
        language=detect_language(text),
        **fields,
        follow_up_paragraphs=(
            _follow_up_paragraphs(paragraphs)
            if fields["doc_type"] == "concluding observations"
            else ()
        ),
        header_spans=_header_spans(text, header, document_notes),
        footnotes=tuple(document_notes),
        paragraphs=tuple(paragraphs),
    )
