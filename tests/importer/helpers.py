"""Excerpts of the seed documents for the parser tests, with their real line numbers."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from importer.reading import Line, Source, read_source

SOURCES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"
PLANS = Path(__file__).resolve().parents[2] / "fixtures" / "plans"
DOCS = {
    "000": "000_00fb3c862d27e5b9.txt",
    "001": "001_1758f7351f76dcc6.txt",
    "002": "002_e346c132f88ab10b.txt",
    "003": "003_7a2ce7946a79fe0d.txt",
    "004": "004_b6493aa99b87405d.txt",
}


@cache
def seed(doc: str) -> Source:
    return read_source((SOURCES / DOCS[doc]).read_bytes(), DOCS[doc])


def seed_bytes(doc: str) -> bytes:
    return (SOURCES / DOCS[doc]).read_bytes()


def excerpt(doc: str, first: int, last: int) -> tuple[Line, ...]:
    """Lines first..last of a seed, numbered as in the seed (the rest blanked, numbering kept)."""
    return tuple(
        line if first <= line.number <= last else Line(number=line.number, text="", raw="")
        for line in seed(doc).lines
    )


def lines_of(text: str) -> tuple[Line, ...]:
    return read_source(text.encode("utf-8")).lines
