"""The public data, as the open data package and the public API both publish it.

One query per resource (plus fixed prefetches): the export and ``/api/v1/`` read the same
rows, and the key figures are those of the home page (``public.queries.key_figures``).
Nothing here is personal beyond what the public site shows: people only when they agreed
to appear (``Person.is_public``), their career only with ``AlumniProfile.path_public``; a
défi's sustainment state but never the team's verdict nor notes.
"""

from django.db.models import Case, Exists, OuterRef, Prefetch, Q, When

from cohorte.alumni import paths
from cohorte.challenges.models import Challenge, ChallengeLink
from cohorte.organisations.models import Organisation
from cohorte.outcomes import states
from cohorte.people.models import Person, Role
from cohorte.public import queries as public_queries


def challenges():
    """Public défis with their promotion, administrations, themes, links, figures and state."""
    return (
        Challenge.objects.public()
        .select_related("cohort", "host_organisation", "funding_organisation")
        .prefetch_related(
            "partner_organisations",
            "themes",
            "key_figures",
            "achievements",
            Prefetch("links", queryset=ChallengeLink.objects.order_by("kind", "pk")),
        )
        .annotate(
            after_state=states.latest(field="state"),
            after_by=states.latest(field="by"),
            after_since=states.latest(field="since"),
            after_product_url=states.latest(field="product_url"),
        )
        .order_by("-cohort__year", "-cohort__number", "slug")
    )


def cohorts():
    """Every promotion with its numbers of public défis and of EIG."""
    return public_queries.cohort_summaries().select_related("programme")


def organisations():
    """Administrations that host, fund or partner a public défi."""
    public = Challenge.objects.public()
    return (
        Organisation.objects.filter(
            Exists(public.filter(host_organisation=OuterRef("pk")))
            | Exists(public.filter(funding_organisation=OuterRef("pk")))
            | Exists(public.filter(partner_organisations=OuterRef("pk")))
        )
        .select_related("parent")
        .order_by("slug")
    )


def public_roles():
    """Roles of public people, each défi given only when it is public."""
    return (
        Role.objects.filter(person__is_public=True)
        .select_related("person", "cohort", "challenge")
        .order_by("person__slug", "cohort__year", "kind", "pk")
    )


def people():
    """Public people with their roles and, only with their consent, their current situation."""
    consented = Q(alumni_profile__path_public=True)
    return (
        Person.objects.public()
        .prefetch_related(
            Prefetch(
                "roles",
                queryset=Role.objects.select_related("cohort", "challenge").order_by(
                    "cohort__year", "kind", "pk"
                ),
            )
        )
        .annotate(
            career_situation=Case(When(consented, then=paths.latest(field="situation"))),
            career_organisation=Case(When(consented, then=paths.latest(field="organisation"))),
        )
        .order_by("slug")
    )


def posts():
    """Published public posts (metadata only), newest first."""
    return public_queries.post_cards()


def key_figures() -> dict[str, int]:
    """The programme's key figures: the very function the home page uses."""
    return public_queries.key_figures()
