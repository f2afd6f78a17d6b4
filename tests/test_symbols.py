"""Tests for index.domain.symbols: the treaty-body symbol grammar, normalisation, file names."""

from __future__ import annotations

import pytest

from index.domain.committees import committee_from_symbol
from index.domain.errors import BadSymbol, QAError
from index.domain.model import DOC_TYPES
from index.domain.symbols import (
    Symbol,
    country_from_symbol,
    doc_type_for,
    filename_parts,
    is_follow_up_assessment_name,
    language_from_filename,
    normalize_symbol,
    parse_symbol,
    symbol_from_filename,
)

OBS, REPLY, LOI, RLOI = (
    "concluding observations",
    "follow-up reply",
    "list of issues",
    "replies to list of issues",
)


@pytest.mark.parametrize(
    ("text", "committee", "body", "country", "type_code", "number", "suffixes", "doc_type"),
    [
        ("CMW/C/AZE/CO/3", "CMW", "CMW/C", "AZE", "CO", "3", (), OBS),
        ("CRC/C/AZE/CO/5-6", "CRC", "CRC/C", "AZE", "CO", "5-6", (), OBS),
        ("CERD/C/AZE/CO/10-12", "CERD", "CERD/C", "AZE", "CO", "10-12", (), OBS),
        ("CMW/C/AZE/FCO/3", "CMW", "CMW/C", "AZE", "FCO", "3", (), REPLY),
        ("CCPR/C/AZE/CO/4/Add.1", "CCPR", "CCPR/C", "AZE", "CO", "4", ("Add.1",), REPLY),
        ("CMW/C/AZE/Q/3", "CMW", "CMW/C", "AZE", "Q", "3", (), LOI),
        ("CMW/C/AZE/QPR/2", "CMW", "CMW/C", "AZE", "QPR", "2", (), LOI),
        ("CMW/C/AZE/RQ/3", "CMW", "CMW/C", "AZE", "RQ", "3", (), RLOI),
        ("CEDAW/C/AZE/Q/6/Add.1", "CEDAW", "CEDAW/C", "AZE", "Q", "6", ("Add.1",), RLOI),
        ("CMW/C/AZE/3", "CMW", "CMW/C", "AZE", None, "3", (), "periodic report"),
        ("CAT/C/AZE/CO/5/Corr.1", "CAT", "CAT/C", "AZE", "CO", "5", ("Corr.1",), OBS),
        ("CED/C/AZE/CO/1", "CED", "CED/C", "AZE", "CO", "1", (), OBS),
        ("CED/C/MEX/OAI/1", "CED", "CED/C", "MEX", "OAI", "1", (), OBS),
        ("CEDAW/C/AZE/CO/6", "CEDAW", "CEDAW/C", "AZE", "CO", "6", (), OBS),
        ("CRPD/C/AZE/CO/1", "CRPD", "CRPD/C", "AZE", "CO", "1", (), OBS),
        ("E/C.12/AZE/CO/4", "CESCR", "E/C.12", "AZE", "CO", "4", (), OBS),
        ("CCPR/C/AZE/CO/4/Add.1/Corr.1/Rev.2", "CCPR", "CCPR/C", "AZE", "CO", "4",
         ("Add.1", "Corr.1", "Rev.2"), REPLY),
        ("CMW/C/36/2/Add.1", "CMW", "CMW/C", None, None, "2", ("Add.1",), "follow-up assessment"),
        ("CAT/OP/AZE/1", "SPT", "CAT/OP", "AZE", None, "1", (), "visit report"),
    ],
)  # fmt: skip
def test_valid_symbols(text, committee, body, country, type_code, number, suffixes, doc_type):
    symbol = parse_symbol(text)
    assert (symbol.text, symbol.committee, symbol.body, symbol.country) == (
        text, committee, body, country
    )  # fmt: skip
    assert (symbol.type_code, symbol.number, symbol.suffixes) == (type_code, number, suffixes)
    assert doc_type_for(symbol) == doc_type_for(text) == symbol.doc_type == doc_type
    assert doc_type in DOC_TYPES
    # the lenient helpers other modules use agree with the grammar
    assert committee_from_symbol(text) == committee
    assert country_from_symbol(text) == country


