"""The audit timeline as people read it: one line per entry, oldest first.

Entries keep codes (statuses, verdicts, outcomes, roles) and structured `data`; the
words are chosen here, when the entry is read, so each reader sees their own language.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from opencall.applications.models import Application, ApplicationEvent
from opencall.applications.workflow import Status
from opencall.calls.models import Call, Offer
from opencall.calls.texts import moment_in_words
from opencall.collaborations.models import Deliverable
from opencall.collaborations.workflow import CommitmentKind, CommitmentStatus, DeliverableStatus
from opencall.mail.enums import Status as MailStatus
from opencall.mail.kinds import KINDS
from opencall.screening.models import Outcome, Verdict
from opencall.selection.models import Decision, ResourcePool, SignOff
from opencall.staff.edits import edited_text


@dataclass(frozen=True)
class Entry:
    event: ApplicationEvent
    who: str
    change: str


def _label(value: str) -> str:
    try:
        return str(Status(value).label)
    except ValueError:
        return value


def _choice(choices: type, value: str) -> str:
    """The label of a code in a Django choices enum; an unknown code shows as it is."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _mail(text: str) -> str:
    """'draft_started: sent' as written by mail.sending: the mail by its label, its fate."""
    key, sep, status = text.rpartition(": ")
    if not sep:
        return text
    kind = KINDS.get(key)
    return _("“%(mail)s”: %(status)s") % {
        "mail": kind.label if kind else key,
        "status": _choice(MailStatus, status),
    }


def _who(event: ApplicationEvent) -> str:
    if event.user_id:
        who = event.user.get_full_name() or event.user.get_username()
    elif person := (event.data or {}).get("person"):
        # The first contact or a co-organiser, by name (links.Holder.name).
        who = _("%(person)s (applicant)") % {"person": person}
    else:
        who = event.get_actor_display()
    if token := event.data.get("token"):
        return _("%(who)s, through the API token “%(token)s”") % {"who": who, "token": token}
    return who


def _criterion_result(text: str) -> str:
    """'CRITERION: result code' as written by the screening override service."""
    criterion, sep, result = text.rpartition(": ")
    return f"{criterion}: {_choice(Outcome, result)}" if sep else text


class _Names:
    """Offers and pools of the call by their labels, read only if an entry needs them."""

    def __init__(self, call_id: int) -> None:
        self.call_id = call_id

    @cached_property
    def offers(self) -> dict[str, str]:
        return {o.code: o.label for o in Offer.objects.filter(call_id=self.call_id)}

    @cached_property
    def pools(self) -> dict[str, ResourcePool]:
        return {p.code: p for p in ResourcePool.objects.filter(call_id=self.call_id)}

    def offer(self, code: str) -> str:
        return self.offers.get(code, code)


def _decision(data: dict, names: _Names) -> str | None:
    if "sign_off" in data:
        return _("signed off as %(role)s") % {"role": _choice(SignOff.As, data["sign_off"])}
    if data.get("cost") and "amount" in data:
        pool = names.pools.get(data["pool"])
        amount = pool.amount_text if pool else str
        words = {
            "offer": names.offer(data["offer"]),
            "pool": pool.label if pool else data["pool"],
            "amount": amount(data["amount"]),
        }
        if data.get("before") is None:
            text = _("cost of %(offer)s in %(pool)s: %(amount)s") % words
        else:
            text = _("cost of %(offer)s in %(pool)s: %(before)s → %(amount)s") % (
                words | {"before": amount(data["before"])}
            )
        return text + (" " + _("(agreed with the applicant)") if data.get("agreed") else "")
    if "answer" in data:
        text = _("the offer: %(answer)s") % {"answer": _choice(Decision.Answer, data["answer"])}
        if freed := data.get("freed"):
            pools = names.pools
            back = ", ".join(
                f"{pools[code].label}: {pools[code].amount_text(amount)}"
                if code in pools
                else f"{amount} {code}"
                for code, amount in freed.items()
            )
            text += " · " + _("back in the pools: %(amounts)s") % {"amounts": back}
        return text
    if "outcome" in data:
        outcome = _choice(Decision.Outcome, data["outcome"])
        if data.get("offers"):
            text = _("proposed: %(outcome)s, with %(offers)s") % {
                "outcome": outcome,
                "offers": ", ".join(names.offer(code) for code in data["offers"]),
            }
        else:
            text = _("proposed: %(outcome)s") % {"outcome": outcome}
        if note := data.get("internal_note"):
            text += " · " + _("internal note: %(note)s") % {"note": note}
        return text
    return None


