"""The kinds of reported figures: each app whose items take figures registers its entry model here.

The workflow, the worklist and the submission counts are generic over these kinds, so `progress`
never imports the apps that plug into it (`indicators`, `projects` register in their AppConfig).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accounts.models import User
    from plans.models import Plan
    from progress.models import ReviewedEntry
    from progress.worklist import WorkItem

# (unit id, unit name, item id): a unit owes a figure for the item.
Obligation = tuple[int, str, int]


@dataclass(frozen=True)
class EntryKind:
    """How one kind of item takes figures.

    - `name`: the kind of item ("indicator", "project"), as the worklist and its pages name it;
    - `unit_items(user)`: the items the user's own unit reports on, with their plan, in order;
    - `obligations(plan, user)`: which unit owes a figure for which item of the plan (one query);
    - `year_details(items, years)`: extra facts per (item id, year) the worklist shows, or None;
    - `present(item)`: what the worklist page shows of a work item (group, target, previous,
      figure, url, evaluation_badge);
    - `submit_field`: the name of the worklist form's checkboxes that submit this kind's figures;
    - `revisable_fields`: the figure's own fields the office may revise once approved;
    - `on_approved(entries)`: what follows approving or revising a batch of this kind's entries (e.g.
      recomputing the evaluations of their indicators, once each).
    """

    name: str
    entry_model: type[ReviewedEntry]
    unit_items: Callable[[User], list[Any]]
    obligations: Callable[[Plan, User], Iterable[Obligation]]
    present: Callable[[WorkItem], dict[str, Any]]
    submit_field: str
    year_details: Callable[[list[Any], Collection[int]], dict[tuple[int, int], dict[str, Any]]] | None = None
    revisable_fields: frozenset[str] = field(default_factory=frozenset)
    on_approved: Callable[[Sequence[ReviewedEntry]], None] | None = None


KINDS: dict[str, EntryKind] = {}


def register(kind: EntryKind) -> None:
    KINDS[kind.name] = kind


def entry_kinds() -> list[EntryKind]:
    """In the order the apps registered them (INSTALLED_APPS order)."""
    return list(KINDS.values())


def kind_of(entry: ReviewedEntry) -> EntryKind:
    for kind in KINDS.values():
        if isinstance(entry, kind.entry_model):
            return kind
    raise LookupError(f"{type(entry).__name__} is not a registered entry kind")
