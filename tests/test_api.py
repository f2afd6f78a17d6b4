"""Tests for the JSON routes in qa.api, with a real engine over the seed."""

import pytest
from fastapi.testclient import TestClient

from qa.api import create_app
from tests.conftest import seeded_engine


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    return TestClient(create_app(seeded_engine(tmp_path_factory, "api")))


def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok", "documents": 1, "ui": "none"}


def test_search(client):
    response = client.get(
        "/api/search", params={"q": "Are migrant children still detained?", "k": 3}
    )
    assert response.status_code == 200
    hits = response.json()["hits"]
    assert len(hits) == 3
    assert any(h["paragraph"] == 36 and h["kind"] == "assessment" for h in hits[:2])


def test_search_with_filters(client):
    response = client.get("/api/search", params={"q": "trafficking", "paragraph": 60, "grade": "F"})
    hits = response.json()["hits"]
    assert [(h["paragraph"], h["grade"]) for h in hits] == [(60, "F")]


@pytest.mark.parametrize(
    "params, found",
    [
        ({"committee": "CMW"}, True),
        ({"committee": "CAT"}, False),  # a committee the index holds no document of
        ({"doc_type": "follow-up assessment"}, True),
        ({"doc_type": "concluding observations"}, False),
    ],
)
def test_search_by_committee_and_document_type(client, params, found):
    response = client.get("/api/search", params={"q": "trafficking", "k": 5, **params})
    assert response.status_code == 200
    hits = response.json()["hits"]
    assert bool(hits) is found
    key = next(iter(params))
    assert all(hit.get(key, params[key]) == params[key] for hit in hits)


def test_cite(client):
    hits = client.get("/api/cite", params={"ref": "CMW/C/AZE/CO/3 para. 62(c)"}).json()["hits"]
    assert [h["kind"] for h in hits] == ["recommendation", "reply", "assessment"]
    assert hits[-1]["citation"] == "CMW/C/AZE/CO/3, para. 62 (c) [F]"


def test_documents(client):
    documents = client.get("/api/documents").json()["documents"]
    assert documents[0]["chunk_count"] == 18


@pytest.mark.parametrize(
    "path, params, status, message",
    [
        ("/api/search", {"q": ""}, 400, "the question is empty"),
        ("/api/search", {"q": "x", "k": 0}, 400, "k must be a whole number from 1 to 100"),
        ("/api/search", {"q": "x", "k": 1000}, 400, "k must be a whole number from 1 to 100"),
        ("/api/search", {"q": "x", "kind": "poem"}, 400, "kind must be one of"),
        ("/api/search", {"q": "x", "committee": "XYZ"}, 400, "committee must be one of"),
        ("/api/search", {"q": "x", "doc_type": "poem"}, 400, "doc_type must be one of"),
        ("/api/cite", {"ref": "nonsense"}, 400, "cannot find a paragraph number"),
    ],
)
def test_errors_are_4xx_json(client, path, params, status, message):
    response = client.get(path, params=params)
    assert response.status_code == status
    assert message in response.json()["error"]
