"""The e-mail domains of an organisation (justice.gouv.fr), kept by the programme team.

A person whose verified address is on one of these domains may become the first member
of an existing organisation without the team's approval (``accounts.declare_organisation``).
A domain matches exactly: "justice.gouv.fr" does not admit "x@dap.justice.gouv.fr", which
the team adds when it is one. Personal mailbox providers (gmail.com...) are never accepted.
"""

import re

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.organisations.models import OrganisationDomain

from .accounts import AccountError, domain_of, is_consumer_domain

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def clean_domain(value: str) -> str:
    """A domain as typed ("@Justice.gouv.fr "), checked and lower-case; AccountError if not one."""
    domain = (value or "").strip().lower().lstrip("@").rstrip(".")
    if not domain:
        raise AccountError(_("Indiquez un domaine de messagerie, par exemple justice.gouv.fr."))
    try:
        domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        domain = ""
    labels = domain.split(".")
    if (
        len(labels) < 2
        or len(domain) > 253
        or not all(_LABEL.match(label) for label in labels)
        or labels[-1].isdigit()  # an IP address
    ):
        raise AccountError(
            _("« %(value)s » n'est pas un domaine de messagerie (par exemple justice.gouv.fr).")
            % {"value": value.strip()}
        )
    if is_consumer_domain(domain):
        raise AccountError(
            _(
                "« %(domain)s » est une messagerie personnelle : n'importe qui peut y ouvrir une "
                "adresse, ce domaine ne prouve pas l'appartenance à une administration."
            )
            % {"domain": domain}
        )
    return domain


def domains_of(organisation) -> list[str]:
    """The organisation's e-mail domains, sorted."""
    return list(organisation.email_domains.order_by("domain").values_list("domain", flat=True))


def matching_address(user, organisation) -> str:
    """A verified address of ``user`` on one of the organisation's domains ("" when none)."""
    from allauth.account.models import EmailAddress

    domains = set(domains_of(organisation))
    if not domains:
        return ""
    for email in (
        EmailAddress.objects.filter(user=user, verified=True)
        .order_by("-primary", "pk")
        .values_list("email", flat=True)
    ):
        if domain_of(email) in domains:
            return email
    return ""


@transaction.atomic
def add_domain(organisation, value: str, actor) -> OrganisationDomain:
    """The team adds an e-mail domain to an organisation (refused when it has it already)."""
    domain = clean_domain(value)
    try:
        with transaction.atomic():
            row = OrganisationDomain.objects.create(organisation=organisation, domain=domain)
    except IntegrityError:
        raise AccountError(
            _("« %(domain)s » est déjà un domaine de %(organisation)s.")
            % {"domain": domain, "organisation": organisation.name}
        ) from None
    record("organisation.domain_added", organisation, actor, domain=domain)
    return row


@transaction.atomic
def remove_domain(row: OrganisationDomain, actor) -> None:
    """The team removes an e-mail domain from its organisation."""
    record("organisation.domain_removed", row.organisation, actor, domain=row.domain)
    row.delete()
