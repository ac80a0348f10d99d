"""The import pages: upload a Google Form's responses file, map its columns to the
application's fields (guessed from the headers), preview a dry run with every bad row,
import in the background, follow its progress, undo it as a whole.

The uploaded file is kept between the steps by `imports/waiting.py`."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.text import get_valid_filename
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opencall.calls.models import Call
from opencall.imports import mapping as mappings
from opencall.imports import selectors, services, waiting
from opencall.imports.convert import convert_rows
from opencall.imports.models import ImportBatch, ImportMapping
from opencall.imports.problems import Problem
from opencall.imports.reading import read_file
from opencall.staff.access import gated, staff_call
from opencall.staff.forms.imports import MappingForm, UploadForm, initial_from, value_field_name

PERMISSION = "calls.import_applications"
PREVIEW_ROWS = 5
SAMPLES = 2

PLAIN_LABELS = {
    "submitted_at": gettext_lazy("Submitted on (the timestamp)"),
    "event_name": gettext_lazy("Name of the event"),
    "organisation": gettext_lazy("Organising team"),
    "format": gettext_lazy("Kind of event"),
    "start_date": gettext_lazy("First day"),
    "end_date": gettext_lazy("Last day"),
    "city": gettext_lazy("City"),
    "country": gettext_lazy("Country"),
    "online_only": gettext_lazy("Online only (yes/no)"),
    "scope": gettext_lazy("Audience"),
    "virtual_component": gettext_lazy("Can people take part online (yes/no)"),
    "open_publication": gettext_lazy("Content published openly (yes/no)"),
    "serves_countries": gettext_lazy("Countries the event serves"),
    "programme_url": gettext_lazy("Link to the programme"),
    "registration": gettext_lazy("Registration"),
    "registration_url": gettext_lazy("Link to register"),
    "code_of_conduct": gettext_lazy("Code of conduct"),
    "code_of_conduct_url": gettext_lazy("Link to the code of conduct"),
    "themes": gettext_lazy("Themes"),
    "community_value": gettext_lazy("Value for the communities"),
    "offers": gettext_lazy("Kinds of support asked for"),
    "expected_attendance": gettext_lazy("Expected attendance (a number)"),
    "event_languages": gettext_lazy("Languages of the event"),
    "language": gettext_lazy("Language to write to the applicant in"),
}


def _targets(call: Call, targets: mappings.CallTargets) -> list[tuple[str, Any]]:
    """Every field a column may fill, grouped for the select, in the reader's words."""
    language = get_language() or "en"
    plain = [(name, str(label)) for name, label in PLAIN_LABELS.items()]
    contacts = []
    for index in range(mappings.MAX_CONTACTS):
        number = index + 1
        contacts.append((f"contacts[{index}].email", _("Contact %(n)s: email") % {"n": number}))
        contacts.append((f"contacts[{index}].name", _("Contact %(n)s: name") % {"n": number}))
    offers = []
    for code, labels in targets.offers.items():
        label = labels.get(language) or labels.get("en") or code
        offers.append((f"offers.{code}.details", _("%(offer)s: details") % {"offer": label}))
        offers.append(
            (f"offers.{code}.amount_usd", _("%(offer)s: amount (USD)") % {"offer": label})
        )
    questions = [(f"answers.{q.id}", q.label_in(language)) for q in targets.questions]
    groups: list[tuple[str, Any]] = [
        (_("The event"), plain),
        (_("Contacts"), contacts),
        (_("Support asked for"), offers),
    ]
    if questions:
        groups.append((_("The call's own questions"), questions))
    return groups


# -- the upload, kept between the steps (imports/waiting.py) ----------------------------


def _keep(call: Call, request: HttpRequest, upload) -> str:
    return waiting.upload_keep(
        call_id=call.pk, user_id=request.user.pk, name=upload.name, content=upload.read()
    )


def _kept(call: Call, request: HttpRequest, token: str) -> tuple[str, bytes]:
    """The file kept under this token for this person, or 404."""
    kept = waiting.upload_kept(call_id=call.pk, user_id=request.user.pk, token=token)
    if kept is None:
        raise Http404
    return kept


def _drop(call: Call, request: HttpRequest, token: str) -> None:
    waiting.upload_drop(call_id=call.pk, user_id=request.user.pk, token=token)


def _nav(request: HttpRequest, call: Call) -> dict[str, Any]:
    return {
        "call": call,
        "can_assign": request.user.has_perm("calls.assign", call),
        "can_import": True,
    }


# -- pages ----------------------------------------------------------------------------------


