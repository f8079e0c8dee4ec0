"""The profiles the calls seek, kept by the team in /gestion/configuration/profils/: added,
renamed, journaled; a name already taken is refused and changes nothing."""

import pytest
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.challenges.models import Expertise
from tests.factories import ChallengeFactory, ExpertiseFactory

pytestmark = pytest.mark.django_db
URL = "/gestion/configuration/profils/"


def _state():
    return list(Expertise.objects.values_list("slug", "name")), ActivityLog.objects.count()


def test_the_team_adds_a_profile_and_renames_it(client, team):
    ExpertiseFactory(name="Design", slug="design")
    response = client.post(URL, {"name": "  Science   des données "}, follow=True)
    assert "Le profil est ajouté." in response.content.decode()
    profile = Expertise.objects.get(name="Science des données")
    assert profile.slug == "science-des-donnees"
    entry = ActivityLog.objects.get(action="expertise.created")
    assert (entry.object_id, entry.actor, entry.data) == (
        str(profile.pk), team, {"name": "Science des données"},
    )  # fmt: skip

    edit = reverse("team:config_profile", args=[profile.pk])
    response = client.post(edit, {"name": "Données"}, follow=True)
    assert "Le profil est renommé." in response.content.decode()
    profile.refresh_from_db()
    assert (profile.name, profile.slug) == ("Données", "science-des-donnees")
    assert ActivityLog.objects.get(action="expertise.renamed").data == {
        "before": "Science des données",
        "after": "Données",
    }
    # The same name again changes nothing and journals nothing.
    client.post(edit, {"name": "Données"})
    assert ActivityLog.objects.filter(action="expertise.renamed").count() == 1


def test_the_list_says_how_many_defis_seek_each_profile(client, team):
    design = ExpertiseFactory(name="Design", slug="design")
    ChallengeFactory().expertises.add(design)
    ChallengeFactory().expertises.add(design)
    rows = list(client.get(URL).context["rows"])
    assert [(row.name, row.challenge_count) for row in rows] == [("Design", 2)]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Donnez le nom du profil."),
        ("   ", "Donnez le nom du profil."),
        ("design", "Le profil « design » existe déjà."),
        ("x" * 121, "120 caractères au plus."),
    ],
)
def test_a_bad_name_is_refused_and_changes_nothing(client, team, name, message):
    ExpertiseFactory(name="Design", slug="design")
    before = _state()
    response = client.post(URL, {"name": name})
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert _state() == before


def test_renaming_to_another_profile_s_name_is_refused(client, team):
    ExpertiseFactory(name="Design", slug="design")
    data = ExpertiseFactory(name="Données", slug="donnees")
    before = _state()
    response = client.post(reverse("team:config_profile", args=[data.pk]), {"name": "Design"})
    assert response.status_code == 400
    assert "Le profil « Design » existe déjà." in response.content.decode()
    assert _state() == before
