"""The programme template's page is valid HTML (Nu HTML checker): empty, with a file checked,
with a file refused, with the upload missing, after an import."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cohorte.programmes.models import Programme
from cohorte.programmes.templates_io import dumps, export_template
from tests.factories import team_and_director
from tests.html import vnu
from tests.programmes.template_world import configured_programme

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(vnu.missing() is not None, reason=vnu.missing() or ""),
]
URL = "/gestion/parametres/modele/"


def _upload(content: bytes):
    return {"file": SimpleUploadedFile("modele.json", content, "application/json")}


def test_the_template_page_is_valid_html(tmp_path):
    configured_programme()
    client = Client()
    client.force_login(team_and_director()[0])
    template = export_template(Programme.objects.get())
    template["programme"]["name"] = "Talents du numérique"
    template["sections"]["badges"] = []
    pages = [
        client.get(URL),
        client.post(URL, _upload(dumps(template).encode())),
        client.post(
            URL, _upload(json.dumps({"format": "cohorte-programme", "version": 2}).encode())
        ),
        client.post(URL, {}),
        client.post(URL + "importer/", follow=True),
    ]
    assert [page.status_code for page in pages] == [200, 200, 400, 400, 200]
    folder = tmp_path / "pages"
    folder.mkdir()
    for index, page in enumerate(pages):
        (folder / f"{index:02d}.html").write_bytes(page.content)
    problems = vnu.check(folder)
    assert not problems, f"{len(problems)} HTML errors:\n" + "\n".join(map(str, problems))
