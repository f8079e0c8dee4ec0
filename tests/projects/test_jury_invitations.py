"""Jurors of the défi jury invited by e-mail into the pool, told when placed on a panel."""

import datetime
import html
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import OutboxMessage
from cohorte.notifications.tasks import content_for_recipient
from cohorte.projects import jury_invitations
from cohorte.projects.jury_runs import JuryError, apply_run, run_jury
from cohorte.projects.models import Audition, JuryInvitation, JuryPoolMember
from cohorte.public.formats import format_moment
from cohorte.reviews.models import Conflict
from cohorte.selection.models import Panel
from tests.factories import ApplicationFactory, UserFactory
from tests.projects.jury_world import build_jury_world, parameters

pytestmark = pytest.mark.django_db
PASSWORD = "un-mot-de-passe-solide-2026"
EMAIL = "claire.martin@example.org"


@pytest.fixture(autouse=True)
def _one_worker(settings):
    settings.COHORTE_SOLVER_WORKERS = 1
    settings.SITE_URL = "https://eig.example.org"


@pytest.fixture
def jw(project_world):
    return build_jury_world(project_world)


def text(response) -> str:
    return html.unescape(response.content.decode())


def payload(**changes):
    data = {
        "first_name": "Claire",
        "last_name": "Martin",
        "email": EMAIL,
        "category": "expert",
        "organisation": "",
    }
    data.update(changes)
    return {f"invitation-{key}": value for key, value in data.items()}


def invite_url(jw):
    return reverse("defi_jury:pool_invite", args=[jw.call.pk])


def journal(jw):
    return list(
        ActivityLog.objects.filter(object_id=str(jw.call.pk), action__startswith="jury_invitation.")
        .order_by("pk")
        .values_list("action", "data")
    )


def state():
    return (
        JuryInvitation.objects.count(),
        JuryPoolMember.objects.count(),
        OutboxMessage.objects.count(),
        ActivityLog.objects.count(),
    )


def candidate():
    return ApplicationFactory(candidate=UserFactory(username="candidate")).candidate


@pytest.mark.parametrize(
    ("role", "code"),
    [
        ("anonymous", 302),
        ("admin_user", 403),
        ("preinstructor", 403),
        ("juror", 403),
        ("candidate", 403),
        ("team", 302),
        ("director", 302),
    ],
)
def test_who_may_invite_and_cancel(jw, client, role, code):
    user = candidate() if role == "candidate" else jw.roles()[role]
    if user.is_authenticated:
        client.force_login(user)
    pending = JuryInvitation.objects.create(
        call=jw.call, email="p@example.org", first_name="P", last_name="Q", category="tech"
    )
    before = state()
    response = client.post(invite_url(jw), payload())
    assert response.status_code == code
    cancel = reverse("defi_jury:pool_invitation_cancel", args=[jw.call.pk, pending.pk])
    assert client.post(cancel).status_code == code
    if role == "anonymous":
        assert response["Location"].startswith("/compte/login/")
    if code != 302 or role == "anonymous":
        assert state() == before
    else:
        assert list(JuryInvitation.objects.values_list("email", flat=True)) == [EMAIL]
    page = client.get(reverse("defi_jury:pool", args=[jw.call.pk]))
    assert page.status_code == (200 if role in ("team", "director") else code)


def test_the_team_invites_a_juror_who_is_told_by_email(jw, client):
    client.force_login(jw.team)
    response = client.post(invite_url(jw), payload(organisation=str(jw.organisation.pk)))
    assert response.status_code == 302
    invitation = JuryInvitation.objects.get()
    assert (invitation.email, invitation.first_name, invitation.last_name) == (
        EMAIL,
        "Claire",
        "Martin",
    )
    assert invitation.category == "expert" and invitation.organisation == jw.organisation
    assert invitation.invited_by == jw.team and invitation.accepted_at is None
    assert journal(jw) == [
        (
            "jury_invitation.sent",
            {
                "invitation": invitation.pk,
                "category": "expert",
                "organisation_id": jw.organisation.pk,
                "again": False,
            },
        )
    ]
    mail = OutboxMessage.objects.get()
    assert mail.to == [EMAIL]
    assert mail.subject == f"Invitation au jury des défis : {jw.call.title}"
    body = content_for_recipient(mail)[1]
    assert body.startswith(
        f"Bonjour Claire Martin,\n\n{jw.team.get_full_name()} vous invite à siéger au jury des "
        f"défis de « {jw.call.title} »"
    )
    assert "https://eig.example.org/compte/signup/?next=/mon-espace/" in body
    page = text(client.get(response["Location"]))
    assert (
        "Invitation envoyée à Claire Martin (claire.martin@example.org) : la personne rejoindra "
        "le vivier en se connectant avec cette adresse." in page
    )
    assert "Invitations en attente" in page and EMAIL in page
    assert "Annuler l’invitation" in page and format_moment(invitation.created_at) in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"first_name": "  "}, "Prénom", "Indiquez le prénom du juré."),
        ({"last_name": ""}, "Nom", "Indiquez le nom du juré."),
        ({"first_name": "x" * 151}, "Prénom", "Le prénom dépasse 150 caractères."),
        ({"email": ""}, "Adresse électronique", "Indiquez l'adresse électronique du juré."),
        (
            {"email": "claire@"},
            "Adresse électronique",
            "Saisissez une adresse électronique valide.",
        ),
        ({"category": ""}, "Profil", "Choisissez le profil du juré."),
        ({"category": "roi"}, "Profil", "Choisissez le profil du juré dans la liste."),
        ({"organisation": "999"}, "Organisation", "Choisissez une organisation de la liste."),
    ],
)
def test_bad_input_is_refused_with_its_field_and_nothing_changes(
    jw, client, changes, field, message
):
    client.force_login(jw.team)
    before = state()
    response = client.post(invite_url(jw), payload(**changes))
    assert response.status_code == 200
    page = text(response)
    assert "Rien n’est enregistré" in page
    assert f"{field} : {message}" in page
    assert state() == before


