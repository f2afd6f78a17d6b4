"""Tests for the workspace routes (qa.api_workspace): grades, coverage, export, paragraph pages,
{"error": ...} for every refusal, and /docs from local assets; a real engine over the seed and
two follow-up assessments of other States."""

import csv
import io

import docx
import pytest
from fastapi.testclient import TestClient

from qa.api import create_app
from tests.conftest import DATA, seeded_engine

FIXTURES = [DATA / "follow_up_en.md", DATA / "follow_up_ecu_en.md"]
QUESTION = "Is Azerbaijan still detaining migrant children?"


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    engine = seeded_engine(tmp_path_factory, "workspace-api")
    report = engine.index(FIXTURES, progress=False)
    assert not report.failed, report.failed
    return engine


@pytest.fixture(scope="module")
def client(engine):
    return TestClient(create_app(engine), raise_server_exceptions=False)


def test_grades_by_state_count_each_assessment_once(client):
    body = client.get("/api/grades").json()
    assert body["counts"]["state_party"] == {
        "Azerbaijan": {"B": 3, "C": 4, "F": 2},
        "Ecuador": {"A": 1, "B": 1, "E": 1},
        "Portugal": {"A": 1, "B": 1, "C": 1, "D": 1},
    }
    assert [grade["grade"] for grade in body["scale"]] == list("ABCDEF")
    row = next(
        r for r in body["assessments"] if r["state_party"] == "Ecuador" and r["grade"] == "E"
    )
    assert row["permalink"] == "/p/CMW/C/ECU/CO/4/44?items=ab"
    assert row["theme"] == "Expulsion safeguards"


def test_grades_refuses_an_unknown_grouping(client):
    response = client.get("/api/grades", params={"by": "colour"})
    assert response.status_code == 400
    assert "by must be one of" in response.json()["error"]


def test_coverage_names_what_is_indexed(client):
    body = client.get("/api/coverage").json()
    assert body["states"] == ["Azerbaijan", "Ecuador", "Portugal"]
    assert body["committees"] == ["CMW"]
    assert body["languages"] == ["en", "zh"]
    assert body["documents"] == 3
    assert body["date_range"][0] <= body["date_range"][1]


def _export(client, fmt, **body):
    response = client.post("/api/export", json={"question": QUESTION, "format": fmt, **body})
    assert response.status_code == 200, response.text
    return response


def test_export_markdown_lists_every_citation(client):
    answer = client.post("/api/ask", json={"question": QUESTION}).json()
    text = _export(client, "md").content.decode("utf-8")
    assert (
        "attachment"
        in client.post("/api/export", json={"question": QUESTION, "format": "md"}).headers[
            "content-disposition"
        ]
    )
    assert QUESTION in text
    for citation in answer["citations"]:
        plain = citation["citation"].replace(f" [{citation['grade']}]", "")
        assert plain in text
        assert citation["url"] in text
    assert "Chinese (中文) original" in text  # an English question, Chinese quotes


