"""Another programme's instance speaks its own words (issue #15, §2): its work areas, e-mails,
exports, API and open data never say « EIG », « intérêt général » nor « Etalab », and say the
programme's own words where EIG's were."""

import csv
import datetime
import html
import io
import json
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from cohorte import programme_words as words
from cohorte.accounts.roles import add_to_team
from cohorte.notifications.models import OutboxMessage
from cohorte.opendata import package
from cohorte.people import accounts as people_accounts
from cohorte.people.models import Role
from cohorte.programmes import identity
from cohorte.projects import accounts as project_accounts
from cohorte.projects.models import JuryPoolMember
from cohorte.recruitment import reminders
from tests.factories import (
    CohortFactory,
    PersonFactory,
    ProgrammeFactory,
    RoleFactory,
    UserFactory,
)
from tests.recruitment.conftest import recruitment  # noqa: F401 - the recruitment fixture

pytestmark = pytest.mark.django_db

FORBIDDEN = ("EIG", "intérêt général", "Etalab")
# The work menu is cohorte/accounts/menu.py's, whose own tests speak for it.
WORK_MENU = re.compile(r'<nav class="fr-sidemenu" id="menu-espace".*?</nav>', re.S)


@pytest.fixture(autouse=True)
def talents(db):
    """The instance's programme, made before any other: the factories' cohorts join it."""
    programme = ProgrammeFactory(
        name="Talents du numérique",
        short_name="TDN",
        fellow_singular="talent",
        fellow_plural="talents",
        operator="le ministère de la Culture",
        operator_legal_name="Ministère de la Culture",
        network_name="Réseau Talents",
        tagline="Des talents du numérique au service de la culture",
        description="Des talents du **numérique** dans les musées et les archives.",
        contact_email="talents@culture.gouv.fr",
        brand="Ministère\nde la Culture",
    )
    identity.forget()
    yield programme
    identity.forget()


def speaks_its_words(text: str, where: str) -> str:
    for word in FORBIDDEN:
        at = text.find(word)
        assert at < 0, f"« {word} » in {where}: …{text[max(at - 80, 0) : at + 80]}…"
    return text


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return speaks_its_words(WORK_MENU.sub("", html.unescape(response.content.decode())), url)


