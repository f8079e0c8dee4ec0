# A data migration: the EIG instance's legal pages keep their words, now editable.

from django.db import migrations

# What the EIG site's legal pages said of its programme (before, in their templates).
from cohorte.sitepages.eig_texts import EIG_LEGAL_PAGES


def eig_keeps_its_legal_words(apps, schema_editor):
    """The EIG instance's legal pages say what they said; other instances start generic."""
    Programme = apps.get_model("programmes", "Programme")
    Page = apps.get_model("content", "Page")
    if not Programme.objects.filter(slug="eig").exists():
        return
    for slug, (title, body) in EIG_LEGAL_PAGES.items():
        # A page already at that address is the team's: it is kept.
        Page.objects.get_or_create(slug=slug, defaults={"title": title, "body": body})


class Migration(migrations.Migration):
    dependencies = [
        ("content", "0003_post_kinds_and_offer_closing"),
        ("programmes", "0004_programme_network_and_operator"),
    ]

    operations = [
        migrations.RunPython(eig_keeps_its_legal_words, migrations.RunPython.noop),
    ]
