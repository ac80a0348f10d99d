"""The backup of docs/deploy.md works: pg_dump, then pg_restore into another database."""

import os
import shutil
import subprocess

import pytest
from django.db import connection

from opencall.calls.models import Call

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("pg_dump") is None, reason="needs PostgreSQL's client tools"),
]


def _client_args() -> tuple[list[str], dict[str, str]]:
    database = connection.settings_dict
    args = ["-h", database["HOST"] or "127.0.0.1", "-p", str(database["PORT"] or 5432)]
    args += ["-U", database["USER"] or "postgres"]
    env = {**os.environ, "PGPASSWORD": database["PASSWORD"] or ""}
    return args, env


def test_a_dump_restores_into_another_database_with_its_rows(open_call, tmp_path):
    args, env = _client_args()
    source = connection.settings_dict["NAME"]
    copy = f"{source}_restored"
    dump = tmp_path / "opencall.dump"

    def run(*command: str) -> str:
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return result.stdout

    # The commands of docs/deploy.md, "Backups".
    run("pg_dump", *args, "--format=custom", "--no-owner", "--file", str(dump), source)
    run("psql", *args, "-qc", f'DROP DATABASE IF EXISTS "{copy}"', "postgres")
    run("psql", *args, "-qc", f'CREATE DATABASE "{copy}"', "postgres")
    try:
        run("pg_restore", *args, "--no-owner", "--exit-on-error", "--dbname", copy, str(dump))
        query = f"SELECT title_en FROM {Call._meta.db_table} WHERE slug = '{open_call.slug}'"  # noqa: S608
        assert run("psql", *args, "-tAc", query, copy).strip() == open_call.title_en
    finally:
        run("psql", *args, "-qc", f'DROP DATABASE IF EXISTS "{copy}"', "postgres")
