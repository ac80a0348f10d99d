"""The files applicants uploaded, served to the staff who may see the application.

Never from a public address: the uploads storage has none, and each file goes out
through this view, after the same checks as the application's page."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from opencall.accounts.blind import blind_for
from opencall.applications import uploads
from opencall.staff.access import gated, staff_application


@gated
@require_GET
def answer_file(request, slug: str, number: int, question_id: str):
    """The file answering one question of the application, as a download."""
    application = staff_application(request, slug, number, "applications.view")
    blind = blind_for(user=request.user, application=application)
    if blind is not None and question_id in blind.personal_ids:
        # A file marked personal waits for the reader's review, like the other answers.
        raise PermissionDenied
    answers = (application.document or {}).get("answers") or {}
    answer = uploads.file_answer(answers.get(question_id) if isinstance(answers, dict) else None)
    if answer is None:
        raise Http404
    try:
        handle = uploads.open_upload(answer)
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=answer["name"],
        content_type=uploads.FILE_KINDS[answer["type"]].mime,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
