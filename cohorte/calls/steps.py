"""The numbered steps of a call, the same list for everyone: ``call_steps`` for a call for
applications, ``project_steps`` for a call for projects.

Each step says who acts on it (the programme team, its direction, the juries); a step the
reader cannot act on stays in the list, without a link, with "Action de : …". A guarded
step (``guards``) says when its preconditions are not met yet.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorte import programme_words as words
from cohorte.accounts.roles import is_director, is_preinstructor, is_team, panel_ids
from cohorte.public.formats import format_moment

from . import guards

TEAM, DIRECTION, JURIES = "team", "direction", "juries"
PREINSTRUCTION, DEFI_JURIES = "preinstruction", "defi_juries"
ACTORS = {
    TEAM: _("l'équipe du programme"),
    DIRECTION: _("la direction du programme"),
    JURIES: _("les jurys d'audition"),
    PREINSTRUCTION: _("l'équipe du programme et les pré-instructeurs"),
    DEFI_JURIES: _("les jurys des défis"),
}


@dataclass(frozen=True)
class Step:
    """One numbered step: its label, who acts, the link when the reader may act."""

    number: int
    label: str
    actor: str
    url: str
    can_act: bool
    waiting: str = ""  # what its preconditions still wait for

    @property
    def actor_label(self) -> str:
        return str(ACTORS[self.actor])


def _can_act(actor: str, user, call) -> bool:
    if actor == DIRECTION:
        return is_director(user)
    if actor in (JURIES, DEFI_JURIES):
        kind = "applications" if actor == JURIES else "projects"
        return is_team(user) or bool(
            panel_ids(user, kind) & set(call.panels.values_list("pk", flat=True))
        )
    if actor == PREINSTRUCTION:
        return is_team(user) or is_preinstructor(user)
    return is_team(user)


def _numbered(plan, call, user) -> list[Step]:
    return [
        Step(
            number,
            str(label),
            actor,
            url,
            _can_act(actor, user, call),
            " ; ".join(m.text for m in missing),
        )
        for number, (label, actor, url, missing) in enumerate(plan, start=1)
    ]


def call_steps(call, user) -> list[Step]:
    """The steps of a call for applications, numbered, as ``user`` may act on them."""
    selection = f"?appel={call.slug}"
    decisions = guards.decision_missing(call)
    convocations = guards.call_convocation_missing(call)
    publication = guards.publication_missing(call)
    plan = [
        (
            _("Vérifier l'éligibilité et la complétude des candidatures"),
            TEAM,
            reverse("team:application_list", args=[call.pk]),
            [],
        ),
        (
            _("Présélectionner les candidatures pour une audition"),
            TEAM,
            reverse("team:application_list", args=[call.pk]),
            [],
        ),
        (
            _("Planifier les auditions et envoyer les invitations"),
            TEAM,
            reverse("selection:scheduling") + selection,
            convocations,
        ),
        (
            _("Auditionner et remplir les grilles"),
            JURIES,
            reverse("selection:home") + selection,
            [],
        ),
        (
            _("Classer les candidats par défi"),
            JURIES,
            reverse("selection:rankings", args=[call.slug]),
            [],
        ),
        (
            _("Préparer les décisions"),
            TEAM,
            reverse("selection:decisions") + selection,
            decisions,
        ),
        (
            _("Valider les décisions"),
            DIRECTION,
            reverse("selection:validation") + selection,
            decisions,
        ),
        (
            _("Envoyer les décisions"),
            TEAM,
            reverse("selection:decision_preview") + selection,
            decisions,
        ),
        (
            _("Publier les %(fellows)s retenu·es") % {"fellows": words.fellows()},
            TEAM,
            reverse("selection:decisions") + selection,
            publication,
        ),
    ]
    return _numbered(plan, call, user)


def _verdicts_missing(call, now) -> list[guards.Missing]:
    """A panel gives its verdicts once its auditions have started (``projects.verdicts``):
    what the step waits for while no panel's last audition has started yet."""
    from django.db.models import Max

    from cohorte.projects.models import Audition

    opening = min(
        Audition.objects.filter(proposal__call=call)
        .values("panel")
        .annotate(last=Max("starts_at"))
        .values_list("last", flat=True),
        default=None,
    )
    if opening is None or opening <= now:
        return []
    return [
        guards.Missing(
            _(
                "les avis se donnent une fois les auditions du jury commencées (premiers avis "
                "possibles le %(moment)s)"
            )
            % {"moment": format_moment(opening)}
        )
    ]


def project_steps(call, user) -> list[Step]:
    """The steps of a call for projects, numbered, as ``user`` may act on them."""
    now = timezone.now()
    proposals = reverse("instruction:call", args=[call.pk])
    decisions = guards.decision_missing(call, now=now)
    challenges = reverse("project_decisions:challenges", args=[call.pk])
    plan = [
        (_("Vérifier l'éligibilité et la complétude des propositions"), TEAM, proposals, []),
        (_("Pré-instruire les propositions sur la grille"), PREINSTRUCTION, proposals, []),
        (_("Retenir les propositions pour le jury des défis"), TEAM, proposals, []),
        (
            _("Constituer le vivier de jurés"),
            TEAM,
            reverse("defi_jury:pool", args=[call.pk]),
            [],
        ),
        (
            _("Composer les jurys, planifier les auditions et convoquer"),
            TEAM,
            reverse("defi_jury:composition", args=[call.pk]),
            [],
        ),
        (
            _("Auditionner les défis, remplir les grilles et donner les avis"),
            DEFI_JURIES,
            reverse("defi_jury:home"),
            _verdicts_missing(call, now),
        ),
        (
            _("Classer les défis (classement consolidé)"),
            TEAM,
            reverse("defi_jury:consolidation", args=[call.pk]),
            [],
        ),
        (
            _("Préparer les décisions"),
            TEAM,
            reverse("project_decisions:selection", args=[call.pk]),
            decisions,
        ),
        (
            _("Valider les décisions"),
            DIRECTION,
            reverse("project_decisions:validation", args=[call.pk]),
            decisions,
        ),
        (
            _("Envoyer les décisions"),
            TEAM,
            reverse("project_decisions:preview", args=[call.pk]),
            decisions,
        ),
        (_("Rédiger la page publique des défis retenus"), TEAM, challenges, []),
        (
            _("Publier les défis retenus"),
            TEAM,
            challenges,
            guards.publication_missing(call, now=now),
        ),
    ]
    return _numbered(plan, call, user)