def _field_label(name: str) -> str:
    try:
        return str(Deliverable._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:  # a field since renamed: its name as it was
        return name


def _collaboration(event: ApplicationEvent, names: _Names) -> str:
    """The collaboration's entries (collaborations/services.py), by their data's "what"."""
    data, what = event.data or {}, (event.data or {}).get("what")
    if what == "opened":
        return _("collaboration opened")
    if what == "deliverable":
        return _("%(offer)s: %(old)s → %(new)s") % {
            "offer": names.offer(data.get("offer", "")),
            "old": _choice(DeliverableStatus, event.old),
            "new": _choice(DeliverableStatus, event.new),
        }
    if what == "deliverable_edited":
        return _("%(offer)s: changed %(fields)s") % {
            "offer": names.offer(data.get("offer", "")),
            "fields": ", ".join(_field_label(name) for name in data.get("fields", [])),
        }
    if what == "commitment":
        kind = _choice(CommitmentKind, data.get("kind", ""))
        if event.new == CommitmentStatus.KEPT:
            return _("commitment kept: %(kind)s") % {"kind": kind}
        if event.new == CommitmentStatus.WAIVED:
            return _("commitment waived: %(kind)s") % {"kind": kind}
        return _("waiver undone, to do again: %(kind)s") % {"kind": kind}
    if what == "report":
        if data.get("again"):
            return _("the organiser's report corrected")
        return _("the organiser's report filed")
    if what == "closed":
        return _("collaboration closed early") if data.get("early") else _("collaboration closed")
    return event.new


def _spend(event: ApplicationEvent, names: _Names) -> str:
    code = (event.data or {}).get("pool", "")
    pool = names.pools.get(code)
    amount = pool.amount_text if pool else str
    words = {"pool": pool.label if pool else code, "new": amount(event.new)}
    if event.old:
        return _("spent from %(pool)s: %(old)s → %(new)s") % (words | {"old": amount(event.old)})
    return _("spent from %(pool)s: %(new)s") % words


def _arrived(data: dict) -> str:
    """A submission made elsewhere and brought in (imports.services.application_upsert)."""
    if (data or {}).get("source", "").startswith("api"):
        return _("submitted elsewhere, received through the API")
    if name := (data or {}).get("file"):
        return _("submitted on another form, imported from “%(file)s”") % {"file": name}
    return _("submitted on another form, imported")


def late_text(event: ApplicationEvent, call: Call) -> str:
    """A grant or end of late access (applications/late.py), its moments in words."""

    def words(value: str) -> str:
        try:
            return moment_in_words(dt.datetime.fromisoformat(value), call)
        except ValueError:
            return value

    if (event.data or {}).get("action") == "revoked":
        return _("late access ended (it ran until %(old)s)") % {"old": words(event.old)}
    if event.old:
        return _("late access moved: until %(new)s instead of %(old)s") % {
            "new": words(event.new),
            "old": words(event.old),
        }
    return _("late access granted: may send until %(new)s") % {"new": words(event.new)}


def _change(
    event: ApplicationEvent, names: _Names, *, show_scores: bool, call: Call | None = None
) -> str:
    old, new = event.old, event.new
    if event.kind == ApplicationEvent.Kind.LATE and call is not None:
        return late_text(event, call)
    if event.kind == ApplicationEvent.Kind.REVIEW and not show_scores:
        # A reviewer's score is the team's to read once one's own review is in (the
        # rulebook's applications.view_scores): before that it would anchor the review.
        if event.data.get("state") == "draft":
            return _("draft saved")
        return _("review submitted") if new else _("review changed")
    if event.kind == ApplicationEvent.Kind.COLLABORATION:
        return _collaboration(event, names)
    if event.kind == ApplicationEvent.Kind.SPEND:
        return _spend(event, names)
    decided = event.kind in (ApplicationEvent.Kind.DECISION, ApplicationEvent.Kind.COST)
    if decided and (text := _decision(event.data, names)):
        return text
    if event.kind == ApplicationEvent.Kind.STATUS:
        old, new = _label(old), _label(new)
    if event.kind == ApplicationEvent.Kind.SCREENED:
        old, new = (_choice(Verdict, v) if v else v for v in (old, new))
    if event.kind == ApplicationEvent.Kind.OVERRIDE:
        old, new = (_criterion_result(v) for v in (old, new))
    if event.kind == ApplicationEvent.Kind.MAIL:
        return _mail(new)
    if event.kind == ApplicationEvent.Kind.CO_ORGANISER:
        if (event.data or {}).get("what") == "revoked":
            return _("link revoked for %(name)s") % {"name": old}
        return _("link given to %(name)s") % {"name": new}
    if event.kind == ApplicationEvent.Kind.IMPORTED:
        return _arrived(event.data)
    if event.kind == ApplicationEvent.Kind.EDITED:
        text = edited_text(event.data, new)
        if (event.data or {}).get("undo"):
            return _("import undone, back to: %(changes)s") % {"changes": text}
        if (event.data or {}).get("source"):
            return _("a newer copy of the submission: %(changes)s") % {"changes": text}
        return text
    if event.kind == ApplicationEvent.Kind.REVIEW and event.data.get("state") == "draft":
        return _("draft saved")
    if old and new:
        return f"{old} → {new}"
    return new or (_("removed: %(old)s") % {"old": old} if old else "")


def entries(*, application: Application, show_scores: bool) -> list[Entry]:
    """The timeline as words; `show_scores`: whether the reader may read each review's
    score (`applications.view_scores`), else a review reads "review submitted"."""
    events = application.events.select_related("user").order_by("at", "id")
    names = _Names(application.call_id)
    return [
        Entry(
            event,
            _who(event),
            _change(event, names, show_scores=show_scores, call=application.call),
        )
        for event in events
    ]
