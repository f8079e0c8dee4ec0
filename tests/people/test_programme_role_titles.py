"""The mentors' titles are the programme's: set in /gestion/parametres/, they agree with each
person; left empty, the usual French titles stand."""

import pytest

from cohorte.accounts.roles import add_to_team
from cohorte.audit.models import ActivityLog
from cohorte.people.grammar import Form, role_title
from cohorte.people.models import Role
from cohorte.programmes.settings_forms import FIELDS
from tests.factories import PersonFactory, ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db
TITLES = {
    "operational_mentor_feminine": "tutrice",
    "operational_mentor_masculine": "tuteur",
    "operational_mentor_neutral": "tuteur·rice",
}


def test_without_titles_of_its_own_a_programme_keeps_the_usual_ones():
    ProgrammeFactory()
    assert role_title("operational_mentor", Form.FEMININE) == "mentore opérationnelle"
    assert role_title("senior_mentor", "") == "mentor·e de haut niveau"
    assert role_title("jury", Form.FEMININE) is None


def test_the_team_names_its_mentors_and_each_title_agrees(client):
    programme = ProgrammeFactory()
    team = UserFactory(username="equipe")
    add_to_team(team)
    client.force_login(team)
    form = client.get("/gestion/parametres/").context["form"]
    data = {name: form[name].value() or "" for name in FIELDS} | TITLES

    assert client.post("/gestion/parametres/", data).status_code == 302

    entry = ActivityLog.objects.get(action="programme.updated", object_id=str(programme.pk))
    assert entry.data["changes"]["operational_mentor_feminine"] == {
        "before": "",
        "after": "tutrice",
    }
    claire = PersonFactory(full_name="Claire Dubois", form=Form.FEMININE)
    sam = PersonFactory(full_name="Sam Leroy", form="")
    titles = [
        Role.objects.create(person=person, kind=Role.Kind.OPERATIONAL_MENTOR).label
        for person in (claire, sam)
    ]
    assert titles == ["tutrice", "tuteur·rice"]
    # The senior mentors keep the usual titles: the programme left them empty.
    assert role_title("senior_mentor", Form.MASCULINE) == "mentor de haut niveau"
