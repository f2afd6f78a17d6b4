"""The contextual prefix of a chunk: symbol, State, document title, paragraph and kind labels in
the document's language (embedded and keyword-indexed with the chunk, never quoted)."""

from __future__ import annotations

import re
from itertools import pairwise

from index.domain.model import Document
from index.domain.states import state_name

_TITLE_HINT = re.compile(r"评价|评估|后续行动|evaluation|assessment|follow-up", re.I)


_NUMBERED_TITLE_HINT = re.compile(
    r"Concluding observations|Observations finales|Observaciones finales|Заключительные замечания"
    r"|الملاحظات الختامية|结论性意见|List of issues|Liste de points|Lista de cuestiones"
    r"|Перечень вопросов|قائمة المسائل|问题清单|report|rapport|informe|доклад|تقرير|报告"
    r"|Information received|Renseignements reçus|Información recibida|Информация|معلومات|资料",
    re.I,
)


_LABELS = {
    "zh": {
        "recommendation": "建议",
        "reply": "缔约国答复",
        "assessment": "评价",
        "question": "问题",
        "paragraph": "第{n}段",
    },
    "en": {
        "recommendation": "Recommendation",
        "reply": "State party reply",
        "assessment": "Assessment",
        "question": "Question",
        "paragraph": "Paragraph {n}",
    },
    "fr": {
        "recommendation": "Recommandation",
        "reply": "Réponse de l'État partie",
        "assessment": "Évaluation",
        "question": "Question",
        "paragraph": "Paragraphe {n}",
    },
    "es": {
        "recommendation": "Recomendación",
        "reply": "Respuesta del Estado parte",
        "assessment": "Evaluación",
        "question": "Pregunta",
        "paragraph": "Párrafo {n}",
    },
    "ru": {
        "recommendation": "Рекомендация",
        "reply": "Ответ государства-участника",
        "assessment": "Оценка",
        "question": "Вопрос",
        "paragraph": "Пункт {n}",
    },
    "ar": {
        "recommendation": "توصية",
        "reply": "رد الدولة الطرف",
        "assessment": "تقييم",
        "question": "سؤال",
        "paragraph": "الفقرة {n}",
    },
}


def _language(document: Document) -> str:
    """The labels' language: the document's, when it is one of the six, else English."""
    language = document.language[:2].lower()
    return language if language in _LABELS else "en"


def numbering_symbol(document: Document) -> str | None:
    """The symbol whose paragraph numbering the chunks follow (the concluding observations')."""
    return document.co_symbol or document.symbol


def _state(document: Document) -> str | None:
    """The State party as "阿塞拜疆/Azerbaijan" in Chinese documents, else its English name."""
    code = document.country_code
    english = (state_name(code) if code else None) or document.state_party
    chinese = state_name(code, "zh") if code else None
    if _language(document) == "zh" and chinese and english:
        return f"{chinese}/{english}"
    return english


def paragraph_label(document: Document, paragraph: int | str, title: str) -> str:
    label = _LABELS[_language(document)]["paragraph"].format(n=paragraph)
    return f"{label}: {title}" if title else label


def _items_label(items: tuple[str, ...]) -> str:
    """ "(a)(b)", or "(b)–(e)" for a run of three or more consecutive letters."""
    letters = list(items)
    consecutive = all(
        len(a) == 1 and len(b) == 1 and ord(b) == ord(a) + 1 for a, b in pairwise(letters)
    )
    if len(letters) >= 3 and consecutive:
        return f"({letters[0]})–({letters[-1]})"
    return "".join(f"({letter})" for letter in letters)


def prefix_of(document: Document, *parts: str | None) -> str:
    """ "CMW/C/AZE/CO/3 · 阿塞拜疆/Azerbaijan · ..." from the document and the given parts."""
    head = (numbering_symbol(document), _state(document))
    return " · ".join(part for part in (*head, *parts) if part)


def paragraph_titles(document: Document) -> dict[int, str]:
    return {rec.paragraph: rec.title for rec in document.recommendations}


def kind_label(document: Document, kind: str, grade: str | None, items: tuple[str, ...]) -> str:
    label = "" if kind == "paragraph" else _LABELS[_language(document)][kind]
    if grade:
        label += f" [{grade}]"
    return f"{label} {_items_label(items)}".strip() if items else label


def document_title(document: Document) -> str:
    """The header line naming the report ("对阿塞拜疆结论性意见后续行动资料的评价")."""
    if not document.header_spans:
        return ""
    start, end = document.header_spans[0]
    lines = [line.strip() for line in document.text[start:end].split("\n") if line.strip()]
    hint = _NUMBERED_TITLE_HINT if document.paragraphs else _TITLE_HINT
    titles = [line for line in lines if hint.search(line) and not re.search(r"[:：\t]", line)]
    return (titles[-1] if titles else lines[0] if lines else "").rstrip("*")
