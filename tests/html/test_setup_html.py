"""The first-run setup's pages are valid HTML (Nu HTML checker), forms with errors included."""

import pytest
from django.test import Client

from cohorte.programmes import setup
from tests.html import vnu
from tests.programmes.test_setup import ACCOUNT, URL, programme_data

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(vnu.missing() is not None, reason=vnu.missing() or ""),
]


def test_setup_pages_are_valid_html(tmp_path, settings):
    settings.COHORTE_SETUP_REQUIRED = True
    setup.forget()
    client = Client()
    pages = [client.get("/defis/"), client.get(URL)]
    code = setup.new_code()
    pages.append(client.post(URL, programme_data("mauvais", brand="")))
    client.post(URL, programme_data(code))
    pages += [client.get(URL), client.post(URL, ACCOUNT | {"password2": "autre"})]
    client.post(URL, ACCOUNT)
    pages += [client.get(URL), client.post(URL, {"name": ""})]
    client.logout()
    pages.append(client.get(URL))
    setup.forget()
    assert [page.status_code for page in pages] == [503, 200, 400, 200, 400, 200, 400, 200]
    folder = tmp_path / "pages"
    folder.mkdir()
    for index, page in enumerate(pages):
        (folder / f"{index:02d}.html").write_bytes(page.content)
    problems = vnu.check(folder)
    assert not problems, f"{len(problems)} HTML errors:\n" + "\n".join(map(str, problems))
