"""The steps of a call happen in their order, or with the director's explicit exception.

Each guarded step (decisions, "retenue", convocations, publication) has its
preconditions: ``missing(step, ...)`` lists what is not true yet, each with a link to fix
it, for the page to say before anyone acts; ``ensure(...)`` refuses the step with the
same words in the domain function. The programme director may let one action through
anyway (a late interview, an urgent publication, a decision before the end of the
interviews) by giving a reason: ``ensure`` then records a ``step.overridden`` entry in
the call's journal with that reason and lets exactly that action pass. "Retenue" without
an eligible and complete application has no exception: the team screens it first.

``exception`` is ``None`` when nobody asked for one, else the reason typed.
"""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorte.accounts.roles import is_director
from cohorte.audit.domain import record
from cohorte.public.formats import format_date, format_moment

from .models import Call

PARIS = ZoneInfo("Europe/Paris")
MAX_REASON = 1000

DECISIONS, SELECTED, CONVOCATIONS, PUBLICATION = (
    "decisions",
    "selected",
    "convocations",
    "publication",
)
STEPS = {
    DECISIONS: gettext_lazy("préparer, valider ou envoyer une décision"),
    SELECTED: gettext_lazy("retenir"),
    CONVOCATIONS: gettext_lazy("planifier une audition ou envoyer une convocation"),
    PUBLICATION: gettext_lazy("publier les résultats"),
}
# Steps the director may let through with a reason.
OVERRIDABLE = {DECISIONS, CONVOCATIONS, PUBLICATION}


@dataclass(frozen=True)
class Missing:
    """One precondition not met: what must be true, and where to make it so."""

    text: str
    fix_url: str = ""
    fix_label: str = ""


class StepRefused(ValueError):
    """A step refused because its preconditions are not met (the message says which)."""

    def __init__(self, message: str, missing=(), overridable: bool = False):
        super().__init__(message)
        self.missing = list(missing)
        self.overridable = overridable


def _end_of_day(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time()).replace(
        tzinfo=PARIS
    )


def _announcement_setting(call) -> str:
    """Where the team sets the call's announcement date (its configuration in /gestion/)."""
    return reverse("team:config_choices", args=[call.pk])


def _window_missing(call, round_, now) -> list[Missing]:
    """The submissions of this round (or of the call, without rounds) must be closed."""
    closes_at = round_.closes_at if round_ is not None else call.closes_at
    if closes_at <= now:
        return []
    if round_ is not None and call.rounds.count() > 1:
        text = _(
            "la session « %(name)s » est encore ouverte aux dépôts jusqu'au %(moment)s : "
            "les candidats peuvent encore modifier leur dossier"
        ) % {"name": round_.name, "moment": format_moment(closes_at)}
    else:
        text = _(
            "l'appel est encore ouvert aux dépôts jusqu'au %(moment)s : les dossiers peuvent "
            "encore changer"
        ) % {"moment": format_moment(closes_at)}
    return [Missing(text, call.get_absolute_url(), _("Voir le calendrier de l'appel"))]


def _interviews_missing(call, round_, now) -> list[Missing]:
    """The round's interviews must be over (without a round, those of every round of the
    call): its last day passed, no interview still to come."""
    from cohorte.selection.interviews import ACTIVE
    from cohorte.selection.models import InterviewSlot

    missing = []
    rounds = [round_] if round_ is not None else call.rounds.order_by("opens_at", "pk")
    for each in rounds:
        if each.interviews_end and now < _end_of_day(each.interviews_end):
            missing.append(
                Missing(
                    _("les auditions de la session « %(name)s » durent jusqu'au %(date)s inclus")
                    % {"name": each.name, "date": format_date(each.interviews_end)},
                    reverse("selection:scheduling") + f"?appel={call.slug}",
                    _("Voir les auditions"),
                )
            )
    # Through the call's few panels, not a join over every application of the call: a
    # slot's panel belongs to its application's call (checked when the slot is made).
    slots = InterviewSlot.objects.filter(panel__call=call, status__in=ACTIVE)
    if round_ is not None:
        slots = slots.filter(application__round=round_)
    last = _last_end(slots)
    if last is not None and last > now and not missing:
        missing.append(
            Missing(
                _("la dernière audition se termine le %(moment)s")
                % {"moment": format_moment(last)},
                reverse("selection:scheduling") + f"?appel={call.slug}",
                _("Voir les auditions"),
            )
        )
    return missing


def _last_end(slots):
    """When the last of these interviews ends, reading only those that may end last: the
    latest start and the longest duration bound them, whatever the size of the call."""
    from django.db.models import Max

    bounds = slots.aggregate(start=Max("starts_at"), minutes=Max("duration_minutes"))
    if bounds["start"] is None:
        return None
    since = bounds["start"] - datetime.timedelta(minutes=bounds["minutes"] or 0)
    return max(
        s.starts_at + datetime.timedelta(minutes=s.duration_minutes)
        for s in slots.filter(starts_at__gte=since).only("starts_at", "duration_minutes")
    )


def _auditions_missing(call, now) -> list[Missing]:
    """The défi jury's auditions must be over."""
    from cohorte.projects.models import Audition

    last = max((a.ends_at for a in Audition.objects.filter(proposal__call=call)), default=None)
    if last is None or last <= now:
        return []
    return [
        Missing(
            _("les auditions du jury des défis se terminent le %(moment)s")
            % {"moment": format_moment(last)},
            reverse("defi_jury:composition", args=[call.pk]),
            _("Voir les auditions du jury"),
        )
    ]


