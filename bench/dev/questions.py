# ruff: noqa: E501  (invented document text and question data: long lines are sentences)
"""The questions of bench/eval_dev.jsonl over the development corpus (bench/dev/build.py)."""

from __future__ import annotations

import hashlib

from build import DOCS, FOLLOW_UPS, FR, UNINDEXED, co_symbol, name
from topics import ABSENT, ASK, OFF_DOMAIN, TOPICS

LANGS = ("en", "fr", "es", "ru", "ar", "zh")


def split_of(qid: str) -> str:
    """A question's part, by a hash of its id: "tune" or "test" (about half each)."""
    return "tune" if hashlib.sha256(qid.encode()).digest()[0] % 2 == 0 else "test"


def state_in(code: str, lang: str, template: str) -> str:
    """`template` with {s} the State's name as a question in `lang` writes it."""
    if lang == "fr":
        at, in_ = FR[code][1], FR[code][2]
        return (
            template.replace("à {s}", at)
            .replace("en {s}", in_)
            .replace("pour {s}", "pour " + FR[code][0])
            .replace("{s}", FR[code][0])
        )
    if lang == "ru":
        return template.replace("в {s}", "в государстве-участнике " + name(code, "ru")).replace(
            "{s}", "государству-участнику " + name(code, "ru")
        )
    return template.replace("{s}", name(code, lang))


def _row(rows, qid, question, lang, kind, expected=(), history=(), state=None, **extra):
    row = {
        "id": qid,
        "question": question,
        "language": lang,
        "type": kind,
        "split": split_of(qid),
        "expected": list(expected),
    }
    if history:
        row["history"] = list(history)
    if state:
        row["state"] = state
    row.update(extra)
    if not expected:
        row["answerable"] = False
    rows.append(row)


def topic_expected(doc, index: int) -> list[dict]:
    code = doc[0]
    symbol = co_symbol(doc)
    concern, rec = 5 + 2 * index, 6 + 2 * index
    expected = [
        {"paragraph": rec, "kind": "recommendation", "symbol": symbol},
        {"paragraph": concern, "kind": "paragraph", "symbol": symbol},
    ]
    if code in FOLLOW_UPS and index < 2:
        expected += [
            {
                "paragraph": rec,
                "kind": kind,
                "state_party": name(code, "en"),
                "doc_type": "follow-up assessment",
            }
            for kind in ("recommendation", "assessment")
        ]
    return expected


def lookup_expected(code: str, symbol: str, paragraph: int) -> list[dict]:
    """What `cite` returns for a paragraph: its recommendation, and where the State has a
    follow-up assessment of it, the recommendation restated there, the reply and assessment."""
    expected = [{"paragraph": paragraph, "kind": "recommendation", "symbol": symbol}]
    if code in FOLLOW_UPS:
        expected += [
            {
                "paragraph": paragraph,
                "kind": kind,
                "state_party": name(code, "en"),
                "doc_type": "follow-up assessment",
            }
            for kind in ("recommendation", "reply", "assessment")
        ]
    return expected


def assessment_expected(doc, index: int) -> list[dict]:
    return [
        {
            "paragraph": 6 + 2 * index,
            "kind": "assessment",
            "state_party": name(doc[0], "en"),
            "doc_type": "follow-up assessment",
        }
    ]


