"""Fixtures for the site importers: the two real corpora in place, and tiny sites of our own."""

from pathlib import Path

import pytest


@pytest.fixture
def jekyll_site(shared_data) -> Path:
    """The programme's Jekyll site (2017-2022), complete."""
    return shared_data / "eig-site-jekyll"


@pytest.fixture
def hugo_site(shared_data) -> Path:
    """A sample of the programme's current Hugo site."""
    return shared_data / "eig-site-hugo-sample"


@pytest.fixture
def make_site(tmp_path):
    """Build a site in a temporary folder from {relative path: text or bytes}."""

    def make(files: dict, root: str = "site") -> Path:
        base = tmp_path / root
        base.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            path = base / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return base

    return make
