"""The pages of the proposed posts: the author's form (image checks), the team's review,
publication at a Paris time, double clicks and bad input with their exact messages."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from cohorte.audit.models import ActivityLog
from cohorte.content.models import Post
from cohorte.contributions.models import Contribution, ContributionComment
from cohorte.notifications.models import OutboxMessage

from .conftest import make_contribution

pytestmark = pytest.mark.django_db
Status = Contribution.Status


def png(size=(4, 3)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, "PNG")
    return SimpleUploadedFile("photo.exe", buffer.getvalue(), content_type="image/png")


def form_data(world, **values):
    data = {
        "challenge": world.first.pk,
        "title": "Notre premier prototype",
        "summary": "Ce que nous avons construit.",
        "body": "Un *texte*.",
        "image_alt": "",
    }
    data.update(values)
    return data


def signed_in(client, world, role):
    client.force_login(world.users[role])
    return client


def test_the_author_writes_a_draft_with_an_image(client, cohort_world):
    signed_in(client, cohort_world, "fellow")
    page = client.get("/mon-espace/publications/nouvelle/")
    choices = [str(c) for c in page.context["form"].fields["challenge"].queryset]
    assert choices == ["Données de santé"]  # only the author's défis
    response = client.post(
        "/mon-espace/publications/nouvelle/",
        form_data(cohort_world, image=png(), image_alt="Le prototype à l'écran"),
    )
    contribution = Contribution.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/mon-espace/publications/{contribution.pk}/"
    assert contribution.author == cohort_world.users["fellow"]
    assert contribution.status == Status.DRAFT
    assert contribution.image.name.startswith("contributions/")
    # Written anew as an opaque JPEG, never the bytes sent (the post publishes what is stored).
    assert contribution.image.name.endswith(".jpg")
    with contribution.image.open("rb") as stored:
        assert stored.read(3) == b"\xff\xd8\xff"
    log = ActivityLog.objects.get(action="contributions.created")
    assert log.data == {"challenge": cohort_world.first.pk, "status": "draft"}
    image = client.get(f"/mon-espace/publications/{contribution.pk}/image/")
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert image["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"title": ""}, "title", "Donnez un titre à la publication."),
        ({"summary": ""}, "summary", "Résumez la publication en quelques phrases."),
        ({"body": ""}, "body", "Écrivez le texte de la publication."),
        (
            {"image": "png", "image_alt": " "},
            "image_alt",
            "Décrivez l'image : le texte alternatif est requis avec une image.",
        ),
        (
            {"image": "text", "image_alt": "Une photo"},
            "image",
            "Ce fichier n'est pas une image JPEG, PNG, WebP ou GIF.",
        ),
        ({"image": "big", "image_alt": "Une photo"}, "image", "L'image dépasse 5 Mo."),
        ({"challenge": "other"}, "challenge", None),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(client, cohort_world, values, field, message):
    signed_in(client, cohort_world, "fellow")
    files = {
        "png": png,
        "text": lambda: SimpleUploadedFile("photo.png", b"not an image", "image/png"),
        "big": lambda: SimpleUploadedFile(
            "photo.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024), "image/png"
        ),
    }
    if "image" in values:
        values["image"] = files[values["image"]]()
    if values.get("challenge") == "other":
        values["challenge"] = cohort_world.second.pk  # not a défi of hers
    response = client.post("/mon-espace/publications/nouvelle/", form_data(cohort_world, **values))
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    if message:
        assert errors == [message]
    assert not Contribution.objects.exists() and not ActivityLog.objects.exists()


def test_only_editable_states_can_be_changed(client, cohort_world):
    contribution = make_contribution(cohort_world, status=Status.SUBMITTED)
    signed_in(client, cohort_world, "fellow")
    response = client.post(
        f"/mon-espace/publications/{contribution.pk}/modifier/",
        form_data(cohort_world, title="Changé"),
        follow=True,
    )
    assert "Cette publication n’est plus modifiable." in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.title == "Ce que les données de santé nous ont appris"
    assert not ActivityLog.objects.exists()


def test_the_author_sees_the_state_and_the_last_team_word(client, cohort_world):
    contribution = make_contribution(cohort_world, status=Status.CHANGES_REQUESTED)
    team = cohort_world.users["team"]
    ContributionComment.objects.create(
        contribution=contribution, author=team, body="Premier avis", is_team=True
    )
    ContributionComment.objects.create(
        contribution=contribution, author=team, body="Raccourcissez l'introduction", is_team=True
    )
    ContributionComment.objects.create(
        contribution=contribution, author=contribution.author, body="D'accord", is_team=False
    )
    html = signed_in(client, cohort_world, "fellow").get("/mon-espace/publications/").content
    html = html.decode()
    assert "modifications demandées" in html
    assert "Raccourcissez l&#x27;introduction" in html and "Premier avis" not in html


def test_answering_needs_a_message(client, cohort_world, contribution):
    signed_in(client, cohort_world, "fellow")
    response = client.post(f"/mon-espace/publications/{contribution.pk}/repondre/", {"body": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["body"] == ["Écrivez votre message."]
    assert not ContributionComment.objects.exists() and not OutboxMessage.objects.exists()


def test_review_preview_is_sanitised(client, cohort_world):
    contribution = make_contribution(
        cohort_world, status=Status.SUBMITTED, body="Bonjour <script>alert(1)</script> **gras**"
    )
    html = signed_in(client, cohort_world, "team").get(f"/gestion/contributions/{contribution.pk}/")
    html = html.content.decode()
    assert "<strong>gras</strong>" in html and "<script>alert" not in html
    assert "Par Camille Roux, sur le défi « Données de santé »." in html


def test_asking_changes_without_a_comment(client, cohort_world):
    contribution = make_contribution(cohort_world, status=Status.SUBMITTED)
    signed_in(client, cohort_world, "team")
    response = client.post(
        f"/gestion/contributions/{contribution.pk}/modifications/", {"modifications-body": " "}
    )
    assert response.status_code == 400
    assert response.context["changes_form"].errors["body"] == [
        "Précisez les modifications demandées à l'auteur·rice."
    ]
    contribution.refresh_from_db()
    assert contribution.status == Status.SUBMITTED and not ActivityLog.objects.exists()


def test_declining_without_a_reason(client, cohort_world):
    contribution = make_contribution(cohort_world, status=Status.SUBMITTED)
    signed_in(client, cohort_world, "director")
    response = client.post(f"/gestion/contributions/{contribution.pk}/refuser/", {})
    assert response.status_code == 400
    assert response.context["decline_form"].errors["body"] == ["Indiquez la raison du refus."]
    contribution.refresh_from_db()
    assert contribution.status == Status.SUBMITTED and not OutboxMessage.objects.exists()


def test_publish_at_a_paris_time_and_twice(client, cohort_world):
    contribution = make_contribution(cohort_world, status=Status.ACCEPTED)
    signed_in(client, cohort_world, "team")
    url = f"/gestion/contributions/{contribution.pk}/publier/"
    later = timezone.localtime() + datetime.timedelta(days=3)
    response = client.post(url, {"at": later.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.published_at == later.replace(second=0, microsecond=0)
    # The second click of a double click: refused, one post.
    response = client.post(url, {}, follow=True)
    assert (
        "Cette publication a changé d&#x27;état entre-temps : rechargez la page."
        in response.content.decode()
    )
    assert Post.objects.count() == 1
    assert ActivityLog.objects.filter(action="contributions.published").count() == 1


def test_publish_in_the_past_through_the_page(client, cohort_world):
    contribution = make_contribution(cohort_world, status=Status.ACCEPTED)
    signed_in(client, cohort_world, "team")
    past = timezone.localtime() - datetime.timedelta(hours=2)
    response = client.post(
        f"/gestion/contributions/{contribution.pk}/publier/",
        {"at": past.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 400
    assert response.context["publish_form"].errors["at"] == [
        "La date de publication est passée : laissez-la vide ou choisissez une date à venir."
    ]
    assert not Post.objects.exists()
    contribution.refresh_from_db()
    assert contribution.status == Status.ACCEPTED


def test_published_image_goes_public_with_its_alt_text(client, cohort_world, settings):
    contribution = make_contribution(cohort_world, status=Status.ACCEPTED, image_alt="Un graphe")
    contribution.image.save("image.png", png(), save=True)
    signed_in(client, cohort_world, "team")
    client.post(f"/gestion/contributions/{contribution.pk}/publier/", {})
    post = Post.objects.get()
    assert post.image_file.name.startswith("posts/images/") and post.image_alt == "Un graphe"
    assert post.body == contribution.body
    html = client.get(post.get_absolute_url()).content.decode()
    assert f'src="{settings.MEDIA_URL}{post.image_file.name}"' in html
    assert 'alt="Un graphe"' in html


def test_team_list_filters_by_state(client, cohort_world):
    make_contribution(cohort_world, status=Status.SUBMITTED, title="À relire")
    make_contribution(cohort_world, status=Status.DRAFT, title="Encore brouillon")
    signed_in(client, cohort_world, "team")
    html = client.get("/gestion/contributions/?etat=submitted").content.decode()
    assert "À relire" in html and "Encore brouillon" not in html
    make_contribution(cohort_world, status=Status.PUBLISHED, title="Déjà en ligne")
    html = client.get("/gestion/contributions/?etat=nimporte").content.decode()
    assert "À relire" in html and "Déjà en ligne" in html and "Encore brouillon" not in html
    for index in range(21):
        make_contribution(cohort_world, status=Status.SUBMITTED, title=f"Article {index}")
    page = client.get("/gestion/contributions/?etat=submitted&page=2")
    assert len(page.context["page_obj"].object_list) == 2


def test_a_senior_mentor_proposes_about_the_defi_they_mentor(client, cohort_world):
    signed_in(client, cohort_world, "senior_mentor")
    response = client.post(
        "/mon-espace/publications/nouvelle/",
        form_data(cohort_world, challenge=cohort_world.second.pk),
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.challenge == cohort_world.second
    assert contribution.author == cohort_world.users["senior_mentor"]
    client.post(f"/mon-espace/publications/{contribution.pk}/proposer/")
    contribution.refresh_from_db()
    assert contribution.status == Status.SUBMITTED
    assert OutboxMessage.objects.get().subject == "Publication proposée : Notre premier prototype"
