"""Tests for qa.config: flag > QA_* variable > default."""

from pathlib import Path

import pytest

from index.errors import BadRequest
from qa.config import DEFAULT_EMBEDDER, Settings


def test_defaults(tmp_path):
    settings = Settings.from_env({"QA_DATA_DIR": str(tmp_path)})
    assert settings.data_dir == tmp_path
    assert settings.embedder == DEFAULT_EMBEDDER
    assert settings.chroma_url is None
    assert (settings.host, settings.port, settings.k) == ("127.0.0.1", 7860, 5)
    assert settings.chroma_path == tmp_path / "chroma"


def test_environment_then_flags():
    env = {"QA_DATA_DIR": "/env", "QA_EMBEDDER": "all-MiniLM-L6-v2", "QA_PORT": "9000"}
    settings = Settings.from_env(env, data_dir=Path("/flag"), port=None)
    assert settings.data_dir == Path("/flag")
    assert settings.embedder == "all-MiniLM-L6-v2"
    assert settings.port == 9000


@pytest.mark.parametrize(
    "env, url",
    [
        ({"QA_CHROMA_URL": "http://127.0.0.1:8123"}, "http://127.0.0.1:8123"),
        ({"QA_CHROMA_HOST": "127.0.0.1", "QA_CHROMA_PORT": "8124"}, "http://127.0.0.1:8124"),
        ({"QA_CHROMA_HOST": "127.0.0.1"}, "http://127.0.0.1:8000"),
        ({}, None),
    ],
)
def test_chroma_url(env, url):
    assert Settings.from_env({"QA_DATA_DIR": "/d", **env}).chroma_url == url


def test_bad_number_names_the_variable():
    with pytest.raises(BadRequest, match="QA_PORT='eighty' is not a whole number"):
        Settings.from_env({"QA_DATA_DIR": "/d", "QA_PORT": "eighty"})
