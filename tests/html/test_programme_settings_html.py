"""The programme's settings page is valid HTML (Nu HTML checker): as shown, refused, previewed."""

import pytest

from cohorte.accounts.roles import add_to_team
from tests.factories import ProgrammeFactory, UserFactory
from tests.html import vnu

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(vnu.missing() is not None, reason=vnu.missing() or ""),
]
URL = "/gestion/parametres/"


def test_settings_pages_are_valid_html(client, tmp_path):
    ProgrammeFactory()
    team = UserFactory(username="equipe")
    add_to_team(team)
    client.force_login(team)
    bad = {"name": "", "short_name": "TDN", "brand": "Un\nDeux\nTrois\nQuatre"}
    bad |= {"contact_email": "x@", "operator_url": "ailleurs"}
    pages = [
        client.get(URL),
        client.post(URL, bad),
        client.post(URL + "apercu/", bad | {"name": "Talents du numérique"}),
    ]
    assert [page.status_code for page in pages] == [200, 400, 200]
    folder = tmp_path / "pages"
    folder.mkdir()
    for index, page in enumerate(pages):
        (folder / f"{index:02d}.html").write_bytes(page.content)
    problems = vnu.check(folder)
    assert not problems, f"{len(problems)} HTML errors:\n" + "\n".join(map(str, problems))