def test_an_address_already_in_the_pool_is_refused(jw, client):
    client.force_login(jw.team)
    before = state()
    response = client.post(invite_url(jw), payload(email=jw.juror.email.upper()))
    assert response.status_code == 200
    assert (
        f"Adresse électronique : {jw.juror.get_full_name()} ({jw.juror.email}) fait déjà "
        "partie du vivier." in text(response)
    )
    assert state() == before


def test_invitations_are_rate_limited_like_the_administrations(jw, client, settings):
    client.force_login(jw.team)
    assert client.post(invite_url(jw), payload()).status_code == 302
    before = state()
    response = client.post(invite_url(jw), payload(first_name="Claire-Anne"))
    assert response.status_code == 200
    assert (
        "Adresse électronique : Une invitation a déjà été envoyée à « claire.martin@example.org » "
        "il y a moins de 10 minutes" in text(response)
    )
    assert state() == before
    # Later, the same address is invited again: the pending invitation is updated, not doubled.
    later = timezone.now() + datetime.timedelta(minutes=11)
    again = jury_invitations.invite_juror(
        jw.call, EMAIL, "Claire-Anne", "Martin", "tech", None, jw.team, now=later
    )
    assert JuryInvitation.objects.get() == again and again.first_name == "Claire-Anne"
    assert journal(jw)[-1][1]["again"] is True
    # Per sender and per day, organisation and jury invitations count together.
    settings.ORGANISATION_INVITATIONS_PER_DAY = 2
    with pytest.raises(JuryError) as refused:
        jury_invitations.invite_juror(
            jw.call, "autre@example.org", "Autre", "Juré", "tech", None, jw.team
        )
    assert refused.value.messages == [
        "Vous avez envoyé 2 invitations en 24 heures, le maximum : réessayez demain, ou écrivez "
        "à l'équipe du programme si vous devez inviter plus de collègues."
    ]
    assert JuryInvitation.objects.count() == 1


def test_a_pending_invitation_is_cancelled_and_audited(jw, client):
    client.force_login(jw.team)
    client.post(invite_url(jw), payload())
    invitation = JuryInvitation.objects.get()
    OutboxMessage.objects.all().delete()
    url = reverse("defi_jury:pool_invitation_cancel", args=[jw.call.pk, invitation.pk])
    response = client.post(url)
    assert response.status_code == 302
    assert not JuryInvitation.objects.exists()
    assert journal(jw)[-1] == (
        "jury_invitation.cancelled",
        {"invitation": invitation.pk, "sent_at": invitation.created_at.isoformat()},
    )
    assert not OutboxMessage.objects.exists()
    page = text(client.get(response["Location"]))
    assert "L'invitation de Claire Martin (claire.martin@example.org) est annulée." in page
    assert "Aucune invitation en attente." in page
    assert client.post(url).status_code == 404  # already gone
    assert client.get(url).status_code == 405


def test_the_invited_juror_joins_the_pool_by_signing_up_with_that_address(jw, client):
    jury_invitations.invite_juror(
        jw.call, EMAIL, "Claire", "Martin", "expert", jw.organisation, jw.team
    )
    invitation = JuryInvitation.objects.get()
    OutboxMessage.objects.all().delete()
    client.post(
        reverse("account_signup") + "?next=/mon-espace/",
        {
            "first_name": "Claire",
            "last_name": "Martin",
            "email": EMAIL,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    user = get_user_model().objects.get(email=EMAIL)
    assert not JuryPoolMember.objects.filter(user=user).exists()  # not verified yet
    verification = OutboxMessage.objects.get(subject__contains="Confirmez votre adresse")
    link = re.search(
        r"https?://[^\s]+/compte/confirm-email/[^\s]+/", content_for_recipient(verification)[1]
    ).group(0)
    client.post(link.split("eig.example.org", 1)[-1].split("testserver", 1)[-1])
    member = JuryPoolMember.objects.get(user=user)
    assert (member.call, member.category, member.organisation) == (
        jw.call,
        "expert",
        jw.organisation,
    )
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None and invitation.accepted_by == user
    assert journal(jw)[-1] == (
        "jury_invitation.accepted",
        {"invitation": invitation.pk, "member_id": member.pk},
    )
    assert ActivityLog.objects.filter(
        action="jury_pool.added", object_id=str(jw.call.pk), actor=user
    ).exists()
    told = OutboxMessage.objects.get(subject__contains="a rejoint le vivier")
    assert told.to == [jw.team.email]
    assert told.subject == f"Claire Martin a rejoint le vivier de jurés : {jw.call.title}"
    assert (
        f"Claire Martin ({EMAIL}) a accepté votre invitation et fait désormais partie du vivier "
        f"de jurés de « {jw.call.title} »." in told.body
    )
    assert f"https://eig.example.org/jurys/defis/{jw.call.pk}/jures/" in told.body
    # Signing in again changes nothing.
    count = OutboxMessage.objects.count()
    client.logout()
    client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD})
    assert JuryPoolMember.objects.filter(user=user).count() == 1
    assert OutboxMessage.objects.count() == count
    team_page = client.get(reverse("defi_jury:pool", args=[jw.call.pk]))
    assert team_page.status_code == 403  # a juror is not the team


