"""Many figures at once (API bulk upload, spreadsheet upload in the admin): all or nothing by default.

Set-wise: what the rows need (indicators, who may enter them, open periods, the stored entries,
locked) is loaded in a constant number of queries, every row is checked in memory by the rules a
single entry obeys (`EntryGate`, `check_version`, `check_editable`, the model's `full_clean`), and
the accepted rows are written with `bulk_create`/`bulk_update` and one history write each. Refused
rows never reach the database, so neither a dry run nor `partial` needs savepoints.

A blank or missing field leaves the stored one as it is; a row that states the `version` it read
is refused, with the entry as it is now, if someone changed the entry since.

Why this module is long: the set-wise save is one pipeline (load, check in memory, write); its
stages share the loaded state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.domain.judgements import read_judgement
from indicators.domain.targets import parse_decimal
from indicators.models import BulkUpload, Indicator, ProgressEntry
from progress.models import VALUE_PLACES, EntryState
from progress.services import (
    WORKFLOW_FIELDS,
    EntryConflict,
    EntryGate,
    check_editable,
    check_entry,
    check_version,
    mark_submitted,
)
from tracker.db import history_rows, insert_rows, update_rows

if TYPE_CHECKING:
    from accounts.models import User

Action = Literal["create", "update", "unchanged", "refused"]
ENTRY_FIELDS = ("value", "judgement", "explanation", "data_source")
WRITTEN_FIELDS = [
    *ENTRY_FIELDS,
    "state",
    "version",
    "submitted_at",
    "submitted_by",
    "updated_at",
]
INSERTED_FIELDS = [f.name for f in ProgressEntry._meta.concrete_fields if not f.primary_key]


@dataclass(frozen=True)
class BulkRow:
    """One row as the caller sent it; `row` is its number in the source (JSON index + 1, sheet row)."""

    row: int
    indicator: int | str | None
    year: int | str | None
    quarter: int | str | None = None
    value: Decimal | int | float | str | None = None
    judgement: str | None = ""
    explanation: str | None = ""
    data_source: str | None = ""
    version: int | str | None = None


@dataclass
class RowOutcome:
    row: int
    action: Action
    entry_id: int | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    current: ProgressEntry | None = None  # the entry as it is now, when the row's version is stale


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
    def __init__(self, errors: dict[str, list[str]], current: ProgressEntry | None = None) -> None:
        super().__init__(errors)
        self.errors, self.current = errors, current


Key = tuple[int, int, int | None]


@dataclass
class Batch:
    """What the rows need, loaded once, and what they will write."""

    user: User
    submit: bool
    indicators: dict[int, Indicator]
    gate: EntryGate
    stored: dict[Key, ProgressEntry]
    seen: dict[Key, int] = field(default_factory=dict)
    created: list[ProgressEntry] = field(default_factory=list)
    updated: list[ProgressEntry] = field(default_factory=list)
    at: Any = field(default_factory=timezone.now)


def progress_bulk_save(
    *, user: User, rows: Sequence[BulkRow], dry_run: bool = False, partial: bool = False, submit: bool = False
) -> BulkResult:
    """Create or update the entries the rows describe (and submit them if asked)."""
    with transaction.atomic():
        batch = load_batch(user, rows, submit)
        outcomes: list[RowOutcome] = []
        for row in rows:
            try:
                outcomes.append(check_row(row, batch))
            except RowError as error:
                outcomes.append(RowOutcome(row.row, "refused", errors=error.errors, current=error.current))
        committed = not dry_run and (partial or not any(o.action == "refused" for o in outcomes))
        if committed:
            write(batch)
            # Each created row added one entry to the batch, in row order.
            creations = [outcome for outcome in outcomes if outcome.action == "create"]
            for outcome, entry in zip(creations, batch.created, strict=True):
                outcome.entry_id = entry.pk
    return BulkResult(outcomes, committed)


def load_batch(user: User, rows: Sequence[BulkRow], submit: bool) -> Batch:
    """The indicators in the caller's scope, who may enter them, open periods, stored entries (locked)."""
    indicators = (
        Indicator.objects.for_user(user)
        .select_related("plan")
        .in_bulk({ident for row in rows if (ident := indicator_id(row.indicator)) is not None})
    )
    plans = {indicator.plan for indicator in indicators.values()}
    # Only years inside the plans can have entries (and only those fit the column).
    first = min((plan.start_year for plan in plans), default=0)
    last = max((plan.end_year for plan in plans), default=-1)
    years = {year for row in rows if isinstance(year := safe_year(row), int) and first <= year <= last}
    stored = {
        (entry.indicator_id, entry.year, entry.quarter): entry
        for entry in ProgressEntry.objects.select_for_update(of=("self",)).filter(
            indicator_id__in=list(indicators), year__in=years
        )
    }
    for entry in stored.values():
        entry.indicator = indicators[entry.indicator_id]
    return Batch(user, submit, indicators, EntryGate(user, indicators.values()), stored)


