"""A responses file kept between the import pages' steps: found only by its person's
token, dropped when the import starts, and removed by the scheduler a day after an upload
nobody finished."""

import datetime as dt
import os

from django.utils import timezone

from opencall.imports import waiting
from opencall.mail.scheduler import mail_tick


def _age(path, days: float) -> None:
    moment = (timezone.now() - dt.timedelta(days=days)).timestamp()
    os.utime(path, (moment, moment))


def test_a_kept_file_is_its_persons_only_and_dropped(uploads_dir):
    token = waiting.upload_keep(call_id=1, user_id=7, name="../answers.csv", content=b"a,b\n")
    assert waiting.upload_kept(call_id=1, user_id=7, token=token) == ("answers.csv", b"a,b\n")
    assert waiting.upload_kept(call_id=1, user_id=8, token=token) is None
    assert waiting.upload_kept(call_id=2, user_id=7, token=token) is None
    assert waiting.upload_kept(call_id=1, user_id=7, token="nothing") is None
    waiting.upload_drop(call_id=1, user_id=7, token=token)
    assert waiting.upload_kept(call_id=1, user_id=7, token=token) is None


def test_the_scheduler_removes_uploads_left_for_over_a_day(uploads_dir, db):
    old = waiting.upload_keep(call_id=1, user_id=7, name="old.csv", content=b"x")
    new = waiting.upload_keep(call_id=1, user_id=9, name="new.csv", content=b"y")
    _age(uploads_dir / "imports" / "1" / "7" / old / "old.csv", days=1.5)
    _age(uploads_dir / "imports" / "1" / "9" / new / "new.csv", days=0.5)
    assert mail_tick()["import_uploads"] == 1
    assert waiting.upload_kept(call_id=1, user_id=7, token=old) is None
    assert waiting.upload_kept(call_id=1, user_id=9, token=new) == ("new.csv", b"y")
    assert waiting.uploads_clear_stale(now=timezone.now()) == 0


def test_nothing_uploaded_is_nothing_to_clear(uploads_dir):
    assert waiting.uploads_clear_stale(now=timezone.now()) == 0
