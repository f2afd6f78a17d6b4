"""Tests for the workspace commands of `qa`: exports, grades, help, and the empty index."""

import csv
import io
import json

import click
import docx
import pytest
from click.testing import CliRunner

from qa.cli import cli
from tests.conftest import seeded_data_dir

QUESTION = "Is Azerbaijan still detaining migrant children?"


@pytest.fixture(scope="module")
def indexed(tmp_path_factory):
    seeded = seeded_data_dir(tmp_path_factory, "cli-workspace")

    def invoke(*args):
        return CliRunner().invoke(cli, list(args), env={"QA_DATA_DIR": str(seeded)})

    return invoke


def test_ask_exports_csv_with_a_row_per_citation(indexed):
    answer = json.loads(indexed("ask", QUESTION, "--json").stdout)
    result = indexed("ask", QUESTION, "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert [row["quote"] for row in rows] == [c["quote"] for c in answer["citations"]]


def test_ask_writes_a_docx_named_by_its_suffix(indexed, tmp_path):
    target = tmp_path / "answer.docx"
    result = indexed("ask", QUESTION, "-o", str(target))
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.stdout
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "CMW/C/AZE/CO/3, para. 36" in text and "https://undocs.org/zh/CMW/C/AZE/CO/3" in text


def test_ask_refuses_an_output_without_a_format(indexed, tmp_path):
    result = indexed("ask", QUESTION, "-o", str(tmp_path / "answer.pdf"))
    assert result.exit_code == 2 and "--format md|csv|docx" in result.output


def test_grades_json_is_the_api_payload(indexed):
    result = indexed("grades", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["counts"]["state_party"] == {"Azerbaijan": {"B": 3, "C": 4, "F": 2}}
    assert indexed("grades").stdout.startswith("Azerbaijan\t[B] 3  [C] 4  [F] 2")


@pytest.mark.parametrize("command", ["ask", "search"])
def test_an_empty_index_says_how_to_index(command, data_dir):
    result = CliRunner().invoke(cli, [command, QUESTION], env={"QA_DATA_DIR": str(data_dir)})
    assert result.exit_code == 1
    assert "nothing is indexed" in result.output and "run `qa index`" in result.output


def test_every_command_and_option_has_uncut_help():
    listing = CliRunner().invoke(cli, ["--help"], terminal_width=80).output
    commands = listing.split("Commands:")[1]
    assert "..." not in commands, commands
    for name, command in cli.commands.items():
        assert command.help, f"qa {name} has no help"
        assert name in commands
        short = command.get_short_help_str(limit=80 - 6 - max(map(len, cli.commands)))
        assert not short.endswith("..."), f"qa {name}'s short help is cut: {short}"
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"qa {name} {param.opts[0]} has no help"