@require_http_methods(["GET"])
@gated
def imports_page(request, slug: str):
    call = staff_call(request, slug, PERMISSION)
    return render(
        request,
        "staff/imports/list.html",
        {
            **_nav(request, call),
            "batches": selectors.call_batches(call),
            "mappings": selectors.saved_mappings(call),
        },
    )


def _saved(request: HttpRequest, slug: str, pk: int) -> tuple[Call, ImportMapping]:
    call = staff_call(request, slug, PERMISSION)
    return call, get_object_or_404(selectors.saved_mappings(call), pk=pk)


@require_http_methods(["GET"])
@gated
def mapping_download(request, slug: str, pk: int):
    """The saved mapping as the file `manage.py import_responses --mapping` reads."""
    _call, saved = _saved(request, slug, pk)
    body = json.dumps(saved.mapping, ensure_ascii=False, indent=2) + "\n"
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    name = get_valid_filename(saved.name) or "mapping"
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.json")
    return response


@require_POST
@gated
def mapping_delete(request, slug: str, pk: int):
    call, saved = _saved(request, slug, pk)
    services.import_mapping_delete(mapping=saved)
    messages.success(request, _("The mapping “%(name)s” is deleted.") % {"name": saved.name})
    return redirect("staff:imports", call.slug)


@require_http_methods(["GET", "POST"])
@gated
def upload_page(request, slug: str):
    call = staff_call(request, slug, PERMISSION)
    saved = [(str(m.pk), m.name) for m in selectors.saved_mappings(call)]
    form = UploadForm(request.POST or None, request.FILES or None, saved=saved)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            # Read only: the mapping's problems wait for the mapping page.
            read_file(upload.name, content)
        except Problem as problem:
            problems = [problem.message(_)]
        else:
            upload.seek(0)
            token = _keep(call, request, upload)
            target = redirect("staff:import_mapping", call.slug, token)
            if form.cleaned_data.get("saved"):
                target["Location"] += f"?mapping={form.cleaned_data['saved']}"
            return target
    return render(
        request,
        "staff/imports/upload.html",
        {**_nav(request, call), "form": form, "problems": problems},
    )


def _samples(sheet, headers: list[str]) -> list[list[str]]:
    samples: list[list[str]] = [[] for _header in headers]
    for row in sheet.rows:
        for index in range(len(headers)):
            value = row.get(index)
            text = "" if value is None else str(value).strip()
            if text and len(samples[index]) < SAMPLES:
                samples[index].append(text)
    return samples


def _start_mapping(request: HttpRequest, call: Call, headers: list[str]) -> dict[str, Any]:
    chosen = request.GET.get("mapping", "")
    if chosen.isdigit():
        saved = selectors.saved_mappings(call).filter(pk=int(chosen)).first()
        if saved is not None:
            return saved.mapping
    return selectors.guess_mapping(headers, call).to_json()


@require_http_methods(["GET", "POST"])
@gated
def mapping_page(request, slug: str, token: str):
    call = staff_call(request, slug, PERMISSION)
    file_name, content = _kept(call, request, token)
    targets = selectors.call_targets(call)
    try:
        sheet = read_file(file_name, content)
    except Problem as problem:  # kept, so read once already
        raise Http404 from problem
    headers = list(sheet.headers)
    problems: list[str] = []
    if request.method == "POST":
        values = _posted_values(request.POST.get("values_json", ""))
        mapping = _posted_mapping(request, headers, targets, sheet, values)
    else:
        mapping = _start_mapping(request, call, headers)
        values = mapping.get("values", {})
    choices = _choices(sheet, mapping, targets)
    initial = initial_from(mapping, headers)
    for target, answers in values.items():
        for value, code in answers.items():
            initial[value_field_name(target, value)] = code
    form = MappingForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        headers=headers,
        targets=_targets(call, targets),
        choices=choices,
    )
    action = request.POST.get("action", "")
    if request.method == "POST" and form.is_valid():
        mapping = form.mapping(values)
        if action == "save":
            try:
                saved = services.import_mapping_save(
                    call=call, name=form.cleaned_data["name"], mapping=mapping, by=request.user
                )
            except services.UnreadableImport as exc:
                problems = exc.problems
            else:
                messages.success(
                    request, _("The mapping is saved as “%(name)s”.") % {"name": saved.name}
                )
        elif action == "preview":
            try:
                return _preview(request, call, token, file_name, content, mapping)
            except services.UnreadableImport as exc:
                problems = exc.problems
    return render(
        request,
        "staff/imports/mapping.html",
        {
            **_nav(request, call),
            "form": form,
            "token": token,
            "file_name": file_name,
            "rows": zip(form.column_fields(), _samples(sheet, headers), strict=True),
            "problems": problems,
            "values_json": json.dumps(mapping.get("values", {})),
            "notes": [note.message(_) for note in sheet.notes],
        },
    )


