"""Starting next year's call from this year's: same form and rules, dates a year later."""

import datetime

from django.db import transaction

from cohorte.audit.domain import record
from cohorte.public.formats import PARIS

from .models import Call, Question, Round, Statement

COPIED_FIELDS = [
    "kind",
    "description",
    "rules",
    "rules_url",
    "calendar",
    "max_choices",
    "choice_kind",
    "choice_timing",
    "cv_required",
    "portfolio_enabled",
    "max_upload_mb",
    "review_visibility",
    "retention_months",
]


def shift_date(value: datetime.date, years: int) -> datetime.date:
    """The same calendar day ``years`` later (29 February becomes 28 February)."""
    try:
        return value.replace(year=value.year + years)
    except ValueError:
        return value.replace(year=value.year + years, day=28)


def shift_moment(moment: datetime.datetime | None, years: int) -> datetime.datetime | None:
    """The same Paris wall-clock time ``years`` later ("23 h 00" stays 23 h 00 in Paris)."""
    if moment is None:
        return None
    local = moment.astimezone(PARIS)
    day = shift_date(local.date(), years)
    shifted = datetime.datetime.combine(day, local.time().replace(tzinfo=None), tzinfo=PARIS)
    return shifted.astimezone(datetime.UTC)


def _next_cohort(cohort):
    following = (
        type(cohort)
        .objects.filter(programme=cohort.programme, number__gt=cohort.number)
        .order_by("number")
        .first()
    )
    return following or cohort


def _copy_grid(grid):
    if grid is None:
        return None
    from cohorte.reviews.models import Criterion, Grid

    copy = Grid.objects.create(name=f"{grid.name} (copie)"[:200])
    Criterion.objects.bulk_create(
        Criterion(
            grid=copy,
            order=c.order,
            label=c.label,
            description=c.description,
            scale_min=c.scale_min,
            scale_max=c.scale_max,
            per_challenge=c.per_challenge,
        )
        for c in grid.criteria.all()
    )
    return copy


def _copy_project_settings(call, copy):
    # A call for projects keeps its section limits, pitch length and audition phases.
    from cohorte.projects.models import ProjectCallSettings

    source = ProjectCallSettings.objects.filter(call=call).first()
    if source is None:
        return
    # The copy may already have its default settings (made as it was saved).
    ProjectCallSettings.objects.update_or_create(
        call=copy,
        defaults={
            "section_limits": dict(source.section_limits or {}),
            "pitch_max_pages": source.pitch_max_pages,
            "alignment_minutes": source.alignment_minutes,
            "pitch_minutes": source.pitch_minutes,
            "questions_minutes": source.questions_minutes,
            "deliberation_minutes": source.deliberation_minutes,
        },
    )


def duplicate_call(call: Call, actor, years: int = 1) -> Call:
    """A copy of a call for the next promotion: form, rules, rounds and grid, dates shifted."""
    with transaction.atomic():
        copy = Call(
            cohort=_next_cohort(call.cohort),
            title=f"{call.title} (copie)"[:255],
            opens_at=shift_moment(call.opens_at, years),
            closes_at=shift_moment(call.closes_at, years),
            voting_closes_at=shift_moment(call.voting_closes_at, years),
            announcement_at=shift_moment(call.announcement_at, years),
            grid=_copy_grid(call.grid),
            **{name: getattr(call, name) for name in COPIED_FIELDS},
        )
        copy.save()
        copy.profiles.set(call.profiles.all())
        Round.objects.bulk_create(
            Round(
                call=copy,
                name=r.name,
                opens_at=shift_moment(r.opens_at, years),
                closes_at=shift_moment(r.closes_at, years),
                interviews_start=shift_date(r.interviews_start, years)
                if r.interviews_start
                else None,
                interviews_end=shift_date(r.interviews_end, years) if r.interviews_end else None,
            )
            for r in call.rounds.all()
        )
        Question.objects.bulk_create(
            Question(
                call=copy,
                order=q.order,
                label=q.label,
                help_text=q.help_text,
                kind=q.kind,
                required=q.required,
                max_length=q.max_length,
                options=list(q.options or []),
            )
            for q in call.questions.all()
        )
        Statement.objects.bulk_create(
            Statement(call=copy, order=s.order, text=s.text) for s in call.statements.all()
        )
        _copy_project_settings(call, copy)
        record("call.duplicated", copy, actor=actor, source=call.pk, years=years)
    return copy
