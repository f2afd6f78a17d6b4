"""HTML for answers, hits and questions; every piece of document or user text is escaped. Pure."""

from __future__ import annotations

import re
from html import escape, unescape

from qa.answer_text import TEMPLATES
from qa.model import UNDOCS, Answer, Citation, Hit

KIND_LABELS = {
    "header": "document",
    "recommendation": "recommendation",
    "reply": "State party's reply",
    "assessment": "Committee's assessment",
}


def grade_badge(grade: str | None) -> str:
    """A small badge for a grade letter, or nothing."""
    if not grade:
        return ""
    return f'<span class="qa-grade qa-grade-{escape(grade.lower())}">grade {escape(grade)}</span>'


def document_link(url: str | None, label: str | None) -> str:
    """A link to an official document; only undocs.org addresses become links."""
    if not url or not url.startswith(UNDOCS + "/"):
        return ""
    return (
        f'<a class="qa-link" href="{escape(url)}" target="_blank" rel="noopener noreferrer">'
        f"{escape(label or url)}</a>"
    )


def render_hit(hit: Hit, rank: int | None = None) -> str:
    """One hit as an HTML card: citation, kind, grade badge, verbatim text, link."""
    chunk = hit.chunk
    number = f"{rank}. " if rank is not None else ""
    link = document_link(hit.url, chunk.symbol)
    kind = KIND_LABELS.get(chunk.kind, chunk.kind)
    return (
        '<div class="qa-hit">'
        f'<div class="qa-cite">{number}<strong>{escape(hit.citation)}</strong> '
        f"{grade_badge(chunk.grade)}"
        f'<span class="qa-kind">{escape(kind)}</span>{" · " + link if link else ""}</div>'
        f'<div class="qa-title">{escape(chunk.title or "")}</div>'
        f'<blockquote class="qa-text" lang="{escape(chunk.language)}">'
        f"{_lines(chunk.text)}</blockquote>"
        "</div>"
    )


def render_hits(hits: list[Hit], *, empty: str) -> str:
    """A list of hits, or a plain message when there are none."""
    if not hits:
        return f'<p class="qa-empty">{escape(empty)}</p>'
    return "\n".join(render_hit(hit, rank) for rank, hit in enumerate(hits, 1))


def render_answer(answer: Answer) -> str:
    """An answer as one HTML block: the short answer, the quoted excerpts, related paragraphs.

    The block has no newline: a chat's Markdown renderer passes one HTML block through as is.
    """
    found = "qa-found" if answer.found else "qa-not-found"
    quoted = [c for c in answer.citations if c.quote and c.role != "related"]
    related = [c for c in answer.citations if c.role == "related"]
    parts = [f'<div class="qa-answer {found}" lang="{escape(answer.language)}">']
    parts.append(f'<div class="qa-summary">{_lines(short_answer(answer))}</div>')
    if quoted:
        parts.append(f'<div class="qa-heading">{escape(_label(answer, "passages"))}</div>')
        parts.extend(render_quote(citation) for citation in quoted)
    if related:
        parts.append(f'<div class="qa-heading">{escape(_label(answer, "related"))}</div>')
        items = "".join(
            f"<li>{_citation_head(citation, title=bool(citation.title))}</li>"
            for citation in related
        )
        parts.append(f'<ul class="qa-related">{items}</ul>')
    parts.append("</div>")
    return "".join(parts)


def short_answer(answer: Answer) -> str:
    """The answer text without its list of passages or related paragraphs (shown apart)."""
    template = TEMPLATES.get(answer.language, TEMPLATES["en"])
    lines = answer.answer.splitlines()
    for number, line in enumerate(lines):
        if line.strip() in (template["passages"], template["related"]):
            return "\n".join(lines[:number]).strip()
    return answer.answer.strip()


def render_quote(citation: Citation) -> str:
    """A verbatim quote as a blockquote under its citation, grade badge and document link."""
    return (
        f'<div class="qa-quote qa-role-{escape(citation.role)}">'
        f"{_citation_head(citation)}"
        f"<blockquote>{_lines(citation.quote or '')}</blockquote></div>"
    )


def _citation_head(citation: Citation, *, title: bool = False) -> str:
    """Citation, grade badge, kind, link (and the paragraph's title) on one line."""
    kind = KIND_LABELS.get(citation.kind, citation.kind)
    title = f' <span class="qa-title">{escape(citation.title)}</span>' if title else ""
    link = document_link(citation.url, citation.symbol)
    return (
        f'<div class="qa-cite"><strong>{escape(citation.citation)}</strong> '
        f"{grade_badge(citation.grade)}"
        f'<span class="qa-kind">{escape(kind)}</span>{title}'
        f"{' · ' + link if link else ''}</div>"
    )


def _label(answer: Answer, key: str) -> str:
    """A heading in the answer's language: the answer template without its colon."""
    return TEMPLATES.get(answer.language, TEMPLATES["en"])[key].rstrip(" :：")


def _lines(text: str) -> str:
    """Escaped text with its line breaks as <br> (so the HTML itself has no newline)."""
    return "<br>".join(escape(line) for line in text.strip().splitlines())


