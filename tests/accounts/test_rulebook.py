"""The rulebook's answers, role by role (the page-level matrix is in tests/staff)."""

import pytest

from opencall.accounts.selectors import forget, roles_for, visible_applications
from opencall.applications.workflow import Role
from opencall.reviews import services as reviews
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

APPLICATION_PERMS = (
    "applications.view",
    "applications.review",
    "applications.override_screening",
    "applications.message",
    "applications.move",
    "applications.share",
    "applications.view_scores",
)


def _granted(user, application) -> set[str]:
    return {name for name in APPLICATION_PERMS if user.has_perm(name, application)}


def test_hub_manager_holds_the_hub_role_only_in_their_own_region(staff, kenyan, filipino):
    assert roles_for(user=staff.hub_esa, application=kenyan) == {Role.HUB_MANAGER}
    assert roles_for(user=staff.hub_esa, application=filipino) == set()
    assert roles_for(user=staff.hub_ap, application=filipino) == {Role.HUB_MANAGER}


def test_working_group_and_call_admin_hold_their_role_on_every_application(staff, kenyan):
    assert roles_for(user=staff.working_group, application=kenyan) == {Role.WORKING_GROUP}
    assert roles_for(user=staff.call_admin, application=kenyan) == {Role.CALL_ADMIN}
    assert roles_for(user=staff.site_admin, application=kenyan) == {Role.CALL_ADMIN}


def test_member_of_another_call_and_user_without_role_hold_nothing(staff, kenyan):
    assert roles_for(user=staff.outsider, application=kenyan) == set()
    assert roles_for(user=staff.nobody, application=kenyan) == set()
    assert _granted(staff.outsider, kenyan) == set()
    assert _granted(staff.nobody, kenyan) == set()


def test_drafts_are_hidden_from_every_staff_role(staff, call_2022):
    draft = ApplicationFactory(call=call_2022, status="draft")
    assert roles_for(user=staff.working_group, application=draft) == set()
    assert not staff.call_admin.has_perm("applications.view", draft)


def test_sharing_opens_an_application_to_a_hub_manager_of_another_region(staff, kenyan):
    assert not staff.hub_ap.has_perm("applications.view", kenyan)
    reviews.share_add(application=kenyan, user=staff.hub_ap, by=staff.working_group)
    forget(staff.hub_ap)
    assert roles_for(user=staff.hub_ap, application=kenyan) == {Role.HUB_MANAGER}
    assert staff.hub_ap.has_perm("applications.review", kenyan)


def test_reviewer_sees_scores_only_after_submitting_their_own_review(staff, kenyan):
    assert _granted(staff.working_group, kenyan) == {
        "applications.view",
        "applications.review",
        "applications.override_screening",
        "applications.message",
        "applications.move",
        "applications.share",
    }
    reviews.review_save(
        application=kenyan,
        reviewer=staff.working_group,
        scores={c: 4 for c in ("community_value", "themes_fit", "priority_reach")}
        | {"accessibility": 3, "feasibility": 5},
        comment="",
        submit=True,
    )
    forget(staff.working_group)
    assert staff.working_group.has_perm("applications.view_scores", kenyan)


def test_call_admin_sees_scores_without_reviewing(staff, kenyan):
    assert staff.call_admin.has_perm("applications.view_scores", kenyan)


def test_conflicted_reviewer_sees_the_application_but_neither_scores_nor_reviews_it(staff, kenyan):
    reviews.conflict_declare(application=kenyan, user=staff.working_group, reason="my employer")
    forget(staff.working_group)
    assert _granted(staff.working_group, kenyan) == {"applications.view"}


def test_only_hub_managers_of_the_region_may_not_share_or_decide(staff, kenyan):
    assert _granted(staff.hub_esa, kenyan) == {
        "applications.view",
        "applications.review",
        "applications.override_screening",
        "applications.message",
        "applications.move",
    }


def test_call_permissions_by_role(staff, call_2022):
    expected = {
        "working_group": {"calls.view_applications", "calls.select"},
        "hub_esa": {"calls.view_applications", "calls.select"},
        "call_admin": {
            "calls.view_applications",
            "calls.select",
            "calls.administer",
            "calls.assign",
            "calls.release_decisions",
        },
        "outsider": set(),
        "nobody": set(),
    }
    names = (
        "calls.view_applications",
        "calls.administer",
        "calls.assign",
        "calls.release_decisions",
        "calls.select",
    )
    for person, perms in expected.items():
        user = getattr(staff, person)
        assert {name for name in names if user.has_perm(name, call_2022)} == perms, person


def test_visible_applications_follow_the_roles(staff, call_2022, kenyan, filipino):
    ApplicationFactory(call=call_2022, status="draft")
    shared = ApplicationFactory(call=call_2022, country="UG", event_name="Shared one")
    reviews.share_add(
        application=ApplicationFactory(call=call_2022, country="PH"),
        user=staff.hub_esa,
        by=staff.working_group,
    )

    def numbers(user):
        return sorted(
            visible_applications(user=user, call=call_2022).values_list("number", flat=True)
        )

    assert numbers(staff.working_group) == [1, 2, 4, 5]
    assert numbers(staff.hub_esa) == [1, 4, 5]
    assert numbers(staff.hub_ap) == [2, 5]
    assert numbers(staff.outsider) == []
    assert shared.hub_code == "esa"


def test_facts_remembered_through_the_lazy_request_user_serve_the_rulebook(
    staff, kenyan, filipino, django_assert_num_queries
):
    """Pages hand request.user (a lazy wrapper) to remember_facts; the rulebook is handed
    the user it wraps. What was read for a list must serve both."""
    from django.utils.functional import SimpleLazyObject

    from opencall.accounts.selectors import remember_facts

    user = staff.working_group
    lazy = SimpleLazyObject(lambda: user)
    user.has_perm("applications.view", kenyan)  # memberships read once
    remember_facts(user=lazy, applications=[kenyan, filipino])
    with django_assert_num_queries(0):
        assert user.has_perm("applications.view", filipino)
    forget(lazy)
    with django_assert_num_queries(2):  # memberships and facts, read again
        assert user.has_perm("applications.view", filipino)
