"""Questions about a document itself (when and at which session it was adopted, which
paragraphs were selected for follow-up, where the State party's reply is, the grades given
overall), answered from its parsed metadata: the header line that states each fact, quoted
verbatim. The header chunks come from the store in the question's scope (its State)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from index.domain.model import Filters
from qa.model import Hit
from qa.question import Question

MAX_HEADERS = 4

# What a document question asks for, in the six languages; none of them: every fact.
_ASKS = {
    "adoption": re.compile(
        r"adopt|session|\bwhen\b|quand|cuándo|когда|متى|何时|什么时候|哪一届|届会|通过|sesi[oó]n"
        r"|aprob|сесси|принят|دورة|اعتمد",
        re.IGNORECASE,
    ),
    "follow_up": re.compile(
        r"select|follow-up paragraphs|within \d+ months|suivi|seguimiento|последующ|متابعة"
        r"|后续|\d+\s*个月",
        re.IGNORECASE,
    ),
    "reply": re.compile(
        r"repl(?:y|ied)|réponse|respuesta|ответ|رد|答复|information received|submit",
        re.IGNORECASE,
    ),
    "grades": re.compile(
        r"grades?|overall|notes?\b|calificaci|оценк|تقدير|评级|等级|评分", re.IGNORECASE
    ),
}


def asked_facts(text: str) -> tuple[str, ...]:
    """The facts a document question asks for ("adoption", "follow_up", "reply", "grades")."""
    asked = tuple(fact for fact, pattern in _ASKS.items() if pattern.search(text))
    return asked or tuple(_ASKS)


def asks_reply(text: str) -> bool:
    """Whether a question asks for the State party's reply ("where is its reply?")."""
    return bool(_ASKS["reply"].search(text))


def fact_lines(header: str, details: Mapping, facts: Sequence[str]) -> list[str]:
    """The lines of a header block that state the asked facts, verbatim (a line is chosen by
    the parsed value it must contain, so the six languages' labels need no table)."""
    lines = [line.strip() for line in header.splitlines() if line.strip()]
    found: list[str] = []
    for fact in facts:
        for needle in _needles(fact, details):
            line = next((line for line in lines if needle(line)), None)
            if line and line not in found:
                found.append(line)
                break
    return found


def _needles(fact: str, details: Mapping) -> list:
    """Tests a header line must pass to state `fact` for this document."""
    if fact == "adoption":
        session = details.get("adoption_session") or details.get("session")
        return [_has_number(session)] if session else []
    if fact == "follow_up":
        paragraphs = details.get("follow_up_paragraphs") or []
        # the line listing the paragraphs, not the one grading them ("6 [B] and 8 [C]")
        return [_has_all(paragraphs, without="[")] if paragraphs else []
    if fact == "reply":
        symbol = details.get("reply_symbol")
        return [lambda line: symbol in line] if symbol else []
    if fact == "grades":
        marks = [
            f"[{g}]" for grades in (details.get("grades_summary") or {}).values() for g in grades
        ]
        return [lambda line: all(mark in line for mark in marks)] if marks else []
    return []


def _has_number(number) -> Callable[[str], bool]:
    # a session number, not a piece of a symbol ("CAT/C/83/2")
    pattern = re.compile(rf"(?<![\d/]){int(number)}(?![\d/])")
    return lambda line: bool(pattern.search(line))


def _has_all(numbers, *, without: str) -> Callable[[str], bool]:
    patterns = [re.compile(rf"(?<!\d){int(n)}(?!\d)") for n in numbers]
    return lambda line: without not in line and all(p.search(line) for p in patterns)


def document_facts(
    question: Question, wanted: Filters, store, records, *, several: bool
) -> list[tuple[Hit, str]]:
    """Header chunks in the question's scope (`wanted`'s State and committee) with their lines
    stating the facts asked; none when the scope is open and the index holds `several` States."""
    scope = Filters(kind="header", state_party=wanted.state_party, committee=wanted.committee)
    if scope.state_party is None and several:
        return []
    details = {record.source: record.details for record in records}
    asked = asked_facts(question.text)
    return [
        (Hit(chunk, 1.0), line)
        for chunk in store.get(scope)[:MAX_HEADERS]
        for line in fact_lines(chunk.text, details.get(chunk.source, {}), asked)
    ]


def headers_second(hits: list[Hit], store, filters: Filters, relevance) -> list[Hit]:
    """A question about the documents on one State: their headers (where adoption, follow-up
    paragraphs, reply and grades are stated), best first by `relevance`, after the best hit."""
    scope = Filters(kind="header", state_party=filters.state_party, committee=filters.committee)
    headers = store.get(scope)[:MAX_HEADERS]
    if not headers:
        return hits
    ranked = sorted(zip(headers, relevance(headers), strict=True), key=lambda pair: -pair[1])
    first = [Hit(chunk, 1.0, similarity=score) for chunk, score in ranked]
    ids = {hit.chunk.chunk_id for hit in first}
    rest = [hit for hit in hits if hit.chunk.chunk_id not in ids]
    return rest[:1] + first + rest[1:]
