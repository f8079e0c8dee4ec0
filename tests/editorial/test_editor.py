"""Writing, scheduling, publishing and unpublishing posts in the team's editor; bad input."""

import datetime
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cohorte.audit.models import ActivityLog
from cohorte.content.models import Post, PostRevision, Tag
from cohorte.editorial import uploads
from tests.factories import CategoryFactory, PersonFactory, PostFactory

from .conftest import NOW, fields, image_file, text

pytestmark = pytest.mark.django_db
NEW = reverse("editorial:new")
PAST = "La date de publication programmée est passée : choisissez une date et une heure à venir."
MISSING = "Indiquez la date et l’heure de la publication programmée."
NOT_AN_IMAGE = "Ce fichier n’est pas une image : déposez une image JPEG, PNG, GIF ou WebP."
NO_ALT = "Décrivez l’image pour qui ne la voit pas : le texte alternatif est obligatoire."
ITSELF = "Une publication ne peut pas être sa propre traduction."
SAME_LANGUAGE = "La traduction doit être dans une autre langue que l'original."
OF_A_TRANSLATION = "L'original choisi est lui-même une traduction : liez au texte d'origine."


def state() -> tuple:
    """What a refused form must leave unchanged."""
    return (
        list(
            Post.objects.order_by("pk").values_list("pk", "title", "is_published", "published_at")
        ),
        PostRevision.objects.count(),
        ActivityLog.objects.count(),
        Tag.objects.count(),
    )


