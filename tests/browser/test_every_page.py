"""Every page a person sees, at a phone's width (360 px) and a desktop's (1280 px): the
page itself never scrolls sideways, no text is cut off, and axe-core finds no critical
or serious accessibility violation, a flash message shown included. In English; a
subset of the pages again in each other language of the site (longer words wrap
otherwise).

The walk is derived from the URLconf: a new route fails this test until it has a walk
entry (PAGES) or a reason not to be walked (SKIPPED), so no page escapes the check.
One browser; one context and one page per person (an applicant, a call administrator,
a hub manager halfway through signing in with a second factor).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from opencall.applications.steps import STEPS
from tests.accounts.people import PASSWORD
from tests.browser.page_checks import HEIGHT, WIDTHS, Checker, checking_context
from tests.browser.walk_data import Site, build_site

# Routes that are no page of their own, each with the reason.
SKIPPED_NAMESPACES = {
    "admin": "Django's admin, excepted by the issue",
    "api-v1": "the JSON API and its generated documentation, for programs",
}
SKIPPED = {
    "healthz": "the load balancer's health check, plain text",
    "set_language": "Django's language switch: POST only, redirects back",
    "cfp:check_start": "htmx fragment of the live check, POST only; shown inside step 1",
    "cfp:check_step": "htmx fragment of the live check, POST only; shown inside each step",
    "cfp:submit": "POST only, redirects to the application's page",
    "cfp:withdraw": "POST only, redirects to the application's page",
    "cfp:offer_answer": "POST only: the confirm and decline buttons are on the application's "
    "page (walked: an offer to confirm)",
    "cfp:download": "a file to keep (an attachment): checked as the applicant opens it (ACTIONS)",
    "cfp:questions_download": "a file to keep (an attachment): checked as the visitor opens it "
    "(ACTIONS)",
    "cfp:new_link": "POST only, redirects to the call page (checked there, ACTIONS)",
    "cfp:co_organiser_add": "POST only: the form is on the application's page (walked), which "
    "it redirects back to; refused input shows that page again",
    "cfp:co_organiser_revoke": "POST only, redirects to the application's page",
    "cfp:commitment_answer": "POST only: the answer form is on the collaboration's page "
    "(the accepted application's page, walked), which it redirects back to",
    "cfp:privacy_download": "a file to keep (JSON attachment): tests/cfp/test_privacy_pages.py",
    "cfp:privacy_erase": "POST only: the form is on the person's data page (walked)",
    "public:supported_ics": "calendar feed (text/calendar)",
    "public:supported_json": "open data export (JSON)",
    "public:supported_csv": "open data export (CSV)",
    "staff:bulk_move": "POST only, redirects to the queue",
    "staff:two_factor": "POST only: the call's two-factor setting, redirects to assignments",
    "staff:unlock": "POST only, redirects to assignments",
    "staff:blind_review": "POST only: the call's blind review setting, redirects to assignments",
    "staff:two_factor_reset": "POST only, redirects to assignments",
    "staff:scenarios": "htmx fragment the selection page polls; its scenarios are walked there",
    "staff:scenario_again": "POST only, redirects to the selection page",
    "staff:scenario_stop": "POST only, redirects to the selection page",
    "staff:release": "POST only, redirects to the selection page",
    "staff:outcome_csv": "the outcome report's table as a file (CSV): tests/collaborations",
    "staff:outcome_xlsx": "the outcome report's table as a file (XLSX): tests/collaborations",
    "staff:queue_export": "the queue as a file (CSV or XLSX): tests/staff/test_exports.py",
    "staff:reviews_export": "reviews with scores as a file (CSV or XLSX): "
    "tests/staff/test_exports.py",
    "staff:screening_export": "the screening list as a file (CSV or XLSX): "
    "tests/staff/test_exports.py",
    "staff:scenarios_export": "the scenarios side by side as a file (CSV or XLSX): "
    "tests/staff/test_exports.py",
    "staff:decisions_export": "the decisions as a file (CSV or XLSX): tests/staff/test_exports.py",
    "staff:collaborations_export": "the collaborations as a file (CSV or XLSX): "
    "tests/staff/test_exports.py",
    "staff:group_mail_send": "POST only, redirects to the group mail list (checked there, ACTIONS)",
    "staff:review": "POST only, redirects to the application page",
    "staff:message": "POST only, redirects to the application page",
    "staff:info_request": "POST only, redirects to the application page",
    "staff:note": "POST only, redirects to the application page",
    "staff:move": "POST only, redirects to the application page",
    "staff:share": "POST only, redirects to the application page",
    "staff:conflict": "POST only, redirects to the application page",
    "staff:assign": "POST only, redirects to the application page",
    "staff:new_link": "POST only, redirects to the application page",
    "staff:screening_override": "POST only, redirects to the screening detail",
    "staff:deliverable_edit": "POST only, redirects to the collaboration page",
    "staff:deliverable_move": "POST only, redirects to the collaboration page",
    "staff:commitment_waive": "POST only, redirects to the collaboration page",
    "staff:spend": "POST only, redirects to the collaboration page",
    "staff:collaboration_close": "POST only, redirects to the collaboration page",
    "staff:webhook_secret": "POST only: answers with the hook's page, the secret shown",
    "staff:webhook_test": "POST only, redirects to the hook's page",
    "staff:webhook_delete": "POST only, redirects to the webhooks page",
    "staff:delivery_replay": "POST only, redirects to the hook's page",
    "staff:answer_file": "an uploaded file (an attachment): tests/staff/test_answer_files.py",
    "staff/applications/<int:pk>/screening/": "old address, redirects to the screening detail",
    "staff/applications/<int:pk>/screening/override/": "old address, POST only, redirects",
    "staff/applications/<int:pk>/decision/": "old address, redirects to the decision page",
    "accounts:logout": "POST only, redirects to the sign-in page",
    "accounts:language": "POST only, redirects back",
    "accounts:token_revoke": "POST only, redirects to the tokens page",
    "staff:import_start": "POST only (the preview's button), redirects to the import's page",
    "staff:import_undo": "POST only, redirects to the import's page",
    "staff:import_mapping_delete": "POST only, redirects to the imports page",
    "staff:import_mapping_download": "a JSON file, not a page",
}


@dataclass(frozen=True)
class Page:
    route: str  # the URL name the walk lands on (an unnamed route: its pattern)
    name: str  # how a failure names it
    # "applicant": anyone, signed out; "staff": the call administrator, signed in;
    # "verifying": a hub manager with an authenticator, between password and code.
    who: str
    path: Callable[[Any], str]  # from the walk's data (Site) to the address
    before: Callable[[Any], None] | None = None  # data to change before the visit
    status: int = 200
    translated: bool = False  # walked again in every other language of the site


def _private(application, suffix: str = "") -> str:
    from opencall.applications.links import private_path

    return private_path(application) + suffix


def _co_organisers_page(application) -> str:
    """A co-organiser's own link to the application (docs/co-organisers.md)."""
    from opencall.applications.links import co_organiser_token
    from opencall.applications.models import CoOrganiser

    co, _made = CoOrganiser.objects.get_or_create(
        application=application,
        email="amina@example.org",
        defaults={"name": "Amina Odhiambo", "language": "fr"},
    )
    return f"/a/{application.public_id}/{co_organiser_token(co)}/"


