"""Writes with rules: reported figures and their review. The admin and the API both come through here.

The workflow of a reported figure (a progress entry, or a project's progress):

    draft ──submit──▶ submitted ──approve──▶ approved ──revise (office, with a reason)──▶ approved
      ▲                  │
      └──── returned ◀───┘ return (office, with a reason)

- Reporters write and submit figures for what their unit is responsible for; the planning office of
  the plan's jurisdiction may do so too, and approves or returns; nobody approves what they
  entered or submitted themselves; viewers read.
- A plan year is open for entry until the deadline the office sets; after it, a reporter's unit
  needs a lock exception that has not expired.
- Every write states the version it read (`expected_version`); a stale one raises EntryConflict.
- Every change is kept in the entry's history with who, when and why.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import F, ForeignKey, QuerySet, UniqueConstraint
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import enterable_items, may_approve, may_configure
from progress.models import EntryDeadline, EntryState, LockException, ReviewedEntry
from progress.registry import kind_of
from tracker.db import Among, ListParameter, Parameter, compiled, history_rows, insert_rows

if TYPE_CHECKING:
    from accounts.models import User

EntryT = TypeVar("EntryT", bound=ReviewedEntry)
EDITABLE_STATES = {EntryState.DRAFT, EntryState.RETURNED}
WRITE_CHUNK = 5000  # rows per statement, well inside every database's parameter limit


class EntryConflict(Exception):
    """The entry changed since the caller read it; `current` is what it is now."""

    def __init__(self, current: ReviewedEntry) -> None:
        super().__init__(_("The entry was changed by someone else; reload it and try again."))
        self.current = current


# --- who may do what ------------------------------------------------------------------------


class EntryGate:
    """Who may enter which figures, and which periods are open to them, for any number of entries.

    Loaded once (a constant number of queries) for a single entry and for a bulk upload alike, so
    the two paths ask the same rules. The items must come with their plan.
    """

    def __init__(self, user: User, items: Iterable[Any], at: datetime | None = None) -> None:
        items = list(items)
        self.enterable: set[tuple[type, int]] = enterable_items(user, items)
        # The office is never locked out of its own plans.
        self._user, self._at = user, at or timezone.now()
        self._plan_ids = {
            item.plan_id for item in items if not may_configure(user, item.plan.jurisdiction_id)
        }

    @cached_property
    def closed(self) -> set[tuple[int, int]]:
        """(plan, year) pairs past their deadline without an exception: read only when asked."""
        if not self._plan_ids:
            return set()

        def build() -> QuerySet[Any]:
            passed = EntryDeadline.objects.filter(
                Among("plan_id", ListParameter("plans")), deadline__lt=Parameter("at")
            )
            return passed.order_by().values_list("plan_id", "year")

        at = EntryDeadline._meta.get_field("deadline").get_db_prep_value(self._at, connection)
        given = {"plans": sorted(self._plan_ids), "at": at}
        closed = set(compiled(("passed deadlines",), build).given(given).all())
        if closed:
            closed -= set(
                LockException.objects.filter(  # type: ignore[misc]
                    plan_id__in=self._plan_ids, unit_id=self._user.unit_id, expires_at__gt=self._at
                ).values_list("plan_id", "year")
            )
        return closed

    def may_enter_item(self, item: Any) -> bool:
        return (type(item), item.pk) in self.enterable

    def may_enter(self, entry: ReviewedEntry) -> bool:
        """Reporters of a responsible unit, and the office of the plan's jurisdiction."""
        return (type(entry.item), entry.item_id) in self.enterable

    def is_open(self, plan_id: int, year: int) -> bool:
        """Before the deadline, or with an unexpired exception for the user's unit (the office: always)."""
        return (plan_id, year) not in self.closed

    def require(self, entry: ReviewedEntry, verb: str = "enter") -> None:
        if not self.may_enter(entry):
            raise PermissionDenied(
                _("You may not enter figures for this item.")
                if verb == "enter"
                else _("You may not submit figures for this item.")
            )
        if not self.is_open(entry.item.plan_id, entry.year):
            raise ValidationError(
                {
                    "year": _(
                        "The entry period for %(year)s is closed; ask the planning office for an exception."
                    )
                    % {"year": entry.year}
                }
            )


