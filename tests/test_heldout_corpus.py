"""The held-out corpus (tests/data/heldout) is well formed: files and truth agree.

Like tests/test_conformance_corpus.py, these tests check the corpus only, never the parser:
`python bench/conformance.py --corpus tests/data/heldout` measures the pipeline on it (see
docs/HELDOUT.md). They fail when a fixture lacks its truth or the reverse, when a truth field is
ill-typed, when a paragraph number in the truth is not in its file, or when the held-out set
overlaps the documents studied for the conformance corpus.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from index.domain.committees import committee_codes
from index.domain.model import DOC_TYPES
from index.domain.symbols import LANGUAGES

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "heldout"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
TRUTH: dict[str, dict] = EXPECTED["files"]
FIELDS = {"symbol", "doc_type", "committee", "state", "language", "paragraphs", "items", "quirks"}
STUDIED = Path(__file__).parent.parent / "docs" / "REAL_DOCUMENTS.md"

_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
_JOB_NUMBER = re.compile(r"GE\.\d{2}-\d{5}")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _text(name: str) -> str:
    text = (CORPUS / name).read_text(encoding="utf-8").translate(_ARABIC_DIGITS)
    return _JOB_NUMBER.sub("\n", text)


def _number_pattern(number: str) -> re.Pattern[str]:
    """A paragraph number opening a line: glued, spaced, "1-", "1 -", "2.1" glued to text."""
    if "." in number:
        return re.compile(rf"(?m)^[ \t]*{re.escape(number)}")
    return re.compile(rf"(?m)^[ \t]*{re.escape(number)}(?:\.|\s*[-–)]|[ \t]*$)")


def _studied_symbols() -> set[str]:
    """Symbols of the documents studied for the conformance corpus (its table's first column)."""
    rows = re.findall(r"(?m)^\| ([A-Z][^|]*?) \|", STUDIED.read_text(encoding="utf-8"))
    return {row.strip() for row in rows}


def test_every_file_has_its_truth_and_every_truth_its_file():
    files = {path.name for path in CORPUS.iterdir() if path.name != "expected.json"}
    assert not files - set(TRUTH), "fixtures without truth in expected.json"
    assert not set(TRUTH) - files, "truth for fixtures that are gone"


def test_the_set_spans_languages_and_committees():
    languages = [truth["language"] for truth in TRUTH.values()]
    assert {language: languages.count(language) >= 5 for language in LANGUAGES} == dict.fromkeys(
        LANGUAGES, True
    )
    assert {truth["committee"] for truth in TRUTH.values()} == set(committee_codes())
    assert len(TRUTH) >= 40


def test_the_set_is_apart_from_the_studied_and_conformance_documents():
    conformance = json.loads((DATA / "conformance" / "expected.json").read_text(encoding="utf-8"))
    taken = _studied_symbols() | {truth["symbol"] for truth in conformance["files"].values()}
    assert not {truth["symbol"] for truth in TRUTH.values()} & taken
    assert len({truth["symbol"] for truth in TRUTH.values()}) == len(TRUTH)


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_truth_is_well_typed(name: str):
    truth = TRUTH[name]
    assert set(truth) == FIELDS
    assert truth["language"] in LANGUAGES
    assert truth["committee"] in committee_codes()
    assert truth["doc_type"] in set(DOC_TYPES) | set(EXPECTED["new_doc_types"])
    assert truth["state"] is None or re.fullmatch(r"[A-Z]{3}", truth["state"])
    assert re.fullmatch(r"[A-Z][A-Za-z0-9./\-]+", truth["symbol"]), truth["symbol"]
    assert truth["quirks"] and all(re.fullmatch(r"[a-z0-9_]+", tag) for tag in truth["quirks"])
    assert len(set(truth["paragraphs"])) == len(truth["paragraphs"])


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_items_are_letters_of_listed_paragraphs(name: str):
    truth = TRUTH[name]
    for paragraph, letters in truth["items"].items():
        assert paragraph in truth["paragraphs"]
        assert letters == list(_LETTERS[: len(letters)])


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_paragraph_numbers_occur_in_order(name: str):
    text = _text(name)
    position = 0
    for number in TRUTH[name]["paragraphs"]:
        found = _number_pattern(number).search(text, position)
        assert found, f"{name}: paragraph {number} not found after offset {position}"
        position = found.end()


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_unnumbered_fixtures_have_no_numbered_line(name: str):
    """A truth without paragraphs means the text has no line opening with a paragraph number."""
    if TRUTH[name]["paragraphs"]:
        return
    assert not re.search(r"(?m)^[ \t]*\d{1,3}(?:\.\S|\.\s|\s*-\s)", _text(name)), name


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_symbol_or_its_file_name_is_in_the_fixture(name: str):
    """The text carries its symbol (perhaps broken or glued), else the file name spells it."""
    symbol = TRUTH[name]["symbol"]
    squeezed = re.sub(r"\s+", "", (CORPUS / name).read_text(encoding="utf-8")).replace("С", "C")
    from_name = "symbol_from_filename" in TRUTH[name]["quirks"]
    spelled = Path(name).stem.rsplit("_", 1)[0].replace("_", "/")
    assert symbol in squeezed or (from_name and spelled == symbol), name
