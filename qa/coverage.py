"""What is indexed, from the documents' records: States, committees, document types,
languages and the date range; the Ask tab shows it and builds its filters from it. Pure."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Coverage:
    """The distinct values of the indexed documents' metadata, each sorted."""

    documents: int
    states: tuple[str, ...]
    committees: tuple[str, ...]
    doc_types: tuple[str, ...]
    languages: tuple[str, ...]
    symbols: tuple[str, ...]
    first_date: str | None
    last_date: str | None

    def to_dict(self) -> dict:
        return {
            "documents": self.documents,
            "states": list(self.states),
            "committees": list(self.committees),
            "doc_types": list(self.doc_types),
            "languages": list(self.languages),
            "symbols": list(self.symbols),
            "date_range": [self.first_date, self.last_date],
        }

    def summary(self) -> str:
        """One line: 'Indexed: 2 documents · States: Azerbaijan · ... · 2021-10-08 to ...'."""
        if not self.documents:
            return "Nothing is indexed yet: run `qa index` (or restart the app to index the seeds)."
        parts = [f"Indexed: {self.documents} document{'s' if self.documents != 1 else ''}"]
        for label, values in (
            ("States", self.states),
            ("Committees", self.committees),
            ("Document types", self.doc_types),
            ("Languages", self.languages),
        ):
            if values:
                parts.append(f"{label}: {', '.join(values)}")
        if self.first_date == self.last_date and self.first_date:
            parts.append(f"Date: {self.first_date}")
        elif self.first_date:
            parts.append(f"Dates: {self.first_date} to {self.last_date}")
        return " · ".join(parts)


def coverage(records) -> Coverage:
    """The coverage of the indexed documents (store DocumentRecords)."""

    def values(name: str) -> tuple[str, ...]:
        return tuple(sorted({getattr(r, name) for r in records if getattr(r, name)}))

    dates = sorted(r.date for r in records if r.date)
    symbols = {s for r in records for s in (r.symbol, r.co_symbol) if s}
    return Coverage(
        documents=len(records),
        states=values("state_party"),
        committees=values("committee"),
        doc_types=values("doc_type"),
        languages=values("language"),
        symbols=tuple(sorted(symbols)),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
    )
