"""Virtual applicants: each walks the practice call's whole six-step form, as a
person would with a browser without JavaScript, then submits, and starts again.

Each request is recorded (when, what, answer, how long). A request that fails for
a passing reason (no connection, or a 5xx answer) is tried again after a pause
(the `Retry-After` asked for, else half a second), as a person would reload; the
forms are safe to post twice (one form key makes one draft, a second submit
changes nothing). A 4xx answer, or a form that comes back with errors, ends the
walk: that is a bug of the app or of this client, and counts as an error.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
import uuid
from dataclasses import dataclass, field

import requests

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_KEY = re.compile(r'name="form_key" value="([^"]+)"')
SUBMITTED = "Your application is submitted"
FORM_ERRORS = re.compile(r'class="[^"]*errorlist')


@dataclass
class Request:
    started: float  # seconds since the run began
    latency: float  # seconds
    kind: str  # "GET call", "POST step 3", ...
    status: int  # 0: no answer (refused, reset, timed out)


@dataclass
class Walk:
    email: str
    started: float
    acknowledged: bool = False
    failed: str = ""  # why the walk stopped early


@dataclass
class Log:
    began: float = field(default_factory=time.monotonic)
    began_wall: float = field(default_factory=time.time)
    requests: list[Request] = field(default_factory=list)
    walks: list[Walk] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def now(self) -> float:
        return time.monotonic() - self.began

    def add(self, request: Request) -> None:
        with self.lock:
            self.requests.append(request)


class WalkFailed(Exception):
    pass


class OutOfTime(Exception):
    """The run is over: the walk stops where it is (neither failed nor acknowledged)."""


def answers(event_day: dt.date) -> list[dict[str, str | list[str]]]:
    """Valid answers for steps 2 to 6 (step 1 carries the applicant's own address)."""
    day = event_day.isoformat()
    return [
        {
            "start_date": day,
            "end_date": day,
            "city": "Nairobi",
            "country": "KE",
            "expected_attendance": "200",
            "event_languages": ["en", "sw"],
        },
        {"scope": "regional", "serves_countries": ["UG", "TZ"], "virtual_component": "yes"},
        {
            "programme_url": "https://example.org/programme",
            "themes": ["osm", "open"],
            "community_value": "Mappers from five countries of the region meet and learn.",
        },
        {
            "registration": "open",
            "registration_url": "https://example.org/tickets",
            "code_of_conduct": "in_place",
            "code_of_conduct_url": "https://example.org/coc",
        },
        {
            "want_scholarships": "on",
            "details_scholarships": "Twenty travel grants",
            "amount_scholarships": "4000",
        },
    ]


class Applicant:
    def __init__(
        self,
        base_url: str,
        slug: str,
        log: Log,
        *,
        event_day: dt.date,
        give_up_at: float,
        timeout: float,
    ) -> None:
        self.base_url = base_url
        self.slug = slug
        self.log = log
        self.event_day = event_day
        self.give_up_at = give_up_at  # run time after which the walk stops where it is
        self.timeout = timeout  # seconds before a request counts as unanswered
        self.session = requests.Session()

    def _send(self, method: str, path: str, kind: str, data=None) -> requests.Response:
        url = path if path.startswith("http") else self.base_url + path
        while True:
            if self.log.now() > self.give_up_at:
                raise OutOfTime
            started = self.log.now()
            try:
                answer = self.session.request(
                    method, url, data=data, allow_redirects=False, timeout=self.timeout
                )
                status = answer.status_code
            except requests.RequestException:
                answer, status = None, 0
            self.log.add(Request(started, self.log.now() - started, kind, status))
            if answer is not None and status < 500:
                if status >= 400:
                    raise WalkFailed(f"{kind}: {status}")
                return answer
            time.sleep(_pause(answer))

    def _page(self, path: str, kind: str) -> tuple[str, str]:
        """GET a form page; returns its CSRF token and its form key ("" if none)."""
        page = self._send("GET", path, kind)
        if page.status_code != 200:
            raise WalkFailed(f"{kind}: {page.status_code}")
        token = CSRF.search(page.text)
        if not token:
            raise WalkFailed(f"{kind}: no CSRF token")
        key = FORM_KEY.search(page.text)
        return token.group(1), key.group(1) if key else ""

    def _post(self, path: str, kind: str, data: dict) -> str:
        """POST a form; returns where it sends the applicant next."""
        answer = self._send("POST", path, kind, data)
        if answer.status_code != 302:
            errors = "form errors" if FORM_ERRORS.search(answer.text) else answer.status_code
            raise WalkFailed(f"{kind}: {errors}")
        return answer.headers["Location"]

    def walk(self, walk: Walk) -> None:
        self._send("GET", f"/calls/{self.slug}/", "GET call")
        start = f"/calls/{self.slug}/apply/"
        token, form_key = self._page(start, "GET step 1")
        step1 = {
            "csrfmiddlewaretoken": token,
            "form_key": form_key or str(uuid.uuid4()),
            "event_name": f"Bench Mapping Week {walk.email.split('@')[0]}",
            "format": "conference",
            "organisation": "OpenStreetMap Kenya",
            "contact_name_0": "Wanjiru",
            "contact_email_0": walk.email,
            "language": "en",
        }
        following = self._post(start, "POST step 1", step1)
        for number, data in enumerate(answers(self.event_day), start=2):
            token, _key = self._page(following, f"GET step {number}")
            following = self._post(
                following, f"POST step {number}", {"csrfmiddlewaretoken": token, **data}
            )
        token, _key = self._page(following, "GET overview")
        overview = following
        landing = self._post(overview + "submit/", "POST submit", {"csrfmiddlewaretoken": token})
        confirmation = self._send("GET", landing, "GET confirmation")
        walk.acknowledged = confirmation.status_code == 200 and SUBMITTED in confirmation.text
        if not walk.acknowledged:
            raise WalkFailed("no confirmation on the page after submitting")


def _pause(answer: requests.Response | None) -> float:
    if answer is not None:
        try:
            return min(max(float(answer.headers.get("Retry-After", "")), 0.1), 5.0)
        except ValueError:
            pass
    return 0.5


def run_applicants(
    base_url: str,
    slug: str,
    *,
    count: int,
    duration: float,
    grace: float,
    max_walks: int,
    event_day: dt.date,
    log: Log,
    run_id: str,
    timeout: float = 60.0,
) -> None:
    """`count` applicants start walks for `duration` seconds (at most `max_walks`
    in all); a walk under way may finish within `grace` seconds more."""
    numbers = iter(range(max_walks))
    numbers_lock = threading.Lock()

    def applicant() -> None:
        while log.now() < duration:
            with numbers_lock:
                number = next(numbers, None)
            if number is None:
                return
            walk = Walk(email=f"applicant-{run_id}-{number:05d}@bench.example.org", started=0)
            walk.started = log.now()
            with log.lock:
                log.walks.append(walk)
            person = Applicant(
                base_url,
                slug,
                log,
                event_day=event_day,
                give_up_at=duration + grace,
                timeout=timeout,
            )
            try:
                person.walk(walk)
            except WalkFailed as exc:
                walk.failed = str(exc)
            except OutOfTime:
                return

    threads = [threading.Thread(target=applicant, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, duration + grace + timeout + 5 - log.now()))
