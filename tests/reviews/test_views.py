"""Preselection views: every role, filters, the grid form, phases, conflicts, files, exports."""

import csv
import io

import pytest
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.reviews import domain
from cohorte.reviews.models import Conflict, Review
from tests.factories import ApplicationChoiceFactory, ApplicationFactory, ExpertiseFactory
from tests.reviews.conftest import add_cv

pytestmark = pytest.mark.django_db

ALL_ROLES = ["anonymous", "candidate", "other_candidate", "team", "director", "mentor",
             "other_mentor", "juror", "other_juror"]  # fmt: skip


def codes(default, **overrides):
    """Status codes per role: anonymous visitors are always sent to the login page (302)."""
    table = dict.fromkeys(ALL_ROLES, default)
    table["anonymous"] = 302
    table.update(overrides)
    return table


def scores_post(call, value="3", recommendation="yes", comment="Bien."):
    data = {f"score-{c.pk}": value for c in call.grid.criteria.all()}
    data.update({"recommendation": recommendation, "comment": comment})
    return data


def full_scores(call, value=3):
    return {str(c.pk): value for c in call.grid.criteria.all()}


HOME = codes(403, team=200, director=200, mentor=200, other_mentor=200)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_home_by_role(world, as_user, role):
    response = as_user(world.roles()[role]).get(reverse("reviews:home"))
    assert response.status_code == HOME[role]
    if role == "anonymous":
        assert response["Location"].startswith("/compte/login/")


REVIEW = codes(404, team=200, director=200, mentor=200)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_review_page_by_role(world, as_user, role):
    url = reverse("reviews:review", args=[world.application.pk])
    assert as_user(world.roles()[role]).get(url).status_code == REVIEW[role]


@pytest.mark.parametrize("role", ALL_ROLES)
def test_posting_a_review_by_role(world, as_user, role):
    url = reverse("reviews:review", args=[world.application.pk])
    response = as_user(world.roles()[role]).post(url, scores_post(world.call))
    expected = 302 if REVIEW[role] == 200 else REVIEW[role]
    assert response.status_code == expected
    assert Review.objects.count() == (1 if REVIEW[role] == 200 else 0)


CONFLICT = codes(404, team=200, director=200, mentor=200, juror=200)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_declare_conflict_page_by_role(world, as_user, role):
    url = reverse("reviews:declare_conflict", args=[world.application.pk])
    assert as_user(world.roles()[role]).get(url).status_code == CONFLICT[role]


FILE = codes(404, team=200, director=200, mentor=200, juror=200)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_application_file_by_role(world, as_user, role):
    cv = add_cv(world.application, name="Mon CV.pdf")
    url = reverse("reviews:application_file", args=[world.application.pk, cv.pk])
    response = as_user(world.roles()[role]).get(url)
    assert response.status_code == FILE[role]
    if FILE[role] == 200:
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_file_of_another_application_is_not_served(world, as_user):
    cv = add_cv(world.other_application)
    url = reverse("reviews:application_file", args=[world.application.pk, cv.pk])
    assert as_user(world.team).get(url).status_code == 404


EXPORT = codes(403, team=200, director=200)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_review_export_by_role(world, as_user, role):
    url = reverse("reviews:export", args=[world.call.slug, "csv"])
    assert as_user(world.roles()[role]).get(url).status_code == EXPORT[role]


SHORTLIST = codes(403, team=302, director=302)


@pytest.mark.parametrize("role", ALL_ROLES)
def test_shortlist_by_role(world, as_user, role):
    url = reverse("reviews:shortlist", args=[world.call.slug])
    response = as_user(world.roles()[role]).post(url, {"applications": [world.application.pk]})
    assert response.status_code == SHORTLIST[role]
    world.application.refresh_from_db()
    assert world.application.status == (
        "shortlisted" if role in ("team", "director") else "submitted"
    )


