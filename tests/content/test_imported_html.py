"""The real sites' content, imported and rendered, is HTML that the Nu checker accepts: every
image has a text (empty when the source gives none), every list sits where HTML allows it."""

from html.parser import HTMLParser

import pytest

from cohorte.challenges.models import Challenge
from cohorte.content.importers import import_site
from cohorte.content.models import FaqEntry, Page, Post
from cohorte.people.models import Person
from cohorte.richtext import render_markdown

pytestmark = pytest.mark.django_db

# Hosts of the imported images that have no alternative text in their source.
IMAGE_HOSTS = ["user-images.githubusercontent.com", "camo.githubusercontent.com", "framablog.org"]
LISTS = {"ul", "ol"}


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            if "alt" not in dict(attrs):
                self.problems.append(f"img without alt: {dict(attrs).get('src')}")
            return
        if tag in ("br", "hr"):
            return
        if tag in LISTS and self.open and self.open[-1] in LISTS:
            self.problems.append(f"{tag} inside {self.open[-1]}")
        self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open.pop() != tag:
                pass


def problems(html: str) -> list[str]:
    checker = _Checker()
    checker.feed(html)
    return checker.problems


def rendered_content():
    texts = [e.answer for e in FaqEntry.objects.all()]
    texts += [p.body for p in Post.objects.all()] + [p.body for p in Page.objects.all()]
    texts += [c.body for c in Challenge.objects.all()] + [p.bio for p in Person.objects.all()]
    return [render_markdown(text) for text in texts if text]


@pytest.mark.parametrize("site", ["jekyll_site", "hugo_site"])
def test_imported_content_renders_valid_images_and_lists(request, settings, site):
    settings.MARKDOWN_IMAGE_HOSTS = IMAGE_HOSTS
    import_site(request.getfixturevalue(site))
    pages = rendered_content()
    assert len(pages) > 20
    found = sorted({problem for page in pages for problem in problems(page)})
    assert found == []


def test_the_administrations_faq_keeps_its_nested_lists(jekyll_site):
    import_site(jekyll_site)
    entry = FaqEntry.objects.get(
        audience=FaqEntry.Audience.ADMINISTRATIONS,
        language="fr",
        answer__contains="Dimensionnement",
    )
    html = render_markdown(entry.answer)
    assert problems(html) == []
    assert "<li><strong>Dimensionnement</strong> <ul> <li>Un projet" in html


def test_the_checker_sees_what_it_looks_for():
    assert problems('<ul><li>a</li><ul><li>b</li></ul></ul><img src="x">') == [
        "ul inside ul",
        "img without alt: x",
    ]
