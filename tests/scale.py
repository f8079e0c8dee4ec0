"""Measuring a page at two sizes of a call: queries, rows turned into objects, HTML size."""

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext


@dataclass
class Cost:
    """What one request cost: its queries, the model instances it built, its HTML bytes."""

    queries: int = 0
    html: int = 0
    loaded: Counter = field(default_factory=Counter)

    def rows(self, model) -> int:
        """How many instances of ``model`` the request built from database rows."""
        return self.loaded[model._meta.label]


@contextmanager
def instances_loaded():
    """Count the model instances built while inside, per model label."""
    counts = Counter()

    def count(sender, **kwargs):
        counts[sender._meta.label] += 1

    post_init.connect(count, weak=False)
    try:
        yield counts
    finally:
        post_init.disconnect(count)


def measure(client, url, data=None) -> Cost:
    """GET ``url`` (200 expected) and return what it cost."""
    with CaptureQueriesContext(connection) as queries, instances_loaded() as loaded:
        response = client.get(url, data or {})
    assert response.status_code == 200, response.status_code
    return Cost(queries=len(queries), html=len(response.content), loaded=loaded)