def safe_year(row: BulkRow) -> int | None:
    try:
        return whole_number(row.year, "year", required=True)
    except RowError:
        return None


def given(row: BulkRow) -> dict[str, Any]:
    """The entry fields the row gives, read; blank or missing ones are left as they are."""
    values: dict[str, Any] = {}
    if row.value is not None and not (isinstance(row.value, str) and not row.value.strip()):
        values["value"] = figure(row.value)
    if row.judgement is not None and str(row.judgement).strip():
        values["judgement"] = judgement(row.judgement)
    for name in ("explanation", "data_source"):
        text = getattr(row, name)
        if text is not None and str(text).strip():
            values[name] = str(text)
    return values


def check_row(row: BulkRow, batch: Batch) -> RowOutcome:
    """The row checked by a single entry's rules; what it would write is added to the batch."""
    ident = indicator_id(row.indicator)
    indicator = batch.indicators.get(ident) if ident is not None else None
    if indicator is None:
        raise RowError({"indicator": [_("No such indicator in your scope.")]})
    year = whole_number(row.year, "year", required=True)
    quarter = whole_number(row.quarter, "quarter", required=False)
    version = whole_number(row.version, "version", required=False)
    key: Key = (indicator.pk, year, quarter)  # type: ignore[assignment]
    if key in batch.seen:
        raise RowError({NON_FIELD_ERRORS: [_("Duplicate of row %(row)s.") % {"row": batch.seen[key]}]})
    batch.seen[key] = row.row
    values = given(row)
    entry = batch.stored.get(key)
    if entry is not None and all(getattr(entry, name) == value for name, value in values.items()):
        if batch.submit and entry.state in {EntryState.DRAFT, EntryState.RETURNED}:
            rules(lambda: submitted(entry, batch, version))
            batch.updated.append(entry)
            return RowOutcome(row.row, "update", entry.pk)
        return RowOutcome(row.row, "unchanged", entry.pk)
    if entry is None:
        new = ProgressEntry(indicator=indicator, year=year, quarter=quarter, **values)  # type: ignore[misc]
        rules(lambda: created(new, batch))
        return RowOutcome(row.row, "create")
    rules(lambda: changed(entry, values, batch, version))
    return RowOutcome(row.row, "update", entry.pk)


def created(entry: ProgressEntry, batch: Batch) -> None:
    """As `entry_save` creates an entry (then `entry_submit`, if asked)."""
    batch.gate.require(entry)
    entry.created_by, entry.state = batch.user, EntryState.DRAFT
    entry.created_at = entry.updated_at = batch.at  # as auto_now(_add) would: written as they are
    clean(entry)
    if batch.submit:
        mark_submitted(entry, batch.user, batch.at)
    batch.created.append(entry)


def changed(entry: ProgressEntry, values: dict[str, Any], batch: Batch, version: int | None) -> None:
    """As `entry_save` changes a stored entry (then `entry_submit`, if asked)."""
    batch.gate.require(entry)
    check_version(entry, version)
    check_editable(entry)
    before = {name: getattr(entry, name) for name in values}
    for name, value in values.items():
        setattr(entry, name, value)
    try:
        clean(entry)
    except ValidationError:
        for name, value in before.items():
            setattr(entry, name, value)
        raise
    entry.version += 1
    entry.updated_at = batch.at
    if batch.submit:
        mark_submitted(entry, batch.user, batch.at)
    batch.updated.append(entry)


def submitted(entry: ProgressEntry, batch: Batch, version: int | None) -> None:
    """As `entry_submit` submits a stored draft the row leaves unchanged."""
    batch.gate.require(entry, "submit")
    check_version(entry, version)
    check_editable(entry, "submitted")
    clean(entry)
    mark_submitted(entry, batch.user, batch.at)
    entry.updated_at = batch.at


def clean(entry: ProgressEntry) -> None:
    """A single entry's rules; one figure per period is the batch's `seen` and `stored`, and the
    workflow's fields are set by these rules, never sent."""
    check_entry(entry, exclude=WORKFLOW_FIELDS, unique=False)


