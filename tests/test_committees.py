"""Tests for index.domain.committees (the one table of treaty bodies) and index.domain.doc_types."""

from __future__ import annotations

import pytest

from index.domain.committees import (
    LANGUAGES,
    bodies,
    committee,
    committee_codes,
    committee_from_symbol,
    committee_name,
    committees,
    find_committee,
)
from index.domain.doc_types import DOC_TYPES, TITLE_PATTERNS, TYPE_CODES, doc_type_of_title
from index.domain.symbols import parse_symbol


def test_the_committees():
    assert committee_codes() == (
        "CAT",
        "CCPR",
        "CED",
        "CEDAW",
        "CERD",
        "CESCR",
        "CMW",
        "CRC",
        "CRPD",
        "SPT",
    )
    for code, entry in committees().items():
        assert set(entry.names) == set(LANGUAGES), code
        assert set(entry.treaty) == set(LANGUAGES), code
    assert committees() is committees()


def test_bodies():
    assert bodies()["E/C.12"] == "CESCR"
    assert bodies()["CAT/OP"] == "SPT"
    assert bodies()["CMW/C"] == "CMW"
    assert bodies()["CCPR/CO"] == "CCPR"  # old concluding observations, CCPR/CO/79/LKA
    assert bodies()["CRC/GC"] == "CRC"  # old general comments, CRC/GC/2003/4
    assert len(bodies()) == 12
    assert committee("crc").protocols == ("OPSC", "OPAC", "OPIC")


@pytest.mark.parametrize(
    ("symbol", "code"),
    [
        ("CMW/C/AZE/CO/3", "CMW"),
        ("E/C.12/AZE/CO/4", "CESCR"),
        ("CAT/OP/MEX/1", "SPT"),
        ("CAT/C/MEX/CO/7", "CAT"),
        ("CRC/C/OPAC/AZE/CO/1", "CRC"),
        ("CCPR/CO/72/NET", "CCPR"),  # old style: CODE/CO/...
        ("A/78/48", None),
        ("E/2007/22", None),
    ],
)
def test_committee_from_symbol(symbol, code):
    assert committee_from_symbol(symbol) == code


def test_protocol_symbols_parse():
    symbol = parse_symbol("CRC/C/OPSC/AZE/CO/1")
    assert (symbol.committee, symbol.protocol, symbol.country) == ("CRC", "OPSC", "AZE")


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("en", "Committee against Torture"),
        ("fr", "Comité contre la torture"),
        ("zh", "禁止酷刑委员会"),
        ("ru", "Комитет против пыток"),
        ("ar", "لجنة مناهضة التعذيب"),
        ("es", "Comité contra la Tortura"),
    ],
)
def test_official_names(language, name):
    assert committee_name("CAT", language) == name
    assert find_committee(name) == "CAT"


def test_committee_name_fallbacks():
    assert committee_name("XXX") is None
    assert committee("CRC").name("de") == "Committee on the Rights of the Child"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_name_finds_its_committee(language):
    for code, entry in committees().items():
        assert find_committee(f"… {entry.name(language)} …") == code, (code, language)
        assert find_committee(entry.treaty_name(language)) == code, (code, language)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("What did the CMW say?", "CMW"),
        ("Committee on Migrant Workers on detention", "CMW"),
        ("the migrant workers committee", "CMW"),
        ("移民工人委员会怎么评价", "CMW"),
        ("Comité des droits de l’enfant", "CRC"),  # typographic apostrophe
        ("le Comité des droits de l'enfant, Observations finales", "CRC"),
        ("经济、社会和文化权利委员会", "CESCR"),
        ("Convention relative aux droits des personnes handicapées", "CRPD"),
        (
            "the Optional Protocol to the Convention against Torture and Other Cruel, "
            "Inhuman or Degrading Treatment or Punishment",
            "SPT",
        ),
        ("Комитет по правам ребёнка", "CRC"),
        ("the cat sat on the mat", None),
        ("What did the Committee say?", None),
    ],
)
def test_find_committee(text, code):
    assert find_committee(text) == code


def test_doc_types():
    assert DOC_TYPES == (
        "follow-up assessment",
        "concluding observations",
        "follow-up reply",
        "periodic report",
        "list of issues",
        "replies to list of issues",
        "views",
        "decision",
        "general comment",
        "annual report",
        "summary record",
        "visit report",
        "document",
    )
    assert set(TYPE_CODES.values()) <= set(DOC_TYPES)
    assert list(TYPE_CODES)[:3] == ["CO", "OAI", "FCO"]
    assert {doc_type for doc_type, _ in TITLE_PATTERNS} <= set(DOC_TYPES)


@pytest.mark.parametrize(
    ("title", "doc_type"),
    [
        (
            "Concluding observations on the third periodic report of Azerbaijan",
            "concluding observations",
        ),
        ("Observations finales concernant le rapport de l'Andorre", "concluding observations"),
        ("Заключительные замечания по докладу Словакии", "concluding observations"),
        ("Replies of Azerbaijan to the list of issues", "replies to list of issues"),
        ("Lista de cuestiones relativa al informe", "list of issues"),
        ("问题清单", "list of issues"),
        ("التقرير الدوري الثالث", "periodic report"),
        (
            "Information received from Azerbaijan on follow-up to the concluding observations",
            "follow-up reply",
        ),
        ("Decision adopted by the Committee", "decision"),
        ("Dictamen aprobado por el Comité en virtud del artículo 7", "views"),
        ("Report on follow-up to the concluding observations", "follow-up assessment"),
        ("Summary record of the 1924th meeting", "summary record"),
        ("Decision taken pursuant to rule 92", None),  # a views' header field, not its title
    ],
)
def test_doc_type_of_title(title, doc_type):
    assert doc_type_of_title(title) == doc_type


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("التقرير السنوي للجنة الفرعية لمنع التعذيب", "SPT"),  # li- + al-: the alif drops
        ("وأوصت اللجنة المعنية بحقوق الإنسان", "CCPR"),
        ("قدمت إلى للجنة المعنية بحقوق الإنسان", "CCPR"),  # li- before a lam: one lam merges
        ("واللجنة المعنية بحقوق الإنسان", "CCPR"),  # wa- + al-
    ],
)
def test_arabic_names_take_the_prefixes_written_onto_their_article(text, code):
    assert find_committee(text) == code
