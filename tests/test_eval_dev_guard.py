"""Quality guard over the invented many-State corpus (bench/dev/): test-part retrieval holds."""

import pytest

from qa.config import Settings
from qa.engine import Engine
from tests.conftest import ROOT
from tests.test_eval_guard import _load_eval

DEV_SET = ROOT / "bench" / "eval_dev.jsonl"
DEV_CORPUS = ROOT / "bench" / "dev" / "corpus"
# The test part of bench/eval_dev.jsonl with the default configuration (docs/EVALUATION.md,
# "Many States"): python bench/eval.py --configs hybrid-e5 --set bench/eval_dev.jsonl
#   --corpus bench/dev/corpus --split test
FIGURES = {"recall@1": 0.896, "recall@5": 0.959}
TOLERANCE = 0.03


@pytest.fixture(scope="module")
def dev_records(tmp_path_factory):
    bench_eval = _load_eval()
    data_dir = tmp_path_factory.mktemp("eval-dev")
    base = Engine(Settings.from_env({"QA_DATA_DIR": str(data_dir)}))
    report = base.index([DEV_CORPUS], progress=False)
    assert not report.failed, report.failed
    engine = bench_eval.engine_for(bench_eval.CONFIGS[bench_eval.DEFAULT_CONFIG], base)
    questions = bench_eval.load_questions(DEV_SET, "test")
    return bench_eval.summarise(bench_eval.evaluate(engine, questions, answers=False))


@pytest.mark.parametrize("metric", ["recall@1", "recall@5"])
def test_dev_retrieval_holds(dev_records, metric):
    expected = FIGURES[metric]
    assert dev_records[metric] >= expected - TOLERANCE, (
        f"{metric} on the test part of bench/eval_dev.jsonl fell to {dev_records[metric]:.3f} "
        f"from {expected}; see docs/EVALUATION.md, 'Many States'"
    )