RESPONSES = Path(__file__).resolve().parents[1] / "imports" / "data" / "responses-2022.csv"


def _kept_upload(site) -> str:
    """The mapping page of the example responses file, kept as the upload page keeps it."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    call, user = site.closed, site.people.call_admin
    folder = f"imports/{call.pk}/{user.pk}/walk-upload"
    storage = storages["uploads"]
    if not storage.exists(f"{folder}/responses-2022.csv"):
        storage.save(f"{folder}/responses-2022.csv", ContentFile(RESPONSES.read_bytes()))
    return f"/staff/calls/{call.slug}/imports/new/walk-upload/"


def _import_batch(site, status: str) -> str:
    """An import's page: done (its counts, its bad rows, the undo form) or running."""
    from opencall.imports.models import ImportBatch

    done = status == "done"
    batch = ImportBatch.objects.create(
        call=site.closed,
        by=site.people.call_admin,
        file_name="responses-2022.csv",
        status=status,
        rows_total=8,
        rows_done=8 if done else 3,
        imported=0,
        errors=1 if done else 0,
        report={
            "imported": 0,
            "updated": 0,
            "unchanged": 0,
            "errors": [
                {
                    "line": 6,
                    "field": "Email address",
                    "message": "“luis.gomez@” is not an email address, like name@example.org.",
                }
            ]
            if done
            else [],
            "skipped": [],
        },
    )
    return f"/staff/calls/{site.closed.slug}/imports/{batch.pk}/"


