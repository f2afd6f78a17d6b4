"""Parse the plain text of a committee document into a Document; here, follow-up assessments.

`parse_document` dispatches: follow-up assessments (Chinese or English) are parsed here, other
numbered documents by `index.parse_numbered`.

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

from index.countries import (
    SYMBOL_RE,
    committee_from_symbol,
    country_from_symbol,
    country_name,
    find_country,
)
from index.errors import ParseError
from index.model import (
    Assessment,
    Document,
    Footnote,
    Item,
    Recommendation,
    ReplyReference,
    Stakeholder,
)

DOC_TYPE = "follow-up assessment"

_SYMBOL = SYMBOL_RE.pattern
_COLON = r"\s*[:：]\s*"
_PARAGRAPH = r"(?:第\s*(\d+)\s*段|(?i:paragraphs?)\s+(\d+))"

_PARAGRAPH_HEADING = re.compile(rf"^{_PARAGRAPH}{_COLON}(\S.*)$")
_REPLY_HEADING = re.compile(
    r"^(?:缔约国的答复|State party['’]s (?:reply|response))\s*[:：]?$", re.I
)
_EVALUATION_LABEL = r"(?:委员会的评价|委员会的评估|Committee['’]s (?:evaluation|assessment))"
_EVALUATION_HEADING = re.compile(rf"^{_EVALUATION_LABEL}\s*[:：]?$", re.I)
_GRADE_HEADING = re.compile(rf"^\[([A-Z][A-Za-z0-9+-]{{0,3}})\]\s*[:：]?\s*{_PARAGRAPH}(.*)$")
_ITEM = re.compile(r"^[(（]([a-z]{1,4}|[一二三四五六七八九十]+)[)）]")
_FOOTNOTE = re.compile(r"^(?:(\*+)\s+|([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*)(\S.*)$")

_SUMMARY = re.compile(rf"^{_EVALUATION_LABEL}{_COLON}(\S.*)$", re.I)
_CO_LINE = re.compile(
    rf"^(?:结论性意见|Concluding observations)\s*[(（]([^)）]*)[)）]{_COLON}(.*)$"
)
_FOLLOW_UP_LINE = re.compile(rf"^(?:关于后续行动的段落|Follow-up paragraphs?){_COLON}(.*)$", re.I)
_REPLY_LINE = re.compile(
    rf"^(?:从缔约国收到的资料|Information received from (?:the )?State party){_COLON}(.*)$", re.I
)
_STAKEHOLDER_LINE = re.compile(
    rf"^(?:从利益攸关方收到的资料|Information received from stakeholders?){_COLON}(.*)$", re.I
)
_TABLE_LINES = (_CO_LINE, _FOLLOW_UP_LINE, _REPLY_LINE, _STAKEHOLDER_LINE, _SUMMARY)

_REPLY_SENTENCE = re.compile(
    rf"缔约国的答复载于\s*({_SYMBOL})\s*[,，]?\s*第\s*(\d+)\s*(?:(?:至|到|-|–|—)\s*第?\s*(\d+)\s*)?段。?"
    rf"|The State party['’]s (?:reply|response|information) (?:is|was) "
    rf"(?:contained|provided|included|set out) in (?:document )?({_SYMBOL}),?\s*"
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
_GRADE = re.compile(r"\[([^\]\s]+)\]")
_ROMAN = re.compile(r"^(?:i{1,3}|iv|vi{0,3}|ix|xi{0,3})$")

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


@dataclass(frozen=True)
class _Line:
    """One non-blank line: its stripped text and where that text sits in the document."""

    start: int
    end: int
    text: str


@dataclass
class _Block:
    """A structural heading line and the lines under it, up to the next structural heading."""

    kind: str
    heading: _Line
    match: re.Match[str]
    body: list[_Line] = field(default_factory=list)


# Numbers, dates and sessions


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


# Lines and blocks


def _lines(text: str) -> list[_Line]:
    """Every non-blank line of `text`, stripped, with its offsets."""
    lines = []
    for match in re.finditer(r"[^\n]+", text):
        stripped = match.group().strip()
        if stripped:
            start = match.start() + match.group().index(stripped[0])
            lines.append(_Line(start, start + len(stripped), stripped))
    return lines


def _heading(line: _Line) -> tuple[str, re.Match[str]] | None:
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


def _blocks(lines: list[_Line]) -> list[_Block]:
    """Group the lines after the header under their structural headings."""
    blocks: list[_Block] = []
    for line in lines:
        heading = _heading(line)
        if heading:
            blocks.append(_Block(heading[0], line, heading[1]))
        elif blocks:
            blocks[-1].body.append(line)
    return blocks


def _header_lines(lines: list[_Line]) -> list[_Line]:
    """The lines of the document header: down to the grades summary or the first heading."""
    for index, line in enumerate(lines):
        if _SUMMARY.match(line.text):
            return lines[: index + 1]
        if _heading(line):
            return lines[:index]
    return lines


def _footnote(line: _Line) -> Footnote | None:
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


def _item_marks(body: list[_Line]) -> list[tuple[int, str, _Line, _Line]]:
    """(level, letter, first line, last line) of each item; continuation lines extend it."""
    marks: list[tuple[int, str, _Line, _Line]] = []
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


def _items(text: str, body: list[_Line]) -> tuple[Item, ...]:
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


# Header


def _table_value(pattern: re.Pattern[str], header: list[_Line]) -> re.Match[str] | None:
    """The first header line matching a table-row pattern."""
    for line in header:
        match = pattern.match(line.text)
        if match:
            return match
    return None


def _symbol(text: str) -> str | None:
    """The first UN symbol in `text`, or None."""
    match = SYMBOL_RE.search(text)
    return match.group() if match else None


def _own_symbol_and_date(header: list[_Line]) -> tuple[str | None, str | None]:
    """The document's own symbol and date: from the lines above the header table."""
    symbol, date = None, None
    for line in header:
        if any(pattern.match(line.text) for pattern in _TABLE_LINES):
            break
        symbol = symbol or _symbol(line.text)
        if date is None and (_DATE_EN.fullmatch(line.text) or _DATE_ZH.fullmatch(line.text)):
            date = parse_date(line.text)
    return symbol, date


