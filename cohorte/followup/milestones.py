"""Milestones and deliverables of a défi: status, evidence, and their publication on the
défi's public page (code and data as its links, the others as its achievements)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.challenges.models import Achievement, ChallengeLink

from .models import Milestone

FIELDS = ("kind", "title", "due_on", "status", "done_on", "evidence_url", "licence")
EVIDENCE_REQUIRED = {
    Milestone.Kind.CODE_PUBLISHED: _("Indiquez l'adresse du dépôt du code publié."),
    Milestone.Kind.DATA_PUBLISHED: _("Indiquez l'adresse de la page du jeu de données publié."),
}
PUBLIC_LINK_KINDS = {
    Milestone.Kind.CODE_PUBLISHED: ChallengeLink.Kind.CODE,
    Milestone.Kind.DATA_PUBLISHED: ChallengeLink.Kind.DATA,
}


def checked(values: dict, today: datetime.date) -> dict:
    """The milestone's values made consistent: a reached one has its date (today unless
    given, never ahead) and, for code and data, its evidence link."""
    values = dict(values)
    if values["status"] == Milestone.Status.DONE:
        if values["kind"] in EVIDENCE_REQUIRED and not values.get("evidence_url"):
            raise ValidationError({"evidence_url": str(EVIDENCE_REQUIRED[values["kind"]])})
        values["done_on"] = values.get("done_on") or today
        if values["done_on"] > today:
            raise ValidationError(
                {"done_on": _("Un jalon ne peut pas être atteint à une date future.")}
            )
    else:
        values["done_on"] = None
    return values


@transaction.atomic
def save(challenge, values: dict, actor, today, milestone=None) -> Milestone:
    """Add or change a milestone of ``challenge``; logged."""
    values = checked(values, today)
    if milestone is None:
        milestone = Milestone.objects.create(challenge=challenge, updated_by=actor, **values)
        action, changed = "followup.milestone_added", sorted(values)
    else:
        # Read again: a model form has already copied the new values onto ``milestone``.
        milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
        changed = sorted(name for name in FIELDS if getattr(milestone, name) != values[name])
        for name, value in values.items():
            setattr(milestone, name, value)
        milestone.updated_by = actor
        milestone.save()
        action = "followup.milestone_updated"
    record(action, milestone, actor=actor, status=milestone.status, changed=changed)
    return milestone


@transaction.atomic
def publish(milestone, actor) -> None:
    """Show a reached milestone on the défi's public page; logged."""
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.published:
        raise ValidationError(_("Ce jalon est déjà publié sur la page du défi."))
    if milestone.status != Milestone.Status.DONE:
        raise ValidationError(_("Seul un jalon atteint se publie sur la page du défi."))
    link_kind = PUBLIC_LINK_KINDS.get(milestone.kind)
    if link_kind:
        ChallengeLink.objects.get_or_create(
            challenge_id=milestone.challenge_id,
            url=milestone.evidence_url,
            defaults={"kind": link_kind, "label": milestone.title},
        )
    else:
        Achievement.objects.create(
            challenge_id=milestone.challenge_id,
            title=milestone.title,
            url=milestone.evidence_url,
            order=Achievement.objects.filter(challenge_id=milestone.challenge_id).count(),
        )
    milestone.published = True
    milestone.save(update_fields=["published"])
    record(
        "followup.milestone_published",
        milestone,
        actor=actor,
        shown_as="link" if link_kind else "achievement",
    )