def test_shortlist_records_and_reports(world, as_user):
    client = as_user(world.team)
    url = reverse("reviews:shortlist", args=[world.call.slug])
    response = client.post(url, {"applications": [world.application.pk]}, follow=True)
    assert "1 candidature(s) présélectionnée(s) pour une audition." in response.content.decode()
    assert ActivityLog.objects.filter(action="application.shortlisted").count() == 1
    response = client.post(url, {}, follow=True)
    assert "Cochez au moins une candidature" in response.content.decode()


def test_mentor_sees_only_their_defi_and_never_drafts(world, as_user):
    draft = ApplicationFactory(call=world.call, status="draft", first_name="Brouillon")
    ApplicationChoiceFactory(application=draft, challenge=world.challenge)
    page = as_user(world.mentor).get(reverse("reviews:home")).content.decode()
    assert world.application.display_name in page
    assert world.other_application.display_name not in page
    assert "Brouillon" not in page
    team_page = as_user(world.team).get(reverse("reviews:home")).content.decode()
    assert world.other_application.display_name in team_page and "Brouillon" not in team_page


def test_home_filters_by_defi_profile_and_own_status(world, as_user):
    profile = ExpertiseFactory(name="Design")
    world.call.profiles.add(profile)
    choice = world.other_application.choices.get()
    choice.profile = profile
    choice.save()
    domain.submit_review(world.application, world.team, full_scores(world.call), "", "yes")
    client = as_user(world.team)
    url = reverse("reviews:home")

    def names(**params):
        page = client.get(url, params).content.decode()
        return {a.display_name for a in (world.application, world.other_application)
                if a.display_name in page}  # fmt: skip

    both = {world.application.display_name, world.other_application.display_name}
    assert names() == both
    assert names(defi=world.challenge.pk) == {world.application.display_name}
    assert names(profil=profile.pk) == {world.other_application.display_name}
    assert names(etat="fait") == {world.application.display_name}
    assert names(etat="a-faire") == {world.other_application.display_name}
    assert names(defi="pas-un-nombre") == both


def test_home_sorts_by_aggregate(world, as_user):
    domain.submit_review(world.application, world.mentor, full_scores(world.call, 1), "", "no")
    domain.submit_review(world.other_application, world.other_mentor, full_scores(world.call, 4),
                         "", "yes")  # fmt: skip
    page = as_user(world.team).get(reverse("reviews:home"), {"tri": "aggregate"}).content.decode()
    assert page.index(world.other_application.display_name) < page.index(
        world.application.display_name
    )
    assert "20,0 (1 avis, écart 0)" in page and "5,0 (1 avis, écart 0)" in page


def test_a_conflicted_application_disappears_and_its_url_answers_404(world, as_user):
    client = as_user(world.mentor)
    url = reverse("reviews:declare_conflict", args=[world.application.pk])
    response = client.post(url, {"reason": "Ancien collègue"})
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:home") + f"?appel={world.call.slug}"
    assert Conflict.objects.filter(application=world.application, reviewer=world.mentor).exists()
    assert (
        world.application.display_name not in client.get(reverse("reviews:home")).content.decode()
    )
    for name in ["reviews:review", "reviews:declare_conflict"]:
        response = client.get(reverse(name, args=[world.application.pk]))
        assert response.status_code == 404
        assert world.application.display_name not in response.content.decode()
    post = client.post(reverse("reviews:review", args=[world.application.pk]),
                       scores_post(world.call))  # fmt: skip
    assert post.status_code == 404 and not Review.objects.exists()


def test_conflict_suggestion_is_shown_with_a_one_click_button(world, as_user):
    world.candidate.email = "alex@interieur.gouv.fr"
    world.candidate.save()
    world.mentor.email = "mentor@interieur.gouv.fr"
    world.mentor.save()
    client = as_user(world.mentor)
    page = client.get(reverse("reviews:home")).content.decode()
    label = "Conflit possible : même domaine de messagerie (interieur.gouv.fr)"
    assert label in page
    assert "Déclarer ce conflit" in page
    response = client.post(
        reverse("reviews:declare_conflict", args=[world.application.pk]),
        {"reason": label, "next": reverse("reviews:home")},
    )
    assert response["Location"] == reverse("reviews:home")
    assert Conflict.objects.get().reason == label