def actions(post) -> list[str]:
    return list(
        ActivityLog.objects.filter(object_id=str(post.pk), content_type__model="post")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_a_draft_with_authors_categories_and_tags(team_client, on_day):
    person = PersonFactory(full_name="Ada Lovelace")
    category = CategoryFactory(name="Recrutement")
    response = team_client.post(
        NEW,
        fields(
            authors=[person.pk],
            categories=[category.pk],
            tags_text="Données, santé, données",
            author="",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    post = Post.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("editorial:edit", args=[post.pk])
    assert post.slug == "bilan-de-la-promotion-7"
    assert not post.is_published
    assert list(post.authors.all()) == [person]
    assert list(post.categories.all()) == [category]
    assert sorted(post.tags.values_list("slug", flat=True)) == ["donnees", "sante"]
    revision = post.revisions.get()
    assert revision.number == 1
    assert revision.created_by == team_client.user
    assert revision.snapshot["authors"] == "Ada Lovelace"
    assert revision.snapshot["state"] == "brouillon"
    assert actions(post) == ["post.created"]
    log = ActivityLog.objects.get()
    assert log.actor == team_client.user
    assert log.data["title"] == "Bilan de la promotion 7"


def test_publish_now(team_client, on_day):
    response = team_client.post(NEW, fields(action="publish"))
    post = Post.objects.get()
    assert response.status_code == 302
    assert post.is_published and post.published_at == NOW
    assert actions(post) == ["post.published"]
    assert team_client.get(post.get_absolute_url()).status_code == 200


def test_a_job_offer_open_until_a_day_then_closed(client, team_client, on_day):
    data = fields(kind="job", title="Chargé·e de mission", open_until="2027-03-31")
    team_client.post(NEW, data | {"action": "publish"})
    offer = Post.objects.get()
    assert (offer.kind, offer.open_until) == ("job", datetime.date(2027, 3, 31))
    assert offer.revisions.get().snapshot["open_until"] == "31/03/2027"
    assert "Candidatures ouvertes jusqu’au 31 mars 2027 inclus" in text(
        client.get(offer.get_absolute_url())
    )
    assert offer.title in text(client.get("/blog/offres/"))
    on_day.move_to(datetime.datetime(2027, 4, 1, 9, tzinfo=datetime.UTC))
    assert "Offre close" in text(client.get(offer.get_absolute_url()))
    assert offer.title not in text(client.get("/blog/offres/"))


def test_schedule_in_paris_time(team_client, on_day):
    response = team_client.post(
        NEW, fields(action="schedule", scheduled_date="2027-03-20", scheduled_time="10:00")
    )
    post = Post.objects.get()
    assert response.status_code == 302
    assert post.is_published
    # 10:00 in Paris in March (winter time) is 09:00 UTC.
    assert post.published_at == datetime.datetime(2027, 3, 20, 9, tzinfo=datetime.UTC)
    assert post.is_scheduled
    assert actions(post) == ["post.scheduled"]
    log = ActivityLog.objects.get()
    assert datetime.datetime.fromisoformat(log.data["published_at"]) == post.published_at
    # Summer time: 10:00 in Paris is 08:00 UTC.
    team_client.post(
        reverse("editorial:edit", args=[post.pk]),
        fields(action="schedule", scheduled_date="2027-07-01", scheduled_time="10:00"),
    )
    post.refresh_from_db()
    assert post.published_at == datetime.datetime(2027, 7, 1, 8, tzinfo=datetime.UTC)
    assert actions(post) == ["post.scheduled", "post.scheduled"]


def test_a_scheduled_post_appears_at_its_time(client, team_client, on_day):
    team_client.post(
        NEW, fields(action="schedule", scheduled_date="2027-03-15", scheduled_time="10:05")
    )
    post = Post.objects.get()
    client.logout()
    assert client.get(post.get_absolute_url()).status_code == 404
    # The blog is cached now, until the post goes public (sooner than the usual ten minutes).
    assert "Bilan de la promotion 7" not in text(client.get("/blog/"))
    on_day.move_to(datetime.datetime(2027, 3, 15, 9, 5, 1, tzinfo=datetime.UTC))
    assert client.get(post.get_absolute_url()).status_code == 200
    assert "Bilan de la promotion 7" in text(client.get("/blog/"))


@pytest.mark.parametrize(
    ("date", "time", "message"),
    [
        ("2027-03-15", "09:59", PAST),
        ("2026-12-01", "12:00", PAST),
        ("", "12:00", MISSING),
        ("2027-04-01", "", MISSING),
    ],
)  # fmt: skip
def test_scheduling_refused(team_client, on_day, date, time, message):
    before = state()
    response = team_client.post(
        NEW, fields(action="schedule", scheduled_date=date, scheduled_time=time)
    )
    assert response.status_code == 400
    assert message in text(response)
    assert state() == before


def test_scheduling_an_existing_post_in_the_past_changes_nothing(team_client, on_day):
    post = PostFactory(is_published=False, published_at=NOW, title="Brouillon")
    before = state()
    response = team_client.post(
        reverse("editorial:edit", args=[post.pk]),
        fields(
            title="Autre titre",
            action="schedule",
            scheduled_date="2027-03-14",
            scheduled_time="10:00",
        ),
    )
    assert response.status_code == 400
    assert "La date de publication programmée est passée" in text(response)
    assert state() == before


def test_a_title_is_required(team_client, on_day):
    before = state()
    response = team_client.post(NEW, fields(title=""))
    assert response.status_code == 400
    assert "Indiquez le titre de la publication." in text(response)
    assert state() == before


def test_an_uploaded_image_is_resized_and_reencoded(client, team_client, on_day):
    response = team_client.post(
        NEW,
        fields(action="publish", image_alt="L’équipe devant la DINUM", image_upload=image_file()),
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.image_file.name.startswith("posts/images/")
    assert post.image_file.name.endswith(".jpg")
    with Image.open(post.image_file.path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (1600, 800)
    client.logout()
    page = text(client.get(post.get_absolute_url()))
    assert f'src="/media/{post.image_file.name}" alt="L’équipe devant la DINUM"' in page
    assert f'src="/media/{post.image_file.name}"' in text(client.get("/blog/"))


def test_a_transparent_image_stays_png_and_a_small_one_keeps_its_size(team_client, on_day):
    team_client.post(NEW, fields(image_alt="Logo", image_upload=image_file(300, 200, mode="RGBA")))
    post = Post.objects.get()
    assert post.image_file.name.endswith(".png")
    with Image.open(post.image_file.path) as stored:
        assert stored.size == (300, 200)
        assert stored.mode == "RGBA"


@pytest.mark.parametrize(
    ("upload", "alt", "message", "field"),
    [
        (SimpleUploadedFile("photo.png", b"MZ\x90\x00 not an image"), "Une photo",
         NOT_AN_IMAGE, "image_upload"),
        (SimpleUploadedFile("doc.jpg", b"%PDF-1.4\n%%EOF"), "Une photo",
         NOT_AN_IMAGE, "image_upload"),
        (SimpleUploadedFile("big.jpg", b"\xff" * (uploads.MAX_IMAGE_BYTES + 1)), "Une photo",
         "L’image dépasse la taille maximale de 5 Mo.", "image_upload"),
        ("image", "", NO_ALT, "image_alt"),
    ],
    ids=["not-an-image", "pdf-named-jpg", "too-large", "no-alt"],
)  # fmt: skip
def test_bad_images_are_refused(team_client, on_day, tmp_path, upload, alt, message, field):
    if upload == "image":
        upload = image_file()
    before = state()
    response = team_client.post(NEW, fields(image_upload=upload, image_alt=alt))
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert message in text(response)
    assert state() == before
    assert not list((tmp_path / "media").rglob("*.*"))  # nothing stored either


def test_removing_the_image(team_client, on_day, django_capture_on_commit_callbacks):
    team_client.post(NEW, fields(image_alt="Une photo", image_upload=image_file(200, 100)))
    post = Post.objects.get()
    stored = post.image_file.path
    with django_capture_on_commit_callbacks(execute=True):
        team_client.post(reverse("editorial:edit", args=[post.pk]), fields(remove_image="on"))
    post.refresh_from_db()
    assert not post.image_file
    assert not os.path.exists(stored)
    assert post.image_alt == ""


def test_translations(team_client, client, on_day):
    original = PostFactory(title="Bilan", slug="bilan", language="fr", published_at=NOW)
    response = team_client.post(
        NEW,
        fields(title="Review", language="en", translation_of=original.pk, action="publish"),
    )
    assert response.status_code == 302
    english = Post.objects.get(slug="review")
    assert english.translation_of == original
    client.logout()
    french_page = text(client.get(original.get_absolute_url()))
    assert '<link rel="alternate" hreflang="en" href="/blog/review/">' in french_page
    assert (
        'href="/blog/review/" hreflang="en" lang="en">Read this post in English</a>' in french_page
    )
    english_page = text(client.get(english.get_absolute_url()))
    assert '<link rel="alternate" hreflang="fr" href="/blog/bilan/">' in english_page
    assert "Lire cet article en français" in english_page


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("itself", ITSELF),
        ("same-language", SAME_LANGUAGE),
        ("of-a-translation", OF_A_TRANSLATION),
    ],
)  # fmt: skip
def test_bad_translations_are_refused(team_client, on_day, case, message):
    original = PostFactory(title="Bilan", language="fr", published_at=NOW)
    english = PostFactory(title="Review", language="en", translation_of=original, published_at=NOW)
    post = PostFactory(title="Brouillon", language="fr", published_at=NOW)
    target, language, url = {
        "itself": (post, "fr", reverse("editorial:edit", args=[post.pk])),
        "same-language": (original, "fr", NEW),
        "of-a-translation": (english, "fr", NEW),
    }[case]
    before = state()
    response = team_client.post(url, fields(translation_of=target.pk, language=language))
    assert response.status_code == 400
    assert response.context["form"].errors["translation_of"] == [message]
    assert state() == before


def test_scripts_in_markdown_are_sanitised(team_client, client, on_day):
    body = (
        'Bonjour <script>alert("x")</script> [lien](javascript:alert(1)) '
        "<img src=x onerror=alert(1)>"
    )
    preview = team_client.post(
        reverse("editorial:preview"), {"title": "Essai", "body": body}, HTTP_HX_REQUEST="true"
    )
    assert preview.status_code == 200
    assert "<script" not in preview.content.decode()
    assert "onerror" not in preview.content.decode()
    assert "javascript:" not in preview.content.decode()
    team_client.post(NEW, fields(body=body, action="publish"))
    client.logout()
    page = client.get(Post.objects.get().get_absolute_url()).content.decode()
    assert 'alert("x")</script>' not in page
    assert "onerror" not in page
    assert "javascript:alert" not in page


def test_the_preview_without_javascript_shows_the_whole_editor(team_client, on_day):
    post = PostFactory(title="Ancien titre", published_at=NOW)
    response = team_client.post(
        reverse("editorial:preview") + f"?publication={post.pk}",
        fields(title="Nouveau titre", body="Un *texte* neuf.", action="preview"),
    )
    page = text(response)
    assert response.status_code == 200
    assert '<div id="apercu" class="fr-card" aria-live="polite">' in page
    assert "Un <em>texte</em> neuf." in page
    assert 'value="Nouveau titre"' in page  # the form keeps what was typed
    assert f'action="{reverse("editorial:edit", args=[post.pk])}"' in page
    post.refresh_from_db()
    assert post.title == "Ancien titre"  # nothing saved
    htmx = team_client.post(
        reverse("editorial:preview"), {"title": "T", "body": "*a*"}, HTTP_HX_REQUEST="true"
    )
    assert "<em>a</em>" in text(htmx)
    assert "<form" not in text(htmx)


def test_unpublish_and_publish_again(team_client, client, on_day):
    post = PostFactory(title="En ligne", published_at=NOW - datetime.timedelta(days=2))
    response = team_client.post(reverse("editorial:unpublish", args=[post.pk]))
    assert response.status_code == 302
    post.refresh_from_db()
    assert not post.is_published
    assert actions(post) == ["post.unpublished"]
    # The post as it was before this first change here (an imported post) is version 1.
    first, second = post.revisions.order_by("number")
    assert (first.snapshot["state"], first.created_by) == ("publiée", None)
    assert (second.snapshot["state"], second.created_by) == ("brouillon", team_client.user)
    client.logout()
    assert client.get(post.get_absolute_url()).status_code == 404
    team_client.force_login(team_client.user)
    team_client.post(reverse("editorial:publish", args=[post.pk]))
    post.refresh_from_db()
    assert post.is_published and post.published_at == NOW
    assert actions(post) == ["post.unpublished", "post.published"]


def test_editing_a_published_post_keeps_its_date(team_client, on_day):
    published = NOW - datetime.timedelta(days=30)
    post = PostFactory(title="Ancien", published_at=published)
    page = text(team_client.get(reverse("editorial:edit", args=[post.pk])))
    assert "Enregistrer les modifications" in page and "Dépublier" in page
    assert "Publier maintenant" not in page
    team_client.post(reverse("editorial:edit", args=[post.pk]), fields(title="Nouveau"))
    post.refresh_from_db()
    assert post.title == "Nouveau" and post.is_published and post.published_at == published
    assert actions(post) == ["post.updated"]


@pytest.mark.django_db(transaction=True)  # the cache is invalidated on commit
def test_an_edit_shows_at_once_on_the_cached_public_pages(team_client, client, on_day):
    post = PostFactory(title="Titre d’origine", slug="titre", published_at=NOW)
    client.logout()
    assert "Titre d’origine" in text(client.get("/blog/"))
    assert "Titre d’origine" in text(client.get("/blog/titre/"))
    team_client.force_login(team_client.user)
    team_client.post(
        reverse("editorial:edit", args=[post.pk]), fields(title="Titre corrigé", slug="titre")
    )
    client.logout()
    assert "Titre corrigé" in text(client.get("/blog/"))
    assert "Titre corrigé" in text(client.get("/blog/titre/"))


def test_authors_on_the_public_page(client, on_day):
    public = PersonFactory(full_name="Ada Lovelace", slug="ada", is_public=True)
    private = PersonFactory(full_name="Alan Turing", is_public=False)
    post = PostFactory(author="Équipe EIG", published_at=NOW)
    post.authors.set([public, private])
    page = text(client.get(post.get_absolute_url()))
    assert '<a href="/personnes/ada/">Ada Lovelace</a>, Alan Turing' in page
    assert "Équipe EIG" not in page
    imported = PostFactory(author="Équipe EIG", published_at=NOW)
    assert "par Équipe EIG" in text(client.get(imported.get_absolute_url()))


def test_the_list_filters(team_client, on_day):
    PostFactory(title="Offre de data scientist", kind="job", published_at=NOW)
    PostFactory(title="Brouillon de communiqué", kind="press", is_published=False, published_at=NOW)
    PostFactory(title="Article programmé", published_at=NOW + datetime.timedelta(days=3))
    PostFactory(title="English news", kind="news", language="en", published_at=NOW)
    url = reverse("editorial:list")

    def titles(**params):
        page = team_client.get(url, params).context["page_obj"]
        return sorted(post.title for post in page.object_list)

    assert len(titles()) == 4
    assert titles(kind="job") == ["Offre de data scientist"]
    assert titles(state="draft") == ["Brouillon de communiqué"]
    assert titles(state="scheduled") == ["Article programmé"]
    assert titles(state="published") == ["English news", "Offre de data scientist"]
    assert titles(language="en") == ["English news"]
    assert titles(q="OFFRE") == ["Offre de data scientist"]
    assert titles(kind="nothing") == sorted(titles())  # an unknown filter filters nothing


def test_the_menu_leads_the_team_to_the_editor(team_client):
    page = text(team_client.get(reverse("accounts:home")))
    assert f'href="{reverse("editorial:list")}"' in page
    assert ">Publications<" in page


def test_the_blog_filters_by_tag(client, on_day):
    tagged = PostFactory(title="Avec l’étiquette", published_at=NOW)
    PostFactory(title="Sans étiquette", published_at=NOW)
    tagged.tags.set([Tag.objects.create(name="Santé", slug="sante")])
    page = text(client.get(tagged.get_absolute_url()))
    assert '<a class="fr-tag" href="/blog/?etiquette=sante">Santé</a>' in page
    response = client.get("/blog/?etiquette=sante")
    assert [post.title for post in response.context["page_obj"].object_list] == ["Avec l’étiquette"]
    assert "Articles avec l’étiquette « Santé »." in text(response)
    unknown = client.get("/blog/?etiquette=inconnue")  # an unknown tag filters nothing
    assert len(unknown.context["page_obj"].object_list) == 2


def test_a_scheduled_translation_is_linked_at_its_time(client, on_day):
    original = PostFactory(title="Bilan", slug="bilan", published_at=NOW)
    PostFactory(
        title="Review",
        slug="review",
        language="en",
        translation_of=original,
        published_at=NOW + datetime.timedelta(minutes=5),
    )
    # Now cached, for less than the usual ten minutes: until the translation goes public.
    assert 'hreflang="en"' not in text(client.get("/blog/bilan/"))
    on_day.move_to(NOW + datetime.timedelta(minutes=5, seconds=1))
    assert '<link rel="alternate" hreflang="en" href="/blog/review/">' in text(
        client.get("/blog/bilan/")
    )