def _import_preview(page, base: str, site) -> None:
    page.goto(base + _kept_upload(site))
    page.get_by_role("button", name="Preview the import").click()


def _staff_app(name: str, application) -> str:
    return reverse(name, args=[application.call.slug, application.number])


def _hook_id(site) -> int:
    from opencall.webhooks.models import Webhook

    return Webhook.objects.get(call=site.closed).pk


def _group_message(site):
    """A message to the accepted (Kenya, told so) in English and French, written once."""
    from opencall.mail.groups import group_message_save
    from opencall.mail.models import GroupMessage

    return GroupMessage.objects.filter(call=site.closed).first() or group_message_save(
        call=site.closed,
        audience="accepted",
        texts={
            "en": {
                "subject": "Your check-in call, {{ applicant_name }}",
                "body": "Hello {{ applicant_name }},\n\nLet us plan {{ event_name }} together.",
            },
            "fr": {
                "subject": "Notre prochain échange, {{ applicant_name }}",
                "body": "Bonjour {{ applicant_name }},\n\nPréparons {{ event_name }} ensemble.",
            },
        },
        by=site.people.call_admin,
    )


def _group_mail(site, suffix: str = "") -> str:
    return f"/staff/calls/{site.closed.slug}/group-mail/{_group_message(site).pk}/{suffix}"


def _late_draft(site):
    """A draft of the closed call whose applicant may still send it (late access)."""
    import datetime as dt

    from django.utils import timezone

    from opencall.applications.late import late_access_grant_to_email

    draft, _created = late_access_grant_to_email(
        call=site.closed,
        email="late@example.org",
        language="en",
        until=timezone.now() + dt.timedelta(days=3),
        reason="The connection failed on the last day",
        by=site.people.call_admin,
    )
    return draft


def _late_page(site) -> str:
    return f"/staff/calls/{site.closed.slug}/applications/{_late_draft(site).number}/late-access/"


def _erasures(site) -> str:
    """The erasures page with one waiting (a submitted application of the closed call)."""
    from opencall.applications.models import Application
    from opencall.privacy.models import ErasureRequest

    application = Application.objects.filter(call=site.closed).exclude(status="draft").first()
    ErasureRequest.objects.get_or_create(
        application=application, status="waiting", defaults={"person": "0" * 64}
    )
    return f"/staff/calls/{site.closed.slug}/erasures/"


def _enrol(site) -> None:
    from opencall.accounts.two_factor import totp_enrol

    totp_enrol(user=site.people.call_admin)


