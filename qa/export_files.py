"""An answer exported as a file: Markdown, CSV or Word (.docx), with its media type and name."""

from __future__ import annotations

from index.domain.errors import BadRequest
from qa.export import Turn, ask_turns, to_csv, to_markdown
from qa.export_docx import to_docx

FORMATS = ("md", "csv", "docx")


MEDIA_TYPES = {
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def export(turns: list[Turn], fmt: str) -> tuple[bytes, str, str]:
    """(content, media type, file name) of the turns in `fmt` (one of FORMATS)."""
    if fmt == "md":
        content = to_markdown(turns).encode("utf-8")
    elif fmt == "csv":
        content = ("\ufeff" + to_csv(turns)).encode("utf-8")  # BOM: spreadsheets read UTF-8
    elif fmt == "docx":
        content = to_docx(turns)
    else:
        raise BadRequest(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    return content, MEDIA_TYPES[fmt], f"treaty-qa-answer.{fmt}"


def export_chat(engine, questions: list[str], fmt: str, last_only: bool, filters=None):
    """The chat's answers as a file, asked again (answers are deterministic, so nothing is
    kept per session): (content, media type, file name); the last answer only if asked."""
    if not questions:
        raise BadRequest("ask a question first: there is no answer to export yet")
    if fmt not in FORMATS:
        raise BadRequest(f"choose a format: {', '.join(FORMATS)}")
    turns = ask_turns(engine, questions, filters=filters)
    return export(turns[-1:] if last_only else turns, fmt)
