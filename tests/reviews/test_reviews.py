"""Reviews, assignments, conflicts, notes: the services and their audit trail."""

import pytest

from opencall.applications.models import ApplicationEvent
from opencall.reviews import selectors, services
from opencall.reviews.balancing import Candidate
from opencall.reviews.models import Assignment, Review, RubricCriterion
from opencall.reviews.rubric import RubricError, _criterion_fields, rubric_for
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

ALL_FOURS = {
    "community_value": 4,
    "themes_fit": 4,
    "priority_reach": 4,
    "accessibility": 4,
    "feasibility": 4,
}


def test_the_2022_rubric_is_loaded_from_the_call_definition(call_2022):
    criteria = rubric_for(call=call_2022)
    assert [(c.code, c.scale_min, c.scale_max, int(c.weight)) for c in criteria] == [
        ("community_value", 1, 5, 3),
        ("themes_fit", 1, 5, 2),
        ("priority_reach", 1, 5, 2),
        ("accessibility", 1, 5, 1),
        ("feasibility", 1, 5, 2),
    ]
    assert criteria[0].label["fr"] == "Valeur pour les communautés de HOT"


def test_loading_the_call_again_keeps_one_row_per_criterion(call_2022):
    from django.core.management import call_command

    from tests.fixtures.data import CALL_FILE

    call_command("load_call", str(CALL_FILE), "--update")
    rubric_for(call=call_2022)
    assert RubricCriterion.objects.filter(call=call_2022).count() == 5


def test_malformed_rubric_names_the_criterion():
    with pytest.raises(RubricError, match=r"rubric\[2\] \(x\): the scale's max must be above"):
        _criterion_fields({"id": "x", "label": {"en": "X"}, "scale": {"min": 3, "max": 3}}, 1)


def test_submitted_review_gets_its_weighted_score_and_is_audited(staff, kenyan):
    review = services.review_save(
        application=kenyan,
        reviewer=staff.working_group,
        scores={**ALL_FOURS, "feasibility": 5},
        comment="Strong regional reach.",
        submit=True,
    )
    # 4/5 is 75 points everywhere but feasibility (100, weight 2 of 10): 80.
    assert (review.state, review.score) == ("submitted", 80.0)
    event = ApplicationEvent.objects.get(application=kenyan, kind="review")
    assert (event.user, event.old, event.new) == (staff.working_group, "", "80")


def test_changing_a_submitted_score_records_old_and_new(staff, kenyan):
    args = {"application": kenyan, "reviewer": staff.working_group, "comment": ""}
    services.review_save(scores=ALL_FOURS, submit=True, **args)
    services.review_save(scores={"feasibility": 1}, submit=False, **args)
    last = ApplicationEvent.objects.filter(application=kenyan, kind="review").last()
    assert (last.old, last.new) == ("75", "60")
    assert last.data["before"]["feasibility"] == 4
    assert last.data["after"]["feasibility"] == 1


def test_saving_the_same_scores_again_writes_no_timeline_entry(staff, kenyan):
    args = {"application": kenyan, "reviewer": staff.working_group, "comment": ""}
    services.review_save(scores=ALL_FOURS, submit=True, **args)
    services.review_save(scores=ALL_FOURS, submit=True, **args)
    assert ApplicationEvent.objects.filter(application=kenyan, kind="review").count() == 1


def test_submitting_without_every_criterion_is_refused(staff, kenyan):
    with pytest.raises(services.ReviewRefused, match="Score every criterion"):
        services.review_save(
            application=kenyan,
            reviewer=staff.working_group,
            scores={"feasibility": 3},
            comment="",
            submit=True,
        )


def test_a_score_outside_the_scale_is_refused(staff, kenyan):
    with pytest.raises(services.ReviewRefused, match="between 1 and 5"):
        services.review_save(
            application=kenyan,
            reviewer=staff.working_group,
            scores={"feasibility": 9},
            comment="",
            submit=False,
        )


def test_conflicted_reviewer_cannot_review_and_their_old_scores_stop_counting(staff, kenyan):
    services.review_save(
        application=kenyan, reviewer=staff.hub_esa, scores=ALL_FOURS, comment="", submit=True
    )
    services.assignment_add(application=kenyan, reviewer=staff.hub_esa, by=staff.call_admin)
    services.conflict_declare(application=kenyan, user=staff.hub_esa, reason="I co-organise it")
    assert selectors.team_view(application=kenyan).aggregate.count == 0
    assert not Assignment.objects.filter(application=kenyan).exists()
    with pytest.raises(services.ReviewRefused, match="conflict of interest"):
        services.review_save(
            application=kenyan, reviewer=staff.hub_esa, scores=ALL_FOURS, comment="", submit=True
        )
    event = ApplicationEvent.objects.filter(application=kenyan, kind="assignment").last()
    assert (event.new, event.reason) == ("conflict of interest: hub-esa", "I co-organise it")


