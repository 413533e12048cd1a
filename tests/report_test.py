#!/usr/bin/python3
"""report_test.py - the HTML report, rendered in headless Chromium.

Usage: report_test.py [--screenshot PNG] [--wait FILE]
                      [--expect NEEDLE] KIND=FILE.h5:FILE.html ...

For each report: the page loads with no console error and requests nothing
but its own file; every chart the page declares is drawn (its screenshot is
not blank); no line of a chart's title is wider than its canvas, on the
window and on a phone's screen; and a value shown on hover matches the
HDF5 file (read with h5py).  KIND is run, compare, sweep or sensitivity.  With --screenshot, the
first report is also saved as a PNG of the page's first screen (the
README's picture).  A report preceded by --expect NEEDLE is one spoilt on
purpose: it passes when one of its failures says NEEDLE ("caught: NEEDLE"
is printed), and fails otherwise.  Every report is read in the same
browser, one after the other, each from a blank page whose logs were
emptied, so that nothing of one page is seen in the next.  With --wait,
the browser is started at once and the pages are read once FILE exists
(the caller writes the files meanwhile); it gives up if its caller ends.
"""
import base64
import io
import json
import os
import re
import signal
import sys
import time

import h5py
import numpy as np
from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

FAILURES = []
SPOILT = False  # checking a page spoilt on purpose: its failures are meant


def check(cond, msg):
    if not cond:
        FAILURES.append(msg)
        print("meant to fail:" if SPOILT else "FAIL:", msg)
    return cond


def browser():
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu",
              "--disable-dev-shm-usage", "--window-size=1280,1400",
              "--force-device-scale-factor=1", "--lang=fr-FR",
              # Any name lookup fails: a request to the network could not
              # succeed even by accident.
              "--host-resolver-rules=MAP * ~NOTFOUND"):
        o.add_argument(a)
    o.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)


def parse_fr(text):
    """The first number in a fr-FR formatted text ("12 345,6 EUR")."""
    t = text.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    m = re.search(r"-?[0-9]+(,[0-9]+)?(E-?[0-9]+)?", t)
    return float(m.group(0).replace(",", ".")) if m else None


def shown(text):
    """The first number of a fr-FR text and the place of its last digit
    (0.01 for "0,61", 1 for "1 235 EUR"), or (None, None)."""
    t = text.replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    m = re.search(r"-?[0-9]+(?:,([0-9]+))?", t)
    if not m:
        return None, None
    return float(m.group(0).replace(",", ".")), 10.0 ** -len(m.group(1) or "")


# The place of the last digit each kind of number is shown to (report.js):
# whole euros and counts, a tenth of a month or of a percentage point, and
# three significant digits (whole units from 1,000) for the rest, read from
# the number shown (0.99996 is shown "1,00").  None: any (zero).
def expected_place(kind, value):
    if kind in ("eur", "count"):
        return 1.0
    if kind in ("month", "pct"):
        return 0.1
    a = abs(value)
    if a == 0:
        return None
    return 1.0 if a >= 1000 else 10.0 ** (np.floor(np.log10(a)) - 2)


def agrees(text, want, kind):
    """The number text shows is want in the format of its kind: shown to the
    digits the format gives, and equal to the file's value within half its
    last digit.  A percentage is compared in points."""
    got, place = shown(text or "")
    if got is None:
        return False
    want = 100.0 * float(want) if kind == "pct" else float(want)
    ulp = expected_place(kind, got)
    if ulp is not None and abs(place - ulp) > 1e-9 * ulp:
        return False
    return abs(got - want) <= 0.5 * place * (1 + 1e-9) + 1e-12 * abs(want)


def agrees_or_not_finite(text, want, kind):
    """agrees, or for a value the file has as infinite, "∞" ("−∞"), and
    for NaN, "n/a": the page tells the two apart."""
    want = float(want)
    t = (text or "").strip()
    if np.isnan(want):
        return t == "n/a"
    if np.isinf(want):
        return t.startswith("∞" if want > 0 else "−∞")
    return agrees(t, want, kind)


def estimate_and_interval(line):
    """'2,50 [1,00 ; ∞]' -> ['2,50', '1,00', '∞']; an estimate may carry a
    gloss in parentheses before the interval."""
    if " [" not in line or not line.endswith("]"):
        return []
    head, inner = line.rsplit(" [", 1)
    return [head] + [x.strip() for x in inner[:-1].split(";")]


# The columns of Le RAMEAU's matrix by a horizon's length, and the length
# each name stands for alone (models/horizon.h).
def column_of(months):
    return "tactique" if months <= 18 else "stratégique" if months <= 84 else "prospective"


NOMINAL = {"tactique": 18, "stratégique": 84, "prospective": 336}


# The names a chart writes beside its horizon lines, as drawn: each as
# (text, x, y, width), caught from the canvas while the chart draws itself
# again.  A JavaScript function of the chart c.
HORIZON_MARKS = """function (c) {
  const ctx = c.ctx, drawn = [], fill = ctx.fillText;
  ctx.fillText = function (text, x, y) {
    if (/^(tactique|stratégique|prospective)/.test(text))
      drawn.push([text, x, y, ctx.measureText(text).width]);
    return fill.apply(this, arguments);
  };
  try { c.draw(); } finally { delete ctx.fillText; }
  return drawn;
}"""