def may_enter(user: User, entry: ReviewedEntry) -> bool:
    """Reporters of a responsible unit, and the office of the plan's jurisdiction."""
    return may_enter_item(user, entry.item)


def may_enter_item(user: User, item: Any) -> bool:
    """Whether the user may enter figures for this item (indicator, key project) at all."""
    return EntryGate(user, [item]).may_enter_item(item)


def may_review(user: User, entry: ReviewedEntry) -> bool:
    return may_approve(user, entry)


WORKFLOW_FIELDS = frozenset(
    {
        "id",
        "state",
        "version",
        "return_reason",
        "created_by",
        "created_at",
        "updated_at",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
    }
)


def entry_authors(entries: Sequence[ReviewedEntry]) -> dict[int, set[int]]:
    """By entry id, everyone who created it, changed what it says or submitted it: one history query.

    What it says: every field but the workflow's own. Returning or approving an entry is a review,
    not authorship; reviewers stay free to approve.
    """
    if not entries:
        return {}
    model = type(entries[0])
    fields = [field.attname for field in model._meta.concrete_fields if field.name not in WORKFLOW_FIELDS]
    authors = {entry.pk: {entry.created_by_id, entry.submitted_by_id} - {None} for entry in entries}
    records = (
        model.history.filter(id__in=list(authors))  # type: ignore[attr-defined]
        .order_by("id", "history_date", "history_id")
        .only("id", "history_user_id", "state", *fields)
    )
    previous = None
    for record in records:
        if previous is not None and previous.id != record.id:
            previous = None
        if (
            previous is None
            or any(getattr(record, name) != getattr(previous, name) for name in fields)
            or (record.state == EntryState.SUBMITTED and previous.state != EntryState.SUBMITTED)
        ) and record.history_user_id is not None:
            authors[record.id].add(record.history_user_id)
        previous = record
    return authors  # type: ignore[return-value]


# --- the transitions --------------------------------------------------------------------------


def locked(entry: EntryT, expected_version: int | None) -> EntryT:
    """The stored row, locked for this transaction; EntryConflict if the caller's copy is stale."""
    current = type(entry)._default_manager.select_for_update().get(pk=entry.pk)
    check_version(current, expected_version)
    return current


