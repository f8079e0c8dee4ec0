"""Who this instance is: its programme's name, "bloc marque", tagline and contacts.

Every page shows them, so they are read once per process and kept in memory: saving the
programme refreshes them at once in this process, and other processes read them again after
``PROGRAMME_IDENTITY_SECONDS``. Before any programme exists (a new instance before its
setup) the settings' defaults stand in.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.db.models.signals import post_delete, post_save

# How the EIG programme presents itself: its instance's programme starts with these.
EIG_IDENTITY = {
    "tagline": "Un programme de la direction interministérielle du numérique",
    "operator": "la direction interministérielle du numérique (DINUM)",
    "fellow_singular": "EIG",
    "fellow_plural": "EIG",
    "contact_email": "eig@beta.gouv.fr",
    "network_name": "EIG Link",
    "operator_legal_name": "Direction interministérielle du numérique (DINUM)",
    "operator_url": "https://www.numerique.gouv.fr/",
    "operator_address": "20 avenue de Ségur\n75007 Paris",
}


# The role kinds whose titles a programme may set, in the forms a title agrees in.
ROLE_KINDS = ("operational_mentor", "senior_mentor")
ROLE_FORMS = ("feminine", "masculine", "neutral")


@dataclass(frozen=True)
class Identity:
    name: str
    short_name: str
    brand: tuple[str, ...]
    tagline: str
    operator: str
    fellow_singular: str
    fellow_plural: str
    contact_email: str
    network_name: str = ""
    operator_legal_name: str = ""
    operator_url: str = ""
    operator_address: tuple[str, ...] = ()
    # (role kind, grammatical form) -> the programme's own title, for those it sets.
    role_titles: tuple[tuple[tuple[str, str], str], ...] = ()
    pk: int | None = None

    def role_title(self, kind: str, form: str) -> str:
        """The programme's title for a role kind in a form, or empty when it sets none."""
        return dict(self.role_titles).get((kind, form), "")

    @property
    def network(self) -> str:
        """The alumni network's name, or the generic words when the programme gives none."""
        from django.utils.translation import gettext

        return self.network_name or gettext("le réseau des ancien·nes")

    @property
    def signature(self) -> str:
        """How the team signs its e-mails: « L’équipe du programme EIG »."""
        from django.utils.translation import gettext

        return gettext("L’équipe du programme %(name)s") % {"name": self.short_name or self.name}


# What a new instance says of itself until its setup names its programme: nobody's name.
NEW_INSTANCE = Identity(
    name="Cohorte",
    short_name="Cohorte",
    brand=("République", "Française"),
    tagline="Installation d’une nouvelle instance",
    operator="",
    fellow_singular="lauréat·e",
    fellow_plural="lauréat·es",
    contact_email="",
)


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def default_identity() -> Identity:
    """What the settings say, for an instance that has no programme yet."""
    return Identity(
        name=getattr(settings, "COHORTE_SITE_NAME", "Entrepreneurs d'intérêt général"),
        short_name=getattr(settings, "COHORTE_SITE_SHORT_NAME", "EIG"),
        brand=("République", "Française"),
        tagline=getattr(settings, "COHORTE_SITE_TAGLINE", EIG_IDENTITY["tagline"]),
        operator=EIG_IDENTITY["operator"],
        fellow_singular=EIG_IDENTITY["fellow_singular"],
        fellow_plural=EIG_IDENTITY["fellow_plural"],
        contact_email=getattr(settings, "COHORTE_CONTACT_EMAIL", EIG_IDENTITY["contact_email"]),
        network_name=EIG_IDENTITY["network_name"],
        operator_legal_name=EIG_IDENTITY["operator_legal_name"],
        operator_url=EIG_IDENTITY["operator_url"],
        operator_address=_lines(EIG_IDENTITY["operator_address"]),
    )


def identity_of(programme) -> Identity:
    """The identity a programme gives the site."""
    return Identity(
        name=programme.name,
        short_name=programme.short_name,
        brand=_lines(programme.brand),
        tagline=programme.tagline,
        operator=programme.operator,
        fellow_singular=programme.fellow_singular,
        fellow_plural=programme.fellow_plural,
        contact_email=programme.contact_email,
        network_name=programme.network_name,
        operator_legal_name=programme.operator_legal_name,
        operator_url=programme.operator_url,
        operator_address=_lines(programme.operator_address),
        role_titles=tuple(
            ((kind, form), title)
            for kind in ROLE_KINDS
            for form in ROLE_FORMS
            if (title := getattr(programme, f"{kind}_{form}").strip())
        ),
        pk=programme.pk,
    )


# (identity, monotonic time after which it is read again, or None for never)
_memo: tuple[Identity, float | None] | None = None


def _lifetime() -> float | None:
    seconds = getattr(settings, "PROGRAMME_IDENTITY_SECONDS", 60)
    return None if seconds is None else time.monotonic() + seconds


def current() -> Identity:
    """The instance's identity: its first programme's, or the defaults before there is one."""
    global _memo
    memo = _memo
    if memo is not None and (memo[1] is None or time.monotonic() < memo[1]):
        return memo[0]
    from django.db import OperationalError, ProgrammingError

    from .models import Programme

    try:
        programme = Programme.objects.order_by("pk").first()
    except (OperationalError, ProgrammingError):
        # No table yet: ``manage.py check`` builds the API schema before the first migrate.
        return default_identity()
    identity = identity_of(programme) if programme else default_identity()
    _memo = (identity, _lifetime())
    return identity


def last_known() -> Identity:
    """The identity this process last read, without the database; the defaults if none."""
    memo = _memo
    return memo[0] if memo is not None else default_identity()


def forget(*, no_programme: bool = False) -> None:
    """Read the identity again on next use; ``no_programme`` knows the database is empty."""
    global _memo
    _memo = (default_identity(), None) if no_programme else None


def _saved(sender, instance, **kwargs):
    global _memo
    memo = _memo
    if memo is None or memo[0].pk is None or instance.pk <= memo[0].pk:
        _memo = (identity_of(instance), memo[1] if memo else _lifetime())


def _deleted(sender, instance, **kwargs):
    forget()


def connect() -> None:
    """Keep this process's identity in step with the programme's saves."""
    from .models import Programme

    post_save.connect(_saved, sender=Programme, dispatch_uid="programme-identity-saved")
    post_delete.connect(_deleted, sender=Programme, dispatch_uid="programme-identity-deleted")
