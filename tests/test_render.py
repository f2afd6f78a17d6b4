"""Tests for qa.render: answers, hits and questions as HTML, every document or user text escaped."""

from __future__ import annotations

from html import escape

import pytest

from index.domain.model import Chunk
from qa.model import Answer, Citation, Hit
from qa.render import (
    document_link,
    question_of,
    render_answer,
    render_hits,
    render_question,
    short_answer,
)

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert(1)</script>"
PAYLOADS = [IMG, SCRIPT, '"><svg onload=alert(1)>', "' onmouseover='alert(1)"]
URL = "https://undocs.org/en/CMW/C/AZE/CO/3"


def _chunk(text: str = "The Committee regrets.", title: str = "Detention", **changes) -> Chunk:
    fields = {
        "chunk_id": "seed.md:assessment:36:b:abc",
        "source": "seed.md",
        "kind": "assessment",
        "text": text,
        "spans": ((0, len(text)),),
        "prefix": "",
        "committee": "CMW",
        "state_party": "Azerbaijan",
        "symbol": "CMW/C/AZE/CO/3",
        "paragraph": 36,
        "items": ("b",),
        "grade": "C",
        "language": "en",
        "title": title,
    }
    return Chunk(**{**fields, **changes})


def _citation(quote: str | None = "The Committee regrets.", **changes) -> Citation:
    fields = {
        "symbol": "CMW/C/AZE/CO/3",
        "paragraph": 36,
        "items": ("b",),
        "grade": "C",
        "quote": quote,
        "url": URL,
        "chunk_id": "seed.md:assessment:36:b:abc",
        "kind": "assessment",
        "role": "excerpt",
        "title": "Detention",
    }
    return Citation(**{**fields, **changes})


def _answer(text: str, citations=(), found: bool = True, language: str = "en") -> Answer:
    return Answer(text, language, found, tuple(citations))


def _assert_inert(html: str, payload: str) -> None:
    """The payload appears only escaped: no tag or event handler of it survives."""
    assert escape(payload) in html
    rest = html.replace(escape(payload), "").lower()
    for fragment in ("<img", "<script", "<svg", "onerror", "onload", "onmouseover"):
        assert fragment not in rest


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("field", ["quote", "title"])
def test_render_answer_escapes_document_text(payload, field):
    citation = _citation(**{field: f"before {payload} after"})
    html = render_answer(_answer(f"Answer: “{payload}”", [citation]))
    _assert_inert(html, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_render_answer_escapes_related_titles(payload):
    related = _citation(None, role="related", title=payload)
    html = render_answer(_answer("Not covered.\nClosest paragraphs (not an answer):", [related]))
    _assert_inert(html, payload)


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("field", ["text", "title"])
def test_render_hits_escapes_document_text(payload, field):
    hit = Hit(_chunk(**{field: f"x {payload} y"}), 1.0)
    _assert_inert(render_hits([hit], empty="none"), payload)


def test_render_hits_marks_the_requested_sub_items_lines_escaped():
    text = f"36. The Committee recommends:\n(a) First {IMG};\n(b) Second {SCRIPT};\n(c) Third."
    html = render_hits([Hit(_chunk(text, kind="recommendation"), 1.0)], empty="", items=("b",))
    assert html.count('<mark class="qa-item">') == 1
    assert f'<mark class="qa-item">(b) Second {escape(SCRIPT)};</mark>' in html
    _assert_inert(html, IMG)
    assert "<mark" not in render_hits([Hit(_chunk(text), 1.0)], empty="")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_render_question_escapes_and_round_trips(payload):
    question = f"Is it detained? {payload}\nsecond line & more"
    html = render_question(question)
    _assert_inert(html, payload)
    assert question_of(html) == question


def test_render_hits_empty_message_is_escaped():
    assert render_hits([], empty=IMG) == f'<p class="qa-empty">{escape(IMG)}</p>'


def test_render_answer_shows_short_answer_then_quotes_with_citation_and_link():
    citation = _citation("The Committee regrets.", role="verdict")
    text = "CMW/C/AZE/CO/3, para. 36 (b) [C]: “The Committee regrets.”"
    html = render_answer(_answer(text, [citation]))
    assert html.index("qa-summary") < html.index("<blockquote>")
    assert "CMW/C/AZE/CO/3, para. 36 (b) [C]" in html
    assert 'class="qa-grade qa-grade-c"' in html
    assert f'href="{URL}"' in html and 'rel="noopener noreferrer"' in html
    assert "\n" not in html  # one HTML block for the chat's Markdown renderer


def test_render_answer_lists_related_paragraphs_when_not_found():
    related = _citation(None, role="related", paragraph=60, items=(), grade="F")
    text = "The indexed documents do not cover this question.\nClosest paragraphs (not an answer):"
    html = render_answer(_answer(text + "\n- CMW/C/AZE/CO/3, para. 60 [F]", [related], False))
    assert "qa-not-found" in html
    assert '<ul class="qa-related"><li>' in html
    assert "para. 60 [F]" in html
    assert "<blockquote>" not in html


def test_short_answer_drops_the_listed_passages():
    text = "已收录的文件在 X 中涉及这一问题。\n相关段落：\n- “引文” (X)"
    assert short_answer(_answer(text, language="zh")) == "已收录的文件在 X 中涉及这一问题。"


@pytest.mark.parametrize(
    "url, label, expected",
    [
        (URL, "CMW/C/AZE/CO/3", f'href="{URL}"'),
        ("javascript:alert(1)", "x", ""),
        ("https://evil.example/undocs.org/", "x", ""),
        (None, "x", ""),
    ],
)
def test_document_link_only_links_undocs(url, label, expected):
    link = document_link(url, label)
    assert (expected in link) if expected else link == ""
