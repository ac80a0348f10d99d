"""The applicant's addresses sit in mailboxes (private links) and in bookmarks: the
cfp front end answers at exactly the paths the applicant pages always had."""

import uuid

import pytest
from django.urls import resolve, reverse

from opencall.applications.steps import STEPS
from opencall.cfp.forms import STEP_FORMS

ID = uuid.UUID("12345678-1234-5678-1234-567812345678")
TOKEN = "abc123"
PRIVATE = f"/a/{ID}/{TOKEN}/"
KEY = {"public_id": ID, "token": TOKEN}


@pytest.mark.parametrize(
    ("name", "kwargs", "path"),
    [
        ("cfp:home", {}, "/"),
        ("cfp:call", {"slug": "hot-summit-2022"}, "/calls/hot-summit-2022/"),
        ("cfp:start", {"slug": "hot-summit-2022"}, "/calls/hot-summit-2022/apply/"),
        ("cfp:resume", {"slug": "hot-summit-2022"}, "/calls/hot-summit-2022/resume/"),
        ("cfp:check_start", {"slug": "hot-summit-2022"}, "/calls/hot-summit-2022/check/"),
        ("cfp:private", KEY, PRIVATE),
        ("cfp:submit", KEY, PRIVATE + "submit/"),
        ("cfp:withdraw", KEY, PRIVATE + "withdraw/"),
        ("cfp:new_link", KEY, PRIVATE + "new-link/"),
        ("cfp:messages", KEY, PRIVATE + "messages/"),
        ("cfp:step", {**KEY, "step_slug": "audience"}, PRIVATE + "audience/"),
        ("cfp:check_step", {**KEY, "step_slug": "audience"}, PRIVATE + "audience/check/"),
    ],
)
def test_each_applicant_page_keeps_its_address(name, kwargs, path):
    assert reverse(name, kwargs=kwargs) == path
    assert f"{resolve(path).namespace}:{resolve(path).url_name}" == name


def test_every_step_of_the_form_has_its_page_form():
    assert list(STEP_FORMS) == [step.slug for step in STEPS]
