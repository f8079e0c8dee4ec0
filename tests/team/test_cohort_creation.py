"""The team creates the next promotion in /gestion/ (not in the Django admin), then its calls."""

import pytest
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.programmes.models import Cohort
from tests.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

URL = "/gestion/configuration/nouvelle-promotion/"


def test_the_address_is_the_configurations():
    assert reverse("team:config_cohort_create") == URL


def test_the_team_creates_a_promotion_then_a_call_for_it(client, team):
    programme = ProgrammeFactory()
    response = client.post(
        URL, {"programme": programme.pk, "name": "EIG  9", "number": "9", "year": "2027"}
    )
    cohort = Cohort.objects.get()
    assert (cohort.name, cohort.slug, cohort.number, cohort.year) == ("EIG 9", "eig-9", 9, 2027)
    assert (cohort.programme, cohort.status) == (programme, Cohort.Status.PLANNED)
    assert response.status_code == 302
    assert response["Location"] == reverse("team:config_create") + f"?promotion={cohort.pk}"
    entry = ActivityLog.objects.get(action="cohort.created")
    assert (entry.actor, entry.object_id) == (team, str(cohort.pk))
    assert entry.data == {"name": "EIG 9", "number": 9, "year": 2027}

    page = client.get(response["Location"]).content.decode()
    assert "La promotion « EIG 9 » est créée : créez maintenant ses appels." in page
    assert f'<option value="{cohort.pk}" selected>EIG 9</option>' in page


def test_number_and_year_are_optional(client, team):
    programme = ProgrammeFactory()
    client.post(URL, {"programme": programme.pk, "name": "Promotion pilote"})
    cohort = Cohort.objects.get()
    assert (cohort.slug, cohort.number, cohort.year) == ("promotion-pilote", None, None)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "Ce champ est obligatoire."),
        ({"name": "EIG 8"}, "Nom de la promotion : une promotion « EIG 8 » existe déjà."),
        ({"name": "!!!"}, "Nom de la promotion : il faut au moins une lettre ou un chiffre."),
        ({"name": "EIG 9", "year": "1990"}, "Assurez-vous que cette valeur est supérieure"),
    ],
)
def test_a_bad_promotion_is_refused_naming_its_field(client, team, data, message):
    programme = ProgrammeFactory()
    CohortFactory(programme=programme, name="EIG 8", slug="eig-8")
    response = client.post(URL, {"programme": programme.pk, **data})
    assert response.status_code == 200
    page = response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
    assert "Rien n’a été enregistré : des points sont à corriger." in page
    assert message in page
    assert Cohort.objects.count() == 1
    assert not ActivityLog.objects.filter(action="cohort.created").exists()


def test_the_call_creation_page_links_to_it(client, team):
    page = client.get(reverse("team:config_create")).content.decode()
    assert f'href="{URL}"' in page
    assert "La promotion n’existe pas encore ? Créer une promotion" in page
