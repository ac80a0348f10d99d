"""Staff mail follows the language a staff member uses the pages in."""

import pytest

from opencall.accounts.models import StaffProfile
from opencall.accounts.selectors import staff_language

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("amina", "amina@example.org")


def test_the_language_switch_changes_the_pages_and_remembers_the_choice_for_staff(client, staff):
    client.force_login(staff)
    response = client.post("/accounts/language/", {"language": "fr", "next": "/staff/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "fr"
    assert staff_language(staff) == "fr"


def test_signing_in_remembers_the_language_of_the_sign_in_page(client, staff):
    staff.set_password("a long enough passphrase")
    staff.save()
    client.cookies["django_language"] = "fr"
    client.post(
        "/accounts/login/",
        {"username": staff.get_username(), "password": "a long enough passphrase"},
    )
    assert StaffProfile.objects.get(user=staff).language == "fr"


def test_an_applicant_switching_language_stores_nothing(client):
    response = client.post("/accounts/language/", {"language": "fr", "next": "/"})
    assert response.cookies["django_language"].value == "fr"
    assert not StaffProfile.objects.exists()


def test_an_unknown_language_is_ignored_and_the_default_stays(client, staff):
    client.force_login(staff)
    client.post("/accounts/language/", {"language": "xx", "next": "/"})
    assert staff_language(staff) == "en"


def test_the_language_switch_only_takes_post(client):
    assert client.get("/accounts/language/").status_code == 405
