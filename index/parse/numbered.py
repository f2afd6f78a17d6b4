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

from index.domain.committees import committee_from_symbol
from index.domain.doc_types import annual_report_of, doc_type_of_title
from index.domain.errors import BadSymbol, ParseError
from index.domain.model import Document, Footnote, Paragraph
from index.domain.states import find_state, state_name
from index.domain.symbols import country_from_symbol, doc_type_for, find_symbols, is_certain_type
from index.parse.dates import chinese_numeral, date_of, session_of
from index.parse.numbered_lines import (
    PARAGRAPH_START,
    TERMINAL,
    TO_SUPERSCRIPT,
    Start,
    footnote_of,
    is_debris,
    is_footnote,
    is_heading_like,
    items_of,
    normalised_lines,
    paragraph_starts,
    section_of,
)
from index.parse.own_symbol import own_symbol, session_committee
from index.parse.text import NORMALISE, Line, detect_language

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


@dataclass(frozen=True)
class _Tail:
    """What follows a paragraph's last line of text: section, heading and footnote lines."""

    section: tuple[str, str] | None
    heading: str
    footnotes: tuple[Line, ...]


# Tails: what sits between a paragraph's text and the next paragraph


def _tail_start(lines: list[Line], first: int, end: int) -> int:
    """Index where the tail of lines[first:end] begins: headings, sections, footnotes, debris."""
    start = end
    for index in range(end - 1, first, -1):
        line = lines[index]
        if is_debris(line) or is_footnote(line) or section_of(line):
            start = index
        elif is_heading_like(line) and index > first and _ends_sentence(lines, first, index):
            start = index
        else:
            break
    return start


def _ends_sentence(lines: list[Line], first: int, index: int) -> bool:
    """True when the text line before `index` ends a sentence (or is a section/heading)."""
    for line in reversed(lines[first:index]):
        if is_debris(line) or is_footnote(line):
            continue
        return line.text[-1] in TERMINAL or section_of(line) is not None or is_heading_like(line)
    return False


def _tail(text: str, lines: list[Line]) -> _Tail:
    """Section, heading and footnotes of a tail. The heading is the last group of heading lines:
    lines with no blank line between are one wrapped heading unless one is numbered."""
    section, groups, footnotes = None, [], []
    previous: Line | None = None
    for line in lines:
        if is_footnote(line):
            footnotes.append(line)
        elif section_of(line):
            section, groups = section_of(line), []
        elif not is_debris(line):
            wrapped = previous is not None and "\n\n" not in text[previous.end : line.start]
            numbered = wrapped and any(PARAGRAPH_START.match(x.text) for x in (line, previous))
            if groups and wrapped and not numbered:
                groups[-1] = f"{groups[-1]} {_original(text, line)}"
            else:
                groups.append(_original(text, line))
            previous = line
            continue
        previous = None
    return _Tail(section, groups[-1] if groups else "", tuple(footnotes))


def _original(text: str, line: Line) -> str:
    return text[line.start : line.end]


def _header_tail(lines: list[Line], end: int) -> int:
    """Where the lines before paragraph 1 stop being header: at the last section line, if only
    headings, footnotes and debris follow it."""
    for index in range(end - 1, -1, -1):
        if section_of(lines[index]):
            rest = lines[index + 1 : end]
            if all(is_heading_like(line) or is_debris(line) or is_footnote(line) for line in rest):
                return index
            return end
    return end


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
    text: str, lines: list[Line], start_at: Start, context: _Context, doc_type: str
) -> tuple[Paragraph, list[Line]]:
    """A paragraph from its lines (start line first, tail excluded); also its footnote lines."""
    content = [line for line in lines if not is_debris(line) and not is_footnote(line)]
    start, end = lines[0].start, content[-1].end if content else lines[0].end
    items = items_of(text, lines[1:])
    intro_end = items[0].start if items else end
    return (
        Paragraph(
            number=start_at.number,
            label=start_at.label,
            kind=_kind(text[start:intro_end], doc_type),
            text=text[start:end],
            start=start,
            end=end,
            section=context.section,
            section_title=context.section_title,
            heading=context.heading,
            items=items,
        ),
        [line for line in lines if is_footnote(line)],
    )


def _kind(intro: str, doc_type: str) -> str:
    """ "question" in lists of issues, "recommendation" when the Committee recommends."""
    if doc_type == "list of issues":
        return "question"
    recommends = doc_type in ("concluding observations", "document") and _RECOMMENDS.search(intro)
    return "recommendation" if recommends else "paragraph"


