"""The défi jury's pages: every view for every role, bad input, the round trip, exports."""

import datetime
import html
import io

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import OutboxMessage
from cohorte.projects.jury_runs import run_jury
from cohorte.projects.models import (
    Audition,
    JuryPoolMember,
    PanelVerdict,
    ProposalFile,
    ProposalNote,
)
from cohorte.reviews.models import Conflict, Review
from cohorte.selection.models import Panel, SolverRun, Unavailability
from tests.projects.jury_world import DAY, at, build_jury_world, parameters

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "admin_user", "other_admin_user", "team", "director", "preinstructor",
         "juror", "other_juror"]  # fmt: skip
PARAMETERS = {
    "days": "12/03/2031",
    "windows": "9:00-12:30\n14h-18h",
    "breaks": "",
    "time_limit": "5",
    "n_panels": "2",
    "size_min": "5",
    "size_max": "8",
    "defis_min": "2",
    "defis_max": "3",
}


@pytest.fixture(autouse=True)
def _one_worker(settings):
    settings.COHORTE_SOLVER_WORKERS = 1


@pytest.fixture
def as_user(client):
    """A client signed in as ``user`` (left anonymous for an anonymous user)."""

    def sign_in(user):
        client.logout()
        if user.is_authenticated:
            client.force_login(user)
        return client

    return sign_in


@pytest.fixture
def jw(project_world):
    return build_jury_world(project_world)


def expect(default, **codes):
    table = dict.fromkeys(ROLES, default)
    table["anonymous"] = 302
    table.update(codes)
    return table


TEAM_PAGE = expect(403, team=200, director=200)
TEAM_ACTION = expect(403, team=302, director=302)
PANEL_PAGE = expect(404, team=200, director=200, juror=200)


def audition(jw, when=None):
    return Audition.objects.create(
        panel=jw.panel, proposal=jw.proposal, starts_at=when or at(DAY, 9)
    )


def past_audition(jw):
    return audition(jw, timezone.now() - datetime.timedelta(days=1))


def pitch(jw):
    item = ProposalFile(
        proposal=jw.proposal, kind="pitch", original_name="pitch.pdf", size=8, pages=1
    )
    item.file.save("pitch.pdf", ContentFile(b"%PDF-1.4"), save=False)
    item.save()
    return item


def unavailability(jw):
    return Unavailability.objects.create(
        call=jw.call, user=jw.juror, starts_at=at(DAY, 9), ends_at=at(DAY, 10)
    )


def scores(jw):
    return {f"score-{c.pk}": "3" for c in jw.call.grid.criteria.all()} | {
        "comment": "Collectif",
        "recommendation": "yes",
    }


def verdict_post(jw):
    return {
        f"favourable-{jw.proposal.pk}": "yes",
        f"position-{jw.proposal.pk}": "1",
        f"justification-{jw.proposal.pk}": "Solide.",
        "favourite": "",
    }


def call_with_audition(jw):
    audition(jw)
    return [jw.call.pk]


def panel_auditioned(jw):
    past_audition(jw)
    return [jw.panel.pk]


def text(response) -> str:
    return html.unescape(response.content.decode())


def pool_member(jw):
    return JuryPoolMember.objects.get(call=jw.call, user=jw.bruno).pk