def write(batch: Batch) -> None:
    """One insert and one update for the batch, each with one history write of the rows as stored."""
    if batch.created:
        insert_rows(batch.created, INSERTED_FIELDS)
        history_rows(
            ProgressEntry, [e.pk for e in batch.created], history_type="+", user=batch.user, date=batch.at
        )
    if batch.updated:
        update_rows(batch.updated, WRITTEN_FIELDS)
        history_rows(
            ProgressEntry, [e.pk for e in batch.updated], history_type="~", user=batch.user, date=batch.at
        )


def rules(check: Any) -> None:
    """A rule's refusal becomes this row's errors; a stale version also gives the entry as it is now."""
    try:
        check()
    except ValidationError as error:
        raise RowError(
            error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
        ) from None
    except EntryConflict as error:
        raise RowError({"version": [str(error)]}, current=error.current) from None  # type: ignore[arg-type]
    except PermissionDenied as error:
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


# --- uploads too large for one request --------------------------------------------------------

JOB_ROWS = 3_000  # above this many rows a worker runs the upload; the request answers at once
JOB_CHUNK = 1_000  # rows checked between two progress reports


def bulk_upload_start(
    *, user: User, rows: Sequence[BulkRow], dry_run: bool = False, partial: bool = False, submit: bool = False
) -> BulkUpload:
    """Keep the rows and hand them to a worker once this transaction commits."""
    from indicators.tasks import run_bulk_upload

    upload = BulkUpload.objects.create(
        user=user,
        total=len(rows),
        options={"dry_run": dry_run, "partial": partial, "submit": submit},
        rows=[stored_row(row) for row in rows],
    )
    transaction.on_commit(lambda: run_bulk_upload.delay(upload.pk))
    return upload


def bulk_upload_run(*, upload_id: int) -> BulkUpload:
    """Check the rows chunk by chunk (the progress the caller sees), then save them all or nothing.

    Idempotent: an upload already taken by a worker is left alone.
    """
    claimed = BulkUpload.objects.filter(pk=upload_id, state=BulkUpload.State.QUEUED).update(
        state=BulkUpload.State.CHECKING
    )
    upload = BulkUpload.objects.select_related("user__unit").get(pk=upload_id)
    if not claimed:
        return upload
    rows = [BulkRow(**row) for row in upload.rows]
    options = {name: bool(upload.options.get(name)) for name in ("dry_run", "partial", "submit")}
    try:
        for start in range(0, len(rows), JOB_CHUNK):
            progress_bulk_save(user=upload.user, rows=rows[start : start + JOB_CHUNK], dry_run=True)
            BulkUpload.objects.filter(pk=upload.pk).update(checked=min(start + JOB_CHUNK, len(rows)))
        BulkUpload.objects.filter(pk=upload.pk).update(state=BulkUpload.State.WRITING)
        result = progress_bulk_save(user=upload.user, rows=rows, **options)
    except Exception as error:
        BulkUpload.objects.filter(pk=upload.pk).update(
            state=BulkUpload.State.FAILED, error=repr(error), finished_at=timezone.now()
        )
        raise
    upload.report = result_report(result)
    upload.state, upload.checked, upload.rows = BulkUpload.State.DONE, len(rows), []
    upload.finished_at = timezone.now()
    upload.save(update_fields=["report", "state", "checked", "rows", "finished_at"])
    return upload


def stored_row(row: BulkRow) -> dict[str, Any]:
    """A row as JSON: numbers that JSON cannot hold exactly (Decimal) or at all (dates) as text."""
    return {
        name: value if value is None or isinstance(value, bool | int | float | str) else str(value)
        for name, value in vars(row).items()
    }


def result_report(result: BulkResult) -> dict[str, Any]:
    """What became of each row, as the job keeps it; the entry as it is now on a stale version."""
    return {
        "committed": result.committed,
        "counts": {action: result.count(action) for action in ("create", "update", "unchanged", "refused")},
        "rows": [
            {
                "row": outcome.row,
                "action": outcome.action,
                "entry": outcome.entry_id if result.committed or outcome.action != "create" else None,
                "errors": outcome.errors,
                **({"current": current_state(outcome.current)} if outcome.current is not None else {}),
            }
            for outcome in result.outcomes
        ],
    }


def current_state(entry: ProgressEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "version": entry.version,
        "state": entry.state,
        "value": None if entry.value is None else str(entry.value),
        "judgement": entry.judgement,
        "explanation": entry.explanation,
        "data_source": entry.data_source,
    }