def test_an_existing_account_joins_when_signing_in(jw, client):
    person = UserFactory(username="claire", email=EMAIL, first_name="Claire", last_name="Martin")
    person.set_password(PASSWORD)
    person.save()
    jury_invitations.invite_juror(jw.call, EMAIL, "Claire", "Martin", "alumni", None, jw.team)
    assert (
        client.post(reverse("account_login"), {"login": EMAIL, "password": PASSWORD}).status_code
        == 302
    )
    assert JuryPoolMember.objects.get(user=person).category == "alumni"
    assert JuryInvitation.objects.get().accepted_by == person


def test_an_unverified_address_joins_nothing(jw):
    from allauth.account.models import EmailAddress

    jury_invitations.invite_juror(jw.call, EMAIL, "Claire", "Martin", "tech", None, jw.team)
    user = UserFactory(username="claire", email=EMAIL, verified=False)
    EmailAddress.objects.create(user=user, email=EMAIL, verified=False, primary=True)
    assert jury_invitations.accept_jury_invitations(user) == []
    assert not JuryPoolMember.objects.filter(user=user).exists()
    assert JuryInvitation.objects.get().accepted_at is None


def test_each_juror_is_told_their_panel_when_a_composition_is_applied(jw):
    Conflict.objects.create(proposal=jw.proposal, reviewer=jw.juror)
    OutboxMessage.objects.all().delete()
    run = run_jury(jw.call, jw.team, parameters())
    apply_run(run, jw.team)
    panels = list(Panel.objects.filter(call=jw.call).prefetch_related("members"))
    seated = {user.pk: panel for panel in panels for user in panel.members.all()}
    mails = list(OutboxMessage.objects.order_by("pk"))
    assert len(seated) >= 10 and jw.juror.pk in seated
    assert len(mails) == len(seated)  # one e-mail per juror
    by_address = {mail.to[0]: mail for mail in mails}
    for user_pk, panel in seated.items():
        user = get_user_model().objects.get(pk=user_pk)
        mail = by_address[user.email]
        assert mail.subject == f"Votre jury des défis : {panel.name}"
        assert mail.body.startswith(
            f"Bonjour {user.get_full_name()},\n\nVous siégez au jury « {panel.name} » de "
            f"« {jw.call.title} ».\nLes défis que vous entendrez :\n"
        )
        assert f"https://eig.example.org/jurys/defis/jurys/{panel.pk}/" in mail.body
        auditions = Audition.objects.filter(panel=panel).select_related("proposal")
        for audition in auditions:
            shown = audition.proposal.title in mail.body
            # A défi the juror is kept away from is never named to them.
            assert shown == (user != jw.juror or audition.proposal != jw.proposal)
    assert ActivityLog.objects.filter(action="defi_jury.jurors_told").get().data == {
        "run_id": run.pk,
        "jurors": [
            u.pk
            for panel in Panel.objects.filter(pk__in=[p.pk for p in panels]).order_by("pk")
            for u in panel.members.order_by("last_name", "first_name", "pk")
        ],
    }


def test_my_space_links_a_juror_only_to_pages_they_can_open(jw, client):
    newcomer = UserFactory(username="newcomer")
    JuryPoolMember.objects.create(call=jw.call, user=newcomer, category="tech")
    jury_home = reverse("defi_jury:home")
    for user, on_panel in ((newcomer, False), (jw.juror, True)):
        client.force_login(user)
        page = client.get(reverse("accounts:home"))
        assert page.status_code == 200
        links = set(re.findall(r'href="(/[^"#]*)"', page.content.decode()))
        assert (jury_home in links) is on_panel
        waiting = (
            f"Vous faites partie du vivier de jurés de « {jw.call.title} » : vous recevrez un "
            "e-mail quand vous serez placé·e dans un jury, avec ses défis et ses dates."
        )
        assert (waiting in text(page)) is not on_panel
        for link in links:
            if link.startswith(("/static/", "/media/", "/compte/logout")):
                continue
            assert client.get(link).status_code in (200, 302), (user.username, link)
        assert client.get(jury_home).status_code == (200 if on_panel else 403)
