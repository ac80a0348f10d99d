"""The applicant's heaviest requests at the deadline read and write what they must, once
(issue 15, the deadline rush): the private page reads
the application with its screening, decision and collaboration in one query, and the
reference data kept for the call's version; the submission locks the application's row
(not the call's) once per transaction, screens without reading a row twice, and asks the
call's webhooks once for its four events. A change that brings a query back fails here."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opencall.applications.models import Application
from opencall.applications.workflow import Status
from opencall.screening.models import ScreeningResult
from tests.applications.walk import fill_all, start

# Screening and mail run on commit, as in production: real transactions.
pytestmark = pytest.mark.django_db(transaction=True)

# The link's application with its call and parts; the call's offers; its co-organisers.
DRAFT_PAGE = 3
# The same, and the reviewers' overrides of the stored screening.
CONFIRMATION_PAGE = 4
# The link's application (1); the submission: lock, write, timeline (3); the webhooks
# (1); the confirmation mail: already made?, its text, the row and its trail, the send
# task, co-organisers' copies (6); the screening: lock, overrides, previous result,
# result, outcomes, timeline, the move to "screened" and its timeline (8). Transactions'
# own statements (BEGIN, COMMIT) come on top. 44 statements before issue 15's work.
SUBMISSION = 19


def _statements(work) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        answer = work()
    assert answer.status_code in (200, 302), answer.content.decode()[:2000]
    return [
        query["sql"]
        for query in captured
        if not query["sql"].startswith(("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT"))
    ]


def _reads(statements: list[str], table: str) -> int:
    return sum(1 for sql in statements if sql.startswith("SELECT") and f'FROM "{table}"' in sql)


@pytest.fixture
def draft(client, open_call):
    base, draft = start(client, open_call)
    day = open_call.event_window_end.isoformat()
    fill_all(client, base, dates=(day, day))
    return base, draft


def test_a_drafts_private_page_reads_the_application_and_its_parts_in_one_query(
    client, draft, django_assert_max_num_queries
):
    base, _draft = draft
    with django_assert_max_num_queries(DRAFT_PAGE):
        page = client.get(base)
    assert "Submit my application" in page.content.decode()
    statements = _statements(lambda: client.get(base))
    assert _reads(statements, "applications_application") == 1
    # Decision, collaboration and screening came with it; the live check's reference
    # data is the one kept for the call's version, read with the call.
    for table in ("selection_decision", "collaborations_collaboration", "calls_call"):
        assert _reads(statements, table) == 0, table


def test_a_submission_screens_with_one_lock_and_asks_the_webhooks_once(
    client, draft, django_assert_max_num_queries
):
    base, draft = draft
    with django_assert_max_num_queries(SUBMISSION + 6):  # + BEGIN and COMMIT, three times
        statements = _statements(lambda: client.post(f"{base}submit/"))
    assert len(statements) <= SUBMISSION, "\n".join(statements)
    assert _reads(statements, "webhooks_webhook") == 1
    # The link's; the submission's lock; the screening's lock.
    assert _reads(statements, "applications_application") == 3
    if connection.vendor == "postgresql":  # SQLite locks the whole database instead
        locks = [sql for sql in statements if "FOR UPDATE" in sql]
        assert len(locks) == 2
        assert all(sql.endswith('FOR UPDATE OF "applications_application"') for sql in locks)
    assert _reads(statements, "screening_screeningresult") == 1
    application = Application.objects.get(pk=draft.pk)
    assert application.status == Status.SCREENED
    assert ScreeningResult.objects.get(application=application).outcomes.count() == 11
    assert list(application.events.values_list("kind", "old", "new").order_by("pk"))[-3:] == [
        ("status", "draft", "submitted"),
        ("screened", "", "eligible"),
        ("status", "submitted", "screened"),
    ]


def test_the_confirmation_page_reads_the_stored_screening_with_the_application(
    client, draft, django_assert_max_num_queries
):
    base, _draft = draft
    client.post(f"{base}submit/")
    with django_assert_max_num_queries(CONFIRMATION_PAGE):
        page = client.get(base).content.decode()
    assert "Your application is submitted" in page
    assert "meets every rule of the call" in page
    statements = _statements(lambda: client.get(base))
    assert _reads(statements, "screening_screeningresult") == 0
    assert _reads(statements, "reference_hub") == 0
