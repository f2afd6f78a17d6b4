"""Retrieval checks over the seed: English and Chinese questions find the right paragraph."""

import json

import pytest

from tests.conftest import DATA, seeded_engine

CHECKS = json.loads((DATA / "retrieval_checks.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return seeded_engine(tmp_path_factory, "retrieval")


@pytest.mark.parametrize("check", CHECKS, ids=[c["question"][:40] for c in CHECKS])
def test_question_finds_paragraph_in_top_3(engine, check):
    hits = engine.search(check["question"], k=3)
    assert check["paragraph"] in [hit.chunk.paragraph for hit in hits]


def test_migrant_children_ranks_a_paragraph_36_assessment_first_or_second(engine):
    hits = engine.search("Are migrant children still detained?", k=2)
    assert any(h.chunk.kind == "assessment" and h.chunk.paragraph == 36 for h in hits)


def test_checks_cover_both_languages():
    assert {c["language"] for c in CHECKS} == {"en", "zh"}
    assert len(CHECKS) >= 12
