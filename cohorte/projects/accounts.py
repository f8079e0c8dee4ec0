"""Administration staff: professional e-mail, organisation membership, invitations.

Sign-up and login are allauth's (verified e-mail). An administration acts through its
members (``OrganisationMember``): a person declares their administration. A new name
creates the ``Organisation`` with them as its first member; an existing one that nobody
represents yet takes them only with a verified address on one of its e-mail domains
(``mail_domains``), else the programme team approves (``membership_requests``). Once it
has members, only an invitation from one of them lets a colleague in. The invitee becomes
a member when they sign in with the invited address, verified (``accept_invitations``,
connected to allauth's ``user_logged_in`` and ``email_confirmed`` in ``apps.py``).
Invitations are rate-limited per address and per sender (settings
``ORGANISATION_INVITATION_INTERVAL_MINUTES`` and ``ORGANISATION_INVITATIONS_PER_DAY``).

Each change is one function that checks it, writes the activity log and queues its
e-mail. A refused change raises :class:`AccountError` with a French message.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohorte import programme_words as words
from cohorte.audit.domain import record
from cohorte.audit.models import ActivityLog
from cohorte.notifications import emails
from cohorte.notifications.domain import queue_email
from cohorte.organisations.models import Organisation

from .models import OrganisationInvitation, OrganisationMember

# Consumer mailboxes: an administration's staff write from their administration's domain.
CONSUMER_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "ymail.com", "rocketmail.com", "aol.com", "aol.fr",
        "msn.com", "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "neuf.fr", "cegetel.net",
        "laposte.net", "icloud.com", "me.com", "mac.com", "proton.me", "pm.me", "bbox.fr",
        "numericable.fr", "club-internet.fr", "aliceadsl.fr", "mail.com", "tutanota.com",
        "tuta.io", "yandex.ru", "yandex.com", "zoho.com",
    }
)  # fmt: skip
# Providers with a domain per country (yahoo.fr, hotmail.co.uk, gmx.de...).
CONSUMER_NAMES = frozenset(
    {"yahoo", "hotmail", "outlook", "live", "protonmail", "gmx", "yandex", "tutanota"}
)
MAX_NAME_LENGTH = 255


class AccountError(ValueError):
    """A change refused, with the message to show."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ApprovalNeeded(AccountError):
    """An existing organisation without members: the team approves its first member."""

    def __init__(self, message: str, organisation):
        super().__init__(message)
        self.organisation = organisation


class TooManyInvitations(AccountError):
    """An invitation refused by the rate limits."""


def domain_of(email: str) -> str:
    """The domain of an e-mail address, lower-case ("" when there is none)."""
    return (email or "").rpartition("@")[2].strip().lower().rstrip(".")


def is_consumer_domain(domain: str) -> bool:
    """Whether a domain is a personal mailbox provider's (gmail.com, yahoo.fr...)."""
    if domain in CONSUMER_DOMAINS:
        return True
    labels = domain.split(".")
    # "yahoo.fr", "hotmail.co.uk", "yahoo.com.br": the provider's name, then a suffix only.
    if len(labels) == 2 or (len(labels) == 3 and labels[1] in {"co", "com"}):
        return labels[0] in CONSUMER_NAMES
    return False


def professional_email_error(email: str) -> str:
    """Why this address is not a work address ("" when it is one)."""
    domain = domain_of(email)
    if not domain or not is_consumer_domain(domain):
        return ""
    return _(
        "« %(email)s » est une adresse personnelle (%(domain)s) : utilisez une adresse "
        "électronique professionnelle, celle de l'administration."
    ) % {"email": email, "domain": domain}


def ensure_professional_account(user) -> None:
    """Refuse a user whose account address is a personal mailbox."""
    domain = domain_of(user.email)
    if domain and is_consumer_domain(domain):
        raise AccountError(
            _(
                "Votre compte utilise une adresse personnelle (%(domain)s) : pour agir au nom "
                "d'une administration, ajoutez votre adresse électronique professionnelle à "
                "votre compte et faites-en l'adresse principale."
            )
            % {"domain": domain}
        )


def is_member(user, organisation) -> bool:
    """Whether ``user`` acts for ``organisation``."""
    return OrganisationMember.objects.filter(organisation=organisation, user=user).exists()


def _forget_organisations(user) -> None:
    user.__dict__.pop("_cohorte_organisations", None)  # the cache of roles.organisation_ids


def _unique_slug(name: str) -> str:
    base = (slugify(name) or "administration")[:230]
    slug, number = base, 2
    while Organisation.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def _join(organisation, user, actor, how: str, invitation=None, **details) -> OrganisationMember:
    member, created = OrganisationMember.objects.get_or_create(
        organisation=organisation,
        user=user,
        defaults={"invited_by": invitation.invited_by if invitation else None},
    )
    _forget_organisations(user)
    if created:
        record(
            "organisation.member_joined",
            organisation,
            actor,
            member=member.pk,
            how=how,
            invitation=invitation.pk if invitation else None,
            **details,
        )
        others = sorted(
            {
                email
                for email in OrganisationMember.objects.filter(organisation=organisation)
                .exclude(user=user)
                .values_list("user__email", flat=True)
                if email
            }
        )
        if others:
            emails.send(
                "organisation_member_joined",
                others,
                {
                    "organisation": organisation.name,
                    "member_name": display_name(user),
                    "member_email": user.email,
                    "members_url": settings.SITE_URL
                    + reverse("projects:organisation", args=[organisation.pk]),
                    "site_url": settings.SITE_URL,
                },
            )
    return member


