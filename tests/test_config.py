"""Tests for qa.config: flag > QA_* variable > default."""

from pathlib import Path

import pytest

from index.domain.errors import BadRequest
from qa.config import DEFAULT_EMBEDDER, SENTENCE_WEIGHT, Settings


def test_defaults(tmp_path):
    settings = Settings.from_env({"QA_DATA_DIR": str(tmp_path)})
    assert settings.data_dir == tmp_path
    assert settings.embedder == DEFAULT_EMBEDDER
    assert settings.chroma_url is None
    assert (settings.host, settings.port, settings.k) == ("127.0.0.1", 7860, 5)
    assert settings.chroma_path == tmp_path / "chroma"
    assert settings.chunk_prefix is True
    assert settings.sentence_weight == SENTENCE_WEIGHT


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


@pytest.mark.parametrize(
    "env, prefix, weight",
    [
        ({"QA_CHUNK_PREFIX": "0"}, False, SENTENCE_WEIGHT),
        ({"QA_CHUNK_PREFIX": "off", "QA_SENTENCE_WEIGHT": "0"}, False, 0.0),
        ({"QA_CHUNK_PREFIX": "true", "QA_SENTENCE_WEIGHT": "0.25"}, True, 0.25),
        ({"QA_CHUNK_PREFIX": ""}, True, SENTENCE_WEIGHT),
    ],
)
def test_prefix_and_sentence_weight_from_the_environment(env, prefix, weight):
    settings = Settings.from_env({"QA_DATA_DIR": "/d", **env})
    assert (settings.chunk_prefix, settings.sentence_weight) == (prefix, weight)


@pytest.mark.parametrize(
    "env, message",
    [
        ({"QA_CHUNK_PREFIX": "maybe"}, "QA_CHUNK_PREFIX='maybe' is not on or off"),
        ({"QA_SENTENCE_WEIGHT": "half"}, "QA_SENTENCE_WEIGHT='half' is not a number"),
        ({"QA_SENTENCE_WEIGHT": "1.5"}, "QA_SENTENCE_WEIGHT='1.5' must be from 0 to 1"),
    ],
)
def test_bad_prefix_or_weight_names_the_variable(env, message):
    with pytest.raises(BadRequest, match=message):
        Settings.from_env({"QA_DATA_DIR": "/d", **env})


def test_request_seconds_from_the_environment():
    assert Settings.from_env({}).request_seconds == 30.0
    assert Settings.from_env({"QA_REQUEST_SECONDS": "2.5"}).request_seconds == 2.5


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "soon"])
def test_bad_request_seconds_names_the_variable(value):
    with pytest.raises(BadRequest, match="QA_REQUEST_SECONDS"):
        Settings.from_env({"QA_REQUEST_SECONDS": value})
