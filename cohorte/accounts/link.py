"""The EIG Link support fellows: who they are, adding and removing one (audited, e-mailed)."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.notifications.domain import queue_email
from cohorte.programme_words import of, to
from cohorte.programmes import identity

from .roles import LINK_GROUP, add_to_link, is_link, is_team, remove_from_link


def members():
    """The EIG Link support fellows, by name."""
    return (
        get_user_model()
        .objects.filter(groups__name=LINK_GROUP)
        .order_by("last_name", "first_name", "email", "pk")
    )


def display(user) -> str:
    """How the pages and e-mails name a user: full name, else the address."""
    return user.get_full_name() or user.email or user.get_username()


def account_for(email: str):
    """The active account using this address (primary, or verified), else None."""
    email = (email or "").strip()
    if not email:
        return None
    users = get_user_model().objects.filter(is_active=True)
    return (
        users.filter(
            Q(email__iexact=email)
            | Q(emailaddress__email__iexact=email, emailaddress__verified=True)
        )
        .distinct()
        .order_by("pk")
        .first()
    )


def _tell(user, subject: str, body: str) -> None:
    if user.email:
        queue_email([user.email], subject, body)


@transaction.atomic
def add(email: str, actor):
    """Make the account using ``email`` an EIG Link support fellow; refused with a message."""
    if not (email or "").strip():
        raise ValidationError(_("Indiquez l’adresse e-mail d’un compte existant."))
    user = account_for(email)
    if user is None:
        raise ValidationError(_("Aucun compte actif n’utilise cette adresse e-mail."))
    words = identity.current()
    if is_team(user):
        raise ValidationError(
            _("%(name)s fait partie de l’équipe du programme : %(network)s ne lui apporte rien.")
            % {"name": display(user), "network": words.network}
        )
    if is_link(user):
        raise ValidationError(
            _("%(name)s fait déjà partie %(of_network)s.")
            % {"name": display(user), "of_network": of(words.network)}
        )
    add_to_link(user)
    record("link.added", user, actor=actor)
    _tell(
        user,
        _("Vous rejoignez %(network)s sur Cohorte") % {"network": words.network},
        _(
            "Bonjour,\n\nL’équipe du programme vous a ajouté(e) %(to_network)s : vous pouvez "
            "désormais animer le programme d’accompagnement, le suivi et les bulletins des "
            "promotions en cours.\n\nVotre espace : %(link)s\n\n%(signature)s"
        )
        % {
            "to_network": to(words.network),
            "link": settings.SITE_URL + reverse("accounts:home"),
            "signature": words.signature,
        },
    )
    return user


@transaction.atomic
def remove(user, actor) -> None:
    """Take ``user`` out of EIG Link; refused when they are not a member."""
    words = identity.current()
    if not is_link(user):
        raise ValidationError(
            _("%(name)s ne fait pas partie %(of_network)s.")
            % {"name": display(user), "of_network": of(words.network)}
        )
    remove_from_link(user)
    record("link.removed", user, actor=actor)
    _tell(
        user,
        _("Vous ne faites plus partie %(of_network)s sur Cohorte")
        % {"of_network": of(words.network)},
        _(
            "Bonjour,\n\nL’équipe du programme vous a retiré(e) %(of_network)s : vous n’animez "
            "plus le suivi des promotions en cours sur Cohorte. Votre compte reste ouvert.\n\n"
            "%(signature)s"
        )
        % {"of_network": of(words.network), "signature": words.signature},
    )
