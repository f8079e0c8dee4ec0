"""gunicorn's settings for Cohorte; gunicorn reads this file from the folder it starts in.

Cohorte sits behind a front server (nginx): gunicorn listens on the loopback (or a
socket) that only the front server reaches, and believes X-Forwarded-Proto from the
front server's addresses only. Environment: GUNICORN_BIND, FORWARDED_ALLOW_IPS,
WEB_CONCURRENCY (processes), GUNICORN_THREADS.
"""

import os

from gunicorn.http import wsgi

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
workers = int(os.environ.get("WEB_CONCURRENCY", "4"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Headers with an underscore could pass for the front server's own (X_Forwarded_Proto).
header_map = "drop"

_default_headers = wsgi.Response.default_headers


def _without_server_banner(self):
    # gunicorn writes "Server: gunicorn" with no setting to turn it off; telling the
    # software (and, through a front server, its version) helps only an attacker.
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


wsgi.Response.default_headers = _without_server_banner