def test_symbol_extras_and_to_dict():
    symbol = parse_symbol("CRC/C/OPSC/AZE/CO/1")
    assert (symbol.protocol, symbol.country, symbol.type_code) == ("OPSC", "AZE", "CO")
    assert parse_symbol("CCPR/C/136/2").session == 136
    assert parse_symbol("CMW/C/AZE/CO/3").to_dict() == {
        "text": "CMW/C/AZE/CO/3",
        "committee": "CMW",
        "body": "CMW/C",
        "country": "AZE",
        "type_code": "CO",
        "number": "3",
        "suffixes": [],
        "protocol": None,
        "session": None,
        "doc_type": "concluding observations",
    }
    assert str(symbol) == "CRC/C/OPSC/AZE/CO/1" and isinstance(symbol, Symbol)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CMW/C/AZE/CO/3", "CMW/C/AZE/CO/3"),
        ("  cmw/c/aze/co/3 ", "CMW/C/AZE/CO/3"),
        ("CMW / C / AZE / CO / 3", "CMW/C/AZE/CO/3"),
        ("ＣＭＷ／Ｃ／ＡＺＥ／ＣＯ／３", "CMW/C/AZE/CO/3"),
        ("CCPR/C/AZE/CO/4/Add 1", "CCPR/C/AZE/CO/4/Add.1"),
        ("CCPR/C/AZE/CO/4/ADD.1", "CCPR/C/AZE/CO/4/Add.1"),
        ("ccpr/c/aze/co/4/add1/corr 2", "CCPR/C/AZE/CO/4/Add.1/Corr.2"),
        ("CCPR/C/AZE/CO/4 Add. 1", "CCPR/C/AZE/CO/4/Add.1"),
        ("e/c.12/aze/co/4", "E/C.12/AZE/CO/4"),
        ("CRC/C/AZE/CO/5–6", "CRC/C/AZE/CO/5-6"),
        ("CMW/C/AZE/CO/3.", "CMW/C/AZE/CO/3"),
    ],
)
def test_normalize_symbol(text, expected):
    assert normalize_symbol(text) == expected
    assert parse_symbol(text).text == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "it is empty"),
        ("XYZ/C/AZE/CO/3", "unknown treaty body 'XYZ'"),
        ("A/78/48", "unknown treaty body 'A'"),
        ("CESCR/C/AZE/CO/4", "CESCR documents start with E/C.12/"),
        ("CMW/AZE/CO/3", "CMW documents start with CMW/C/"),
        ("CMW/C", "the ISO3 code of the State party is missing"),
        ("CMW/C/XYZ/CO/3", "'XYZ' is not the ISO 3166 alpha-3 code"),
        ("CMW/C/AZE/CO", "the document number after CO is missing"),
        ("CMW/C/AZE/CO/three", "number after CO is missing, found 'THREE'"),
        ("CMW/C/AZE/ZZ/3", "unknown document type 'ZZ'"),
        ("CMW/C/AZE/CO/3/Foo.1", "bad suffix 'FOO.1'"),
        ("CMW/C/AZE/CO/3/Add", "bad suffix 'ADD'"),
        ("CMW/C/AZE/CO/3/4", "bad suffix '4'"),
    ],
)
def test_bad_symbols(text, fragment):
    with pytest.raises(BadSymbol) as raised:
        parse_symbol(text)
    message = str(raised.value)
    assert fragment in message
    assert "expected BODY/C/ISO3/TYPE/n" in message and "CMW/C/AZE/CO/3" in message
    assert isinstance(raised.value, QAError)
    assert raised.value.reason in message


@pytest.mark.parametrize(
    ("name", "symbol", "language", "assessment"),
    [
        ("CMW_C_AZE_CO_3_follow-up-assessment_zh.md", "CMW/C/AZE/CO/3", "zh", True),
        ("E_C.12_AZE_CO_4.pdf", "E/C.12/AZE/CO/4", None, False),
        ("CCPR-C-AZE-CO-4-Add.1.docx", "CCPR/C/AZE/CO/4/Add.1", None, False),
        ("CCPR-C-AZE-CO-4-Add.1", "CCPR/C/AZE/CO/4/Add.1", None, False),
        ("CCPR_C_AZE_CO_4_Add_1-EN.md", "CCPR/C/AZE/CO/4/Add.1", "en", False),
        ("CRC_C_AZE_CO_5-6_fr.md", "CRC/C/AZE/CO/5-6", "fr", False),
        ("CERD-C-AZE-CO-10-12-RU.txt", "CERD/C/AZE/CO/10-12", "ru", False),
        ("CMW-C-AZE-CO-3-2023-es.md", "CMW/C/AZE/CO/3", "es", False),
        ("cmw_c_aze_3_ar.txt", "CMW/C/AZE/3", "ar", False),
        ("CAT_C_AZE_CO_5_follow-up-letter.md", "CAT/C/AZE/CO/5", None, True),
        ("follow_up_en.md", None, "en", False),
        ("XYZ_C_AZE_CO_3.md", None, None, False),
        ("CMW_C_XYZ_CO_3.md", None, None, False),
        ("notes.md", None, None, False),
    ],
)
def test_filenames(name, symbol, language, assessment):
    assert symbol_from_filename(name) == symbol
    assert language_from_filename(name) == language
    assert is_follow_up_assessment_name(name) is assessment


def test_filename_parts_keep_the_tags():
    assert filename_parts("CMW_C_AZE_CO_3_follow-up-assessment_zh.md") == (
        "CMW/C/AZE/CO/3",
        "_follow-up-assessment_zh",
    )
    assert filename_parts("dir/notes_en.md") == (None, "notes_en")
