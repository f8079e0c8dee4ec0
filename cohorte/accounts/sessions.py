"""Sessions in the database, read by a query compiled once: each signed-in request reads one."""

from django.contrib.sessions.backends import db
from django.utils import timezone

from cohorte.compiled_sql import first

# Stands for the session key in the compiled query (no key has a NUL character).
_THE_KEY = "\x00session-key\x00"


class SessionStore(db.SessionStore):
    """Django's database sessions, the row read without building its query each time."""

    def _get_session_from_db(self):
        found = first(self.get_model_class(), "session", _session_sql, {_THE_KEY: self.session_key})
        # The expiry is checked here rather than in the query: a moment in it would have to
        # be adapted to each database's format, which the compiled parameters cannot do.
        if found is None or found.expire_date <= timezone.now():
            self._session_key = None
            return None
        return found


def _session_sql() -> tuple[str, tuple]:
    model = SessionStore.get_model_class()
    return model.objects.filter(session_key=_THE_KEY).order_by().query.sql_with_params()
