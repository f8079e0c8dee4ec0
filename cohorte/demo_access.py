"""The demo's running cohort: its mentors without an account have the contact address their
défi's proposal gave, so that the team can invite them from the mentors' accounts page."""

from .people.accounts import mentors_without_account
from .text import make_slug


def mentor_contacts(cohort) -> int:
    """Give the cohort's mentors without an account a (fictional) work address; returns them."""
    people = list(mentors_without_account(cohort).filter(email=""))
    for person in people:
        person.email = f"{make_slug(person.full_name, max_length=60)}@demo.cohorte.local"
        person.save(update_fields=["email"])
    return len(people)