def test_team_view_aggregates_submitted_reviews_only(staff, kenyan):
    for user, value in ((staff.working_group, 5), (staff.hub_esa, 1)):
        services.review_save(
            application=kenyan,
            reviewer=user,
            scores=dict.fromkeys(ALL_FOURS, value),
            comment="",
            submit=True,
        )
    services.review_save(
        application=kenyan, reviewer=staff.call_admin, scores=ALL_FOURS, comment="", submit=False
    )
    team = selectors.team_view(application=kenyan)
    assert (team.aggregate.count, team.aggregate.mean, team.aggregate.spread) == (2, 50.0, 100.0)
    assert team.aggregate.disagreement is True
    assert [m.mean for m in team.criteria] == [3.0] * 5


def test_assignments_are_audited_both_ways(staff, kenyan):
    services.assignment_add(application=kenyan, reviewer=staff.hub_esa, by=staff.call_admin)
    services.assignment_remove(
        application=kenyan, reviewer=staff.hub_esa, by=staff.call_admin, reason="on leave"
    )
    events = ApplicationEvent.objects.filter(application=kenyan, kind="assignment")
    assert [(e.old, e.new, e.reason) for e in events] == [
        ("", "hub-esa", ""),
        ("hub-esa", "", "on leave"),
    ]


def test_automatic_assignment_tops_up_each_application_and_is_audited(staff, call_2022):
    kenyan = ApplicationFactory(call=call_2022)
    other = ApplicationFactory(call=call_2022, country="FR")
    services.conflict_declare(application=other, user=staff.working_group, reason="")
    count = services.assign_automatically(
        applications=call_2022.applications.all(),
        candidates=[
            Candidate(staff.working_group.pk),
            Candidate(staff.hub_esa.pk, "esa"),
            Candidate(staff.hub_ap.pk, "ap"),
        ],
        target=2,
        by=staff.call_admin,
    )
    assert count == 2
    assert set(Assignment.objects.values_list("application__number", "reviewer__username")) == {
        (kenyan.number, "hub-esa"),
        (kenyan.number, "wg"),
    }
    assert ApplicationEvent.objects.filter(kind="assignment", data__action="assigned").count() == 2


def test_note_is_kept_and_audited(staff, kenyan):
    services.note_add(application=kenyan, author=staff.hub_esa, body="  Met them in Nairobi.  ")
    assert [n.body for n in selectors.notes_of(application=kenyan)] == ["Met them in Nairobi."]
    event = ApplicationEvent.objects.get(application=kenyan, kind="note")
    assert (event.user, event.reason) == (staff.hub_esa, "Met them in Nairobi.")


def test_empty_note_is_refused(staff, kenyan):
    with pytest.raises(services.ReviewRefused, match="The note is empty"):
        services.note_add(application=kenyan, author=staff.hub_esa, body="   ")


def test_review_state_is_per_reviewer(staff, kenyan):
    services.review_save(
        application=kenyan, reviewer=staff.hub_esa, scores=ALL_FOURS, comment="", submit=False
    )
    assert Review.objects.get(reviewer=staff.hub_esa).state == "draft"
    assert selectors.review_states(application=kenyan) == {staff.hub_esa.pk: "draft"}


def test_summary_follows_submissions_and_conflicts(staff, kenyan):
    from opencall.reviews.models import ReviewSummary

    for user, value in ((staff.working_group, 5), (staff.hub_esa, 3)):
        services.review_save(
            application=kenyan,
            reviewer=user,
            scores=dict.fromkeys(ALL_FOURS, value),
            comment="",
            submit=True,
        )
    summary = ReviewSummary.objects.get(application=kenyan)
    assert (summary.count, summary.mean, summary.spread) == (2, 75.0, 50.0)
    services.conflict_declare(application=kenyan, user=staff.hub_esa, reason="")
    summary = ReviewSummary.objects.get(application=kenyan)
    assert (summary.count, summary.mean, summary.spread) == (1, 100.0, 0.0)
