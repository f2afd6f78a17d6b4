"""Bad queries through every front end: the CLI, the JSON API and Python all refuse them alike,
with a message naming the fix, and leave the index exactly as it was."""

import json

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from index.domain.errors import BadReference, BadRequest, EmptyQuestion, QAError
from index.domain.model import Filters
from qa.api import create_app
from qa.cli import cli
from qa.config import MAX_QUESTION_CHARS
from tests.conftest import seeded_data_dir

LONG = "Are migrant children still detained? " * 300  # 11,100 characters
assert len(LONG) > MAX_QUESTION_CHARS
PUNCTUATION = "?!… ？！——「」..."
CONTROL = "\x01\x02\x1b\x7f\t"

EMPTY = "the question is empty"
TOO_LONG = f"characters long; the limit is {MAX_QUESTION_CHARS:,}"
NO_WORD = "has no word or number to search for"
K_RANGE = "k must be a whole number from 1 to 100"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    return seeded_data_dir(tmp_path_factory, "bad-queries")


@pytest.fixture(scope="module")
def engine(seeded):
    from qa.config import Settings
    from qa.engine import Engine

    return Engine(Settings.from_env({"QA_DATA_DIR": str(seeded)}))


@pytest.fixture(scope="module")
def client(engine):
    return TestClient(create_app(engine))


def index_state(engine) -> dict:
    """What a query must never change: committed documents, raw records, keyword index."""
    store = engine.store
    meta = engine.settings.keyword_dir / "meta.json"
    return {
        "fingerprint": store.fingerprint(),
        "records": store._chunks.count(),
        "sentences": store._sentences.count(),
        "documents": [record.source for record in store.documents()],
        "keyword": json.loads(meta.read_text()) if meta.exists() else None,
    }


@pytest.fixture
def unchanged(engine):
    """Asserts after the test that the index is as it was before."""
    before = index_state(engine)
    yield
    assert index_state(engine) == before


CLI_CASES = [
    # (arguments, exit code, message)
    (("search", ""), 1, EMPTY),
    (("search", LONG), 1, TOO_LONG),
    (("search", PUNCTUATION), 1, NO_WORD),
    (("search", CONTROL), 1, EMPTY),
    (("search", "detention", "-k", "0"), 2, "0 is not in the range 1<=x<=100"),
    (("search", "detention", "-k", "-3"), 2, "-3 is not in the range 1<=x<=100"),
    (("search", "detention", "-k", "1000000"), 2, "1000000 is not in the range 1<=x<=100"),
    (("search", "detention", "--paragraph", "abc"), 2, "'abc' is not a valid integer"),
    (("search", "detention", "--paragraph", "0"), 1, "paragraph must be a whole number from 1"),
    (("search", "detention", "--grade", "ZZ"), 1, "grade must be a letter from A to F"),
    (("search", "detention", "--language", "xx"), 1, "language must be one of ar, en, es"),
    (("search", "detention", "--kind", "poem"), 2, "'poem' is not one of"),
    (("search", "detention", "--colour", "red"), 2, "No such option '--colour'"),
    (("ask", ""), 1, EMPTY),
    (("ask", LONG), 1, TOO_LONG),
    (("ask", PUNCTUATION), 1, NO_WORD),
    (("ask", CONTROL), 1, EMPTY),
    (("ask", "detention", "-k", "0"), 2, "0 is not in the range 1<=x<=100"),
    (("cite", ""), 1, "the reference is empty"),
    (("cite", LONG), 1, "the reference is 11,100 characters long; the limit is 2,000"),
    (("cite", "§§ ?"), 1, "the reference '§§ ?' has no word or number"),
    (("cite", "hello"), 1, "cannot find a paragraph number in 'hello'"),
    (("cite", "para 99"), 1, "Not in the index: para 99"),
]


@pytest.mark.parametrize("args, code, message", CLI_CASES, ids=lambda v: repr(v)[:40])
def test_cli_refuses_with_one_line(seeded, unchanged, args, code, message):
    result = CliRunner().invoke(cli, list(args), env={"QA_DATA_DIR": str(seeded)})
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit)  # no exception escaped: no traceback
    assert "Traceback" not in result.output
    assert message in result.stderr
    if code == 1:
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr


