"""Every view of the jury area for every role: exact status codes."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "candidate", "other_candidate", "team", "director", "mentor",
         "other_mentor", "juror", "other_juror"]  # fmt: skip


def expect(default, **codes):
    """Codes per role: anonymous always 302 (to the login page)."""
    table = dict.fromkeys(ROLES, default)
    table["anonymous"] = 302
    table.update(codes)
    return table


def day_of(slot) -> str:
    """The slot's day in Paris, as the day invitations' address writes it."""
    from cohorte.selection.interviews import PARIS

    return slot.starts_at.astimezone(PARIS).date().isoformat()


TEAM_PAGE = expect(403, team=200, director=200)
TEAM_ACTION = expect(403, team=302, director=302)
PANEL_PAGE = expect(404, team=200, director=200, juror=200)
PANEL_TEAM_PAGE = expect(404, team=200, director=200, juror=403)
PANEL_TEAM_ACTION = expect(404, team=302, director=302, juror=403)

CASES = [
    (
        "get",
        "selection:home",
        lambda w: [],
        expect(403, team=200, director=200, juror=200, other_juror=200),
    ),  # fmt: skip
    ("get", "selection:panel_create", lambda w: [w.call.slug], TEAM_PAGE),
    (
        "post",
        "selection:panel_create",
        lambda w: [w.call.slug],
        expect(403, team=200, director=200),
    ),  # fmt: skip
    ("get", "selection:panel_detail", lambda w: [w.panel.pk], PANEL_PAGE),
    ("get", "selection:panel_edit", lambda w: [w.panel.pk], PANEL_TEAM_PAGE),
    ("post", "selection:panel_add_mentors", lambda w: [w.panel.pk], PANEL_TEAM_ACTION),
    ("post", "selection:panel_delete", lambda w: [w.panel.pk], PANEL_TEAM_ACTION),
    ("get", "selection:panel_cvs", lambda w: [w.panel.pk], PANEL_PAGE),
    ("get", "selection:slot_create", lambda w: [w.call.slug], TEAM_PAGE),
    ("get", "selection:slot_edit", lambda w: [w.slot.pk], PANEL_TEAM_PAGE),
    ("post", "selection:slot_cancel", lambda w: [w.slot.pk], PANEL_TEAM_ACTION),
    ("post", "selection:slot_lock", lambda w: [w.slot.pk], PANEL_TEAM_ACTION),
    ("post", "selection:slot_invite", lambda w: [w.slot.pk], PANEL_TEAM_ACTION),
    ("get", "selection:panel_invitations", lambda w: [w.panel.pk], TEAM_PAGE),
    ("post", "selection:panel_invitations", lambda w: [w.panel.pk], TEAM_ACTION),
    ("get", "selection:day_invitations", lambda w: [w.call.slug, day_of(w.slot)], TEAM_PAGE),
    ("post", "selection:day_invitations", lambda w: [w.call.slug, day_of(w.slot)], TEAM_ACTION),
    ("get", "selection:interview_respond", lambda w: [w.slot.pk], expect(404, candidate=200)),
    ("get", "selection:interview_grid", lambda w: [w.slot.pk], PANEL_PAGE),
    (
        "get",
        "selection:rankings",
        lambda w: [w.call.slug],
        expect(403, team=200, director=200, juror=200, other_juror=200),
    ),  # fmt: skip
    ("get", "selection:ranking", lambda w: [w.call.slug], PANEL_PAGE),
    ("post", "selection:ranking", lambda w: [w.call.slug], PANEL_TEAM_ACTION),
    ("get", "selection:ranking_export", lambda w: [w.call.slug, "csv"], TEAM_PAGE),
]


@pytest.fixture
def w(world, panel, slot):
    world.panel, world.slot = panel, slot
    return world


@pytest.mark.parametrize(("method", "name", "args", "codes"), CASES,
                         ids=[f"{m}-{n}" for m, n, _a, _c in CASES])  # fmt: skip
@pytest.mark.parametrize("role", ROLES)
def test_every_view_for_every_role(w, as_user, method, name, args, codes, role):
    url = reverse(name, args=args(w))
    if name == "selection:ranking":
        url += f"?defi={w.challenge.pk}"
    if name == "selection:interview_respond":
        # The candidate sees their interview once invited (a planned one: see test_planned_...).
        w.slot.status = "invited"
        w.slot.save(update_fields=["status"])
    data = {"action": "prefill"} if (name, method) == ("selection:ranking", "post") else {}
    response = getattr(as_user(w.roles()[role]), method)(url, data)
    assert response.status_code == codes[role], (url, response.content[:300])
    if role == "anonymous":
        assert response["Location"].startswith("/compte/login/")