def decision_missing(call, round_=None, now=None) -> list[Missing]:
    """What is missing before a decision on this call (or on this round of it)."""
    now = now or timezone.now()
    if call.kind == Call.Kind.PROJECTS:
        return _window_missing(call, None, now) + _auditions_missing(call, now)
    return _window_missing(call, round_, now) + _interviews_missing(call, round_, now)


def selected_missing(subject) -> list[Missing]:
    """What is missing before "retenue": an application or proposal screened eligible and
    complete."""
    missing = []
    if subject.eligibility != type(subject).Eligibility.ELIGIBLE:
        missing.append(
            _("son éligibilité n'est pas vérifiée (%(value)s)")
            % {"value": subject.get_eligibility_display()}
        )
    if subject.completeness != type(subject).Completeness.COMPLETE:
        missing.append(
            _("sa complétude n'est pas vérifiée (%(value)s)")
            % {"value": subject.get_completeness_display()}
        )
    url = screening_url(subject)
    return [Missing(text, url, _("Vérifier le dossier")) for text in missing]


def screening_url(subject) -> str:
    """Where the team screens this application or proposal."""
    if subject._meta.model_name == "proposal":
        return reverse("instruction:proposal", args=[subject.pk])
    return reverse("team:application_detail", args=[subject.pk]) + "#examen"


def convocation_missing(application, now=None) -> list[Missing]:
    """What is missing before an interview is planned or convened: its round closed."""
    now = now or timezone.now()
    return _window_missing(application.call, application.round, now)


def call_convocation_missing(call, now=None) -> list[Missing]:
    """What is missing before the call's interviews are planned or convened: no window of
    the call still open to submissions."""
    from .windows import call_window_at

    now = now or timezone.now()
    window = call_window_at(call, now)
    if window is None:
        return []
    return _window_missing(call, window.round, now)


def publication_missing(call, now=None) -> list[Missing]:
    """What is missing before the results go public: the announcement date reached."""
    now = now or timezone.now()
    if call.announcement_at is None:
        text = _("l'appel n'a pas de date d'annonce publique des résultats")
    elif call.announcement_at > now:
        text = _("les résultats restent confidentiels jusqu'à l'annonce publique du %(date)s") % {
            "date": format_moment(call.announcement_at)
        }
    else:
        return []
    return [Missing(text, _announcement_setting(call), _("Indiquer la date d'annonce"))]


def refusal(step: str, missing, subject_name: str = "") -> str:
    """The refusal, in the same words as the page's preconditions."""
    reasons = " ; ".join(m.text for m in missing)
    what = STEPS[step]
    if subject_name and step == SELECTED:
        message = _("Impossible de retenir %(name)s : %(reasons)s.") % {
            "name": subject_name,
            "reasons": reasons,
        }
    elif subject_name:
        message = _("Impossible de %(what)s pour %(name)s : %(reasons)s.") % {
            "what": what,
            "name": subject_name,
            "reasons": reasons,
        }
    else:
        message = _("Impossible de %(what)s : %(reasons)s.") % {"what": what, "reasons": reasons}
    if step in OVERRIDABLE:
        message += " " + _(
            "La direction du programme peut faire une exception en indiquant son motif."
        )
    return message


def clean_reason(exception) -> str | None:
    """The reason of an exception, stripped; None when none was asked for."""
    if exception is None:
        return None
    reason = str(exception).strip()
    if not reason:
        raise StepRefused(
            _(
                "Motif de l'exception : indiquez pourquoi cette étape passe avant son heure ; il "
                "est inscrit au journal de l'appel. Rien n'a changé."
            )
        )
    if len(reason) > MAX_REASON:
        raise StepRefused(
            _("Motif de l'exception : %(limit)d caractères au plus. Rien n'a changé.")
            % {"limit": MAX_REASON}
        )
    return reason


def ensure(step, call, missing, actor, exception=None, subject=None, subject_name="") -> bool:
    """Let the step pass when nothing is missing, or once with the director's reason (True:
    an exception was recorded); raise ``StepRefused`` otherwise."""
    if not missing:
        return False
    overridable = step in OVERRIDABLE
    reason = clean_reason(exception) if overridable else None
    if reason is not None and not is_director(actor):
        raise StepRefused(
            _("Seule la direction du programme peut faire une exception : %(refusal)s")
            % {"refusal": refusal(step, missing, subject_name)},
            missing,
            overridable,
        )
    if reason is None:
        raise StepRefused(refusal(step, missing, subject_name), missing, overridable)
    record(
        "step.overridden",
        call,
        actor=actor,
        step=step,
        reason=reason,
        missing=[m.text for m in missing],
        about=f"{subject._meta.model_name}:{subject.pk}" if subject is not None else None,
    )
    return True


def precondition(step, missing, user) -> dict:
    """What a page shows before a guarded step: the missing preconditions, whether the
    viewer may make an exception."""
    return {
        "step": step,
        "label": STEPS[step],
        "missing": list(missing),
        "overridable": step in OVERRIDABLE,
        "can_override": step in OVERRIDABLE and is_director(user),
    }


def overridden_entries(call):
    """The exceptions the direction made on this call, newest first."""
    from cohorte.audit.domain import history

    return history(call).filter(action="step.overridden")


__all__ = [
    "DECISIONS",
    "SELECTED",
    "CONVOCATIONS",
    "PUBLICATION",
    "Missing",
    "StepRefused",
    "decision_missing",
    "selected_missing",
    "convocation_missing",
    "publication_missing",
    "ensure",
    "precondition",
    "refusal",
]