PAGES: tuple[Page, ...] = (
    # The applicant's pages.
    Page("cfp:home", "list of calls", "applicant", lambda s: "/"),
    Page("cfp:call", "call page", "applicant", lambda s: f"/calls/{s.open.slug}/", translated=True),
    Page(
        "cfp:call",
        "call page, closed call",
        "applicant",
        lambda s: f"/calls/{s.closed.slug}/",
    ),
    Page(
        "cfp:start",
        "form step 1 (start)",
        "applicant",
        lambda s: f"/calls/{s.open.slug}/apply/",
        translated=True,
    ),
    Page(
        "cfp:start",
        "call closed (start refused)",
        "applicant",
        lambda s: f"/calls/{s.closed.slug}/apply/",
        status=403,
    ),
    *(
        Page(
            "cfp:step",
            f"draft, step {step.number}",
            "applicant",
            lambda s, slug=step.slug: _private(s.draft, f"{slug}/"),
            translated=step is STEPS[-1],  # the offers: the longest step
        )
        for step in STEPS
    ),
    Page(
        "cfp:questions",
        "the questions of the call, on one page",
        "applicant",
        lambda s: f"/calls/{s.open.slug}/questions/",
        translated=True,
    ),
    Page("cfp:private", "draft's page", "applicant", lambda s: _private(s.draft)),
    Page(
        "cfp:copy",
        "your copy of a draft",
        "applicant",
        lambda s: _private(s.draft, "copy/"),
    ),
    Page(
        "cfp:copy",
        "your copy of an accepted application",
        "applicant",
        lambda s: _private(s.kenya, "copy/"),
        translated=True,
    ),
    Page(
        "cfp:private",
        "submitted application's page",
        "applicant",
        lambda s: _private(s.submitted),
        translated=True,
    ),
    Page(
        "cfp:private",
        "a co-organiser's page of a submitted application",
        "applicant",
        lambda s: _co_organisers_page(s.submitted),
        translated=True,
    ),
    Page(
        "cfp:private",
        "submitted application's page, with a co-organiser's link to pass on",
        "applicant",
        lambda s: _private(s.submitted),
    ),
    Page(
        "cfp:private",
        "accepted application's page",
        "applicant",
        lambda s: _private(s.kenya),
        translated=True,
    ),
    Page(
        "cfp:private",
        "an offer to confirm or decline",
        "applicant",
        lambda s: _private(s.offered),
        translated=True,
    ),
    Page(
        "cfp:report",
        "the organiser's report after the event",
        "applicant",
        lambda s: _private(s.kenya, "report/"),
        translated=True,
    ),
    Page("cfp:messages", "conversation", "applicant", lambda s: _private(s.talk, "messages/")),
    Page(
        "cfp:resume",
        "find your application",
        "applicant",
        lambda s: f"/calls/{s.open.slug}/resume/",
    ),
    Page(
        "cfp:privacy",
        "a call's privacy notice",
        "applicant",
        lambda s: f"/calls/{s.closed.slug}/privacy/",
        translated=True,
    ),
    Page("cfp:privacy_ask", "your data: ask for the link", "applicant", lambda s: "/privacy/"),
    Page(
        "cfp:privacy_data",
        "your data: what is held, download, erase",
        "applicant",
        lambda s: f"/privacy/{_data_token(s.kenya.email)}/",
    ),
    Page(
        "public:supported",
        "supported events",
        "applicant",
        lambda s: f"/calls/{s.closed.slug}/supported/",
        translated=True,
    ),
    Page("accounts:login", "sign-in", "applicant", lambda s: "/accounts/login/"),
    Page(
        "accounts:verify",
        "second factor at sign-in",
        "verifying",
        lambda s: "/accounts/verify/?next=/staff/",
    ),
    # The staff's pages, as the call administrator (who sees every part of them).
    Page("staff:home", "staff home", "staff", lambda s: "/staff/"),
    Page(
        "staff:queue", "queue", "staff", lambda s: f"/staff/calls/{s.closed.slug}/", translated=True
    ),
    Page(
        "staff:application",
        "application page",
        "staff",
        lambda s: _staff_app("staff:application", s.kenya),
        translated=True,
    ),
    Page(
        "staff:screening",
        "screening list",
        "staff",
        lambda s: f"/staff/calls/{s.closed.slug}/screening/",
    ),
    Page(
        "staff:screening_detail",
        "screening detail",
        "staff",
        lambda s: _staff_app("staff:screening_detail", s.manila),
    ),
    Page(
        "staff:selection",
        "selection with two scenarios",
        "staff",
        lambda s: f"/staff/calls/{s.closed.slug}/selection/",
        translated=True,
    ),
    Page(
        "staff:decision",
        "decision to propose",
        "staff",
        lambda s: _staff_app("staff:decision", s.paris),
        translated=True,
    ),
    Page(
        "staff:decision",
        "decision waiting for sign-offs",
        "staff",
        lambda s: _staff_app("staff:decision", s.manila),
    ),
    Page(
        "staff:collaboration",
        "collaboration under way (overdue, spent, report filed)",
        "staff",
        lambda s: _staff_app("staff:collaboration", s.kenya),
        translated=True,
    ),
    Page(
        "staff:outcome",
        "outcome report",
        "staff",
        lambda s: f"/staff/calls/{s.closed.slug}/outcome/",
        translated=True,
    ),
    Page(
        "staff:group_mail_new",
        "group mail, writing to a group",
        "staff",
        lambda s: f"/staff/calls/{s.closed.slug}/group-mail/new/",
        translated=True,
    ),
    Page(
        "staff:group_mail_preview",
        "group mail, one person's copy",
        "staff",
        lambda s: _group_mail(s),
        translated=True,
    ),
    Page(
        "staff:group_mail_edit",
        "group mail, changing the message",
        "staff",
        lambda s: _group_mail(s, "edit/"),
    ),
    Page(
        "staff:late_access_list",
        "late access: who has it, grant to an address",
        "staff",
        lambda s: f"/staff/calls/{s.closed.slug}/late-access/",
        before=_late_draft,
        translated=True,
    ),
    Page("staff:late_access", "late access of one draft", "staff", _late_page, translated=True),
    Page("staff:erasures", "erasures to decide", "staff", _erasures, translated=True),
    Page(
        "cfp:private",
        "draft's page with late access, after the close",
        "applicant",
        lambda s: _private(_late_draft(s)),
    ),
    Page(
        "staff:group_mail",
        "group mail, the messages written",
        "staff",
        lambda s: f"/staff/calls/{s.closed.slug}/group-mail/",
        before=_group_message,
        translated=True,
    ),
    Page(
        "staff:imports",
        "imports of the call",
        "staff",
        lambda s: f"/staff/calls/{s.closed.slug}/imports/",
    ),
    Page(
        "staff:import_upload",
        "import a responses file",
        "staff",
        lambda s: f"/staff/calls/{s.closed.slug}/imports/new/",
    ),
    Page(
        "staff:import_mapping",
        "import: which column fills which field",
        "staff",
        _kept_upload,
        translated=True,
    ),
    Page("staff:import_batch", "import done", "staff", lambda s: _import_batch(s, "done")),
    Page("staff:import_batch", "import running", "staff", lambda s: _import_batch(s, "running")),
    Page(
        "staff:assignments",
        "assignments",
        "staff",
        lambda s: f"/staff/calls/{s.closed.slug}/assignments/",
    ),
    Page(
        "staff:webhooks",
        "webhooks",
        "staff",
        lambda s: f"/staff/calls/{s.closed.slug}/webhooks/",
    ),
    Page(
        "staff:webhook",
        "one webhook with its deliveries (delivered, waiting, failed)",
        "staff",
        lambda s: f"/staff/calls/{s.closed.slug}/webhooks/{_hook_id(s)}/",
        translated=True,
    ),
    Page("accounts:tokens", "API tokens", "staff", lambda s: "/accounts/tokens/"),
    Page("accounts:two_factor", "two-factor", "staff", lambda s: "/accounts/two-factor/"),
    Page(
        "accounts:two_factor",
        "two-factor, setting up an app",
        "staff",
        lambda s: "/accounts/two-factor/",
        before=_enrol,
    ),
)