def _paragraphs(
    text: str, lines: list[Line], starts: list[Start], doc_type: str
) -> tuple[list[Paragraph], list[list[Line]]]:
    """Every paragraph with its context, and the footnote lines found in each one's lines."""
    first = starts[0][0]
    header_end = _header_tail(lines, first)
    context = _Context().after(_tail(text, lines[header_end:first]))
    paragraphs, footnotes = [], []
    bounds = [start.index for start in starts] + [len(lines)]
    for start, next_index in zip(starts, bounds[1:], strict=True):
        tail_start = _tail_start(lines, start.index, next_index)
        lines_of = lines[start.index : tail_start]
        paragraph, notes = _paragraph(text, lines_of, start, context, doc_type)
        tail = _tail(text, lines[tail_start:next_index])
        paragraphs.append(paragraph)
        footnotes.append(notes + list(tail.footnotes))
        context = context.after(tail)
    return paragraphs, footnotes


# Footnotes


def _full_footnote(text: str, line: Line) -> Footnote:
    """A Footnote with its text taken from the original document."""
    footnote = footnote_of(line)
    assert footnote is not None
    return Footnote(footnote.mark, text[footnote.start : footnote.end], footnote.start, line.end)


def _cites(paragraph: Paragraph, mark: str) -> bool:
    """True when the paragraph's text carries the footnote mark as a superscript."""
    superscript = mark.translate(TO_SUPERSCRIPT)
    return bool(re.search(rf"(?<![⁰¹²³⁴⁵⁶⁷⁸⁹]){superscript}(?![⁰¹²³⁴⁵⁶⁷⁸⁹])", paragraph.text))


def _attach_footnotes(
    text: str, paragraphs: list[Paragraph], found: list[list[Line]]
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


def _doc_type(symbol: str | None, header: str) -> str:
    """The document type: the symbol's where its shape settles it (index.domain.symbols),
    else the title's (a CO/n/Add.1 titled "Concluding observations" is concluding
    observations, a D/ symbol titled "Decision adopted..." a decision), else the symbol's;
    a header carrying an annual report's official-records symbol (E/2018/22) is one."""
    try:
        by_symbol = doc_type_for(symbol) if symbol else "document"
        certain = bool(symbol) and is_certain_type(symbol)
    except BadSymbol:
        by_symbol, certain = "document", False
    if certain:
        return by_symbol
    by_title = doc_type_of_title(header)
    if by_title is None and by_symbol == "document" and annual_report_of(header):
        by_title = "annual report"
    return by_title or by_symbol


def _follow_up_paragraphs(paragraphs: list[Paragraph]) -> tuple[int, ...]:
    """The paragraph numbers the closing follow-up paragraph names, or ()."""
    numbers = {paragraph.number for paragraph in paragraphs}
    for paragraph in reversed(paragraphs):
        if not _FOLLOW_UP.search(paragraph.text):
            continue
        named = _named_paragraphs(paragraph.text.translate(NORMALISE))
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
    code = (country_from_symbol(symbol) if symbol else None) or find_state(_state_text(header))
    return {
        "doc_type": doc_type,
        "symbol": symbol,
        "co_symbol": symbol if doc_type == "concluding observations" else None,
        "committee": _committee(symbol, header),
        "country_code": code,
        "state_party": state_name(code) if code else None,
        "date": date_of(header),
        "session": session_of(notes) or session_of(header),
    }


def _committee(symbol: str | None, header: str) -> str | None:
    """The symbol's committee; the SPT for a CAT session document whose header names it."""
    committee = committee_from_symbol(symbol) if symbol else None
    if symbol and country_from_symbol(symbol) is None:
        return session_committee(committee, header)
    return committee


def _state_text(header: str) -> str:
    """The header without its symbols: a State's code inside another document's symbol
    ("CAT/C/PSE/1") is not its name."""
    for found in reversed(find_symbols(header)):
        header = header[: found.start] + " " * (found.end - found.start) + header[found.end :]
    return header


# Document


def _check_paragraphs(starts: list[Start], source: str) -> None:
    if not starts:
        raise ParseError(
            source,
            "no numbered paragraphs found; parse_document expects numbered paragraphs "
            "('1. The Committee considered...', Arabic '1- ...') or a follow-up assessment "
            "('Paragraph 16: ...', '[C]: paragraph 16 (a)'); check that the file is a committee "
            "document and that its paragraph numbers survived text extraction",
        )


def _header_spans(text: str, header: list[Line], notes: list[Footnote]) -> tuple:
    """The header's span, then the whole line of each document footnote outside it."""
    spans = [(header[0].start, header[-1].end)] if header else []
    for footnote in notes:
        line_start = text.rfind("\n", 0, footnote.start) + 1
        if not spans or line_start >= spans[0][1]:
            spans.append((line_start, footnote.end))
    return tuple(spans)


def parse_numbered(text: str, source: str) -> Document:
    """Parse a numbered committee document's plain text; raises ParseError naming `source`."""
    lines = normalised_lines(text)
    starts = paragraph_starts(lines)
    _check_paragraphs(starts, source)
    header = lines[: _header_tail(lines, starts[0][0])]
    header_text = "\n".join(text[line.start : line.end] for line in header)
    before = lines[: starts[0][0]]
    header_notes = [_full_footnote(text, line) for line in before if is_footnote(line)]
    symbol = own_symbol(header_text)
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
