"""Parse the plain text of a follow-up assessment (Chinese or English) into a Document.

The parser works on the text from `index.read.read_text` and recognises lines by what they say
("第16段: ...", "Paragraph 16: ...", "缔约国的答复", "[C]: 第 16 段(a)项"), never by Markdown
heading levels or bold markers. Every span points into the text it was given.

Decisions worth knowing:
* A ReplyReference spans the sentence that names the reply ("缔约国的答复载于 ...段。"), not the
  "缔约国的答复" heading above it: the heading says nothing a quote needs.
* Footnote spans cover the footnote's text after its mark; header spans cover whole lines
  (mark included). Asterisk footnotes ("* 委员会第三十九届会议...通过。") belong to the document
  wherever they sit; numbered footnotes belong to the recommendation whose section holds them.
* A recommendation ends with its last item (or last line of text), so footnotes after it are
  left out; an assessment runs from its grade heading to the next heading, trailing footnotes
  left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from index.domain.errors import ParseError
from index.domain.model import (
    Assessment,
    Document,
    Footnote,
    Item,
    Recommendation,
    ReplyReference,
)
from index.parse.follow_up_header import (
    COLON,
    EVALUATION_LABEL,
    SUMMARY,
    SYMBOL,
    TABLE_LINES,
    adoption_fields,
    header_fields,
    state_fields,
)
from index.parse.text import Line, detect_language, split_lines

DOC_TYPE = "follow-up assessment"

_PARAGRAPH = r"(?:第\s*(\d+)\s*段|(?i:paragraphs?)\s+(\d+))"

_PARAGRAPH_HEADING = re.compile(rf"^{_PARAGRAPH}{COLON}(\S.*)$")
_REPLY_HEADING = re.compile(
    r"^(?:缔约国的答复|State party['’]s (?:reply|response))\s*[:：]?$", re.I
)
_EVALUATION_HEADING = re.compile(rf"^{EVALUATION_LABEL}\s*[:：]?$", re.I)
_GRADE_HEADING = re.compile(rf"^\[([A-Z][A-Za-z0-9+-]{{0,3}})\]\s*[:：]?\s*{_PARAGRAPH}(.*)$")
_ITEM = re.compile(r"^[(（]([a-z]{1,4}|[一二三四五六七八九十]+)[)）]")
_FOOTNOTE = re.compile(r"^(?:(\*+)\s+|([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*)(\S.*)$")


_REPLY_SENTENCE = re.compile(
    rf"缔约国的答复载于\s*({SYMBOL})\s*[,，]?\s*第\s*(\d+)\s*(?:(?:至|到|-|–|—)\s*第?\s*(\d+)\s*)?段。?"
    rf"|The State party['’]s (?:reply|response|information) (?:is|was) "
    rf"(?:contained|provided|included|set out) in (?:document )?({SYMBOL}),?\s*"
    rf"paras?(?:\.|graphs?)?\s+(\d+)(?:\s*(?:-|–|—|to)\s*(\d+))?\.?"
)
_CONCLUSION = re.compile(
    r"委员会认为[^。]*?(?:执行|落实|实施|违背|相悖|拒绝)[^。]*。"
    r"|The Committee (?:considers|concludes|finds) that [^.]*?"
    r"(?:implemented|contrary|reject\w*)[^.]*\."
)
_ITEM_RANGE = re.compile(
    r"[(（]([a-z]+)[)）]\s*项?\s*(?:-|–|—|to|至|到)\s*[(（]([a-z]+)[)）]|[(（]([a-z]+)[)）]"
)
_ROMAN = re.compile(r"^(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3})$")


@dataclass
class _Block:
    """A structural heading line and the lines under it, up to the next structural heading."""

    kind: str
    heading: Line
    match: re.Match[str]
    body: list[Line] = field(default_factory=list)


# Lines and blocks


def _heading(line: Line) -> tuple[str, re.Match[str]] | None:
    """The kind of structural heading a line is, with its match; None for other lines."""
    for kind, pattern in (
        ("paragraph", _PARAGRAPH_HEADING),
        ("reply", _REPLY_HEADING),
        ("evaluation", _EVALUATION_HEADING),
        ("grade", _GRADE_HEADING),
    ):
        match = pattern.match(line.text)
        if match:
            return kind, match
    return None


def _blocks(lines: list[Line]) -> list[_Block]:
    """Group the lines after the header under their structural headings."""
    blocks: list[_Block] = []
    for line in lines:
        heading = _heading(line)
        if heading:
            blocks.append(_Block(heading[0], line, heading[1]))
        elif blocks:
            blocks[-1].body.append(line)
    return blocks


def _header_lines(lines: list[Line]) -> list[Line]:
    """The lines of the document header: down to the grades summary or the first heading."""
    for index, line in enumerate(lines):
        if SUMMARY.match(line.text):
            return lines[: index + 1]
        if _heading(line):
            return lines[:index]
    return lines


def _footnote(line: Line) -> Footnote | None:
    """The footnote a line holds ("* ...", "¹ ..."), or None."""
    match = _FOOTNOTE.match(line.text)
    if not match:
        return None
    mark = match.group(1) or match.group(2).translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789"))
    start = line.start + match.start(3)
    return Footnote(mark, match.group(3), start, line.end)


# Recommendations and items


def _item_level(letter: str, top_letter: str | None) -> int:
    """1 for a nested (一)/(i) sub-item, 0 for a lettered (a) item; "(i)" after "(h)" is 0."""
    if re.fullmatch(r"[一二三四五六七八九十]+", letter):
        return 1 if top_letter else 0
    if top_letter is None or not _ROMAN.match(letter):
        return 0
    follows = len(letter) == 1 and len(top_letter) == 1 and ord(letter) == ord(top_letter) + 1
    return 0 if follows else 1


def _item_marks(body: list[Line]) -> list[tuple[int, str, Line, Line]]:
    """(level, letter, first line, last line) of each item; continuation lines extend it."""
    marks: list[tuple[int, str, Line, Line]] = []
    top_letter: str | None = None
    open_item = False
    for line in body:
        match = _ITEM.match(line.text)
        if _footnote(line):
            open_item = False
        elif match:
            level = _item_level(match.group(1), top_letter)
            top_letter = match.group(1) if level == 0 else top_letter
            marks.append((level, match.group(1), line, line))
            open_item = True
        elif open_item and marks:
            marks[-1] = (*marks[-1][:3], line)
    return marks


def _items(text: str, body: list[Line]) -> tuple[Item, ...]:
    """The lettered items of a recommendation, each with its nested sub-items."""
    marks = _item_marks(body)
    items: list[Item] = []
    for index, (level, letter, first, last) in enumerate(marks):
        if level:
            continue
        nested = tuple(
            Item(sub_letter, text[sub_first.start : sub_last.end], sub_first.start, sub_last.end)
            for _, sub_letter, sub_first, sub_last in _nested_after(marks, index)
        )
        end = max(last.end, nested[-1].end) if nested else last.end
        items.append(Item(letter, text[first.start : end], first.start, end, nested))
    return tuple(items)


def _nested_after(marks: list, index: int) -> list:
    """The nested marks that follow the top-level mark at `index`, up to the next top-level one."""
    nested = []
    for mark in marks[index + 1 :]:
        if mark[0] == 0:
            break
        nested.append(mark)
    return nested


def _recommendation(text: str, block: _Block) -> Recommendation:
    """A recommendation from its paragraph block: heading through its last item or line."""
    items = _items(text, block.body)
    content = [line for line in block.body if not _footnote(line)]
    end = items[-1].end if items else (content[-1].end if content else block.heading.end)
    footnotes = tuple(
        footnote for footnote in map(_footnote, block.body) if footnote and footnote.mark != "*"
    )
    paragraph = int(block.match.group(1) or block.match.group(2))
    return Recommendation(
        paragraph=paragraph,
        title=block.match.group(3).strip(),
        text=text[block.heading.start : end],
        start=block.heading.start,
        end=end,
        items=items,
        footnotes=footnotes,
    )


# Replies and assessments


def _replies(text: str, blocks: list[_Block]) -> tuple[ReplyReference, ...]:
    """Reply references, each under the paragraph heading that precedes it."""
    replies = []
    paragraph: int | None = None
    for block in blocks:
        if block.kind == "paragraph":
            paragraph = int(block.match.group(1) or block.match.group(2))
        if block.kind == "grade" or paragraph is None:
            continue
        start, end = block.heading.start, block.body[-1].end if block.body else block.heading.end
        for match in _REPLY_SENTENCE.finditer(text, start, end):
            replies.append(_reply(paragraph, match))
    return tuple(replies)


def _reply(paragraph: int, match: re.Match[str]) -> ReplyReference:
    """A ReplyReference from a reply sentence, Chinese or English."""
    symbol, first, last = match.group(1, 2, 3) if match.group(1) else match.group(4, 5, 6)
    return ReplyReference(
        paragraph=paragraph,
        symbol=symbol,
        first=int(first),
        last=int(last or first),
        text=match.group(),
        start=match.start(),
        end=match.end(),
    )


def _heading_items(rest: str, source: str, heading: str) -> tuple[str, ...]:
    """The item letters a grade heading names; ranges like "(b)-(e)" are expanded."""
    letters: list[str] = []
    for match in _ITEM_RANGE.finditer(rest):
        first, last, single = match.groups()
        if single:
            letters.append(single)
            continue
        _check_range(first, last, source, heading)
        letters.extend(chr(code) for code in range(ord(first), ord(last) + 1))
    return tuple(dict.fromkeys(letters))


def _check_range(first: str, last: str, source: str, heading: str) -> None:
    """Refuse an item range that is not two single letters in order."""
    if len(first) != 1 or len(last) != 1 or first > last:
        raise ParseError(
            source,
            f"cannot expand the item range ({first})-({last}) in {heading!r}; "
            f"write it as single letters in order, e.g. ({min(first, last)})-({max(first, last)})",
        )


def _assessment(text: str, block: _Block, source: str) -> Assessment:
    """An assessment from its grade block: heading to the last line that is not a footnote."""
    content = [line for line in block.body if not _footnote(line)]
    end = content[-1].end if content else block.heading.end
    body = text[block.heading.start : end]
    conclusions = _CONCLUSION.findall(body)
    grade, paragraph, paragraph_en, rest = block.match.groups()
    return Assessment(
        paragraph=int(paragraph or paragraph_en),
        items=_heading_items(rest, source, block.heading.text),
        grade=grade,
        text=body,
        start=block.heading.start,
        end=end,
        conclusion=conclusions[-1] if conclusions else None,
    )


# Document


def check_text(text: str, source: str) -> None:
    """Refuse an empty text."""
    if not text.strip():
        raise ParseError(
            source, "the text is empty; read the file with index.read.read_text and check it"
        )


def _check_structure(blocks: list[_Block], source: str) -> None:
    """Refuse a text with no paragraph headings and no graded assessments."""
    if not any(block.kind in ("paragraph", "grade") for block in blocks):
        raise ParseError(
            source,
            "no follow-up paragraphs or assessments found; is this a follow-up assessment? "
            "parse_document expects headings such as '第16段: ...' or 'Paragraph 16: ...' "
            "and grades such as '[C]: 第 16 段(a)项' or '[C]: paragraph 16 (a)'",
        )


def _document_footnotes(blocks: list[_Block], header: list[Line]) -> list[Footnote]:
    """Footnotes that belong to the document: asterisk ones, and any outside a recommendation."""
    footnotes = []
    for line in header:
        footnotes.append(_footnote(line))
    for block in blocks:
        for line in block.body:
            footnote = _footnote(line)
            if footnote and (footnote.mark.startswith("*") or block.kind != "paragraph"):
                footnotes.append(footnote)
    return [footnote for footnote in footnotes if footnote]


def _header_spans(header: list[Line], footnotes: list[Footnote], text: str) -> tuple:
    """The header's span, then the whole line of each document footnote outside it."""
    spans = [(header[0].start, header[-1].end)] if header else []
    for footnote in footnotes:
        line_start = text.rfind("\n", 0, footnote.start) + 1
        if not spans or line_start >= spans[0][1]:
            spans.append((line_start, footnote.end))
    return tuple(spans)


