"""The cache that holds the throttles: local memory by default, Redis when REDIS_URL is set,
so that a limit counted by one web process holds in the others."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _caches(**env: str) -> dict:
    environment = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL"}}
    environment.update(env)
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json; from opencall import settings; print(json.dumps(settings.CACHES))",
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)["default"]


def test_local_memory_by_default():
    assert _caches()["BACKEND"].endswith("LocMemCache")


def test_redis_when_redis_url_is_set():
    cache = _caches(REDIS_URL="redis://127.0.0.1:6379/3", CACHE_KEY_PREFIX="site-a")
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://127.0.0.1:6379/3"
    assert cache["KEY_PREFIX"] == "site-a"
