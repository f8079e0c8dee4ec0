"""The team manages the EIG Link support fellows (issue #11, §5): list, add, remove."""

import html

import pytest
from django.conf import settings
from django.urls import reverse

from cohorte.accounts.roles import is_link
from cohorte.notifications.models import OutboxMessage
from tests.cohort_world import ROLES
from tests.factories import CallFactory, UserFactory
from tests.recruitment.conftest import actions

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def in_link(user) -> bool:
    """Membership read afresh: the role checks cache groups on the user object."""
    return is_link(type(user).objects.get(pk=user.pk))


def as_role(client, world, role):
    client.logout()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def test_who_opens_the_link_pages(client, cohort_world):
    member = cohort_world.users["link"]
    urls = [reverse("link:members"), reverse("link:remove", args=[member.pk])]
    for url in urls:
        response = as_role(client, cohort_world, "anonymous").get(url)
        assert response.status_code == 302 and response.url.startswith("/compte/login/")
        for role in ROLES:
            expected = 200 if role in {"team", "director"} else 403
            assert as_role(client, cohort_world, role).get(url).status_code == expected, (role, url)
    for role in ["anonymous", *ROLES]:
        if role in {"team", "director"}:
            continue
        fresh = UserFactory(username=f"cible-{role}")
        as_role(client, cohort_world, role)
        expected = 302 if role == "anonymous" else 403
        add = client.post(reverse("link:members"), {"email": fresh.email})
        remove = client.post(reverse("link:remove", args=[member.pk]))
        assert (add.status_code, remove.status_code) == (expected, expected), role
        assert not in_link(fresh) and in_link(member)
    assert not OutboxMessage.objects.exists()


def test_the_list_shows_the_members(client, cohort_world):
    response = as_role(client, cohort_world, "team").get(reverse("link:members"))
    page = text(response)
    assert "link@example.org" in page
    assert "camille@example.org" not in page
    assert f'href="/gestion/reseau/{cohort_world.users["link"].pk}/retirer/"' in page


def test_the_team_adds_a_member_by_address(client, cohort_world):
    newcomer = UserFactory(username="nina", first_name="Nina", last_name="Vidal")
    as_role(client, cohort_world, "director")
    response = client.post(reverse("link:members"), {"email": " NINA@example.org "}, follow=True)
    assert in_link(newcomer)
    assert "Nina Vidal fait désormais partie d’EIG Link." in text(response)
    assert actions(newcomer) == [("link.added", {})]
    mail = OutboxMessage.objects.get()
    assert mail.to == ["nina@example.org"]
    assert mail.subject == "Vous rejoignez EIG Link sur Cohorte"
    assert f"Votre espace : {settings.SITE_URL}/mon-espace/" in mail.body


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Indiquez l’adresse e-mail d’un compte existant."),
        ("personne@example.org", "Aucun compte actif n’utilise cette adresse e-mail."),
        ("ancien@example.org", "Aucun compte actif n’utilise cette adresse e-mail."),
        ("link@example.org", "Dominique {link} fait déjà partie d’EIG Link."),
        ("equipe@example.org", "Dominique {team} fait partie de l’équipe du programme : "
         "EIG Link ne lui apporte rien."),
        ("direction@example.org", "Dominique {director} fait partie de l’équipe du programme : "
         "EIG Link ne lui apporte rien."),
    ],
)  # fmt: skip
def test_a_refused_address_changes_nothing(client, cohort_world, email, message):
    UserFactory(username="ancien", is_active=False)
    users = cohort_world.users
    names = {role: users[role].last_name for role in ("link", "team", "director")}
    before = sorted(get_members())
    as_role(client, cohort_world, "team")
    response = client.post(reverse("link:members"), {"email": email})
    assert response.status_code == 400
    assert message.format(**names) in text(response)
    assert sorted(get_members()) == before
    assert not OutboxMessage.objects.exists()
    from cohorte.audit.models import ActivityLog

    assert not ActivityLog.objects.filter(action__startswith="link.").exists()


def get_members():
    from cohorte.accounts.link import members

    return list(members().values_list("username", flat=True))


def test_the_team_removes_a_member_after_confirming(client, cohort_world):
    member = cohort_world.users["link"]
    as_role(client, cohort_world, "team")
    confirm = client.get(reverse("link:remove", args=[member.pk]))
    assert f"Retirer {member.get_full_name()} d’EIG Link ?" in text(confirm)
    assert is_link(member)
    response = client.post(reverse("link:remove", args=[member.pk]), follow=True)
    assert not in_link(member)
    assert f"{member.get_full_name()} ne fait plus partie d’EIG Link." in text(response)
    assert actions(member) == [("link.removed", {})]
    mail = OutboxMessage.objects.get()
    assert (mail.to, mail.subject) == (
        ["link@example.org"],
        "Vous ne faites plus partie d’EIG Link sur Cohorte",
    )
    # No longer a member: nothing left to remove.
    assert client.post(reverse("link:remove", args=[member.pk])).status_code == 404
    assert (
        client.get(reverse("link:remove", args=[cohort_world.users["fellow"].pk])).status_code
        == 404
    )


def test_the_menu_shows_the_page_to_the_team_only(client, cohort_world):
    for role in ROLES:
        page = text(as_role(client, cohort_world, role).get(reverse("accounts:home")))
        assert ('href="/gestion/reseau/"' in page) == (role in {"team", "director"}), role


def test_the_list_takes_constant_queries(client, cohort_world, django_assert_max_num_queries):
    from cohorte.accounts.roles import add_to_link

    as_role(client, cohort_world, "team")
    for n in range(30):
        add_to_link(UserFactory(username=f"ancien-eig-{n}"))
    with django_assert_max_num_queries(12):
        assert client.get(reverse("link:members")).status_code == 200


SELECTION_PAGES = [
    ("team:home", []),
    ("team:application_list", ["call"]),
    ("team:config_calls", []),
    ("selection:home", []),
    ("selection:decisions", []),
    ("selection:validation", []),
    ("selection:matching", []),
    ("selection:scheduling", []),
    ("reviews:home", []),
    ("project_decisions:home", []),
    ("instruction:home", []),
    ("defi_jury:home", []),
]


def test_eig_link_has_no_rights_on_selection(client, cohort_world):
    call = CallFactory(cohort=cohort_world.cohort)
    for name, args in SELECTION_PAGES:
        url = reverse(name, args=[call.pk for _ in args])
        assert as_role(client, cohort_world, "link").get(url).status_code == 403, name
        allowed = "director" if name == "selection:validation" else "team"
        assert as_role(client, cohort_world, allowed).get(url).status_code == 200, name


def test_the_network_s_former_address_leads_to_its_page(client):
    response = client.get("/gestion/eig-link/12/retirer/")
    assert (response.status_code, response["Location"]) == (301, "/gestion/reseau/12/retirer/")
