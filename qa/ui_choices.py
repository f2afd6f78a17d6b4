"""The web app's filter choices, from what is indexed (qa.coverage) and the grade scale: real
values with readable labels, "any" first (value ""), never a blank or a made-up default. Pure."""

from __future__ import annotations

from index.domain.errors import BadRequest
from index.domain.model import Filters
from qa.coverage import Coverage, coverage
from qa.export import language_name
from qa.grades import scale
from qa.guard import check_history, check_text, check_whole
from qa.render import question_of

ANY = ""
ASK_EXAMPLES = [
    "Is Azerbaijan still detaining migrant children?",
    "阿塞拜疆通过国家移民战略了吗？",
    "paragraph 62(c)",
    "Which recommendations were not implemented?",
    "第36段(b)项",
]
SEARCH_EXAMPLES = [
    "Are migrant children still detained?",
    "阿塞拜疆是否仍在拘留移民儿童？",
    "贩运人口受害者的识别",
]
EXPORT_CHOICES = [
    ("Markdown (.md)", "md"),
    ("Word (.docx)", "docx"),
    ("CSV, a row per citation", "csv"),
]
GROUP_CHOICES = [
    ("State party", "state_party"),
    ("Committee", "committee"),
    ("Paragraph", "paragraph"),
    ("Theme", "theme"),
]
NO_SOURCES = "Ask a question: the passages it was answered from appear here."


def state_choices(covered: Coverage) -> list[tuple[str, str]]:
    return [("Any State", ANY), *((state, state) for state in covered.states)]


def committee_choices(covered: Coverage) -> list[tuple[str, str]]:
    return [("Any committee", ANY), *((code, code) for code in covered.committees)]


def doc_type_choices(covered: Coverage) -> list[tuple[str, str]]:
    return [("Any document type", ANY), *((kind, kind) for kind in covered.doc_types)]


def year_choices(records, *, end: bool) -> list[tuple[str, str]]:
    """'Any year', then each year an indexed document is dated in (a start or an end)."""
    years = sorted({record.date[:4] for record in records if record.date})
    word = "to" if end else "from"
    return [(f"Any year ({word})", ANY), *((f"{word} {year}", year) for year in years)]


def language_choices(covered: Coverage) -> list[tuple[str, str]]:
    return [
        ("Any language", ANY),
        *((f"{language_name(code)} · {code}", code) for code in covered.languages),
    ]


def grade_choices() -> list[tuple[str, str]]:
    return [
        ("Any grade", ANY),
        *((f"[{g.letter}] {g.label}", g.letter) for g in scale().values()),
    ]


def paragraph_choices(paragraphs) -> list[tuple[str, str]]:
    """'Any paragraph', then each indexed paragraph number (as text: a dropdown's value)."""
    numbers = sorted({p for p in paragraphs if p is not None})
    return [("Any paragraph", ANY), *((f"para. {n}", str(n)) for n in numbers)]


def document_choices(records) -> list[tuple[str, str]]:
    """(label, source) for each indexed document, "any" first."""
    choices = [("All documents", ANY)]
    for record in records:
        symbol = record.symbol or record.co_symbol
        label = f"{symbol} · {record.source}" if symbol else record.source
        choices.append((label, record.source))
    return choices


def filters_of(
    source,
    paragraph,
    grade,
    language,
    state=None,
    committee=None,
    doc_type=None,
    date_from=None,
    date_to=None,
) -> Filters:
    """Filters from the UI's widgets, checked (anything may be sent); empty widgets mean any."""
    paragraph = check_text(paragraph, "paragraph") if isinstance(paragraph, str) else paragraph
    if isinstance(paragraph, str) and paragraph:
        if not paragraph.isdigit():
            raise BadRequest(f"paragraph must be a whole number, got {paragraph[:20]!r}")
        paragraph = int(paragraph)
    return Filters(
        source=check_text(source, "document") or None,
        paragraph=check_whole(paragraph, "paragraph"),
        grade=check_text(grade, "grade") or None,
        language=check_text(language, "language") or None,
        state_party=check_text(state, "State") or None,
        committee=check_text(committee, "committee") or None,
        doc_type=check_text(doc_type, "document type") or None,
        date_from=check_text(date_from, "from year") or None,
        date_to=check_text(date_to, "to year") or None,
    )


def chat_questions(history: list[dict] | None) -> list[str]:
    """The questions the user typed, in order, from the Chatbot's (escaped HTML) messages."""
    return [
        question_of(message["content"])
        for message in check_history(history, "the chat")
        if message["role"] == "user"
    ]


def filter_choices(records, chunks) -> list[tuple[str, list[tuple[str, str]]]]:
    """(label, choices) of each filter widget, in the order `filters_of` takes them."""
    covered = coverage(records)
    return [
        ("Document", document_choices(records)),
        ("Paragraph", paragraph_choices(chunk.paragraph for chunk in chunks)),
        ("Grade", grade_choices()),
        ("Language", language_choices(covered)),
        ("State party", state_choices(covered)),
        ("Committee", committee_choices(covered)),
        ("Document type", doc_type_choices(covered)),
        ("From year", year_choices(records, end=False)),
        ("To year", year_choices(records, end=True)),
    ]
