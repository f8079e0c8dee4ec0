"""Each audition keeps the phase lengths it was scheduled with, filled from the current
settings of its call (the deliberation absorbing any difference with its stored length)."""

from django.db import migrations, models

KEYS = ("alignment", "pitch", "questions", "deliberation")
DEFAULTS = {"alignment": 5, "pitch": 10, "questions": 20, "deliberation": 10}


def fill_phases(apps, schema_editor):
    Audition = apps.get_model("projects", "Audition")
    ProjectCallSettings = apps.get_model("projects", "ProjectCallSettings")
    settings = {s.call_id: s for s in ProjectCallSettings.objects.all()}
    for audition in Audition.objects.select_related("panel"):
        found = settings.get(audition.panel.call_id)
        lengths = {
            k: getattr(found, f"{k}_minutes") if found else DEFAULTS[k] for k in KEYS
        }
        others = sum(lengths.values()) - lengths["deliberation"]
        lengths["deliberation"] = max(audition.duration_minutes - others, 0)
        audition.phase_minutes = lengths
        audition.save(update_fields=["phase_minutes"])


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0006_admin_labels_config'),
        ('selection', '0006_venue_and_calendar_sequence'),
    ]

    operations = [
        migrations.AddField(
            model_name='audition',
            name='phase_minutes',
            field=models.JSONField(default=dict, verbose_name='durée de chaque phase (minutes)'),
        ),
        migrations.RunPython(fill_phases, migrations.RunPython.noop),
    ]
