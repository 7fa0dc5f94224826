"""Report runs: request, hand to a worker, build, fail loudly; schedules and deadline reminders.

The life of a run:

    request ──▶ queued ──(worker claims)──▶ running ──▶ done (file)
                  ▲  │                         │
                  │  └─ broker down: stays queued, `enqueue_error` says why; the sweeper and the
                  │     next identical request send it again
                  └──── transient error (database, storage): back to queued, retried with backoff
                                               └──▶ failed (error): a bug, bad data, the time limit,
                                                    too many attempts, or "running" past the limit
                                                    (a worker killed mid-run), found by the sweeper

- The same request (kind, scope, year, format) while one is queued or running returns that run: a
  partial unique constraint on `dedupe_key` makes it one row even under concurrent requests.
- Runs are enqueued after the transaction commits (`transaction.on_commit`), so a worker never
  looks for a run that is not there yet.
- A claimed run is only picked up again by the same message (redelivered after its worker died)
  or once it is stale; a duplicate message for a done or running run does nothing.

Why this module is long: the life of a report run (request, enqueue, build, sweep) and the reminders
share the run's states.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.policy import jurisdiction_subtree_q, may_request_report
from indicators.summary import default_year
from plans.models import Jurisdiction, Plan, Unit, unit_plans_q
from progress.models import EntryDeadline
from progress.reminders import reminder_days, send_reminder, unit_emails
from reports import builders, selectors, writers
from reports.models import ReminderLog, ReportKind, ReportRun, RunState, Trigger

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
REQUEUE_AFTER = timedelta(minutes=10)
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError, OSError)


class TransientReportError(Exception):
    """The run failed for a reason that may pass (database, storage): retry it later."""


def report_time_limit() -> int:
    """Seconds a report may take before its worker is stopped (REPORT_TIME_LIMIT, default 15 min)."""
    return int(getattr(settings, "REPORT_TIME_LIMIT", 15 * 60))


def stale_after() -> timedelta:
    """A run still "running" this long after it started has lost its worker."""
    return timedelta(seconds=report_time_limit() + 5 * 60)


def retry_delay(retries: int) -> int:
    """Exponential backoff: 30 s, 60 s, 120 s, … capped at 10 minutes."""
    return min(30 * 2**retries, 600)  # type: ignore[no-any-return]


# --- who may ask, and for what ---------------------------------------------------------------


def report_scope_plans(
    *,
    kind: str,
    year: int | None,
    plan: Plan | None = None,
    jurisdiction: Jurisdiction | None = None,
    unit: Unit | None = None,
) -> tuple[int, list[Plan]]:
    """The year and the plans the report covers.

    Without a year, every kind defaults to the latest year with approved figures (a report on a
    year nobody has reported is "16 indicators cannot be assessed"): for one plan the rule every
    surface shares (indicators/summary.py `default_year`), for a jurisdiction the latest year of
    any of its plans.
    Raises ValidationError, with a message for the user, for a year outside the plan's period or a
    unit that has no extract of it (`extract_unit_check`).
    """
    if (plan is None) == (jurisdiction is None):
        raise ValidationError(_("Choose either a plan or a jurisdiction."))
    if unit is not None:
        extract_unit_check(unit=unit, plan=plan)
    if year is None:
        if plan is not None:
            year = default_year(plan)
        else:
            assert jurisdiction is not None
            year = selectors.latest_approved_year(
                list(selectors.plans_for_report(jurisdiction_id=jurisdiction.pk))
            )
        if year is None:
            raise ValidationError({"year": _("Give the year of the report.")})
    if plan is not None:
        if not plan.start_year <= year <= plan.end_year:
            raise ValidationError(
                {
                    "year": _("Year %(year)s is outside the plan period %(start)s–%(end)s.")
                    % {"year": year, "start": plan.start_year, "end": plan.end_year}
                }
            )
        return year, [plan]
    assert jurisdiction is not None
    plans = list(
        selectors.plans_for_report(jurisdiction_id=jurisdiction.pk).filter(
            start_year__lte=year, end_year__gte=year
        )
    )
    if not plans:
        raise ValidationError(
            {
                "year": _("No plan of %(jurisdiction)s covers the year %(year)s.")
                % {"jurisdiction": jurisdiction.full_name, "year": year}
            }
        )
    return year, plans


def extract_unit_check(*, unit: Unit, plan: Plan | None) -> None:
    """A unit's extract is of one plan of the unit's jurisdiction or one above it, in which the unit
    answers for something (two queries); else a ValidationError on the unit."""
    if plan is None:
        raise ValidationError({"unit": _("A unit's extract is of one plan, not of a jurisdiction's plans.")})
    below_plan = jurisdiction_subtree_q(plan.jurisdiction_id, "jurisdiction")
    if not Unit.objects.filter(below_plan, pk=unit.pk).exists():
        raise ValidationError(
            {
                "unit": _("%(unit)s is not a unit of %(jurisdiction)s or below it.")
                % {"unit": unit.name, "jurisdiction": plan.jurisdiction.full_name}
            }
        )
    if not Plan.objects.filter(unit_plans_q(unit.pk), pk=plan.pk).exists():
        raise ValidationError(
            {"unit": _("%(unit)s answers for nothing in this plan: it has no extract.") % {"unit": unit.name}}
        )


# --- requesting and enqueuing ----------------------------------------------------------------


def report_request(
    *,
    kind: str,
    year: int | None = None,
    fmt: str = "xlsx",
    plan: Plan | None = None,
    jurisdiction: Jurisdiction | None = None,
    unit: Unit | None = None,
    user: User | None = None,
    trigger: str = Trigger.REQUEST,
    enqueue: bool = True,
) -> tuple[ReportRun, bool]:
    """Record a request for a report and hand it to a worker after commit: (the run, created).

    The same request while one is queued or running returns that run (created False), sending it
    again if the broker never got it. A user must be planning-office staff (or an administrator)
    who can see the plan, or a reporter asking for their unit's extract (`may_request_report`);
    schedules and the shell pass no user.
    """
    if user is not None:
        if not may_request_report(user):
            raise PermissionDenied(_("Only the planning office requests reports."))
        if plan is not None and not Plan.objects.for_user(user).filter(pk=plan.pk).exists():
            raise PermissionDenied(_("You cannot see this plan."))
        if jurisdiction is not None and not may_request_report(user, jurisdiction=jurisdiction):
            raise PermissionDenied(_("You cannot see this jurisdiction's plans."))
        if plan is not None and not may_request_report(user, plan, unit=unit):
            raise PermissionDenied(_("You may request only your own unit's extract of a report."))
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Unknown report kind.")})
    year, _plans = report_scope_plans(kind=kind, year=year, plan=plan, jurisdiction=jurisdiction, unit=unit)
    report_runs_sweep(requeue=False)
    key = ReportRun.key_for(
        kind=kind,
        fmt=fmt,
        plan_id=plan.pk if plan else None,
        jurisdiction_id=jurisdiction.pk if jurisdiction else None,
        year=year,
        unit_id=unit.pk if unit else None,
    )
    with transaction.atomic():
        existing = ReportRun.objects.select_for_update().active().filter(dedupe_key=key).first()
        if existing is not None:
            if enqueue and existing.state == RunState.QUEUED and existing.enqueue_error:
                transaction.on_commit(partial(report_run_enqueue, run_id=existing.pk))
            return existing, False
        try:
            with transaction.atomic():
                run = ReportRun.objects.create(
                    kind=kind,
                    format=fmt,
                    plan=plan,
                    jurisdiction=jurisdiction,
                    unit=unit,
                    year=year,
                    trigger=trigger,
                    requested_by=user,
                    dedupe_key=key,
                )
        except IntegrityError:  # an identical request committed in between: it is ours too
            return ReportRun.objects.active().get(dedupe_key=key), False
        if enqueue:
            transaction.on_commit(partial(report_run_enqueue, run_id=run.pk))
    return run, True


def report_run_enqueue(*, run_id: int) -> bool:
    """Send the run to the broker; with the broker down, keep it queued and record why."""
    from reports.tasks import build_report

    task_id = str(uuid.uuid4())
    try:
        build_report.apply_async(args=[run_id], task_id=task_id)
    except Exception as exc:  # the broker is down, unreachable or refusing: the run waits, queued
        logger.warning("Report run %s could not be enqueued: %s", run_id, exc)
        ReportRun.objects.filter(pk=run_id, state=RunState.QUEUED).update(
            enqueue_error=_("The task queue could not be reached (%(error)s); the report will be sent again.")
            % {"error": f"{type(exc).__name__}: {exc}"[:500]}
        )
        return False
    ReportRun.objects.filter(pk=run_id, state=RunState.QUEUED).update(task_id=task_id, enqueue_error="")
    return True


# --- running ---------------------------------------------------------------------------------


def report_run_claim(*, run_id: int, task_id: str = "", now: datetime | None = None) -> ReportRun | None:
    """Move the run to running for this message, or None when there is nothing for it to do."""
    now = now or timezone.now()
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.state in (RunState.DONE, RunState.FAILED):
            return None
        if run.state == RunState.RUNNING:
            redelivered = bool(task_id) and run.task_id == task_id
            stale = run.started_at is not None and run.started_at < now - stale_after()
            if not (redelivered or stale):
                return None
        if run.attempts >= MAX_ATTEMPTS:
            _fail(run, _("Gave up after %(attempts)s attempts.") % {"attempts": run.attempts}, now=now)
            return None
        run.state = RunState.RUNNING
        run.started_at, run.finished_at = now, None
        run.attempts += 1
        run.task_id = task_id or run.task_id
        run.enqueue_error = ""  # a worker has it: whatever kept it from the broker is over
        run.save(update_fields=["state", "started_at", "finished_at", "attempts", "task_id", "enqueue_error"])
    return run


def report_run_execute(*, run_id: int, task_id: str = "", final_attempt: bool = True) -> ReportRun | None:
    """Build the run's report and store its file; a failure is recorded on the run, never lost.

    Transient errors (database, storage) put the run back in the queue and raise
    TransientReportError for the caller to retry, unless this is the final attempt.
    """
    run = report_run_claim(run_id=run_id, task_id=task_id)
    if run is None:
        return None
    try:
        with translation.override(settings.LANGUAGE_CODE):
            name, content, summary, snapshot = report_generate(run)
        run.file.save(name, ContentFile(content), save=False)
        run.summary, run.snapshot = summary, snapshot
        run.state, run.finished_at, run.error = RunState.DONE, timezone.now(), ""
        run.save(update_fields=["file", "summary", "snapshot", "state", "finished_at", "error"])
    except SoftTimeLimitExceeded:
        _fail(
            run,
            _("The report took longer than the time limit (%(seconds)s s).")
            % {"seconds": report_time_limit()},
        )
    except TRANSIENT_ERRORS as exc:
        reason = f"{type(exc).__name__}: {exc}"[:2000]
        if final_attempt:
            _fail(run, _("Failed after retries: %(error)s") % {"error": reason})
        else:
            logger.warning("Report run %s hit a transient error, will retry: %s", run.pk, reason)
            ReportRun.objects.filter(pk=run.pk).update(state=RunState.QUEUED, error=reason)
            raise TransientReportError(reason) from exc
    except Exception as exc:
        logger.exception("Report run %s failed", run.pk)
        _fail(run, f"{type(exc).__name__}: {exc}"[:2000])
    run.refresh_from_db()
    return run


def _fail(run: ReportRun, reason: str, *, now: datetime | None = None) -> None:
    run.state, run.error, run.finished_at = (
        RunState.FAILED,
        reason or _("Unknown error."),
        now or timezone.now(),
    )
    run.save(update_fields=["state", "error", "finished_at"])


def report_run_fail(*, run_id: int, reason: str) -> None:
    """Mark a run that is not done as failed (the task's last word when retries are exhausted)."""
    ReportRun.objects.filter(pk=run_id).exclude(state=RunState.DONE).update(
        state=RunState.FAILED, error=reason or _("Unknown error."), finished_at=timezone.now()
    )


def report_run_plans(run: ReportRun) -> list[Plan]:
    _year, plans = report_scope_plans(
        kind=run.kind, year=run.year, plan=run.plan, jurisdiction=run.jurisdiction
    )
    return plans


def report_generate(run: ReportRun) -> tuple[str, bytes, dict[str, object], dict[str, object]]:
    """The file name, content, summary and snapshot (the edition's figures) of the run's report."""
    plans = report_run_plans(run)
    jurisdiction_name = run.jurisdiction.full_name if run.jurisdiction_id and run.jurisdiction else None
    snapshot = builders.collect(
        run.kind, plans=plans, year=run.year, jurisdiction_name=jurisdiction_name, unit=run.unit
    )
    report = builders.compose(snapshot)
    content = writers.render(report, run.format, writers.Letterhead.from_settings())
    scope = run.plan.key if run.plan_id and run.plan else f"jurisdiction-{run.jurisdiction_id}"
    if run.unit_id:
        scope += f"-unit-{run.unit_id}"
    name = f"{run.kind}-{scope}-{run.year}-{run.pk}.{run.format}"
    return name, content, {**report.summary, "title": report.title}, snapshot.to_json()


def report_run_rebuild(*, run: ReportRun) -> bytes:
    """The run's report built again from its snapshot: the same edition, whatever changed since."""
    if not run.snapshot:
        raise ValidationError(_("This report was built before editions were kept: request it again."))
    report = builders.compose(builders.Snapshot.from_json(run.snapshot))
    return writers.render(report, run.format, writers.Letterhead.from_settings())


def report_build_now(
    *,
    kind: str,
    year: int | None,
    fmt: str = "xlsx",
    plan: Plan | None = None,
    jurisdiction: Jurisdiction | None = None,
    unit: Unit | None = None,
) -> ReportRun:
    """Build a report in this process (the shell): a run like any other, never sent to the broker."""
    run, _created = report_request(
        kind=kind,
        year=year,
        fmt=fmt,
        plan=plan,
        jurisdiction=jurisdiction,
        unit=unit,
        trigger=Trigger.COMMAND,
        enqueue=False,
    )
    result = report_run_execute(run_id=run.pk)
    if result is None:
        run.refresh_from_db()
        return run
    return result


# --- the sweeper ----------------------------------------------------------------------------


def report_runs_sweep(*, now: datetime | None = None, requeue: bool = True) -> dict[str, int]:
    """Fail runs "running" past the time limit (their worker died); re-send runs the broker never got."""
    now = now or timezone.now()
    stale = ReportRun.objects.filter(state=RunState.RUNNING, started_at__lt=now - stale_after())
    failed = stale.update(
        state=RunState.FAILED,
        finished_at=now,
        error=_(
            "The worker stopped or exceeded the time limit (%(minutes)s minutes) without finishing; "
            "request the report again."
        )
        % {"minutes": round(stale_after().total_seconds() / 60)},
    )
    requeued = 0
    if requeue:
        waiting = ReportRun.objects.filter(state=RunState.QUEUED, requested_at__lt=now - REQUEUE_AFTER) | (
            ReportRun.objects.filter(state=RunState.QUEUED).exclude(enqueue_error="")
        )
        for run_id in waiting.order_by("requested_at").values_list("pk", flat=True)[:200]:
            requeued += report_run_enqueue(run_id=run_id)
    return {"failed": failed, "requeued": requeued}


# --- schedules -------------------------------------------------------------------------------


def scheduled_year(kind: str, today: date) -> int:
    """Monitoring and mid-term reports cover the year just ended; bulletins the quarter just ended."""
    if kind in (ReportKind.MONITORING, ReportKind.MIDTERM):
        return today.year - 1
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return (quarter_start - timedelta(days=1)).year


def scheduled_reports_request(*, kind: str, today: date | None = None, fmt: str = "xlsx") -> list[ReportRun]:
    """One run per published plan that covers the year and has something to report for the kind."""
    today = today or timezone.localdate()
    year = scheduled_year(kind, today)
    plans: Iterable[Plan] = (
        Plan.objects.published().filter(start_year__lte=year, end_year__gte=year).order_by("pk")
    )
    if kind == ReportKind.MIDTERM:
        plans = [plan for plan in plans if builders.middle_year(plan) == year]
    content = {
        ReportKind.MONITORING: "indicators__origin__in",
        ReportKind.MIDTERM: "indicators__origin__in",
        ReportKind.TASKS: "tasks__isnull",
        ReportKind.PROJECTS: "projects__isnull",
    }[ReportKind(kind)]
    value: object = list(selectors.MAIN_ORIGINS) if content.endswith("__in") else False
    ids = set(Plan.objects.filter(**{content: value}).values_list("pk", flat=True))
    return [
        report_request(kind=kind, year=year, fmt=fmt, plan=plan, trigger=Trigger.SCHEDULE)[0]
        for plan in plans
        if plan.pk in ids
    ]


# --- deadline reminders ----------------------------------------------------------------------


def deadline_reminders_send(
    *, today: date | None = None, days_before: Iterable[int] = (7, 1), days_after: Iterable[int] = (1, 7)
) -> int:
    """E-mail each unit with figures not yet submitted, N days before and after the entry deadline.

    Sent once per deadline, unit and offset (ReminderLog); to the unit's active users with an
    e-mail address. Returns the number of e-mails sent.
    """
    dates = reminder_days(today, days_before, days_after)
    sent = 0
    deadlines = EntryDeadline.objects.select_related("plan").order_by("deadline")
    for deadline in deadlines.filter(deadline__date__in=list(dates)):
        offset = dates[timezone.localtime(deadline.deadline).date()]
        missing = selectors.unsubmitted_by_unit(deadline.plan_id, deadline.year)
        units = Unit.objects.in_bulk(list(missing))
        emails = unit_emails(missing)
        for unit_id, items in missing.items():
            sent += _remind(deadline, units[unit_id], offset, items, emails.get(unit_id, []))
    return sent


def _remind(deadline: EntryDeadline, unit: Unit, offset: int, items: Sequence[str], emails: list[str]) -> int:
    with transaction.atomic():
        _log, created = ReminderLog.objects.get_or_create(
            deadline=deadline,
            unit=unit,
            offset_days=offset,
            defaults={"recipients": len(emails), "items": len(items)},
        )
        if not created or not emails:
            return 0
        context = {
            "unit": unit.name,
            "plan": deadline.plan.short_title or deadline.plan.title,
            "year": deadline.year,
            "deadline": timezone.localtime(deadline.deadline).strftime("%Y-%m-%d %H:%M"),
            "days": abs(offset),
            "before": offset < 0,
            "items": list(items),
        }
        send_reminder("reports/email/reminder", context, emails)
    return 1
