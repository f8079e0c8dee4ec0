"""Requests to become the first member of an existing administration, decided by the team.

An organisation already known to Cohorte (imported from the public site, named in a défi)
that nobody represents yet is not given to whoever declares it first: the person needs a
verified address on one of its e-mail domains (``mail_domains``), or the programme team's
approval. ``request_membership`` files the request; the team approves it (the person joins
the organisation) or refuses it with a reason. Each change writes the activity log and
e-mails the person (and the team, for a new request).
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.notifications.domain import queue_email
from cohorte.selection.interviews import team_addresses

from . import mail_domains
from .accounts import AccountError, _join, display_name, domain_of, is_member
from .models import MembershipRequest

MAX_REASON_LENGTH = 2000


def _team_link() -> str:
    return settings.SITE_URL + reverse("memberships:requests")


def _home_link(membership_request) -> str:
    if membership_request.call_id and membership_request.call.kind == "projects":
        return settings.SITE_URL + reverse("projects:new", args=[membership_request.call.slug])
    return settings.SITE_URL + reverse("projects:home")


def pending_message(membership_request) -> str:
    """What the person reads once their request is filed."""
    return _(
        "Votre demande pour représenter « %(organisation)s » est en attente de validation par "
        "l'équipe du programme : vous recevrez un courriel dès qu'elle sera traitée."
    ) % {"organisation": membership_request.organisation.name}


def request_membership(user, organisation, call=None) -> MembershipRequest:
    """File (once) the user's request to act for an organisation; the team is told."""
    with transaction.atomic():
        existing = MembershipRequest.objects.filter(
            organisation=organisation, user=user, status=MembershipRequest.Status.PENDING
        ).first()
        if existing is not None:
            return existing
        if is_member(user, organisation):
            raise AccountError(
                _("Vous représentez déjà %(organisation)s.") % {"organisation": organisation.name}
            )
        try:
            with transaction.atomic():
                membership_request = MembershipRequest.objects.create(
                    organisation=organisation, user=user, call=call
                )
        except IntegrityError:  # the same request sent twice at once
            return MembershipRequest.objects.get(
                organisation=organisation, user=user, status=MembershipRequest.Status.PENDING
            )
        record(
            "organisation.membership_requested",
            organisation,
            user,
            request=membership_request.pk,
            email=user.email,
        )
        values = {
            "organisation": organisation.name,
            "name": display_name(user),
            "email": user.email,
        }
        queue_email(
            [user.email],
            _("Votre demande pour représenter %(organisation)s") % values,
            _(
                "Bonjour,\n\nVous avez demandé à représenter %(organisation)s sur Cohorte pour "
                "proposer des défis en son nom. Cette administration n'a pas encore de compte : "
                "l'équipe du programme vérifie votre demande et vous répondra par courriel.\n\n"
                "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n\n"
                "L'équipe du programme"
            )
            % values,
        )
        team = team_addresses()
        if team:
            domains = mail_domains.domains_of(organisation)
            queue_email(
                team,
                _("Demande de rattachement à %(organisation)s") % values,
                _(
                    "%(name)s (%(email)s) demande à représenter %(organisation)s, qui n'a encore "
                    "aucun compte sur Cohorte.\nDomaines de messagerie connus de cette "
                    "administration : %(domains)s.\n\nAccepter ou refuser la demande : %(link)s"
                )
                % dict(values, domains=", ".join(domains) or _("aucun"), link=_team_link()),
            )
    return membership_request


def _locked_pending(membership_request) -> MembershipRequest:
    locked = (
        MembershipRequest.objects.select_for_update(of=("self",))
        .select_related("organisation", "user", "call")
        .get(pk=membership_request.pk)
    )
    if locked.status != MembershipRequest.Status.PENDING:
        raise AccountError(_("Cette demande a déjà été traitée."))
    return locked


@transaction.atomic
def approve(membership_request, actor, add_domain: bool = False, now=None) -> MembershipRequest:
    """The team accepts: the person joins the organisation (and, when asked, the domain of
    their address becomes one of the organisation's)."""
    now = now or timezone.now()
    locked = _locked_pending(membership_request)
    organisation, user = locked.organisation, locked.user
    if add_domain:
        domain = domain_of(user.email)
        if domain not in mail_domains.domains_of(organisation):
            mail_domains.add_domain(organisation, domain, actor)
    locked.status = MembershipRequest.Status.APPROVED
    locked.decided_at, locked.decided_by = now, actor
    locked.save(update_fields=["status", "decided_at", "decided_by"])
    record("organisation.membership_approved", organisation, actor, request=locked.pk)
    _join(organisation, user, actor, "team_approval")
    values = {"organisation": organisation.name, "link": _home_link(locked)}
    queue_email(
        [user.email],
        _("Vous représentez désormais %(organisation)s") % values,
        _(
            "Bonjour,\n\nL'équipe du programme a accepté votre demande : vous pouvez désormais "
            "proposer des défis au nom de %(organisation)s et inviter vos collègues.\n\n"
            "Proposer un défi : %(link)s\n\nL'équipe du programme"
        )
        % values,
    )
    return locked


@transaction.atomic
def refuse(membership_request, actor, reason: str, now=None) -> MembershipRequest:
    """The team refuses, with a reason the person reads."""
    now = now or timezone.now()
    reason = (reason or "").strip()
    if not reason:
        raise AccountError(_("Indiquez le motif du refus : la personne le recevra par courriel."))
    if len(reason) > MAX_REASON_LENGTH:
        raise AccountError(_("Le motif dépasse %(max)s caractères.") % {"max": MAX_REASON_LENGTH})
    locked = _locked_pending(membership_request)
    locked.status = MembershipRequest.Status.REFUSED
    locked.decided_at, locked.decided_by, locked.reason = now, actor, reason
    locked.save(update_fields=["status", "decided_at", "decided_by", "reason"])
    record("organisation.membership_refused", locked.organisation, actor, request=locked.pk)
    values = {
        "organisation": locked.organisation.name,
        "reason": reason,
        "link": _home_link(locked),
    }
    queue_email(
        [locked.user.email],
        _("Votre demande pour représenter %(organisation)s") % values,
        _(
            "Bonjour,\n\nL'équipe du programme n'a pas accepté votre demande de représenter "
            "%(organisation)s sur Cohorte, pour le motif suivant :\n\n%(reason)s\n\nSi vous "
            "travaillez bien pour cette administration, ajoutez à votre compte votre adresse "
            "électronique professionnelle de l'administration, puis déclarez-la à nouveau en "
            "proposant un défi : %(link)s\n\nL'équipe du programme"
        )
        % values,
    )
    return locked


def requests_of(user):
    """The user's pending and refused requests, newest first (an accepted one is a membership)."""
    return (
        MembershipRequest.objects.filter(user=user)
        .exclude(status=MembershipRequest.Status.APPROVED)
        .select_related("organisation")
        .order_by("-created_at", "-pk")
    )
