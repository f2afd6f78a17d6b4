"""The answer's text in the question's language, from verified citations only: phrases from
qa/data/templates.toml, verdict lines, passages, look-ups, "not covered"."""

from __future__ import annotations

import re
import tomllib
from importlib import resources

from index.domain import committees, states
from qa.model import Citation, Hit
from qa.question import Question
from qa.reference import format_citation

_NEXT_REPORT = re.compile(
    r"下一?次定期报告|下一期定期报告|next periodic report|prochain rapport périodique"
    r"|próximo informe periódico|следующ\w* периодическ\w* доклад|التقرير الدوري المقبل",
    re.IGNORECASE,
)


def _load_templates() -> dict[str, dict]:
    """The answer phrases of qa/data/templates.toml, by language."""
    return tomllib.loads(resources.files("qa").joinpath("data/templates.toml").read_text("utf-8"))


TEMPLATES: dict[str, dict] = _load_templates()


def answer_language(question: Question) -> str:
    return question.language if question.language in TEMPLATES else "en"


def _quote(language: str, quote: str) -> str:
    return TEMPLATES[language]["quote"].format(quote)


def _verdict_line(language: str, citation: Citation, same_assessment: bool) -> str:
    """ "<citation>: <the Committee's verdict in the question's language>: “<its sentence>”"."""
    template = TEMPLATES[language]
    head = citation.citation + (template["further"] if same_assessment else "")
    if citation.verdict:
        statement = template["verdict"][citation.verdict]
    elif _NEXT_REPORT.search(citation.quote or ""):
        statement = template["next_report"]
    else:
        statement = template["no_verdict"]
    quote = _quote(language, citation.quote or "")
    if statement in (citation.quote or ""):
        return f"{head}{template['sep']}{quote}"
    return f"{head}{template['sep']}{statement}{template['sep']}{quote}"


def _verdict_lines(language: str, citations: list[Citation]) -> list[str]:
    lines, previous = [], None
    for citation in citations:
        lines.append(_verdict_line(language, citation, citation.chunk_id == previous))
        previous = citation.chunk_id
    return lines


def render_closest(question: Question, citations: tuple[Citation, ...]) -> str:
    """ "No passage clearly answers", then the closest match's verdicts and passages, labelled
    as such."""
    language = answer_language(question)
    template = TEMPLATES[language]
    lines = [template["unsure"], template["closest"]]
    lines.extend(_verdict_lines(language, [c for c in citations if c.role == "verdict"]))
    excerpts = [c for c in citations if c.role == "excerpt"]
    if excerpts:  # under the same heading as an answer's: the web page shows them apart
        lines.append(template["passages"])
        lines.extend(f"- {_quote(language, c.quote)} ({c.citation})" for c in excerpts)
    return "\n".join(lines)


def render_found(
    question: Question, citations: tuple[Citation, ...], notes: list[str], name_state=False
) -> str:
    """Notes, the verdicts, then the relevant passages, one per line; with `name_state`, led
    by the State the question names ("Andorra: ...")."""
    language = answer_language(question)
    template = TEMPLATES[language]
    verdicts = [citation for citation in citations if citation.role == "verdict"]
    excerpts = [citation for citation in citations if citation.role == "excerpt"]
    lines = [template[note] for note in notes]
    lines.extend(_verdict_lines(language, verdicts))
    if not verdicts and excerpts:
        lines.append(template["lead"].format(citation=excerpts[0].citation))
    if excerpts:
        lines.append(template["passages"])
        lines.extend(f"- {_quote(language, c.quote)} ({c.citation})" for c in excerpts)
    if name_state and question.state_party and lines:
        lines[0] = f"{_state_name(question, language)}{template['sep']}{lines[0]}"
    return "\n".join(lines)


def render_lookup(question: Question, citations: tuple[Citation, ...], hits: list[Hit]) -> str:
    """The paragraph's title, its recommendation, the reply reference, each assessment."""
    language = answer_language(question)
    template = TEMPLATES[language]
    reference = question.reference
    chunk = hits[0].chunk
    symbol = (reference.symbol if reference else None) or chunk.symbol
    paragraph = reference.paragraph if reference else chunk.paragraph
    heading = format_citation(symbol, paragraph, reference.items if reference else (), None)
    title = next((hit.chunk.title for hit in hits if hit.chunk.title), "")
    lines = [f"{heading}{template['sep']}{title}" if title else heading]
    for citation in citations:
        if citation.role == "summary":
            label = template.get(citation.kind, template["reply"])
            lines.append(f"{label}{template['sep']}{_quote(language, citation.quote)}")
    lines.extend(_verdict_lines(language, [c for c in citations if c.role == "verdict"]))
    return "\n".join(lines)


def _state_name(question: Question, language: str) -> str:
    """The State's name in the answer's language, else as the question resolved it."""
    code = states.code_of_name(question.state_party or "")
    return (states.state_name(code, language) if code else None) or question.state_party or ""


def render_not_found(question: Question, hits: list[Hit], related: tuple[Citation, ...]) -> str:
    """ "Not covered", the State that is not indexed, and the related paragraphs (no quotes)."""
    language = answer_language(question)
    template = TEMPLATES[language]
    lines = [template["not_found"]]
    indexed = {hit.chunk.state_party for hit in hits}
    if hits and question.state_party and question.state_party not in indexed:
        lines.append(template["state_missing"].format(state=_state_name(question, language)))
    if related:
        lines.append(template["related"])
        sep = template["sep"]
        lines.extend(
            f"- {c.citation}{sep}{c.title}" if c.title else f"- {c.citation}" for c in related
        )
    return "\n".join(lines)


def render_not_indexed(question: Question, what: str, name: str, indexed) -> str:
    """ "Andorra is not in the indexed documents; indexed: Kenya, Peru." in the answer's
    language (`what`: "state" or "committee", `name` and `indexed` as the index holds them)."""
    language = answer_language(question)
    template = TEMPLATES[language]
    named = _named(what, language)
    listed = ", ".join(named(value) for value in indexed) or "–"
    return template["not_indexed"].format(name=named(name), indexed=listed)


def _named(what: str, language: str):
    """A State's or committee's name in `language`, as the index spells it when unknown."""
    if what == "committee":
        return lambda code: committees.committee_name(code, language) or code
    return lambda name: states.state_name(states.code_of_name(name) or "", language) or name
