"""Selection rows for calls loaded before they were installed at load time.

Such calls kept their pools, costs, dependencies, hub bounds and settings in
`Call.extra` and got their rows when the selection page was first opened; the page
no longer writes, so this fills the rows of every call that lacks them (settings
included, as that page did), and drops the sections from `extra`.
"""

from django.db import migrations

SECTIONS = ("pools", "offer_costs", "offer_requires", "hub_bounds", "selection")


def fill(apps, schema_editor):
    from opencall.selection.setup import selection_parse

    Call = apps.get_model("calls", "Call")
    model = {
        name: apps.get_model("selection", name)
        for name in ("ResourcePool", "OfferCost", "OfferRequirement", "HubBound")
    }
    SelectionSettings = apps.get_model("selection", "SelectionSettings")
    for call in Call.objects.all():
        extra = dict(call.extra or {})
        sections = {key: extra.pop(key) for key in SECTIONS if key in extra}
        if not SelectionSettings.objects.filter(call=call).exists():
            try:
                plan = selection_parse(sections)
            except ValueError as exc:
                raise ValueError(f"call {call.slug}: {exc}") from exc
            pools = {
                code: model["ResourcePool"].objects.create(
                    call=call, code=code, label=fields["label_en"] or "", **fields
                )
                for code, fields in plan.pools.items()
            }
            for offer, code, amount in plan.costs:
                model["OfferCost"].objects.create(
                    call=call,
                    offer_code=offer,
                    pool=pools[code],
                    amount=amount or 0,
                    from_requested_amount=amount is None,
                )
            for offer, required in plan.requires:
                model["OfferRequirement"].objects.create(
                    call=call, offer_code=offer, requires_code=required
                )
            for hub, (low, high) in plan.bounds.items():
                model["HubBound"].objects.create(
                    call=call, hub_code=hub, minimum=low, maximum=high
                )
            # Only the settings this migration's model has (later ones get their defaults).
            known = {field.name for field in SelectionSettings._meta.get_fields()}
            SelectionSettings.objects.create(
                call=call, **{k: v for k, v in plan.settings.items() if k in known}
            )
        if sections:
            call.extra = extra
            call.save(update_fields=["extra"])


class Migration(migrations.Migration):
    dependencies = [
        ("calls", "0001_initial"),
        ("selection", "0002_publish_supported_events"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
