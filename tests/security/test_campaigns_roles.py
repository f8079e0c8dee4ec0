"""Every role of the running cohort against the diffusion pages of a call.

The team and its director manage relays, tracked links, the share kit and the question, and
read the figures; everyone else signed in gets 403 and anonymous visitors go to the login
page. The public share kit is for everyone while the call is open.
"""

import pytest
from django.urls import reverse

from cohorte.campaigns.models import Channel, Relay, ShareKit, ShareVisual
from tests.cohort_world import ROLES, cohort_world  # noqa: F401
from tests.factories import ApplicationCallFactory

pytestmark = pytest.mark.django_db
TEAM = {"team", "director"}
RELAY = {"name": "École 42", "kind": "school"}
PAGES = [
    # (url name, object, method, data, what the team gets)
    ("campaigns:home", None, "get", None, 200),
    ("campaigns:relay_new", None, "get", None, 200),
    ("campaigns:relay_new", None, "post", {"kind": "school"}, 400),
    ("campaigns:relay_edit", "relay", "get", None, 200),
    ("campaigns:relay_edit", "relay", "post", {"kind": "nope"}, 400),
    ("campaigns:relay_sent", "relay", "post", {"sent_on": "2027-01-05"}, 302),
    ("campaigns:relay_delete", "relay", "post", {}, 302),
    ("campaigns:channel_new", None, "get", None, 200),
    ("campaigns:channel_new", None, "post", {"label": ""}, 400),
    ("campaigns:kit", None, "get", None, 200),
    ("campaigns:kit", None, "post", {"short_text": "Texte"}, 302),
    ("campaigns:visual_add", None, "post", {"alt_text": "Affiche"}, 400),
    ("campaigns:visual_delete", "visual", "post", {}, 302),
    ("campaigns:question", None, "get", None, 200),
    ("campaigns:question", None, "post", {"label": "Comment ?", "answers": ""}, 400),
    ("campaigns:dashboard", None, "get", None, 200),
]


def _objects(call):
    relay = Relay.objects.create(call=call, **RELAY)
    Channel.objects.create(call=call, label="LinkedIn", slug="linkedin", utm_source="linkedin",
                           utm_medium="social", relay=relay)  # fmt: skip
    kit = ShareKit.objects.create(call=call, short_text="Texte")
    visual = ShareVisual.objects.create(kit=kit, image="campaigns/x.png", alt_text="Affiche")
    return {"relay": relay, "visual": visual}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p[2]} {p[0]}")
def test_only_the_team_uses_the_diffusion_pages(client, cohort_world, page):  # noqa: F811
    name, subject, method, data, ok = page
    call = ApplicationCallFactory(cohort=cohort_world.cohort)
    wrong = []
    for role in ["anonymous", *ROLES]:
        # Each role meets the object afresh: a deletion by the team removes it.
        objects = _objects(call)
        args = [call.pk] + ([objects[subject].pk] if subject else [])
        url = reverse(name, args=args)
        client.logout()
        if role != "anonymous":
            client.force_login(cohort_world.users[role])
        response = (
            getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
        )
        expected = 302 if role == "anonymous" else ok if role in TEAM else 403
        if response.status_code != expected:
            wrong.append((role, expected, response.status_code))
        if role == "anonymous" or (role not in TEAM):
            still = {"relay": Relay, "visual": ShareVisual}
            for key, model in still.items():
                assert model.objects.filter(pk=objects[key].pk).exists(), (role, name)
        if role == "anonymous":
            assert response.url.startswith("/compte/login/?next="), name
        Relay.objects.filter(call=call).delete()
        Channel.objects.filter(call=call).delete()
        ShareKit.objects.filter(call=call).delete()
    assert wrong == [], name


def test_everyone_reads_the_public_share_kit(client, cohort_world):  # noqa: F811
    call = ApplicationCallFactory(cohort=cohort_world.cohort)
    _objects(call)
    url = reverse("campaigns:public_kit", args=[call.slug])
    for role in ["anonymous", *ROLES]:
        client.logout()
        if role != "anonymous":
            client.force_login(cohort_world.users[role])
        assert client.get(url).status_code == 200, role
