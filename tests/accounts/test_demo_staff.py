import re

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from opencall.accounts.models import Membership

pytestmark = pytest.mark.django_db


def test_demo_staff_get_one_account_per_role_and_working_passwords(open_call, capsys):
    call_command("create_demo_staff", open_call.slug)
    output = capsys.readouterr().out
    passwords = dict(re.findall(r"^\s+(demo-\S+)\s+(\S+)", output, re.MULTILINE))
    assert sorted(passwords) == [
        "demo-call-admin",
        "demo-hub-ap",
        "demo-hub-esa",
        "demo-working-group",
    ]
    # Sign-in goes through django-axes, which needs the request (who is trying).
    request = RequestFactory().post("/accounts/login/")
    signed_in = authenticate(request, username="demo-hub-esa", password=passwords["demo-hub-esa"])
    assert signed_in is not None
    roles = set(
        Membership.objects.filter(call=open_call).values_list("user__username", "role", "hub_code")
    )
    assert roles == {
        ("demo-working-group", "working_group", ""),
        ("demo-hub-esa", "hub_manager", "esa"),
        ("demo-hub-ap", "hub_manager", "ap"),
        ("demo-call-admin", "call_admin", ""),
    }


def test_running_it_twice_keeps_one_membership_each(open_call, capsys):
    call_command("create_demo_staff", open_call.slug)
    call_command("create_demo_staff", open_call.slug)
    assert Membership.objects.filter(call=open_call).count() == 4


def test_unknown_call_is_refused():
    with pytest.raises(CommandError, match="no call 'nope'"):
        call_command("create_demo_staff", "nope")
