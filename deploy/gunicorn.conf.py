"""gunicorn's settings for opencall, read from the environment (docs/deploy.md).

    gunicorn -c deploy/gunicorn.conf.py opencall.wsgi

WEB_CONCURRENCY  worker processes; default 2 x cores + 1, at most 8
PORT             port to listen on (default 8000); BIND overrides the whole address
WEB_HOST         address to listen on (default 127.0.0.1: a reverse proxy stands in front)
WEB_TIMEOUT      seconds a request may take before its worker is restarted (default 60)
"""

import multiprocessing
import os

workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
bind = os.environ.get(
    "BIND", f"{os.environ.get('WEB_HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
# The selection page may run the optimiser for up to 30 s in the request.
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
# On SIGTERM (a restart, an upgrade) requests in flight get this long to finish.
graceful_timeout = int(os.environ.get("WEB_GRACEFUL_TIMEOUT", "30"))
keepalive = 5
# A worker is replaced after this many requests (with jitter), so a slow leak cannot grow.
max_requests = 1000
max_requests_jitter = 100
# Access and error logs on standard output and error: the supervisor keeps them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# gunicorn never turns X-Forwarded-Proto into the request's scheme itself: Django alone
# decides, and believes the header only behind a configured proxy (NUM_PROXIES > 0).
forwarded_allow_ips = ""
secure_scheme_headers: dict[str, str] = {}
proc_name = "opencall-web"
