"""Exit survey figures for the impact pages."""

from django.db.models import Count

from .models import Invitation, Response


def answer_counts(cohort_ids) -> dict[int, tuple[int, int]]:
    """{cohort_id: (responses, invitations)} for the given cohorts, one query each count;
    a cohort without any survey sent is absent."""
    ids = list(cohort_ids)
    invitations = dict(
        Invitation.objects.filter(survey__cohort_id__in=ids)
        .values("survey__cohort_id")
        .annotate(n=Count("pk"))
        .values_list("survey__cohort_id", "n")
    )
    responses = dict(
        Response.objects.filter(survey__cohort_id__in=ids)
        .values("survey__cohort_id")
        .annotate(n=Count("pk"))
        .values_list("survey__cohort_id", "n")
    )
    return {pk: (responses.get(pk, 0), invitations[pk]) for pk in ids if pk in invitations}
