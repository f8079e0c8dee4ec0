"""`make prod-like`: Cohorte in its production layout on this machine, to try it.

N gunicorn processes and M task workers with DEBUG=0, on PostgreSQL (the machine's server,
database ``cohorte_prodlike``, created if missing), the shared cache on Redis
(127.0.0.1:6379), files on S3-compatible object storage (moto's S3 server, started here on
a free port), and nginx in front on port 8080 (static files, downloads through
X-Accel-Redirect, a short cache of public pages). Periodic jobs run every five minutes.
Ctrl-C stops everything. Settings given in the environment win over these.
"""

# ruff: noqa: T201 - a command-line tool prints.
import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cohorte import frontserver  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(port: int, what: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{what} did not start on port {port}")


def ensure_database(url: str) -> None:
    """Create the database of ``url`` on its server when it does not exist yet."""
    import psycopg

    name = url.rsplit("/", 1)[1]
    server = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(server, autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--web", type=int, default=2, help="gunicorn processes")
    parser.add_argument("--workers", type=int, default=2, help="task workers")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port")
    args = parser.parse_args()
    var = Path(os.environ.get("COHORTE_VAR_DIR", ROOT / "var" / "prod-like"))
    var.mkdir(parents=True, exist_ok=True)
    s3_port, web_port = free_port(), free_port()
    env = {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SITE_URL": f"http://127.0.0.1:{args.port}",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "COHORTE_VAR_DIR": str(var),
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/cohorte_prodlike",
        "CACHE_BACKEND": "django.core.cache.backends.redis.RedisCache",
        "CACHE_LOCATION": "redis://127.0.0.1:6379/1",
        "STORAGE_BUCKET": "cohorte-prod-like",
        "STORAGE_ENDPOINT_URL": f"http://127.0.0.1:{s3_port}",
        "STORAGE_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "prod-like",
        "AWS_SECRET_ACCESS_KEY": "prod-like-secret",
        "MEDIA_ACCEL_REDIRECT": "/_protected/",
        # nginx is the one proxy: the API's rate limit tells clients apart by its header.
        "API_NUM_PROXIES": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "GUNICORN_BIND": f"127.0.0.1:{web_port}",
        "WEB_CONCURRENCY": str(args.web),
    }
    env = {**os.environ, **env, **{k: v for k, v in os.environ.items() if k in env}}
    bin_dir = Path(sys.executable).parent
    processes = []

    def start(command, **kwargs):
        processes.append(subprocess.Popen(command, cwd=ROOT, env=env, **kwargs))
        return processes[-1]

    def stop(*_):
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    try:
        ensure_database(env["DATABASE_URL"])
        start([str(bin_dir / "moto_server"), "-H", "127.0.0.1", "-p", str(s3_port)],
              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        wait_for(s3_port, "the S3 server")
        import boto3

        boto3.client(
            "s3", endpoint_url=env["STORAGE_ENDPOINT_URL"], region_name="us-east-1",
            aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        ).create_bucket(Bucket=env["STORAGE_BUCKET"])  # fmt: skip
        manage = [sys.executable, "manage.py"]
        steps = (["migrate", "--noinput"], ["createcachetable"], ["setup_roles"],
                 ["collectstatic", "--noinput", "-v", "0"], ["demo", "--if-empty"])  # fmt: skip
        for step in steps:
            subprocess.run(manage + step, cwd=ROOT, env=env, check=True)
        start([sys.executable, "-m", "gunicorn", "cohorte.wsgi"])
        for _ in range(args.workers):
            start(manage + ["task_worker"])
        wait_for(web_port, "gunicorn")
        config = frontserver.render(
            Path(tempfile.mkdtemp(prefix="cohorte-nginx-")), listen=f"127.0.0.1:{args.port}",
            upstream=f"127.0.0.1:{web_port}", static_root=var / "static",
            media_root=var / "media",
        )  # fmt: skip
        directives = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
        start([frontserver.NGINX, "-c", str(config), "-p", str(config.parent), "-g", directives])
        wait_for(args.port, "nginx")
        print(f"\nCohorte (production layout): http://127.0.0.1:{args.port}/  — Ctrl-C to stop")
        print(f"  {args.web} gunicorn processes, {args.workers} task workers, PostgreSQL "
              "cohorte_prodlike, Redis db 1, S3 bucket cohorte-prod-like, nginx")  # fmt: skip
        while True:
            subprocess.run(manage + ["run_periodic"], cwd=ROOT, env=env, check=False,
                           stdout=subprocess.DEVNULL)  # fmt: skip
            for process in processes:
                if process.poll() is not None:
                    print(f"{process.args[:3]} stopped with code {process.returncode}")
                    stop()
            time.sleep(300)
    except KeyboardInterrupt:
        stop()


if __name__ == "__main__":
    main()