# Pages that answer an action rather than an address, and the error pages: checked as
# the browser shows them after it (flash messages included), at both widths, without
# reloading.
def _save_changes(page, base: str, site) -> None:
    page.goto(base + _private(site.submitted, "event/"))
    page.locator("main form button.primary").click()


def _new_link(page, base: str, site) -> None:
    # The form sits in a closed <details>: submitted as the applicant's button would.
    page.goto(base + _private(site.talk))
    with page.expect_navigation():
        page.locator("form[action$='/new-link/']").evaluate("(form) => form.requestSubmit()")


def _run_scenario(page, base: str, site) -> None:
    page.goto(base + f"/staff/calls/{site.closed.slug}/selection/")
    page.locator("input[name=name]").fill("With a flash message")
    page.get_by_role("button", name="Run the optimiser").click()


def _create_token(page, base: str, site) -> None:
    page.goto(base + "/accounts/tokens/")
    page.locator("main input[name=name]").fill("queue export")
    page.locator("main input[name=calls]").first.check()  # read only, 90 days: the defaults
    page.locator("main form button[type=submit]").last.click()


def _confirm_authenticator(page, base: str, site) -> None:
    from django_otp.oath import TOTP

    from opencall.accounts.two_factor import pending_device, totp_enrol

    user = site.people.call_admin
    device = pending_device(user) or totp_enrol(user=user)
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    page.goto(base + "/accounts/two-factor/")
    page.locator("input[name=token]").fill(f"{code:0{device.digits}d}")
    page.locator("input[name=token]").press("Enter")


