"""The chunk table of a saved keyword index: ids and filter fields in memory, each chunk's text
and spans read from disk (memory-mapped) only when a search returns it.

On disk beside the BM25 arrays: `chunks.jsonl` (one JSON row per chunk, as before), `rows.npy`
(the byte offset of each row) and `fields.json` (the fields below, column by column, each a
list of distinct values and one code per chunk). Opening 100k chunks then reads two small
files instead of parsing every row (docs/BENCHMARKS.md, "Scale (issue 16)").
"""

from __future__ import annotations

import json
import mmap
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np

from index.domain.model import Chunk

CHUNKS_FILE = "chunks.jsonl"
ROWS_FILE = "rows.npy"
FIELDS_FILE = "fields.json"
CACHE_SIZE = 8192  # chunks kept once read (a search reads a few dozen)


class ChunkFields(NamedTuple):
    """What filters, lineage tables and record ids need of a chunk, without its text."""

    row: int
    chunk_id: str
    doc_hash: str
    source: str
    symbol: str | None
    paragraph: int | None
    items: tuple[str, ...]
    grade: str | None
    kind: str
    title: str
    language: str
    committee: str | None
    state_party: str | None
    doc_type: str
    label: str
    date: str


COLUMNS = ChunkFields._fields[1:]


def fields_of(chunk: Chunk, row: int) -> ChunkFields:
    """The fields of `chunk`, the `row`-th of its index."""
    return ChunkFields(row, *(getattr(chunk, name) for name in COLUMNS))


class RowWriter:
    """Writes chunks.jsonl, rows.npy and fields.json of a directory, one chunk at a time."""

    def __init__(self, directory: Path):
        self._directory = Path(directory)
        self._out = open(self._directory / CHUNKS_FILE, "wb")  # noqa: SIM115 - closed in close()
        self._offsets = [0]
        self._codes: dict[str, dict] = {name: {} for name in COLUMNS}
        self._columns: dict[str, list[int]] = {name: [] for name in COLUMNS}

    def add(self, chunk: Chunk) -> None:
        row = {"id": chunk.chunk_id, "text": chunk.text, "metadata": chunk.to_metadata()}
        line = (json.dumps(row, ensure_ascii=False) + "\n").encode("utf-8")
        self._out.write(line)
        self._offsets.append(self._offsets[-1] + len(line))
        for name, value in zip(COLUMNS, fields_of(chunk, 0)[1:], strict=True):
            codes = self._codes[name]
            self._columns[name].append(codes.setdefault(value, len(codes)))

    def __len__(self) -> int:
        return len(self._offsets) - 1

    def close(self) -> None:
        """Finish the three files."""
        self._out.close()
        np.save(self._directory / ROWS_FILE, np.asarray(self._offsets, dtype=np.int64))
        columns = {
            name: {"values": list(self._codes[name]), "codes": self._columns[name]}
            for name in COLUMNS
        }
        text = json.dumps({"chunks": len(self), "columns": columns}, ensure_ascii=False)
        (self._directory / FIELDS_FILE).write_text(text, encoding="utf-8")


def write_rows(directory: Path, chunks) -> int:
    """Write the rows of `chunks` to `directory`; returns how many."""
    writer = RowWriter(directory)
    try:
        for chunk in chunks:
            writer.add(chunk)
    finally:
        writer.close()
    return len(writer)


def has_rows(directory: Path) -> bool:
    return all((Path(directory) / name).is_file() for name in (CHUNKS_FILE, ROWS_FILE, FIELDS_FILE))


class ChunkRows(Sequence):
    """The chunks of a saved index as a sequence: `fields` in memory, a chunk read on use."""

    def __init__(self, directory: Path):
        directory = Path(directory)
        self.fields = _read_fields(directory / FIELDS_FILE)
        self._offsets = np.load(directory / ROWS_FILE)
        if len(self._offsets) != len(self.fields) + 1:
            raise ValueError(f"{directory}: {ROWS_FILE} and {FIELDS_FILE} disagree")
        with open(directory / CHUNKS_FILE, "rb") as rows:
            size = rows.seek(0, 2)
            # the mapping keeps the file readable after a newer index is swapped in over it
            self._data = mmap.mmap(rows.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        if int(self._offsets[-1]) != size:
            raise ValueError(f"{directory}: {CHUNKS_FILE} is not the size {ROWS_FILE} says")
        self._cache: dict[int, Chunk] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.fields)

    def __getitem__(self, row):
        if isinstance(row, slice):
            return [self[i] for i in range(*row.indices(len(self)))]
        chunk = self._cache.get(row)
        if chunk is None:
            chunk = self._read(row)
            with self._lock:
                if len(self._cache) >= CACHE_SIZE:
                    self._cache.pop(next(iter(self._cache)))
                self._cache[row] = chunk
        return chunk

    def __iter__(self) -> Iterator[Chunk]:
        for row in range(len(self)):
            yield self._read(row)

    def __eq__(self, other) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=False))

    __hash__ = None  # type: ignore[assignment]

    def _read(self, row: int) -> Chunk:
        if not -len(self) <= row < len(self):
            raise IndexError(row)
        row %= len(self)
        line = self._data[int(self._offsets[row]) : int(self._offsets[row + 1])]
        data = json.loads(line)
        return Chunk.from_metadata(data["id"], data["text"], data["metadata"])


def _read_fields(path: Path) -> list[ChunkFields]:
    """The fields of every row, from their columns (each distinct value one object)."""
    table = json.loads(path.read_text(encoding="utf-8"))
    columns = []
    for name in COLUMNS:
        column = table["columns"][name]
        values = column["values"]
        if name == "items":
            values = [tuple(value) for value in values]
        columns.append([values[code] for code in column["codes"]])
    fields = [ChunkFields(row, *values) for row, values in enumerate(zip(*columns, strict=True))]
    if len(fields) != table["chunks"]:
        raise ValueError(f"{path}: {len(fields)} rows, {table['chunks']} announced")
    return fields
