"""Issue #13's post editor in Chromium with axe-core: the team writes a job offer with an
image, watches the live preview, is told what is missing, schedules it; the offer appears on
the blog at its time, not before."""

import datetime
import io

import pytest
import time_machine
from PIL import Image
from playwright.sync_api import expect

from cohorte.audit.models import ActivityLog
from cohorte.content.models import Post
from tests.cohort_world import build_cohort_world

pytestmark = pytest.mark.django_db(transaction=True)
NOW = datetime.datetime(2027, 3, 15, 9, tzinfo=datetime.UTC)  # 10:00 in Paris


def png(width=2400, height=1200) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def test_the_team_writes_and_schedules_a_job_offer(
    live_server, page, check_accessibility, sign_in_browser
):
    with time_machine.travel(NOW, tick=True):
        world = build_cohort_world()
        sign_in_browser(world.users["team"])
        page.goto(live_server.url + "/mon-espace/")
        page.get_by_role("link", name="Publications", exact=True).click()
        page.wait_for_url("**/gestion/publications/")
        check_accessibility(page)
        page.get_by_role("link", name="Nouvelle publication").click()
        page.wait_for_url("**/gestion/publications/nouvelle/")
        check_accessibility(page)

        page.get_by_label("Type").select_option("job")
        page.get_by_label("Titre", exact=True).fill("Développeur·se data pour la DINUM")
        page.get_by_label("Résumé").fill("Rejoignez l’équipe du programme.")
        page.get_by_label("Contenu (Markdown)").fill("## Missions\n\nConstruire des *outils*.")
        # The live preview renders the Markdown in the site's layout as one types.
        preview = page.locator("#apercu")
        expect(preview.locator("h2", has_text="Missions")).to_be_visible()
        expect(preview.locator("em", has_text="outils")).to_be_visible()
        page.locator("#id_image_upload").set_input_files(
            {"name": "equipe.png", "mimeType": "image/png", "buffer": png()}
        )
        page.get_by_label("Date de publication").fill("2027-03-16")
        page.get_by_label("Heure (heure de Paris)").fill("08:30")
        page.get_by_role("button", name="Programmer").click()
        # No alternative text: refused, nothing saved.
        expect(page.locator(".fr-alert--error")).to_contain_text(
            "le texte alternatif est obligatoire"
        )
        check_accessibility(page)
        assert not Post.objects.exists()

        page.locator("#id_image_upload").set_input_files(
            {"name": "equipe.png", "mimeType": "image/png", "buffer": png()}
        )
        page.get_by_label("Texte alternatif de l'image").fill("L’équipe autour d’une table")
        page.get_by_role("button", name="Programmer").click()
        expect(page.locator(".fr-alert--success")).to_contain_text("Publication programmée.")
        check_accessibility(page)
        post = Post.objects.get()
        assert post.kind == "job"
        assert post.published_at == datetime.datetime(2027, 3, 16, 7, 30, tzinfo=datetime.UTC)
        assert post.image_file.width == 1600
        assert ActivityLog.objects.filter(action="post.scheduled").count() == 1

        page.get_by_role("link", name="Historique des versions").click()
        page.wait_for_url("**/historique/")
        check_accessibility(page)

        # Not on the blog yet.
        page.context.clear_cookies()
        page.goto(live_server.url + "/blog/")
        assert "Développeur·se data pour la DINUM" not in page.locator("main").inner_text()

    # The next morning, past 8:30 in Paris: the offer is on the blog, with its image.
    with time_machine.travel(datetime.datetime(2027, 3, 16, 7, 31, tzinfo=datetime.UTC), tick=True):
        # Another address than the one loaded yesterday: the browser keeps pages a minute by
        # its own clock, which does not travel.
        page.goto(live_server.url + "/blog/?page=1")
        page.get_by_role("link", name="Développeur·se data pour la DINUM").click()
        page.wait_for_url(f"**/blog/{post.slug}/")
        expect(page.locator("h1")).to_have_text("Développeur·se data pour la DINUM")
        expect(page.get_by_role("img", name="L’équipe autour d’une table")).to_be_visible()
        check_accessibility(page)
