"""The team's diffusion pages: relays, tracked links, share kit, question. Every change is
audited; bad input says what to fix, in French, and leaves the database as it was."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cohorte.audit.models import ActivityLog
from cohorte.campaigns.models import (
    Channel,
    HeardFromAnswer,
    HeardFromQuestion,
    Relay,
    ShareKit,
    ShareVisual,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(world, client):
    client.force_login(world.team)
    return client


def url(name, call, *args):
    return reverse(f"campaigns:{name}", args=[call.pk, *args])


def state():
    """Every row the diffusion pages may write."""
    return tuple(
        model.objects.count()
        for model in (Relay, Channel, ShareKit, ShareVisual, HeardFromQuestion, HeardFromAnswer,
                      ActivityLog)
    )  # fmt: skip


def png(name="affiche.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def png_of_format(kind, name) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, kind)
    return SimpleUploadedFile(name, buffer.getvalue())


def entry(action):
    return ActivityLog.objects.get(action=action)


# Relays


def test_the_team_adds_edits_marks_sent_and_deletes_a_relay(world, team):
    call = world.call
    response = team.post(url("relay_new", call), {
        "name": "École 42", "kind": "school", "contact_name": "Inès Moreau",
        "contact_email": "ines@42.example", "notes": "Relance en mars",
    })  # fmt: skip
    assert response.status_code == 302
    relay = Relay.objects.get()
    assert (relay.call, relay.kind, relay.sent_on) == (call, "school", None)
    created = entry("campaigns.relay_created")
    assert (created.object_id, created.actor, created.data) == (
        str(relay.pk),
        world.team,
        {"call": call.pk, "name": "École 42"},
    )
    page = team.get(url("home", call)).content.decode()
    assert "École 42" in page and "ines@42.example" in page and "pas encore" in page

    team.post(url("relay_edit", call, relay.pk), {"name": "École 42 Paris", "kind": "school"})
    relay.refresh_from_db()
    assert (relay.name, relay.contact_email) == ("École 42 Paris", "")
    assert entry("campaigns.relay_changed").data["name"] == "École 42 Paris"

    team.post(url("relay_sent", call, relay.pk), {"sent_on": "2027-02-03"})
    relay.refresh_from_db()
    assert relay.sent_on == datetime.date(2027, 2, 3)
    assert entry("campaigns.relay_sent").data == {"call": call.pk, "sent_on": "2027-02-03"}
    assert "3 février 2027" in team.get(url("home", call)).content.decode()

    team.post(url("relay_delete", call, relay.pk))
    assert not Relay.objects.exists()
    deleted = entry("campaigns.relay_deleted")
    assert (deleted.object_id, deleted.data) == (
        str(call.pk),
        {"relay": relay.pk, "name": "École 42 Paris"},
    )


def test_a_relay_with_a_bad_address_is_refused(world, team):
    before = state()
    response = team.post(url("relay_new", world.call), {
        "name": "Lettre Etalab", "kind": "mailing_list", "contact_email": "pas-une-adresse",
    })  # fmt: skip
    assert response.status_code == 400
    assert "Saisissez une adresse e-mail valide, comme nom@domaine.fr." in response.text
    assert state() == before


def test_a_relay_without_a_name_is_refused(world, team):
    before = state()
    response = team.post(url("relay_new", world.call), {"name": " ", "kind": "school"})
    assert response.status_code == 400
    assert "Donnez le nom du relais." in response.text
    assert state() == before


def test_a_sending_date_that_is_not_a_date_is_refused(world, team):
    relay = Relay.objects.create(call=world.call, name="Communauté data.gouv", kind="community")
    before = state()
    response = team.post(url("relay_sent", world.call, relay.pk), {"sent_on": "hier"}, follow=True)
    assert "Saisissez une date valide." in response.text
    relay.refresh_from_db()
    assert relay.sent_on is None and state() == before


def test_a_relay_of_another_call_is_not_found(world, team):
    from tests.factories import ApplicationCallFactory

    relay = Relay.objects.create(call=ApplicationCallFactory(), name="Ailleurs", kind="other")
    assert team.get(url("relay_edit", world.call, relay.pk)).status_code == 404
    assert team.post(url("relay_delete", world.call, relay.pk)).status_code == 404
    assert Relay.objects.filter(pk=relay.pk).exists()


# Channels


def test_the_team_creates_a_tracked_link(world, team, settings):
    relay = Relay.objects.create(call=world.call, name="École 42", kind="school")
    response = team.post(url("channel_new", world.call), {
        "label": "Affiche école 42", "slug": "affiche-42", "utm_source": "ecole-42",
        "utm_medium": "affiche", "relay": relay.pk,
    })  # fmt: skip
    assert response.status_code == 302
    channel = Channel.objects.get()
    link = (
        f"{settings.SITE_URL}/appels/{world.call.slug}/"
        f"?utm_source=ecole-42&utm_medium=affiche&utm_campaign={world.call.slug}"
    )
    assert (channel.relay, channel.tracked_link) == (relay, link)
    assert entry("campaigns.channel_created").data == {
        "call": world.call.pk, "label": "Affiche école 42", "utm_source": "ecole-42",
        "utm_medium": "affiche", "utm_campaign": world.call.slug,
    }  # fmt: skip
    page = team.get(url("home", world.call)).content.decode()
    assert f'value="{link.replace("&", "&amp;")}"' in page and "Copier le lien" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"utm_source": "Réseaux Sociaux"},
            "Utilisez seulement des lettres minuscules sans accent, des chiffres, des points, "
            "des tirets et des tirets bas, en commençant par une lettre ou un chiffre.",
        ),
        ({"slug": "linkedin"}, "Un canal de cet appel porte déjà cet identifiant."),
        (
            {"slug": "autre"},
            "Un canal de cet appel a déjà ces paramètres : le lien serait le même.",
        ),
        ({"label": ""}, "Donnez un libellé au canal."),
    ],
)
def test_a_bad_tracked_link_is_refused(world, team, data, message):
    Channel.objects.create(call=world.call, label="LinkedIn", slug="linkedin",
                           utm_source="linkedin", utm_medium="social")  # fmt: skip
    before = state()
    posted = {"label": "Autre", "slug": "x", "utm_source": "linkedin", "utm_medium": "social",
              **data}  # fmt: skip
    response = team.post(url("channel_new", world.call), posted)
    assert response.status_code == 400
    assert message.replace("'", "&#x27;") in response.text
    assert state() == before


# Share kit


def test_the_team_writes_the_kit_and_sees_its_preview(world, team):
    response = team.post(url("kit", world.call), {
        "short_text": "Rejoignez les **EIG** !", "long_text": "<script>x()</script>Candidatez.",
    })  # fmt: skip
    assert response.status_code == 302
    kit = ShareKit.objects.get(call=world.call)
    assert entry("campaigns.kit_saved").data == {"call": world.call.pk, "created": True}
    page = team.get(url("kit", world.call)).content.decode()
    assert "Rejoignez les <strong>EIG</strong> !" in page
    assert "<script>x()" not in page  # the sanitiser drops it
    assert kit.short_text == "Rejoignez les **EIG** !"


def test_the_team_adds_and_removes_a_visual(world, team):
    response = team.post(url("visual_add", world.call), {"image": png(), "alt_text": "L'affiche"})
    assert response.status_code == 302
    visual = ShareVisual.objects.get()
    assert visual.image.name.startswith(f"campaigns/{world.call.pk}/")
    assert "affiche" not in visual.image.name  # nothing of the original name
    assert entry("campaigns.visual_added").data == {"visual": visual.pk, "alt_text": "L'affiche"}
    storage, name = visual.image.storage, visual.image.name
    assert storage.exists(name)
    team.post(url("visual_delete", world.call, visual.pk))
    assert not ShareVisual.objects.exists() and not storage.exists(name)
    assert entry("campaigns.visual_deleted").data == {"visual": visual.pk, "alt_text": "L'affiche"}


def test_a_visual_is_stored_written_anew_never_as_sent(world, team):
    # A PNG followed by a page: the kit serves visuals to everyone, so only pixels are kept.
    polyglot = png().read() + b"<html><script>alert(1)</script></html>"
    upload = SimpleUploadedFile("affiche.png", polyglot, content_type="image/png")
    team.post(url("visual_add", world.call), {"image": upload, "alt_text": "L'affiche"})
    with ShareVisual.objects.get().image.open("rb") as stored:
        content = stored.read()
    assert content.startswith(b"\xff\xd8\xff") and b"<script>" not in content


@pytest.mark.parametrize(
    ("upload", "alt", "message"),
    [
        (png, "", "Décrivez l'image : le texte alternatif est obligatoire."),
        (lambda: png("affiche.gif"), "Affiche", "L'image doit être au format PNG ou JPEG."),
        (
            lambda: SimpleUploadedFile("affiche.png", b"%PDF-1.4 pas une image"),
            "Affiche",
            "Ce fichier n'est pas une image PNG ou JPEG.",
        ),
        (
            lambda: png_of_format("GIF", "affiche.png"),
            "Affiche",
            "Ce fichier n'est pas une image PNG ou JPEG.",
        ),
    ],
)
def test_a_bad_visual_is_refused(world, team, upload, alt, message):
    before = state()
    response = team.post(url("visual_add", world.call), {"image": upload(), "alt_text": alt})
    assert response.status_code == 400
    assert message.replace("'", "&#x27;") in response.text
    assert state() == before


# The heard-from question


def test_the_team_configures_the_question(world, team):
    response = team.post(url("question", world.call), {
        "label": "Comment avez-vous connu cet appel ?",
        "answers": "Réseaux sociaux\n  Bouche-à-oreille \n\nRéseaux sociaux\nMon école",
        "required": "on",
    })  # fmt: skip
    assert response.status_code == 302
    question = HeardFromQuestion.objects.get(call=world.call)
    assert question.required is True
    labels = list(question.answers.values_list("label", flat=True))
    assert labels == ["Réseaux sociaux", "Bouche-à-oreille", "Mon école"]
    assert entry("campaigns.question_configured").data == {
        "call": world.call.pk, "label": "Comment avez-vous connu cet appel ?", "required": True,
        "answers": ["Réseaux sociaux", "Bouche-à-oreille", "Mon école"],
    }  # fmt: skip
    page = team.get(url("question", world.call)).content.decode()
    assert "Réseaux sociaux\nBouche-à-oreille\nMon école" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"answers": " \n \n"}, "Proposez au moins une réponse."),
        (
            {"answers": "\n".join(f"Réponse {n}" for n in range(21))},
            "Proposez au plus 20 réponses.",
        ),
        ({"answers": "x" * 201}, "Une réponse dépasse 200 caractères."),
        ({"label": ""}, "Écrivez la question."),
    ],
)
def test_a_bad_question_is_refused(world, team, data, message):
    before = state()
    posted = {"label": "Comment ?", "answers": "Presse", **data}
    response = team.post(url("question", world.call), posted)
    assert response.status_code == 400
    assert message in response.text
    assert state() == before


def test_the_call_pages_link_to_the_diffusion(world, team):
    link = url("home", world.call)
    assert link in team.get(reverse("team:call_dashboard", args=[world.call.pk])).text
    assert link in team.get(reverse("team:config_call", args=[world.call.pk])).text


def test_a_bad_change_of_a_relay_changes_nothing(world, team):
    relay = Relay.objects.create(call=world.call, name="École 42", kind="school")
    before = state()
    response = team.post(url("relay_edit", world.call, relay.pk), {
        "name": "Autre nom", "kind": "school", "contact_email": "pas-une-adresse",
    })  # fmt: skip
    assert response.status_code == 400
    assert "Modifier le relais « École 42 »" in response.text
    assert "Saisissez une adresse e-mail valide, comme nom@domaine.fr." in response.text
    relay.refresh_from_db()
    assert (relay.name, relay.contact_email) == ("École 42", "") and state() == before
