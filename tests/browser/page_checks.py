"""The checks every page passes in the browser, at a phone's width and a desktop's: the
page itself never scrolls sideways, no text is cut off, and axe-core (vendored,
tests/vendor/) finds no critical or serious violation. Used by test_every_page.py.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

AXE = (Path(__file__).resolve().parents[1] / "vendor" / "axe.min.js").read_text()
WIDTHS = (360, 1280)
HEIGHT = 800
SHOTS = os.environ.get("OPENCALL_SHOTS", "")
BLOCKING = ("critical", "serious")

# The outermost elements that stick out of the viewport, outside any scrolling box:
# what makes the page scroll sideways, named for the failure message.
MEASURE = """() => {
  const width = window.innerWidth;
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    [...el.classList].map((c) => '.' + c).join('');
  const culprits = [];
  if (document.documentElement.scrollWidth > width) {
    for (const el of document.body.querySelectorAll('*')) {
      const right = el.getBoundingClientRect().right;
      const parent = el.parentElement.getBoundingClientRect().right;
      if (right > width + 0.5 && parent <= width + 0.5 && !scrolls(el)) {
        culprits.push(`${name(el)} (${Math.round(right)} px)`);
        if (culprits.length === 4) break;
      }
    }
  }
  // Text cut off: a box that hides what overflows it, with text wider than itself.
  // The visually-hidden pattern (a 1 px box), form controls and a map are left out.
  const cut = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (['INPUT', 'SELECT', 'TEXTAREA', 'OPTION'].includes(el.tagName)) continue;
    // A map's viewport clips its tiles by design (its controls are checked on their own).
    if (el.classList.contains('leaflet-container')) continue;
    const style = getComputedStyle(el);
    const hides = (overflow) => overflow === 'hidden' || overflow === 'clip';
    if (!hides(style.overflowX) && !hides(style.overflowY)) continue;
    if (el.getBoundingClientRect().width <= 1 || !el.textContent.trim()) continue;
    if ((hides(style.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
        (hides(style.overflowY) && el.scrollHeight > el.clientHeight + 1)) {
      cut.push(`${name(el)} “${el.textContent.trim().slice(0, 40)}”`);
      if (cut.length === 4) break;
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, culprits, cut};
}"""

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map((n) => n.target.join(' ')),
  }));
}"""


@dataclass
class Checker:
    """What fails is gathered, to be told all at once."""

    failures: list[str] = field(default_factory=list)
    checked: int = 0

    def check(self, page, label: str) -> None:
        """Both widths, from the page as it is (a resize reflows it: no second request,
        so a flash message stays)."""
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT})
            self.checked += 1
            if SHOTS:  # OPENCALL_SHOTS=dir: a picture of every page walked, to look at
                name = re.sub(r"[^A-Za-z0-9]+", "-", label).strip("-")
                page.screenshot(path=str(Path(SHOTS) / f"{name}-{width}.png"), full_page=True)
            size = page.evaluate(MEASURE)
            if size["scrollWidth"] > size["innerWidth"]:
                self.failures.append(
                    f"{label} at {width} px: the page scrolls sideways, scrollWidth "
                    f"{size['scrollWidth']} > {size['innerWidth']}; sticking out: "
                    + ", ".join(size["culprits"] or ["(not found)"])
                )
            if size["cut"]:
                self.failures.append(
                    f"{label} at {width} px: text cut off in " + ", ".join(size["cut"])
                )
            for violation in page.evaluate(RUN_AXE):
                if violation["impact"] in BLOCKING:
                    targets = violation["targets"]
                    more = f" and {len(targets) - 5} more" if len(targets) > 5 else ""
                    self.failures.append(
                        f"{label} at {width} px: axe {violation['id']} ({violation['impact']}): "
                        f"{violation['help']}: " + ", ".join(targets[:5]) + more
                    )


def checking_context(browser):
    # The site's CSP refuses injected scripts: axe runs in a context that bypasses it.
    context = browser.new_context(
        locale="en-GB", timezone_id="Africa/Nairobi", bypass_csp=True, color_scheme="light"
    )
    context.add_init_script(script=AXE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page
