"""Take an answer away: UN-style citations to copy, and a conversation (or one answer) with all
its sources as Markdown, CSV (one row per citation) or Word (.docx,
qa.export_docx). Pure."""

from __future__ import annotations

import csv
import io
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import quote

from qa.grades import grade_meaning
from qa.model import Answer, Citation
from qa.reference import format_citation

CSV_COLUMNS = ("symbol", "paragraph", "items", "grade", "quote", "link", "language", "citation")
_URL_LANGUAGE = re.compile(r"^https://undocs\.org/([a-z]{2})/")


@dataclass(frozen=True)
class Turn:
    """One question of the conversation and the answer it got."""

    question: str
    answer: Answer


@cache
def languages() -> dict[str, dict]:
    """The UN languages' names by code (qa/data/languages.toml)."""
    text = resources.files("qa").joinpath("data/languages.toml").read_text("utf-8")
    return tomllib.loads(text)


def language_name(code: str | None) -> str:
    """'Chinese (中文)' for 'zh'; the code itself when it is not a UN language."""
    entry = languages().get(code or "")
    if not entry:
        return code or "unknown"
    return entry["name"] if entry["own"] == entry["name"] else f"{entry['name']} ({entry['own']})"


def un_citation(citation: Citation) -> str:
    """The citation as a submission writes it, without the grade: 'CMW/C/AZE/CO/3, para. 36 (b)'."""
    return format_citation(citation.symbol, citation.paragraph, citation.items, None, citation.kind)


def with_quote(citation: Citation) -> str:
    """'“<verbatim quote>” (CMW/C/AZE/CO/3, para. 36 (b))'."""
    return f"“{(citation.quote or '').strip()}” ({un_citation(citation)})"


def permalink(symbol: str | None, paragraph: int | None, items=()) -> str | None:
    """The paragraph page inside the app, e.g. '/p/CMW/C/AZE/CO/3/36?items=b'."""
    if not symbol or paragraph is None:
        return None
    suffix = f"?items={''.join(items)}" if items else ""
    return f"/p/{quote(symbol)}/{paragraph}{suffix}"


def citation_language(answer: Answer, citation: Citation) -> str | None:
    """The language of the cited text: its chunk's among the answer's hits, else its link's."""
    for hit in answer.hits:
        for chunk in (hit.chunk, *hit.versions):
            if chunk.chunk_id == citation.chunk_id:
                return chunk.language
    match = _URL_LANGUAGE.match(citation.url or "")
    return match.group(1) if match else None


def version_languages(answer: Answer) -> list[str]:
    """Every language in which the answer's cited paragraphs are indexed, question's first."""
    cited = {c.chunk_id for c in answer.citations}
    found: list[str] = []
    for hit in answer.hits:
        chunks = (hit.chunk, *hit.versions)
        if any(chunk.chunk_id in cited for chunk in chunks):
            found.extend(chunk.language for chunk in chunks if chunk.language not in found)
    for citation in answer.citations:
        language = citation_language(answer, citation)
        if language and language not in found:
            found.append(language)
    return sorted(found, key=lambda code: code != answer.language)


def ask_turns(engine, questions: list[str], history=(), filters=None) -> list[Turn]:
    """Each question asked of `engine` with the ones before it as its chat history."""
    turns, asked = [], [m["content"] for m in history if m.get("role") == "user"]
    for question in questions:
        turns.append(Turn(question, engine.ask(question, history=list(asked), filters=filters)))
        asked.append(question)
    return turns


def citation_rows(turns: list[Turn]) -> list[dict]:
    """One row per citation (CSV_COLUMNS), in the order the answers give them."""
    rows = []
    for turn in turns:
        for citation in turn.answer.citations:
            rows.append(
                {
                    "symbol": citation.symbol or "",
                    "paragraph": "" if citation.paragraph is None else citation.paragraph,
                    "items": "".join(f"({item})" for item in citation.items),
                    "grade": citation.grade or "",
                    "quote": citation.quote or "",
                    "link": citation.url or "",
                    "language": citation_language(turn.answer, citation) or "",
                    "citation": un_citation(citation),
                }
            )
    return rows


def to_csv(turns: list[Turn]) -> str:
    """The citations as CSV with a header row (UTF-8; a spreadsheet opens it as is)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(citation_rows(turns))
    return out.getvalue()


def to_markdown(turns: list[Turn]) -> str:
    """Each question, its answer and every source: citation, grade meaning, quote, link."""
    lines = ["# Treaty-body QA: answers and sources", ""]
    for number, turn in enumerate(turns, 1):
        lines += [f"## {number}. {_one_line(turn.question)}", "", turn.answer.answer.strip(), ""]
        versions = version_languages(turn.answer)
        if versions:
            names = ", ".join(language_name(code) for code in versions)
            lines += [f"Language versions indexed: {names}", ""]
        if turn.answer.citations:
            lines += ["### Sources", ""]
        for citation in turn.answer.citations:
            lines += _markdown_source(turn.answer, citation)
    return "\n".join(lines).rstrip() + "\n"


def _markdown_source(answer: Answer, citation: Citation) -> list[str]:
    head = f"- **{un_citation(citation)}**"
    if citation.grade:
        head += f" — {grade_meaning(citation.grade) or '[' + citation.grade + ']'}"
    lines = [head]
    language = citation_language(answer, citation)
    if citation.quote:
        note = f" ({language_name(language)} original)" if language != answer.language else ""
        lines.append(f"  > {_one_line(citation.quote)}{note}")
    if citation.url:
        lines.append(f"  <{citation.url}>")
    return [*lines, ""]


def _one_line(text: str) -> str:
    return " ".join(text.split())