def _stakeholders(value: str) -> tuple[Stakeholder, ...]:
    """Stakeholders from a table value: "name, date; name, date" (dates optional)."""
    if re.fullmatch(r"\s*(?:None|Nil|N/A|无|-|—)?\s*[.。]?\s*", value, re.I):
        return ()
    stakeholders, position = [], 0
    dates = sorted([*_DATE_EN.finditer(value), *_DATE_ZH.finditer(value)], key=lambda m: m.start())
    for match in dates:
        name = _clean_name(value[position : match.start()])
        if name:
            stakeholders.append(Stakeholder(name, parse_date(match.group())))
        position = match.end()
    rest = _clean_name(value[position:])
    if rest:
        stakeholders.append(Stakeholder(rest, None))
    return tuple(stakeholders)


def _clean_name(name: str) -> str:
    """A stakeholder name without the separators and conjunctions around it."""
    name = name.strip(" \t,;，；、.。")
    return re.sub(r"^(?:and|和|及)\s*", "", name).strip()


def _grades_summary(value: str) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """Grades per paragraph from "16 [C] [B]、36 [C] [C]..." or "18 [B], 40 [C] [A] and 52 [D]"."""
    return tuple(
        (int(match.group(1)), tuple(_GRADE.findall(match.group(2))))
        for match in re.finditer(r"(\d+)\s*((?:\[[^\]\s]+\]\s*)+)", value)
    )


def _header_fields(header: list[_Line]) -> dict:
    """Document fields read from the header table (missing rows give None or ())."""
    symbol, date = _own_symbol_and_date(header)
    fields: dict = {"symbol": symbol, "date": date}
    co = _table_value(_CO_LINE, header)
    if co:
        fields.update(
            co_symbol=_symbol(co.group(2)),
            co_date=parse_date(co.group(2)),
            co_session=session_number(co.group(1)),
        )
    follow_up = _table_value(_FOLLOW_UP_LINE, header)
    if follow_up:
        fields["follow_up_paragraphs"] = tuple(map(int, re.findall(r"\d+", follow_up.group(1))))
    reply = _table_value(_REPLY_LINE, header)
    if reply:
        fields.update(reply_symbol=_symbol(reply.group(1)), reply_date=parse_date(reply.group(1)))
    stakeholders = _table_value(_STAKEHOLDER_LINE, header)
    if stakeholders:
        fields["stakeholders"] = _stakeholders(stakeholders.group(1))
    summary = _table_value(_SUMMARY, header)
    if summary:
        fields["grades_summary"] = _grades_summary(summary.group(1))
    return fields


