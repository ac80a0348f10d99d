"""The selection problem as plain data, and its JSON reading.

Pure Python: no Django import. The Django layer builds these dataclasses from the
database; the command line reads them from a JSON file with `parse_instance`, which
checks every field and names it by its JSON path, so a wrong file is a one-line fix.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Lock = Literal["in", "out"]
DEFAULT_TIME_LIMIT_S = 60.0


@dataclass(frozen=True)
class Offer:
    """One thing an application asks of HOT, with what it is worth and what it costs.

    `value` comes from the caller (the app: the application's review score raised by
    the bonuses of the preferences its screening met, split evenly over its offers; see
    docs/optimiser.md, "Value"); the optimiser only maximises its sum. Values on a
    coarse grid (e.g. two decimals) let the solver prove optimality faster.
    """

    type: str
    value: float
    cost: Mapping[str, float] = field(default_factory=dict)
    requires: tuple[str, ...] = ()


@dataclass(frozen=True)
class Application:
    ref: str
    offers: tuple[Offer, ...]
    hub: str | None = None
    locked: Lock | None = None
    all_or_nothing: bool = False


@dataclass(frozen=True)
class HubBounds:
    """How many supported events a hub must have at least, and may have at most."""

    min: int = 0
    max: int | None = None


@dataclass(frozen=True)
class Instance:
    pools: Mapping[str, float]
    applications: tuple[Application, ...]
    max_events: int | None = None
    hubs: Mapping[str, HubBounds] = field(default_factory=dict)
    time_limit_s: float = DEFAULT_TIME_LIMIT_S


class InstanceError(ValueError):
    """The instance file is wrong; `errors` holds one 'json.path: problem' line each."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = tuple(errors)


