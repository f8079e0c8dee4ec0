"""The numbered steps of a call for applications, the same list for everyone.

Each step says who acts on it (the programme team, its direction, the juries); a step the
reader cannot act on stays in the list, without a link, with "Action de : …". A guarded
step (``guards``) says when its preconditions are not met yet.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cohorte.accounts.roles import is_director, is_team, panel_ids

from . import guards

TEAM, DIRECTION, JURIES = "team", "direction", "juries"
ACTORS = {
    TEAM: _("l'équipe du programme"),
    DIRECTION: _("la direction du programme"),
    JURIES: _("les jurys d'audition"),
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
    if actor == JURIES:
        return is_team(user) or bool(
            panel_ids(user, "applications") & set(call.panels.values_list("pk", flat=True))
        )
    return is_team(user)


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
            _("Publier les EIG retenu·es"),
            TEAM,
            reverse("selection:decisions") + selection,
            publication,
        ),
    ]
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
