"""manage.py demo builds a realistic programme, once, that works for every role."""

import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cohorte.calls.models import Call
from cohorte.challenges.models import Challenge
from cohorte.content.models import Post
from cohorte.organisations.models import Organisation
from cohorte.people.models import Person, Role
from cohorte.programmes.models import Cohort
from cohorte.projects.models import Proposal

pytestmark = pytest.mark.django_db


def test_demo_builds_the_promised_programme():
    call_command("demo", verbosity=0)
    assert Cohort.objects.count() == 4
    assert Challenge.objects.count() == 20
    assert Person.objects.count() >= 60
    assert set(Role.objects.values_list("kind", flat=True)) == {
        "fellow", "operational_mentor", "senior_mentor", "team", "jury",
    }  # fmt: skip
    # Both calls are open now: a visitor can apply, an administration can propose a défi.
    assert sorted(Call.objects.open_at(timezone.now()).values_list("kind", "slug")) == [
        ("applications", "candidatures-promotion-10"),
        ("projects", "projets-promotion-11"),
    ]


def test_demo_is_deterministic():
    call_command("demo", verbosity=0)
    first = list(Person.objects.order_by("slug").values_list("slug", flat=True))
    Role.objects.all().delete()
    for model in (Call, Challenge, Person, Cohort):
        model.objects.all().delete()
    from cohorte.challenges.models import Expertise, Theme
    from cohorte.content.models import Category, FaqEntry, Page, Post
    from cohorte.organisations.models import Organisation

    for model in (Post, Category, FaqEntry, Page, Organisation, Expertise, Theme):
        model.objects.all().delete()
    call_command("demo", verbosity=0)
    assert list(Person.objects.order_by("slug").values_list("slug", flat=True)) == first


def test_demo_refuses_a_database_with_data_and_if_empty_skips_it(capsys):
    call_command("demo", verbosity=0)
    with pytest.raises(CommandError, match="déjà des défis"):
        call_command("demo")
    call_command("demo", "--if-empty")
    assert "démo non chargée" in capsys.readouterr().out
    assert Challenge.objects.count() == 20


# The demo out of the box, for every role (issue 9, item 4).

DEMO_ACCOUNTS = ["equipe", "direction", "mentor", "candidat", "administration"]


@pytest.fixture
def demo():
    from cohorte.demo import build_demo

    return build_demo(with_accounts=True)


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


@pytest.mark.parametrize("username", DEMO_ACCOUNTS)
def test_every_demo_account_opens_its_space_and_its_menu(client, demo, username):
    client.force_login(_user(username))
    response = client.get("/mon-espace/")
    assert response.status_code == 200
    menu = [item["url"] for item in response.context["work_menu"]]
    assert menu or username == "candidat"
    for url in ["/", "/appels/", "/candidater/", "/proposer-un-defi/", *menu]:
        assert client.get(url, follow=True).status_code == 200, (username, url)


def test_the_demo_roles_see_their_work(client, demo):
    call = Call.objects.get(slug="candidatures-promotion-10")
    client.force_login(_user("candidat"))
    assert 'value="Candidate"' in client.get(f"/appels/{call.slug}/candidature/").text
    client.force_login(_user("mentor"))
    assert "Chloé Candidate" in client.get("/evaluation/").text
    client.force_login(_user("equipe"))
    listing = client.get(f"/gestion/appels/{call.pk}/candidatures/")
    assert listing.status_code == 200 and "Candidate" in listing.text


def test_the_demo_call_for_projects_leads_an_administration_to_an_open_form(client, demo):
    call = Call.objects.get(kind=Call.Kind.PROJECTS)
    assert client.get("/proposer-un-defi/")["Location"] == f"/appels/{call.slug}/"
    page = client.get(f"/appels/{call.slug}/").text
    form_url = f"/projets/{call.slug}/nouvelle/"
    assert f'href="/compte/login/?next={form_url}"' in page
    client.force_login(_user("administration"))
    page = client.get(f"/appels/{call.slug}/").text
    assert f'<a class="fr-btn" href="{form_url}">Proposer un défi</a>' in page
    form = client.get(form_url)
    assert form.status_code == 200 and form.context["state"].open
    assert '<form method="post">' in form.text
    organisation = Organisation.objects.get(name="Météo-France")
    created = client.post(form_url, {"organisation": str(organisation.pk)})
    assert created.status_code == 302
    assert client.get(created["Location"]).status_code == 200
    # The draft the demo gives the administration is in the same open call.
    assert set(Proposal.objects.values_list("call__slug", flat=True)) == {call.slug}


def test_demo_defis_are_hosted_by_plausible_administrations_and_texts_vary(demo):
    hosts = dict(Challenge.objects.values_list("title", "host_organisation__name"))
    assert hosts["Biodiv'Obs"] == "Office français de la biodiversité"
    assert hosts["Archives vivantes"] == "Archives nationales"
    assert hosts["Urgences Flux"] == "Assistance publique – Hôpitaux de Paris"
    assert hosts["Fraude Détect"] == "Direction générale des finances publiques"
    bodies = list(Challenge.objects.values_list("body", flat=True))
    assert len(set(bodies)) == len(bodies)
    for challenge in Challenge.objects.select_related("host_organisation"):
        assert challenge.host_organisation.name in challenge.body
    assert len(set(Person.objects.values_list("bio", flat=True))) > 20
    posts = list(Post.objects.values_list("body", flat=True))
    assert len(set(posts)) == len(posts)


def test_demo_titles_agree_with_the_people(client, demo):
    page = client.get("/personnes/maud-mentor/").text
    assert "<strong>Mentore opérationnelle</strong>" in page
    forms = set(
        Person.objects.filter(roles__kind="operational_mentor").values_list("form", flat=True)
    )
    assert {"feminine", "masculine"} <= forms


def test_demo_calls_write_their_dates_the_site_way(demo):
    calendar = Call.objects.get(kind=Call.Kind.APPLICATIONS).calendar
    assert ", heure de Paris" in calendar
    assert not re.search(r"\d{2}/\d{2}/\d{4}", calendar)
