"""The synthetic benchmark corpus parses into exactly the chunks asked for, deterministically."""

from bench.synth import count_chunks, write_corpus
from index.parse import parse_document
from index.read import read_text


def test_generated_files_parse_into_the_requested_chunks(tmp_path):
    paths = write_corpus(60, tmp_path, seed=3)
    documents = [parse_document(read_text(path), path.name) for path in paths]
    assert {document.language for document in documents} <= {"zh", "en"}
    assert all(document.state_party and document.assessments for document in documents)
    assert count_chunks(paths) == 60


def test_same_seed_same_files(tmp_path):
    first = write_corpus(24, tmp_path / "first", seed=7)
    second = write_corpus(24, tmp_path / "second", seed=7)
    assert [p.name for p in first] == [p.name for p in second]
    assert [p.read_bytes() for p in first] == [p.read_bytes() for p in second]
