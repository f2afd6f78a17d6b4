"""Tests for the JSON routes in qa.api, with a real engine over the seed."""

import pytest
from fastapi.testclient import TestClient

from qa.api import create_app
from tests.conftest import DATA, seeded_engine


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


# The date range: the seed (dated 2026-03-02) and follow-up assessments of Portugal
# (2023-06-09) and Ecuador (2024-11-14).
DATED = [DATA / "follow_up_en.md", DATA / "follow_up_ecu_en.md"]
DETENTION = "Are migrants in detention told of their rights?"


@pytest.fixture(scope="module")
def dated(tmp_path_factory):
    engine = seeded_engine(tmp_path_factory, "api-dated")
    report = engine.index(DATED, progress=False)
    assert not report.failed, report.failed
    return TestClient(create_app(engine))


def _dates(hits) -> set[str]:
    return {hit["date"] for hit in hits}


@pytest.mark.parametrize(
    "params, dates",
    [
        ({}, {"2023-06-09", "2024-11-14", "2026-03-02"}),
        ({"date_from": "2024"}, {"2024-11-14", "2026-03-02"}),
        ({"date_to": "2023-06-09"}, {"2023-06-09"}),  # both ends included
        ({"date_from": "2024-01", "date_to": "2025"}, {"2024-11-14"}),
    ],
)
def test_search_by_date_range_leaves_out_documents_outside_it(dated, params, dates):
    response = dated.get("/api/search", params={"q": DETENTION, "k": 20, **params})
    assert response.status_code == 200
    assert _dates(response.json()["hits"]) == dates


def test_ask_by_date_range_answers_from_documents_within_it(dated):
    everything = dated.post("/api/ask", json={"question": DETENTION}).json()
    assert "2026-03-02" in _dates(everything["hits"])
    body = {"question": DETENTION, "date_from": "2023-01-01", "date_to": "2023-12-31"}
    answer = dated.post("/api/ask", json=body).json()
    assert _dates(answer["hits"]) == {"2023-06-09"}
    assert answer["citations"] and {c["symbol"] for c in answer["citations"]} == {"CMW/C/PRT/CO/1"}


@pytest.mark.parametrize(
    "params, message",
    [
        (
            {"date_from": "2025", "date_to": "2025"},
            "no indexed document is dated from 2025-01-01 to 2025-12-31; the indexed documents"
            " are dated from 2023-06-09 to 2026-03-02",
        ),
        ({"date_from": "2027-01-01"}, "the indexed documents are dated from 2023-06-09"),
        ({"date_from": "2026", "date_to": "2023"}, "date_from 2026-01-01 is after date_to"),
        ({"date_to": "last year"}, "date_to must be a date as YYYY-MM-DD, YYYY-MM or YYYY"),
    ],
)
def test_an_impossible_date_range_is_refused(dated, params, message):
    response = dated.get("/api/search", params={"q": DETENTION, **params})
    assert response.status_code == 400
    assert message in response.json()["error"]
    response = dated.post("/api/ask", json={"question": DETENTION, **params})
    assert response.status_code == 400
    assert message in response.json()["error"]
