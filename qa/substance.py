"""Substance first: which chunks are furniture (headers, procedural boilerplate) and whether a
question asks about the document itself, in the six languages; pure functions over chunks."""

from __future__ import annotations

import re
from collections.abc import Sequence

# The stock paragraphs every concluding observations open with: the meetings at which the report
# was considered, thanks to the delegation, the welcome of the submission. They answer a question
# on when or how the dialogue took place, never one on a topic.
_BOILERPLATE = re.compile(
    r"considered the [\w\s-]*report|thanks the delegation|welcomes the submission"
    r"|constructive dialogue|a examiné le [\w\s-]*rapport|remercie la délégation"
    r"|dialogue constructif|examinó el [\w\s-]*informe|agradece a la delegación"
    r"|diálogo constructivo"
    r"|рассмотрел[\w\s-]*доклад|благодарит делегацию|конструктивный диалог"
    r"|نظرت اللجنة في التقرير|تشكر (?:اللجنة )?(?:ال)?وفد|الحوار البناء"
    r"|审议了[^。]*报告|感谢[^。]*代表团|建设性对话"
    r"|disseminate the present|diffuser largement|difunda ampliamente|широко распространить"
    r"|تنشر هذه الملاحظات|广泛传播本结论性意见",
    re.IGNORECASE,
)
# Questions about the document: adoption, session, dates, follow-up selection, reply, grades.
_DOCUMENT = re.compile(
    r"\badopt(?:ed|ion)\b|\bsessions?\b|\bmeetings?\b|\bdelegation\b|\bdialogue\b"
    r"|select(?:ed)? for follow-up|follow-up paragraphs|\bwithin (?:\w+ ){0,2}(?:years?|months)\b"
    r"|\bwhere\b.*\brepl(?:y|ied)\b|\boverall\b"
    r"|adopt[ée]e?s?\b|\bsession\b|séances?|aprobad[oa]s?|período de sesiones|sesi[oó]n"
    r"|принят\w*|сесси\w*|заседани\w*|اعتمد|دورت|جلس"
    r"|通过|届会议|会议|后续行动的段落|答复载于|在哪|年内|个月内"
    # who sent information on the follow-up and when the State party submitted it: the header
    r"|\bsubmit(?:ted|s)?\b|\bNGOs?\b|non-governmental|civil society|information received"
    r"|soumis|organisations? non gouvernementales?|société civile|presentó|presentado"
    r"|organizaci[oó]n(?:es)? no gubernamental(?:es)?|sociedad civil|представил\w*"
    r"|неправительствен\w*|قدمت|منظمة غير حكومية|民间组织|非政府组织|提交",
    re.IGNORECASE,
)


def is_furniture(chunk) -> bool:
    """A header block, or a procedural paragraph (meetings, thanks, dissemination)."""
    if chunk.kind == "header":
        return True
    return chunk.kind == "paragraph" and bool(_BOILERPLATE.search(chunk.text))


def asks_document(text: str) -> bool:
    """Whether a question asks about a document itself (adoption, session, reply, selection)."""
    return bool(_DOCUMENT.search(text))


def substance_first(hits: Sequence, document: bool) -> list:
    """Substantive hits first, furniture after them (in their order); a question about the
    document keeps the search's order."""
    if document:
        return list(hits)
    return [h for h in hits if not is_furniture(h.chunk)] + [
        h for h in hits if is_furniture(h.chunk)
    ]
