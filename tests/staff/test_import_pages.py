"""The staff pages that import a Google Form's responses file (issue 14): upload, map
the columns (guessed), preview a dry run with every bad row, import in the background,
follow the batch, undo it."""

import html
import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from opencall.accounts.services import membership_add
from opencall.imports.models import ImportBatch, ImportMapping
from opencall.reviews.models import Note
from tests.accounts.people import make_user

pytestmark = pytest.mark.django_db

SLUG = "hot-summit-2022"
BASE = f"/staff/calls/{SLUG}/imports/"
CSV = (Path(__file__).resolve().parents[1] / "imports" / "data" / "responses-2022.csv").read_bytes()


@pytest.fixture(autouse=True)
def _immediate_tasks(settings, uploads_dir):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _upload(client, content=CSV, name="responses-2022.csv", **extra):
    return client.post(
        BASE + "new/", {"file": SimpleUploadedFile(name, content), **extra}, follow=False
    )


def _mapping_post(page: str, **changes) -> dict:
    """The mapping form as the page shows it (its selected options), with changes."""
    data = {}
    for name, body in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        data[name] = chosen.group(1) if chosen else ""
    for name, value in re.findall(
        r'<input type="(?:text|hidden)" name="([^"]+)" value="([^"]*)"', page
    ):
        data[name] = html.unescape(value)
    data.pop("csrfmiddlewaretoken", None)
    return {**data, **changes}


def _column(page: str, header: str) -> str:
    field = re.search(rf'<label for="(id_column_\d+)">{re.escape(header)}</label>', page)
    assert field, header
    return field.group(1).removeprefix("id_")


def _to_mapping(client) -> tuple[str, str]:
    response = _upload(client)
    assert response.status_code == 302, response.content.decode()[:2000]
    url = response["Location"]
    page = client.get(url).content.decode()
    return url, page


def test_reviewers_and_other_calls_staff_are_refused(staff, call_2022, open_call):
    other_admin = make_user("other-admin")
    membership_add(user=other_admin, call=open_call, role="call_admin")
    for user in (staff.working_group, staff.hub_esa, staff.outsider, other_admin):
        client = _client(user)
        assert client.get(BASE).status_code == 403
        assert client.get(BASE + "new/").status_code == 403
        assert _upload(client).status_code == 403
    # The administrator's upload is not reachable by another administrator.
    url, _page = _to_mapping(_client(staff.call_admin))
    membership_add(user=other_admin, call=call_2022, role="call_admin")
    assert _client(other_admin).get(url).status_code == 404


def test_the_imports_link_shows_only_to_those_allowed(staff):
    queue = f"/staff/calls/{SLUG}/"
    assert BASE in _client(staff.call_admin).get(queue).content.decode()
    assert BASE not in _client(staff.working_group).get(queue).content.decode()


