"""Invitations accepted when a person signs in or verifies an address (allauth signals)."""

from .accounts import accept_invitations
from .jury_invitations import accept_jury_invitations

ACCEPT = (accept_invitations, accept_jury_invitations)


def on_user_logged_in(sender, request=None, user=None, **kwargs):
    """A user signing in joins the administrations and the défi jury pools that invited them."""
    if user is not None:
        for accept in ACCEPT:
            accept(user)


def on_email_confirmed(sender, request=None, email_address=None, **kwargs):
    """An address just verified joins what invited it."""
    if email_address is not None:
        for accept in ACCEPT:
            accept(email_address.user, [email_address.email])