def _downloaded_answers(page, base: str, site) -> None:
    # The browser saves the file; the applicant opens it later, from their disk.
    response = page.request.get(base + _private(site.kenya, "download/"))
    assert response.headers["content-disposition"].startswith("attachment"), response.headers
    page.goto("about:blank")
    page.set_content(response.text())


def _downloaded_questions(page, base: str, site) -> None:
    response = page.request.get(base + f"/calls/{site.open.slug}/questions/download/")
    assert response.headers["content-disposition"].startswith("attachment"), response.headers
    page.goto("about:blank")
    page.set_content(response.text())


def _revoked_link(page, base: str, site) -> None:
    # An old link after the applicant asked for a new one: the page they then see.
    page.goto(base + f"/a/{site.draft.public_id}/{'0' * 40}/")


def _send_group_mail(page, base: str, site) -> None:
    page.goto(base + _group_mail(site))
    page.locator("form[action$='/send/'] button").click()


def _other_call(page, base: str, site) -> None:
    # Staff of one call at another call's address (an old bookmark, a shared link).
    page.goto(base + f"/staff/calls/{site.open.slug}/selection/")


@dataclass(frozen=True)
class Action:
    name: str
    who: str
    do: Callable[[Any, str, Any], None]
    shows: str  # CSS selector of what proves the action landed where meant


ACTIONS = (
    Action("applicant's page with a flash message", "applicant", _save_changes, ".messages"),
    Action("call page with a flash message", "applicant", _new_link, ".messages"),
    Action("selection page with a flash message", "staff", _run_scenario, ".messages"),
    Action("new API token shown once", "staff", _create_token, "#api-token"),
    Action("group mail sent, with a flash message", "staff", _send_group_mail, ".messages"),
    Action("import preview (a dry run)", "staff", _import_preview, "form[action$='/start/']"),
    Action("the applicant's answers, downloaded", "applicant", _downloaded_answers, "h1"),
    Action("the questions of the call, downloaded", "applicant", _downloaded_questions, "h1"),
    Action("page not found (an old private link)", "applicant", _revoked_link, "h1"),
    Action("refused (another call's staff page)", "staff", _other_call, "h1"),
    Action(
        "recovery codes after setting up an app",
        "staff",
        _confirm_authenticator,
        "#recovery-codes",
    ),
)


def routes() -> Iterator[str]:
    """Every route of the URLconf: its qualified name, or its pattern when unnamed."""

    def walk(resolver: URLResolver, namespace: str, prefix: str) -> Iterator[str]:
        for entry in resolver.url_patterns:
            pattern = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                yield from walk(entry, inner, pattern)
            elif isinstance(entry, URLPattern):
                yield f"{namespace}{entry.name}" if entry.name else pattern

    yield from walk(get_resolver(), "", "")


def _data_token(email: str) -> str:
    from opencall.privacy.identity import data_token

    return data_token(email)


def _skipped_namespace(route: str) -> bool:
    return any(
        route.startswith((f"{namespace}:", f"{namespace}/")) for namespace in SKIPPED_NAMESPACES
    )


def test_every_route_is_walked_or_skipped_with_a_reason():
    known = set(routes())
    walked = {page.route for page in PAGES}
    forgotten = sorted(
        route
        for route in known
        if route not in walked and route not in SKIPPED and not _skipped_namespace(route)
    )
    assert not forgotten, (
        "Routes neither walked by tests/browser/test_every_page.py (PAGES) nor skipped "
        f"with a reason (SKIPPED): {forgotten}"
    )
    stale = sorted((walked | set(SKIPPED)) - known)
    assert not stale, f"Walk or skip entries for routes that no longer exist: {stale}"
    assert not walked & set(SKIPPED), "A route is both walked and skipped"


