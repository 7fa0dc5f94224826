from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from importer.accuracy import CORPUS_KINDS, KINDS, Score, score_corpus, score_fixture
from importer.seeding import FIXTURES_DIR, fixture_paths

CORPUS_DIR = settings.BASE_DIR / "tests" / "corpus"


def _percent(value: float) -> str:
    return f"{value * 100:6.1f}%"


class Command(BaseCommand):
    help = (
        "Import each seed document and compare the result with its hand-checked fixture: precision "
        "and recall per document and kind (see importer/accuracy.py for what counts as a match)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--document", action="append", default=[], help="Only these documents (000, 001 …, c01 …)."
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
        seeds = [
            score_fixture(path, FIXTURES_DIR / "sources")
            for path in fixture_paths()
            if not document or path.name[:3] in document
        ]
        self._table(seeds, KINDS, details)
        self.stdout.write("")
        self.stdout.write(
            f"Importer against the corpus hand counts ({CORPUS_DIR.relative_to(settings.BASE_DIR)})"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        corpus = [
            (doc, scores) for doc, scores in score_corpus(CORPUS_DIR) if not document or doc in document
        ]
        self._table(corpus, CORPUS_KINDS, details)
        totals = {kind: Score(kind) for kind in CORPUS_KINDS}
        for _, scores in corpus:
            for kind, score in scores.items():
                total = totals[kind]
                total.expected += score.expected
                total.found += score.found
                total.matched += score.matched
                total.exact += score.exact
        self.stdout.write("-" * len(header))
        self._table([("all", totals)], CORPUS_KINDS, False)

    def _table(
        self, results: list[tuple[str, dict[str, Score]]], kinds: tuple[str, ...], details: bool
    ) -> None:
        for doc, scores in results:
            for kind in kinds:
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
