"""The cohort's transfer decree through its stages: drafted, sent to the budget directorate,
signed, published, credits transferred.

Stages follow one another, each dated on or after the previous one and never in the future.
At signature each fellow's co-funding is frozen, so that a contract changed afterwards is
flagged against what was signed. Each stage writes the log and tells the team.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cohorte import programme_words as words
from cohorte.audit.domain import record
from cohorte.public.formats import format_date

from . import cofunding
from .models import Contract, TransferDecree
from .notify import tell_team

Stage = TransferDecree.Stage
ORDER = [Stage.DRAFTED, Stage.SENT, Stage.SIGNED, Stage.PUBLISHED, Stage.TRANSFERRED]


def date_field(stage: str) -> str:
    """The decree's field holding the date of ``stage``."""
    return f"{stage}_on"


def next_stage(decree: TransferDecree | None) -> str | None:
    """The stage that comes next (the first one without a decree), or None at the end."""
    if decree is None:
        return Stage.DRAFTED
    index = ORDER.index(decree.stage)
    return ORDER[index + 1] if index + 1 < len(ORDER) else None


def _check_day(day: date, today: date, after: date | None) -> None:
    if day > today:
        raise ValidationError(_("Cette date est à venir : enregistrez l'étape une fois passée."))
    if after and day < after:
        raise ValidationError(
            _("La date doit suivre celle de l'étape précédente (le %(day)s).")
            % {"day": format_date(after)}
        )


def _told(cohort, stage: str, day: date) -> None:
    values = {
        "cohort": cohort.name,
        "stage": Stage(stage).label,
        "day": format_date(day),
    }
    tell_team(
        _("Arrêté de transfert de la %(cohort)s : %(stage)s") % values,
        _("L'arrêté de transfert de la %(cohort)s est à l'étape « %(stage)s » depuis le "
          "%(day)s.") % values,
    )  # fmt: skip


@transaction.atomic
def start(cohort, day: date, actor, today: date) -> TransferDecree:
    """Draft the cohort's decree from the contracts recorded so far."""
    if TransferDecree.objects.filter(cohort=cohort).exists():
        raise ValidationError(_("L'arrêté de cette promotion est déjà commencé."))
    if not Contract.objects.filter(fellow__cohort=cohort).exists():
        raise ValidationError(
            _("Aucun contrat n'est saisi : l'arrêté se calcule sur les contrats des %(fellows)s.")
            % {"fellows": words.fellows()}
        )
    _check_day(day, today, None)
    try:
        with transaction.atomic():
            decree = TransferDecree.objects.create(
                cohort=cohort, stage=Stage.DRAFTED, drafted_on=day
            )
    except IntegrityError as error:  # two drafts at once
        raise ValidationError(_("L'arrêté de cette promotion est déjà commencé.")) from error
    record("recruitment.decree_advanced", cohort, actor, stage=Stage.DRAFTED, day=day.isoformat())
    _told(cohort, Stage.DRAFTED, day)
    return decree


@transaction.atomic
def advance(decree: TransferDecree, stage: str, day: date, actor, today: date) -> TransferDecree:
    """Move the decree to ``stage``, the next one, reached on ``day``."""
    decree = TransferDecree.objects.select_for_update().select_related("cohort").get(pk=decree.pk)
    expected = next_stage(decree)
    if stage not in Stage.values:
        raise ValidationError(_("Étape inconnue."))
    if expected is None:
        raise ValidationError(_("L'arrêté a franchi toutes ses étapes."))
    if stage != expected:
        raise ValidationError(
            _("L'étape suivante est « %(stage)s » : les étapes se suivent sans retour ni saut.")
            % {"stage": Stage(expected).label}
        )
    _check_day(day, today, getattr(decree, date_field(decree.stage)))
    decree.stage = stage
    setattr(decree, date_field(stage), day)
    if stage == Stage.SIGNED:
        lines = cofunding.lines(decree.cohort)
        decree.signed_amounts = {str(line.contract.fellow_id): str(line.amount) for line in lines}
        decree.signed_total = sum((line.amount for line in lines), Decimal(0))
    decree.save()
    record("recruitment.decree_advanced", decree.cohort, actor, stage=stage, day=day.isoformat())
    _told(decree.cohort, stage, day)
    return decree
