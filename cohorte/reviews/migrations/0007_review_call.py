import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def write_calls(apps, schema_editor):
    """Each existing review gets the call of its application or proposal."""
    Review = apps.get_model("reviews", "Review")
    Application = apps.get_model("calls", "Application")
    Proposal = apps.get_model("projects", "Proposal")
    Review.objects.filter(application__isnull=False).update(
        call_id=Subquery(Application.objects.filter(pk=OuterRef("application_id")).values("call_id"))
    )
    Review.objects.filter(proposal__isnull=False).update(
        call_id=Subquery(Proposal.objects.filter(pk=OuterRef("proposal_id")).values("call_id"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0008_application_sort_name"),
        ("projects", "0009_labels_without_eig"),
        ("reviews", "0006_review_figures_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="review",
            name="call",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="calls.call",
            ),
        ),
        migrations.RunPython(write_calls, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="review",
            index=models.Index(fields=["call", "reviewer"], name="review_call_reviewer"),
        ),
    ]