def check_horizon_marks(drv, html, ids, months):
    """Every chart with the horizons' dashed lines names each line it draws
    truthfully (its column, with its length unless the name says it: 84
    months « stratégique », 72 « stratégique (6 ans) »), no two lines
    alike, and no name over another."""
    # Every chart's lines drawn and names, in one call to the browser (a
    # call for each chart took more than the drawing).
    found = drv.execute_script(
        f"""const marks = {HORIZON_MARKS};
            return arguments[0].map(id => {{
              const c = window.allianceReport.charts[id];
              const o = c.options.plugins.horizonLines, x = c.scales.x;
              const months = o && o.months ? o.months.filter(m => m >= x.min && m <= x.max) : null;
              return [months, months && months.length ? marks(c) : null];
            }});""", ids)
    for cid, (drawn_months, marks) in zip(ids, found):
        if not drawn_months:
            continue
        texts = [m[0] for m in marks]
        if not check(len(marks) == len(drawn_months),
                     f"{html}: chart {cid} names its horizons {texts}, for lines at {drawn_months}"):
            continue
        check(len(set(texts)) == len(texts),
              f"{html}: chart {cid} gives two horizons one name: {texts} for {drawn_months}")
        for text, m in zip(texts, drawn_months):
            got = re.fullmatch(r"(\S+)(?: \((\d+) (mois|ans)\))?", text)
            name = got and got.group(1)
            length = got and got.group(2) and int(got.group(2)) * (12 if got.group(3) == "ans" else 1)
            check(got and name == column_of(m) and (length == m if length else NOMINAL.get(name) == m),
                  f"{html}: chart {cid} names its horizon at {m} months {text!r}")
        for i, a in enumerate(marks):
            for b in marks[i + 1:]:
                check(abs(a[2] - b[2]) >= 10 or a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1],
                      f"{html}: chart {cid} writes {a[0]!r} over {b[0]!r}")


def hover(drv, chart, dataset, index):
    """Moves the mouse over point `index` of `dataset` of chart `chart` and
    returns the tooltip's lines."""
    # The canvas scrolled into view and the point placed in one call to
    # the browser (three calls took most of a hover's time).
    canvas, x, y, w, h = drv.execute_script(
        """const canvas = document.getElementById('chart-' + arguments[0]);
           canvas.scrollIntoView({block:'center'});
           const c = window.allianceReport.charts[arguments[0]];
           const p = c.getDatasetMeta(arguments[1]).data[arguments[2]];
           const r = c.canvas.getBoundingClientRect();
           // Chart.js ignores a pointer outside the chart area: the top of
           // the tallest bar lies on its edge, so the point is kept 1 px in.
           const a = c.chartArea, inside = (v, lo, hi) => Math.min(Math.max(v, lo + 1), hi - 1);
           return [canvas, inside(p.x, a.left, a.right), inside(p.y, a.top, a.bottom),
                   r.width, r.height];""", chart, dataset, index)
    if x is None or y is None:
        return []  # a point the chart did not place: nothing to hover
    # Selenium 4 offsets are from the element's centre; the pointer jumps
    # there (the default move lasts 250 ms, for nothing: one mousemove is
    # what Chart.js reads).
    ActionChains(drv, duration=0).move_to_element_with_offset(
        canvas, int(round(x - w / 2)), int(round(y - h / 2))).perform()
    read = """const t = window.allianceReport.charts[arguments[0]].tooltip;
              if (!t || !t.opacity) return [];
              return [].concat(...t.body.map(b => b.lines));"""
    # Chart.js handles the pointer at the next animation frame: wait for it
    # (the lines the wait reads are the tooltip's).
    try:
        return WebDriverWait(drv, 3).until(lambda d: d.execute_script(read, chart))
    except TimeoutException:
        return drv.execute_script(read, chart)


def whiskers_drawn(drv, chart):
    """What the chart draws over its bars, caught from the canvas while it
    draws itself again: the vertical strokes at each bar's middle (the
    whiskers) as [bar, y from, y to], the "∞" written (x, y), each bar's x
    and the chart area's top and bottom."""
    return drv.execute_script(
        """const c = window.allianceReport.charts[arguments[0]], ctx = c.ctx;
           const xs = c.getDatasetMeta(0).data.map(e => e.x);
           const strokes = [], marks = [];
           let at = null;
           const move = ctx.moveTo, line = ctx.lineTo, fill = ctx.fillText;
           ctx.moveTo = function (x, y) { at = [x, y]; return move.apply(this, arguments); };
           ctx.lineTo = function (x, y) {
             const b = xs.findIndex(bx => Math.abs(bx - x) < 0.5);
             if (at && b >= 0 && Math.abs(at[0] - x) < 0.5)
               strokes.push([b, Math.min(at[1], y), Math.max(at[1], y)]);
             at = [x, y];
             return line.apply(this, arguments);
           };
           ctx.fillText = function (text, x, y) {
             if (/∞/.test(text)) marks.push([text, x, y]);
             return fill.apply(this, arguments);
           };
           try { c.draw(); } finally { delete ctx.moveTo; delete ctx.lineTo; delete ctx.fillText; }
           return { strokes, marks, xs, top: c.chartArea.top, bottom: c.chartArea.bottom };""", chart)


