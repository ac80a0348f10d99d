"""A file an applicant uploaded goes only to the staff who may see the application."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from opencall.applications.models import Application
from opencall.applications.uploads import delete_upload, store_upload
from tests.applications.sample_files import PDF, docx

pytestmark = pytest.mark.django_db


def _answer(application, question_id: str, name: str, content: bytes) -> dict:
    """Store a file and write its answer straight into the stored document, as the
    form will once the document has its `answers`."""
    answer = store_upload(
        application=application,
        question_id=question_id,
        file=SimpleUploadedFile(name, content),
    )
    document = {**application.document}
    document["answers"] = {**document.get("answers", {}), question_id: answer}
    Application.objects.filter(pk=application.pk).update(document=document)
    application.document = document
    return answer


def _url(application, question_id: str = "programme") -> str:
    return reverse(
        "staff:answer_file",
        kwargs={
            "slug": application.call.slug,
            "number": application.number,
            "question_id": question_id,
        },
    )


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_staff_of_the_call_download_the_file_with_safe_headers(client, staff, kenyan):
    _answer(kenyan, "programme", "Programme de l’événement.pdf", PDF)
    client.force_login(staff.working_group)
    response = client.get(_url(kenyan))
    assert response.status_code == 200
    assert _body(response) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "filename*=utf-8''Programme%20de%20l%E2%80%99%C3%A9v%C3%A9nement.pdf"
        in (response["Content-Disposition"])
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_a_word_file_goes_out_as_a_word_file(client, staff, kenyan):
    content = docx()
    _answer(kenyan, "budget", "budget.docx", content)
    client.force_login(staff.call_admin)
    response = client.get(_url(kenyan, "budget"))
    assert _body(response) == content
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert 'filename="budget.docx"' in response["Content-Disposition"]


def test_the_public_is_sent_to_sign_in_and_gets_no_bytes(client, kenyan):
    _answer(kenyan, "programme", "programme.pdf", PDF)
    response = client.get(_url(kenyan))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert PDF not in _body(response)


@pytest.mark.parametrize("role", ["outsider", "nobody", "hub_ap"])
def test_staff_who_may_not_see_the_application_get_no_bytes(role, staff, kenyan):
    # outsider: a working group member of another call; hub_ap: another region's hub.
    _answer(kenyan, "programme", "programme.pdf", PDF)
    client = Client()
    client.force_login(getattr(staff, role))
    response = client.get(_url(kenyan))
    assert response.status_code in (403, 404)
    assert PDF not in _body(response)


def test_a_question_without_a_file_answer_is_not_found(client, staff, kenyan):
    client.force_login(staff.working_group)
    assert client.get(_url(kenyan, "programme")).status_code == 404  # no answers at all
    _answer(kenyan, "programme", "programme.pdf", PDF)
    assert client.get(_url(kenyan, "budget")).status_code == 404  # not answered
    document = {**kenyan.document, "answers": {**kenyan.document["answers"], "motto": "Map it"}}
    Application.objects.filter(pk=kenyan.pk).update(document=document)
    assert client.get(_url(kenyan, "motto")).status_code == 404  # not a file answer


def test_a_file_gone_from_the_storage_is_not_found(client, staff, kenyan):
    answer = _answer(kenyan, "programme", "programme.pdf", PDF)
    delete_upload(answer["key"])
    client.force_login(staff.working_group)
    assert client.get(_url(kenyan)).status_code == 404


def test_only_get(client, staff, kenyan):
    _answer(kenyan, "programme", "programme.pdf", PDF)
    client.force_login(staff.working_group)
    assert client.post(_url(kenyan)).status_code == 405


def test_no_upload_has_a_public_address(client, staff, kenyan, uploads_dir):
    answer = _answer(kenyan, "programme", "programme.pdf", PDF)
    for path in (f"/{answer['key']}", f"/media/{answer['key']}", f"/uploads/{answer['key']}"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert PDF not in _body(response)
