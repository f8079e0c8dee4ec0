"""The lists of fellows' paths, filtered and sorted in the database."""

from django.db.models import Count, F, OuterRef, Prefetch, Subquery

from cohorte.people.models import Person, Role
from cohorte.programmes.models import Cohort
from cohorte.search import matching

from .models import Situation
from .paths import latest, public_path_filter

FELLOW = Role.Kind.FELLOW
# Sort keys of the team's list: (label key) -> database ordering.
SORTS = {
    "nom": ("full_name",),
    "promotion": ("first_cohort_year", "full_name"),
    "situation": ("current_situation", "full_name"),
    "depuis": ("current_since", "full_name"),
}


def fellow_ids(cohort=None, finished_only=False):
    """Subquery of the people who are fellows (of ``cohort``, or of a finished cohort)."""
    roles = Role.objects.filter(kind=FELLOW, cohort__isnull=False)
    if cohort is not None:
        roles = roles.filter(cohort=cohort)
    if finished_only:
        roles = roles.filter(cohort__status=Cohort.Status.FINISHED)
    return roles.values("person_id")


def with_current(people):
    """People with their current step's situation, organisation, job title and start."""
    return people.annotate(
        current_situation=latest(),
        current_organisation=latest(field="organisation"),
        current_job_title=latest(field="job_title"),
        current_since=latest(field="since"),
    ).prefetch_related(
        Prefetch(
            "roles",
            queryset=Role.objects.filter(kind=FELLOW, cohort__isnull=False)
            .select_related("cohort", "challenge")
            .order_by(F("cohort__start_date").asc(nulls_last=True), "cohort__name"),
            to_attr="fellow_roles",
        )
    )


def _filtered(people, filters):
    if filters.get("q"):
        people = matching(people, filters["q"])
    if filters.get("promotion"):
        people = people.filter(pk__in=fellow_ids(cohort=filters["promotion"]))
    situation = filters.get("situation")
    if situation == "none":
        people = people.filter(current_situation__isnull=True)
    elif situation:
        people = people.filter(current_situation=situation)
    return people


def team_list(filters: dict, sort: str):
    """Fellows of finished cohorts with their current situation, for the team."""
    people = Person.objects.filter(pk__in=fellow_ids(finished_only=True))
    people = with_current(people).annotate(
        first_cohort_year=first_cohort_year(),
    )
    people = _filtered(people, filters)
    key = sort.lstrip("-")
    fields = SORTS[key]
    first = (
        F(fields[0]).desc(nulls_last=True)
        if sort.startswith("-")
        else F(fields[0]).asc(nulls_last=True)
    )
    return people.order_by(first, *fields[1:], "pk")


def first_cohort_year():
    """Subquery: the year of the person's first cohort as a fellow."""
    return Subquery(
        Role.objects.filter(person=OuterRef("pk"), kind=FELLOW, cohort__isnull=False)
        .order_by(F("cohort__year").asc(nulls_last=True), "cohort__name")
        .values("cohort__year")[:1]
    )


def directory(filters: dict):
    """Fellows who chose to appear in the alumni directory, by name."""
    people = Person.objects.filter(
        pk__in=fellow_ids(), alumni_profile__in_directory=True
    ).select_related("alumni_profile")
    return _filtered(with_current(people), filters).order_by("full_name", "pk")


def public_people():
    """Public fellows who agreed to show their path and have one, by name."""
    people = Person.objects.filter(public_path_filter(), pk__in=fellow_ids())
    return with_current(people).filter(current_situation__isnull=False).order_by("full_name", "pk")


def public_counts(people) -> list[tuple[str, int]]:
    """(situation label, number of people) for each situation, in the situations' order."""
    counts = dict(people.order_by().values_list("current_situation").annotate(n=Count("pk")))
    return [(label, counts[value]) for value, label in Situation.choices if counts.get(value)]
