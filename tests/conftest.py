"""Shared fixtures: every test gets its own data directory; the seed's path and index."""

import shutil
from pathlib import Path

import pytest

from qa.config import Settings
from qa.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "CMW_C_AZE_CO_3_follow-up-assessment_zh.md"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """Point QA_DATA_DIR at a fresh directory so no test touches real data."""
    path = tmp_path / "qa-data"
    monkeypatch.setenv("QA_DATA_DIR", str(path))
    for name in ("QA_CHROMA_URL", "QA_CHROMA_HOST", "QA_CHROMA_PORT", "QA_EMBEDDER"):
        monkeypatch.delenv(name, raising=False)
    return path


@pytest.fixture
def seed_path() -> Path:
    return SEED


def seeded_data_dir(tmp_path_factory, name: str) -> Path:
    """A data directory holding the indexed seed: embedded once per session, then copied."""
    template = tmp_path_factory.getbasetemp() / "seed-index"
    if not template.exists():
        building = tmp_path_factory.mktemp("seed-index-building")
        Engine(Settings.from_env({"QA_DATA_DIR": str(building)})).ensure_index(progress=False)
        building.rename(template)
    target = tmp_path_factory.mktemp(name)
    shutil.copytree(template, target, dirs_exist_ok=True)
    return target


def seeded_engine(tmp_path_factory, name: str) -> Engine:
    """An engine over a private copy of the indexed seed."""
    return Engine(Settings.from_env({"QA_DATA_DIR": str(seeded_data_dir(tmp_path_factory, name))}))


# A small part of the invented many-State corpus (bench/dev/corpus): three States, three
# committees, English, French and Chinese, a concluding observations' follow-up assessment.
DEV_CORPUS = ROOT / "bench" / "dev" / "corpus"
DEV_SUBSET = (
    "CAT_C_KEN_CO_3_co_en.md",
    "CAT_C_83_2_Add1_follow-up_en.md",
    "CRPD_C_AND_CO_1_co_fr.md",
    "E_C12_MNG_CO_5_co_zh.md",
)
DEV_SUBSET_STATES = ("Kenya", "Andorra", "Mongolia")


def dev_subset_engine(tmp_path_factory, name: str) -> Engine:
    """An engine over a private copy of the indexed DEV_SUBSET: embedded once per session."""
    template = tmp_path_factory.getbasetemp() / "dev-subset-index"
    if not template.exists():
        building = tmp_path_factory.mktemp("dev-subset-building")
        engine = Engine(Settings.from_env({"QA_DATA_DIR": str(building)}))
        report = engine.index([DEV_CORPUS / file for file in DEV_SUBSET], progress=False)
        assert not report.failed, report.failed
        building.rename(template)
    target = tmp_path_factory.mktemp(name)
    shutil.copytree(template, target, dirs_exist_ok=True)
    return Engine(Settings.from_env({"QA_DATA_DIR": str(target)}))
