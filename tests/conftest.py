"""Fixtures shared by the whole suite."""

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"


@pytest.fixture
def shared_data() -> Path:
    """The programme's real public content, read in place from ../shared/data."""
    path = SHARED / "data"
    if not path.is_dir():
        pytest.skip(f"{path} is missing: the shared corpora sit beside the repository in CI")
    return path


@pytest.fixture(autouse=True)
def _fresh_cache_and_media(settings, tmp_path):
    """Each test starts with an empty cache and its own media folder."""
    from django.core.cache import cache

    from cohorte.media import forget_cached_lookups

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    forget_cached_lookups()
    yield
    forget_cached_lookups()