@dataclass
class Walker:
    """One page per person, reused; each visit checked by the Checker."""

    base: str
    pages: dict[str, Any]
    checker: Checker = field(default_factory=Checker)

    def visit(self, entry: Page, site: Site, language: str = "en") -> None:
        page = self.pages[entry.who]
        page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
        response = page.goto(self.base + entry.path(site))
        label = f"{entry.name} [{language}]"
        if response is None or response.status != entry.status:
            status = response.status if response else "no answer"
            self.checker.failures.append(
                f"{label}: HTTP {status}, expected {entry.status} ({page.url})"
            )
            return
        landed = resolve(urlsplit(page.url).path)
        if (landed.view_name or landed.route) != entry.route:
            self.checker.failures.append(f"{label}: landed on {page.url}, not on {entry.route}")
            return
        self.checker.check(page, label)


def _sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_load_state()


def _set_language(contexts, base: str, language: str) -> None:
    for context in contexts:
        context.add_cookies([{"name": "django_language", "value": language, "url": base}])


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_page_fits_a_phone_and_a_desktop_and_passes_axe(
    browser, live_server, call_2022, open_call, people, shortlist
):
    site = build_site(call_2022, open_call, people, shortlist)
    base = live_server.url
    contexts, pages = [], {}
    for who, username in (
        ("applicant", None),
        ("staff", people.call_admin.username),
        ("verifying", people.hub_ap.username),
    ):
        context, page = checking_context(browser)
        if username:
            _sign_in(page, base, username)
        contexts.append(context)
        pages[who] = page
    walker = Walker(base=base, pages=pages)
    checker = walker.checker

    for entry in PAGES:
        if entry.before:
            entry.before(site)
        walker.visit(entry, site)

    for action in ACTIONS:
        page = pages[action.who]
        page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
        action.do(page, base, site)
        page.wait_for_load_state()
        if page.locator(action.shows).count() == 0:
            checker.failures.append(f"{action.name}: {action.shows} not shown ({page.url})")
        else:
            checker.check(page, f"{action.name} [en]")

    for language in [code for code, _name in settings.LANGUAGES if code != "en"]:
        _set_language(contexts, base, language)
        for entry in PAGES:
            if entry.translated:
                walker.visit(entry, site, language=language)

    for context in contexts:
        context.close()
    assert checker.checked >= 2 * len(PAGES)
    assert not checker.failures, (
        f"{len(checker.failures)} problems on the pages walked:\n" + "\n".join(checker.failures)
    )


@pytest.mark.browser
def test_the_checks_catch_a_sideways_scroll_cut_off_text_and_an_axe_violation(browser):
    """The walk's checks themselves, on a page made to fail each of them."""
    context, page = checking_context(browser)
    page.set_content(
        "<html><head><title>Broken</title></head><body><main>"
        '<div class="wide">A row of columns</div>'
        '<p class="clipped">Hub for Eastern and Southern Africa, cut</p>'
        '<p class="short">Two lines of text<br>in a box one line high</p>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        "</main></body></html>"
    )
    page.add_style_tag(
        content=".wide { width: 600px; } "
        ".clipped { width: 80px; overflow: hidden; white-space: nowrap; } "
        ".short { height: 1.2em; overflow: hidden; }"
    )
    checker = Checker()
    checker.check(page, "broken page")
    context.close()
    at_360 = [failure for failure in checker.failures if " at 360 px" in failure]
    assert any("scrollWidth 6" in f and "div.wide (6" in f for f in at_360), checker.failures
    assert any("text cut off in p.clipped “Hub for Eastern" in f for f in at_360)
    assert any("p.short “Two lines of text" in f for f in at_360)
    assert any("axe html-has-lang (serious)" in f for f in at_360)
    assert any("axe image-alt (critical)" in f and "img" in f for f in at_360)
    assert not any("sideways" in f for f in checker.failures if " at 1280 px" in f)
