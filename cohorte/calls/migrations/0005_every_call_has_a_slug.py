"""Every call has a slug: existing calls without one get one from their title."""

from django.db import migrations, models

from cohorte.text import unique_slug

SLUG_LENGTH = 120


def fill_slugs(apps, schema_editor):
    Call = apps.get_model("calls", "Call")
    for call in Call.objects.filter(models.Q(slug__isnull=True) | models.Q(slug="")).order_by(
        "pk"
    ):
        call.slug = unique_slug(Call.objects.exclude(pk=call.pk), call.title, SLUG_LENGTH)
        call.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0004_reminders_and_periodic_runs"),
    ]

    operations = [
        migrations.RunPython(fill_slugs, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="call",
            name="slug",
            field=models.SlugField(
                blank=True,
                help_text="Son adresse : /appels/<identifiant>/. Laissé vide, il est tiré du titre.",
                max_length=120,
                unique=True,
                verbose_name="identifiant",
            ),
        ),
        migrations.AddConstraint(
            model_name="call",
            constraint=models.CheckConstraint(
                condition=models.Q(("slug", ""), _negated=True), name="call_has_a_slug"
            ),
        ),
    ]
