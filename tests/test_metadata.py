"""Tests for index.metadata: front matter, sidecars, file names, precedence, and ingestion."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pytest

from index.domain.errors import ParseError
from index.domain.model import Document, content_hash
from index.embed import load_embedder
from index.ingest import Indexer, collect_files, read_document
from index.metadata import (
    Metadata,
    apply_metadata,
    document_hash,
    from_filename,
    is_sidecar,
    merge_metadata,
    read_sidecar,
    split_front_matter,
)
from index.parse import parse_document
from index.read import read_text
from index.store.chunk_store import ChromaStore
from tests.conftest import DATA, SEED
from tests.test_ingest import CachedEmbedder

FIXTURE = DATA / "follow_up_en.md"
NAME = FIXTURE.name

FRONT = """---
symbol: CMW/C/36/2/Add.1
state_party: Spain
date: 2023-06-10
session: 36
language: EN
---

Body text.
"""


@pytest.fixture(scope="module")
def english() -> Document:
    return parse_document(read_text(FIXTURE), NAME)


def bare(doc_type: str = "document", **fields) -> Document:
    """A Document as a parser gives it when the text named nothing."""
    return Document(NAME, "1. Text.\n", doc_type, None, None, None, "en", **fields)


# Front matter


def test_front_matter_is_read_and_stripped():
    metadata, body = split_front_matter(FRONT, "a.md")
    assert metadata == Metadata(
        symbol="CMW/C/36/2/Add.1",
        state_party="Spain",
        date="2023-06-10",
        session=36,
        language="en",
    )
    assert body == "Body text.\n"
    assert metadata.to_dict() == {
        "symbol": "CMW/C/36/2/Add.1",
        "state_party": "Spain",
        "language": "en",
        "date": "2023-06-10",
        "session": 36,
    }


@pytest.mark.parametrize(
    "text",
    ["No front matter.\n", "Text\n---\nsymbol: CMW/C/AZE/CO/3\n---\n", "---\nno closing line\n"],
)
def test_text_without_front_matter_is_unchanged(text):
    assert split_front_matter(text, "a.md") == (None, text)


def test_empty_front_matter_gives_no_metadata():
    assert split_front_matter("---\n---\nBody\n", "a.md") == (None, "Body\n")


@pytest.mark.parametrize(
    ("lines", "fragment"),
    [
        ("author: me", "unknown key 'author'; known keys: symbol, doc_type"),
        ("symbol: XYZ/C/AZE/CO/3", "bad value for 'symbol': bad document symbol"),
        ("co_symbol: CMW/C/AZE/CO", "bad value for 'co_symbol'"),
        ("date: 9 June 2023", "bad value for 'date': '9 June 2023' is not a date; write it as"),
        ("date: '2023-02-30'", "bad value for 'date'"),
        ("language: de", "bad value for 'language': 'de' is not a UN language"),
        ("country_code: XYZ", "bad value for 'country_code'"),
        ("committee: FOO", "bad value for 'committee'"),
        ("doc_type: letter", "bad value for 'doc_type': 'letter' is not a document type"),
        ("session: 0", "bad value for 'session'"),
        ("session: thirty", "bad value for 'session'"),
        ("state_party: [Spain]", "bad value for 'state_party': expected a non-empty string"),
        ("state_party:", "bad value for 'state_party'"),
        ("symbol: CMW/C/AZE/CO/3\ncountry_code: PRT", "'country_code' is PRT but symbol"),
        ("- a list", "expected 'key: value' pairs"),
        ("symbol: [unclosed", "front matter is not valid YAML"),
    ],
)
def test_bad_front_matter(lines, fragment):
    with pytest.raises(ParseError) as raised:
        split_front_matter(f"---\n{lines}\n---\nBody\n", "report.md")
    assert str(raised.value).startswith("report.md: front matter")
    assert fragment in str(raised.value)


def test_front_matter_offsets_point_into_the_body(tmp_path):
    text = FIXTURE.read_text(encoding="utf-8")
    path = tmp_path / NAME
    path.write_text("---\ndate: 2023-06-10\n# a YAML comment\n---\n" + text, encoding="utf-8")
    body, metadata = read_document(path)
    assert body == read_text(FIXTURE) and metadata == Metadata(date="2023-06-10")
    plain = tmp_path / "plain.txt"
    plain.write_text("---\nlanguage: fr\n---\nLigne 1.\n", encoding="utf-8")
    assert read_document(plain) == ("Ligne 1.\n", Metadata(language="fr"))


# Sidecars


@pytest.mark.parametrize(
    ("suffix", "content"),
    [
        (".meta.json", '{"state_party": "Spain", "date": "2023-07-01"}'),
        (".meta.yaml", "state_party: Spain\ndate: 2023-07-01\n"),
        (".meta.yml", "state_party: Spain\ndate: '2023-07-01'\n"),
    ],
)
def test_sidecar_json_and_yaml(tmp_path, suffix, content):
    document = tmp_path / NAME
    document.write_text("text", encoding="utf-8")
    (tmp_path / (NAME + suffix)).write_text(content, encoding="utf-8")
    assert read_sidecar(document) == Metadata(state_party="Spain", date="2023-07-01")
    assert is_sidecar(tmp_path / (NAME + suffix)) and not is_sidecar(document)


def test_no_sidecar_gives_none(tmp_path):
    assert read_sidecar(tmp_path / NAME) is None


@pytest.mark.parametrize(
    ("files", "fragment"),
    [
        ({".meta.json": '{"colour": "red"}'}, "sidecar follow_up_en.md.meta.json: unknown key"),
        ({".meta.json": '{"date": "June"}'}, "meta.json: bad value for 'date'"),
        ({".meta.json": "{not json"}, "sidecar follow_up_en.md.meta.json cannot be read"),
        ({".meta.yaml": "a: [b"}, "sidecar follow_up_en.md.meta.yaml cannot be read"),
        ({".meta.json": "[1, 2]"}, "expected 'key: value' pairs, got list"),
        ({".meta.json": "{}", ".meta.yml": "date: 2023-01-01"}, "two metadata sidecars"),
    ],
)  # fmt: skip
def test_bad_sidecars(tmp_path, files, fragment):
    for suffix, content in files.items():
        (tmp_path / (NAME + suffix)).write_text(content, encoding="utf-8")
    with pytest.raises(ParseError) as raised:
        read_sidecar(tmp_path / NAME)
    assert raised.value.source == NAME and fragment in str(raised.value)


# File names and precedence


def test_from_filename():
    assert from_filename(SEED) == Metadata(
        co_symbol="CMW/C/AZE/CO/3", doc_type="follow-up assessment", language="zh"
    )
    assert from_filename("E_C.12_AZE_CO_4_fr.md") == Metadata(
        symbol="E/C.12/AZE/CO/4", doc_type="concluding observations", language="fr"
    )
    assert from_filename("notes.md") == Metadata()


def test_merge_metadata_later_layers_win():
    front = Metadata(state_party="Spain", date="2023-01-01")
    sidecar = Metadata(date="2024-02-02")
    assert merge_metadata(front, sidecar) == Metadata(state_party="Spain", date="2024-02-02")
    assert merge_metadata(None, Metadata()) is None


def test_overrides_beat_the_text_and_keep_the_state_in_step(english):
    assert (english.state_party, english.country_code) == ("Portugal", "PRT")
    applied = apply_metadata(english, Metadata(state_party="Spain", date="2023-07-01"))
    assert (applied.state_party, applied.country_code, applied.date) == (
        "Spain", "ESP", "2023-07-01"
    )  # fmt: skip
    by_code = apply_metadata(english, Metadata(country_code="fra"))
    assert (by_code.state_party, by_code.country_code) == ("France", "FRA")
    unknown = apply_metadata(english, Metadata(state_party="Atlantis"))
    assert (unknown.state_party, unknown.country_code) == ("Atlantis", None)
    assert applied.text == english.text and applied.assessments == english.assessments


def test_the_text_beats_the_file_name(english):
    fallback = Metadata(co_symbol="CMW/C/AZE/CO/3", language="zh", date="2020-01-01")
    applied = apply_metadata(english, None, fallback=fallback)
    assert (applied.co_symbol, applied.language) == ("CMW/C/PRT/CO/1", "en")
    assert applied.date == "2023-06-09"  # the text's date
    assert apply_metadata(english, Metadata(language="zh"), fallback=fallback).language == "zh"


def test_the_file_name_fills_what_the_text_left_out():
    applied = apply_metadata(bare(), fallback=from_filename("CCPR_C_AZE_CO_4_Add.1_en.md"))
    assert (applied.symbol, applied.doc_type) == ("CCPR/C/AZE/CO/4/Add.1", "follow-up reply")
    assert (applied.committee, applied.country_code, applied.state_party) == (
        "CCPR", "AZE", "Azerbaijan"
    )  # fmt: skip
    # a name describing another kind of document does not give its symbol to this one
    other = apply_metadata(bare("follow-up assessment"), fallback=from_filename("CMW_C_AZE_3.md"))
    assert other.symbol is None and other.doc_type == "follow-up assessment"


def test_symbol_override_fills_committee_state_and_type():
    applied = apply_metadata(bare(), Metadata(symbol="e/c.12/aze/co/4"))
    assert (applied.symbol, applied.committee, applied.state_party, applied.doc_type) == (
        "E/C.12/AZE/CO/4", "CESCR", "Azerbaijan", "concluding observations"
    )  # fmt: skip
    kept = apply_metadata(bare(doc_type="list of issues"), Metadata(symbol="CMW/C/AZE/CO/3"))
    assert kept.doc_type == "list of issues"


def test_apply_metadata_checks_values_built_in_code(english):
    with pytest.raises(ParseError, match="follow_up_en.md: metadata: bad value for 'language'"):
        apply_metadata(english, Metadata(language="de"))
    with pytest.raises(ParseError, match="'committee' is CAT but symbol"):
        apply_metadata(english, Metadata(symbol="CMW/C/AZE/CO/3", committee="CAT"))


def test_document_hash_covers_overrides_only():
    assert document_hash("text", None) == document_hash("text", Metadata()) == content_hash("text")
    spain, france = Metadata(state_party="Spain"), Metadata(state_party="France")
    assert (
        len({content_hash("text"), document_hash("text", spain), document_hash("text", france)})
        == 3
    )
    assert document_hash("text", spain) == document_hash("text", Metadata(state_party="Spain"))


# Ingestion with the real store and embedder


@pytest.fixture(scope="module")
def embedder():
    """The real default embedder; vectors cached by text, as the same texts recur here."""
    return CachedEmbedder(load_embedder())


@pytest.fixture
def indexer(tmp_path, embedder):
    return Indexer(ChromaStore(path=tmp_path / "chroma"), embedder, tmp_path / "kw", progress=False)


def test_sidecar_overrides_and_reindexes(indexer, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(FIXTURE, folder / NAME)
    sidecar = folder / (NAME + ".meta.json")
    sidecar.write_text(json.dumps({"state_party": "Spain", "date": "2023-07-01"}), "utf-8")
    assert collect_files([folder]) == ([folder / NAME], [])

    report = indexer.index_paths([folder])
    assert (report.added, report.skipped, report.failed) == ((NAME,), (), ())
    store = indexer.store
    record = store.document(NAME)
    assert (record.state_party, record.date, record.symbol) == (
        "Spain",
        "2023-07-01",
        "CMW/C/36/2/Add.1",
    )
    assert record.doc_hash != content_hash(read_text(FIXTURE))
    assert {chunk.state_party for chunk in store.all_chunks()} == {"Spain"}
    assert [r.source for r in store.documents()] == [NAME]

    assert indexer.index_paths([folder]).unchanged == (NAME,)
    sidecar.write_text(json.dumps({"state_party": "Spain", "date": "2023-08-02"}), "utf-8")
    assert indexer.index_paths([folder]).updated == (NAME,)
    assert store.document(NAME).date == "2023-08-02"

    before = ([r.to_dict() for r in store.documents()], sorted(store.chunk_ids(NAME)))
    sidecar.write_text(json.dumps({"state_party": "Spain", "colour": "red"}), "utf-8")
    failed = indexer.index_paths([folder]).failed
    assert (
        failed == ((NAME, failed[0][1]),)
        and "follow_up_en.md.meta.json: unknown key 'colour'" in failed[0][1]
    )
    assert ([r.to_dict() for r in store.documents()], sorted(store.chunk_ids(NAME))) == before

    sidecar.unlink()
    assert indexer.index_paths([folder]).updated == (NAME,)
    record = store.document(NAME)
    assert (record.state_party, record.date) == ("Portugal", "2023-06-09")
    assert record.doc_hash == content_hash(read_text(FIXTURE))  # no overrides: the text's hash


def test_front_matter_is_applied_and_not_indexed(indexer, tmp_path):
    path = tmp_path / NAME
    path.write_text(
        "---\nstate_party: Spain\nsession: 36\n---\n" + FIXTURE.read_text("utf-8"), "utf-8"
    )
    report = indexer.index_paths([path])
    assert report.added == (NAME,) and not report.failed
    record = indexer.store.document(NAME)
    assert record.state_party == "Spain" and record.details["session"] == 36
    body = read_text(FIXTURE)
    for chunk in indexer.store.all_chunks():
        assert "session: 36" not in chunk.text
        assert all(body[start:end] in chunk.text for start, end in chunk.spans)
    path.write_text(path.read_text("utf-8").replace("session: 36", "session: 37"), "utf-8")
    assert indexer.index_paths([path]).updated == (NAME,)
    assert indexer.store.document(NAME).details["session"] == 37


def test_bad_front_matter_fails_the_file_only(indexer, tmp_path):
    path = tmp_path / NAME
    path.write_text("---\nlanguage: de\n---\n" + FIXTURE.read_text("utf-8"), "utf-8")
    report = indexer.index_paths([path])
    assert report.failed == ((NAME, report.failed[0][1]),)
    assert "front matter: bad value for 'language'" in report.failed[0][1]
    assert indexer.store.documents() == []


def test_dataclass_round_trip():
    metadata = Metadata(symbol="CMW/C/AZE/CO/3", session=3)
    assert dataclasses.replace(metadata, session=4).to_dict() == {
        "symbol": "CMW/C/AZE/CO/3",
        "session": 4,
    }
