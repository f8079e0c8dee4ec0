"""People named before they had an account (mentors of a proposal) get theirs: linking a
person to the account that verifies their contact address, and inviting them to create one."""

from django.conf import settings
from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.notifications.domain import queue_email
from cohorte.programme_words import typographic
from cohorte.programmes import identity

from .models import Person, Role

MENTOR_KINDS = (Role.Kind.OPERATIONAL_MENTOR, Role.Kind.SENIOR_MENTOR)
INVITED = "person.invited"


def _verified_addresses(user) -> list[str]:
    from allauth.account.models import EmailAddress

    return list(
        EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    )


@transaction.atomic
def link_account(user, emails: list[str] | None = None) -> Person | None:
    """Give ``user`` the person whose contact address is one of ``emails`` (by default their
    verified addresses), when the user has no person yet and that person no account."""
    if user is None or not user.is_active or Person.objects.filter(user=user).exists():
        return None
    emails = [e for e in (_verified_addresses(user) if emails is None else emails) if e]
    if not emails:
        return None
    candidates = Person.objects.select_for_update().filter(user=None).order_by("pk")
    for email in emails:
        person = candidates.filter(email__iexact=email).first()
        if person is not None:
            person.user = user
            person.save(update_fields=["user"])
            record("person.linked", person, actor=user)
            return person
    return None


def on_user_logged_in(sender, request=None, user=None, **kwargs):
    """A user signing in with a verified address gets the person named with it."""
    link_account(user)


def on_email_confirmed(sender, request=None, email_address=None, **kwargs):
    """An address just verified gets the person named with it."""
    if email_address is not None:
        link_account(email_address.user, [email_address.email])


def signup_url() -> str:
    """Where an invited mentor creates their account (then lands on their space)."""
    return f"{settings.SITE_URL}{reverse('account_signup')}?next={reverse('accounts:home')}"


def mentors_without_account(cohort):
    """The cohort's mentors who have no account yet, with the date of their last invitation."""
    from django.contrib.contenttypes.models import ContentType

    from cohorte.audit.models import ActivityLog

    invited = ActivityLog.objects.filter(
        action=INVITED,
        content_type=ContentType.objects.get_for_model(Person),
        object_id=Cast(OuterRef("pk"), CharField()),
    ).order_by("-pk")
    return (
        Person.objects.filter(user=None, roles__cohort=cohort, roles__kind__in=MENTOR_KINDS)
        .distinct()
        .annotate(invited_at=Subquery(invited.values("created_at")[:1]))
        .order_by("full_name", "pk")
    )


@transaction.atomic
def invite_mentors(cohort, actor) -> dict:
    """E-mail every mentor of ``cohort`` without an account an invitation to create one (through
    the outbox, audited); those without a known address are counted, not reached."""
    invited, unreached, words = 0, [], identity.current()
    for person in mentors_without_account(cohort):
        if not person.email:
            unreached.append(person.full_name)
            continue
        queue_email(
            [person.email],
            _("Créez votre compte Cohorte pour suivre votre défi %(programme)s")
            % {"programme": words.short_name or words.name},
            _(
                "Bonjour %(name)s,\n\nVous êtes mentor d’un défi de la %(cohort)s du programme "
                "%(programme)s. Créez votre compte sur Cohorte avec cette adresse e-mail pour "
                "suivre votre défi et ses %(fellows)s :\n%(link)s\n\n%(signature)s"
            )
            % {
                "name": person.full_name,
                "cohort": cohort.name,
                "programme": typographic(words.name),
                "fellows": words.fellow_plural,
                "link": signup_url(),
                "signature": words.signature,
            },
        )
        record(INVITED, person, actor=actor, cohort=cohort.pk)
        invited += 1
    return {"invited": invited, "unreached": unreached}
