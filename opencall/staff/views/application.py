"""One application as staff see it: answers, screening, review, conversation,
notes, moves and the timeline. GET only; each action posts to actions.py."""

from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from opencall.accounts import selectors as accounts_selectors
from opencall.accounts.blind import blind_for
from opencall.accounts.queue import HubLabel, hub_labels
from opencall.applications.answers import Row, answer_rows
from opencall.applications.document import ApplicationDocument
from opencall.applications.workflow import Status
from opencall.calls.texts import moment_in_words
from opencall.collaborations.models import Collaboration
from opencall.conversations.selectors import thread
from opencall.reviews import selectors as review_selectors
from opencall.reviews.rubric import rubric_for
from opencall.screening.selectors import stored_screening
from opencall.staff import timeline
from opencall.staff.access import gated, staff_application
from opencall.staff.forms import reviewing


def _moves(user, application) -> list[dict]:
    """The moves the table allows this user here, for the buttons."""
    moves = []
    for target in Status:
        if accounts_selectors.move_role(user=user, application=application, target=target):
            moves.append({"value": target.value, "label": target.label})
    return moves


def _share_candidates(application, names: dict[str, HubLabel]) -> list[tuple[int, str]]:
    managers = accounts_selectors.hub_managers(call=application.call).exclude(
        hub_code=application.hub_code
    )
    return [
        (m.user_id, f"{m.user.get_username()} ({names.get(m.hub_code) or m.hub_code})")
        for m in managers
    ]


def _criterion_answers(criteria, rows: list[Row]) -> list[list[Row]]:
    """For each rubric criterion, in order, the answers it points to."""
    by_id = {row.question.id: row for row in rows}
    return [[by_id[qid] for qid in c.questions if qid in by_id] for c in criteria]


@gated
@require_GET
def application_page(request, slug: str, number: int):
    application = staff_application(request, slug, number, "applications.view")
    user = request.user
    can = {
        name: user.has_perm(f"applications.{name}", application)
        for name in (
            "review",
            "view_scores",
            "message",
            "move",
            "share",
            "note",
            "declare_conflict",
            "override_screening",
            "revoke_link",
        )
    }
    can["assign"] = user.has_perm("calls.assign", application.call)
    can["grant_late_access"] = user.has_perm("calls.grant_late_access", application.call)
    criteria = rubric_for(call=application.call)
    review = review_selectors.own_review(application=application, reviewer=user)
    initial = {f"score_{code}": v for code, v in review_selectors.own_scores(review=review).items()}
    document = ApplicationDocument.model_validate(application.document)
    offers = dict(application.call.offers.values_list("code", "label"))
    hubs = hub_labels(call=application.call)
    # Staff see every answer here, private ones too (marked: never exported); a blind
    # review hides the personal ones until the reader's review is in.
    blind = blind_for(user=user, application=application)
    own_answers = answer_rows(application.call, document, language=get_language() or "en")
    if blind is not None:
        own_answers = blind.rows(own_answers)
    screening = stored_screening(application=application)
    review_form = reviewing.ReviewForm(
        initial={**initial, "comment": review.comment if review else ""}, criteria=criteria
    )
    context = {
        "call": application.call,
        "application": application,
        "document": document,
        "offers": [(offers.get(o.type, o.type), o) for o in document.offers],
        "screening": blind.screening(screening) if blind and screening else screening,
        "blind": blind,
        "can": can,
        "criteria": criteria,
        "review": review,
        "review_form": review_form,
        "own_answers": own_answers,
        "review_fields": list(
            zip(review_form.score_fields(), _criterion_answers(criteria, own_answers), strict=True)
        ),
        "team": review_selectors.team_view(application=application, criteria=criteria)
        if can["view_scores"]
        else None,
        "assignments": review_selectors.assignments_of(application=application),
        "review_states": review_selectors.review_states(application=application),
        "conflicted": review_selectors.is_conflicted(application=application, user=user),
        "thread": thread(application=application),
        "notes": review_selectors.notes_of(application=application),
        "moves": _moves(user, application) if can["move"] else [],
        "share_form": reviewing.UserChoiceForm(people=_share_candidates(application, hubs))
        if can["share"]
        else None,
        "reviewer_choices": accounts_selectors.reviewers(call=application.call)
        if can["assign"]
        else [],
        "timeline": timeline.entries(application=application, show_scores=can["view_scores"]),
        "collaboration": Collaboration.objects.filter(application=application).first(),
        "co_organisers": list(application.co_organisers.all()),
        "hub_names": hubs,
        "hubs": hubs,
        "late_until": moment_in_words(application.late_until, application.call)
        if application.late_until
        else "",
    }
    return render(request, "staff/application.html", context)
