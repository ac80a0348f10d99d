"""deploy/gunicorn.conf.py reads the environment, and trusts no forwarded header itself."""

import runpy
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "gunicorn.conf.py"


def test_workers_and_port_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("PORT", "8123")
    config = runpy.run_path(str(CONFIG))
    assert config["workers"] == 3
    assert config["bind"] == "127.0.0.1:8123"
    assert config["accesslog"] == "-"
    assert config["graceful_timeout"] == 30


def test_defaults_are_several_workers_capped_and_no_forwarded_trust(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("PORT", raising=False)
    config = runpy.run_path(str(CONFIG))
    assert 3 <= config["workers"] <= 8
    assert config["bind"] == "127.0.0.1:8000"
    assert config["forwarded_allow_ips"] == ""
    assert config["secure_scheme_headers"] == {}