def render_question(question: str) -> str:
    """A user's question as escaped HTML for the chat; `question_of` turns it back."""
    return f'<div class="qa-question">{_lines(question)}</div>'


def question_of(message: str) -> str:
    """The question the user typed, from its `render_question` HTML (plain text passes too)."""
    text = re.sub(r"<br\s*/?>", "\n", message)
    return unescape(re.sub(r"<[^>]*>", "", text)).strip()


DOCUMENT_COLUMNS = ("Source", "Symbol", "Type", "Language", "State party", "Chunks", "Indexed")


def render_documents(records) -> str:
    """The indexed documents (store DocumentRecords) as an HTML table, or a plain message."""
    if not records:
        return '<p class="qa-empty">No document is indexed.</p>'
    head = "".join(f"<th>{escape(column)}</th>" for column in DOCUMENT_COLUMNS)
    rows = "".join(_document_row(record) for record in records)
    return (
        f'<table class="qa-documents"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'
    )


def _document_row(record) -> str:
    cells = (
        record.source,
        record.symbol or record.co_symbol or "",
        record.doc_type or "",
        record.language or "",
        record.state_party or "",
        str(record.chunk_count),
        _indexed_at(record.indexed_at),
    )
    return "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in cells) + "</tr>"


def _indexed_at(stamp: str | None) -> str:
    """An ISO UTC time stamp as "2025-01-31 12:00:00 UTC" (empty when unknown)."""
    if not stamp:
        return ""
    return stamp.replace("T", " ").replace("+00:00", " UTC")


def render_status(message: str) -> str:
    """An administration outcome (a line per file) as escaped HTML."""
    return f'<p class="qa-status">{_lines(message)}</p>'


def render_error(message: str) -> str:
    """An error message as escaped HTML."""
    return f'<p class="qa-error">{escape(message)}</p>'


CSS = """
.qa-hit { border: 1px solid #ddd; border-radius: 6px; padding: .6em .8em; margin: .5em 0; }
.qa-cite { font-size: .95em; line-height: 1.5; }
.qa-kind { color: #666; font-size: .85em; margin-left: .4em; }
.qa-title { color: #444; font-size: .85em; margin-top: .2em; }
.qa-text, .qa-quote blockquote {
  margin: .4em 0 0 0; padding: .1em 0 .1em .7em; border-left: 3px solid #8aa4c8;
  white-space: normal;
}
.qa-grade { font-weight: 600; font-size: .8em; padding: .05em .45em; border-radius: 9px;
  background: #eee; white-space: nowrap; }
.qa-grade-a { background: #c8e6c9; } .qa-grade-b { background: #fff3c4; }
.qa-grade-c { background: #ffcdd2; } .qa-grade-d { background: #f8bbd0; }
.qa-grade-e { background: #d7ccc8; } .qa-grade-f { background: #e1e1f5; }
.qa-error { color: #b00020; }
.qa-summary { font-weight: 500; margin-bottom: .5em; }
.qa-not-found .qa-summary { color: #8a4b00; }
.qa-heading { font-size: .8em; text-transform: uppercase; letter-spacing: .04em; color: #666;
  margin: .7em 0 .2em 0; }
.qa-quote { margin: .7em 0 0 0; padding-top: .5em; border-top: 1px solid #e6e6e6; }
.qa-quote blockquote { margin-top: .25em; margin-bottom: 0; }
.qa-cite strong { font-size: 1em; font-weight: 650; }
.qa-related { margin: .2em 0 0 1.2em; padding: 0; }
.qa-link { font-size: .85em; }
#qa-sources { max-height: 640px; overflow-y: auto; }
.qa-documents { border-collapse: collapse; width: 100%; font-size: .9em; }
.qa-documents th, .qa-documents td { border-bottom: 1px solid #e6e6e6; padding: .3em .5em;
  text-align: left; vertical-align: top; }
.qa-documents td:nth-child(6) { text-align: right; }
"""


def render_inspection(inspection) -> str:
    """A compact HTML view of an index.inspect.Inspection: fields, paragraph numbers, warnings."""
    fields = "".join(
        f"<li>{escape(name)}: {escape(str(value))}</li>"
        for name, value in inspection.fields.items()
        if value is not None
    )
    numbers = ", ".join(
        entry.number + (f"({''.join(entry.items)})" if entry.items else "")
        for entry in inspection.paragraphs
    )
    warnings = "".join(f"<li>{escape(warning)}</li>" for warning in inspection.warnings)
    return (
        f'<div class="qa-inspection"><h4>{escape(inspection.source)}</h4><ul>{fields}</ul>'
        f"<p>{len(inspection.paragraphs)} paragraphs: {escape(numbers)}</p>"
        + (f'<ul class="qa-warnings">{warnings}</ul>' if warnings else "")
        + "</div>"
    )


def document_choices(records) -> list[tuple[str, str]]:
    """(label, source) for each indexed document, "any" first."""
    choices = [("All documents", "")]
    for record in records:
        symbol = record.symbol or record.co_symbol
        label = f"{symbol} · {record.source}" if symbol else record.source
        choices.append((label, record.source))
    return choices
