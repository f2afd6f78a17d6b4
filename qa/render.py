"""HTML for answers, hits and questions; every piece of document or user text is escaped. Pure."""

from __future__ import annotations

import base64
import re
from html import escape, unescape

from qa.answer_text import TEMPLATES
from qa.export import (
    citation_language,
    language_name,
    permalink,
    un_citation,
    version_languages,
    with_quote,
)
from qa.grades_view import grade_badge, grade_css
from qa.model import UNDOCS, Answer, Citation, Hit
from qa.reference import format_citation, format_items

KIND_LABELS = {
    "header": "document",
    "recommendation": "recommendation",
    "reply": "State party's reply",
    "assessment": "Committee's assessment",
}


def document_link(url: str | None, label: str | None) -> str:
    """A link to an official document; only undocs.org addresses become links."""
    if not url or not url.startswith(UNDOCS + "/"):
        return ""
    return (
        f'<a class="qa-link" href="{escape(url)}" target="_blank" rel="noopener noreferrer">'
        f"{escape(label or url)}</a>"
    )


def render_hit(hit: Hit, rank: int | None = None, items: tuple[str, ...] = ()) -> str:
    """One hit as an HTML card: citation, kind, grade badge, verbatim text (the sub-items of
    `items` marked), link."""
    chunk = hit.chunk
    number = f"{rank}. " if rank is not None else ""
    link = document_link(hit.url, chunk.symbol)
    kind = KIND_LABELS.get(chunk.kind, chunk.kind)
    return (
        '<div class="qa-hit">'
        f'<div class="qa-cite">{number}<strong>{escape(hit.citation)}</strong> '
        f"{grade_badge(chunk.grade)}"
        f'<span class="qa-kind">{escape(kind)}</span>{" · " + link if link else ""}'
        f"{_page_link(chunk.symbol, chunk.paragraph, chunk.items)}</div>"
        f'<div class="qa-title">{escape(chunk.title or "")}</div>'
        f'<blockquote class="qa-text" lang="{escape(chunk.language)}">'
        f"{marked_lines(chunk.text, items)}</blockquote>"
        f"{_copy_buttons(_hit_citation(hit), chunk.text)}"
        "</div>"
    )


def render_hits(hits: list[Hit], *, empty: str, items: tuple[str, ...] = ()) -> str:
    """A list of hits (the sub-items of `items` marked), or a plain message when none."""
    if not hits:
        return f'<p class="qa-empty">{escape(empty)}</p>'
    return "\n".join(render_hit(hit, rank, items) for rank, hit in enumerate(hits, 1))


def render_answer(answer: Answer) -> str:
    """An answer as one HTML block: the short answer, the quoted excerpts, related paragraphs.

    The block has no newline: a chat's Markdown renderer passes one HTML block through as is.
    """
    found = "qa-found" if answer.found else "qa-not-found"
    found += " qa-closest" if answer.closest else ""
    quoted = [c for c in answer.citations if c.quote and c.role != "related"]
    related = [c for c in answer.citations if c.role == "related"]
    parts = [f'<div class="qa-answer {found}" lang="{escape(answer.language)}">']
    parts.append(render_verdicts(answer))
    parts.append(f'<div class="qa-summary">{_lines(short_answer(answer))}</div>')
    parts.append(render_versions(answer))
    if quoted:
        parts.append(f'<div class="qa-heading">{escape(_label(answer, "passages"))}</div>')
        parts.extend(render_quote(citation, answer) for citation in quoted)
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


def render_quote(citation: Citation, answer: Answer | None = None) -> str:
    """A verbatim quote as a blockquote under its citation, grade badge and document link,
    with its language when it is not the answer's, and buttons copying the citation."""
    language = citation_language(answer, citation) if answer else None
    note = ""
    if answer and language and language != answer.language:
        note = f'<div class="qa-original">Original text in {escape(language_name(language))}</div>'
    lang = f' lang="{escape(language)}"' if language else ""
    return (
        f'<div class="qa-quote qa-role-{escape(citation.role)}"{lang}>'
        f"{_citation_head(citation)}{note}"
        f"<blockquote>{_lines(citation.quote or '')}</blockquote>"
        f"{_copy_buttons(un_citation(citation), None, with_quote(citation))}</div>"
    )


