"""Chasing the host administrations about what is missing for their fellows.

One e-mail per administration, to its members, listing its fellows of the cohort and what
each still lacks (the contract, the steps not done). Fellows who are ready or gone are not
chased; an administration without any account is reported to the team instead.
"""

from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from cohorte import programme_words as words
from cohorte.audit.domain import record
from cohorte.notifications.domain import queue_email
from cohorte.projects.models import OrganisationMember

from .models import OnboardingCheck
from .overview import fellows, state_of

MAX_CHOSEN = 200


def _missing(fellow, items, done_ids) -> str:
    if not fellow.has_contract:
        return _("le contrat n'est pas encore saisi")
    left = [item.label for item in items if item.pk not in done_ids]
    return _("étapes à faire : %(steps)s") % {"steps": ", ".join(left)}


@transaction.atomic
def remind(cohort, fellow_ids, actor) -> dict:
    """E-mail each administration about its chosen fellows still to recruit or to welcome."""
    fellow_ids = list(fellow_ids)[: MAX_CHOSEN + 1]
    if not fellow_ids:
        raise ValidationError(
            _("Cochez au moins un %(fellow)s à relancer.") % {"fellow": words.fellow()}
        )
    if len(fellow_ids) > MAX_CHOSEN:
        raise ValidationError(
            _("Relancez au plus %(max)s %(fellows)s à la fois.")
            % {"max": MAX_CHOSEN, "fellows": words.fellows_for(MAX_CHOSEN)}
        )
    items = list(cohort.onboarding_items.all())
    rows = [
        fellow
        for fellow in fellows(cohort).filter(pk__in=fellow_ids).order_by("pk")
        if state_of(fellow, len(items)) in ("to_record", "onboarding")
    ]
    if not rows:
        raise ValidationError(
            _("Aucun des %(fellows)s cochés n'attend de contrat ni d'étape d'arrivée.")
            % {"fellows": words.fellows()}
        )
    done = defaultdict(set)
    for fellow_id, item_id in OnboardingCheck.objects.filter(
        fellow__in=rows, item__cohort=cohort
    ).values_list("fellow_id", "item_id"):
        done[fellow_id].add(item_id)
    by_host = defaultdict(list)
    for fellow in rows:
        by_host[fellow.challenge.host_organisation if fellow.challenge_id else None].append(fellow)
    addresses = defaultdict(set)
    for organisation_id, email in OrganisationMember.objects.filter(
        organisation__in=[host for host in by_host if host is not None], user__is_active=True
    ).values_list("organisation_id", "user__email"):
        if email:
            addresses[organisation_id].add(email)
    reached, unreached = 0, []
    for host, hosted in by_host.items():
        to = sorted(addresses.get(host.pk, ())) if host is not None else []
        if not to:
            unreached.append(host.name if host is not None else _("défi sans administration"))
            continue
        lines = "\n".join(
            f"- {fellow.person.full_name} ({fellow.challenge.title}) : "
            f"{_missing(fellow, items, done[fellow.pk])}\n  "
            f"{settings.SITE_URL}{reverse('recruitment:fellow', args=[fellow.pk])}"
            for fellow in hosted
        )
        queue_email(
            to,
            _("%(cohort)s : recrutement de vos %(fellows)s à compléter")
            % {"cohort": cohort.name, "fellows": words.fellows()},
            _(
                "Bonjour,\n\nPour accueillir vos %(fellows)s de la %(cohort)s, il manque encore :"
                "\n\n%(lines)s\n\nMerci de compléter ces informations sur Cohorte.\n\n"
                "L'équipe du programme"
            )
            % {"cohort": cohort.name, "lines": lines, "fellows": words.fellows()},
        )
        reached += 1
    record(
        "recruitment.reminded",
        cohort,
        actor,
        fellows=[fellow.pk for fellow in rows],
        administrations=reached,
        unreached=len(unreached),
    )
    return {"administrations": reached, "fellows": len(rows), "unreached": unreached}
