"""E-mails about a proposal: who receives them and the values every template shares."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from cohorte.notifications import emails

from .models import OrganisationMember, Proposal


def member_emails(proposal: Proposal) -> list[str]:
    """Work e-mail addresses of everyone acting for the proposal's administration."""
    return sorted(
        {
            email
            for email in OrganisationMember.objects.filter(
                organisation_id=proposal.organisation_id
            ).values_list("user__email", flat=True)
            if email
        }
    )


def _url(name: str, *args) -> str:
    try:
        return settings.SITE_URL + reverse(name, args=args)
    except NoReverseMatch:  # an area not installed: the site's home still helps
        return settings.SITE_URL


def dashboard_url(proposal: Proposal) -> str:
    """The administration's page of this proposal."""
    return _url("projects:proposal", proposal.pk)


def team_url(proposal: Proposal) -> str:
    """The pre-instruction page of this proposal."""
    return _url("instruction:proposal", proposal.pk)


def values(proposal: Proposal, **extra) -> dict[str, object]:
    """The placeholders shared by every proposal e-mail, plus ``extra``."""
    return {
        "proposal_title": proposal.display_name,
        "organisation": proposal.organisation.name,
        "call_title": proposal.call.title,
        "site_url": settings.SITE_URL,
        "dashboard_url": dashboard_url(proposal),
        **extra,
    }


def to_administration(key: str, proposal: Proposal, attachments=None, **extra):
    """Send a template to every member of the proposal's administration (None if nobody)."""
    recipients = member_emails(proposal)
    if not recipients:
        return None
    return emails.send(
        key, recipients, values(proposal, **extra), call=proposal.call, attachments=attachments
    )
