"""Trigram indexes for the searches, on PostgreSQL only.

A search asks for rows whose folded ``search_text`` contains each word (``LIKE '%word%'``),
and for the applications, whose candidate's e-mail contains it: without an index that reads
every row of the table. PostgreSQL's ``pg_trgm`` indexes serve such patterns (words of three
letters or more). SQLite has no such index: the embedded default reads its rows as before.
"""

from django.db import migrations

SEARCHED_TABLES = (
    "calls_application",
    "challenges_challenge",
    "organisations_organisation",
    "people_person",
    "projects_proposal",
)
EMAIL_INDEX = "auth_user_email_upper_trgm"


def _index(table: str) -> str:
    return f"{table}_search_trgm"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # A trusted extension since PostgreSQL 13: the database's owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in SEARCHED_TABLES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {_index(table)} ON {table} "
            "USING gin (search_text gin_trgm_ops)"
        )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {EMAIL_INDEX} ON auth_user "
        "USING gin (UPPER(email) gin_trgm_ops)"
    )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in (*map(_index, SEARCHED_TABLES), EMAIL_INDEX):
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("calls", "0008_application_sort_name"),
        ("challenges", "0003_admin_labels_config"),
        ("organisations", "0003_folded_search_text_of_organisations"),
        ("people", "0005_labels_without_eig"),
        ("projects", "0009_labels_without_eig"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
