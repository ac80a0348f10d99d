"""API tokens get scopes: calls, read or read-write, an expiry date (required from
0006 on, a migration of its own: PostgreSQL alters no table with row changes pending
in the same transaction).

Tokens made before carried their owner's whole reach and did not expire. The safe
default keeps what they could do without letting them do more: each becomes read-only
(the API could only read then), for the calls its owner worked on at this migration
(every call for a site administrator, as before), and expires 90 days after it, time
enough to make a scoped token in its place."""

import datetime as dt

from django.db import migrations, models
from django.utils import timezone

LIFETIME = dt.timedelta(days=90)


def scope_existing_tokens(apps, schema_editor):
    ApiToken = apps.get_model("accounts", "ApiToken")
    Membership = apps.get_model("accounts", "Membership")
    Call = apps.get_model("calls", "Call")
    expires_on = timezone.localdate() + LIFETIME
    for token in ApiToken.objects.select_related("user"):
        token.access = "read"
        token.expires_on = expires_on
        token.save(update_fields=["access", "expires_on"])
        if token.user.is_superuser:
            calls = Call.objects.all()
        else:
            calls = Call.objects.filter(
                pk__in=Membership.objects.filter(user=token.user).values("call")
            )
        token.calls.set(calls)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_spanish_and_portuguese_languages"),
        ("calls", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="access",
            field=models.CharField(
                choices=[("read", "Read only"), ("read_write", "Read and write")],
                default="read",
                max_length=10,
                verbose_name="access",
            ),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="calls",
            field=models.ManyToManyField(related_name="+", to="calls.call", verbose_name="calls"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="expires_on",
            field=models.DateField(null=True, verbose_name="expires on"),
        ),
        migrations.RunPython(scope_existing_tokens, migrations.RunPython.noop),
    ]