def x_infinity_marks(drv, chart):
    """The "∞" a scatter chart writes, caught from its canvas while it
    draws itself again, as (text, x, y); its area's left and right edges;
    and the pixel of each dataset's first point's y, from its y scale and
    the file's value (a Morris chart: a dataset per parameter)."""
    return drv.execute_script(
        """const c = window.allianceReport.charts[arguments[0]], ctx = c.ctx;
           const marks = [], fill = ctx.fillText;
           ctx.fillText = function (text, x, y) {
             if (/∞/.test(text)) marks.push([text, x, y]);
             return fill.apply(this, arguments);
           };
           try { c.draw(); } finally { delete ctx.fillText; }
           const y = c.data.datasets.map(d => c.scales.y.getPixelForValue(d.data[0].y));
           return { marks, y, left: c.chartArea.left, right: c.chartArea.right };""", chart)


def check_whiskers(drv, html, chart, rows):
    """Each bar's whisker as drawn against its file's [estimate, low, high]
    (rows): from one end to the other, an infinite one at the top (or the
    bottom) with "∞" beside it, a missing one left out (the whisker runs
    from the estimate to the end it has); nothing where the estimate, or
    both ends, are missing."""
    got = whiskers_drawn(drv, chart)
    # Where the chart's axis places each finite value of rows, in one call
    # to the browser (a call each took most of this check's time).
    finite_values = sorted({float(v) for v in np.ravel(np.asarray(rows, dtype=float))
                            if np.isfinite(v)})
    placed = dict(zip(finite_values, drv.execute_script(
        """const y = window.allianceReport.charts[arguments[0]].scales.y;
           return arguments[1].map(v => y.getPixelForValue(v));""", chart, finite_values)))
    pixel = lambda v: placed[float(v)]
    # Every whisker within the chart: none over its title or its labels.
    out = [s for s in got["strokes"] if s[1] < got["top"] - 0.5 or s[2] > got["bottom"] + 0.5]
    check(not out, f"{html}: chart {chart} draws whiskers {out} outside its area "
                   f"({got['top']} to {got['bottom']})")
    # An infinite value, drawn to the edge, reads beyond every finite one.
    values = np.asarray(rows, dtype=float)
    finite = values[np.isfinite(values)]
    if np.isinf(values).any() and finite.size:
        for e, edge in ((np.inf, got["top"]), (-np.inf, got["bottom"])):
            if (values == e).any():
                v = finite.max() if e > 0 else finite.min()
                check(abs(pixel(v) - edge) >= 5,
                      f"{html}: chart {chart} draws its {e} at the edge, where its {v} is drawn too")
    for b, (est, lo, hi) in enumerate(rows):
        spans = [s[1:] for s in got["strokes"] if s[0] == b]
        ends = [est if np.isnan(e) else e for e in (lo, hi)]
        if np.isnan(est) or any(np.isnan(e) for e in ends):
            check(not spans, f"{html}: chart {chart} draws a whisker at bar {b} for {[est, lo, hi]}")
            continue
        at = [got["top"] if e == np.inf else got["bottom"] if e == -np.inf else pixel(e) for e in ends]
        drawn = [min(s[0] for s in spans), max(s[1] for s in spans)] if spans else None
        check(drawn and abs(drawn[0] - min(at)) < 1 and abs(drawn[1] - max(at)) < 1,
              f"{html}: chart {chart}'s whisker at bar {b} runs {drawn}, for {[est, lo, hi]} at {at}")
        for e in (lo, hi):
            if np.isinf(e):
                x = got["xs"][b]
                near = [m for m in got["marks"] if -1 <= m[1] - x <= 20
                        and (m[2] <= got["top"] + 20 if e > 0 else m[2] >= got["bottom"] - 20)]
                check(near, f"{html}: chart {chart} writes no ∞ by bar {b}'s bound {e}: {got['marks']}")


def inked(img):
    """Pixels of an RGB image darker than the page's near-white, and all."""
    px = np.asarray(img.convert("RGB")).reshape(-1, 3)
    return np.count_nonzero(np.any(px < 235, axis=1)), len(px)


def not_blank(drv, chart):
    """The chart's own screenshot: (drawn, inked pixels, pixels)."""
    canvas = drv.find_element(By.ID, "chart-" + chart)
    drv.execute_script("arguments[0].scrollIntoView({block:'center'})", canvas)
    n, area = inked(Image.open(io.BytesIO(canvas.screenshot_as_png)))
    # Title, axes and data: a drawn chart inks well over 1% of its area.
    return n > 0.01 * area, n, area


def screen(drv):
    """The window's screenshot as WebDriver takes it (the viewport, in PNG),
    by Chromium's faster PNG encoder: the same pixels, for a third less of
    the browser's time per screenshot."""
    data = drv.execute_cdp_cmd("Page.captureScreenshot",
                               {"format": "png", "optimizeForSpeed": True})["data"]
    return Image.open(io.BytesIO(base64.b64decode(data)))


