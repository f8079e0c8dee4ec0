"""The editors of the site's pages and FAQ, and the legal pages they change, are valid HTML
(Nu HTML checker), forms with errors and previews included."""

import pytest
from django.test import Client
from django.urls import reverse

from cohorte.accounts.roles import add_to_team
from tests.factories import FaqEntryFactory, PageFactory, UserFactory, eig_legal_pages
from tests.html import vnu

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(vnu.missing() is not None, reason=vnu.missing() or ""),
]


def test_the_site_pages_editors_are_valid_html(tmp_path):
    team = UserFactory()
    add_to_team(team)
    client = Client()
    public = [client.get(url) for url in ("/mentions-legales/", "/donnees-personnelles/")]
    public.append(client.get("/accessibilite/"))  # generic words, before the EIG ones
    eig_legal_pages()
    free = PageFactory(title="Le programme", slug="programme", body="## Défis\n\nUn *texte*.")
    entry = FaqEntryFactory(question="Qui ?", answer="**Tous**", section="Candidature")
    FaqEntryFactory(question="Quand ?")
    public += [client.get(url) for url in ("/mentions-legales/", "/faq/candidats/")]
    client.force_login(team)
    preview = reverse("sitepages:page_preview")
    pages = public + [
        client.get(reverse("sitepages:page_list")),
        client.get(reverse("sitepages:page_new")),
        client.post(reverse("sitepages:page_new"), {"title": "", "slug": "Mauvais identifiant"}),
        client.get(reverse("sitepages:page_edit", args=[free.pk])),
        client.get(reverse("sitepages:legal_edit", args=["mentions-legales"])),
        client.post(preview + "?legale=accessibilite", {"title": "A", "body": "## Texte"}),
        client.post(preview, {"title": "Essai", "body": "*Aperçu*"}),
        client.get(reverse("sitepages:faq_list")),
        client.get(reverse("sitepages:faq_new")),
        client.post(reverse("sitepages:faq_new"), {"question": "", "answer": ""}),
        client.get(reverse("sitepages:faq_edit", args=[entry.pk])),
        client.post(reverse("sitepages:faq_preview"), {"question": "Q ?", "answer": "*R*"}),
        client.get(reverse("sitepages:faq_delete", args=[entry.pk])),
    ]
    statuses = [page.status_code for page in pages]
    assert statuses == [200] * 5 + [200, 200, 400, 200, 200, 200, 200, 200, 200, 400, 200, 200, 200]
    folder = tmp_path / "pages"
    folder.mkdir()
    for index, page in enumerate(pages):
        (folder / f"{index:02d}.html").write_bytes(page.content)
    problems = vnu.check(folder)
    assert not problems, f"{len(problems)} HTML errors:\n" + "\n".join(map(str, problems))
