"""The selection core is pure Python: its tests need neither Django settings nor media."""

import pytest


@pytest.fixture(autouse=True)
def _fresh_cache_and_media():
    """Override the suite-wide fixture: nothing to reset, and no Django needed to run."""
    yield