def check_version(current: EntryT, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != current.version:
        raise EntryConflict(current)


def check_editable(current: ReviewedEntry, verb: str = "changed") -> None:
    if current.state not in EDITABLE_STATES:
        raise ValidationError(
            _("Only draft or returned entries can be changed.")
            if verb == "changed"
            else _("Only draft or returned entries can be submitted.")
        )


def check_entry(entry: ReviewedEntry, *, exclude: Collection[str] = (), unique: bool = True) -> None:
    """The entry's rules as `full_clean` asks them, less the questions whose answer is known.

    A relation whose object is loaded exists: it is not looked up again. The check constraints are
    the database's backstop for what the fields' validators, `rule_errors` and these services
    already require: asking each would cost a query and never speak. One figure per period (the
    unique constraints, whose messages users see) is the write's to refuse (see
    `one_figure_per_period`); when `unique` it is asked here beside other errors, so that every error
    is named at once. A stored row's period is not asked again, nor a batch's (it knows its stored
    entries).
    """
    loaded = [
        field.name
        for field in entry._meta.concrete_fields
        if isinstance(field, ForeignKey)
        and field.is_cached(entry)
        and getattr(entry, field.attname) is not None
    ]
    errors: dict[str, Any] = {}
    try:
        entry.full_clean(exclude=[*exclude, *loaded], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    if errors and unique:
        errors = period_errors(
            entry, {*exclude, *(name for name in errors if name != NON_FIELD_ERRORS)}, errors
        )
    if errors:
        raise ValidationError(errors)


def period_errors(entry: ReviewedEntry, exclude: set[str], errors: dict[str, Any]) -> dict[str, Any]:
    """`errors` and those of the entry's unique constraints (one figure per period): a query each."""
    for model, constraints in entry.get_constraints():
        for constraint in constraints:
            if isinstance(constraint, UniqueConstraint):
                try:
                    constraint.validate(model, entry, exclude=exclude)
                except ValidationError as error:
                    errors = error.update_error_dict(errors)
    return errors


@contextmanager
def one_figure_per_period(entry: ReviewedEntry) -> Iterator[None]:
    """Around the transaction writing one entry: its unique indexes refuse a second figure for a
    period as surely as a query before the write (~2 ms of building SQL for each) would, and a
    refused write is answered with the constraints' messages, asked once the transaction is over."""
    try:
        yield
    except IntegrityError:
        refused = period_errors(entry, set(), {})
        if not refused:
            raise
        raise ValidationError(refused) from None


def stored_decimals(entry: ReviewedEntry) -> list[models.Field[Any, Any]]:
    """An entry's decimal fields: the one kind of value a database may keep otherwise than written
    (SQLite keeps them as floating point: long ones come back rounded)."""
    return [field for field in entry._meta.concrete_fields if isinstance(field, models.DecimalField)]


def persist(entry: ReviewedEntry, user: User, reason: str = "") -> None:
    """Save the entry and record it in its history, who, when and why, as batches do (`history_rows`):
    one INSERT … SELECT of the row as stored, where django-simple-history's own record builds a
    historical instance and compiles its insert (a fifth of a figure's save).

    A new entry is inserted as batches insert theirs (`insert_rows`), after its fields' `pre_save`
    (the moments, an attachment stored) as `save` would: the ORM compiling its INSERT cost a tenth
    of a figure's POST. Entries have no save signals that this skips (tests/test_workflow.py). It
    comes back with its decimals as stored (`stored_decimals`), returned by the INSERT itself.
    """
    created = entry._state.adding
    if created:
        fields = [field for field in entry._meta.concrete_fields if not field.primary_key]
        for field in fields:
            field.pre_save(entry, True)
        insert_rows([entry], [field.name for field in fields], stored=stored_decimals(entry))
    else:
        entry.skip_history_when_saving = True  # type: ignore[attr-defined]
        try:
            entry.save()
        finally:
            del entry.skip_history_when_saving  # type: ignore[attr-defined]
    history_rows(
        type(entry),
        [entry.pk],
        history_type="+" if created else "~",
        user=user,
        date=timezone.now(),
        reason=reason or None,
    )


def entry_save(*, entry: EntryT, user: User, expected_version: int | None = None) -> EntryT:
    """Create an entry, or update one that is still a draft or returned."""
    if entry.item_id is None:
        raise ValidationError({entry.item_field: _("Choose what the figure is for.")})
    EntryGate(user, [entry.item]).require(entry)
    with one_figure_per_period(entry), transaction.atomic():
        if entry.pk is None:
            entry.created_by = user
            entry.state = EntryState.DRAFT
        else:
            current = locked(entry, expected_version)
            check_editable(current)
            entry.state, entry.version = current.state, current.version + 1
        check_entry(entry)
        persist(entry, user)
    return entry


def entry_submit(*, entry: EntryT, user: User, expected_version: int | None = None) -> EntryT:
    EntryGate(user, [entry.item]).require(entry, "submit")
    with transaction.atomic():
        current = locked(entry, expected_version)
        check_editable(current, "submitted")
        check_entry(current, unique=False)
        mark_submitted(current, user, timezone.now())
        persist(current, user)
    return current


def mark_submitted(entry: ReviewedEntry, user: User, at: datetime) -> None:
    entry.state = EntryState.SUBMITTED
    entry.submitted_at, entry.submitted_by = at, user
    entry.version += 1


def entry_approve(*, entry: EntryT, user: User, expected_version: int | None = None) -> EntryT:
    with transaction.atomic():
        current = locked(entry, expected_version)
        check_approval(current, user, entry_authors([current])[current.pk])
        mark_approved(current, user, timezone.now())
        persist(current, user)
        refresh_after([current])
    return current


def entries_approve(
    *, entries: Sequence[EntryT], user: User
) -> tuple[list[EntryT], list[tuple[EntryT, str]]]:
    """Approve many entries by the rules of `entry_approve`, in a constant number of queries.

    One history write for the batch, and each affected indicator's evaluations refreshed once.
    Returns the approved entries and, for each refused one, the reason.
    """
    if not entries:
        return [], []
    model = type(entries[0])
    approved: list[EntryT] = []
    refused: list[tuple[EntryT, str]] = []
    with transaction.atomic():
        # The items and plans are prefetched: one object each, not one copy per entry (a batch is
        # thousands of figures of a few hundred indicators).
        stored = (
            model._default_manager.select_for_update(of=("self",))
            .prefetch_related(f"{model.item_field}__plan")
            .in_bulk([entry.pk for entry in entries])
        )
        at = timezone.now()
        authors = entry_authors(list(stored.values()))
        for entry in entries:
            current = stored[entry.pk]
            try:
                check_approval(current, user, authors[current.pk])
            except ValidationError as error:
                refused.append((entry, " ".join(error.messages)))
                continue
            except PermissionDenied as error:
                refused.append((entry, str(error)))
                continue
            mark_approved(current, user, at)
            approved.append(current)
        # Every approved row gets the same fields: one UPDATE per chunk, not a CASE per row.
        for start in range(0, len(approved), WRITE_CHUNK):
            model._default_manager.filter(
                pk__in=[e.pk for e in approved[start : start + WRITE_CHUNK]]
            ).update(
                state=EntryState.APPROVED,
                reviewed_at=at,
                reviewed_by=user,
                return_reason="",
                version=F("version") + 1,
                updated_at=at,
            )
        model.history.bulk_history_create(  # type: ignore[attr-defined]
            approved, update=True, default_user=user, default_change_reason=None, default_date=at
        )
        refresh_after(approved)
    return approved, refused


def check_approval(current: ReviewedEntry, user: User, authors: set[int]) -> None:
    if not may_review(user, current):
        raise PermissionDenied(_("Only the planning office of the plan's jurisdiction approves figures."))
    if current.state != EntryState.SUBMITTED:
        raise ValidationError(_("Only submitted entries can be approved."))
    if user.pk in authors:
        raise ValidationError(_("You cannot approve an entry you entered, changed or submitted."))


def mark_approved(entry: ReviewedEntry, user: User, at: datetime) -> None:
    entry.state = EntryState.APPROVED
    entry.reviewed_at, entry.reviewed_by = at, user
    entry.return_reason = ""
    entry.version += 1
    entry.updated_at = at


def entry_return(*, entry: EntryT, user: User, reason: str, expected_version: int | None = None) -> EntryT:
    if not may_approve(user, entry):
        raise PermissionDenied(_("Only the planning office of the plan's jurisdiction returns figures."))
    if not reason.strip():
        raise ValidationError({"return_reason": _("Give the reason for returning the entry.")})
    with transaction.atomic():
        current = locked(entry, expected_version)
        if current.state != EntryState.SUBMITTED:
            raise ValidationError(_("Only submitted entries can be returned."))
        current.state = EntryState.RETURNED
        current.return_reason = reason.strip()
        current.reviewed_at, current.reviewed_by = timezone.now(), user
        current.version += 1
        persist(current, user, reason.strip())
    return current


# What the office may revise on any approved figure; each entry kind adds its own figure fields.
REVISABLE_FIELDS = frozenset({"explanation", "data_source"})


def entry_revise(
    *, entry: EntryT, user: User, reason: str, changes: dict[str, Any], expected_version: int | None = None
) -> EntryT:
    """The office corrects an approved figure; the entry stays approved and the reason is kept."""
    if not may_approve(user, entry):
        raise PermissionDenied(_("Only the planning office revises approved figures."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the revision.")})
    unknown = set(changes) - REVISABLE_FIELDS - kind_of(entry).revisable_fields
    if unknown:
        raise ValidationError({name: _("This field cannot be revised.") for name in sorted(unknown)})
    with transaction.atomic():
        current = locked(entry, expected_version)
        if current.state != EntryState.APPROVED:
            raise ValidationError(_("Only approved entries are revised; change drafts directly."))
        if user.pk in entry_authors([current])[current.pk]:
            raise ValidationError(
                _("You cannot revise an entry you entered, changed or submitted; ask a colleague.")
            )
        for name, value in changes.items():
            setattr(current, name, value)
        current.full_clean()
        current.reviewed_at, current.reviewed_by = timezone.now(), user
        current.version += 1
        persist(current, user, reason.strip())
        refresh_after([current])
    return current


def refresh_after(entries: Sequence[ReviewedEntry]) -> None:
    """Approved figures feed what is derived from them (indicators' stored evaluations): once per batch.

    Entries reviewed here without being a figure kind (a task's feedback, supervision/) have
    nothing derived from them.
    """
    if not entries:
        return
    try:
        follow_up = kind_of(entries[0]).on_approved
    except LookupError:
        return
    if follow_up is not None:
        follow_up(entries)