VERDICT_LABELS = {
    "not_implemented": "not implemented",
    "partially_implemented": "partially implemented",
    "implemented": "implemented",
}


def render_verdicts(answer: Answer) -> str:
    """The verdicts at a glance, each with its own sub-items and grade:
    '36 (a): not implemented [C] · 36 (b)–(e): not implemented [C]'. A verdict from a later
    paragraph of the same assessment says so (it may concern only some of its sub-items) and
    names the assessment's grade in words, not with a second badge whose label ('not
    implemented') would contradict its verdict ('partially implemented')."""
    parts, previous = [], None
    for citation in answer.citations:
        if citation.role != "verdict" or citation.paragraph is None:
            continue
        where = f"{citation.paragraph} {format_items(citation.items)}".strip()
        grade = grade_badge(citation.grade)
        if citation.chunk_id == previous:
            where += ", later paragraph"
            graded = f", grade {citation.grade}" if citation.grade else ""
            grade = f'<span class="qa-verdict-note">(same assessment{escape(graded)})</span>'
        previous = citation.chunk_id
        verdict = VERDICT_LABELS.get(citation.verdict or "", "no verdict")
        parts.append(
            f'<span class="qa-verdict"><strong>{escape(where)}</strong>: {escape(verdict)} '
            f"{grade}</span>"
        )
    if not parts:
        return ""
    return f'<div class="qa-verdicts">{" · ".join(parts)}</div>'


def render_versions(answer: Answer) -> str:
    """The language versions in which the cited paragraphs are indexed."""
    versions = version_languages(answer)
    if not answer.found or not versions:
        return ""
    names = ", ".join(language_name(code) for code in versions)
    return f'<div class="qa-versions">Indexed in: {escape(names)}</div>'


def _hit_citation(hit: Hit) -> str:
    chunk = hit.chunk
    return format_citation(chunk.symbol, chunk.paragraph, chunk.items, None, chunk.kind)


def _copy_buttons(citation: str, text: str | None, quoted: str | None = None) -> str:
    """'Copy citation' and 'Copy with quote' buttons: qa.ui_script copies their data-copy, or
    their title where the chat's sanitiser drops data attributes (the title shows it too)."""
    if quoted is None:
        quoted = f"“{(text or '').strip()}” ({citation})"
    return (
        '<div class="qa-copies">'
        f'<button type="button" class="qa-copy" data-copy="{escape(citation)}" '
        f'title="{escape(citation)}">Copy citation</button>'
        f'<button type="button" class="qa-copy qa-copy-quote" data-copy="{escape(quoted)}" '
        f'title="{escape(quoted)}">Copy with quote</button></div>'
    )


def _page_link(symbol: str | None, paragraph: int | None, items=()) -> str:
    """' · ¶ page': the paragraph's page inside the app (a permalink)."""
    link = permalink(symbol, paragraph, items)
    if not link:
        return ""
    return f' · <a class="qa-permalink" href="{escape(link)}" target="_blank">paragraph page</a>'


def _citation_head(citation: Citation, *, title: bool = False) -> str:
    """Citation, grade badge, kind, link (and the paragraph's title) on one line."""
    kind = KIND_LABELS.get(citation.kind, citation.kind)
    title = f' <span class="qa-title">{escape(citation.title)}</span>' if title else ""
    link = document_link(citation.url, citation.symbol)
    return (
        f'<div class="qa-cite"><strong>{escape(citation.citation)}</strong> '
        f"{grade_badge(citation.grade)}"
        f'<span class="qa-kind">{escape(kind)}</span>{title}'
        f"{' · ' + link if link else ''}"
        f"{_page_link(citation.symbol, citation.paragraph, citation.items)}</div>"
    )


