"""The flush that cleans up after each transactional test (tests/db_flush.py on PostgreSQL)."""

from django.apps import apps
from django.core.management import call_command

from tests.world import build_world


def test_the_flush_after_a_transactional_test_leaves_every_table_empty(transactional_db):
    build_world()
    assert any(model._base_manager.exists() for model in apps.get_models())
    # As TransactionTestCase flushes, without the content types' and permissions' rebuild.
    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=True)
    filled = [model._meta.label for model in apps.get_models() if model._base_manager.exists()]
    assert filled == []