CASES = [
    ("get", "home", lambda jw: [], {}, expect(403, team=200, director=200, juror=200,
                                             other_juror=200)),  # fmt: skip
    ("get", "pool", lambda jw: [jw.call.pk], {}, TEAM_PAGE),
    ("post", "pool", lambda jw: [jw.call.pk],
     lambda jw: {"email": jw.preinstructor.email, "category": "alumni"}, TEAM_ACTION),
    ("post", "pool_remove", lambda jw: [jw.call.pk, pool_member(jw)], {}, TEAM_ACTION),
    ("get", "composition", lambda jw: [jw.call.pk], {}, TEAM_PAGE),
    ("post", "composition_run", lambda jw: [jw.call.pk], PARAMETERS, TEAM_ACTION),
    ("get", "composition_apply",
     lambda jw: [jw.call.pk, run_jury(jw.call, jw.team, parameters()).pk], {}, TEAM_PAGE),
    ("post", "composition_apply",
     lambda jw: [jw.call.pk, run_jury(jw.call, jw.team, parameters()).pk], {}, TEAM_ACTION),
    ("post", "unavailability_add", lambda jw: [jw.call.pk],
     lambda jw: {"person": f"u{jw.bruno.pk}", "start_day": "2031-03-12",
                 "end_day": "2031-03-12"}, TEAM_ACTION),
    ("post", "unavailability_delete", lambda jw: [jw.call.pk, unavailability(jw).pk], {},
     TEAM_ACTION),
    ("get", "invite", lambda jw: [jw.call.pk], {}, TEAM_PAGE),
    ("post", "invite", call_with_audition, {}, TEAM_ACTION),
    ("get", "consolidation", lambda jw: [jw.call.pk], {}, TEAM_PAGE),
    ("get", "consolidation_export", lambda jw: [jw.call.pk, "csv"], {}, TEAM_PAGE),
    ("get", "audition_move", lambda jw: [audition(jw).pk], {}, TEAM_PAGE),
    ("post", "audition_move", lambda jw: [audition(jw).pk],
     lambda jw: {"day": "2031-03-12", "time": "15:00", "panel": jw.panel.pk}, TEAM_ACTION),
    ("post", "audition_lock", lambda jw: [audition(jw).pk], {"locked": "1"}, TEAM_ACTION),
    ("post", "panel_referee", lambda jw: [jw.panel.pk],
     lambda jw: (jw.panel.members.add(jw.alice), {"referee": jw.alice.pk})[1], TEAM_ACTION),
    ("get", "panel_venue", lambda jw: [jw.panel.pk], {}, TEAM_PAGE),
    ("post", "panel_venue", lambda jw: [jw.panel.pk],
     {"location": "Salle 2", "video_link": "https://visio.example/x"}, TEAM_ACTION),
    ("get", "panel", lambda jw: [jw.panel.pk], {}, PANEL_PAGE),
    ("get", "defi", lambda jw: [jw.panel.pk, jw.proposal.pk], {}, PANEL_PAGE),
    ("post", "defi_comment", lambda jw: [jw.panel.pk, jw.proposal.pk], {"body": "Bien."},
     expect(404, team=403, director=403, juror=302)),
    ("get", "defi_grid", lambda jw: [jw.panel.pk, jw.proposal.pk], {}, PANEL_PAGE),
    ("post", "defi_grid", lambda jw: [jw.panel.pk, jw.proposal.pk], scores,
     expect(404, team=403, director=403, juror=302)),
    ("get", "verdicts", lambda jw: [jw.panel.pk], {}, PANEL_PAGE),
    ("post", "verdicts", panel_auditioned, verdict_post,
     expect(404, team=302, director=302, juror=302)),
    ("get", "file", lambda jw: [jw.proposal.pk, pitch(jw).pk], {}, PANEL_PAGE),
]  # fmt: skip


@pytest.mark.parametrize(("method", "name", "args", "data", "codes"), CASES,
                         ids=[f"{c[0]}-{c[1]}" for c in CASES])  # fmt: skip
@pytest.mark.parametrize("role", ROLES)
def test_every_view_for_every_role(jw, as_user, method, name, args, data, codes, role):
    url = reverse(f"defi_jury:{name}", args=args(jw))
    payload = data(jw) if callable(data) else data
    before = ActivityLog.objects.count()
    response = getattr(as_user(jw.roles()[role]), method)(url, payload)
    assert response.status_code == codes[role], (url, response.content[:500])
    if role == "anonymous":
        assert response["Location"].startswith("/compte/login/")
    if codes[role] in (403, 404):
        assert ActivityLog.objects.count() == before  # refused: nothing changed
    if method == "post" and codes[role] == 302 and role != "anonymous":
        assert ActivityLog.objects.count() > before  # done, and audited