def load_instance(path: str | Path) -> Instance:
    """Read and check an instance file; every problem is an `InstanceError`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InstanceError([f"{path}: no such file"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InstanceError([f"{path}: cannot be read ({exc})"]) from None
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except (json.JSONDecodeError, ValueError) as exc:
        raise InstanceError([f"{path}: not valid JSON: {exc}"]) from None
    return parse_instance(data)


def _reject_constant(name: str) -> float:
    # NaN and Infinity are not JSON; Python's reader would accept them silently.
    raise ValueError(f"{name} is not a JSON number")


def parse_instance(data: Any) -> Instance:
    """Turn decoded JSON into an `Instance`, collecting every error before raising."""
    errors: list[str] = []
    reader = _Reader(errors)
    instance = reader.instance(data)
    if errors or instance is None:
        raise InstanceError(errors or ["$: not an instance"])
    return instance


_TOP_KEYS = {"pools", "max_events", "hubs", "applications", "time_limit_s"}
_APP_KEYS = {"ref", "hub", "locked", "all_or_nothing", "offers"}
_OFFER_KEYS = {"type", "value", "cost", "requires"}
_HUB_KEYS = {"min", "max"}


class _Reader:
    """Checks one field at a time; a bad field adds an error and yields a placeholder."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors

    def fail(self, path: str, problem: str) -> None:
        self.errors.append(f"{path}: {problem}")

    def instance(self, data: Any) -> Instance | None:
        if not self.is_object(data, "$"):
            return None
        self.unknown_keys(data, _TOP_KEYS, "")
        if "pools" not in data:
            self.fail("pools", "is required")
        if "applications" not in data:
            self.fail("applications", "is required")
        pools = self.pools(data.get("pools", {}))
        hubs = self.hubs(data.get("hubs", {}))
        # Costs are checked against every pool named, so a pool with a bad capacity gives
        # one error, not one more for each cost that uses it.
        declared = set(data["pools"]) if isinstance(data.get("pools"), dict) else set()
        applications = self.applications(data.get("applications", []), declared)
        max_events = self.count(data.get("max_events"), "max_events", nullable=True)
        time_limit = data.get("time_limit_s", DEFAULT_TIME_LIMIT_S)
        if not _is_number(time_limit) or time_limit <= 0:
            self.fail("time_limit_s", "must be a number > 0")
            time_limit = DEFAULT_TIME_LIMIT_S
        return Instance(
            pools=pools,
            applications=applications,
            max_events=max_events,
            hubs=hubs,
            time_limit_s=float(time_limit),
        )

    def pools(self, data: Any) -> dict[str, float]:
        if not self.is_object(data, "pools"):
            return {}
        pools: dict[str, float] = {}
        for name, capacity in data.items():
            path = f"pools.{name}"
            if not name:
                self.fail(path, "a pool needs a non-empty name")
            elif not _is_number(capacity) or capacity < 0:
                self.fail(path, "capacity must be a number >= 0")
            else:
                pools[name] = float(capacity)
        return pools

    def hubs(self, data: Any) -> dict[str, HubBounds]:
        if not self.is_object(data, "hubs"):
            return {}
        hubs: dict[str, HubBounds] = {}
        for name, bounds in data.items():
            path = f"hubs.{name}"
            if not self.is_object(bounds, path):
                continue
            self.unknown_keys(bounds, _HUB_KEYS, path + ".")
            low = self.count(bounds.get("min", 0), f"{path}.min", nullable=False)
            high = self.count(bounds.get("max"), f"{path}.max", nullable=True)
            if low is not None and high is not None and low > high:
                self.fail(path, f"min ({low}) is greater than max ({high})")
            hubs[name] = HubBounds(min=low or 0, max=high)
        return hubs

    def applications(self, data: Any, pools: set[str]) -> tuple[Application, ...]:
        if not isinstance(data, list):
            self.fail("applications", "must be a list")
            return ()
        apps: list[Application] = []
        seen: dict[str, int] = {}
        for i, item in enumerate(data):
            app = self.application(item, f"applications[{i}]", pools)
            if app is None:
                continue
            if app.ref in seen:
                self.fail(
                    f"applications[{i}].ref",
                    f"duplicate ref {app.ref!r} (also applications[{seen[app.ref]}])",
                )
            seen.setdefault(app.ref, i)
            apps.append(app)
        return tuple(apps)

    def application(self, data: Any, path: str, pools: set[str]) -> Application | None:
        if not self.is_object(data, path):
            return None
        self.unknown_keys(data, _APP_KEYS, path + ".")
        ref = data.get("ref")
        if not isinstance(ref, str) or not ref:
            self.fail(f"{path}.ref", "must be a non-empty string")
            ref = f"<{path}>"
        hub = data.get("hub")
        if hub is not None and (not isinstance(hub, str) or not hub):
            self.fail(f"{path}.hub", "must be a non-empty string or null")
            hub = None
        locked = data.get("locked")
        if locked not in ("in", "out", None):
            self.fail(f"{path}.locked", 'must be "in", "out" or null')
            locked = None
        all_or_nothing = data.get("all_or_nothing", False)
        if not isinstance(all_or_nothing, bool):
            self.fail(f"{path}.all_or_nothing", "must be true or false")
            all_or_nothing = False
        return Application(
            ref=ref,
            offers=self.offers(data.get("offers", []), f"{path}.offers", pools),
            hub=hub,
            locked=locked,
            all_or_nothing=all_or_nothing,
        )

    def offers(self, data: Any, path: str, pools: set[str]) -> tuple[Offer, ...]:
        if not isinstance(data, list):
            self.fail(path, "must be a list")
            return ()
        offers: list[Offer] = []
        seen: set[str] = set()
        for i, item in enumerate(data):
            offer = self.offer(item, f"{path}[{i}]", pools)
            if offer is None:
                continue
            if offer.type in seen:
                # `requires` names offers by type, so a type may appear once per application.
                self.fail(f"{path}[{i}].type", f"duplicate offer type {offer.type!r}")
            seen.add(offer.type)
            offers.append(offer)
        return tuple(offers)

    def offer(self, data: Any, path: str, pools: set[str]) -> Offer | None:
        if not self.is_object(data, path):
            return None
        self.unknown_keys(data, _OFFER_KEYS, path + ".")
        kind = data.get("type")
        if not isinstance(kind, str) or not kind:
            self.fail(f"{path}.type", "must be a non-empty string")
            kind = ""
        value = data.get("value")
        if not _is_number(value) or value < 0:
            self.fail(f"{path}.value", "must be a number >= 0")
            value = 0.0
        return Offer(
            type=kind,
            value=float(value),
            cost=self.cost(data.get("cost", {}), f"{path}.cost", pools),
            requires=self.requires(data.get("requires", []), f"{path}.requires"),
        )

    def cost(self, data: Any, path: str, pools: set[str]) -> dict[str, float]:
        if not self.is_object(data, path):
            return {}
        cost: dict[str, float] = {}
        for pool, amount in data.items():
            if pool not in pools:
                self.fail(f"{path}.{pool}", "unknown pool (not in pools)")
            elif not _is_number(amount) or amount < 0:
                self.fail(f"{path}.{pool}", "must be a number >= 0")
            else:
                cost[pool] = float(amount)
        return cost

    def requires(self, data: Any, path: str) -> tuple[str, ...]:
        if not isinstance(data, list):
            self.fail(path, "must be a list of offer types")
            return ()
        for i, kind in enumerate(data):
            if not isinstance(kind, str) or not kind:
                self.fail(f"{path}[{i}]", "must be a non-empty string (an offer type)")
        return tuple(dict.fromkeys(k for k in data if isinstance(k, str) and k))

    def count(self, value: Any, path: str, *, nullable: bool) -> int | None:
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.fail(path, "must be a whole number >= 0" + (" or null" if nullable else ""))
            return None
        return value

    def is_object(self, data: Any, path: str) -> bool:
        if isinstance(data, dict):
            return True
        self.fail(path, "must be an object")
        return False

    def unknown_keys(self, data: dict[str, Any], known: set[str], prefix: str) -> None:
        # A misspelt optional key would otherwise fall back to its default unnoticed.
        for key in data:
            if key not in known:
                self.fail(f"{prefix}{key}", "unknown key")


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
