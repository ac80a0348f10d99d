"""The application's page: everything a reviewer needs, and the actions on it."""

import pytest

from opencall.applications.models import ApplicationEvent
from opencall.conversations import services as conversations
from opencall.conversations.models import Message
from opencall.reviews import services as reviews
from opencall.reviews.models import Assignment, Review, Share
from opencall.screening.services import screening_refresh
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

PAGE = "/staff/calls/hot-summit-2022/applications/{}/"
SCORES = {
    "score_community_value": "5",
    "score_themes_fit": "4",
    "score_priority_reach": "5",
    "score_accessibility": "3",
    "score_feasibility": "4",
}


def _page(application) -> str:
    return PAGE.format(application.number)


def test_page_shows_answers_offers_screening_and_the_moves_the_user_may_make(client, staff, kenyan):
    screening_refresh(application=kenyan)
    client.force_login(staff.hub_esa)
    body = client.get(_page(kenyan)).content.decode()
    assert "State of the Map Kenya" in body
    assert "Scholarship programme · USD\xa04,000: 20 grants" in body
    assert "Open Mapping Hub - Eastern and Southern Africa" in body
    assert 'class="result-unclear"' in body
    assert 'value="in_conversation">In conversation</option>' in body
    # Hub managers do not decide (the table: working group and call administrators).
    assert 'value="declined"' not in body


def test_unclear_criterion_gets_a_one_click_request_that_names_it(client, staff, kenyan):
    screening_refresh(application=kenyan)
    client.force_login(staff.working_group)
    body = client.get(_page(kenyan)).content.decode()
    assert "Ask the applicant about “A published programme”" in body
    client.post(_page(kenyan) + "info-request/", {"criterion": "PROGRAMME"})
    message = Message.objects.get()
    assert (message.kind, message.criterion, message.author) == (
        "info_request",
        "PROGRAMME",
        staff.working_group,
    )


def test_unknown_criterion_is_refused(client, staff, kenyan):
    client.force_login(staff.working_group)
    response = client.post(_page(kenyan) + "info-request/", {"criterion": "NOPE"}, follow=True)
    assert "Choose the criterion to ask about." in response.content.decode()
    assert not Message.objects.exists()


def test_reviewer_saves_a_draft_then_submits_and_then_sees_the_team_scores(client, staff, kenyan):
    client.force_login(staff.hub_esa)
    client.post(_page(kenyan) + "review/", {**SCORES, "action": "draft", "comment": "Promising"})
    assert Review.objects.get().state == "draft"
    body = client.get(_page(kenyan)).content.decode()
    assert "The team's scores show once you submit your own review." in body
    response = client.post(
        _page(kenyan) + "review/",
        {**SCORES, "action": "submit", "comment": "Promising"},
        follow=True,
    )
    body = response.content.decode()
    assert "Your review is submitted." in body
    # 5,4,5,3,4 weighted 3,2,2,1,2 on 1-5: (100*3+75*2+100*2+50+75*2)/10 = 85
    assert '<dd id="score-mean">85.0</dd>' in body


def test_the_timeline_shows_a_review_score_only_to_those_who_may_see_the_scores(
    client, staff, kenyan
):
    def hub_review_line() -> str:
        body = client.get(_page(kenyan)).content.decode()
        entry = body.split("<strong>Review</strong> · hub-esa · ")[1]
        return entry.split("</li>")[0].strip()

    client.force_login(staff.hub_esa)
    client.post(_page(kenyan) + "review/", {**SCORES, "action": "submit", "comment": "Good"})
    # The working group has not reviewed yet: the score would anchor its own review.
    client.force_login(staff.working_group)
    assert hub_review_line() == "review submitted"
    client.post(_page(kenyan) + "review/", {**SCORES, "action": "submit", "comment": "Fine"})
    assert hub_review_line() == "85"