def test_unknown_objects_are_404(jw, as_user):
    client = as_user(jw.team)
    for url in (
        reverse("defi_jury:pool", args=[999]),
        reverse("defi_jury:composition", args=[jw.call.pk]) + "?calcul=999",
        reverse("defi_jury:panel", args=[999]),
        reverse("defi_jury:defi", args=[jw.panel.pk, jw.other_proposal.pk]),  # not its défi
        reverse("defi_jury:consolidation_export", args=[jw.call.pk, "pdf"]),
        reverse("defi_jury:file", args=[jw.proposal.pk, 999]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_conflicted_juror_does_not_see_the_defi(jw, as_user):
    Conflict.objects.create(proposal=jw.proposal, reviewer=jw.juror)
    client = as_user(jw.juror)
    url = reverse("defi_jury:defi", args=[jw.panel.pk, jw.proposal.pk])
    assert client.get(url).status_code == 404
    page = text(client.get(reverse("defi_jury:panel", args=[jw.panel.pk])))
    assert "Détecter les fraudes" not in page and "1 défi de ce jury vous est masqué" in page


def test_bad_pool_and_composition_input_is_refused(jw, as_user):
    client = as_user(jw.team)
    url = reverse("defi_jury:pool", args=[jw.call.pk])
    response = client.post(url, {"email": "inconnu@example.org", "category": "tech"})
    assert response.status_code == 200
    assert (
        "Aucun compte actif n'utilise l'adresse « inconnu@example.org » : invitez la personne "
        "par e-mail avec le formulaire « Inviter un juré » ; elle rejoindra le vivier en créant "
        "son compte." in text(response)
    )
    assert JuryPoolMember.objects.filter(call=jw.call).count() == 12
    bad = PARAMETERS | {"n_panels": "0", "days": "31/02/2031", "size_min": "9"}
    response = client.post(reverse("defi_jury:composition_run", args=[jw.call.pk]), bad)
    assert response.status_code == 200
    assert "Rien n’est enregistré" in text(response)
    assert "Ces dates ne sont pas comprises : « 31/02/2031 »" in text(response)
    assert not SolverRun.objects.exists()


def test_a_clashing_move_is_refused_with_names_and_times(jw, as_user):
    audition(jw)
    second = Audition.objects.create(
        panel=jw.other_panel, proposal=jw.other_proposal, starts_at=at(DAY, 10)
    )
    response = as_user(jw.team).post(
        reverse("defi_jury:audition_move", args=[second.pk]),
        {"day": "2031-03-12", "time": "09:15", "panel": jw.panel.pk},
    )
    assert response.status_code == 200
    expected = "auditionne déjà « Détecter les fraudes » de 9 h 00 à 9 h 45 le 12 mars 2031"
    assert expected in text(response)
    second.refresh_from_db()
    assert (second.starts_at, second.panel) == (at(DAY, 10), jw.other_panel)


def test_bad_verdicts_grids_and_comments_are_refused(jw, as_user):
    past_audition(jw)
    client = as_user(jw.juror)
    blank = {f"justification-{jw.proposal.pk}": ""}
    response = client.post(
        reverse("defi_jury:verdicts", args=[jw.panel.pk]), verdict_post(jw) | blank
    )
    assert response.status_code == 200
    assert "Justifiez l'avis du jury sur « Détecter les fraudes »." in text(response)
    assert not PanelVerdict.objects.exists()
    too_high = {f"score-{jw.call.grid.criteria.first().pk}": "9"}
    url = reverse("defi_jury:defi_grid", args=[jw.panel.pk, jw.proposal.pk])
    response = client.post(url, scores(jw) | too_high)
    assert response.status_code == 200
    assert "doit être comprise entre 1 et 4" in text(response)
    assert not Review.objects.exists()
    url = reverse("defi_jury:defi_comment", args=[jw.panel.pk, jw.proposal.pk])
    response = client.post(url, {"body": " "})
    assert response.status_code == 200
    assert "Écrivez votre commentaire avant de l'enregistrer." in text(response)
    assert not ProposalNote.objects.exists()


def test_the_whole_round_trip_through_the_pages(jw, as_user):
    client = as_user(jw.team)
    response = client.post(reverse("defi_jury:composition_run", args=[jw.call.pk]), PARAMETERS)
    run = SolverRun.objects.get()
    assert response["Location"].endswith(f"?calcul={run.pk}#resultat")
    page = client.get(response["Location"]).content.decode()
    assert "Jury des défis 1" in page and "Équilibre des profils" in page
    assert "9 h 00 – 9 h 05" in page  # the alignment phase of the first audition
    apply_url = reverse("defi_jury:composition_apply", args=[jw.call.pk, run.pk])
    assert "Appliquer cette composition" in client.get(apply_url).content.decode()
    client.post(apply_url)
    assert Audition.objects.count() == 4
    # Each juror placed on a panel is told which one (the convocations come next).
    placed = OutboxMessage.objects.filter(subject__startswith="Votre jury des défis")
    seated = sum(panel.members.count() for panel in Panel.objects.filter(call=jw.call))
    assert placed.count() == seated == OutboxMessage.objects.count()
    page = client.get(reverse("defi_jury:composition", args=[jw.call.pk])).content.decode()
    assert "Envoyer les convocations des 4 auditions prévues" in page
    placed.delete()
    client.post(reverse("defi_jury:invite", args=[jw.call.pk]))
    assert OutboxMessage.objects.count() == 4
    assert all(m.attachments for m in OutboxMessage.objects.all())
    assert set(Audition.objects.values_list("status", flat=True)) == {"invited"}


def test_the_consolidated_ranking_and_its_exports(jw, as_user):
    for k, (panel, proposal) in enumerate(((jw.panel, jw.proposal),
                                           (jw.other_panel, jw.other_proposal))):  # fmt: skip
        PanelVerdict.objects.create(
            panel=panel, proposal=proposal, favourable=k == 0, position=1, justification="J"
        )
    client = as_user(jw.team)
    page = client.get(reverse("defi_jury:consolidation", args=[jw.call.pk])).content.decode()
    assert "Comment le classement est établi" in page
    assert page.index("Détecter les fraudes") < page.index("Numériser les archives")
    assert "avis du jury" in page  # the criterion separating line 2 from line 1
    response = client.get(reverse("defi_jury:consolidation_export", args=[jw.call.pk, "csv"]))
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == (
        f'attachment; filename="classement-defis-{jw.call.slug}.csv"'
    )
    text = response.getvalue().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Rang,Ex aequo,Défi,Administration,Jury")
    assert "Détecter les fraudes" in text.splitlines()[1]
    response = client.get(reverse("defi_jury:consolidation_export", args=[jw.call.pk, "csv-fr"]))
    assert (
        response.getvalue()
        .decode("utf-8-sig")
        .splitlines()[0]
        .startswith("Rang;Ex aequo;Défi;Administration;Jury")
    )
    assert 'href="' + reverse("defi_jury:consolidation_export", args=[jw.call.pk, "csv-fr"]) in (
        page
    )
    for fmt in ("xlsx", "ods"):
        response = client.get(reverse("defi_jury:consolidation_export", args=[jw.call.pk, fmt]))
        assert response.status_code == 200
        assert io.BytesIO(response.getvalue()).read(2) == b"PK"


def grow(jw, n):
    """``n`` more shortlisted défis, each on a panel with a juror, an audition and a verdict."""
    from cohorte.selection.models import Panel
    from tests.factories import OrganisationFactory, ProposalFactory, UserFactory

    start = Panel.objects.count()
    for k in range(start, start + n):
        organisation = OrganisationFactory(name=f"Administration {k}", slug=f"admin-{k}")
        proposal = ProposalFactory(
            call=jw.call, organisation=organisation, status="shortlisted", title=f"Défi {k}"
        )
        user = UserFactory(username=f"grown-{k}")
        JuryPoolMember.objects.create(call=jw.call, user=user, category="expert")
        panel = Panel.objects.create(call=jw.call, name=f"Jury {k}", referee=user)
        panel.members.add(user, jw.team, jw.juror)
        panel.proposals.add(proposal)
        jw.panel.proposals.add(proposal)
        Audition.objects.create(panel=panel, proposal=proposal, starts_at=at(DAY, 9))
        PanelVerdict.objects.create(
            panel=panel, proposal=proposal, favourable=True, position=1, justification="J"
        )
        Unavailability.objects.create(
            call=jw.call, user=user, starts_at=at(DAY, 9), ends_at=at(DAY, 10)
        )


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    ("role", "name", "args"),
    [
        ("team", "home", lambda jw: []),
        ("juror", "home", lambda jw: []),
        ("team", "pool", lambda jw: [jw.call.pk]),
        ("team", "composition", lambda jw: [jw.call.pk]),
        ("team", "invite", lambda jw: [jw.call.pk]),
        ("juror", "panel", lambda jw: [jw.panel.pk]),
        ("team", "verdicts", lambda jw: [jw.panel.pk]),
        ("team", "consolidation", lambda jw: [jw.call.pk]),
        ("team", "consolidation_export", lambda jw: [jw.call.pk, "csv"]),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_no_n_plus_one(jw, as_user, role, name, args):
    client = as_user(jw.roles()[role])
    url = reverse(f"defi_jury:{name}", args=args(jw))
    grow(jw, 2)
    small = count(client, url)
    grow(jw, 6)
    assert count(client, url) == small


def test_an_impossible_composition_is_explained_on_the_page(jw, as_user):
    client = as_user(jw.team)
    url = reverse("defi_jury:composition_run", args=[jw.call.pk])
    response = client.post(url, PARAMETERS | {"n_panels": "3"}, follow=True)
    page = text(response)
    assert "Aucun jury trouvé : lisez l'explication ci-dessous." in page
    assert "Trop peu de jurés : 12 juré(s) pour 3 jury(s) d'au moins 5 membres" in page
    assert "Appliquer cette composition" not in page
    run = SolverRun.objects.get()
    apply_url = reverse("defi_jury:composition_apply", args=[jw.call.pk, run.pk])
    response = client.post(apply_url, follow=True)
    assert "Ce calcul n'a pas trouvé de jury : rien à appliquer." in text(response)
    assert not Audition.objects.exists()


def test_the_team_sets_where_a_panel_meets(jw, as_user):
    client = as_user(jw.team)
    url = reverse("defi_jury:panel_venue", args=[jw.panel.pk])
    page = text(client.get(url))
    assert "Adresse et salle" in page and "Lien de visioconférence" in page
    response = client.post(url, {"location": " Salle 101 ", "video_link": "visio.example/x"})
    assert response["Location"].endswith(f"#jury-{jw.panel.pk}")
    jw.panel.refresh_from_db()
    # A link typed without its scheme is completed (https).
    assert (jw.panel.location, jw.panel.video_link) == ("Salle 101", "https://visio.example/x")
    composition = text(client.get(reverse("defi_jury:composition", args=[jw.call.pk])))
    assert "Lieu : Salle 101" in composition and "Modifier le lieu" in composition


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"video_link": "pas un lien"}, "Lien de visioconférence : saisissez une adresse web"),
        ({"video_link": "ftp://visio.example/x"}, "l'adresse doit commencer par https://"),
        ({"location": "x" * 301}, "Adresse et salle : 300 caractères au plus"),
    ],
)
def test_a_bad_panel_place_is_refused_and_changes_nothing(jw, as_user, data, error):
    response = as_user(jw.team).post(reverse("defi_jury:panel_venue", args=[jw.panel.pk]), data)
    assert response.status_code == 400
    assert error in text(response)
    jw.panel.refresh_from_db()
    assert (jw.panel.location, jw.panel.video_link) == ("", "")
    assert not ActivityLog.objects.filter(action="panel.venue_set").exists()


def test_an_audition_gets_a_place_of_its_own_from_the_move_page(jw, as_user):
    item = audition(jw)
    response = as_user(jw.team).post(
        reverse("defi_jury:audition_move", args=[item.pk]),
        {"day": "2031-03-12", "time": "09:00", "panel": jw.panel.pk,
         "video_link": "https://visio.example/defi"},
    )  # fmt: skip
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.video_link, item.location, item.sequence) == ("https://visio.example/defi", "", 1)
    response = as_user(jw.team).post(
        reverse("defi_jury:audition_move", args=[item.pk]),
        {"day": "2031-03-12", "time": "09:00", "panel": jw.panel.pk, "video_link": "nope"},
    )
    assert "Lien de visioconférence : saisissez une adresse web complète" in text(response)
    item.refresh_from_db()
    assert item.video_link == "https://visio.example/defi"
