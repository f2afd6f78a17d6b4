"""Tests for the `qa` command line, against a real store and the real default embedder."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from qa.cli import cli
from tests.conftest import SEED, seeded_data_dir


@pytest.fixture
def run(data_dir):
    """Invoke `qa` with the test's data directory; returns the click Result."""
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli, list(args), env={"QA_DATA_DIR": str(data_dir)})

    return invoke


@pytest.fixture
def indexed(data_dir, tmp_path_factory):
    """`qa` over a copy of the indexed seed."""
    seeded = seeded_data_dir(tmp_path_factory, "cli")
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(cli, list(args), env={"QA_DATA_DIR": str(seeded)})

    return invoke


def test_index_then_reindex_embeds_nothing(run):
    first = run("index", "--json", str(SEED))
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["embedded"] == 18
    second = run("index", "--json", str(SEED))
    assert json.loads(second.stdout)["embedded"] == 0


def test_search_json_ranks_paragraph_36_assessment_first_or_second(indexed):
    result = indexed("search", "Are migrant children still detained?", "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)["hits"]
    assert any(h["paragraph"] == 36 and h["kind"] == "assessment" for h in hits[:2])
    expected = {
        "chunk_id",
        "source",
        "symbol",
        "paragraph",
        "items",
        "grade",
        "kind",
        "language",
        "title",
        "text",
        "score",
        "citation",
        "url",
    }
    assert expected <= set(hits[0])
    assert hits[0]["url"] == "https://undocs.org/zh/CMW/C/AZE/CO/3"


@pytest.mark.parametrize("command", ["search", "ask"])
def test_a_date_range_keeps_documents_within_it_and_refuses_one_none_meets(indexed, command):
    question = "Are migrant children still detained?"
    result = indexed(command, question, "--from", "2026-03", "--to", "2026", "--json")
    assert result.exit_code == 0, result.output
    assert {hit["date"] for hit in json.loads(result.stdout)["hits"]} == {"2026-03-02"}
    result = indexed(command, question, "--to", "2025")
    assert result.exit_code == 1
    assert "no indexed document is dated from any date to 2025-12-31" in result.stderr
    assert "dated from 2026-03-02 to 2026-03-02" in result.stderr


def test_search_filters(indexed):
    result = indexed("search", "拘留", "--grade", "[C]", "--kind", "assessment", "--json")
    hits = json.loads(result.stdout)["hits"]
    assert hits and all(h["grade"] == "C" and h["kind"] == "assessment" for h in hits)


ASSESSMENTS = [
    ("para. 16(a)", 16, ["a", "b"], "C"),
    ("16(c)", 16, ["c"], "B"),
    ("CMW/C/AZE/CO/3 para. 36(a)", 36, ["a"], "C"),
    ("第36段(b)项", 36, ["b", "c", "d", "e"], "C"),
    ("paragraph 60 (a)", 60, ["a"], "B"),
    ("60(c)", 60, ["b", "c"], "C"),
    ("§60(d)", 60, ["d"], "F"),
    ("62(b)", 62, ["a", "b"], "B"),
    ("paragraph 62(c)", 62, ["c"], "F"),
]


@pytest.mark.parametrize("reference, paragraph, items, grade", ASSESSMENTS)
def test_cite_every_assessment(indexed, reference, paragraph, items, grade):
    result = indexed("cite", reference, "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)["hits"]
    kinds = [h["kind"] for h in hits]
    assert kinds[0] == "recommendation" and "reply" in kinds
    assessments = [h for h in hits if h["kind"] == "assessment"]
    assert [(a["paragraph"], a["items"], a["grade"]) for a in assessments] == [
        (paragraph, items, grade)
    ]
    assert {h["paragraph"] for h in hits} == {paragraph}


def test_cite_paragraph_returns_all_its_assessments(indexed):
    hits = json.loads(indexed("cite", "para 60", "--json").stdout)["hits"]
    grades = [h["grade"] for h in hits if h["kind"] == "assessment"]
    assert grades == ["B", "C", "F"]


@pytest.mark.parametrize(
    "args, code, message",
    [
        (("cite", "para 99"), 1, "Not in the index: para 99"),
        (("cite", "36(z)"), 1, "Not in the index: 36(z)"),
        (("cite", "hello"), 1, "Error: cannot find a paragraph number in 'hello'"),
        (("search", "  "), 1, "Error: the question is empty"),
        (("search", "x", "-k", "0"), 2, "0 is not in the range 1<=x<=100"),
        (("remove", "nope.md"), 1, "Error:"),
    ],
)
def test_errors(indexed, args, code, message):
    result = indexed(*args)
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output


def test_docs_and_remove(indexed):
    docs = json.loads(indexed("docs", "--json").stdout)["documents"]
    assert [(d["source"], d["chunk_count"]) for d in docs] == [(SEED.name, 18)]
    result = indexed("remove", SEED.name)
    assert result.exit_code == 0 and "18 chunks" in result.output
    assert json.loads(indexed("docs", "--json").stdout)["documents"] == []


def test_partial_failure_exit_code(run, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / SEED.name).write_bytes(SEED.read_bytes())
    (folder / "broken.md").write_bytes(b"\x00\xff\xfe garbage \x00" * 50)
    result = run("index", "--quiet", str(folder))
    assert result.exit_code == 3
    assert "Failed: broken.md:" in result.output
    docs = json.loads(run("docs", "--json").stdout)["documents"]
    assert [d["source"] for d in docs] == [SEED.name]


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help(command):
    assert cli.commands[command].help, f"`qa {command}` has no help text"


def test_python_dash_m_qa(data_dir):
    result = subprocess.run(
        [sys.executable, "-m", "qa", "--help"], capture_output=True, text=True, check=True
    )
    assert "cite" in result.stdout and "search" in result.stdout
