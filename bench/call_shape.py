"""Instances shaped like a real call: 13 events supported out of 50-300 applications.

HOT's 2022 call supported 13 events. The capacities here are cut so that about 13
whole applications of average demand fit in each pool (every pool tight), the event
limit is 13, and each of the 4 Open Mapping Hubs needs at least 2 of them (the weaker
hubs' minimums bite). Applications, offers, values and costs come from
`optimiser_bench` (the same offer types, pools, hubs and review scores), so only the
shape of the call differs from the 35 %-supported stress test. Seeded.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from optimiser_bench import HUBS, OFFERS, POOLS, _application

SUPPORTED = 13
HUB_MIN = 2


def generate_call(n_apps: int, seed: int = 2022) -> dict[str, Any]:
    """A seeded instance in the JSON format of `python -m opencall.selection`."""
    rng = np.random.default_rng(seed)
    types = list(OFFERS)
    popularity = np.array([OFFERS[t][0] for t in types])
    hubs = list(HUBS)
    apps = [_application(rng, i, types, popularity, hubs) for i in range(n_apps)]
    for app in apps:
        app["locked"] = None  # a real call locks a handful by hand, not 3 % at random
    demand = dict.fromkeys(POOLS, 0.0)
    for app in apps:
        for offer in app["offers"]:
            for pool, amount in offer["cost"].items():
                demand[pool] += amount
    # What 13 applications of average demand take from each pool, a little less: so
    # every pool binds before the event limit does, and the limit binds too.
    share = 0.9 * SUPPORTED / n_apps
    return {
        "pools": {p: round(share * d) for p, d in demand.items()},
        "max_events": SUPPORTED,
        "hubs": {h: {"min": HUB_MIN} for h in hubs},
        "applications": apps,
        "time_limit_s": 60,
    }