def all_not_blank(drv, ids):
    """not_blank for every chart of the page, read from screenshots of the
    window scrolled a screen at a time (every chart wholly on a screen is
    cut out of it) rather than one screenshot per chart; a chart taller
    than the window gets its own."""
    rects = drv.execute_script(
        """return arguments[0].map(id => {
             const r = document.getElementById('chart-' + id).getBoundingClientRect();
             return [id, r.left + window.scrollX, r.top + window.scrollY,
                     r.width, r.height]; })""", ids)
    todo = sorted(rects, key=lambda r: (r[2], r[1]))
    out = {}
    while todo:
        first = todo[0]
        y = drv.execute_script(
            "window.scrollTo(0, arguments[0]); return window.scrollY;", first[2])
        shot = screen(drv)
        width, height = shot.size
        rest = []
        for cid, x0, y0, w, h in todo:
            # As the element's own screenshot cuts it: whole pixels.
            left, top = int(round(x0)), int(round(y0 - y))
            right, bottom = left + int(w), top + int(h)
            if top >= 0 and left >= 0 and bottom <= height and right <= width:
                n, area = inked(shot.crop((left, top, right, bottom)))
                out[cid] = (n > 0.01 * area, n, area)
            else:
                rest.append((cid, x0, y0, w, h))
        if rest and rest[0] is first:
            out[first[0]] = not_blank(drv, first[0])
            rest = rest[1:]
        todo = rest
    return [out[cid] for cid in ids]


def cfgs_of(drv, ids):
    """Each chart's title, axis titles and reading aid."""
    return drv.execute_script(
        """return arguments[0].map(id => {
             const c = window.allianceReport.charts[id];
             return [c.options.plugins.title.text,
                     c.options.scales.x.title.text, c.options.scales.y.title.text,
                     c.canvas.closest('figure').querySelector('figcaption').textContent];
           })""", ids)


# The width of a phone's screen in CSS pixels (an iPhone 12 to 15's).
PHONE_WIDTH = 390


def wide_titles(drv):
    """Each line of a chart's title, as the chart draws it, that is wider
    than its canvas: [chart, line, its width, the canvas's width]."""
    return drv.execute_script(
        """const out = [];
           for (const [id, c] of Object.entries(window.allianceReport.charts)) {
             const t = c.titleBlock;
             if (!t || !t.options.display) continue;
             const w = c.canvas.getBoundingClientRect().width;
             c.ctx.save();
             c.ctx.font = Chart.helpers.toFont(t.options.font).string;
             for (const line of [].concat(t.options.text)) {
               const m = c.ctx.measureText(line).width;
               if (m > w) out.push([id, line, Math.round(m), Math.round(w)]);
             }
             c.ctx.restore();
           }
           return out;""")


