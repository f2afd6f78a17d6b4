"""Question analysis: language, reference, grade/verdict intent, State, committee, follow-ups."""

from __future__ import annotations

import numbers
import re
import unicodedata
from dataclasses import dataclass, replace

from index.domain import committees, states
from index.domain.committees import committee_from_symbol
from index.domain.errors import BadRequest, EmptyQuestion
from index.domain.model import DOC_TYPES, KINDS, Filters
from index.domain.symbols import country_from_symbol
from qa.config import MAX_QUESTION_CHARS
from qa.date_range import check_order, date_bound
from qa.intent import asks_grade, find_grades, find_verdict
from qa.reference import BARE, PARAGRAPH, SYMBOL, Reference, find_reference, find_symbol
from qa.reference import parse_items as _parse_items
from qa.substance import asks_document

LANGUAGES = ("en", "zh", "fr", "es", "ru", "ar")
GRADE_LETTERS = "ABCDEF"

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-zÀ-ÿœŒ]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")
_WORD = re.compile(r"[a-zà-ÿœ]+(?:['’][a-zà-ÿ]+)?")

_STOP_WORDS = {
    "en": set(
        "the is was what did does do and of to in has have been how which who this that it "
        "with for are were about any still committee recommendation say said".split()
    ),
    "fr": set(
        "le la les des du est et une un que qui quelle quel quels pour dans sur pas "
        "été ont au aux ce cette il elle comité recommandation a-t-il a-t-elle".split()
    ),
    "es": set(
        "el la los las del es y una un que qué cuál en por ha se no con sobre "
        "comité recomendación está sido han".split()
    ),
}
_FRENCH_MARKS = set("èêàçœâîôûùëï")
_SPANISH_MARKS = set("ñ¿¡áíóú")

_FOLLOWUP_START = re.compile(
    r"^\s*(?:and|also|what about|how about|then|so|et|y|а|и|و)\b|^\s*(?:那么?|还有|另外|再)",
    re.IGNORECASE,
)
_FOLLOWUP_END = re.compile(r"呢\s*[?？]?\s*$")
_ANAPHORA = re.compile(
    r"\b(?:it|its|this|that|they|them|these|those|same)\b|它|其|该建议|这项|这一|此项|那项"
    r"|\b(?:elle|celle-ci|cette recommandation|esta recomendación|ella|эта|это|она)\b",
    re.IGNORECASE,
)
_ITEMS_ONLY = re.compile(
    r"^\W*(?:(?:and|what about|how about|et|y|那么?|还有)\s*)?"
    r"((?:[(（]\s*[a-z]\s*[)）]\s*(?:项)?\s*(?:and|和|、|,|，|-|–|to)?\s*)+)(?:呢)?\W*$",
    re.IGNORECASE,
)
FUNCTION_WORDS = set().union(*_STOP_WORDS.values()) | set(
    "what get got give gave given about also then tell grade graded rating verdict please "
    "there their they them those these".split()
)
_LOOKUP_FILLER = set(
    "and show me open see cite quote text of the in please full what about how paragraph para "
    "paras paragraphe párrafo пункт cmw 显示 查看 请 的 全文 原文 内容 那 呢 项 段".split()
)


@dataclass(frozen=True)
class Question:
    """A question as understood: language, reference, grade/verdict intent, State, follow-up."""

    text: str
    language: str = "en"
    reference: Reference | None = None
    symbol: str | None = None
    grades: tuple[str, ...] = ()
    verdict: str | None = None
    state_party: str | None = None
    committee: str | None = None
    is_lookup: bool = False
    asks_grade: bool = False
    is_followup: bool = False
    asks_document: bool = False
    # what a follow-up leaves unsaid: the earlier turn's words, searched with its own
    topic: str = ""

    @property
    def search_text(self) -> str:
        """The words retrieval embeds and matches: the text, after the topic it continues."""
        return f"{self.topic} {self.text}" if self.topic else self.text

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "language": self.language,
            "reference": self.reference.to_dict() if self.reference else None,
            "symbol": self.symbol,
            "grades": list(self.grades),
            "verdict": self.verdict,
            "state_party": self.state_party,
            "committee": self.committee,
            "is_lookup": self.is_lookup,
            "asks_grade": self.asks_grade,
            "is_followup": self.is_followup,
            "asks_document": self.asks_document,
            "topic": self.topic,
        }