def test_export_csv_has_a_row_per_citation(client):
    answer = client.post("/api/ask", json={"question": QUESTION}).json()
    content = _export(client, "csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert len(rows) == len(answer["citations"]) > 0
    assert list(rows[0]) == [
        "symbol", "paragraph", "items", "grade", "quote", "link", "language", "citation"
    ]  # fmt: skip
    assert rows[0]["symbol"] == "CMW/C/AZE/CO/3" and rows[0]["language"] == "zh"
    assert [r["quote"] for r in rows] == [c["quote"] for c in answer["citations"]]


def test_export_docx_reads_back_with_every_citation(client):
    answer = client.post("/api/ask", json={"question": QUESTION}).json()
    document = docx.Document(io.BytesIO(_export(client, "docx").content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert QUESTION in text
    for citation in answer["citations"]:
        assert citation["quote"].strip() in text
        assert citation["url"] in text


def test_export_a_conversation_asks_each_question_in_turn(client):
    questions = [QUESTION, "and paragraph 60?"]
    response = client.post("/api/export", json={"questions": questions, "format": "md"})
    text = response.content.decode("utf-8")
    assert "## 1. Is Azerbaijan" in text and "## 2. and paragraph 60?" in text
    assert "para. 60" in text.split("## 2.")[1]


@pytest.mark.parametrize(
    "body, status, message",
    [
        ({"question": QUESTION, "format": "pdf"}, 400, "format must be one of md, csv, docx"),
        ({"question": ""}, 400, "empty"),
        ({"questions": []}, 400, "questions must be a non-empty list"),
        ({"questions": ["x"] * 21}, 400, "at most 20 questions"),
        ({"question": QUESTION, "colour": 1}, 422, "colour"),
    ],
)
def test_export_refusals(client, body, status, message):
    response = client.post("/api/export", json=body)
    assert response.status_code == status
    assert message in response.json()["error"]


def test_permalink_opens_the_paragraph_with_the_sub_item_highlighted(client):
    response = client.get("/p/CMW/C/AZE/CO/3/36", params={"items": "b"})
    assert response.status_code == 200
    html = response.text
    assert "<h1>CMW/C/AZE/CO/3, para. 36 (b)</h1>" in html
    assert '<mark class="qa-item" id="item-b">(b) 立即停止对儿童的移民拘留' in html
    assert "qa-highlight" in html  # the assessment covering (b)-(e)
    assert html.index("<h2>Recommendation</h2>") < html.index("<h2>State party&#x27;s reply</h2>")
    assert html.index("<h2>State party&#x27;s reply</h2>") < html.index("<h2>Committee&#x27;s")
    assert 'href="https://undocs.org/zh/CMW/C/AZE/CO/3"' in html
    assert client.get("/p/CMW/C/AZE/CO/3/36b").text.count('<mark class="qa-item"') == 1


def test_permalink_page_shows_each_language_version(client, engine, tmp_path):
    html = client.get("/p/CMW/C/PRT/CO/1/40", params={"items": "a", "q": "register?"}).text
    assert "Question: register?" in html
    assert "qa-highlight" in html and "[A]" in html


@pytest.mark.parametrize(
    "path, status, message",
    [
        ("/p/CMW/C/AZE/CO/3/99", 404, "para. 99 is not in the index"),
        ("/p/FOO/36", 400, "bad document symbol"),
        ("/p/CMW/C/AZE/CO/3/x", 400, "a paragraph link names a document symbol"),
        ("/p/" + "A/" * 150 + "36", 400, "longer than 200"),
    ],
)
def test_permalink_refusals(client, path, status, message):
    response = client.get(path)
    assert response.status_code == status
    assert message in response.text


@pytest.mark.parametrize(
    "method, path, params, status, message",
    [
        ("GET", "/api/nothing-here", {}, 404, "no such route: /api/nothing-here"),
        ("POST", "/api/search", {}, 405, "POST is not allowed on /api/search; use GET"),
        ("GET", "/api/search", {"q": "x", "k": "many"}, 422, "k:"),
        ("GET", "/api/search", {"q": "x", "symbol": "FOO"}, 400, "bad document symbol 'FOO'"),
    ],
)
def test_every_refusal_is_an_error_json(client, method, path, params, status, message):
    response = client.request(method, path, params=params)
    assert response.status_code == status
    assert message in response.json()["error"]


def test_a_symbol_filter_in_another_spelling_still_matches(client):
    params = {"q": "detained children", "symbol": "cmw/c/aze/co/3", "k": 3}
    hits = client.get("/api/search", params=params).json()["hits"]
    assert hits and {hit["symbol"] for hit in hits} == {"CMW/C/AZE/CO/3"}


def test_docs_are_served_from_local_assets(client):
    html = client.get("/docs").text
    assert "/docs-assets/swagger-ui-bundle.js" in html and "/docs-assets/swagger-ui.css" in html
    assert "cdn" not in html.lower()
    script = client.get("/docs-assets/swagger-ui-bundle.js")
    assert script.status_code == 200 and len(script.content) > 100_000
