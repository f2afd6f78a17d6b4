"""HTML for hits and documents; every piece of document or user text is escaped. Pure."""

from __future__ import annotations

from html import escape

from qa.model import Hit

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
    return f'<span class="qa-grade qa-grade-{escape(grade.lower())}">[{escape(grade)}]</span>'


def render_hit(hit: Hit, rank: int | None = None) -> str:
    """One hit as an HTML card: citation, kind, grade badge, verbatim text, link."""
    chunk = hit.chunk
    number = f"{rank}. " if rank is not None else ""
    link = (
        f' <a href="{escape(hit.url)}" target="_blank" rel="noopener noreferrer">'
        f"{escape(chunk.symbol or '')}</a>"
        if hit.url
        else ""
    )
    text = escape(chunk.text.strip()).replace("\n", "<br>")
    kind = KIND_LABELS.get(chunk.kind, chunk.kind)
    return (
        '<div class="qa-hit">'
        f'<div class="qa-cite">{number}<strong>{escape(hit.citation)}</strong> '
        f"{grade_badge(chunk.grade)} "
        f'<span class="qa-kind">{escape(kind)}</span>{link}</div>'
        f'<div class="qa-title">{escape(chunk.title or "")}</div>'
        f'<blockquote class="qa-text" lang="{escape(chunk.language)}">{text}</blockquote>'
        "</div>"
    )


def render_hits(hits: list[Hit], *, empty: str) -> str:
    """A list of hits, or a plain message when there are none."""
    if not hits:
        return f'<p class="qa-empty">{escape(empty)}</p>'
    return "\n".join(render_hit(hit, rank) for rank, hit in enumerate(hits, 1))


def render_error(message: str) -> str:
    """An error message as escaped HTML."""
    return f'<p class="qa-error">{escape(message)}</p>'


CSS = """
.qa-hit { border: 1px solid #ddd; border-radius: 6px; padding: .6em .8em; margin: .5em 0; }
.qa-cite { font-size: .95em; }
.qa-kind { color: #666; font-size: .85em; margin-left: .4em; }
.qa-title { color: #444; font-size: .85em; margin-top: .2em; }
.qa-text { margin: .4em 0 0 0; padding-left: .7em; border-left: 3px solid #bbb; }
.qa-grade { font-weight: bold; padding: 0 .3em; border-radius: 3px; background: #eee; }
.qa-grade-a { background: #c8e6c9; } .qa-grade-b { background: #fff3c4; }
.qa-grade-c { background: #ffcdd2; } .qa-grade-f { background: #e1e1f5; }
.qa-error { color: #b00020; }
"""