def analyze(text: str, previous: Question | None = None) -> Question:
    """Understand `text`; with `previous` (the last turn, resolved) resolve a follow-up."""
    if not text or not text.strip():
        raise EmptyQuestion("the question is empty; type a question or a reference like 'para. 36'")
    symbol = find_symbol(text)
    reference = _reference(text, symbol)
    grades = find_grades(text)
    verdict = find_verdict(text)
    question = Question(
        text=text,
        language=detect_language(text),
        reference=reference,
        symbol=symbol,
        grades=grades,
        verdict=verdict,
        state_party=find_state(text) or _state_of_symbol(symbol),
        committee=find_committee(text) or (committee_from_symbol(symbol) if symbol else None),
        is_lookup=_is_lookup(text, reference),
        asks_grade=asks_grade(text, grades, verdict),
        asks_document=asks_document(text),
    )
    if previous is not None and _is_followup(question, previous):
        return _resolve(question, previous)
    return question


def filters(question: Question) -> Filters:
    """Search filters: paragraph, items and symbol of the reference, a single grade, the State."""
    reference = question.reference
    return Filters(
        symbol=(reference.symbol if reference else None) or question.symbol,
        paragraph=reference.paragraph if reference else None,
        items=reference.items if reference else (),
        grade=question.grades[0] if len(question.grades) == 1 else None,
        state_party=question.state_party,
        committee=question.committee,
    )


def merge_filters(own: Filters, given: Filters | None) -> Filters:
    """The question's filters, overridden by filters the user set explicitly."""
    return own if given is None else replace(own, **given.to_dict())


def detect_language(text: str) -> str:
    """ "zh" when CJK dominates, "ar"/"ru" by script, "fr"/"es" by stop words, else "en"."""
    plain = SYMBOL.sub(" ", text)
    if re.search(r"[^\W\d_]", PARAGRAPH.sub(" ", plain)):
        plain = PARAGRAPH.sub(" ", plain)  # "para." must not make a question Spanish
    cjk = len(_CJK.findall(plain))
    latin = len(_LATIN.findall(plain))
    cyrillic = len(_CYRILLIC.findall(plain))
    arabic = len(_ARABIC.findall(plain))
    if cjk and cjk * 2 >= latin + cyrillic + arabic:
        return "zh"
    if arabic > latin and arabic >= cyrillic:
        return "ar"
    if cyrillic > latin:
        return "ru"
    return _latin_language(plain.lower())


def _latin_language(lowered: str) -> str:
    """Which of en/fr/es the text's stop words and diacritics point to (ties go to English)."""
    words = _WORD.findall(lowered)
    scores = {lang: sum(word in stops for word in words) for lang, stops in _STOP_WORDS.items()}
    scores["fr"] += 2 * sum(char in _FRENCH_MARKS for char in lowered)
    scores["es"] += 2 * sum(char in _SPANISH_MARKS for char in lowered)
    best = max(("en", "fr", "es"), key=lambda lang: scores[lang])
    return best if scores[best] > scores["en"] else "en"


def find_state(text: str) -> str | None:
    """The English name of the State a text mentions ("Azerbaijan", "阿塞拜疆", "l'Andorre",
    "Azerbaijani"); index.domain.states holds the names and the rules."""
    code = states.find_state(text) or states.find_demonym(text)
    return states.state_name(code) if code else None


def _state_of_symbol(symbol: str | None) -> str | None:
    code = country_from_symbol(symbol) if symbol else None
    return states.state_name(code) if code else None


def find_committee(text: str) -> str | None:
    """The committee a text names by acronym (outside symbols) or by its own or its treaty's
    name in the six languages (index.domain.committees), e.g. "CMW"."""
    return committees.find_committee(SYMBOL.sub(" ", text))


