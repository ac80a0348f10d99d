"""Remake the screenshots of docs/design.md: each component of opencall.css, cropped.

    .venv/bin/python docs/design/shoot.py

Renders one page of examples with the project's own templates (the field and form
templates, the step indicator, the live check, the error summary) and stylesheet,
then photographs each example in Chromium. No database and no server are needed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import SimpleNamespace

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opencall.settings")

import django  # noqa: E402

django.setup()

from django import forms  # noqa: E402
from django.template import engines  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.utils import translation  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from opencall.applications.steps import STEPS  # noqa: E402
from opencall.screening.selectors import Line  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


class ExampleForm(forms.Form):
    event_name = forms.CharField(label="Name of the event")
    email = forms.EmailField(
        label="Your email", help_text="We send the link to continue your application here."
    )
    format = forms.ChoiceField(
        label="What kind of event is it?",
        choices=[("conference", "Conference"), ("mapathon", "Mapathon"), ("other", "Other")],
        widget=forms.RadioSelect,
    )
    online_only = forms.BooleanField(label="The event is online only", required=False)
    city = forms.CharField(label="City", required=False)


def _fields() -> str:
    form = ExampleForm(data={"event_name": "", "email": "wanjiru@", "format": "conference"})
    form.is_valid()
    return render_to_string("includes/error_summary.html", {"form": form}) + "".join(
        str(form[name].as_field_group()) for name in form.fields
    )


def _check() -> str:
    lines = [
        Line("FORMAT", "A conference-type event", "pass", "A conference is for this call."),
        Line("WHEN_WHERE", "When and where", "unclear", "The dates are not given yet."),
        Line("GEO", "Geography", "fail", "A national event outside HOT's priority countries."),
    ]
    check = {
        "lines": lines,
        "panel_lines": lines,
        "redirect": None,
        "conditions": [],
        "to_look_at": lines[1:],
        "state": "bad",
    }
    return render_to_string("cfp/live_check.html", {"check": check}).replace(
        "<details ", "<details open ", 1
    )


def _steps() -> str:
    return render_to_string(
        "cfp/steps_nav.html",
        {
            "steps": STEPS,
            "step": STEPS[2],
            "application": SimpleNamespace(step=2),
            "base_path": "#",
        },
    )


PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{{ css|safe }}
.swatches { display: grid; gap: .5rem;
  grid-template-columns: repeat(auto-fill, minmax(7rem, 1fr)); }
.swatch { border: 1px solid var(--line); border-radius: var(--radius); font-size: .8rem; }
.swatch span { display: block; height: 2.5rem; border-radius: var(--radius) var(--radius) 0 0; }
.swatch code { display: block; padding: .25rem .5rem; }
section[data-component] { padding: 1rem; }
</style></head><body><main>
<section data-component="tokens"><div class="swatches">
{% for name in colours %}<div class="swatch"><span style="background: var(--{{ name }})"></span>
<code>--{{ name }}</code></div>{% endfor %}</div></section>

<section data-component="header"><header class="site">
<div class="brand-block"><a class="brand" href="#">opencall</a>
<span class="organiser">Humanitarian OpenStreetMap Team (HOT)</span></div>
<form class="language"><select aria-label="Language"><option>English</option></select>
<button class="button small" type="button"><span class="wide">Change language</span>
<span class="narrow">OK</span></button></form></header></section>

<section data-component="buttons"><div class="cluster">
<button class="primary">Save and continue</button><a class="button" href="#">Messages</a>
<button class="secondary">Cancel</button><button class="small">Share</button>
<button class="link">Revoke this link</button></div></section>

<section data-component="fields"><form novalidate>{{ fields|safe }}</form></section>

<section data-component="check-cards"><fieldset class="field">
<legend>What would you like from us?</legend>
<div class="offer-card"><label class="check-card"><input type="checkbox" checked>
<span><span class="title">Scholarship programme</span><span class="hint">So that people who could
not otherwise attend can.</span></span></label><div class="offer-details">
<div class="field"><label for="d">What would you like, in a few words?</label>
<textarea id="d" rows="2">Twenty travel grants</textarea></div></div></div>
<div class="offer-card"><label class="check-card"><input type="checkbox">
<span><span class="title">Editorial processes</span><span class="hint">Support with editorial
processes, such as reviewing proposals.</span></span></label></div>
<div class="check-cards columns"><label class="check-card"><input type="checkbox" checked>
<span>English</span></label><label class="check-card"><input type="checkbox"><span>French</span>
</label><label class="check-card"><input type="checkbox" checked><span>Swahili</span></label>
</div></fieldset></section>

<section data-component="steps">{{ steps|safe }}</section>

<section data-component="live-check">{{ check|safe }}</section>

<section data-component="table"><table class="responsive"><thead><tr><th scope="col">Reference</th>
<th scope="col">Event</th><th scope="col">Status</th><th scope="col">Asked</th></tr></thead><tbody>
<tr><td data-label="Reference">0001</td><td data-label="Event">State of the Map Kenya</td>
<td data-label="Status"><span class="badge ok">Shortlisted</span></td>
<td data-label="Asked">USD&nbsp;4,000</td></tr>
<tr><td data-label="Reference">0002</td><td data-label="Event">Mapping Dhaka</td>
<td data-label="Status"><span class="badge warn">In conversation</span></td>
<td data-label="Asked">24&nbsp;h</td></tr></tbody></table></section>

<section data-component="badges"><div class="cluster"><span class="badge">Draft</span>
<span class="badge ok">Eligible</span><span class="badge warn">Needs review</span>
<span class="badge bad">Ineligible</span><span class="badge info">Under review</span></div>
</section>

<section data-component="notices"><p class="notice">Keep this page's address private.</p>
<p class="notice ok">Your application is submitted.</p>
<p class="notice warn">The call closes in 2 days.</p>
<p class="notice error">This call is not for this kind of event.</p>
<div role="status"><ul class="messages"><li class="success">Your draft is saved.</li></ul></div>
</section>

<section data-component="bar"><p class="bar-row">Scholarships
<svg class="bar" role="img" aria-label="used 4,000 of 6,000 US dollars" viewBox="0 0 100 10"
preserveAspectRatio="none"><rect class="track" width="100" height="10"/>
<rect class="used" width="66.7" height="10"/></svg> USD&nbsp;4,000 of USD&nbsp;6,000</p>
<p class="bar-row">Content hours <svg class="bar" role="img" aria-label="used 30 of 24 hours"
viewBox="0 0 100 10" preserveAspectRatio="none"><rect class="track" width="100" height="10"/>
<rect class="over" width="100" height="10"/></svg> 30&nbsp;h of 24&nbsp;h</p></section>

<section data-component="timeline"><ol class="timeline">
<li>2 Jun 2022, 13:15 · <strong>Submitted</strong> · Applicant</li>
<li>2 Jun 2022, 13:16 · <strong>Status changed</strong> · Screened → In conversation
<span class="why">First call with the organisers.</span></li>
<li>3 Jun 2022, 09:02 · <strong>Edited</strong> · Expected attendance: 300 → 350</li></ol>
<p class="meta">Times in Africa/Nairobi.</p></section>
</main></body></html>
"""

# Each component: its width, so phone-first components are shown as on a phone.
SHOTS = {
    "tokens": 720,
    "header": 360,
    "buttons": 720,
    "fields": 480,
    "check-cards": 480,
    "steps": 960,
    "live-check": 560,
    "table": 360,
    "badges": 560,
    "notices": 480,
    "bar": 480,
    "timeline": 560,
}
COLOURS = [
    "red", "red-fill", "red-dark", "ink", "muted", "line", "soft",
    "ok", "warn", "bad", "info", "focus",
]  # fmt: skip


def main() -> None:
    translation.activate("en")
    css = (ROOT / "opencall/static/css/opencall.css").read_text()
    html = (
        engines["django"]
        .from_string(PAGE)
        .render(
            {
                "css": css,
                "colours": COLOURS,
                "fields": _fields(),
                "steps": _steps(),
                "check": _check(),
            }
        )
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(device_scale_factor=1)
        for name, width in SHOTS.items():
            page.set_viewport_size({"width": width, "height": 800})
            page.set_content(html)
            path = HERE / f"{name}.png"
            page.locator(f'[data-component="{name}"]').screenshot(path=str(path))
            print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")
        browser.close()


if __name__ == "__main__":
    main()
