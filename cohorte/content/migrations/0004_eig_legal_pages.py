# A data migration: the EIG instance's legal pages keep their words, now editable.

from django.db import migrations

# What the EIG site's legal pages said of its programme (before, in their templates).
LEGAL_NOTICE = """## Éditeur

Le site du programme Entrepreneurs d'intérêt général est édité par la direction \
interministérielle du numérique (DINUM), 20 avenue de Ségur, 75007 Paris.

Directeur ou directrice de la publication : le directeur ou la directrice \
interministériel·le du numérique.

Contact : [eig@beta.gouv.fr](mailto:eig@beta.gouv.fr)

## Licences et réutilisation

Sauf mention contraire, les textes et les données publiés sur ce site sont réutilisables sous \
[Licence Ouverte 2.0](https://www.etalab.gouv.fr/licence-ouverte-open-licence/). Les \
photographies et les logos restent la propriété de leurs auteurs et ne sont pas couverts par \
cette licence.

## Liens vers ce site

Tout site public ou privé est autorisé à établir, sans autorisation préalable, un lien vers \
les informations diffusées sur ce site.
"""

PRIVACY = """## Responsable du traitement

La direction interministérielle du numérique (DINUM), qui pilote le programme.
"""

ACCESSIBILITY = """La direction interministérielle du numérique (DINUM) s’engage à rendre ses \
sites internet, intranet, extranet et ses progiciels accessibles conformément à l’article 47 \
de la loi n° 2005-102 du 11 février 2005.
"""

EIG_LEGAL_PAGES = {
    "mentions-legales": ("Mentions légales", LEGAL_NOTICE),
    "donnees-personnelles": ("Données personnelles", PRIVACY),
    "accessibilite": ("Déclaration d’accessibilité", ACCESSIBILITY),
}


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