def _reference(text: str, symbol: str | None) -> Reference | None:
    """The explicit paragraph reference; a bare "36(b)" counts when it is the whole text."""
    reference = find_reference(text)
    if reference is not None:
        return reference
    bare = BARE.match(SYMBOL.sub(" ", text).strip(" ?？.。"))
    if bare and (bare.group(2) or symbol):
        return Reference(int(bare.group(1)), _parse_items(bare.group(2) or ""), symbol)
    return None


def _is_lookup(text: str, reference: Reference | None) -> bool:
    """True when the text is essentially just a reference ("para. 36(b)", "第36段(b)项", "§60")."""
    if reference is None:
        return False
    rest = PARAGRAPH.sub(" ", SYMBOL.sub(" ", text))
    rest = re.sub(r"^\s*\d{1,3}\s*", " ", rest)
    rest = re.sub(r"[(（]\s*[a-z]\s*[)）]", " ", rest, flags=re.IGNORECASE)
    words = re.findall(r"[^\W\d_]+", rest.lower())
    return all(word in _LOOKUP_FILLER for word in _split_cjk(words))


def _split_cjk(words: list[str]) -> list[str]:
    """Latin words stay whole; CJK runs are split into characters and known filler words."""
    tokens = []
    for word in words:
        if _CJK.search(word):
            tokens.extend(re.findall(r"全文|原文|内容|查看|显示|那么|.", word))
        else:
            tokens.append(word)
    return tokens


def _is_followup(question: Question, previous: Question) -> bool:
    """A follow-up continues the last turn: "and paragraph 60?", "what grade did it get?"."""
    if question.state_party and question.state_party != previous.state_party:
        # "and for Kenya?": the earlier topic, asked of another State; a paragraph of the
        # earlier State's document is no topic another State has
        if previous.reference is not None:
            return False
        marked = _FOLLOWUP_START.search(question.text) or _FOLLOWUP_END.search(question.text)
        return bool(marked) and question.reference is None and _content_words(question.text) <= 3
    if question.symbol and question.symbol != previous.symbol:
        return False
    text = question.text
    marked = bool(_FOLLOWUP_START.search(text) or _FOLLOWUP_END.search(text))
    if _ITEMS_ONLY.match(text):
        return True
    if question.reference is not None:
        return question.is_lookup or marked
    if _content_words(text) > 3:
        return False  # a question with its own topic starts afresh
    return marked or bool(_ANAPHORA.search(text))


def _content_words(text: str) -> int:
    """Roughly how many topic words a text has: Latin non-stop words, CJK characters / 3."""
    words = [w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in FUNCTION_WORDS]
    return len(words) + len(_CJK.findall(text)) // 3


def _resolve(question: Question, previous: Question) -> Question:
    """Fill what a follow-up leaves out (paragraph, items, symbol, State) from `previous`."""
    if question.state_party and question.state_party != previous.state_party:
        return replace(question, is_followup=True, topic=_topic_of(question, previous))
    reference = question.reference
    before = previous.reference
    items_only = _ITEMS_ONLY.match(question.text)
    if items_only and before is not None:
        reference = Reference(before.paragraph, _parse_items(items_only.group(1)), before.symbol)
    elif reference is None:
        reference = before
    symbol = question.symbol or previous.symbol or (before.symbol if before else None)
    if reference is not None and reference.symbol is None and symbol:
        reference = replace(reference, symbol=symbol)
    return replace(
        question,
        reference=reference,
        symbol=symbol,
        state_party=question.state_party or previous.state_party,
        committee=question.committee or previous.committee,
        is_lookup=question.is_lookup or bool(items_only and before is not None),
        is_followup=True,
        topic=_topic_of(question, previous),
    )


def _topic_of(question: Question, previous: Question) -> str:
    """The earlier turn's words a follow-up without a paragraph of its own leans on ("what
    grade did it get?"); none when it names a State of its own ("and for Kenya?" keeps the
    topic but must not keep the earlier State's name)."""
    if question.reference is not None:
        return ""
    earlier = previous.search_text
    if (
        question.state_party
        and previous.state_party
        and question.state_party != previous.state_party
    ):
        return _without_state(earlier, previous.state_party)
    return earlier


