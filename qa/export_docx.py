"""Word export (python-docx): each question, its answer and every source with its quote, grade
meaning and link; the only module writing .docx files."""

from __future__ import annotations

import io

import docx

from qa.export import Turn, citation_language, language_name, un_citation, version_languages
from qa.grades import grade_meaning


def to_docx(turns: list[Turn]) -> bytes:
    """The conversation as a .docx document (bytes)."""
    document = docx.Document()
    document.add_heading("Treaty-body QA: answers and sources", level=1)
    for number, turn in enumerate(turns, 1):
        document.add_heading(f"{number}. {' '.join(turn.question.split())}", level=2)
        for line in turn.answer.answer.strip().splitlines():
            document.add_paragraph(line)
        versions = version_languages(turn.answer)
        if versions:
            names = ", ".join(language_name(code) for code in versions)
            document.add_paragraph(f"Language versions indexed: {names}")
        if turn.answer.citations:
            document.add_heading("Sources", level=3)
        for citation in turn.answer.citations:
            _source(document, turn, citation)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _source(document, turn: Turn, citation) -> None:
    head = document.add_paragraph(style="List Bullet")
    head.add_run(un_citation(citation)).bold = True
    if citation.grade:
        head.add_run(f" — {grade_meaning(citation.grade) or '[' + citation.grade + ']'}")
    if citation.quote:
        language = citation_language(turn.answer, citation)
        note = f" ({language_name(language)} original)" if language != turn.answer.language else ""
        quote = document.add_paragraph(style="Quote")
        quote.add_run(f"“{citation.quote.strip()}”{note}")
    if citation.url:
        document.add_paragraph(citation.url)