def _posted_values(text: str) -> dict[str, dict[str, str]]:
    """The value mappings made on earlier rounds of the page (a hidden field)."""
    try:
        values = json.loads(text or "{}")
    except ValueError:
        return {}
    if not isinstance(values, dict):
        return {}
    return {
        str(field): {str(k): str(v) for k, v in answers.items()}
        for field, answers in values.items()
        if isinstance(answers, dict)
    }


def _posted_mapping(request, headers, targets, sheet, values) -> dict[str, Any]:
    """The columns as posted, to find the choice answers to ask about."""
    columns = {
        header: request.POST.get(f"column_{index}") or None for index, header in enumerate(headers)
    }
    return {"columns": {h: t for h, t in columns.items() if t}, "values": values}


def _choices(sheet, mapping: dict[str, Any], targets) -> dict[str, dict[str, Any]]:
    """The choice answers that convert to no choice without the value mappings."""
    plain = {"columns": mapping.get("columns", {})}
    try:
        parsed = mappings.parse_mapping(plain, targets)
    except mappings.Problems:
        return {}
    return selectors.unconverted_choices(sheet, parsed, targets)


def _preview(request, call: Call, token: str, file_name: str, content: bytes, mapping):
    prepared = services.import_prepare(
        call=call, file_name=file_name, content=content, mapping=mapping
    )
    report = services.import_file(
        call=call,
        file_name=file_name,
        content=content,
        mapping=mapping,
        by=request.user,
        dry_run=True,
    )
    first = convert_rows(
        prepared.sheet, prepared.mapping, prepared.targets, prepared.sheet.rows[:PREVIEW_ROWS]
    )
    good = report.imported + report.updated
    return render(
        request,
        "staff/imports/preview.html",
        {
            **_nav(request, call),
            "token": token,
            "file_name": file_name,
            "report": report,
            "errors": report.to_json()["errors"],
            "skipped": report.to_json()["skipped"],
            "good": good,
            "first": [row for row in first if row.document is not None],
            "mapping_json": json.dumps(mapping),
        },
    )


@require_POST
@gated
def start(request, slug: str, token: str):
    call = staff_call(request, slug, PERMISSION)
    try:
        file_name, content = _kept(call, request, token)
    except Http404:
        # Sent twice (a second click): the first one started the import.
        messages.info(request, _("This file was imported already: it is in the list below."))
        return redirect("staff:imports", call.slug)
    try:
        mapping = json.loads(request.POST.get("mapping", ""))
    except ValueError:
        mapping = None
    if not isinstance(mapping, dict):
        messages.error(request, _("The mapping was lost on the way: check it and preview again."))
        return redirect("staff:import_mapping", call.slug, token)
    try:
        with transaction.atomic():
            batch = services.import_start(
                call=call, file_name=file_name, content=content, mapping=mapping, by=request.user
            )
    except services.UnreadableImport as exc:
        for problem in exc.problems:
            messages.error(request, problem)
        return redirect("staff:import_mapping", call.slug, token)
    _drop(call, request, token)
    return redirect("staff:import_batch", call.slug, batch.pk)


def _batch(request, slug: str, pk: int) -> tuple[Call, ImportBatch]:
    call = staff_call(request, slug, PERMISSION)
    batch = get_object_or_404(selectors.call_batches(call), pk=pk)
    return call, batch


@require_http_methods(["GET"])
@gated
def batch_page(request, slug: str, pk: int):
    call, batch = _batch(request, slug, pk)
    running = batch.status in (ImportBatch.Status.WAITING, ImportBatch.Status.RUNNING)
    changes = batch.changes.select_related("application").order_by("line", "id")
    return render(
        request,
        "staff/imports/batch.html",
        {
            **_nav(request, call),
            "batch": batch,
            "running": running,
            "changes": changes,
            "errors": (batch.report or {}).get("errors", []),
            "skipped": (batch.report or {}).get("skipped", []),
            "can_undo": batch.status == ImportBatch.Status.DONE and batch.undone_at is None,
        },
    )


@require_POST
@gated
def undo(request, slug: str, pk: int):
    call, batch = _batch(request, slug, pk)
    if not request.POST.get("confirm"):
        messages.error(request, _("Tick the box to confirm that the whole import is undone."))
        return redirect("staff:import_batch", call.slug, batch.pk)
    try:
        undone = services.import_undo(batch=batch, by=request.user)
    except services.UndoRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            ngettext(
                "The import is undone: %(count)s application is as it was before it.",
                "The import is undone: %(count)s applications are as they were before it.",
                undone,
            )
            % {"count": undone},
        )
    return redirect("staff:import_batch", call.slug, batch.pk)