def _without_state(text: str, state: str) -> str:
    """`text` without the mention of `state` (any language's name of it)."""
    code = states.code_of_name(state)
    for mention in states.find_states(text):
        if mention.code == code:
            return text[: mention.start] + text[mention.end :]
    return text


# Validation of what a caller sends (question text, filters): the engine's guard for every
# front end, so the CLI, the JSON API and Python callers refuse the same inputs alike.
_GRADE = re.compile(rf"[{GRADE_LETTERS}][0-9+-]?")
_TEXT_FILTERS = ("source", "symbol", "state_party", "committee")


def check_question(text: str | None, *, what: str = "question") -> str:
    """`text` without control characters or outer spaces; EmptyQuestion when no letter or digit
    is left, BadRequest when longer than MAX_QUESTION_CHARS (refused, never cut)."""
    text = "" if text is None else str(text)
    if len(text) > MAX_QUESTION_CHARS:
        raise BadRequest(
            f"the {what} is {len(text):,} characters long; the limit is "
            f"{MAX_QUESTION_CHARS:,}: shorten it to the sentence that matters"
        )
    cleaned = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text).strip()
    if not cleaned:
        raise EmptyQuestion(f"the {what} is empty; type a question or a reference like 'para. 36'")
    if not any(c.isalnum() for c in cleaned):
        raise EmptyQuestion(
            f"the {what} {cleaned[:40]!r} has no word or number to search for; "
            "type a question or a reference like 'para. 36'"
        )
    return cleaned


def check_filters(given: Filters | None) -> Filters | None:
    """`given` with empty values as None, grade upper-cased and language lower-cased;
    BadRequest naming the first value no indexed chunk could have."""
    if given is None:
        return None
    if not isinstance(given, Filters):
        raise BadRequest(
            f"filters must be an index.domain.model.Filters, got {type(given).__name__}"
        )
    values = {name: _blank_as_none(getattr(given, name)) for name in (*_TEXT_FILTERS, "kind")}
    values["grade"] = _check_grade(_blank_as_none(given.grade))
    values["language"] = _check_language(_blank_as_none(given.language))
    _check_paragraph(given.paragraph)
    for name in _TEXT_FILTERS:
        if values[name] is not None and not isinstance(values[name], str):
            raise BadRequest(f"{name} must be text, got {values[name]!r}")
    values["doc_type"] = _blank_as_none(given.doc_type)
    values["date_from"] = date_bound(given.date_from, "date_from", end=False)
    values["date_to"] = date_bound(given.date_to, "date_to", end=True)
    check_order(values["date_from"], values["date_to"])
    _check_choice(values["committee"], committees.committee_codes(), "committee")
    _check_choice(values["doc_type"], DOC_TYPES, "doc_type")
    if values["kind"] is not None and values["kind"] not in KINDS:
        raise BadRequest(f"kind must be one of {', '.join(KINDS)}, got {values['kind']!r}")
    if any(not isinstance(item, str) or not re.fullmatch("[a-z]", item) for item in given.items):
        raise BadRequest(f"items must be sub-item letters like ('a', 'b'), got {given.items!r}")
    return replace(given, **values)


def _check_choice(value, allowed, name: str) -> None:
    if value is not None and value not in allowed:
        raise BadRequest(f"{name} must be one of {', '.join(allowed)}, got {value!r}")


def _blank_as_none(value):
    return None if isinstance(value, str) and not value.strip() else value


def _check_grade(grade) -> str | None:
    if grade is None:
        return None
    normal = str(grade).strip().strip("[]").upper()
    if not _GRADE.fullmatch(normal):
        raise BadRequest(f"grade must be a letter from A to F, as in [C] or [B1], got {grade!r}")
    return normal


def _check_language(language) -> str | None:
    if language is None:
        return None
    normal = str(language).strip().lower()
    if normal not in LANGUAGES:
        raise BadRequest(
            f"language must be one of {', '.join(sorted(LANGUAGES))}, got {language!r}"
        )
    return normal


def _check_paragraph(paragraph) -> None:
    if paragraph is None:
        return
    if not isinstance(paragraph, numbers.Integral) or isinstance(paragraph, bool) or paragraph < 1:
        raise BadRequest(f"paragraph must be a whole number from 1, got {paragraph!r}")