def test_submitting_an_incomplete_review_says_what_is_missing(client, staff, kenyan):
    client.force_login(staff.working_group)
    response = client.post(
        _page(kenyan) + "review/",
        {"score_feasibility": "3", "action": "submit", "comment": ""},
        follow=True,
    )
    assert "Score every criterion before you submit" in response.content.decode()


def test_moving_from_the_page_records_who_and_why(client, staff, kenyan):
    client.force_login(staff.working_group)
    response = client.post(
        _page(kenyan) + "move/", {"target": "in_conversation", "reason": "Good fit"}, follow=True
    )
    assert "Moved to “In conversation”." in response.content.decode()
    event = ApplicationEvent.objects.get(application=kenyan, kind="status")
    assert (event.user, event.old, event.new, event.reason) == (
        staff.working_group,
        "screened",
        "in_conversation",
        "Good fit",
    )


def test_a_move_the_table_refuses_is_explained(client, staff, kenyan):
    client.force_login(staff.hub_esa)
    response = client.post(_page(kenyan) + "move/", {"target": "accepted"}, follow=True)
    assert "An application cannot move from “Screened” to “Accepted”." in response.content.decode()


def test_message_note_share_and_assignment_from_the_page(client, staff, kenyan):
    client.force_login(staff.working_group)
    client.post(_page(kenyan) + "message/", {"body": "When is the programme out?"})
    client.post(_page(kenyan) + "note/", {"body": "Their last event went well."})
    client.post(_page(kenyan) + "share/", {"user": staff.hub_ap.pk})
    client.force_login(staff.call_admin)
    client.post(_page(kenyan) + "assign/", {"user": staff.hub_esa.pk, "action": "add"})
    assert Message.objects.get().body == "When is the programme out?"
    assert Share.objects.get().user == staff.hub_ap
    assert Assignment.objects.get().reviewer == staff.hub_esa
    body = client.get(_page(kenyan)).content.decode()
    timeline = body[body.index('id="timeline-h"') :]
    for text in (
        "Message",
        "to the applicant",
        "Internal note",
        "Their last event went well.",
        "shared with hub-ap",
        "hub-esa",
    ):
        assert text in timeline, text


def test_share_accepts_hub_managers_only(client, staff, kenyan):
    client.force_login(staff.working_group)
    client.post(_page(kenyan) + "share/", {"user": staff.outsider.pk})
    assert not Share.objects.exists()


def test_timeline_shows_status_changes_in_words_oldest_first(client, staff, kenyan):
    client.force_login(staff.working_group)
    client.post(_page(kenyan) + "move/", {"target": "in_conversation", "reason": "first"})
    client.post(_page(kenyan) + "move/", {"target": "resource_check", "reason": "second"})
    body = client.get(_page(kenyan)).content.decode()
    first = body.index("Screened → In conversation")
    assert first < body.index("In conversation → Resource check")


@pytest.mark.parametrize("count", [1, 3])
def test_page_takes_the_same_queries_whatever_the_length_of_its_lists(
    client, staff, call_2022, count, django_assert_num_queries
):
    application = ApplicationFactory(call=call_2022)
    screening_refresh(application=application)
    for n in range(count):
        conversations.message_to_applicant(
            application=application, author=staff.working_group, body=f"m{n}"
        )
        reviews.note_add(application=application, author=staff.hub_esa, body=f"n{n}")
    for user in (staff.working_group, staff.hub_esa, staff.call_admin)[:count]:
        reviews.assignment_add(application=application, reviewer=user, by=staff.call_admin)
        reviews.review_save(
            application=application,
            reviewer=user,
            scores={k.removeprefix("score_"): int(v) for k, v in SCORES.items()},
            comment="c",
            submit=True,
        )
    client.force_login(staff.site_admin)  # has no review of their own: same page each time
    # 22: the hubs, for their names in the reasons; 23: the collaboration, for its link;
    # 24: the co-organisers, for the contacts
    with django_assert_num_queries(24):
        response = client.get(_page(application))
    assert response.content.decode().count('class="message to_applicant"') == count
