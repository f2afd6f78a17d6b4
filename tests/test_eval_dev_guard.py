"""Quality guard over part of the invented many-State corpus (bench/dev/): the test part's
questions about three States hold their retrieval, the State named, and found / not found."""

import pytest

from index.domain.model import Filters
from tests.conftest import DEV_SUBSET_STATES, ROOT, dev_subset_engine
from tests.test_eval_guard import _load_eval

DEV_SET = ROOT / "bench" / "eval_dev.jsonl"
# The test part of bench/eval_dev.jsonl asked of tests/conftest.py's DEV_SUBSET (questions
# about its States, about States not indexed, off the domain) with the default configuration;
# the whole corpus's figures are in docs/EVALUATION.md, "Many States".
# Measured 2026-12-02 (47 questions, ~15 s of asking after ~30 s of indexing on one core).
FIGURES = {"recall@1": 0.938, "recall@5": 1.0}
TOLERANCE = 0.03
# answers about another State than the one named, quotes without a sentence: none at all
NEVER = ("wrong_state", "bare_quotes")
# Upper bounds (measured 2026-12-02 after the answer and closest-match bars of issue 14:
# 0.0, 0.0 and 0.111). Answerable called "not covered" and unanswerable answered: issue 14's
# targets. Answerable shown only as the closest match: the measured share plus a margin, so
# that a bar raised further (fewer answers, all hedged) fails here.
RATES = {"not_covered": 0.03, "answered_unanswerable": 0.05, "closest_answerable": 0.2}


def _about_subset(row: dict) -> bool:
    """A question the subset can be asked: about one of its States, a State no document is
    about, or nothing indexed at all (off the domain)."""
    if row.get("indexed_state") is False or not row.get("state"):
        return True
    return row["state"] in DEV_SUBSET_STATES


@pytest.fixture(scope="module")
def dev_summary(tmp_path_factory):
    bench_eval = _load_eval()
    base = dev_subset_engine(tmp_path_factory, "eval-dev")
    engine = bench_eval.engine_for(bench_eval.CONFIGS[bench_eval.DEFAULT_CONFIG], base)
    chunks = base.store.get(Filters())
    questions = [
        row
        for row in bench_eval.load_questions(DEV_SET, "test")
        if _about_subset(row)
        and (not bench_eval.answerable(row) or bench_eval.present(row["expected"], chunks))
    ]
    return bench_eval.summarise(bench_eval.evaluate(engine, questions))


@pytest.mark.parametrize("metric", sorted(FIGURES))
def test_dev_retrieval_holds(dev_summary, metric):
    expected = FIGURES[metric]
    assert dev_summary[metric] >= expected - TOLERANCE, (
        f"{metric} on the test part of bench/eval_dev.jsonl fell to {dev_summary[metric]:.3f} "
        f"from {expected}; see docs/EVALUATION.md, 'Many States'"
    )


@pytest.mark.parametrize("metric", NEVER)
def test_dev_never(dev_summary, metric):
    assert dev_summary[metric] == 0, f"{metric}: {dev_summary[metric]}"


@pytest.mark.parametrize("metric", sorted(RATES))
def test_dev_found_not_found(dev_summary, metric):
    assert dev_summary[metric] <= RATES[metric], f"{metric}: {dev_summary[metric]}"
