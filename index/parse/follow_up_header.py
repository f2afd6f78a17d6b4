"""The header of a follow-up assessment: its table rows (the concluding observations, the follow-up
paragraphs, the reply, stakeholders, the grades summary), its own symbol, date and State."""

from __future__ import annotations

import re

from index.domain.committees import committee_from_symbol
from index.domain.model import Footnote, Stakeholder
from index.domain.states import find_state, state_name
from index.domain.symbols import SYMBOL_RE, country_from_symbol
from index.parse.dates import date_matches, is_date, parse_date, parse_date_range, session_number
from index.parse.text import Line

SYMBOL = SYMBOL_RE.pattern
COLON = r"\s*[:：]\s*"
EVALUATION_LABEL = r"(?:委员会的评价|委员会的评估|Committee['’]s (?:evaluation|assessment))"
GRADE = re.compile(r"\[([^\]\s]+)\]")
SUMMARY = re.compile(rf"^{EVALUATION_LABEL}{COLON}(\S.*)$", re.I)
_CO_LINE = re.compile(rf"^(?:结论性意见|Concluding observations)\s*[(（]([^)）]*)[)）]{COLON}(.*)$")
_FOLLOW_UP_LINE = re.compile(rf"^(?:关于后续行动的段落|Follow-up paragraphs?){COLON}(.*)$", re.I)
_REPLY_LINE = re.compile(
    rf"^(?:从缔约国收到的资料|Information received from (?:the )?State party){COLON}(.*)$", re.I
)
_STAKEHOLDER_LINE = re.compile(
    rf"^(?:从利益攸关方收到的资料|Information received from stakeholders?){COLON}(.*)$", re.I
)
TABLE_LINES = (_CO_LINE, _FOLLOW_UP_LINE, _REPLY_LINE, _STAKEHOLDER_LINE, SUMMARY)


def _table_value(pattern: re.Pattern[str], header: list[Line]) -> re.Match[str] | None:
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


def _own_symbol_and_date(header: list[Line]) -> tuple[str | None, str | None]:
    """The document's own symbol and date: from the lines above the header table."""
    symbol, date = None, None
    for line in header:
        if any(pattern.match(line.text) for pattern in TABLE_LINES):
            break
        symbol = symbol or _symbol(line.text)
        if date is None and is_date(line.text):
            date = parse_date(line.text)
    return symbol, date


def _stakeholders(value: str) -> tuple[Stakeholder, ...]:
    """Stakeholders from a table value: "name, date; name, date" (dates optional)."""
    if re.fullmatch(r"\s*(?:None|Nil|N/A|无|-|—)?\s*[.。]?\s*", value, re.I):
        return ()
    stakeholders, position = [], 0
    dates = date_matches(value)
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
        (int(match.group(1)), tuple(GRADE.findall(match.group(2))))
        for match in re.finditer(r"(\d+)\s*((?:\[[^\]\s]+\]\s*)+)", value)
    )


def header_fields(header: list[Line]) -> dict:
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
    summary = _table_value(SUMMARY, header)
    if summary:
        fields["grades_summary"] = _grades_summary(summary.group(1))
    return fields


def state_fields(fields: dict, header_text: str) -> dict:
    """Committee, country code and State party, from the symbols or else the header's words."""
    symbols = [fields.get(name) for name in ("co_symbol", "reply_symbol", "symbol")]
    symbols = [symbol for symbol in symbols if symbol]
    committee = next(filter(None, map(committee_from_symbol, symbols)), None)
    code = next(filter(None, map(country_from_symbol, symbols)), None) or find_state(header_text)
    return {
        "committee": committee,
        "country_code": code,
        "state_party": state_name(code) if code else None,
    }


def adoption_fields(footnotes: list[Footnote]) -> dict:
    """Adoption session and dates from the asterisk footnote ("Adopted by ... at its ...")."""
    for footnote in footnotes:
        session = session_number(footnote.text)
        if footnote.mark.startswith("*") and session is not None:
            return {"adoption_session": session, "adoption_dates": parse_date_range(footnote.text)}
    return {}
