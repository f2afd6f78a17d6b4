"""Links that last: a paragraph's permalink (/p/CMW/C/AZE/CO/3/36?items=b) parsed as data, and
its page: every indexed language, the sub-items asked for highlighted, and its lineage
(recommendation → State party's reply → the Committee's assessments and grades). Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from index.domain.errors import BadRequest, QAError
from index.domain.symbols import parse_symbol
from qa.export import language_name
from qa.grades_view import grade_badge
from qa.model import Hit
from qa.reference import Reference, format_citation, parse_items
from qa.render import CSS, KIND_LABELS, _copy_buttons, document_link, marked_lines
from qa.ui_script import COPY_JS

MAX_PATH = 200
LINEAGE = ("recommendation", "reply", "assessment")
_PARAGRAPH = re.compile(r"(\d{1,4})\s*((?:\(?[a-z]\)?)*)", re.IGNORECASE)
_ITEMS = re.compile(r"[a-z]{0,26}", re.IGNORECASE)


@dataclass(frozen=True)
class PageRequest:
    """What a permalink asks for: the paragraph (symbol checked) and sub-items, a question."""

    reference: Reference
    question: str = ""


def parse_permalink(path: str, items: str = "", question: str = "") -> PageRequest:
    """'CMW/C/AZE/CO/3/36' (or '.../36b', '.../36(b)') as a Reference; BadRequest or BadSymbol
    (both 4xx) for anything else. The path is data: it never names a file."""
    if len(path) > MAX_PATH or len(items) > 26 or len(question) > 2000:
        raise BadRequest(f"the permalink is longer than {MAX_PATH} characters")
    symbol_text, _, last = path.strip("/").rpartition("/")
    match = _PARAGRAPH.fullmatch(last)
    if not symbol_text or not match:
        raise BadRequest(
            "a paragraph link names a document symbol then a paragraph number, "
            "e.g. p/CMW/C/AZE/CO/3/36 (sub-items: 36b or ?items=b)"
        )
    if not _ITEMS.fullmatch(items):
        raise BadRequest("items must be sub-item letters, e.g. ?items=b or ?items=bc")
    symbol = parse_symbol(symbol_text).text
    letters = parse_items(match.group(2)) if "(" in match.group(2) else tuple(match.group(2))
    letters = tuple(dict.fromkeys(letter.lower() for letter in (*letters, *items)))
    return PageRequest(Reference(int(match.group(1)), letters, symbol), question.strip())


def render_page(request: PageRequest, hits: list[Hit]) -> str:
    """The paragraph page (a whole HTML document): each kind in lineage order, every language."""
    reference = request.reference
    heading = format_citation(reference.symbol, reference.paragraph, reference.items, None)
    parts = [f"<h1>{escape(heading)}</h1>"]
    if request.question:
        parts.append(f'<p class="qa-asked">Question: {escape(request.question)}</p>')
    parts.append(_lineage_line(hits))
    for kind in LINEAGE:
        chunks = [hit.chunk for hit in hits if hit.chunk.kind == kind]
        if chunks:
            parts.append(f"<h2>{escape(_label(kind))}</h2>")
            parts.extend(_version(chunk, reference.items) for chunk in chunks)
    return _document(heading, "".join(parts))


def _lineage_line(hits: list[Hit]) -> str:
    kinds = {hit.chunk.kind for hit in hits}
    steps = [
        f'<span class="{"qa-step" if kind in kinds else "qa-step qa-missing"}">'
        f"{escape(_label(kind))}</span>"
        for kind in LINEAGE
    ]
    return f'<p class="qa-lineage">{" → ".join(steps)}</p>'


def _label(kind: str) -> str:
    label = KIND_LABELS.get(kind, kind)
    return label[:1].upper() + label[1:]


def _version(chunk, items: tuple[str, ...]) -> str:
    """One language version of one chunk; highlighted when it covers a requested sub-item."""
    covers = bool(items) and bool(set(items) & set(chunk.items))
    link = document_link(_url(chunk), chunk.symbol)
    citation = format_citation(chunk.symbol, chunk.paragraph, chunk.items, None, chunk.kind)
    return (
        f'<section class="qa-version{" qa-highlight" if covers else ""}" '
        f'lang="{escape(chunk.language)}" data-items="{escape("".join(chunk.items))}">'
        f'<div class="qa-cite"><strong>{escape(citation)}</strong> {grade_badge(chunk.grade)}'
        f'<span class="qa-kind">{escape(language_name(chunk.language))}</span>'
        f"{' · ' + link if link else ''}</div>"
        f'<div class="qa-title">{escape(chunk.title or "")}</div>'
        f'<blockquote class="qa-text">{marked_lines(chunk.text, items, anchors=True)}</blockquote>'
        f"{_copy_buttons(citation, chunk.text)}</section>"
    )


def _url(chunk) -> str | None:
    from qa.model import document_url

    return document_url(chunk.symbol, chunk.language)


def render_missing(message: str) -> str:
    """The page for a permalink that names nothing indexed (served with a 404)."""
    return _document("Not found", f'<h1>Not found</h1><p class="qa-error">{escape(message)}</p>')


def _document(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)} · Treaty-body QA</title>"
        f"<style>{CSS}{PAGE_CSS}</style>"
        f"<script>{COPY_JS}</script></head>"
        f'<body><p><a href="/">← Treaty-body QA</a></p><main>{body}</main></body></html>'
    )


def cite_or_missing(cite, request: PageRequest) -> tuple[str, int]:
    """(HTML, status) for a permalink: the page, or 404 when nothing is indexed there."""
    whole = Reference(request.reference.paragraph, (), request.reference.symbol)
    try:
        hits = cite(whole)
    except QAError as e:
        return render_missing(str(e)), 400
    if not hits:
        cited = un_citation_of(request.reference)
        return render_missing(f"{cited} is not in the index."), 404
    return render_page(request, hits), 200


def un_citation_of(reference: Reference) -> str:
    return format_citation(reference.symbol, reference.paragraph, reference.items, None)


PAGE_CSS = """
body { font-family: system-ui, sans-serif; max-width: 60em; margin: 1em auto; padding: 0 1em; }
.qa-version { border: 1px solid #ddd; border-radius: 6px; padding: .6em .8em; margin: .6em 0; }
.qa-highlight { border: 2px solid #0072B2; background: #f2f8fc; }
.qa-lineage { font-size: .95em; } .qa-missing { color: #999; text-decoration: line-through; }
"""
