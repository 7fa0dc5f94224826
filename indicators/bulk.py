"""Many figures at once (API bulk upload, spreadsheet upload in the admin): all or nothing by default.

Every row goes through the same service as a single entry (`entry_save`, `entry_submit`), so the
rules cannot differ. A dry run does the real work inside a transaction and rolls it back, so what
it reports is exactly what a real run would do. With `partial`, each row commits or fails alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators.domain.judgements import read_judgement
from indicators.domain.targets import parse_decimal
from indicators.models import Indicator, ProgressEntry
from progress.models import VALUE_PLACES, EntryState
from progress.services import EntryConflict, EntryT, entry_save, entry_submit

if TYPE_CHECKING:
    from accounts.models import User

Action = Literal["create", "update", "unchanged", "refused"]
ENTRY_FIELDS = ("value", "judgement", "explanation", "data_source")


@dataclass(frozen=True)
class BulkRow:
    """One row as the caller sent it; `row` is its number in the source (JSON index + 1, sheet row)."""

    row: int
    indicator: int | str | None
    year: int | str | None
    quarter: int | str | None = None
    value: Decimal | int | float | str | None = None
    judgement: str = ""
    explanation: str = ""
    data_source: str = ""


@dataclass
class RowOutcome:
    row: int
    action: Action
    entry_id: int | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class BulkResult:
    outcomes: list[RowOutcome]
    committed: bool

    def count(self, action: Action) -> int:
        return sum(1 for outcome in self.outcomes if outcome.action == action)

    @property
    def refused(self) -> list[RowOutcome]:
        return [outcome for outcome in self.outcomes if outcome.action == "refused"]


class RowError(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors)
        self.errors = errors


def progress_bulk_save(
    *, user: User, rows: Sequence[BulkRow], dry_run: bool = False, partial: bool = False, submit: bool = False
) -> BulkResult:
    """Create or update the entries the rows describe (and submit them if asked)."""
    indicators = (
        Indicator.objects.for_user(user)
        .select_related("plan")
        .in_bulk([ident for row in rows if (ident := indicator_id(row.indicator)) is not None])
    )
    outcomes: list[RowOutcome] = []
    seen: dict[tuple[int, int, int | None], int] = {}
    with transaction.atomic():
        for row in rows:
            try:
                with transaction.atomic():  # a savepoint: a refused row leaves nothing behind
                    outcomes.append(save_row(row, user, indicators, seen, submit))
            except RowError as error:
                outcomes.append(RowOutcome(row.row, "refused", errors=error.errors))
        committed = not dry_run and (partial or not any(o.action == "refused" for o in outcomes))
        if not committed:
            transaction.set_rollback(True)
    return BulkResult(outcomes, committed)


def save_row(
    row: BulkRow,
    user: User,
    indicators: dict[int, Indicator],
    seen: dict[tuple[int, int, int | None], int],
    submit: bool,
) -> RowOutcome:
    ident = indicator_id(row.indicator)
    indicator = indicators.get(ident) if ident is not None else None
    if indicator is None:
        raise RowError({"indicator": [_("No such indicator in your scope.")]})
    year = whole_number(row.year, "year", required=True)
    quarter = whole_number(row.quarter, "quarter", required=False)
    key = (indicator.pk, year, quarter)  # type: ignore[assignment]
    if key in seen:
        raise RowError({NON_FIELD_ERRORS: [_("Duplicate of row %(row)s.") % {"row": seen[key]}]})
    seen[key] = row.row  # type: ignore[index]
    values = {
        "value": figure(row.value),
        "judgement": judgement(row.judgement),
        "explanation": row.explanation or "",
        "data_source": row.data_source or "",
    }
    entry = ProgressEntry.objects.filter(indicator=indicator, year=year, quarter=quarter).first()
    if entry is not None and all(getattr(entry, name) == value for name, value in values.items()):
        if submit and entry.state in {EntryState.DRAFT, EntryState.RETURNED}:
            run(lambda: entry_submit(entry=entry, user=user))
            return RowOutcome(row.row, "update", entry.pk)
        return RowOutcome(row.row, "unchanged", entry.pk)
    action: Action = "update" if entry is not None else "create"
    if entry is None:
        entry = ProgressEntry(indicator=indicator, year=year, quarter=quarter)
    for name, value in values.items():
        setattr(entry, name, value)
    saved = run(lambda: entry_save(entry=entry, user=user))
    if submit:
        saved = run(lambda: entry_submit(entry=saved, user=user))
    return RowOutcome(row.row, action, saved.pk)


def run(write: Callable[[], EntryT]) -> EntryT:
    """A service call whose refusal becomes this row's errors."""
    try:
        return write()
    except ValidationError as error:
        raise RowError(
            error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
        ) from None
    except (PermissionDenied, EntryConflict) as error:
        raise RowError({NON_FIELD_ERRORS: [str(error)]}) from None


def indicator_id(raw: object) -> int | None:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw.strip())
    return None


def whole_number(raw: object, name: str, *, required: bool) -> int | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if required:
            raise RowError({name: [_("This field is required.")]})
        return None
    if isinstance(raw, bool):
        raise RowError({name: [_("Enter a whole number.")]})
    number = raw if isinstance(raw, int) else parse_decimal(str(raw))
    if isinstance(number, Decimal):
        if number != number.to_integral_value():
            raise RowError({name: [_("Enter a whole number.")]})
        number = int(number)
    if not isinstance(number, int):
        raise RowError({name: [_("Enter a whole number.")]})
    return number


def figure(raw: object) -> Decimal | None:
    """A reported number: text such as "1,234.5" or "１２" is read, not guessed; precision is kept."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise RowError({"value": [_("Enter a number.")]})
    value = Decimal(str(raw)) if isinstance(raw, int | float | Decimal) else parse_decimal(str(raw))
    if value is None or not value.is_finite():
        raise RowError({"value": [_("Enter a number.")]})
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > VALUE_PLACES:
        raise RowError({"value": [_("At most %(places)s decimal places.") % {"places": VALUE_PLACES}]})
    return value


def judgement(raw: str | None) -> str:
    if not raw or not str(raw).strip():
        return ""
    word = str(raw).strip()
    found = read_judgement(word)
    if found is None:
        raise RowError(
            {"judgement": [_("Unknown judgement %(word)s: use 已完成, 序时推进 or 滞后.") % {"word": word}]}
        )
    return found.value