def display_name(user) -> str:
    """A person as their colleagues read them: name, or address when no name was given."""
    name = f"{user.first_name} {user.last_name}".strip()
    return name or user.email


def _folded(name: str) -> str:
    return " ".join((name or "").split()).casefold()


def same_name(name: str) -> list[Organisation]:
    """Organisations with this name, whatever the case and spacing (rows locked)."""
    # Compared in Python: SQLite folds the case of ASCII letters only ("É" ≠ "é").
    wanted = _folded(name)
    ids = [
        pk
        for pk, other in Organisation.objects.values_list("pk", "name")
        if _folded(other) == wanted
    ]
    return list(Organisation.objects.select_for_update().filter(pk__in=ids).order_by("pk"))


@transaction.atomic
def declare_organisation(user, name: str, kind: str, parent=None) -> Organisation:
    """The user declares the administration they act for; returns it, with them as a member.

    A new name creates the organisation. An existing one (same name, whatever the case)
    that nobody represents yet takes the user as its first member when one of their
    verified addresses is on its e-mail domains; otherwise :class:`ApprovalNeeded` (the
    view files a request to the team). One that already has members is refused: a
    colleague invites them instead.
    """
    from .mail_domains import domains_of, matching_address

    ensure_professional_account(user)
    name = " ".join((name or "").split())
    if not name:
        raise AccountError(_("Indiquez le nom de votre administration."))
    if len(name) > MAX_NAME_LENGTH:
        raise AccountError(_("Le nom de l'administration dépasse 255 caractères."))
    if kind not in Organisation.Kind.values:
        raise AccountError(_("Choisissez le type de votre administration."))
    if parent is not None and parent.kind != Organisation.Kind.MINISTRY:
        raise AccountError(_("Choisissez le ministère de tutelle dans la liste."))
    existing = same_name(name)
    for organisation in existing:
        if is_member(user, organisation):
            return organisation
    for organisation in existing:
        if OrganisationMember.objects.filter(organisation=organisation).exists():
            raise AccountError(
                _(
                    "« %(name)s » a déjà des comptes sur Cohorte : demandez à un collègue déjà "
                    "inscrit de vous inviter depuis la page de son administration."
                )
                % {"name": organisation.name}
            )
    for organisation in existing:
        address = matching_address(user, organisation)
        if address:
            _join(organisation, user, user, "email_domain", email=address)
            _tell_team_first_member(organisation, user, address)
            return organisation
    if existing:
        organisation = existing[0]
        message = _(
            "« %(name)s » est déjà connue de Cohorte mais n'a encore aucun compte : l'équipe du "
            "programme vérifie que vous la représentez avant de vous y rattacher."
        ) % {"name": organisation.name}
        domains = domains_of(organisation)
        if domains:
            message += " " + _(
                "Pour la rejoindre sans attendre, ajoutez à votre compte votre adresse "
                "professionnelle sur %(domains)s, confirmez-la, puis recommencez."
            ) % {"domains": ", ".join(domains)}
        raise ApprovalNeeded(message, organisation)
    organisation = Organisation.objects.create(
        name=name, slug=_unique_slug(name), kind=kind, parent=parent
    )
    record("organisation.created", organisation, user, kind=kind, parent=parent and parent.pk)
    _join(organisation, user, user, "declared")
    return organisation


def _tell_team_first_member(organisation, user, address: str) -> None:
    from cohorte.selection.interviews import team_addresses

    team = team_addresses()
    if not team:
        return
    values = {
        "organisation": organisation.name,
        "name": display_name(user),
        "email": address,
        "domain": domain_of(address),
    }
    queue_email(
        team,
        _("Premier compte pour %(organisation)s") % values,
        _(
            "%(name)s (%(email)s) représente désormais %(organisation)s sur Cohorte : son "
            "adresse vérifiée est sur le domaine %(domain)s de cette administration.\n\n"
            "Si ce domaine ne devait pas lui ouvrir l'accès, retirez-le des domaines de "
            "l'administration et retirez ce compte dans l'administration de Cohorte."
        )
        % values,
    )


def signup_url() -> str:
    """Where an invitee creates their account (then lands on their proposals)."""
    return f"{settings.SITE_URL}{reverse('account_signup')}?next={reverse('projects:dashboard')}"


def clean_invited_email(email: str) -> str:
    """The invited address, checked: a valid work address, lower-case."""
    email = (email or "").strip().lower()
    if not email:
        raise AccountError(_("Indiquez l'adresse électronique professionnelle de votre collègue."))
    try:
        validate_email(email)
    except ValidationError:
        raise AccountError(
            _("« %(email)s » n'est pas une adresse électronique valide.") % {"email": email}
        ) from None
    error = professional_email_error(email)
    if error:
        raise AccountError(error)
    return email


