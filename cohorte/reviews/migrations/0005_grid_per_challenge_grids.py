"""One interview grid per (candidate, défi); criteria about the défi are scored on each.

An existing interview grid becomes the grid of each défi it served: the défis of the
candidate's interviews before the reviewer's panel (else of any of their interviews).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Q


def about_the_challenge(label: str) -> bool:
    label = label.lower()
    return "adéquation" in label and "défi" in label


def per_challenge_grids(apps, schema_editor):
    Criterion = apps.get_model("reviews", "Criterion")
    Review = apps.get_model("reviews", "Review")
    InterviewSlot = apps.get_model("selection", "InterviewSlot")
    flagged = [c.pk for c in Criterion.objects.only("id", "label") if about_the_challenge(c.label)]
    Criterion.objects.filter(pk__in=flagged).update(per_challenge=True)
    grids = Review.objects.filter(
        stage="interview", application__isnull=False, challenge__isnull=True
    ).order_by("pk")
    for review in grids:
        slots = InterviewSlot.objects.filter(
            application_id=review.application_id, challenge__isnull=False
        ).exclude(status="cancelled")
        if review.panel_id:
            sat = slots.filter(panel_id=review.panel_id)
        else:
            sat = slots.filter(
                Q(panel__members=review.reviewer_id) | Q(panel__referee=review.reviewer_id)
            )
        served = sorted(set(sat.values_list("challenge_id", flat=True))) or sorted(
            set(slots.values_list("challenge_id", flat=True))
        )
        if not served:
            continue
        first, *others = served
        Review.objects.filter(pk=review.pk).update(challenge_id=first)
        for challenge_id in others:
            copy = Review.objects.create(
                application_id=review.application_id,
                reviewer_id=review.reviewer_id,
                stage=review.stage,
                panel_id=review.panel_id,
                challenge_id=challenge_id,
                scores=review.scores,
                total=review.total,
                comment=review.comment,
                recommendation=review.recommendation,
            )
            Review.objects.filter(pk=copy.pk).update(
                created_at=review.created_at, updated_at=review.updated_at
            )


def one_grid_per_candidate(apps, schema_editor):
    Review = apps.get_model("reviews", "Review")
    kept = set()
    for review in Review.objects.filter(challenge__isnull=False).order_by("pk"):
        key = (review.application_id, review.reviewer_id, review.stage)
        if key in kept:
            review.delete()
        else:
            kept.add(key)
    Review.objects.filter(challenge__isnull=False).update(challenge=None)


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0006_folded_search_text_of_applications"),
        ("challenges", "0002_folded_search_text_of_challenges"),
        ("projects", "0005_funding_plausible_employer_cost"),
        ("reviews", "0004_admin_labels_config"),
        ("selection", "0006_venue_and_calendar_sequence"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="review",
            name="one_review_per_stage",
        ),
        migrations.AddField(
            model_name="criterion",
            name="per_challenge",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "En audition, ce critère est noté séparément pour chaque défi de la "
                    "personne (par exemple l'adéquation avec le défi) ; les autres critères "
                    "sont saisis une fois et reportés sur ses grilles des autres défis."
                ),
                verbose_name="noté pour chaque défi",
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="challenge",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="interview_grids",
                to="challenges.challenge",
                verbose_name="défi",
            ),
        ),
        migrations.RunPython(per_challenge_grids, one_grid_per_candidate),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.UniqueConstraint(
                condition=models.Q(("challenge__isnull", True)),
                fields=("application", "reviewer", "stage"),
                name="one_review_per_stage",
            ),
        ),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.UniqueConstraint(
                condition=models.Q(("challenge__isnull", False)),
                fields=("application", "reviewer", "stage", "challenge"),
                name="one_review_per_stage_and_challenge",
            ),
        ),
    ]