def make_questions() -> list[dict]:
    rows: list[dict] = []
    for d, doc in enumerate(DOCS):
        code, comm, lang, *_, topics, _numbers = doc
        state = name(code, "en")
        symbol = co_symbol(doc)
        for t, topic in enumerate(topics):
            other = "en" if lang != "en" else "zh"
            third = LANGS[(d + t) % 6]
            for k, qlang in enumerate(dict.fromkeys((lang, other, third))):
                phrasings = ASK[topic][qlang]
                template = phrasings[(d + k) % len(phrasings)]
                _row(
                    rows,
                    f"t-{code}-{topic}-{qlang}",
                    state_in(code, qlang, template),
                    qlang,
                    "topic" if qlang == lang else "cross-lingual",
                    topic_expected(doc, t),
                    state=state,
                )
            # a reference inside a question
            _row(
                rows,
                f"r-{code}-{t}",
                f"What does {symbol} para. {6 + 2 * t} ask the State party to do?",
                "en",
                "reference",
                [{"paragraph": 6 + 2 * t, "kind": "recommendation", "symbol": symbol}],
                state=state,
            )
        # look-ups
        _row(
            rows,
            f"l-{code}-b",
            f"{symbol} para. 6(b)",
            "en",
            "lookup",
            lookup_expected(code, symbol, 6),
            state=state,
        )
        _row(
            rows,
            f"l-{code}-zh",
            f"{symbol} 第8段",
            "zh",
            "lookup",
            lookup_expected(code, symbol, 8),
            state=state,
        )
        # document-level
        _row(
            rows,
            f"d-{code}-adopted",
            f"When and at which session were the concluding observations on {state} adopted?",
            "en",
            "document",
            [
                {"kind": "header", "symbol": symbol},
                {"paragraph": 1, "kind": "paragraph", "symbol": symbol},
            ],
            state=state,
        )
        _row(
            rows,
            f"d-{code}-ratif",
            state_in(code, "en", "When did {s} ratify the Optional Protocol?"),
            "en",
            "document",
            [{"paragraph": 3, "kind": "paragraph", "symbol": symbol}],
            state=state,
        )
        _row(
            rows,
            f"d-{code}-plan",
            state_in(
                code,
                ("fr", "es", "zh")[d % 3],
                {
                    "fr": "Quel plan d'action national pour les droits de l'homme a adopté {s} ?",
                    "es": "¿Qué plan nacional de acción en derechos humanos aprobó {s}?",
                    "zh": "{s}通过了什么国家人权行动计划？",
                }[("fr", "es", "zh")[d % 3]],
            ),
            ("fr", "es", "zh")[d % 3],
            "document",
            [{"paragraph": 4, "kind": "paragraph", "symbol": symbol}],
            state=state,
        )
        _row(
            rows,
            f"d-{code}-fupara",
            f"Which recommendations to {state} did the Committee select for follow-up within 24 months?",
            "en",
            "document",
            [{"paragraph": 11, "kind": "paragraph", "symbol": symbol}]
            + (
                [{"kind": "header", "state_party": state, "doc_type": "follow-up assessment"}]
                if code in FOLLOW_UPS
                else []
            ),
            state=state,
        )
        if code in FOLLOW_UPS:
            for t, topic in enumerate(topics[:2]):
                heading = TOPICS[topic]["en"][0].lower()
                _row(
                    rows,
                    f"g-{code}-{t}-en",
                    f"What grade did {state} get for its follow-up on {heading}?",
                    "en",
                    "grade",
                    assessment_expected(doc, t),
                    state=state,
                )
                zh_heading = TOPICS[topic]["zh"][0]
                _row(
                    rows,
                    f"g-{code}-{t}-zh",
                    f"委员会对{name(code, 'zh')}{zh_heading}建议的落实情况给了什么评级？",
                    "zh",
                    "grade",
                    assessment_expected(doc, t),
                    state=state,
                )
                _row(
                    rows,
                    f"d-{code}-reply-{t}",
                    f"Where is the State party's reply on {heading} in the follow-up for {state}?",
                    "en",
                    "document",
                    [
                        {
                            "paragraph": 6 + 2 * t,
                            "kind": "reply",
                            "state_party": state,
                            "doc_type": "follow-up assessment",
                        }
                    ],
                    state=state,
                )
                first = ASK[topic]["en"][0].replace("{s}", state)
                _row(
                    rows,
                    f"f-{code}-{t}-grade",
                    "What grade did it get?",
                    "en",
                    "followup",
                    assessment_expected(doc, t),
                    history=[first],
                    state=state,
                )
                _row(
                    rows,
                    f"f-{code}-{t}-zh",
                    "它的评级是什么？",
                    "zh",
                    "followup",
                    assessment_expected(doc, t),
                    history=[first],
                    state=state,
                )
            _row(
                rows,
                f"d-{code}-session",
                f"At which session did the Committee adopt its follow-up assessment on {state}?",
                "en",
                "document",
                [{"kind": "header", "state_party": state, "doc_type": "follow-up assessment"}],
                state=state,
            )
            _row(
                rows,
                f"d-{code}-grades",
                f"What grades did {state} receive overall in the follow-up assessment?",
                "en",
                "document",
                [{"kind": "header", "state_party": state, "doc_type": "follow-up assessment"}]
                + assessment_expected(doc, 0)
                + assessment_expected(doc, 1),
                state=state,
            )
        # absent topics, asked about this indexed State
        for k in range(2):
            qlang = LANGS[(d + k) % 6]
            templates = ABSENT[qlang]
            template = templates[(d + 3 * k) % len(templates)]
            _row(
                rows,
                f"u-{code}-{k}-{qlang}",
                state_in(code, qlang, template),
                qlang,
                "unanswerable",
                state=state,
            )
        # a topic other States have but this one's documents do not
        missing = [topic for topic in ASK if topic not in topics]
        topic = missing[d % len(missing)]
        _row(
            rows,
            f"w-{code}-{topic}",
            state_in(code, "en", ASK[topic]["en"][0]),
            "en",
            "unanswerable",
            state=state,
        )
    # follow-ups switching State: "and for X?" after a topic asked about Y
    by_topic: dict[str, list] = {}
    for doc in DOCS:
        for t, topic in enumerate(doc[6]):
            by_topic.setdefault(topic, []).append((doc, t))
    for topic, pairs in by_topic.items():
        for (a, _), (b, tb) in zip(pairs, pairs[1:], strict=False):
            first = ASK[topic]["en"][0].replace("{s}", name(a[0], "en"))
            _row(
                rows,
                f"f-{topic}-{a[0]}-{b[0]}",
                f"And for {name(b[0], 'en')}?",
                "en",
                "followup",
                topic_expected(b, tb),
                history=[first],
                state=name(b[0], "en"),
            )
    # States no document is about
    for i, code in enumerate(UNINDEXED):
        topic = list(ASK)[i]
        for qlang in ("en", LANGS[1 + i % 5]):
            _row(
                rows,
                f"n-{code}-{qlang}",
                state_in(code, qlang, ASK[topic][qlang][0]),
                qlang,
                "unanswerable",
                state=name(code, "en"),
                indexed_state=False,
            )
    for i, (qlang, text) in enumerate(OFF_DOMAIN):
        _row(rows, f"o-{i}", text, qlang, "unanswerable")
    # the seed case must stay answered (asked beside the corpus)
    return rows