def _state_fields(fields: dict, header_text: str) -> dict:
    """Committee, country code and State party, from the symbols or else the header's words."""
    symbols = [fields.get(name) for name in ("co_symbol", "reply_symbol", "symbol")]
    symbols = [symbol for symbol in symbols if symbol]
    committee = next(filter(None, map(committee_from_symbol, symbols)), None)
    code = next(filter(None, map(country_from_symbol, symbols)), None) or find_country(header_text)
    return {
        "committee": committee,
        "country_code": code,
        "state_party": country_name(code) if code else None,
    }


def _adoption_fields(footnotes: list[Footnote]) -> dict:
    """Adoption session and dates from the asterisk footnote ("Adopted by ... at its ...")."""
    for footnote in footnotes:
        session = session_number(footnote.text)
        if footnote.mark.startswith("*") and session is not None:
            return {"adoption_session": session, "adoption_dates": parse_date_range(footnote.text)}
    return {}


# Document


def _check_text(text: str, source: str) -> None:
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


def _document_footnotes(blocks: list[_Block], header: list[_Line]) -> list[Footnote]:
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


def _header_spans(header: list[_Line], footnotes: list[Footnote], text: str) -> tuple:
    """The header's span, then the whole line of each document footnote outside it."""
    spans = [(header[0].start, header[-1].end)] if header else []
    for footnote in footnotes:
        line_start = text.rfind("\n", 0, footnote.start) + 1
        if not spans or line_start >= spans[0][1]:
            spans.append((line_start, footnote.end))
    return tuple(spans)


def parse_document(text: str, source: str) -> Document:
    """Parse a committee document's plain text; raises ParseError naming `source`.

    Follow-up assessments (a grade heading, an evaluation heading or a header table row such as
    "Follow-up paragraphs:") go to the follow-up parser; other texts with numbered paragraphs to
    `index.parse_numbered`; texts with only "Paragraph 16: ..." headings to the follow-up parser.
    """
    _check_text(text, source)
    lines = _lines(text)
    if not _is_follow_up_assessment(lines):
        # Imported here: parse_numbered builds on this module's helpers.
        from index.parse_numbered import has_numbered_paragraphs, parse_numbered

        # without "Paragraph N:" headings it is numbered text, or nothing parse_numbered takes
        # (it raises then): only with them is the (second) scan for numbered paragraphs needed
        headed = any(_PARAGRAPH_HEADING.match(line.text) for line in lines)
        if not headed or has_numbered_paragraphs(text):
            return parse_numbered(text, source)
    return parse_follow_up_assessment(text, source)


def _is_follow_up_assessment(lines: list[_Line]) -> bool:
    """True when a line is a grade or evaluation heading or a follow-up header table row."""
    patterns = (_GRADE_HEADING, _EVALUATION_HEADING, *_TABLE_LINES)
    return any(pattern.match(line.text) for line in lines for pattern in patterns)


def parse_follow_up_assessment(text: str, source: str) -> Document:
    """Parse a follow-up assessment's plain text; raises ParseError naming `source`."""
    _check_text(text, source)
    lines = _lines(text)
    header = _header_lines(lines)
    blocks = _blocks(lines[len(header) :])
    _check_structure(blocks, source)
    footnotes = _document_footnotes(blocks, header)
    header_text = "\n".join(line.text for line in header)
    fields = _header_fields(header)
    return Document(
        source=source,
        text=text,
        doc_type=DOC_TYPE,
        language=detect_language(text),
        **fields,
        **_state_fields(fields, header_text),
        **_adoption_fields(footnotes),
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
