"""The life of a proposed post: each transition, its audit entry and its e-mail; refusals
leave the database as it was; publishing twice makes one article."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from cohorte.audit.models import ActivityLog
from cohorte.content.models import Post
from cohorte.contributions import domain
from cohorte.contributions.models import Contribution, ContributionComment
from cohorte.notifications.models import OutboxMessage

from .conftest import make_contribution

pytestmark = pytest.mark.django_db
Status = Contribution.Status
NOW = datetime.datetime(2027, 3, 10, 9, 0, tzinfo=datetime.UTC)


def entries(contribution):
    return list(
        ActivityLog.objects.filter(object_id=str(contribution.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def only_mail():
    (message,) = OutboxMessage.objects.all()
    return message


def test_submission_tells_the_team_and_is_logged(cohort_world, contribution):
    team = cohort_world.users["team"]
    domain.submit(contribution, cohort_world.users["fellow"], NOW)
    contribution.refresh_from_db()
    assert contribution.status == Status.SUBMITTED
    assert contribution.submitted_at == NOW
    log = ActivityLog.objects.get(action="contributions.submitted")
    assert log.actor == cohort_world.users["fellow"] and log.data == {"again": False}
    mail = only_mail()
    assert sorted(mail.to) == sorted([team.email, cohort_world.users["director"].email])
    assert mail.subject == "Publication proposée : Ce que les données de santé nous ont appris"
    assert "Camille Roux propose une publication sur le défi « Données de santé »" in mail.body
    assert f"/gestion/contributions/{contribution.pk}/" in mail.body


def test_changes_requested_then_resubmitted(cohort_world, contribution):
    team, fellow = cohort_world.users["team"], cohort_world.users["fellow"]
    domain.submit(contribution, fellow, NOW)
    OutboxMessage.objects.all().delete()
    domain.request_changes(contribution, team, "Ajoutez une conclusion.", NOW)
    contribution.refresh_from_db()
    assert contribution.status == Status.CHANGES_REQUESTED and contribution.editable
    comment = ContributionComment.objects.get()
    assert comment.is_team and comment.body == "Ajoutez une conclusion." and comment.author == team
    mail = only_mail()
    assert mail.to == ["camille@example.org"]
    assert mail.subject == "Modifications demandées : Ce que les données de santé nous ont appris"
    assert "Ajoutez une conclusion." in mail.body
    assert f"/mon-espace/publications/{contribution.pk}/" in mail.body
    domain.submit(contribution, fellow, NOW)
    assert entries(contribution) == [
        "contributions.submitted",
        "contributions.changes_requested",
        "contributions.submitted",
    ]
    assert ActivityLog.objects.filter(action="contributions.submitted").order_by(
        "pk"
    ).last().data == {"again": True}


def test_changes_need_a_comment(cohort_world, contribution):
    domain.submit(contribution, cohort_world.users["fellow"], NOW)
    before = (OutboxMessage.objects.count(), ActivityLog.objects.count())
    with pytest.raises(ValidationError) as error:
        domain.request_changes(contribution, cohort_world.users["team"], "  ", NOW)
    assert error.value.messages == ["Précisez les modifications demandées à l'auteur·rice."]
    contribution.refresh_from_db()
    assert contribution.status == Status.SUBMITTED
    assert not ContributionComment.objects.exists()
    assert (OutboxMessage.objects.count(), ActivityLog.objects.count()) == before


def test_decline_needs_a_reason_and_tells_the_author(cohort_world, contribution):
    team = cohort_world.users["team"]
    domain.submit(contribution, cohort_world.users["fellow"], NOW)
    OutboxMessage.objects.all().delete()
    with pytest.raises(ValidationError) as error:
        domain.decline(contribution, team, "", NOW)
    assert error.value.messages == ["Indiquez la raison du refus."]
    contribution.refresh_from_db()
    assert contribution.status == Status.SUBMITTED and not OutboxMessage.objects.exists()
    domain.decline(contribution, team, "Hors du sujet du blog.", NOW)
    contribution.refresh_from_db()
    assert contribution.status == Status.DECLINED and not contribution.editable
    mail = only_mail()
    assert mail.to == ["camille@example.org"]
    assert mail.subject == "Publication refusée : Ce que les données de santé nous ont appris"
    assert "Hors du sujet du blog." in mail.body
    assert entries(contribution)[-1] == "contributions.declined"


def test_accept_then_publish_now(cohort_world, contribution, settings):
    settings.SITE_URL = "https://cohorte.example.org"
    team, fellow = cohort_world.users["team"], cohort_world.users["fellow"]
    domain.submit(contribution, fellow, NOW)
    OutboxMessage.objects.all().delete()
    domain.accept(contribution, team, "Bravo !", NOW)
    mail = only_mail()
    assert mail.subject == "Publication acceptée : Ce que les données de santé nous ont appris"
    assert "Bravo !" in mail.body
    OutboxMessage.objects.all().delete()

    post = domain.publish(contribution, cohort_world.users["director"], NOW)
    contribution.refresh_from_db()
    assert contribution.status == Status.PUBLISHED and contribution.post == post
    assert post.kind == Post.Kind.ARTICLE and post.is_published
    assert post.title == contribution.title and post.description == contribution.summary
    assert post.body == contribution.body
    assert post.author == "Camille Roux"
    assert post.slug == "ce-que-les-donnees-de-sante-nous-ont-appris"
    assert post.published_at == NOW
    mail = only_mail()
    assert mail.to == ["camille@example.org"]
    assert mail.subject == "Publication en ligne : Ce que les données de santé nous ont appris"
    assert (
        "https://cohorte.example.org/blog/ce-que-les-donnees-de-sante-nous-ont-appris/" in mail.body
    )
    assert "en ligne le 10 mars 2027 à 10 h 00, heure de Paris" in mail.body
    log = ActivityLog.objects.get(action="contributions.published")
    assert log.actor == cohort_world.users["director"]
    assert log.data["post"] == post.pk and log.data["slug"] == post.slug
    assert entries(contribution) == [
        "contributions.submitted",
        "contributions.accepted",
        "contributions.published",
    ]


def test_publish_at_a_later_time_and_slug_unique(cohort_world):
    Post.objects.create(title="Déjà là", slug="ce-que-les-donnees-de-sante-nous-ont-appris")
    contribution = make_contribution(cohort_world, status=Status.ACCEPTED)
    later = NOW + datetime.timedelta(days=2)
    post = domain.publish(contribution, cohort_world.users["team"], NOW, at=later)
    assert post.published_at == later
    assert post.slug == "ce-que-les-donnees-de-sante-nous-ont-appris-2"


def test_publish_in_the_past_is_refused(cohort_world):
    contribution = make_contribution(cohort_world, status=Status.ACCEPTED)
    with pytest.raises(ValidationError) as error:
        domain.publish(
            contribution, cohort_world.users["team"], NOW, at=NOW - datetime.timedelta(minutes=1)
        )
    assert error.value.messages == [
        "La date de publication est passée : laissez-la vide ou choisissez une date à venir."
    ]
    contribution.refresh_from_db()
    assert contribution.status == Status.ACCEPTED and contribution.post is None
    assert not Post.objects.exists() and not OutboxMessage.objects.exists()
    assert not ActivityLog.objects.exists()


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Status.DRAFT, "publish"),
        (Status.SUBMITTED, "publish"),
        (Status.PUBLISHED, "publish"),
        (Status.DECLINED, "accept"),
        (Status.PUBLISHED, "submit"),
        (Status.ACCEPTED, "submit"),
        (Status.DRAFT, "accept"),
        (Status.CHANGES_REQUESTED, "request_changes"),
        (Status.PUBLISHED, "decline"),
    ],
)
def test_transitions_out_of_order_are_refused(cohort_world, status, action):
    contribution = make_contribution(cohort_world, status=status)
    team = cohort_world.users["team"]
    calls = {
        "publish": lambda: domain.publish(contribution, team, NOW),
        "accept": lambda: domain.accept(contribution, team, "", NOW),
        "submit": lambda: domain.submit(contribution, cohort_world.users["fellow"], NOW),
        "request_changes": lambda: domain.request_changes(contribution, team, "Encore", NOW),
        "decline": lambda: domain.decline(contribution, team, "Non", NOW),
    }
    with pytest.raises(domain.TransitionRefused) as error:
        calls[action]()
    assert error.value.messages == [
        "Cette publication a changé d'état entre-temps : rechargez la page."
    ]
    contribution.refresh_from_db()
    assert contribution.status == status
    assert not Post.objects.exists() and not OutboxMessage.objects.exists()
    assert not ActivityLog.objects.exists() and not ContributionComment.objects.exists()


def test_publishing_twice_makes_one_post(cohort_world):
    contribution = make_contribution(cohort_world, status=Status.ACCEPTED)
    stale = Contribution.objects.get(pk=contribution.pk)  # the page of the second click
    domain.publish(contribution, cohort_world.users["team"], NOW)
    with pytest.raises(domain.TransitionRefused):
        domain.publish(stale, cohort_world.users["team"], NOW)
    assert Post.objects.count() == 1
    assert ActivityLog.objects.filter(action="contributions.published").count() == 1
    assert OutboxMessage.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_publications_make_one_post(cohort_world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: the row lock is tested on PostgreSQL")
    contribution = make_contribution(cohort_world, status=Status.ACCEPTED)
    team = cohort_world.users["team"]
    barrier = threading.Barrier(2)
    outcomes = []

    def click():
        try:
            barrier.wait()
            domain.publish(Contribution.objects.get(pk=contribution.pk), team, NOW)
            outcomes.append("published")
        except domain.TransitionRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["published", "refused"]
    assert Post.objects.count() == 1


def test_comments_tell_the_other_side(cohort_world, contribution):
    team, fellow = cohort_world.users["team"], cohort_world.users["fellow"]
    domain.comment(contribution, team, "Une question sur le titre.", from_team=True)
    mail = only_mail()
    assert mail.to == ["camille@example.org"]
    assert "Une question sur le titre." in mail.body
    OutboxMessage.objects.all().delete()
    domain.comment(contribution, fellow, "Je le raccourcis.", from_team=False)
    mail = only_mail()
    assert "equipe@example.org" in mail.to and "camille@example.org" not in mail.to
    assert "Camille Roux a répondu au sujet de" in mail.body
    assert entries(contribution) == ["contributions.commented", "contributions.commented"]
    with pytest.raises(ValidationError) as error:
        domain.comment(contribution, fellow, " ", from_team=False)
    assert error.value.messages == ["Écrivez votre message."]
    assert ContributionComment.objects.count() == 2


def test_the_published_post_is_on_the_blog(client, cohort_world):
    contribution = make_contribution(
        cohort_world, status=Status.ACCEPTED, body="Texte <script>alert(1)</script> **fort**"
    )
    post = domain.publish(contribution, cohort_world.users["team"], timezone.now())
    page = client.get(f"/blog/{post.slug}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ce que les données de santé nous ont appris" in html
    assert "<strong>fort</strong>" in html and "<script>alert" not in html
    assert "Camille Roux" in html


def test_the_published_post_has_the_image_its_alt_text_its_author_and_a_first_version(
    cohort_world, settings
):
    import io

    import time_machine
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(buffer, "PNG")
    contribution = make_contribution(
        cohort_world,
        status=Status.ACCEPTED,
        image=SimpleUploadedFile("x.png", buffer.getvalue(), "image/png"),
        image_alt="Le prototype à l'écran",
    )
    post = domain.publish(contribution, cohort_world.users["team"], NOW)
    assert post.image_file.name.startswith("posts/images/") and post.image_file.name.endswith(
        ".png"
    )
    assert post.image_alt == "Le prototype à l'écran"
    assert list(post.authors.all()) == [cohort_world.users["fellow"].person]
    assert [r.number for r in post.revisions.all()] == [1]
    with time_machine.travel(NOW + datetime.timedelta(hours=1)):
        page = Client().get(post.get_absolute_url()).content.decode()
    assert post.image_file.url in page and 'alt="Le prototype à l&#x27;écran"' in page