def test_a_bad_file_is_named_and_nothing_is_kept(staff, uploads_dir):
    client = _client(staff.call_admin)
    response = _upload(client, b"%PDF-1.4", name="responses.pdf")
    assert response.status_code == 200
    assert "is neither a CSV nor an XLSX file" in response.content.decode()
    response = _upload(client, b"", name="empty.csv")
    assert response.status_code == 200
    assert 'class="notice error"' in response.content.decode()
    big = b"a,b\n" + b"x,y\n" * (5 * 1024 * 1024 // 4 + 10)
    response = _upload(client, big, name="big.csv")
    assert "files of at most 5 MB are imported" in response.content.decode()
    assert not list(Path(uploads_dir).rglob("*.csv"))


def test_the_mapping_is_guessed_saved_and_reused(staff, call_2022):
    client = _client(staff.call_admin)
    url, page = _to_mapping(client)
    # Guessed from the headers: the timestamp, the email, the event's name.
    assert re.search(
        rf'id="id_{_column(page, "Timestamp")}".*?<option value="submitted_at" selected',
        page,
        re.S,
    )
    assert "Answers that are none of the choices" not in page  # the answers convert
    scholarships = _column(page, "Scholarships: how much (USD)?")
    data = _mapping_post(
        page,
        name="Google Form 2022",
        action="save",
        date_order="dmy",
        **{scholarships: "offers.scholarships.amount_usd"},
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "The mapping is saved as “Google Form 2022”." in response.content.decode()
    saved = ImportMapping.objects.get(call=call_2022, name="Google Form 2022")
    assert saved.mapping["columns"]["Timestamp"] == "submitted_at"
    assert saved.mapping["columns"]["Scholarships: how much (USD)?"] == (
        "offers.scholarships.amount_usd"
    )
    assert saved.mapping["date_order"] == "dmy"
    assert saved.updated_by == staff.call_admin
    # The next file starts from the saved mapping, chosen on the upload page.
    assert "Google Form 2022" in client.get(BASE + "new/").content.decode()
    response = _upload(client, saved=str(saved.pk))
    assert response["Location"].endswith(f"?mapping={saved.pk}")
    page = client.get(response["Location"]).content.decode()
    assert re.search(
        rf'id="id_{scholarships}">.*?<option value="offers.scholarships.amount_usd" selected',
        page,
        re.S,
    )
    assert '<option value="dmy" selected' in page


def test_an_answer_that_is_no_choice_is_asked_about_and_mapped(staff, call_2022):
    client = _client(staff.call_admin)
    response = _upload(client, CSV.replace(b",National,", b",Whole country,"))
    url = response["Location"]
    page = client.get(url).content.decode()
    assert "Answers that are none of the choices" in page
    field = re.search(r'<label for="id_(value_[0-9a-f]+)">Whole country</label>', page).group(1)
    preview = client.post(url, _mapping_post(page, action="preview")).content.decode()
    assert "Whole country" in preview  # its row is an error while unmapped
    assert "Import 2 applications" in preview
    data = _mapping_post(page, action="preview", **{field: "national"})
    preview = client.post(url, data).content.decode()
    assert "Import 4 applications" in preview
    assert "Whole country" not in preview.split("<form")[-2]  # no error names it
    mapping = json.loads(html.unescape(re.search(r'name="mapping" value="([^"]*)"', preview)[1]))
    assert mapping["values"] == {"scope": {"Whole country": "national"}}


def test_the_preview_lists_bad_rows_by_line_and_column_and_the_import_runs(
    staff, call_2022, django_capture_on_commit_callbacks
):
    client = _client(staff.call_admin)
    url, page = _to_mapping(client)
    data = _mapping_post(page, action="preview")
    response = client.post(url, data)
    preview = response.content.decode()
    assert response.status_code == 200
    assert "What the import would do" in preview
    # Line 6's email is wrong: its line, its column and what to write.
    assert re.search(r"<th scope=\"row\">6</th><td[^>]*>Email address</td>", preview)
    assert "is not an email address" in preview
    assert call_2022.applications.count() == 0  # a dry run
    mapping = re.search(r'name="mapping" value="([^"]*)"', preview).group(1)
    start = re.search(r'action="([^"]+/start/)"', preview).group(1)
    assert "Import 4 applications" in preview
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(start, {"mapping": html.unescape(mapping)})
    assert response.status_code == 302
    batch = ImportBatch.objects.get(call=call_2022)
    assert response["Location"] == f"{BASE}{batch.pk}/"
    assert batch.status == ImportBatch.Status.DONE and batch.imported == 4
    assert batch.by == staff.call_admin
    assert call_2022.applications.count() == 4
    page = client.get(response["Location"]).content.decode()
    assert "Undo this import" in page
    first = call_2022.applications.order_by("number").first()
    assert f"/staff/calls/{SLUG}/applications/{first.number}/" in page
    assert "hx-trigger" not in page  # done: no more polling
    # The kept file is gone once imported.
    assert client.get(url).status_code == 404
    # Listed.
    assert f"{BASE}{batch.pk}/" in client.get(BASE).content.decode()


def _imported(client, call_2022, capture) -> ImportBatch:
    url, page = _to_mapping(client)
    data = _mapping_post(page, action="preview")
    preview = client.post(url, data).content.decode()
    mapping = re.search(r'name="mapping" value="([^"]*)"', preview).group(1)
    with capture(execute=True):
        client.post(url + "start/", {"mapping": html.unescape(mapping)})
    return ImportBatch.objects.get(call=call_2022)


def test_a_running_import_refreshes_its_page(staff, call_2022):
    batch = ImportBatch.objects.create(
        call=call_2022,
        by=staff.call_admin,
        file_name="r.csv",
        rows_total=10,
        rows_done=3,
        status=ImportBatch.Status.RUNNING,
    )
    page = _client(staff.call_admin).get(f"{BASE}{batch.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page  # polled with JS; a link to look again without
    assert f'href="{BASE}{batch.pk}/">Show the progress now' in page
    assert "3 of 10 rows done." in page


def test_undo_needs_the_box_then_undoes_and_says_why_when_refused(
    staff, call_2022, django_capture_on_commit_callbacks
):
    client = _client(staff.call_admin)
    batch = _imported(client, call_2022, django_capture_on_commit_callbacks)
    imported = call_2022.applications.count()
    assert imported > 0
    undo = f"{BASE}{batch.pk}/undo/"
    page = client.post(undo, follow=True).content.decode()
    assert "Tick the box" in page and call_2022.applications.count() == imported
    # Touched since: refused, with the reason.
    application = call_2022.applications.first()
    Note.objects.create(application=application, author=staff.call_admin, body="Call them.")
    page = client.post(undo, {"confirm": "yes"}, follow=True).content.decode()
    assert "This import can no longer be undone" in page
    assert application.ref in page
    Note.objects.all().delete()
    page = client.post(undo, {"confirm": "yes"}, follow=True).content.decode()
    assert "The import is undone" in page
    assert call_2022.applications.count() == 0
    assert "Undo this import" not in client.get(f"{BASE}{batch.pk}/").content.decode()
    assert _client(staff.working_group).post(undo, {"confirm": "yes"}).status_code == 403


def test_a_mapping_that_cannot_be_used_is_named_and_what_was_chosen_is_kept(staff, call_2022):
    client = _client(staff.call_admin)
    url, page = _to_mapping(client)
    city, country = _column(page, "City"), _column(page, "Country")
    data = _mapping_post(page, action="preview", **{country: "city", "timezone": "Mars/Olympus"})
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "The mapping cannot be used yet:" in page
    problems = page.split("The mapping cannot be used yet:")[1].split("</ul>")[0]
    assert "Mars/Olympus" in problems and "City" in problems and "Country" in problems
    assert 'value="Mars/Olympus"' in page  # kept as typed
    # Both columns still say what was chosen.
    for column in (city, country):
        assert re.search(
            rf'name="{column}" id="id_{column}">.*?<option value="city" selected', page, re.S
        )
    assert call_2022.applications.count() == 0
    assert not ImportBatch.objects.exists()


def test_an_xlsx_file_is_read_and_a_second_click_on_import_imports_nothing_more(
    staff, call_2022, django_capture_on_commit_callbacks
):
    from tests.imports.conftest import xlsx_from_csv

    client = _client(staff.call_admin)
    response = _upload(client, xlsx_from_csv(CSV), name="responses-2022.xlsx")
    assert response.status_code == 302
    url = response["Location"]
    page = client.get(url).content.decode()
    assert "responses-2022.xlsx" in page and ">Timestamp</label>" in page
    data = _mapping_post(page, action="preview", values_json="not json")
    preview = client.post(url, data).content.decode()
    mapping = html.unescape(re.search(r'name="mapping" value="([^"]*)"', preview)[1])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url + "start/", {"mapping": mapping})
    again = client.post(url + "start/", {"mapping": mapping}, follow=True)
    assert "This file was imported already" in again.content.decode()
    assert ImportBatch.objects.count() == 1
    assert call_2022.applications.count() == 4


def test_a_saved_mapping_is_downloaded_for_the_command_and_deleted(staff, call_2022, open_call):
    saved = ImportMapping.objects.create(
        call=call_2022, name="Form 2022", mapping={"columns": {"Timestamp": "submitted_at"}}
    )
    client = _client(staff.call_admin)
    page = client.get(BASE).content.decode()
    assert "Download “Form 2022” (JSON)" in page
    response = client.get(f"{BASE}mappings/{saved.pk}.json")
    assert response.status_code == 200
    assert 'filename="Form_2022.json"' in response["Content-Disposition"]
    assert json.loads(response.content) == saved.mapping
    # Reviewers reach neither; a mapping of another call is not found under this one.
    other = ImportMapping.objects.create(call=open_call, name="Other", mapping={})
    assert _client(staff.working_group).get(f"{BASE}mappings/{saved.pk}.json").status_code == 403
    assert client.get(f"{BASE}mappings/{other.pk}.json").status_code == 404
    assert client.post(f"{BASE}mappings/{other.pk}/delete/").status_code == 404
    assert client.get(f"{BASE}mappings/{saved.pk}/delete/").status_code == 405
    response = client.post(f"{BASE}mappings/{saved.pk}/delete/", follow=True)
    assert "The mapping “Form 2022” is deleted." in response.content.decode()
    assert not ImportMapping.objects.filter(pk=saved.pk).exists()
    assert ImportMapping.objects.filter(pk=other.pk).exists()
