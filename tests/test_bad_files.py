"""Bad input files through the real `qa index` command: one clear line each, index untouched."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from index.store.chunk_store import ChromaStore
from qa.cli import EXIT_PARTIAL, cli
from qa.config import Settings
from qa.engine import Engine
from tests.test_read_formats import encrypted_pdf, english_pdf, image_only_pdf, observations_docx

GOOD = Path(__file__).parent / "data" / "follow_up_en.md"


def _half(data: bytes) -> bytes:
    return data[: len(data) // 2]


BAD_FILES = [
    ("empty.md", lambda: b"", "the file is empty"),
    ("blank.txt", lambda: b" \n\t\n", "the file is empty"),
    ("random.md", lambda: random.Random(1).randbytes(4000), "cannot detect the text encoding"),
    ("nuls.md", lambda: b"\x00\x01\x02" * 300, "control or replacement characters"),
    ("replaced.md", lambda: ("36. \ufffd\ufffd\ufffd " * 50).encode(), "replacement characters"),
    ("big5.md", lambda: "委員會建議締約國保護移徙工人。".encode("big5"), "legacy East Asian"),
    ("big.md", lambda: b"36. Too long. " * 200, "more than the limit of 1048 bytes"),
    ("scan.pdf", image_only_pdf, "no text layer"),
    ("locked.pdf", lambda: encrypted_pdf("user-secret"), "password-protected"),
    ("cut.pdf", lambda: _half(english_pdf()), "damaged or truncated"),
    ("cut.docx", lambda: _half(observations_docx()), "not a valid .docx"),
    ("fake.docx", lambda: b"36. plain text named .docx", "not a valid .docx"),
]


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A data directory with the English follow-up fixture indexed, built once."""
    path = tmp_path_factory.mktemp("bad-files-index")
    report = Engine(Settings.from_env({"QA_DATA_DIR": str(path)})).index([GOOD], progress=False)
    assert report.added == (GOOD.name,) and not report.failed
    return path


@pytest.fixture
def indexed(template, tmp_path) -> Path:
    target = tmp_path / "indexed"
    shutil.copytree(template, target)
    return target


LIMIT_MB = str(1048 / 1024 / 1024)  # 1048 bytes, for big.md


def run(data_dir: Path, *args: str, limit_mb: str | None = None):
    env = {"QA_DATA_DIR": str(data_dir), "QA_MAX_FILE_MB": limit_mb}
    return CliRunner().invoke(cli, ["index", "--quiet", *args], env=env)


def state(data_dir: Path) -> dict:
    """Everything a write could change: chunk ids, documents, fingerprints, keyword meta."""
    store = ChromaStore(path=data_dir / "chroma")
    return {
        "records": sorted(store._chunks.get()["ids"]),
        "documents": [record.to_dict() for record in store.documents()],
        "fingerprint": store.fingerprint(),
        "keyword": json.loads((data_dir / "keyword" / "meta.json").read_text()),
    }


@pytest.mark.parametrize(("name", "build", "reason"), BAD_FILES, ids=[n for n, _, _ in BAD_FILES])
def test_a_bad_file_is_one_line_and_leaves_the_index_unchanged(
    indexed, tmp_path, name, build, reason
):
    path = tmp_path / name
    path.write_bytes(build())
    before = state(indexed)
    result = run(indexed, str(path), limit_mb=LIMIT_MB if name == "big.md" else None)
    assert result.exit_code == EXIT_PARTIAL, result.output
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"Failed: {name}: ") and reason in line
    assert result.stdout == "Indexed: 0 added, 0 updated, 0 unchanged; 0 chunks embedded.\n"
    assert state(indexed) == before


def test_a_folder_indexes_the_good_files_and_reports_the_bad_ones(data_dir, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(GOOD, folder / GOOD.name)
    for name, build, _ in BAD_FILES[:3] + BAD_FILES[7:9]:
        (folder / name).write_bytes(build())
    result = run(data_dir, "--json", str(folder))
    assert result.exit_code == EXIT_PARTIAL, result.output
    report = json.loads(result.stdout)
    assert report["sources"]["added"] == [GOOD.name]
    failed = {failure["source"] for failure in report["failed"]}
    assert failed == {"empty.md", "blank.txt", "random.md", "scan.pdf", "locked.pdf"}
    assert len(result.stderr.splitlines()) == len(failed)
    assert [record["source"] for record in state(data_dir)["documents"]] == [GOOD.name]


def test_a_file_at_the_size_limit_is_read(indexed, tmp_path):
    path = tmp_path / "small.md"
    path.write_bytes(b"x" * 1048)
    result = run(indexed, str(path), limit_mb=LIMIT_MB)
    assert "more than the limit" not in result.stderr
