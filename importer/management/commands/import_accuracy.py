from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from importer.accuracy import KINDS, Score, score_fixture
from importer.seeding import FIXTURES_DIR, fixture_paths


def _percent(value: float) -> str:
    return f"{value * 100:6.1f}%"


class Command(BaseCommand):
    help = (
        "Import each seed document and compare the result with its hand-checked fixture: precision "
        "and recall per document and kind (see importer/accuracy.py for what counts as a match)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--document", action="append", default=[], help="Only these documents (000, 001 …)."
        )
        parser.add_argument(
            "--details", action="store_true", help="List every miss, extra and field difference."
        )

    def handle(self, *args: Any, document: list[str], details: bool = False, **options: Any) -> None:
        header = (
            f"{'doc':<4} {'kind':<14} {'expected':>8} {'found':>6} {'matched':>7} "
            f"{'precision':>9} {'recall':>7} {'exact-P':>8} {'exact-R':>8}"
        )
        self.stdout.write("Importer against the hand-checked fixtures (exact: every compared field agrees)")
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for path in fixture_paths():
            if document and path.name[:3] not in document:
                continue
            doc, scores = score_fixture(path, FIXTURES_DIR / "sources")
            for kind in KINDS:
                score = scores[kind]
                if score.expected == 0 and score.found == 0:
                    continue
                self.stdout.write(self._row(doc, score))
                if details:
                    for title, items in (
                        ("missed", score.misses),
                        ("extra", score.extras),
                        ("differs", score.differences),
                    ):
                        for item in items:
                            self.stdout.write(f"       {title}: {item}")

    @staticmethod
    def _row(doc: str, score: Score) -> str:
        return (
            f"{doc:<4} {score.kind:<14} {score.expected:>8} {score.found:>6} {score.matched:>7} "
            f"{_percent(score.precision):>9} {_percent(score.recall):>7} "
            f"{_percent(score.exact_precision):>8} {_percent(score.exact_recall):>8}"
        )