def has_paragraph_headings(text: str) -> bool:
    """True when a line is a "Paragraph 16: ..." / "第16段: ..." heading."""
    return any(_PARAGRAPH_HEADING.match(line.text) for line in split_lines(text))


def is_follow_up_assessment(text: str) -> bool:
    """True when a line is a grade or evaluation heading or a follow-up header table row."""
    return _is_follow_up_assessment(split_lines(text))


def _is_follow_up_assessment(lines: list[Line]) -> bool:
    """True when a line is a grade or evaluation heading or a follow-up header table row."""
    patterns = (_GRADE_HEADING, _EVALUATION_HEADING, *TABLE_LINES)
    return any(pattern.match(line.text) for line in lines for pattern in patterns)


def parse_follow_up_assessment(text: str, source: str) -> Document:
    """Parse a follow-up assessment's plain text; raises ParseError naming `source`."""
    check_text(text, source)
    lines = split_lines(text)
    header = _header_lines(lines)
    blocks = _blocks(lines[len(header) :])
    _check_structure(blocks, source)
    footnotes = _document_footnotes(blocks, header)
    header_text = "\n".join(line.text for line in header)
    fields = header_fields(header)
    return Document(
        source=source,
        text=text,
        doc_type=DOC_TYPE,
        language=detect_language(text),
        **fields,
        **state_fields(fields, header_text),
        **adoption_fields(footnotes),
        header_spans=_header_spans(header, footnotes, text),
        footnotes=tuple(footnotes),
        recommendations=tuple(
            _recommendation(text, block) for block in blocks if block.kind == "paragraph"
        ),
        replies=_replies(text, blocks),
        assessments=tuple(
            _assessment(text, block, source) for block in blocks if block.kind == "grade"
        ),
    )
