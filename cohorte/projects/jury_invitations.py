"""Jurors invited by e-mail into a call's pool: they join it once signed in with that address.

The team invites a juror who may have no account yet (``invite_juror``); the invitation
waits until someone signs in with that address, verified (``accept_jury_invitations``,
connected to allauth's ``user_logged_in`` and ``email_confirmed`` in ``apps.py``, as the
administrations' invitations are). The same rate limits apply to both kinds of invitation
(``accounts.check_invitation_limits``).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte import programme_words as words
from cohorte.audit.domain import record
from cohorte.notifications import emails

from .accounts import AccountError, check_invitation_limits, display_name
from .jury_pool import add_to_pool
from .jury_runs import JuryError
from .models import JuryInvitation, JuryPoolMember

MAX_NAME_LENGTH = 150


def signup_url() -> str:
    """Where an invited juror creates their account (then lands on their space)."""
    return f"{settings.SITE_URL}{reverse('account_signup')}?next={reverse('accounts:home')}"


def _in_pool(call, email: str):
    """The pool member of this call using this address (primary or verified), if any."""
    from django.db.models import Q

    return (
        JuryPoolMember.objects.filter(call=call)
        .filter(Q(user__email__iexact=email) | Q(user__emailaddress__email__iexact=email))
        .select_related("user")
        .first()
    )


def _clean(call, email, first_name, last_name, category) -> tuple[str, str, str]:
    problems = []
    if call.kind != call.Kind.PROJECTS:
        problems.append(_("Seul un appel à projets a un jury des défis."))
    first_name = " ".join((first_name or "").split())
    last_name = " ".join((last_name or "").split())
    if not first_name:
        problems.append(_("Indiquez le prénom du juré."))
    elif len(first_name) > MAX_NAME_LENGTH:
        problems.append(_("Le prénom dépasse 150 caractères."))
    if not last_name:
        problems.append(_("Indiquez le nom du juré."))
    elif len(last_name) > MAX_NAME_LENGTH:
        problems.append(_("Le nom dépasse 150 caractères."))
    if category not in JuryPoolMember.Category.values:
        problems.append(_("Choisissez le profil du juré dans la liste."))
    email = (email or "").strip().lower()
    if not email:
        problems.append(_("Indiquez l'adresse électronique du juré."))
    else:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(
                _("« %(email)s » n'est pas une adresse électronique valide.") % {"email": email}
            )
        else:
            member = _in_pool(call, email)
            if member is not None:
                problems.append(
                    _("%(name)s (%(email)s) fait déjà partie du vivier.")
                    % {"name": display_name(member.user), "email": email}
                )
    if problems:
        raise JuryError(problems)
    return email, first_name, last_name


@transaction.atomic
def invite_juror(
    call, email, first_name, last_name, category, organisation, inviter, now=None
) -> JuryInvitation:
    """Invite a juror into the call's pool by e-mail (sent again when already pending, within
    the rate limits; audited "jury_invitation.sent" on the call)."""
    now = now or timezone.now()
    email, first_name, last_name = _clean(call, email, first_name, last_name, category)
    try:
        check_invitation_limits(email, inviter, now)
    except AccountError as error:
        raise JuryError(error.message) from None
    invitation = (
        JuryInvitation.objects.select_for_update()
        .filter(call=call, email__iexact=email, accepted_at__isnull=True)
        .first()
    )
    again = invitation is not None
    invitation = invitation or JuryInvitation(call=call, email=email)
    invitation.first_name, invitation.last_name = first_name, last_name
    invitation.category, invitation.organisation = category, organisation
    invitation.invited_by, invitation.created_at = inviter, now
    invitation.save()
    record(
        "jury_invitation.sent",
        call,
        actor=inviter,
        invitation=invitation.pk,
        category=category,
        organisation_id=organisation.pk if organisation else None,
        again=again,
    )
    emails.send(
        "jury_invitation",
        [email],
        {
            "juror_name": f"{first_name} {last_name}",
            "inviter_name": display_name(inviter),
            "call_title": call.title,
            "signup_url": signup_url(),
            "site_url": settings.SITE_URL,
            "programme": words.name(),
        },
        call=call,
    )
    return invitation


def pending_jury_invitations(call):
    """The call's invitations not accepted yet, newest first."""
    return (
        JuryInvitation.objects.filter(call=call, accepted_at__isnull=True)
        .select_related("invited_by", "organisation")
        .order_by("-created_at", "-pk")
    )


@transaction.atomic
def cancel_jury_invitation(invitation: JuryInvitation, actor) -> None:
    """Withdraw a pending invitation (audited "jury_invitation.cancelled" on the call)."""
    record(
        "jury_invitation.cancelled",
        invitation.call,
        actor=actor,
        invitation=invitation.pk,
        sent_at=invitation.created_at.isoformat(),
    )
    invitation.delete()


@transaction.atomic
def accept_jury_invitations(user, emails_=None, now=None) -> list[JuryPoolMember]:
    """Put ``user`` in the pool of every call that invited one of their verified addresses
    (``emails_``: only these); returns the pool memberships created."""
    from allauth.account.models import EmailAddress

    now = now or timezone.now()
    verified = EmailAddress.objects.filter(user=user, verified=True)
    if emails_ is not None:
        verified = verified.filter(email__in=list(emails_))
    addresses = {e.lower() for e in verified.values_list("email", flat=True)}
    if not addresses:
        return []
    invitations = list(
        JuryInvitation.objects.select_for_update(of=("self",))
        .filter(accepted_at__isnull=True, email__in=addresses)
        .select_related("call", "organisation", "invited_by")
        .order_by("pk")
    )
    joined = []
    for invitation in invitations:
        member = None
        if not JuryPoolMember.objects.filter(call=invitation.call, user=user).exists():
            member = add_to_pool(
                invitation.call, user, invitation.category, invitation.organisation, actor=user
            )
            joined.append(member)
        invitation.accepted_at, invitation.accepted_by = now, user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        record(
            "jury_invitation.accepted",
            invitation.call,
            actor=user,
            invitation=invitation.pk,
            member_id=member.pk if member else None,
        )
        if invitation.invited_by and invitation.invited_by.email:
            emails.send(
                "jury_invitation_accepted",
                [invitation.invited_by.email],
                {
                    "juror_name": display_name(user),
                    "juror_email": invitation.email,
                    "call_title": invitation.call.title,
                    "pool_url": settings.SITE_URL
                    + reverse("defi_jury:pool", args=[invitation.call_id]),
                    "site_url": settings.SITE_URL,
                },
                call=invitation.call,
            )
    return joined