HTTP_CASES = [
    # (method, path, query parameters or JSON body, status, message)
    ("GET", "/api/search", {"q": ""}, 400, EMPTY),
    ("GET", "/api/search", {"q": LONG}, 400, TOO_LONG),
    ("GET", "/api/search", {"q": PUNCTUATION}, 400, NO_WORD),
    ("GET", "/api/search", {"q": CONTROL}, 400, EMPTY),
    ("GET", "/api/search", {"q": "detention", "k": 0}, 400, K_RANGE),
    ("GET", "/api/search", {"q": "detention", "k": -1}, 400, K_RANGE),
    ("GET", "/api/search", {"q": "detention", "k": 10**6}, 400, K_RANGE),
    ("GET", "/api/search", {"q": "detention", "k": "many"}, 422, "k: Input should be"),
    ("GET", "/api/search", {"q": "detention", "paragraph": "abc"}, 422, "paragraph: Input"),
    ("GET", "/api/search", {"q": "detention", "paragraph": 0}, 400, "paragraph must be"),
    ("GET", "/api/search", {"q": "detention", "grade": "ZZ"}, 400, "grade must be a letter"),
    ("GET", "/api/search", {"q": "detention", "language": "xx"}, 400, "language must be one"),
    ("GET", "/api/search", {"q": "detention", "kind": "poem"}, 400, "kind must be one of"),
    ("GET", "/api/search", {"q": "detention", "colour": "red"}, 400, "unknown parameter colour"),
    ("GET", "/api/search", {"q": "detention", "grades": "C"}, 400, "unknown parameter grades"),
    ("POST", "/api/ask", {"question": ""}, 400, EMPTY),
    ("POST", "/api/ask", {"question": LONG}, 400, TOO_LONG),
    ("POST", "/api/ask", {"question": PUNCTUATION}, 400, NO_WORD),
    ("POST", "/api/ask", {"question": CONTROL}, 400, EMPTY),
    ("POST", "/api/ask", {"question": "detention", "k": 0}, 400, K_RANGE),
    ("POST", "/api/ask", {"question": "detention", "k": 10**6}, 400, K_RANGE),
    ("POST", "/api/ask", {"question": "x", "colour": 1}, 422, "colour: Extra inputs"),
    ("GET", "/api/cite", {"ref": ""}, 400, "the reference is empty"),
    ("GET", "/api/cite", {"ref": LONG}, 400, "the limit is 2,000"),
    ("GET", "/api/cite", {"ref": "hello"}, 400, "cannot find a paragraph number"),
    ("GET", "/api/cite", {"ref": "para 36", "lang": "zh"}, 400, "unknown parameter lang"),
]


@pytest.mark.parametrize("method, path, sent, status, message", HTTP_CASES, ids=str)
def test_api_refuses_with_4xx_json(client, unchanged, method, path, sent, status, message):
    if method == "GET":
        response = client.get(path, params=sent)
    else:
        response = client.post(path, json=sent)
    assert response.status_code == status, response.text
    assert message in response.json()["error"]


PYTHON_CASES = [
    # (call, error class, message)
    (lambda e: e.search(""), EmptyQuestion, EMPTY),
    (lambda e: e.search(None), EmptyQuestion, EMPTY),
    (lambda e: e.search(LONG), BadRequest, TOO_LONG),
    (lambda e: e.search(PUNCTUATION), EmptyQuestion, NO_WORD),
    (lambda e: e.search(CONTROL), EmptyQuestion, EMPTY),
    (lambda e: e.search("detention", k=0), BadRequest, K_RANGE),
    (lambda e: e.search("detention", k=10**9), BadRequest, K_RANGE),
    (lambda e: e.search("detention", k=True), BadRequest, K_RANGE),
    (lambda e: e.search("detention", k=2.5), BadRequest, K_RANGE),
    (lambda e: e.search("x", filters=Filters(paragraph="abc")), BadRequest, "paragraph must"),
    (lambda e: e.search("x", filters=Filters(grade="ZZ")), BadRequest, "grade must be"),
    (lambda e: e.search("x", filters=Filters(language="xx")), BadRequest, "language must"),
    (lambda e: e.search("x", filters=Filters(items=("ii",))), BadRequest, "items must be"),
    (lambda e: e.search("x", filters={"grade": "C"}), BadRequest, "filters must be"),
    (lambda e: e.search("x", mode="fuzzy"), BadRequest, "mode must be one of"),
    (lambda e: e.ask(""), EmptyQuestion, EMPTY),
    (lambda e: e.ask(LONG), BadRequest, TOO_LONG),
    (lambda e: e.ask(PUNCTUATION), EmptyQuestion, NO_WORD),
    (lambda e: e.ask("para 36", k=0), BadRequest, K_RANGE),
    (lambda e: e.ask("x", filters=Filters(grade="ZZ")), BadRequest, "grade must be"),
    (lambda e: e.cite(""), EmptyQuestion, "the reference is empty"),
    (lambda e: e.cite(LONG), BadRequest, "the limit is 2,000"),
    (lambda e: e.cite("hello"), BadReference, "cannot find a paragraph number"),
]


@pytest.mark.parametrize("call, error, message", PYTHON_CASES, ids=range(len(PYTHON_CASES)))
def test_python_api_raises_the_named_error(engine, unchanged, call, error, message):
    with pytest.raises(error, match=message.replace("(", r"\(")) as raised:
        call(engine)
    assert isinstance(raised.value, QAError)


def test_accepted_edges(engine, client, unchanged):
    """The limit itself, lower-case filter values and control characters inside a question."""
    at_limit = ("立即停止对儿童的移民拘留 " * 200)[:MAX_QUESTION_CHARS]
    assert engine.search(at_limit, k=1)
    hits = client.get("/api/search", params={"q": "拘留", "grade": "c", "language": "ZH"}).json()
    assert hits["hits"] and {h["grade"] for h in hits["hits"]} == {"C"}
    assert engine.search("移民\x00拘留\x1b", k=1)
    assert len(engine.search("拘留", k=100)) <= 100