def streamed(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_public_pages(client):
    CohortFactory()
    home = page(client, "/")
    assert "Talents du numérique" in home and "Devenir talent" in home
    assert "relever un défi au sein d’une administration" in page(client, "/appels/")
    assert "candidatez pour devenir talent" in page(client, "/appels/")
    assert "Talents par promotion" in page(client, reverse("impact:public"))
    data = page(client, reverse("opendata:package"))
    assert "Les données publiques du programme Talents du numérique" in data
    assert "Nombre de talents prévus." in data


def test_the_server_error_page_uses_the_settings_defaults_only(settings, rf):
    from cohorte.public.views.errors import server_error

    settings.COHORTE_SITE_NAME = "Talents du numérique"
    body = server_error(rf.get("/")).content.decode()
    assert "<title>Erreur inattendue — Talents du numérique</title>" in body
    assert "intérêt général" not in body


def test_the_administration_proposal_and_its_instruction(client, project_world):
    client.force_login(project_world.admin_user)
    proposal = page(client, reverse("projects:proposal", args=[project_world.proposal.pk]))
    assert "Les talents recherchés" in proposal
    assert "Pourquoi le programme TDN ?" in proposal
    assert "Nombre de talents demandés" in proposal
    home = page(client, reverse("projects:home"))
    assert "les défis que les talents relèveront" in home
    client.force_login(project_world.team)
    page(client, reverse("instruction:call", args=[project_world.call.pk]))
    selection = page(client, reverse("project_decisions:selection", args=[project_world.call.pk]))
    assert "tous les talents dans la tranche" in selection


def test_the_exports_name_the_fellows(client, project_world):
    client.force_login(project_world.team)
    url = reverse("project_decisions:export", args=[project_world.call.pk, "defis", "csv"])
    response = client.get(url)
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    speaks_its_words(disposition, "the export's file name")
    text = streamed(response)
    header = next(csv.reader(io.StringIO(text)))
    assert "Talents" in header
    speaks_its_words(text, "the défis export")


def test_the_recruitment_pages_and_reminder(client, recruitment):  # noqa: F811
    client.force_login(recruitment.users["team"])
    cohort = page(client, reverse("recruitment:cohort", args=[recruitment.cohort.pk]))
    assert "Relancer les administrations des talents cochés" in cohort
    assert "Nom du talent" in cohort
    page(client, reverse("recruitment:cohorts"))
    page(client, reverse("recruitment:items", args=[recruitment.cohort.pk]))
    cofunding = page(client, reverse("recruitment:cofunding", args=[recruitment.cohort.pk]))
    assert ">Talents<" in cofunding
    export = client.get(
        reverse("recruitment:cofunding_export", args=[recruitment.cohort.pk, "csv"])
    )
    assert next(csv.reader(io.StringIO(streamed(export))))[0] == "Talents"
    client.force_login(recruitment.users["host"])
    fellows = page(client, reverse("recruitment:fellows"))
    assert "Recrutement de vos talents" in fellows
    page(client, reverse("recruitment:fellow", args=[recruitment.fellow.pk]))

    reminders.remind(recruitment.cohort, [recruitment.fellow.pk], recruitment.users["team"])
    [message] = OutboxMessage.objects.all()
    speaks_its_words(message.subject + message.body, "the recruitment reminder")
    assert "recrutement de vos talents à compléter" in message.subject


def test_the_emails_of_invitations(project_world):
    cohort = CohortFactory()
    mentor = PersonFactory(full_name="Dominique Petit", email="dominique.petit@culture.gouv.fr")
    RoleFactory(person=mentor, cohort=cohort, kind=Role.Kind.OPERATIONAL_MENTOR)
    people_accounts.invite_mentors(cohort, project_world.team)
    project_accounts.invite(
        project_world.organisation, "claude.martin@interieur.gouv.fr", project_world.admin_user
    )
    messages = list(OutboxMessage.objects.order_by("pk"))
    assert len(messages) == 2
    for message in messages:
        speaks_its_words(message.subject + message.body, message.subject)
    mentors, organisation = messages
    assert mentors.subject == "Créez votre compte Cohorte pour suivre votre défi TDN"
    assert "du programme Talents du numérique" in mentors.body
    assert "suivre votre défi et ses talents" in mentors.body
    assert mentors.body.endswith("L’équipe du programme TDN")
    assert "au programme Talents du numérique." in organisation.body


def test_the_work_areas_of_events_surveys_impact_and_alumni(client):
    team = UserFactory(username="equipe")
    add_to_team(team)
    cohort = CohortFactory(status="running")
    client.force_login(team)
    page(client, reverse("impact:team"))
    page(client, reverse("surveys:home"))
    event_form = page(client, reverse("events:create", args=[cohort.pk]))
    assert "Aucun coché : tous les profils de talents." in event_form
    assert ">Talents et mentors<" in event_form.replace("\n", "").replace("  ", "")


def test_the_team_s_configuration_forms(client, project_world):
    client.force_login(project_world.team)
    cohort_form = page(client, reverse("team:config_cohort_create"))
    assert "Par exemple : « TDN 9 »." in cohort_form
    call_form = page(client, reverse("team:config_create"))
    assert "les candidatures des futurs talents." in call_form
    assert "Par exemple : « Appel à candidatures TDN 8 »." in call_form
    project = page(client, reverse("team:config_project", args=[project_world.call.pk]))
    assert "Mois cofinancés par talent" in project
    assert "Plafond du cofinancement par talent" in project
    assert "Durée du contrat d’un talent, en mois." in project


def test_the_alumni_and_follow_up_pages(client):
    team = UserFactory(username="equipe")
    add_to_team(team)
    cohort = CohortFactory(status="running")
    client.force_login(team)
    alumni = page(client, reverse("alumni:team_list"))
    assert "Les talents des promotions terminées" in alumni
    assert "Seul·e le talent choisit" in alumni
    page(client, reverse("alumni:directory"))
    page(client, reverse("followup:dashboard", args=[cohort.pk]))
    page(client, reverse("events:programme", args=[cohort.pk]))


def test_the_jury_profiles_say_the_programme_s_word(project_world):
    member = JuryPoolMember(category=JuryPoolMember.Category.ALUMNI)
    assert member.get_category_display() == "ancien·ne talent"


def test_the_openapi_schema(client):
    response = client.get(reverse("api:openapi"))
    assert response.status_code == 200
    text = speaks_its_words(response.content.decode(), "the OpenAPI schema")
    schema = json.loads(text)
    assert schema["info"]["title"] == "API publique du programme Talents du numérique"
    assert "Nombre de talents." in text
    docs = page(client, reverse("api:docs"))
    assert "avec leurs nombres de défis publics et de talents." in docs


def test_the_open_data_package(tmp_path):
    CohortFactory()
    package.write(tmp_path, datetime.datetime(2027, 1, 4, tzinfo=datetime.UTC))
    descriptor = (tmp_path / package.DESCRIPTOR).read_text(encoding="utf-8")
    speaks_its_words(descriptor, "datapackage.json")
    speaks_its_words((tmp_path / package.README).read_text(encoding="utf-8"), "README.md")
    for name in package.file_names():
        speaks_its_words((tmp_path / name).read_text(encoding="utf-8"), name)
    described = json.loads(descriptor)
    assert described["name"] == "cohorte-talents-du-numerique"
    assert described["title"] == "Programme Talents du numérique : défis, promotions et personnes"
    assert "talents recruté·es" in (tmp_path / "chiffres-cles.csv").read_text(encoding="utf-8")


def test_the_words_elide_as_french_does():
    assert words.of("EIG") == "d’EIG" and words.of("talents") == "de talents"
    assert words.of("EIG", "'") == "d'EIG"
    assert words.the("EIG") == "l’EIG" and words.the("talent") == "le talent"
    assert words.of_the("EIG") == "de l’EIG" and words.of_the("talent") == "du talent"
    assert words.this("EIG") == "cet EIG" and words.this("talent") == "ce talent"
    assert words.fellows_for(1) == "talent" and words.fellows_for(2) == "talents"


def test_the_lazy_words_are_read_at_each_use(talents):
    label = words.worded("Les {fellows} recrutés", fellows=words.FELLOWS)
    assert str(label) == "Les talents recrutés"
    talents.fellow_plural = "lauréats"
    talents.save()
    assert str(label) == "Les lauréats recrutés"
    assert str(words.FELLOWS_HEADING) == "Lauréats"


def test_templates_have_the_short_name_and_the_network(rf):
    from cohorte.public.context_processors import site

    request = rf.get("/")
    request.user = AnonymousUser()
    context = site(request)
    assert context["site_short_name"] == "TDN"
    assert context["site_network"] == "Réseau Talents"
