"""Accounts of each staff kind, for the tests of what staff sessions must do."""

from cohorte.accounts.roles import add_to_preinstruction, add_to_team
from tests.factories import UserFactory

STAFF_KINDS = ("team", "director", "preinstructor", "superuser")


def staff(kind):
    """A new account of that kind (see STAFF_KINDS); any other kind is a plain account."""
    user = UserFactory(username=kind)
    if kind == "team":
        add_to_team(user)
    elif kind == "director":
        add_to_team(user, director=True)
    elif kind == "preinstructor":
        add_to_preinstruction(user)
    elif kind == "superuser":
        user.is_staff = user.is_superuser = True
        user.save()
    return user