def check_titles(drv, html):
    """No chart's title is wider than its canvas, on this window (a
    laptop's grid of two charts a row) and on a phone's screen: a wider one
    is squeezed or cut at both ends."""
    wide = wide_titles(drv)
    check(not wide, f"{html}: titles wider than their charts: {wide}")
    drv.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": PHONE_WIDTH, "height": 844, "deviceScaleFactor": 1, "mobile": True})
    try:
        # Each chart follows its box's new width at its next frame.
        resized = """return Object.values(window.allianceReport.charts).every(c => {
                       const box = c.canvas.parentNode.getBoundingClientRect().width;
                       return box <= arguments[0] && Math.abs(c.width - box) < 1; })"""
        try:
            WebDriverWait(drv, 10).until(lambda d: d.execute_script(resized, PHONE_WIDTH))
        except TimeoutException:
            check(False, f"{html}: the charts did not follow a {PHONE_WIDTH} px screen")
        wide = wide_titles(drv)
        check(not wide, f"{html}: on a {PHONE_WIDTH} px screen, titles wider than their charts: {wide}")
    finally:
        # The page is left first: back on the window's width, every chart
        # would be drawn again, for nothing (this is its last check).
        drv.get("about:blank")
        drv.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def check_page(drv, kind, h5path, html):
    # What the previous page left in the logs is not this page's.
    drv.get("about:blank")
    drv.get_log("browser")
    drv.get_log("performance")
    drv.get("file://" + html)
    WebDriverWait(drv, 30).until(
        lambda d: d.execute_script(
            "return window.allianceReport && window.allianceReport.ready"))
    errors = [e for e in drv.get_log("browser") if e["level"] == "SEVERE"]
    check(not errors, f"{html}: console errors {errors}")
    requests = []
    for entry in drv.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg["method"] == "Network.requestWillBeSent":
            requests.append(msg["params"]["request"]["url"])
    outside = [u for u in requests if not u.startswith(("file:", "data:", "about:"))]
    check(not outside, f"{html}: network requests {outside}")
    resources = drv.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)")
    check(not resources, f"{html}: resources loaded {resources}")
    check(drv.execute_script("return window.allianceReport.kind") == kind,
          f"{html}: read as {drv.execute_script('return window.allianceReport.kind')}, not {kind}")
    if SPOILT:
        return  # spoilt for its logs; its charts are those of its model

    ids = drv.execute_script("return Object.keys(window.allianceReport.charts)")
    check(len(ids) > 0 or kind.endswith("ensemble"), f"{html}: no chart")
    cfgs = cfgs_of(drv, ids)  # read once: the checks below look at them again
    for cid, (ok, n, area), cfg in zip(ids, all_not_blank(drv, ids), cfgs):
        check(ok, f"{html}: chart {cid} looks blank ({n} of {area} pixels)")
        check(all(cfg), f"{html}: chart {cid} lacks a title, axis title or reading aid: {cfg}")

    f = h5py.File(h5path, "r")
    # The page is titled as the file is: what it is, by the command that
    # wrote it (a comparison says compare).
    title = f.attrs.get("title", "")
    title = title.decode() if isinstance(title, bytes) else title
    h1, tab = drv.find_element(By.TAG_NAME, "h1").text, drv.title
    check(h1 == title and tab == title, f"{html}: titled {h1!r} / {tab!r}, the file {title!r}")
    check(not kind.startswith("compare") or title.startswith("alliance-sim compare"),
          f"{html}: a comparison titled {title!r}")
    # No axis is titled "1": a dimensionless unit is said in words.
    for cid, c in zip(ids, cfgs):
        check(not any(re.search(r"(^|\()1(\)|$| \()", t or "") for t in c[1:3]),
              f"{html}: chart {cid} has an axis titled {c[1:3]}")
    # Each fan's reading aid names the file's own horizons, in months or
    # whole years (18 mois (18 months), 3 ans (3 years)), no others.
    if "summary/horizon" in f:
        months = [int(m) for m in f["summary/horizon"][...]]
        said = [m if unit == "mois" else 12 * m for m, unit in
                ((int(a), b) for a, b in re.findall(r"(\d+) (mois|ans) \(\d+ (?:months?|years)\)",
                                                     " ".join(c[3] for c in cfgs
                                                              if "dashed lines" in c[3])))]
        check(said and set(said) == set(months),
              f"{html}: the fans' reading aids name the horizons {sorted(set(said))}, the file's are {months}")
        check_horizon_marks(drv, html, ids, months)
    # Each horizon's score stands under that horizon's label, whatever the
    # file's horizons (18, 72, 84 and 336 months: four scores, with the
    # matrix's three columns beside), where the page draws the matrix.
    rows = drv.find_elements(By.XPATH, "//tr[th[starts-with(normalize-space(.), 'score (mean')]]")
    if kind in ("run", "compare") and "matrix" in f and "summary/horizon_score" in f \
            and check(rows, f"{html}: no row of horizon scores"):
        heads = [h.text.replace("\n", " ") for h in rows[0].find_elements(
            By.XPATH, "ancestor::table/thead/tr/th")][1:]
        got = [c.text for c in rows[0].find_elements(By.TAG_NAME, "td")]
        labels = [x.decode() if isinstance(x, bytes) else x for x in f["summary/horizon"].attrs["label"]]
        score = f["summary/horizon_score"][...]
        check(heads == labels[:len(score)] and len(got) == len(score)
              and all(agrees(g.split(" [")[0], w, "sig3") for g, w in zip(got, score[:, 0])),
              f"{html}: horizon scores {got} under {heads}, the file's {list(score[:, 0])} at {labels}")
    if kind == "run" and "bands/territory_prime_eur" in f:
        # A territory: the macro premium's median on hover, and the flow
        # matrix's cells against the file's summary.
        ds = drv.execute_script(
            """return window.allianceReport.charts['territory-prime'].data.datasets
                 .findIndex(d => d.label.includes('median'))""")
        month = min(83, f["bands/territory_prime_eur"].shape[0] // 2)
        lines = hover(drv, "territory-prime", ds, month)
        line = [l for l in lines if "median" in l]
        want = f["bands/territory_prime_eur"][month, 2]
        check(line and agrees(line[0].split(":", 1)[1], want, "eur"),
              f"{html}: hover at month {month + 1} shows {lines}, the file says {want}")
        cell = drv.find_elements(By.CSS_SELECTOR,
                                 "#flow-matrix td[data-var=tfm_subsidies_engagement]")
        stats = [x.decode() if isinstance(x, bytes) else x for x in f["summary/statistic"][...]]
        want = f["summary/tfm_subsidies_engagement"][-1, stats.index("mean")]
        check(cell and agrees(cell[0].text, want, "eur"),
              f"{html}: flow matrix cell {cell[0].text if cell else None} != {want}")
        print(f"report territory: {len(ids)} charts checked in {html}")
        return
    if kind in ("run", "compare"):
        chart = "cash" if kind == "run" else "arms-cash"
        # The median line of the first fan; month 84 (index 83).
        ds = drv.execute_script(
            """return window.allianceReport.charts[arguments[0]].data.datasets
                 .findIndex(d => d.label.includes('median'))""", chart)
        month = min(83, f["bands/cash_eur"].shape[0] // 2)
        lines = hover(drv, chart, ds, month)
        line = [l for l in lines if "median" in l]
        want = f["bands/cash_eur"][month, 2]
        check(line and agrees(line[0].split(":", 1)[1], want, "eur"),
              f"{html}: hover at month {month + 1} shows {lines}, the file says {want}")
        if kind == "run":
            check(drv.find_elements(By.CSS_SELECTOR, "#horizon-matrix td.heat"),
                  f"{html}: no horizon matrix")
            cells = drv.find_elements(By.CSS_SELECTOR, "#horizon-matrix td.heat")
            want = f["matrix"][0, 0]
            check(agrees(cells[0].text, want, "sig3"),
                  f"{html}: matrix cell {cells[0].text} != {want}")
            check(drv.find_elements(By.CSS_SELECTOR, "#rules td"), f"{html}: no rules table")
            # Each kind of number in its own format: a rule's share in
            # percent to a tenth, its gap to the euro, a runway in months to
            # a tenth.
            stats = [x.decode() if isinstance(x, bytes) else x for x in f["summary/statistic"][...]]
            med = stats.index("p50")
            cell = drv.find_element(By.CSS_SELECTOR, "#rules tbody tr:first-child td:nth-of-type(2)").text
            share, gap = (cell.split(" / ") + [""])[:2]
            check(agrees(share, f["summary/four_tiers_ratio"][0, med], "pct")
                  and agrees(gap, f["summary/four_tiers_gap_eur"][0, med], "eur"),
                  f"{html}: rules cell {cell!r} != {f['summary/four_tiers_ratio'][0, med]} / "
                  f"{f['summary/four_tiers_gap_eur'][0, med]}")
            # The medians count closed organisations as zeros: the table
            # says so, and gives the share still operating.
            note = drv.find_elements(By.ID, "rules-closed")
            check(note and "ratio of 0 and a gap of 0" in note[0].text,
                  f"{html}: the rules table does not say how closed organisations count")
            alive = [c.text for c in drv.find_elements(By.CSS_SELECTOR, "#rules tr.alive td")][1:]
            want = f["summary/alive_share"][...]
            check(len(alive) == len(want) and all(agrees(a, w, "pct") for a, w in zip(alive, want)),
                  f"{html}: rules table's share operating {alive} != {list(want)}")
            if "summary/treasury" in f:
                cells = [c.text for c in drv.find_elements(
                    By.CSS_SELECTOR, "#treasury tbody tr:first-child td")]
                want = list(f["summary/treasury/live"][...])
                check([parse_fr(c) for c in cells] == want,
                      f"{html}: treasury's live {cells} != {want}")
                cell = drv.find_element(By.CSS_SELECTOR, "#treasury tbody tr:nth-child(4) td").text
                want = f["summary/treasury/runway_months"][0, med]
                check(agrees(cell, want, "month"), f"{html}: runway {cell!r} != {want}")
                # The first month below zero, asked of the live ones that
                # went below it: « jamais (never) » where none had (the
                # file's NaN), n/a where none is alive, else the median.
                t = f["summary/treasury"]
                got = [c.text for c in drv.find_elements(
                    By.CSS_SELECTOR, "#treasury tbody tr:nth-child(5) td")]
                for h, text in enumerate(got):
                    live, risk = t["live"][h], t["at_risk"][h]
                    first = t["first_month_at_risk"][h, med]
                    ok = (text == "n/a" if live == 0
                          else text == "jamais (never)" if risk == 0
                          else agrees(text, first, "month"))
                    check(ok, f"{html}: first month below zero at horizon {h} is {text!r}, "
                              f"for {live:g} alive, {risk:g} of them below zero, median {first}")
            if "events" in f:
                rows = drv.find_elements(By.CSS_SELECTOR, "#events tbody tr")
                months = list(f["events/month"][...])
                same = [int(r.find_elements(By.TAG_NAME, "td")[0].text) for r in rows] == months
                check(same, "" if same else f"{html}: events table {[r.text for r in rows]} != months {months}")
        else:
            lines = hover(drv, "metric-frugality", 0, 1)
            want = f["compare/frugality"][1, 0]
            if "projects" in f:
                check(drv.find_elements(By.CSS_SELECTOR, "[data-chart^=projects-]"),
                      f"{html}: a portfolio without its projects' chart")
                note = drv.find_elements(By.ID, "rules-closed")
                check(note and "closed project adding nothing" in note[0].text,
                      f"{html}: the portfolio's rules table does not say how closed projects count")
            check(lines and agrees(lines[0], want, "sig3"),
                  f"{html}: frugality hover {lines}, the file says {want}")
            # Each fund metric says what it means and how to read its
            # interval, not the dataset's layout; a share shows in percent,
            # a total to the euro.
            charts = drv.execute_script("return Object.keys(window.allianceReport.charts)"
                                        ".map(k => 'chart-' + k)")
            metrics = [k for k in f["compare"] if f"chart-metric-{k}" in charts]
            check({"frugality", "durability", "leverage"} <= set(metrics),
                  f"{html}: fund metric charts {metrics}")
            for k in metrics:
                aid = drv.find_element(By.CSS_SELECTOR, f"[data-chart=metric-{k}] figcaption").text
                check(aid.startswith("Read: ") and "whisker" in aid and "[estimate" not in aid,
                      f"{html}: metric {k}'s reading aid is {aid!r}")
            # Durability at each horizon, estimate and bounds: an infinite
            # one (none closes with the investment) shows ∞, a missing one
            # n/a, a number the file's.
            want = f["compare/durability"][...]
            # Every metric's whiskers as drawn, ∞ and missing bounds
            # included (the copy of the fund's file given them).
            for k in metrics:
                check_whiskers(drv, html, "metric-" + k, f["compare/" + k][...])
            for h in range(want.shape[0]):
                lines = hover(drv, "metric-durability", 0, h)
                parts = estimate_and_interval(lines[0]) if lines else []
                check(len(parts) == 3 and all(agrees_or_not_finite(t, w, "sig3")
                                              for t, w in zip(parts, want[h])),
                      f"{html}: durability hover at horizon {h}: {lines}, the file says {list(want[h])}")
            for k, kind_of in (("prime_alliance_share", "pct"), ("prime_alliance_eur", "eur")):
                lines = hover(drv, "metric-" + k, 0, 0)
                want = f["compare/" + k][0, 0]
                check(lines and agrees(lines[0], want, kind_of),
                      f"{html}: {k} hover {lines}, the file says {want}")
    elif kind == "compare-with":
        names = [n.decode() if isinstance(n, bytes) else n for n in f["compare/variable"][...]]
        i = names.index("cash_eur")
        lines = hover(drv, "difference-cash_eur", 0, 1)
        want = f["compare/difference"][i, 1, 0]
        check(lines and agrees(lines[0].split(":", 1)[1], want, "eur"),
              f"{html}: B - A hover {lines}, the file says {want}")
    elif kind == "sensitivity" and "sobol" in f:
        lines = hover(drv, "sobol-0-0", 1, 0)
        want = f["sobol/ST"][0, 0, 0]
        st = [l for l in lines if l.startswith("ST")]
        check(st and agrees(st[0].split(":", 1)[1], want, "sig3"),
              f"{html}: ST hover {lines}, the file says {want}")
        # The whiskers are described as the file says they were computed.
        text = drv.find_element(By.TAG_NAME, "body").text
        check(re.search(r"95(,0)?[\u202f ]% confidence intervals \(asymptotic", text),
              f"{html}: the Sobol section does not say how its intervals were computed")
    elif kind == "sensitivity":
        # mu* and sigma on hover, the file's; an infinite mu* (a copy of
        # the Morris file given one) at its "∞" on the chart's right edge,
        # at its sigma's height, and its tooltip says ∞.
        mu, sigma = f["morris/mu_star"][...], f["morris/sigma"][...]
        lines = hover(drv, "morris-0-0", 1, 0)
        got = lines[0].split("mu* ", 1)[1].split(" ; sigma ") if lines and "mu* " in lines[0] else []
        check(len(got) == 2 and agrees_or_not_finite(got[0], mu[0, 0, 1], "sig3")
              and agrees_or_not_finite(got[1], sigma[0, 0, 1], "sig3"),
              f"{html}: Morris hover {lines}, the file says mu* {mu[0, 0, 1]}, sigma {sigma[0, 0, 1]}")
        for o, h, j in zip(*np.nonzero(np.isinf(mu))):
            chart = f"morris-{o}-{h}"
            got = x_infinity_marks(drv, chart)
            want = got["y"][int(j)] if got else None
            check(got and any(m[0] == ("∞" if mu[o, h, j] > 0 else "−∞")
                              and abs(m[1] - (got["right"] if mu[o, h, j] > 0 else got["left"])) <= 20
                              and abs(m[2] - want) <= 3 for m in got["marks"]),
                  f"{html}: chart {chart} marks no ∞ at its edge for the infinite mu* of "
                  f"parameter {j}, at sigma {sigma[o, h, j]}: {got}")
    elif kind == "sweep":
        # A point the file has as infinite (a copy of the sweep's file
        # given one) is hovered at its "∞" and its tooltip says ∞.
        lines = hover(drv, "scatter-0-0-0", 0, 3)
        want = f["outputs"][3, 0, 0]
        check(lines and agrees_or_not_finite(lines[0].split(": ", 1)[1].split(" (")[0], want, "sig3"),
              f"{html}: scatter hover {lines}, the file says {want}")
    elif kind == "calibration-ensemble":
        check_calibration_ensemble(drv, f, html)
    elif kind == "compare-ensemble":
        check_compare_ensemble(drv, f, html)
    print(f"report {kind}: {len(ids)} charts checked in {html}")


def cells(drv, row_css):
    """The text of the td cells of each row row_css selects."""
    return [[c.text for c in r.find_elements(By.TAG_NAME, "td")]
            for r in drv.find_elements(By.CSS_SELECTOR, row_css)]


def check_calibration_ensemble(drv, f, html):
    """calibrate --ensemble: the fits' table against /fits, best first, with
    the bounds and spread rows above them; every start below."""
    rows = cells(drv, "#fits tbody tr")
    values, n = f["fits/values"][...], f["fits/values"].shape[0]
    check(len(rows) == 2 + n, f"{html}: {len(rows)} rows for {n} fits")
    for i in range(min(n, len(rows) - 2)):
        r = rows[2 + i]
        got = r[2:2 + values.shape[1]]
        check(agrees(r[1], f["fits/objective"][i], "sig3")
              and all(agrees(t, w, "sig3") for t, w in zip(got, values[i])),
              f"{html}: fit {i + 1} shows {r}, the file {list(values[i])}")
    lo, hi = f["fits/min"][...], f["fits/max"][...]
    spread = (values.max(axis=0) - values.min(axis=0)) / (hi - lo)
    check(len(rows) > 1 and all(agrees(t, w, "pct") for t, w in zip(rows[1][2:], spread)),
          f"{html}: spread {rows[1]}, the file's {list(spread)}")
    check(len(drv.find_elements(By.CSS_SELECTOR, "#starts tbody tr")) == 1 + f["starts/values"].shape[0],
          f"{html}: the starts' table")
    check("inconnu" not in drv.find_element(By.TAG_NAME, "body").text,
          f"{html}: an ensemble read as an unknown file")


def check_compare_ensemble(drv, f, html):
    """compare --ensemble: at each horizon, the best fit's estimate and
    interval and the fits' min, median and max, against /ensemble; in the
    header, the settings in which the scenario differs from the one
    calibrated, where the file counts any."""
    differ = int(f.attrs.get("settings_differing", 0))
    text = f.attrs.get("settings_differing_text", "")
    text = text.decode() if isinstance(text, bytes) else text
    note = [p.text for p in drv.find_elements(By.ID, "settings-differing")]
    if differ > 0:
        want = f"in {differ} setting{'s' if differ > 1 else ''} besides the fitted ones"
        check(len(note) == 1 and note[0].startswith(f"Le scénario diffère de celui de la "
                                                    f"calibration en {differ} ")
              and want in note[0] and note[0].endswith("): " + text),
              f"{html}: {differ} settings differ ({text!r}), the header says {note}")
    else:
        check(not note and "diffère" not in drv.find_element(By.TAG_NAME, "body").text,
              f"{html}: no setting differs, the page says {note}")
    read = ("frugalité (frugality)", "prime à l'alliance (alliance premium)")
    for h in range(len(f["ensemble/horizon"])):
        # The cells of the rows read below (a round trip to the browser for
        # each cell of every row took most of this page's time).
        rows = {}
        for r in drv.find_elements(By.CSS_SELECTOR, f"#ensemble-{h} tbody tr"):
            head = r.find_element(By.TAG_NAME, "th").text
            if head in read:
                rows[head] = [c.text for c in r.find_elements(By.TAG_NAME, "td")]
        r = rows.get("frugalité (frugality)")
        mc, fits = f["ensemble/frugality_mc"][h], f["ensemble/frugality"][:, h]
        want = [mc[0], mc[1], fits.min(), np.median(fits), fits.max()]
        got = [r[0], r[1], r[2], r[3], r[4]] if r else []
        check(r and all(agrees(t, w, "sig3") for t, w in zip(got, want)),
              f"{html}: frugality at horizon {h}: {r}, the file {want}")
        r = rows.get("prime à l'alliance (alliance premium)")
        want = f["ensemble/prime_alliance_eur_mc"][h, 0]
        check(r and agrees(r[0], want, "eur"), f"{html}: prime at horizon {h}: {r}, the file {want}")
    check(len(drv.find_elements(By.CSS_SELECTOR, "#ensemble-fits tbody tr")) == f["ensemble/values"].shape[0],
          f"{html}: the fits' table")


def main(argv):
    global SPOILT
    args = argv[1:]
    shot = wait = None
    while len(args) > 1 and args[0] in ("--screenshot", "--wait"):
        if args[0] == "--screenshot":
            shot = args[1]
        else:
            wait = args[1]
        args = args[2:]
    pages = []  # (needle or None, spec)
    while args:
        if args[0] == "--expect" and len(args) > 2:
            pages.append((args[1], args[2]))
            args = args[3:]
        else:
            pages.append((None, args[0]))
            args = args[1:]
    # Terminated (its caller interrupted): the browser is still closed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    caller = os.getppid()
    drv = browser()
    try:
        while wait and not os.path.exists(wait):
            if os.getppid() != caller:
                return 1
            time.sleep(0.02)
        for k, (needle, spec) in enumerate(pages):
            kind, rest = spec.split("=", 1)
            h5path, html = rest.split(":", 1)
            before = len(FAILURES)
            SPOILT = needle is not None
            check_page(drv, kind, h5path, html)
            SPOILT = False
            if shot and k == 0:
                drv.execute_script("window.scrollTo(0, 0)")
                drv.save_screenshot(shot)
            if needle is None:
                check_titles(drv, html)
            if needle is not None:
                got = FAILURES[before:]
                del FAILURES[before:]
                if check(any(needle in m for m in got),
                         f"{html}: no failure says '{needle}' (failures: {got})"):
                    print(f"caught: {needle} in {html}")
    finally:
        drv.quit()
    if FAILURES:
        print(f"report_test: {len(FAILURES)} failures")
        return 1
    print("report_test: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
