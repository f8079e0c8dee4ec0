"""Every role of the running cohort against the post editor's pages.

The team and its director write, preview, publish and look back at versions; everyone else
signed in gets 403 and anonymous visitors go to the login page. The attached files of a post
are downloaded by everyone once the post is public, before only by the team.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from cohorte.audit.models import ActivityLog
from cohorte.content.models import Post, PostAttachment
from cohorte.editorial import domain
from tests.cohort_world import ROLES, cohort_world  # noqa: F401
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db
TEAM = {"team", "director"}
PAGES = [
    # (url name, arguments, method, data, what the team gets)
    ("editorial:list", "", "get", None, 200),
    ("editorial:new", "", "get", None, 200),
    ("editorial:new", "", "post", {}, 400),
    ("editorial:preview", "", "post", {"title": "Essai", "body": "Texte"}, 200),
    ("editorial:edit", "p", "get", None, 200),
    ("editorial:edit", "p", "post", {}, 400),
    ("editorial:publish", "p", "post", {}, 302),
    ("editorial:unpublish", "p", "post", {}, 302),
    ("editorial:history", "p", "get", None, 200),
    ("editorial:diff", "pab", "get", None, 200),
    ("editorial:attachment_add", "p", "post", {}, 400),
    ("editorial:attachment_delete", "pf", "post", {}, 302),
]


def _arguments(kind, post, attachment):
    return {
        "": [],
        "p": [post.pk],
        "pab": [post.pk, 1, 2],
        "pf": [post.pk, attachment.pk],
    }[kind]


def _attachment(post):
    attachment = PostAttachment(
        post=post, title="Communiqué", original_name="c.pdf", content_type="application/pdf", size=9
    )
    attachment.file.save("c.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    return attachment


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p[2]} {p[0]}")
def test_only_the_team_uses_the_editor(client, cohort_world, page):  # noqa: F811
    name, kind, method, data, ok = page
    wrong = []
    for role in ["anonymous", *ROLES]:
        # A fresh post for each role: publishing or deleting must find it as it was.
        post = PostFactory(is_published=False, published_at=timezone.now())
        domain.add_revision(post, None)
        domain.add_revision(post, None)
        attachment = _attachment(post)
        url = reverse(name, args=_arguments(kind, post, attachment))
        client.logout()
        if role != "anonymous":
            client.force_login(cohort_world.users[role])
        logs = ActivityLog.objects.count()
        call = getattr(client, method)
        response = call(url, data) if data is not None else call(url)
        expected = 302 if role == "anonymous" else ok if role in TEAM else 403
        if response.status_code != expected:
            wrong.append((role, expected, response.status_code))
        if role not in TEAM:
            # Refused: nothing changed, nothing written to the activity log.
            unchanged = Post.objects.filter(pk=post.pk, is_published=False).exists()
            if not unchanged or ActivityLog.objects.count() != logs:
                wrong.append((role, "changed"))
            if not PostAttachment.objects.filter(pk=attachment.pk).exists():
                wrong.append((role, "attachment deleted"))
        if role == "anonymous":
            assert response.url.startswith("/compte/login/?next="), name
    assert wrong == [], name


def test_an_attached_file_is_public_only_with_its_post(client, cohort_world):  # noqa: F811
    post = PostFactory(is_published=True, published_at=timezone.now() + datetime.timedelta(days=1))
    url = _attachment(post).get_absolute_url()
    wrong = []
    for role in ["anonymous", *ROLES]:
        client.logout()
        if role != "anonymous":
            client.force_login(cohort_world.users[role])
        expected = 200 if role in TEAM else 404
        if client.get(url).status_code != expected:
            wrong.append(role)
    assert wrong == []
    Post.objects.filter(pk=post.pk).update(published_at=timezone.now())
    client.logout()
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4\n"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Security-Policy"] == "sandbox"