# Every invitation by e-mail counts towards the same limits: an address gets one at a time.
INVITATION_ACTIONS = ("organisation.invitation_sent", "jury_invitation.sent")


def check_invitation_limits(email: str, inviter, now) -> None:
    """Refuse an invitation sent again too soon to the same address (from any organisation
    or jury: nothing tells which), or one too many from the same person in 24 hours."""
    from .models import JuryInvitation

    minutes = settings.ORGANISATION_INVITATION_INTERVAL_MINUTES
    since = now - timedelta(minutes=minutes)
    if (
        OrganisationInvitation.objects.filter(email__iexact=email, created_at__gt=since).exists()
        or JuryInvitation.objects.filter(email__iexact=email, created_at__gt=since).exists()
    ):
        raise TooManyInvitations(
            _(
                "Une invitation a déjà été envoyée à « %(email)s » il y a moins de %(minutes)s "
                "minutes : laissez-lui le temps d'arriver (pensez aux indésirables) avant de "
                "l'envoyer à nouveau."
            )
            % {"email": email, "minutes": minutes}
        )
    per_day = settings.ORGANISATION_INVITATIONS_PER_DAY
    sent = ActivityLog.objects.filter(
        action__in=INVITATION_ACTIONS,
        actor=inviter,
        created_at__gt=now - timedelta(days=1),
    ).count()
    if sent >= per_day:
        raise TooManyInvitations(
            ngettext(
                "Vous avez envoyé %(count)s invitation en 24 heures, le maximum : réessayez "
                "demain, ou écrivez à l'équipe du programme si vous devez inviter plus de "
                "collègues.",
                "Vous avez envoyé %(count)s invitations en 24 heures, le maximum : réessayez "
                "demain, ou écrivez à l'équipe du programme si vous devez inviter plus de "
                "collègues.",
                sent,
            )
            % {"count": sent}
        )


@transaction.atomic
def invite(organisation, email: str, inviter, now=None) -> OrganisationInvitation:
    """A member invites a colleague by work e-mail (sent again when already pending, within
    the rate limits)."""
    now = now or timezone.now()
    if not is_member(inviter, organisation):
        raise AccountError(_("Seuls les membres de cette administration invitent des collègues."))
    email = clean_invited_email(email)
    if (
        OrganisationMember.objects.filter(
            organisation=organisation, user__emailaddress__email__iexact=email
        ).exists()
        or OrganisationMember.objects.filter(
            organisation=organisation, user__email__iexact=email
        ).exists()
    ):
        raise AccountError(
            _("« %(email)s » fait déjà partie de %(organisation)s.")
            % {"email": email, "organisation": organisation.name}
        )
    check_invitation_limits(email, inviter, now)
    invitation = (
        OrganisationInvitation.objects.select_for_update()
        .filter(organisation=organisation, email__iexact=email)
        .first()
    )
    again = invitation is not None
    if invitation is None:
        try:
            with transaction.atomic():
                invitation = OrganisationInvitation.objects.create(
                    organisation=organisation, email=email, invited_by=inviter
                )
        except IntegrityError:  # invited at the same moment by a colleague
            invitation = OrganisationInvitation.objects.get(organisation=organisation, email=email)
            again = True
    if again:
        invitation.invited_by = inviter
        invitation.created_at = now
        invitation.accepted_at = None
        invitation.save(update_fields=["invited_by", "created_at", "accepted_at"])
    record(
        "organisation.invitation_sent", organisation, inviter, invitation=invitation.pk, again=again
    )
    emails.send(
        "organisation_invitation",
        [email],
        {
            "organisation": organisation.name,
            "inviter_name": display_name(inviter),
            "signup_url": signup_url(),
            "site_url": settings.SITE_URL,
            "programme": words.name(),
        },
    )
    return invitation


def pending_invitations(organisation):
    """Invitations not accepted yet, newest first."""
    return organisation.invitations.filter(accepted_at__isnull=True).select_related("invited_by")


@transaction.atomic
def accept_invitations(user, emails_=None, now=None) -> list[OrganisationMember]:
    """Make ``user`` a member of every organisation that invited one of their verified
    addresses (``emails_``: only these); returns the memberships created."""
    from allauth.account.models import EmailAddress

    now = now or timezone.now()
    verified = EmailAddress.objects.filter(user=user, verified=True)
    if emails_ is not None:
        verified = verified.filter(email__in=list(emails_))
    addresses = {e.lower() for e in verified.values_list("email", flat=True)}
    if not addresses:
        return []
    invitations = list(
        OrganisationInvitation.objects.select_for_update(of=("self",))
        .filter(accepted_at__isnull=True)
        .filter(email__in=addresses)
        .select_related("organisation", "invited_by")
    )
    joined = []
    for invitation in invitations:
        invitation.accepted_at = now
        invitation.save(update_fields=["accepted_at"])
        if not is_member(user, invitation.organisation):
            joined.append(_join(invitation.organisation, user, user, "invitation", invitation))
    return joined
