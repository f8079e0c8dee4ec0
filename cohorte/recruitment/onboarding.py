"""The onboarding checklist: the team's steps per cohort, ticked per fellow.

Ticking is done by the host administration or the team; when the last step of a fellow is
ticked, the fellow and the team are told that the arrival is ready.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from cohorte import programme_words as words
from cohorte.audit.domain import record
from cohorte.notifications.domain import queue_email
from cohorte.people.models import Role

from .models import OnboardingCheck, OnboardingItem
from .notify import fellow_values, tell_team

MAX_LABEL_LENGTH = 120
DEFAULT_ITEMS = (
    "Contrat signé",
    "Badge d'accès",
    "Équipement (ordinateur, téléphone)",
    "Comptes et accès aux outils",
    "Charte signée",
)


def _clean_label(label: str) -> str:
    label = " ".join((label or "").split())
    if not label:
        raise ValidationError(_("Nommez l'étape."))
    if len(label) > MAX_LABEL_LENGTH:
        raise ValidationError(
            _("Le nom de l'étape dépasse %(max)s caractères.") % {"max": MAX_LABEL_LENGTH}
        )
    return label


@transaction.atomic
def add_item(cohort, label: str, actor) -> OnboardingItem:
    """Add a step at the end of the cohort's checklist."""
    label = _clean_label(label)
    # Compared in Python: SQLite's case folding knows ASCII only ("SIGNÉE" is not "signée").
    taken = {other.casefold() for other in cohort.onboarding_items.values_list("label", flat=True)}
    if label.casefold() in taken:
        raise ValidationError(_("Cette étape est déjà dans la liste."))
    position = (cohort.onboarding_items.aggregate(last=Max("position"))["last"] or 0) + 1
    try:
        with transaction.atomic():
            item = OnboardingItem.objects.create(cohort=cohort, label=label, position=position)
    except IntegrityError as error:  # the same step added twice at once
        raise ValidationError(_("Cette étape est déjà dans la liste.")) from error
    record("recruitment.onboarding_item_added", cohort, actor, item=item.pk, label=label)
    return item


@transaction.atomic
def add_default_items(cohort, actor) -> int:
    """Give a cohort without steps the programme's usual ones; returns how many were added."""
    if cohort.onboarding_items.exists():
        raise ValidationError(_("La promotion a déjà ses étapes : ajoutez-les une à une."))
    for position, label in enumerate(DEFAULT_ITEMS, start=1):
        OnboardingItem.objects.create(cohort=cohort, label=label, position=position)
    record("recruitment.onboarding_items_defaulted", cohort, actor, count=len(DEFAULT_ITEMS))
    return len(DEFAULT_ITEMS)


@transaction.atomic
def remove_item(item: OnboardingItem, actor) -> None:
    """Remove a step nobody ticked yet (a ticked step is a record of what was done)."""
    ticked = item.checks.count()
    if ticked:
        raise ValidationError(
            _("Cette étape est déjà cochée pour %(count)s %(fellows)s : elle reste dans la liste.")
            % {"count": ticked, "fellows": words.fellows_for(ticked)}
        )
    record("recruitment.onboarding_item_removed", item.cohort, actor, label=item.label)
    item.delete()


def _complete(fellow: Role) -> bool:
    items = OnboardingItem.objects.filter(cohort=fellow.cohort_id).count()
    done = OnboardingCheck.objects.filter(fellow=fellow).count()
    return items > 0 and done >= items


@transaction.atomic
def set_check(fellow: Role, item: OnboardingItem, done: bool, actor, today: date) -> bool:
    """Tick (or untick) one step of the fellow's arrival; returns whether anything changed."""
    fellow = Role.objects.select_for_update(of=("self",)).get(pk=fellow.pk)
    if item.cohort_id != fellow.cohort_id:
        raise ValidationError(
            _("Cette étape n'est pas une étape de la promotion de %(this_fellow)s.")
            % {"this_fellow": words.this(words.fellow())}
        )
    existing = OnboardingCheck.objects.filter(fellow=fellow, item=item).first()
    if done == (existing is not None):
        return False
    if done:
        OnboardingCheck.objects.create(fellow=fellow, item=item, done_on=today, done_by=actor)
        record("recruitment.onboarding_checked", fellow, actor, item=item.pk, label=item.label)
        if _complete(fellow):
            _arrival_ready(fellow)
    else:
        existing.delete()
        record("recruitment.onboarding_unchecked", fellow, actor, item=item.pk, label=item.label)
    return True


def _arrival_ready(fellow: Role) -> None:
    values = fellow_values(fellow)
    tell_team(
        _("Arrivée prête : %(name)s") % values,
        _("Toutes les étapes de l'arrivée de %(name)s (défi « %(challenge)s ») sont faites.\n\n"
          "Voir le recrutement : %(link)s") % values,
    )  # fmt: skip
    if fellow.person.user_id and fellow.person.user.email:
        queue_email(
            [fellow.person.user.email],
            _("Votre arrivée est prête"),
            _(
                "Bonjour,\n\nToutes les étapes de votre arrivée sur le défi « %(challenge)s » "
                "sont faites. Bienvenue dans la promotion !\n\nL'équipe du programme"
            )
            % values,
        )
