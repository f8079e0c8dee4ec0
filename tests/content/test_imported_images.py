"""The real sites' content, imported, loads no image from elsewhere once rendered: the
former site's and Wikimedia's images become links (issue #16), nothing else is lost."""

import re

import pytest

from cohorte.challenges.models import Challenge
from cohorte.content.importers import import_site
from cohorte.content.models import Post
from cohorte.people.models import Person
from cohorte.richtext import render_markdown

pytestmark = pytest.mark.django_db

EXTERNAL_IMG = re.compile(r'<img[^>]*src="(?:https?:)?//', re.IGNORECASE)


def rendered(model, field):
    return [render_markdown(getattr(o, field)) for o in model.objects.exclude(**{field: ""})]


def test_the_jekyll_site_renders_without_external_images(jekyll_site):
    import_site(jekyll_site)
    pages = rendered(Post, "body") + rendered(Challenge, "body") + rendered(Person, "bio")
    assert len(pages) > 100
    assert not [page for page in pages if EXTERNAL_IMG.search(page)]
    links = [page for page in pages if "(image sur " in page]
    assert links  # the former site's images are still reachable, as links
    assert any("(image sur upload.wikimedia.org)" in page for page in links)


def test_the_hugo_site_renders_without_external_images(hugo_site):
    import_site(hugo_site)
    pages = rendered(Post, "body") + rendered(Challenge, "body") + rendered(Person, "bio")
    assert pages
    assert not [page for page in pages if EXTERNAL_IMG.search(page)]