def _label(answer: Answer, key: str) -> str:
    """A heading in the answer's language: the answer template without its colon."""
    return TEMPLATES.get(answer.language, TEMPLATES["en"])[key].rstrip(" :：")


def _lines(text: str) -> str:
    """Escaped text with its line breaks as <br> (so the HTML itself has no newline)."""
    return marked_lines(text)


_ITEM_LINE = re.compile(r"\s*[(（]?([a-z])[)）]")


def marked_lines(text: str, items: tuple[str, ...] = (), *, anchors: bool = False) -> str:
    """Escaped lines joined by <br>; a line opening a sub-item of `items` ('(b) ...', 'b) ...')
    marked, with an id ("item-b") for a link to reach when `anchors`."""
    lines = []
    for line in text.strip().splitlines():
        found = _ITEM_LINE.match(line) if items else None
        if found and found.group(1) in items:
            anchor = f' id="item-{found.group(1)}"' if anchors else ""
            lines.append(f'<mark class="qa-item"{anchor}>{escape(line)}</mark>')
        else:
            lines.append(escape(line))
    return "<br>".join(lines)


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


def render_coverage(covered) -> str:
    """What is indexed (a qa.coverage.Coverage) as one escaped line."""
    return f'<p class="qa-coverage">{escape(covered.summary())}</p>'


def render_download(content: bytes, media_type: str, name: str) -> str:
    """A download link carrying the file itself (a data: URL): nothing is stored on the server."""
    data = base64.b64encode(content).decode("ascii")
    kind = media_type.split(";")[0]
    return (
        f'<a class="qa-download" download="{escape(name)}" '
        f'href="data:{escape(kind)};base64,{data}">Download {escape(name)}</a>'
    )


def render_status(message: str) -> str:
    """An administration outcome (a line per file) as escaped HTML."""
    return f'<p class="qa-status">{_lines(message)}</p>'


def render_error(message: str) -> str:
    """An error message as escaped HTML."""
    return f'<p class="qa-error">{escape(message)}</p>'


CSS = """
mark.qa-item { background: #ffe9a8; outline: 2px solid #E69F00; color: inherit; }
.qa-hit { border: 1px solid #ddd; border-radius: 6px; padding: .6em .8em; margin: .5em 0; }
.qa-cite { font-size: .95em; line-height: 1.5; }
.qa-kind { color: #666; font-size: .85em; margin-left: .4em; }
.qa-title { color: #444; font-size: .85em; margin-top: .2em; }
.qa-text, .qa-quote blockquote {
  margin: .4em 0 0 0; padding: .1em 0 .1em .7em; border-left: 3px solid #8aa4c8;
  white-space: normal;
}
.qa-grade { font-weight: 600; font-size: .8em; padding: .05em .45em; border-radius: 9px;
  background: #eee; white-space: nowrap; border: 1px solid #0003; cursor: help; }
.qa-grade-label { font-weight: 400; }
.qa-verdicts { font-size: .95em; margin-bottom: .4em; padding: .3em .5em; background: #f4f6fa;
  border-radius: 6px; }
.qa-verdict { white-space: nowrap; }
.qa-versions, .qa-original { font-size: .8em; color: #555; margin: .2em 0; }
.qa-copies { margin-top: .3em; }
.qa-copy { font-size: .78em; border: 1px solid #bbb; border-radius: 4px; background: #fff;
  padding: .1em .5em; margin-right: .4em; cursor: pointer; }
.qa-copy.qa-copied { background: #e6f4ea; }
.qa-permalink { font-size: .85em; }
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
.qa-grades { border-collapse: collapse; width: 100%; font-size: .9em; }
.qa-grades th, .qa-grades td { border-bottom: 1px solid #e6e6e6; padding: .3em .5em;
  text-align: left; vertical-align: top; }
.qa-sort { font-weight: 600; background: none; border: none; cursor: pointer; padding: 0; }
.qa-coverage { font-size: .85em; color: #444; }
/* the chat's label sits above its messages, never over them */
#qa-chat { padding-top: 1.8em; }
""" + grade_css()


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
