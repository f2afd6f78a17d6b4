"""Shared fixtures: every test gets its own data directory; the seed's path."""

from pathlib import Path

import pytest

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
