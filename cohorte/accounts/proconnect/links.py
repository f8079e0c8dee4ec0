"""The activity log of ProConnect on Cohorte accounts: who was linked or created by it."""

from cohorte.audit.domain import record

LINKED = "account.proconnect_linked"
SIGNED_UP = "account.proconnect_signed_up"


def _proconnect(sociallogin) -> bool:
    return sociallogin is not None and sociallogin.account.provider == "proconnect"


def record_link(sender, request=None, sociallogin=None, **kwargs):
    """An existing account linked to a ProConnect identity (by its verified address)."""
    if _proconnect(sociallogin):
        user = sociallogin.user
        record(LINKED, user, actor=user, uid=sociallogin.account.uid)


def record_signup(sender, request=None, user=None, sociallogin=None, **kwargs):
    """An account created by a first ProConnect sign-in."""
    if _proconnect(sociallogin):
        record(SIGNED_UP, user, actor=user, uid=sociallogin.account.uid)