def test_declaring_a_conflict_with_a_too_long_reason_changes_nothing(world, as_user):
    response = as_user(world.team).post(
        reverse("reviews:declare_conflict", args=[world.application.pk]), {"reason": "x" * 301}
    )
    assert response.status_code == 200
    assert "Le motif dépasse 300 caractères." in response.content.decode()
    assert not Conflict.objects.exists()


def test_declare_conflict_ignores_an_outside_next_url(world, as_user):
    response = as_user(world.team).post(
        reverse("reviews:declare_conflict", args=[world.application.pk]),
        {"next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("reviews:home") + f"?appel={world.call.slug}"


def test_review_form_errors_are_clear_and_nothing_is_saved(world, as_user):
    client = as_user(world.mentor)
    url = reverse("reviews:review", args=[world.application.pk])
    data = scores_post(world.call)
    first, second = list(world.call.grid.criteria.all())[:2]
    data[f"score-{first.pk}"] = "9"
    data[f"score-{second.pk}"] = "abc"
    data["recommendation"] = ""
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert f"La note de « {first.label} » doit être comprise entre 1 et 4." in page.replace(
        "&#x27;", "'"
    ).replace("&quot;", '"')
    assert "doit être un nombre entier." in page
    assert "Choisissez un avis : favorable, réservé ou défavorable." in page
    assert f'aria-describedby="score-{first.pk}-error"' not in page  # on the fieldset instead
    assert f'id="score-{first.pk}-error"' in page
    assert not Review.objects.exists()


def test_saving_then_updating_from_the_page(world, as_user):
    client = as_user(world.mentor)
    url = reverse("reviews:review", args=[world.application.pk])
    response = client.post(url, scores_post(world.call, "2"), follow=True)
    assert "Votre évaluation est enregistrée." in response.content.decode()
    response = client.post(url, scores_post(world.call, "4", "maybe"), follow=True)
    assert "Votre évaluation est mise à jour." in response.content.decode()
    review = Review.objects.get()
    assert (review.total, review.recommendation) == (20, "maybe")


@pytest.mark.parametrize(
    ("visibility", "before_own", "after_own"),
    [("never", False, False), ("after_own", False, True), ("always", True, True)],
)
def test_visibility_phases_on_the_review_page(world, as_user, visibility, before_own, after_own):
    world.call.review_visibility = visibility
    world.call.save()
    domain.submit_review(world.application, world.team, full_scores(world.call, 4), "Secret",
                         "yes")  # fmt: skip
    client = as_user(world.mentor)
    url = reverse("reviews:review", args=[world.application.pk])
    page = client.get(url).content.decode()
    team_name = world.team.get_full_name()
    assert ("Secret" in page) is before_own
    assert (team_name in page) is before_own
    assert ("Synthèse des évaluations" in page) is before_own
    domain.submit_review(world.application, world.mentor, full_scores(world.call, 1), "", "no")
    page = client.get(url).content.decode()
    assert ("Secret" in page) is after_own
    assert (team_name in page) is after_own


def test_team_always_sees_the_aggregate_but_not_others_reviews_when_never(world, as_user):
    world.call.review_visibility = "never"
    world.call.save()
    domain.submit_review(world.application, world.mentor, full_scores(world.call, 2), "Avis mentor",
                         "no")  # fmt: skip
    page = (
        as_user(world.team)
        .get(reverse("reviews:review", args=[world.application.pk]))
        .content.decode()
    )
    assert "Synthèse des évaluations" in page and "Moyenne : 10,0 / 20" in page
    assert "Avis mentor" not in page


def test_review_page_shows_answers_choices_and_files(world, as_user):
    question = world.call.questions.first()
    world.application.answers = {str(question.pk): "Dix ans de développement web."}
    world.application.save()
    cv = add_cv(world.application, name="cv-alex.pdf")
    add_cv(world.application, name="ancien.pdf", current=False)
    page = (
        as_user(world.mentor)
        .get(reverse("reviews:review", args=[world.application.pk]))
        .content.decode()
    )
    assert "Dix ans de développement web." in page
    assert world.challenge.title in page
    assert reverse("reviews:application_file", args=[world.application.pk, cv.pk]) in page
    assert "ancien.pdf" not in page


def test_export_of_reviews_in_three_formats(world, as_user):
    domain.submit_review(world.application, world.mentor, full_scores(world.call, 3), "=cmd", "yes")
    client = as_user(world.team)
    response = client.get(reverse("reviews:export", args=[world.call.slug, "csv"]))
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    criteria = [c.label for c in world.call.grid.criteria.all()]
    assert rows[0][:7] == ["Candidature (n°)", "Candidat·e", "Statut", "Étape",
                           "Défi de la grille d'audition", "Évaluateur·rice",
                           "Grille collective du jury"]  # fmt: skip
    assert rows[0][7:12] == criteria
    assert rows[1][0] == str(world.application.pk)
    assert rows[1][4] == ""  # a preselection review is about no défi
    assert rows[1][7:13] == ["3", "3", "3", "3", "3", "15"]
    assert rows[1][14] == "'=cmd"  # never a formula
    assert response["Content-Disposition"] == (
        f'attachment; filename="evaluations-{world.call.slug}.csv"'
    )
    response = client.get(reverse("reviews:export", args=[world.call.slug, "csv-fr"]))
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert rows[1][7:13] == ["3", "3", "3", "3", "3", "15"] and rows[1][14] == "'=cmd"
    for fmt, start in [("xlsx", b"PK"), ("ods", b"PK")]:
        response = client.get(reverse("reviews:export", args=[world.call.slug, fmt]))
        assert response.status_code == 200 and response.getvalue().startswith(start)
    assert client.get(reverse("reviews:export", args=[world.call.slug, "pdf"])).status_code == 404


def _many(world, n):
    for i in range(n):
        application = ApplicationFactory(call=world.call, answers={"1": f"réponse {i}"})
        ApplicationChoiceFactory(application=application, challenge=world.challenge)
        domain.submit_review(application, world.team, full_scores(world.call), "", "yes")


@pytest.mark.parametrize("role", ["team", "mentor"])
def test_home_has_no_n_plus_one(world, as_user, role, django_assert_max_num_queries):
    client = as_user(world.roles()[role])
    _many(world, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("reviews:home")).status_code == 200
    _many(world, 12)
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse("reviews:home")).status_code == 200
    assert len(large) == len(small)


def test_home_past_the_last_page_shows_the_last_page(world, as_user):
    response = as_user(world.team).get(reverse("reviews:home"), {"page": "99"})
    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert world.other_application.display_name in response.content.decode()


def test_home_sorts_names_without_accents(world, as_user):
    # "Éluard" comes between "Durand" and "Martin", as in the team's list, not after "Zola".
    for application, name in ((world.application, "Zola"), (world.other_application, "Éluard")):
        application.first_name, application.last_name = "", name
        application.save()
    ApplicationFactory(call=world.call, first_name="", last_name="Durand")
    response = as_user(world.team).get(reverse("reviews:home"), {"tri": "name"})
    names = [row["application"].last_name for row in response.context["page"]]
    assert names == ["Durand", "Éluard", "Zola"]


def test_the_export_of_reviews_streams_at_the_same_cost_at_two_sizes(world, as_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.scale import instances_loaded

    client = as_user(world.team)
    url = reverse("reviews:export", args=[world.call.slug, "csv"])

    def cost():
        with CaptureQueriesContext(connection) as queries, instances_loaded() as loaded:
            response = client.get(url)
            assert response.streaming
            lines = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
        return len(queries), loaded["reviews.Review"], lines

    _many(world, 2)
    small_queries, small_reviews, small_lines = cost()
    _many(world, 12)
    queries, reviews, lines = cost()
    assert queries == small_queries
    # Each review is read once, and is one line of the file.
    assert (small_reviews, reviews) == (2, 14)
    assert (len(small_lines), len(lines)) == (3, 15)
