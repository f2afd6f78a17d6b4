"""The conformance corpus (tests/data/conformance) is well formed: files and truth agree.

These tests check the corpus only, never the parser: bench/conformance.py measures how the
pipeline does on it. They fail when a fixture is added without its truth, a truth names a file
that is gone, or a paragraph number in the truth no longer appears in its file.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from index.domain.committees import committee_codes
from index.domain.model import DOC_TYPES
from index.domain.symbols import LANGUAGES

CORPUS = Path(__file__).parent / "data" / "conformance"
EXPECTED = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
TRUTH: dict[str, dict] = EXPECTED["files"]
FIELDS = {"symbol", "doc_type", "committee", "state", "language", "paragraphs", "items", "quirks"}

_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
# a UN job number glued to what follows ("GE.08-407895.The ..." is job GE.08-40789, then "5.")
_JOB_NUMBER = re.compile(r"GE\.\d{2}-\d{5}")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _text(name: str) -> str:
    text = (CORPUS / name).read_text(encoding="utf-8").translate(_ARABIC_DIGITS)
    return _JOB_NUMBER.sub("\n", text)


def _number_pattern(number: str, flattened: bool) -> re.Pattern[str]:
    """A paragraph number opening a line (glued, spaced, alone, "1-", "1)", "1\\."); anywhere
    after a space in a text flattened onto one line. Decimal "2.1" may be written "2-1" and is
    glued to anything, even to a year ("2.12010年")."""
    start = r"(?:^|(?<=\s))" if flattened else r"(?m)^[ \t]*"
    if "." in number:
        dashed = r"\s*-\s*".join(map(re.escape, number.split(".")))
        return re.compile(rf"{start}(?:{re.escape(number)}|{dashed})")
    return re.compile(rf"{start}{re.escape(number)}(?:\\?\.|\s*[-–)]|[ \t]*$)")


def test_every_file_has_its_truth_and_every_truth_its_file():
    files = {path.name for path in CORPUS.iterdir() if path.name != "expected.json"}
    assert not files - set(TRUTH), "fixtures without truth in expected.json"
    assert not set(TRUTH) - files, "truth for fixtures that are gone"


def test_the_corpus_spans_languages_committees_and_types():
    assert {truth["language"] for truth in TRUTH.values()} == set(LANGUAGES)
    assert {truth["committee"] for truth in TRUTH.values()} == set(committee_codes())
    kinds = {truth["doc_type"] for truth in TRUTH.values()}
    assert set(DOC_TYPES) - {"document"} <= kinds
    assert 40 <= len(TRUTH) <= 80


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
    truth = TRUTH[name]
    text = _text(name)
    flattened = "flattened_one_line" in truth["quirks"]
    position = 0
    for number in truth["paragraphs"]:
        found = _number_pattern(number, flattened).search(text, position)
        assert found, f"{name}: paragraph {number} not found after offset {position}"
        position = found.end()


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_symbol_or_its_file_name_is_in_the_fixture(name: str):
    """The text carries its symbol (perhaps broken or glued), else the file name spells it."""
    symbol = TRUTH[name]["symbol"]
    squeezed = re.sub(r"\s+", "", (CORPUS / name).read_text(encoding="utf-8")).replace("С", "C")
    from_name = "symbol_from_filename" in TRUTH[name]["quirks"]
    spelled = Path(name).stem.rsplit("_", 1)[0].replace("_", "/")
    assert symbol in squeezed or (from_name and spelled == symbol), name
