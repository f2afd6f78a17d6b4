"""Tests for qa.substance: furniture (headers, procedural boilerplate) ranks after substance."""

import pytest

from index.domain.model import Chunk
from qa.model import Hit
from qa.substance import asks_document, is_furniture, substance_first


def chunk(text: str, kind: str = "paragraph", paragraph: int | None = 5) -> Chunk:
    return Chunk(
        chunk_id=f"{kind}-{paragraph}-{len(text)}",
        source="x.md",
        symbol="CAT/C/KEN/CO/3",
        paragraph=paragraph,
        items=(),
        grade=None,
        kind=kind,
        title="",
        language="en",
        committee="CAT",
        state_party="Kenya",
        spans=((0, len(text)),),
        text=text,
        prefix="",
    )


@pytest.mark.parametrize(
    "text",
    [
        "1. The Committee considered the periodic report of Kenya at its 2081st meeting.",
        "2. The Committee thanks the delegation for the constructive dialogue.",
        "1. Le Comité a examiné le rapport périodique de l'Andorre à ses 2029e séances.",
        "2. El Comité agradece a la delegación el diálogo constructivo.",
        "1. Комитет рассмотрел периодический доклад Казахстана на своих заседаниях.",
        "1. 委员会在第2081次会议上审议了蒙古的定期报告。",
    ],
)
def test_procedural_paragraphs_in_six_languages_are_furniture(text):
    assert is_furniture(chunk(text))


def test_headers_are_furniture_and_substance_is_not():
    assert is_furniture(chunk("United Nations CAT/C/KEN/CO/3", kind="header", paragraph=None))
    substance = chunk("6. The Committee recommends a strict legal limit on pretrial detention.")
    assert not is_furniture(substance)
    # a recommendation is never boilerplate, whatever words it borrows
    assert not is_furniture(chunk("considered the report ...", kind="recommendation"))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("At which session was this assessment adopted?", True),
        ("Which recommendations were selected for follow-up within 24 months?", True),
        ("Where is the State party's reply on trafficking?", True),
        ("What grades did Kenya receive overall?", True),
        ("该评估是在哪一届会议上通过的？", True),
        ("Which NGO sent information to the Committee on the follow-up?", True),
        ("When did Azerbaijan submit its follow-up information?", True),
        ("哪个民间组织向委员会提交了后续资料？", True),
        ("What did the Committee recommend on pretrial detention?", False),
        ("¿Qué recomendó el Comité sobre el registro de nacimientos?", False),
    ],
)
def test_asks_document(text, expected):
    assert asks_document(text) is expected


def test_substance_first_moves_furniture_after_substance_in_order():
    header = Hit(chunk("United Nations", kind="header", paragraph=None), 0.9)
    opening = Hit(chunk("1. The Committee considered the report of Kenya.", paragraph=1), 0.8)
    answer = Hit(chunk("6. The Committee recommends bail and non-custodial measures."), 0.7)
    other = Hit(chunk("7. The Committee is concerned at overcrowding.", paragraph=7), 0.6)
    ranked = substance_first([header, opening, answer, other], document=False)
    assert ranked == [answer, other, header, opening]
    # a question about the document itself keeps the search's order
    assert substance_first([header, opening, answer], document=True) == [header, opening, answer]
