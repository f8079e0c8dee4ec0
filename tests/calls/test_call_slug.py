"""Every call has a slug: generated from its title, unique, and required by the database."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from cohorte.calls.models import Call
from tests.factories import CallFactory, CohortFactory

pytestmark = pytest.mark.django_db


def test_a_call_saved_without_a_slug_gets_one_from_its_title():
    first = CallFactory(title="Appel à projets — Promotion 10")
    second = CallFactory(title="Appel à projets — Promotion 10")
    assert first.slug == "appel-a-projets-promotion-10"
    assert second.slug == "appel-a-projets-promotion-10-2"
    assert first.get_absolute_url() == "/appels/appel-a-projets-promotion-10/"


def test_a_given_slug_is_kept_and_saving_again_keeps_it():
    call = CallFactory(title="Appel", slug="eig-6")
    call.title = "Appel renommé"
    call.save()
    call.refresh_from_db()
    assert call.slug == "eig-6"


def test_a_long_title_gives_a_slug_within_the_column():
    titles = ["Un appel " * 28] * 3  # 252 characters
    slugs = [CallFactory(title=title).slug for title in titles]
    assert len(set(slugs)) == 3
    assert all(len(slug) <= 120 for slug in slugs)


def test_a_slug_emptied_on_save_is_generated_again():
    call = CallFactory(title="Appel à candidatures", slug="ancien")
    call.slug = ""
    call.save(update_fields=["title"])
    call.refresh_from_db()
    assert call.slug == "appel-a-candidatures"


@pytest.mark.parametrize("value", ["", None])
def test_the_database_refuses_a_call_without_a_slug(value):
    call = CallFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Call.objects.filter(pk=call.pk).update(slug=value)


# It migrates the whole schema back and forth (half a minute): once, on production's database.
@pytest.mark.lane("postgresql")
@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_existing_calls_a_slug():
    executor = MigrationExecutor(connection)
    before, after = (
        [("calls", "0004_reminders_and_periodic_runs")],
        [("calls", "0005_every_call_has_a_slug")],
    )
    executor.migrate(before)
    cohort = CohortFactory()
    try:
        with connection.cursor() as cursor:
            for title in ("Appel à projets", "Appel à projets", "Appel à candidatures"):
                cursor.execute(
                    "INSERT INTO calls_call (cohort_id, kind, title, slug, description, opens_at,"
                    " closes_at, rules, rules_url, calendar, max_choices, choice_kind,"
                    " choice_timing, cv_required, portfolio_enabled, max_upload_mb,"
                    " review_visibility, retention_months) VALUES (%s, 'projects', %s, NULL, '',"
                    " '2026-01-01 09:00:00+00', '2026-02-01 09:00:00+00', '', '', '', 3,"
                    " 'challenges', 'application', %s, %s, 10, 'after_own', 6)",
                    [cohort.pk, title, True, True],
                )
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(after)
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert list(Call.objects.order_by("pk").values_list("slug", flat=True)) == [
        "appel-a-projets",
        "appel-a-projets-2",
        "appel-a-candidatures",
    ]
