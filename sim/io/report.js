/*
 * report.js - draws the report of an alliance-sim HDF5 file.
 *
 * alliance-sim inlines this script, Chart.js and the file's data (the JSON
 * of sim/io/h5json.c: root attributes and every dataset but the full
 * monthly record) into one HTML page.  Nothing is fetched: the page works
 * offline.  Every chart has a title, axis titles with units, a legend and a
 * sentence that says how to read it.  window.allianceReport exposes the
 * charts and the data to the tests.
 */
'use strict';
(function () {
  const D = JSON.parse(document.getElementById('data').textContent);
  const SOURCE = JSON.parse(document.getElementById('source').textContent);
  const root = document.getElementById('report');
  const charts = {};
  window.allianceReport = { data: D, charts: charts, ready: false };

  Chart.defaults.animation = false;
  Chart.defaults.font.family = '"DejaVu Sans", system-ui, sans-serif';
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.locale = 'fr-FR';

  /* ---- the data ---- */
  const ds = (p) => D.datasets[p];
  const has = (p) => p in D.datasets;
  const data = (p) => (has(p) ? ds(p).data : null);
  const attr = (p, a) => (has(p) && a in ds(p).attrs ? ds(p).attrs[a] : null);
  const rootAttr = (a) => (a in D.attrs ? D.attrs[a] : null);
  const asList = (v) => (v === null ? [] : Array.isArray(v) ? v : [v]);

  /* Row r of a 2-D dataset (rows, cols) as an array. */
  function row2(p, r) {
    const d = ds(p), c = d.shape[1];
    return d.data.slice(r * c, (r + 1) * c);
  }
  /* Column c of a 2-D dataset. */
  function col2(p, c) {
    const d = ds(p), n = d.shape[0], w = d.shape[1], out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = d.data[i * w + c];
    return out;
  }

  /* ---- formatting ----
   * French throughout: a decimal comma and a narrow no-break space between
   * thousands (the fr-FR grouping, made the same whatever the browser's
   * locale data).  Each kind of quantity has its precision: money to the
   * euro, months to a tenth, percentages to a tenth of a point, counts
   * whole, and ratios, shares, indices and anything else to three
   * significant digits, trailing zeros kept ("2,00": the precision is
   * seen), whole units from 1,000 on.  The data keep every
   * digit: only what is shown is rounded. */
  const NNBSP = '\u202f';
  function numberFormat(options) {
    const f = new Intl.NumberFormat('fr-FR',
      Object.assign({ signDisplay: 'negative' }, options));
    return (x) => f.format(x).replace(/[\u00a0 ]/g, NNBSP);
  }
  const sig3 = numberFormat({ minimumSignificantDigits: 3,
                               maximumSignificantDigits: 3 });
  const whole = numberFormat({ maximumFractionDigits: 0 });
  const tenth = numberFormat({ minimumFractionDigits: 1, maximumFractionDigits: 1 });
  /* A number the file does not have (NaN, written null) is "n/a"; an
   * infinite one (sim/io/h5json.c writes 1e999, which JSON.parse reads as
   * Infinity: a durability where none closes with the investment, the
   * runway of an organisation without costs) is "∞". */
  const missing = (x) => x === null || x === undefined || Number.isNaN(x);
  const infinite = (x) => x === Infinity || x === -Infinity;
  const guard = (f) => (x) => (missing(x) ? 'n/a'
    : infinite(x) ? (x > 0 ? '∞' : '−∞') : f(x));
  /* text, with what an infinite x means where it does ("∞ (sans fin,
   * endless)"). */
  const glossed = (text, x, gloss) =>
    (gloss && infinite(x) ? `${text} (${gloss})` : text);
  const fmtNumber = guard((x) => (Math.abs(x) >= 1000 ? whole(x) : sig3(x)));
  const fmtEur = guard(whole);
  const fmtMonths = guard(tenth);
  const fmtCount = guard(whole);
  const pct = guard((x) => tenth(100 * x) + NNBSP + '%');
  const isMoney = (units) => /^EUR(\/|$)/.test(units || '');
  const isMonths = (units) => units === 'month' || units === 'months';
  /* The number alone, in the precision its unit calls for. */
  function num(x, units) {
    return isMoney(units) ? fmtEur(x) : isMonths(units) ? fmtMonths(x)
      : fmtNumber(x);
  }
  /* The number and its unit ("1", dimensionless, is not written). */
  function fmt(x, units) {
    const u = units && !/^1\b/.test(units) ? ' ' + units : '';
    return missing(x) ? 'n/a' : num(x, units) + u;
  }
  /* An interval, with the French separator (the comma is the decimal's). */
  const interval = (lo, hi, f) => `[${f(lo)}${NNBSP}; ${f(hi)}]`;
  /* An axis title for a unit: "1", dimensionless, said in words from the
   * variable's name. */
  function unitLabel(units, name) {
    if (units && units !== '1') return units;
    const v = name || '';
    if (/share|^alive$/.test(v)) return 'part (share)';
    if (/ratio/.test(v)) return 'ratio';
    if (/^alliance_/.test(v)) return 'force 0–1 (strength)';
    return 'sans unité (dimensionless)';
  }
  /* A setting's name with its unit, for an axis. */
  const withUnit = (name, units) => `${name} (` +
    (units && units !== '1' ? units : 'sans unité, dimensionless') + ')';

  function el(tag, props, children) {
    const e = document.createElement(tag);
    for (const k in props || {}) {
      if (k === 'text') e.textContent = props[k];
      else if (k === 'html') e.innerHTML = props[k];
      else e.setAttribute(k, props[k]);
    }
    for (const c of children || []) if (c) e.appendChild(c);
    return e;
  }
  function section(title, intro) {
    root.appendChild(el('h2', { text: title }));
    if (intro) root.appendChild(el('p', { class: 'note', text: intro }));
    const g = el('div', { class: 'grid' });
    root.appendChild(g);
    return g;
  }

  /* Chart.js cannot place an infinite value (its axis would have no end):
   * each dataset's infinite values become gaps (null), and are kept by
   * index in dataset.infinities ({ index: Infinity or -Infinity }), and a
   * scatter's infinite x in dataset.xInfinities, for the whiskers plugin
   * to mark with "∞"; a scatter's point there is placed at the edge (the
   * top or bottom for its y, the right or left for its x), under its "∞",
   * so that it can be hovered.  The tooltips read the file's values (xOf,
   * yOf), not these. */
  function drawable(datasets) {
    const finite = (v) => (infinite(v) ? null : v);
    datasets.forEach((d) => {
      const point = (v) => v !== null && typeof v === 'object';
      const value = (v) => (point(v) ? v.y : v);
      const ys = d.data.some((v) => infinite(value(v)));
      const xs = d.data.some((v) => point(v) && infinite(v.x));
      if (!ys && !xs) return;
      if (ys) d.infinities = {};
      if (xs) d.xInfinities = {};
      d.data.forEach((v, i) => {
        if (infinite(value(v))) d.infinities[i] = value(v);
        if (point(v) && infinite(v.x)) d.xInfinities[i] = v.x;
      });
      d.data = d.data.map((v) => (point(v)
        ? Object.assign({}, v, { x: finite(v.x), y: finite(v.y) }) : finite(v)));
    });
  }

  /* A tooltip item's y and x as the file has them: an infinite one, which
   * drawable made a gap, from dataset.infinities (xInfinities). */
  const yOf = (c) => (c.dataset.infinities && c.dataIndex in c.dataset.infinities
    ? c.dataset.infinities[c.dataIndex] : c.parsed.y);
  const xOf = (c) => (c.dataset.xInfinities && c.dataIndex in c.dataset.xInfinities
    ? c.dataset.xInfinities[c.dataIndex] : c.parsed.x);

  /* The y axis of a chart with whiskers holds every finite bound: Chart.js
   * ranges it on the bars alone, and a bound above the tallest bar ran
   * over the title.  Where a value or a bound is infinite, drawn to the
   * edge, the axis leaves room above (or below) the finite ones, so that
   * the infinite reads beyond any. */
  function whiskerRange(config) {
    const y = config.options.scales && config.options.scales.y;
    if (!y) return;
    const x = config.options.scales.x;
    if (x && config.data.datasets.some((d) => d.xInfinities) && x.grace === undefined)
      x.grace = '10%';
    const ends = [];
    let inf = false;
    config.data.datasets.forEach((d) => {
      if (d.infinities) inf = true;
      (d.whiskers || []).forEach((w) => (w || []).forEach((e) => {
        if (Number.isFinite(e)) ends.push(e);
        else if (infinite(e)) inf = true;
      }));
    });
    if (ends.length) {
      const lo = Math.min(...ends), hi = Math.max(...ends);
      y.suggestedMin = y.suggestedMin === undefined ? lo : Math.min(y.suggestedMin, lo);
      y.suggestedMax = y.suggestedMax === undefined ? hi : Math.max(y.suggestedMax, hi);
    }
    if (inf && y.grace === undefined) y.grace = '10%';
  }

  /* A chart in a figure with its reading aid; id names it for the tests. */
  function chartFigure(parent, id, config, caption) {
    drawable(config.data.datasets);
    whiskerRange(config);
    const canvas = el('canvas', { id: 'chart-' + id, role: 'img',
                                  'aria-label': config.options.plugins.title.text });
    const fig = el('figure', { class: 'chart', 'data-chart': id }, [
      el('div', { class: 'canvas-box' }, [canvas]),
      el('figcaption', { text: caption })]);
    parent.appendChild(fig);
    charts[id] = new Chart(canvas, config);
    return charts[id];
  }

  /* ---- horizons ---- */
  const horizonLabels = asList(attr('/summary/horizon', 'label'));
  const horizons = asList(data('/summary/horizon') || rootAttr('horizons'));
  function horizonName(i) {
    return horizonLabels[i] || (horizons[i] + ' mois (months)');
  }
  /* The names beside the charts' lines: the file's short_label ("tactique",
   * "stratégique (6 ans)", "stratégique", ...), distinct for distinct
   * lengths; a file written before it has its full labels. */
  const shortLabels = asList(attr('/summary/horizon', 'short_label'));
  const horizonMarks = horizons.map((m, i) => shortLabels[i] || horizonName(i));
  /* Draws a dashed vertical line at each report horizon, with its name to
   * its right (to its left at the right edge), on a white halo over the
   * data.  A name that would overlap one already written goes a line
   * lower: horizons 12 months apart on a 28-year axis are both read. */
  const MARK_LINE = 12;
  const horizonLines = {
    id: 'horizonLines',
    afterDatasetsDraw(chart, args, opts) {
      if (!opts || !opts.months) return;
      const x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
      ctx.save();
      ctx.strokeStyle = '#555'; ctx.fillStyle = '#555';
      ctx.setLineDash([4, 4]); ctx.font = '11px "DejaVu Sans", sans-serif';
      const marks = [];
      opts.months.forEach((m, i) => {
        const px = x.getPixelForValue(m);
        if (px < area.left || px > area.right) return;
        ctx.beginPath(); ctx.moveTo(px, area.top); ctx.lineTo(px, area.bottom);
        ctx.stroke();
        const text = opts.labels[i] || '';
        const w = ctx.measureText(text).width;
        const left = px + 3 + w > area.right ? px - 3 - w : px + 3;
        let row = 0;
        while (marks.some((k) => k.row === row && left < k.x + k.width + 4 &&
                                 k.x < left + w + 4)) row++;
        const y = area.top + 11 + MARK_LINE * row;
        /* A white halo keeps the name legible over the bands and lines. */
        ctx.save();
        ctx.setLineDash([]); ctx.strokeStyle = 'rgba(255,255,255,0.85)';
        ctx.lineWidth = 3; ctx.lineJoin = 'round';
        ctx.strokeText(text, left, y);
        ctx.restore();
        ctx.fillText(text, left, y);
        marks.push({ x: left, width: w, row });
      });
      ctx.restore();
    }
  };
  /* Draws an interval [lo, hi] over each bar or point of datasets that
   * carry `whiskers`; an infinite end runs to the edge of the chart, with
   * "∞" there instead of a cap, and a missing end (NaN) is left out: the
   * whisker runs from the estimate to the end it has.  A bar whose value
   * is infinite (dataset.infinities, see drawable) is drawn pale up to the
   * edge, with "∞" at its end; a scatter's point, by "∞" at the edge above
   * its place (an infinite x: at the right or left edge at its height),
   * where the point is put (afterDatasetsUpdate) for its tooltip. */
  const whiskers = {
    id: 'whiskers',
    afterDatasetsUpdate(chart) {
      if (chart.config.type !== 'scatter') return;
      const area = chart.chartArea;
      chart.data.datasets.forEach((d, di) => {
        const meta = chart.getDatasetMeta(di), y = chart.scales[meta.yAxisID];
        const inf = d.infinities || {}, xinf = d.xInfinities || {};
        new Set(Object.keys(inf).concat(Object.keys(xinf))).forEach((i) => {
          const e = meta.data[i], p = d.data[i];
          if (!e || !p) return;
          const px = i in xinf ? (xinf[i] > 0 ? area.right - 9 : area.left + 9) : e.x;
          const py = i in inf ? (inf[i] > 0 ? area.top + 9 : area.bottom - 8)
            : y.getPixelForValue(p.y);
          if (!Number.isFinite(px) || !Number.isFinite(py)) return;
          e.x = px; e.y = py;
          e.skip = false;
        });
      });
    },
    afterDatasetsDraw(chart) {
      const ctx = chart.ctx, area = chart.chartArea, type = chart.config.type;
      const edge = (v) => (v > 0 ? area.top : area.bottom);
      /* "∞" (or "−∞") at x, inside the edge v points to, on a halo. */
      const mark = (x, v) => {
        const text = v > 0 ? '∞' : '−∞', y = v > 0 ? area.top + 13 : area.bottom - 4;
        ctx.save(); ctx.strokeStyle = 'rgba(255,255,255,0.9)'; ctx.lineWidth = 3;
        ctx.strokeText(text, x, y); ctx.restore();
        ctx.fillText(text, x, y);
      };
      chart.data.datasets.forEach((d, di) => {
        if (!chart.isDatasetVisible(di)) return;
        const meta = chart.getDatasetMeta(di), y = chart.scales[meta.yAxisID];
        const inf = (type === 'bar' || type === 'scatter') && d.infinities || {};
        ctx.save(); ctx.strokeStyle = '#222'; ctx.fillStyle = '#222';
        ctx.lineWidth = 1.2; ctx.textAlign = 'center';
        ctx.font = '12px "DejaVu Sans", sans-serif';
        Object.keys(inf).forEach((i) => {
          const e = meta.data[i];
          if (type !== 'bar' || !e || ![e.x, e.width, e.base].every(Number.isFinite)) return;
          ctx.save(); ctx.globalAlpha = 0.4; ctx.fillStyle = d.backgroundColor;
          const top = Math.min(edge(inf[i]), e.base);
          ctx.fillRect(e.x - e.width / 2, top, e.width, Math.abs(e.base - edge(inf[i])));
          ctx.restore();
        });
        meta.data.forEach((bar, i) => {
          const w = d.whiskers && d.whiskers[i];
          if (!w) return;
          const p = d.data[i], v = i in inf ? inf[i]
            : (p !== null && typeof p === 'object' ? p.y : p);
          const ends = w.map((e) => (missing(e) ? v : e));
          if (ends.some(missing)) return;
          const at = (e) => (infinite(e) ? edge(e) : y.getPixelForValue(e));
          ctx.beginPath();
          ctx.moveTo(bar.x, at(ends[0])); ctx.lineTo(bar.x, at(ends[1]));
          w.forEach((e) => {
            if (missing(e) || infinite(e)) return;
            ctx.moveTo(bar.x - 4, at(e)); ctx.lineTo(bar.x + 4, at(e));
          });
          ctx.stroke();
          /* An infinite bound beside a finite bar; an infinite bar's own
           * "∞" says it for both. */
          w.forEach((e) => { if (infinite(e) && inf[i] !== e) mark(bar.x + 10, e); });
        });
        Object.keys(inf).forEach((i) => {
          const x = meta.data[i] && meta.data[i].x;
          if (Number.isFinite(x)) mark(x, inf[i]);
        });
        /* A scatter's infinite x: "∞" beside its point at the right edge,
         * inwards ("−∞" at the left), unless its y's "∞" is there already. */
        const xinf = type === 'scatter' && d.xInfinities || {};
        Object.keys(xinf).forEach((i) => {
          const e = meta.data[i];
          if (!e || i in inf || ![e.x, e.y].every(Number.isFinite)) return;
          const text = xinf[i] > 0 ? '∞' : '−∞', x = e.x + (xinf[i] > 0 ? -8 : 8);
          ctx.save(); ctx.textBaseline = 'middle';
          ctx.textAlign = xinf[i] > 0 ? 'right' : 'left';
          ctx.strokeStyle = 'rgba(255,255,255,0.9)'; ctx.lineWidth = 3;
          ctx.strokeText(text, x, e.y);
          ctx.fillText(text, x, e.y); ctx.restore();
        });
        ctx.restore();
      });
    }
  };
  /* Wraps each chart's title to the chart's width: Chart.js writes a
   * title on one line, squeezed or cut at both ends where it is wider than
   * its canvas (a phone's, or a laptop's grid of two), and one line per
   * entry of an array.  A title that does not fit puts its English gloss
   * (the last parenthesis) on lines of its own, and each part runs on as
   * many lines as it needs, a word too long for any line alone.  The whole
   * title is kept in chart.$title; it is wrapped again at each update, so
   * that a resized chart rewraps. */
  const titleWrap = {
    id: 'titleWrap',
    beforeUpdate(chart) {
      const t = chart.config.options.plugins && chart.config.options.plugins.title;
      if (!t || !t.display || !t.text) return;
      if (chart.$title === undefined) chart.$title = [].concat(t.text).join(' ');
      const ctx = chart.ctx, room = chart.width - 8;
      ctx.save();
      ctx.font = Chart.helpers.toFont(chart.options.plugins.title.font).string;
      const fits = (text) => ctx.measureText(text).width <= room;
      const wrap = (text) => text.split(' ').reduce((lines, word) => {
        const last = lines.length ? `${lines[lines.length - 1]} ${word}` : null;
        if (last !== null && fits(last)) lines[lines.length - 1] = last;
        else lines.push(word);
        return lines;
      }, []);
      const whole = chart.$title, gloss = whole.lastIndexOf(' (');
      t.text = fits(whole) ? whole : gloss > 0
        ? wrap(whole.slice(0, gloss)).concat(wrap(whole.slice(gloss + 1)))
        : wrap(whole);
      ctx.restore();
    }
  };
  Chart.register(horizonLines, whiskers, titleWrap);

  const PALETTE = ['#1f5fa8', '#c2410c', '#15803d', '#7e22ce', '#b45309',
                   '#0e7490', '#be123c', '#4d7c0f'];
  function rgba(hex, a) {
    const n = parseInt(hex.slice(1), 16);
    return `rgba(${n >> 16},${(n >> 8) & 255},${n & 255},${a})`;
  }

  function baseOptions(title, xTitle, yTitle, extra) {
    const o = {
      responsive: true,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        title: { display: true, text: title, font: { size: 14 } },
        legend: { position: 'bottom', labels: { boxWidth: 14,
          filter: (item, cd) => !cd.datasets[item.datasetIndex].hideInLegend } },
        tooltip: { callbacks: {} }
      },
      scales: {
        x: { title: { display: true, text: xTitle } },
        y: { title: { display: true, text: yTitle } }
      }
    };
    return Object.assign(o, extra || {});
  }

  /* ---- fan charts ---- */
  const BAND = { p05: 0, p25: 1, p50: 2, p75: 3, p95: 4, mean: 5 };
  function bandsOf(prefix, v) {
    const p = prefix + '/bands/' + v;
    return has(p) ? p : null;
  }
  function labelOf(prefix, v) {
    return attr(prefix + '/bands/' + v, 'long_name') ||
           attr(prefix + '/summary/' + v, 'long_name') || v;
  }
  function unitsOf(prefix, v) {
    return attr(prefix + '/bands/' + v, 'units') ||
           attr(prefix + '/summary/' + v, 'units') || '1';
  }
  /* The five datasets of one fan: 90% band, 50% band, median. */
  function fanDatasets(p, name, color, withBands, inLegend) {
    const sets = [];
    const months = ds(p).shape[0];
    const pts = (k) => { const c = col2(p, k), out = new Array(months);
      for (let i = 0; i < months; i++) out[i] = { x: i + 1, y: c[i] };
      return out; };
    if (withBands) {
      sets.push({ label: name + ' p05', data: pts(BAND.p05), borderWidth: 0,
                  pointRadius: 0, fill: false, hideInLegend: true });
      sets.push({ label: name + ' 90 % (p05–p95)', data: pts(BAND.p95),
                  lower: col2(p, BAND.p05), hideInLegend: !inLegend,
                  borderWidth: 0, pointRadius: 0,
                  backgroundColor: rgba(color, 0.16), fill: '-1' });
      sets.push({ label: name + ' p25', data: pts(BAND.p25), borderWidth: 0,
                  pointRadius: 0, fill: false, hideInLegend: true });
      sets.push({ label: name + ' 50 % (p25–p75)', data: pts(BAND.p75),
                  lower: col2(p, BAND.p25), hideInLegend: !inLegend,
                  borderWidth: 0, pointRadius: 0,
                  backgroundColor: rgba(color, 0.3), fill: '-1' });
    }
    sets.push({ label: name + ' médiane (median)', data: pts(BAND.p50),
                borderColor: color, backgroundColor: color, borderWidth: 2,
                pointRadius: 0, pointHoverRadius: 3, fill: false });
    return sets;
  }
  function fanChart(parent, id, title, series, units, caption) {
    const axis = unitLabel(units, series[0].v);
    const datasets = [];
    /* Each series' bands are drawn; the legend names the bands of the
     * first series only, so that it stays short. */
    series.forEach((s, i) => {
      const p = bandsOf(s.prefix, s.v);
      if (p) datasets.push(...fanDatasets(p, s.name, s.color || PALETTE[i],
                                          s.bands !== false, i === 0));
    });
    if (!datasets.length) return null;
    const opts = baseOptions(title, 'mois (month)', axis);
    opts.scales.x.type = 'linear';
    opts.scales.x.min = 1;
    opts.scales.x.max = datasets[0].data.length;
    opts.plugins.horizonLines = { months: horizons, labels: horizonMarks };
    opts.plugins.tooltip.callbacks.label = (c) => c.dataset.lower
      ? `${c.dataset.label}: ${num(c.dataset.lower[c.dataIndex], units)} – ${fmt(c.parsed.y, units)}`
      : `${c.dataset.label}: ${fmt(c.parsed.y, units)}`;
    opts.plugins.tooltip.filter = (c) => !/ p(05|25)$/.test(c.dataset.label);
    return chartFigure(parent, id, { type: 'line', data: { datasets },
                                     options: opts }, caption);
  }

  /* A horizon as a reader says it, in French and English: whole years
   * from two years on, months otherwise (summary_horizon_label's rule). */
  function durationText(months) {
    if (months % 12 === 0 && months >= 24)
      return `${months / 12} ans (${months / 12} years)`;
    return `${months} mois (${months} month${months === 1 ? '' : 's'})`;
  }
  /* The file's own horizons: « tactique », 18 mois (18 months); ... */
  const HORIZONS_TEXT = horizons.map((m, i) => {
    const name = (horizonLabels[i] || '').split(' (')[0];
    return (name ? `« ${name} », ` : '') + durationText(m);
  }).join('; ');
  const FAN_CAPTION = 'Read: the line is the median of the simulated futures; ' +
    'the dark band holds 50 % of them and the light band 90 %' +
    (horizons.length ? '; dashed lines mark the report horizons of this ' +
     `file: ${HORIZONS_TEXT}.` : '.');

  /* ---- header ---- */
  function header(kind) {
    const title = rootAttr('title') || 'alliance-sim';
    root.appendChild(el('h1', { text: title }));
    document.title = title;
    const dl = el('dl', { class: 'meta' });
    const add = (k, v) => { if (v !== null && v !== undefined && v !== '') {
      dl.appendChild(el('dt', { text: k }));
      dl.appendChild(el('dd', { text: String(v) })); } };
    add('fichier (file)', SOURCE);
    add('type (kind)', kind);
    add('organisation', rootAttr('organisation'));
    add('scénario (scenario)', rootAttr('scenario_file') ||
        rootAttr('sweep_file'));
    add('graine (seed)', rootAttr('seed'));
    add('réplications (replicates)', rootAttr('replicates'));
    add('mois (months)', rootAttr('months'));
    add('plan (design)', rootAttr('design'));
    add('évaluations (evaluations)', rootAttr('evaluations'));
    add('cibles (targets file)', rootAttr('targets_file'));
    add('horizon des cibles (targets\' horizon), mois (months)', rootAttr('horizon'));
    add('départs (starts)', rootAttr('starts'));
    add('ajustements qui atteignent les cibles (fits that meet the targets)',
        rootAttr('agree'));
    add('ensemble (calibration ensemble)', rootAttr('ensemble_file'));
    add('commande (command line)', rootAttr('history'));
    add('version', rootAttr('source') || rootAttr('software_version'));
    add('créé (created)', rootAttr('created') || rootAttr('end_time') ||
        rootAttr('date_created'));
    root.appendChild(dl);
    /* compare --ensemble over a scenario that differs from the one the
     * fits were calibrated on (docs/calibration.md): how many settings,
     * and which ("path = x here, y there"); nothing where none differs or
     * the file is older than the count. */
    const differ = rootAttr('settings_differing');
    if (differ > 0) {
      const s = differ > 1 ? 's' : '';
      root.appendChild(el('p', { class: 'miss', id: 'settings-differing', text:
        `Le scénario diffère de celui de la calibration en ${differ} ` +
        `réglage${s}, hors réglages ajustés (the scenario differs from the ` +
        `one the fits were calibrated on in ${differ} setting${s} besides ` +
        'the fitted ones; here: this comparison\'s, there: the ' +
        `calibration's): ${rootAttr('settings_differing_text') || ''}` }));
    }
    const text = rootAttr('scenario_text') || rootAttr('sweep_text');
    if (text) root.appendChild(el('details', {}, [
      el('summary', { text: 'texte du scénario (scenario text)' }),
      el('pre', { text: text })]));
    const targets = rootAttr('targets_text');
    if (targets) root.appendChild(el('details', {}, [
      el('summary', { text: 'fichier de cibles (targets file text)' }),
      el('pre', { text: targets })]));
    const base = rootAttr('base_scenario_text');
    if (base) root.appendChild(el('details', {}, [
      el('summary', { text: 'scénario de base (base scenario text)' }),
      el('pre', { text: base })]));
  }

  /* ---- a run ---- */
  function runTrajectories(prefix, title) {
    const g = section(title, null);
    const one = (id, v, caption) => fanChart(g, id, labelOf(prefix, v),
      [{ prefix, v, name: labelOf(prefix, v).split(' (')[0] }],
      unitsOf(prefix, v), caption || FAN_CAPTION);
    one('cash', 'cash_eur');
    fanChart(g, 'funding-costs', 'financements et coûts (funding and costs)',
      [{ prefix, v: 'funding_total_eur', name: 'financements (funding)' },
       { prefix, v: 'cost_total_eur', name: 'coûts (costs)', color: PALETTE[1] }],
      unitsOf(prefix, 'funding_total_eur'), FAN_CAPTION);
    fanChart(g, 'value', 'valeur produite et prime à l\'alliance ' +
             '(value produced and alliance premium)',
      [{ prefix, v: 'value_produced_eur', name: 'valeur produite (value)' },
       { prefix, v: 'prime_alliance_eur', name: 'prime à l\'alliance (premium)',
         color: PALETTE[2] }],
      unitsOf(prefix, 'value_produced_eur'), FAN_CAPTION +
      ' The premium is the value produced minus the value of the same ' +
      'organisation without its alliances, on the same draws.');
    fanChart(g, 'alliances', 'force des alliances (alliance strengths)',
      [{ prefix, v: 'alliance_positioning', name: 'positionnement (positioning)' },
       { prefix, v: 'alliance_production', name: 'production / diffusion',
         color: PALETTE[1] },
       { prefix, v: 'alliance_pooled_means', name: 'moyens (pooled means)',
         color: PALETTE[2] }], unitsOf(prefix, 'alliance_positioning'), FAN_CAPTION);
    const w = section('richesses humaines (workforce by category)', null);
    w.classList.add('small');
    ['employees_fte', 'volunteers_fte', 'civic_service_fte', 'interns_fte',
     'skills_sponsorship_fte'].forEach((v, i) =>
      fanChart(w, 'workforce-' + v, labelOf(prefix, v),
        [{ prefix, v, name: labelOf(prefix, v).split(' (')[0],
           color: PALETTE[i] }], unitsOf(prefix, v), FAN_CAPTION));
  }

  function survivalChart(parent, id, arms) {
    const datasets = arms.filter((a) => has(a.prefix + '/bands/alive_share'))
      .map((a, i) => ({
        label: a.name, data: data(a.prefix + '/bands/alive_share')
          .map((y, m) => ({ x: m + 1, y })),
        borderColor: a.color || PALETTE[i], backgroundColor: a.color || PALETTE[i],
        borderWidth: 2, pointRadius: 0, fill: false }));
    if (!datasets.length) return;
    const opts = baseOptions('survie (survival): organisations en activité ' +
                             '(share alive)', 'mois (month)', 'part (share)');
    opts.scales.x.type = 'linear'; opts.scales.x.min = 1;
    opts.scales.x.max = datasets[0].data.length;
    opts.scales.y.min = 0; opts.scales.y.max = 1;
    opts.plugins.horizonLines = { months: horizons, labels: horizonMarks };
    opts.plugins.tooltip.callbacks.label =
      (c) => `${c.dataset.label}: ${pct(c.parsed.y)}`;
    chartFigure(parent, id, { type: 'line', data: { datasets }, options: opts },
      'Read: the share of the simulated organisations still operating at ' +
      'each month; it falls when cash stays below the overdraft limit.');
  }

  const SOURCES = [
    ['funding_subsidy_eur', 'subvention (subsidy)'],
    ['funding_philanthropy_eur', 'mécénat (philanthropy)'],
    ['funding_crowdfunding_eur', 'crowdfunding'],
    ['funding_social_investment_eur', 'investissement sociétal (social investment)'],
    ['funding_earned_income_eur', 'revenus d\'activité (earned income)'],
    ['funding_fund_eur', 'fonds (fund)']];
  function fundingMix(parent, prefix) {
    const present = SOURCES.filter(([v]) => has(prefix + '/bands/' + v));
    if (!present.length) return;
    const means = present.map(([v]) => col2(prefix + '/bands/' + v, BAND.mean));
    const months = means[0].length;
    const total = new Array(months).fill(0);
    means.forEach((m) => m.forEach((x, i) => { total[i] += x || 0; }));
    const datasets = present.map(([v, name], k) => ({
      label: name,
      data: means[k].map((x, i) => ({ x: i + 1, y: total[i] > 0 ? (x || 0) / total[i] : 0 })),
      backgroundColor: rgba(PALETTE[k], 0.7), borderColor: PALETTE[k],
      borderWidth: 1, pointRadius: 0, fill: k === 0 ? 'origin' : '-1' }));
    const opts = baseOptions('composition des financements (funding mix)',
                             'mois (month)', 'part du total (share of funding)');
    opts.scales.x.type = 'linear'; opts.scales.x.min = 1; opts.scales.x.max = months;
    opts.scales.y.stacked = true; opts.scales.y.min = 0; opts.scales.y.max = 1;
    opts.plugins.horizonLines = { months: horizons, labels: horizonMarks };
    opts.plugins.tooltip.callbacks.label =
      (c) => `${c.dataset.label}: ${pct(c.parsed.y)}`;
    chartFigure(parent, 'funding-mix', { type: 'line', data: { datasets },
      options: opts }, 'Read: each band is a source\'s share of the mean ' +
      'monthly funding across the simulated futures; the bands add up to 100 %.');
  }

  function heatColor(x) {
    /* white (0) to deep blue (1) */
    const t = Math.max(0, Math.min(1, x || 0));
    const r = Math.round(255 - 200 * t), g = Math.round(255 - 150 * t);
    return `rgb(${r},${g},255)`;
  }
  function horizonMatrix(prefix) {
    const p = prefix + '/matrix';
    if (!has(p)) return;
    const g = section('matrice des horizons (horizon matrix)',
      'The weight of each lever (row) at each horizon (column): each column ' +
      'sums to 1; darker cells weigh more. Below, each horizon\'s score and ' +
      'the barycentre-weighted score.');
    const rows = asList(attr(p, 'rows')), cols = asList(attr(p, 'columns'));
    const t = el('table', { id: 'horizon-matrix', class: 'heatmap' });
    const head = el('tr', {}, [el('th', { text: 'levier (lever)' })]);
    cols.forEach((c) => head.appendChild(el('th', { text: c })));
    t.appendChild(el('thead', {}, [head]));
    const body = el('tbody');
    rows.forEach((r, i) => {
      const tr = el('tr', {}, [el('th', { text: r })]);
      row2(p, i).forEach((x) => tr.appendChild(el('td', { class: 'heat',
        style: 'background:' + heatColor(x), text: fmtNumber(x) })));
      body.appendChild(tr);
    });
    const bp = prefix + '/summary/barycentre';
    if (has(bp)) {
      const tr = el('tr', {}, [el('th', { text: 'barycentre (horizon weights)' })]);
      data(bp).forEach((x) => tr.appendChild(el('td', { text: fmtNumber(x) })));
      body.appendChild(tr);
    }
    t.appendChild(body);
    const box = el('div', { class: 'table-box' }, [t]);
    /* The scores by report horizon, under each horizon's own label: a
     * file's horizons need not be the matrix's three columns (18, 72, 84
     * and 336 months are scored by the columns tactique, stratégique,
     * stratégique and prospective).  The scored horizons are the file's
     * first ones (/summary/scored_horizon where not all are). */
    const sp = prefix + '/summary/horizon_score';
    if (has(sp)) {
      const n = ds(sp).shape[0];
      const head = el('tr', {}, [el('th', { text: 'horizon' })]);
      const tr = el('tr', {}, [el('th', { text: 'score (mean [p05 ; p95])' })]);
      for (let h = 0; h < n; h++) {
        const r = row2(sp, h);
        head.appendChild(el('th', { text: horizonName(h) }));
        tr.appendChild(el('td', { text: `${fmtNumber(r[0])} ` +
          interval(r[1], r[3], fmtNumber) }));
      }
      box.appendChild(el('table', { id: 'horizon-scores' }, [
        el('thead', {}, [head]), el('tbody', {}, [tr])]));
    }
    const ws = prefix + '/summary/weighted_score';
    if (has(ws)) {
      const w = data(ws);
      box.appendChild(el('p', { text: `score pondéré (weighted score): ` +
        `${fmtNumber(w[0])} (p05 ${fmtNumber(w[1])} ; p50 ${fmtNumber(w[2])} ; ` +
        `p95 ${fmtNumber(w[3])})` }));
    }
    g.appendChild(box);
  }

  /* The three ratio rules at each horizon: target, actual (median across
   * replicates) and gap (median, EUR/month). */
  const RULES = [
    ['« 4 tiers »', 'four_tiers_ratio', 1 / 3, 'four_tiers_gap_eur'],
    ['« tiers on top »', 'tiers_on_top_share', 1 / 3, 'tiers_on_top_gap_eur'],
    ['« 10+1% »: mutualisation (pooling)', 'pooled_share', 0.10, 'ten_plus_one_gap_eur'],
    ['« 10+1% »: pot commun (collective pot)', 'pot_share', 0.01, null]];
  function rulesTable(prefix) {
    const sp = prefix + '/summary/';
    if (!has(sp + 'four_tiers_ratio')) return;
    const stats = asList(data(sp + 'statistic'));
    const med = stats.indexOf('p50') >= 0 ? stats.indexOf('p50') : 0;
    const g = section('règles de ratio (ratio rules)',
      'Target, actual value (median across all the simulated futures, ' +
      'closed organisations included: see below the table) and gap ' +
      '(what the rule asks for minus what is done, median, EUR/month) at ' +
      'each horizon. Green: the rule is met in the median future.');
    const t = el('table', { id: 'rules' });
    const head = el('tr', {}, [el('th', { text: 'règle (rule)' }),
                               el('th', { text: 'cible (target)' })]);
    horizons.forEach((h, i) => head.appendChild(
      el('th', { text: horizonName(i) + ': réel / écart (actual / gap)' })));
    t.appendChild(el('thead', {}, [head]));
    const body = el('tbody');
    RULES.forEach(([name, v, target, gap]) => {
      if (!has(sp + v)) return;
      const tr = el('tr', {}, [el('th', { text: name }),
                               el('td', { text: pct(target) })]);
      horizons.forEach((h, i) => {
        const actual = row2(sp + v, i)[med];
        const gv = gap && has(sp + gap) ? row2(sp + gap, i)[med] : null;
        tr.appendChild(el('td', { class: actual >= target - 1e-12 ? 'ok' : 'miss',
          text: pct(actual) + (gv === null ? '' : ' / ' + fmt(gv, 'EUR/month')) }));
      });
      body.appendChild(tr);
    });
    /* The medians count the closed organisations: the share still
     * operating says how many of the futures those are. */
    const alive = sp + 'alive_share';
    if (has(alive)) {
      const tr = el('tr', { class: 'alive' }, [
        el('th', { text: 'en activité (still operating)' }), el('td')]);
      horizons.forEach((h, i) => tr.appendChild(
        el('td', { text: pct(data(alive)[i]) })));
      body.appendChild(tr);
    }
    t.appendChild(body);
    g.appendChild(el('div', { class: 'table-box' }, [t]));
    /* A closed organisation has no flows (models/org.c): its ratios and
     * gaps are 0, and the medians are taken over every replicate
     * (docs/output.md, /summary). */
    g.appendChild(el('p', { class: 'note', id: 'rules-closed', text:
      has('/projects/name')
        ? 'Closed projects count: in a portfolio the ratios come from the ' +
          'projects\' summed flows and the gaps are summed over the projects, ' +
          'a closed project adding nothing, and a portfolio whose projects ' +
          'have all closed enters the medians with a ratio of 0 and a gap of ' +
          '0 EUR/month (the last row: the share of projects still operating).'
        : 'Closed organisations count: once closed, an organisation has no ' +
          'flows, so it enters these medians with a ratio ' +
          'of 0 and a gap of 0 EUR/month (the last row: the share of the ' +
          'simulated futures in which it still operates). Where many have ' +
          'closed, a median ratio below its target beside a gap of 0 ' +
          'EUR/month reflects closures, not a rule met.' }));
  }

  /* ---- a territory ---- */
  const SECTORS = [
    ['public_action', 'action publique'], ['households', 'personnes'],
    ['firms', 'économie productive'], ['finance', 'économie financière'],
    ['knowledge', 'connaissance'], ['public_services', 'services publics'],
    ['engagement', 'engagement']];
  const FLOWS = [
    ['contribution', 'contribution'], ['redistribution', 'redistribution'],
    ['public_policies', 'politiques publiques'], ['endowment', 'dotation'],
    ['subsidies', 'subventions'], ['employment', 'emploi'],
    ['consumption', 'consommation'], ['use', 'usage'],
    ['financial_services', 'services financiers'],
    ['mobilisation', 'mobilisation'], ['investment', 'investissement'],
    ['residential', 'économie résidentielle'],
    ['deposits', 'épargne (Δ dépôts)'], ['loans', 'prêt (Δ prêts)']];
  /* The transactions-flow matrix at the last horizon, mean across the
   * simulated futures: a payment is negative in the payer's column and
   * positive in the payee's; rows and columns sum to zero. */
  function flowMatrix() {
    const sp = '/summary/';
    if (!has(sp + 'tfm_contribution_households')) return;
    const stats = asList(data(sp + 'statistic'));
    const mean = Math.max(0, stats.indexOf('mean'));
    const h = horizons.length - 1;
    const g = section('matrice des flux (transactions-flow matrix)',
      `Mean flows of the month at ${horizonName(h)}, EUR/month: a payment ` +
      'is negative in the payer\'s column and positive in the payee\'s; ' +
      'every row and every column sums to zero (stock-flow consistency).');
    const t = el('table', { id: 'flow-matrix' });
    const head = el('tr', {}, [el('th', { text: 'flux (flow)' })]);
    SECTORS.forEach(([, name]) => head.appendChild(el('th', { text: name })));
    t.appendChild(el('thead', {}, [head]));
    const body = el('tbody');
    FLOWS.forEach(([row, name]) => {
      const tr = el('tr', {}, [el('th', { text: name })]);
      SECTORS.forEach(([sec]) => {
        const v = sp + 'tfm_' + row + '_' + sec;
        const x = has(v) ? row2(v, h)[mean] : null;
        tr.appendChild(el('td', { class: x > 0 ? 'ok' : x < 0 ? 'miss' : '',
          'data-var': 'tfm_' + row + '_' + sec,
          text: x ? fmtEur(x) : '' }));
      });
      body.appendChild(tr);
    });
    t.appendChild(body);
    g.appendChild(el('div', { class: 'table-box' }, [t]));
  }
  function territoryReport() {
    const g = section('le territoire (territory)',
      'Seven socio-economic models linked by their flows; the territory ' +
      'runs twice on the same draws, with its alliances and without them.');
    const fan = (id, title, series, caption) => fanChart(g, id, title,
      series.map(([v, name], i) => ({ prefix: '', v, name,
                                      color: PALETTE[i] })),
      unitsOf('', series[0][0]), caption || FAN_CAPTION);
    fan('territory-prime', 'prime à l\'alliance: territoire et organisations ' +
        '(macro and micro premium)',
        [['territory_prime_eur', 'territoire (macro)'],
         ['engagement_prime_eur', 'dont l\'engagement'],
         ['micro_prime_sum_eur', 'somme des organisations (micro)']],
        FAN_CAPTION + ' The territory\'s premium is the value its seven ' +
        'sectors create minus the same territory\'s without alliances; the ' +
        'micro one sums each organisation against itself without alliances.');
    fan('territory-value', 'valeur créée (value created)',
        [['territory_value_eur', 'avec alliances (with)'],
         ['territory_value_without_alliances_eur', 'sans (without)']]);
    fan('territory-adoption', 'entreprises partenaires (firms partnering)',
        [['firms_partnering_share', 'part des entreprises (share)']]);
    fan('territory-links', 'alliances entreprises-organisations (links)',
        [['links_positioning', 'positionnement'],
         ['links_production', 'production / diffusion'],
         ['links_pooled_means', 'moyens']]);
    fan('territory-alive', 'organisations en activité (organisations alive)',
        [['organisations_alive', 'avec alliances (with)'],
         ['organisations_alive_without_alliances', 'sans (without)']]);
    flowMatrix();
  }

  /* The scenario's dated events, in the order they apply. */
  function eventsTable(prefix) {
    const p = prefix + '/events/';
    if (!has(p + 'month')) return;
    const g = section('événements datés (dated events)',
      'Changes of the scenario applied at the start of their month in every ' +
      'simulated future.');
    const t = el('table', { id: 'events' });
    t.appendChild(el('thead', {}, [el('tr', {}, ['mois (month)',
      'opération (operation)', 'paramètre (setting)', 'valeur (value)',
      'source'].map((h) => el('th', { text: h })))]));
    const body = el('tbody');
    const months = data(p + 'month'), ops = asList(data(p + 'operation'));
    const settings = asList(data(p + 'setting')), values = data(p + 'value');
    const units = asList(data(p + 'unit')), sources = asList(data(p + 'source'));
    months.forEach((m, i) => body.appendChild(el('tr', {}, [
      el('td', { text: String(m) }), el('td', { text: ops[i] }),
      el('td', { text: settings[i] }), el('td', { text: fmt(values[i], units[i]) }),
      el('td', { text: sources[i] || '' })])));
    t.appendChild(body);
    g.appendChild(el('div', { class: 'table-box' }, [t]));
  }

  /* What a treasurer asks, at each horizon, among the organisations still
   * alive then. */
  function treasuryTable(prefix) {
    const p = prefix + '/summary/treasury/';
    if (!has(p + 'live')) return;
    const g = section('trésorerie (what a treasurer asks)',
      'Among the organisations alive at each horizon: how many went below ' +
      'zero, and beyond the overdraft limit, by then; months of cash ahead ' +
      '(runway: cash over the month\'s costs); the first month below zero ' +
      'among those that went below it, « jamais (never) » where none had ' +
      'by then, n/a where none is alive.');
    const t = el('table', { id: 'treasury' });
    const head = el('tr', {}, [el('th', { text: '' })]);
    horizons.forEach((h, i) => head.appendChild(el('th', { text: horizonName(i) })));
    t.appendChild(el('thead', {}, [head]));
    const body = el('tbody');
    const stats = asList(data(prefix + '/summary/statistic'));
    const k = (name) => Math.max(0, stats.indexOf(name));
    const row = (label, cell) => {
      const tr = el('tr', {}, [el('th', { text: label })]);
      horizons.forEach((h, i) => tr.appendChild(el('td', { text: cell(i) })));
      body.appendChild(tr);
    };
    row('en activité (alive), réplications', (i) => fmtCount(data(p + 'live')[i]));
    row('passées sous zéro (went below 0)', (i) => pct(data(p + 'p_below_zero')[i]));
    row('au-delà du découvert (beyond the overdraft)',
        (i) => pct(data(p + 'p_beyond_overdraft')[i]));
    /* The median [p05 ; p95], in months to a tenth; the unit is written
     * once, after the median, when the row's name does not say it. */
    const quant = (name, units, gloss) => (i) => {
      const r = row2(p + name, i), med = r[k('p50')];
      if (missing(med)) return 'n/a';
      return glossed(`${fmtMonths(med)}${units ? ' ' + units : ''}`, med, gloss) +
        ' ' + interval(r[k('p05')], r[k('p95')], fmtMonths);
    };
    /* A live organisation without costs has an endless runway. */
    row('mois de trésorerie (runway), médiane [p05, p95]',
        quant('runway_months', 'months', 'sans fin, endless'));
    /* The first month below zero is asked of the live organisations that
     * went below zero by the horizon (at_risk of them; files written
     * before it have the share, p_below_zero): where there are none the
     * file's statistics are NaN, which means that none went below zero by
     * then, not that the figure is missing. */
    const live = data(p + 'live');
    const atRisk = data(p + 'at_risk') || data(p + 'p_below_zero');
    const first = quant('first_month_at_risk', '');
    row('premier mois sous zéro (first month below 0)', (i) =>
      (live[i] > 0 && atRisk && atRisk[i] === 0 &&
       missing(row2(p + 'first_month_at_risk', i)[k('p50')])
        ? 'jamais (never)' : first(i)));
    t.appendChild(body);
    g.appendChild(el('div', { class: 'table-box' }, [t]));
  }

  function runReport() {
    if (has('/bands/territory_prime_eur')) {
      territoryReport();
      return;
    }
    if (!has('/bands/cash_eur')) {
      root.appendChild(el('p', { class: 'miss', text:
        'This file has no monthly bands (/bands): it was written by an older ' +
        'alliance-sim. Run the scenario again to draw its trajectories.' }));
    }
    runTrajectories('', 'trajectoires (trajectories)');
    const g = section('survie et financements (survival and funding)', null);
    survivalChart(g, 'survival', [{ prefix: '', name: 'en activité (alive)' }]);
    fundingMix(g, '');
    horizonMatrix('');
    rulesTable('');
    treasuryTable('');
    eventsTable('');
  }

  /* ---- a comparison ---- */
  const ARMS = [
    { prefix: '', name: 'avec ingénierie (treatment)', color: PALETTE[0] },
    { prefix: '/control', name: 'sans (control)', color: PALETTE[1] }];
  /* The fund's metrics, as docs/model.md defines them (« Comparing with
   * and without the investment »): each one's name, how its numbers are
   * shown (share: in percent), its axis title for the file's unit (short:
   * the small charts' axes hold about 28 characters), and a
   * sentence that says what it means and how to read its interval. */
  const WHISKER = 'a whisker (the 90 % bootstrap interval over the replicates)';
  const METRICS = [
    { key: 'frugality', name: 'frugalité (frugality)',
      axis: () => 'ratio (control / treatment)',
      aid: 'Read: the control\'s costs per euro of value produced divided by ' +
        'the treatment\'s, both from month 1 to the horizon; above 1, the ' +
        'investment makes value cheaper to produce, and ' + WHISKER +
        ' wholly above 1 is a clear gain.' },
    { key: 'durability', name: 'durabilité (durability)',
      axis: () => 'ratio (control / treatment)',
      infinite: 'aucune fermeture avec, none closes with it',
      aid: 'Read: the share of organisations (or projects) closed by the ' +
        'horizon without the investment divided by the share closed with it; ' +
        'above 1, the investment keeps more of them open (when none closes ' +
        'with it and some close without, the ratio is infinite: a pale bar ' +
        'up to the top, with ∞; a whisker that reaches the top with ∞ has an ' +
        'infinite bound), and ' + WHISKER + ' wholly above 1 is a clear gain.' },
    { key: 'leverage', name: 'effet de levier (leverage)',
      axis: () => 'EUR / EUR investi (invested)',
      aid: 'Read: the euros of other funding and of valued engagement that ' +
        'each euro invested brings, from month 1 to the horizon (the ' +
        'treatment\'s funding net of the investment minus the control\'s, ' +
        'plus the difference in valued engagement, over the investment); ' +
        WHISKER + ' wholly above 0 is a clear effect.' },
    { key: 'value_leverage', name: 'valeur par euro investi (value per euro)',
      axis: () => 'EUR de valeur / EUR investi',
      aid: 'Read: the euros of value produced that each euro invested adds, ' +
        'from month 1 to the horizon (the treatment\'s value minus the ' +
        'control\'s, over the investment); ' + WHISKER + ' wholly above 0 ' +
        'is a clear effect.' },
    { key: 'prime_alliance_eur', name: 'prime à l\'alliance (alliance premium)',
      axis: (u) => `${u} / réplication (replicate)`,
      aid: 'Read: the treatment\'s « prime à l\'alliance », its value ' +
        'produced minus that of the same organisations with their alliances ' +
        'switched off on the same draws, summed from month 1 to the horizon, ' +
        'per replicate; the whisker is its 90 % bootstrap interval over the ' +
        'replicates.' },
    { key: 'prime_alliance_share', name: 'part de la prime (premium share)',
      share: true, axis: () => '% de la valeur (of value)',
      aid: 'Read: the « prime à l\'alliance » as a share of the treatment\'s ' +
        'value produced, both from month 1 to the horizon; the whisker is ' +
        'its 90 % bootstrap interval over the replicates.' },
    { key: 'survival_treatment', name: 'survie, avec (survival, treatment)',
      share: true, axis: () => '% en activité (alive)',
      aid: 'Read: the share of the treatment\'s organisations (or projects) ' +
        'still operating at the horizon; the whisker is its 90 % bootstrap ' +
        'interval over the replicates.' },
    { key: 'survival_control', name: 'survie, sans (survival, control)',
      share: true, axis: () => '% en activité (alive)',
      aid: 'Read: the share of the control\'s organisations (or projects) ' +
        'still operating at the horizon; the whisker is its 90 % bootstrap ' +
        'interval over the replicates.' }];
  const percentTick = numberFormat({ maximumFractionDigits: 1 });
  function compareReport() {
    const g = section('les deux bras (treatment and control)',
      'The same draws run with and without the investment in alliance ' +
      'engineering (common random numbers).');
    [['cash_eur', 'cash'], ['value_produced_eur', 'value'],
     ['funding_total_eur', 'funding'], ['workforce_fte', 'workforce']]
      .forEach(([v, id]) => fanChart(g, 'arms-' + id, labelOf('', v),
        ARMS.map((a) => Object.assign({ v }, a)), unitsOf('', v), FAN_CAPTION));
    survivalChart(g, 'arms-survival', ARMS);
    const m = section('indicateurs du fonds (fund metrics)',
      'Each metric at each horizon: the bar is the estimate and the whisker ' +
      'its 90 % bootstrap interval.');
    m.classList.add('small');
    METRICS.forEach(({ key, name, share, axis, aid, infinite: gloss }) => {
      const p = '/compare/' + key;
      if (!has(p)) return;
      const units = attr(p, 'units') || '1';
      const rows = horizons.map((h, i) => row2(p, i));
      const opts = baseOptions(name, 'horizon', axis(units));
      opts.plugins.legend.display = false;
      const shown = share ? pct : (x) => num(x, units);
      if (share) opts.scales.y.ticks = {
        callback: (v) => percentTick(100 * v) + NNBSP + '%' };
      opts.plugins.tooltip.callbacks.label = (c) => {
        const r = rows[c.dataIndex];
        return glossed(share ? pct(r[0]) : fmt(r[0], units), r[0], gloss) +
          ' ' + interval(r[1], r[2], shown);
      };
      chartFigure(m, 'metric-' + key, { type: 'bar', data: {
        labels: horizons.map((h, i) => horizonName(i)),
        datasets: [{ label: name, data: rows.map((r) => r[0]),
                     whiskers: rows.map((r) => [r[1], r[2]]),
                     backgroundColor: rgba(PALETTE[0], 0.55) }] },
        options: opts }, aid);
    });
    portfolioProjects();
    horizonMatrix('');
    rulesTable('');
  }

  /* For a portfolio: how its projects differ, one histogram per parameter
   * that varies across them (at most eight). */
  function portfolioProjects() {
    const p = '/projects/parameters';
    if (!has(p)) return;
    const paths = asList(attr(p, 'paths')), units = asList(attr(p, 'parameter_units'));
    const n = ds(p).shape[0], k = ds(p).shape[1];
    const varying = [];
    for (let j = 0; j < k && varying.length < 8; j++) {
      const c = col2(p, j);
      if (c.some((x) => x !== c[0])) varying.push(j);
    }
    if (!varying.length) return;
    const g = section(`les projets du portefeuille (the portfolio's ${n} projects)`,
      'How the projects differ: for each parameter that varies across them, ' +
      'the number of projects in each range of values.');
    g.classList.add('small');
    varying.forEach((j) => {
      const c = col2(p, j).filter(Number.isFinite);
      const lo = Math.min(...c), hi = Math.max(...c), bins = 10;
      const counts = new Array(bins).fill(0);
      c.forEach((x) => { counts[Math.min(bins - 1, Math.floor((x - lo) / (hi - lo) * bins))]++; });
      const labels = counts.map((_, b) => fmtNumber(lo + (b + 0.5) * (hi - lo) / bins));
      const opts = baseOptions(paths[j] || ('parameter ' + j),
        withUnit(paths[j] || '', units[j]), 'projets (projects)');
      opts.plugins.legend.display = false;
      opts.plugins.tooltip.callbacks.label = (c2) =>
        `${c2.parsed.y} projets (projects) autour de (around) ${labels[c2.dataIndex]}`;
      chartFigure(g, 'projects-' + j, { type: 'bar', data: { labels,
        datasets: [{ label: paths[j], data: counts,
                     backgroundColor: rgba(PALETTE[3], 0.6) }] }, options: opts },
        'Read: the height of each bar is the number of projects whose value ' +
        'falls in that range.');
    });
  }

  /* ---- a comparison of any two choices (compare --with) ---- */
  const WITH_VARS = ['cash_eur', 'funding_total_eur', 'cost_total_eur',
    'value_produced_eur', 'prime_alliance_eur', 'workforce_fte', 'alive'];
  function compareWithReport() {
    const settings = asList(data('/compare/with'));
    root.appendChild(el('p', { text: 'B = A avec (with) ' + settings.join(', ') }));
    const arms = [
      { prefix: '', name: 'A: le scénario (as written)', color: PALETTE[0] },
      { prefix: '/with', name: 'B: ' + settings.join(', '), color: PALETTE[1] }];
    const g = section('les deux choix (the two choices)',
      'The same draws run with the scenario as written (A) and with the ' +
      'settings of B (common random numbers).');
    [['cash_eur', 'cash'], ['value_produced_eur', 'value'],
     ['funding_total_eur', 'funding'], ['workforce_fte', 'workforce']]
      .forEach(([v, id]) => fanChart(g, 'with-' + id, labelOf('', v),
        arms.map((a) => Object.assign({ v }, a)), unitsOf('', v), FAN_CAPTION));
    survivalChart(g, 'with-survival', arms);
    const names = asList(data('/compare/variable'));
    const units = asList(data('/compare/variable_unit'));
    const d = ds('/compare/difference');
    const m = section('différences B − A (differences B − A)',
      'At each horizon, the mean over the simulated futures of B minus A, ' +
      'paired by future; the whisker is its 90 % bootstrap interval. A bar ' +
      'whose whisker crosses zero is no clear effect.');
    m.classList.add('small');
    const nh = d.shape[1];
    WITH_VARS.forEach((v) => {
      const i = names.indexOf(v);
      if (i < 0) return;
      const rows = [];
      for (let h = 0; h < nh; h++) rows.push(d.data.slice((i * nh + h) * 3, (i * nh + h) * 3 + 3));
      const u = units[i] || '1';
      const opts = baseOptions(labelOf('', v), 'horizon', unitLabel(u, v));
      opts.plugins.legend.display = false;
      opts.plugins.tooltip.callbacks.label = (c) => {
        const r = rows[c.dataIndex];
        return `B − A: ${fmt(r[0], u)} ` + interval(r[1], r[2], (x) => num(x, u));
      };
      chartFigure(m, 'difference-' + v, { type: 'bar', data: {
        labels: horizons.map((h, k) => horizonName(k)),
        datasets: [{ label: 'B − A', data: rows.map((r) => r[0]),
                     whiskers: rows.map((r) => [r[1], r[2]]),
                     backgroundColor: rgba(PALETTE[2], 0.55) }] },
        options: opts }, 'Read: above zero, B gives more than A at that horizon.');
    });
    treasuryTable('');
    eventsTable('');
  }

  /* ---- a sweep ---- */
  function sweepMeta() {
    const params = asList(data('/parameter'));
    /* Each parameter's unit: /parameter_unit, or the attribute of files
     * written before it. */
    const units = asList(data('/parameter_unit') || attr('/parameter', 'units'));
    const outputs = asList(data('/output'));
    const hz = asList(data('/horizon'));
    return { params, units, outputs, hz };
  }
  function sweepNote(p) {
    const d = ds(p);
    if (d && d.stride) root.appendChild(el('p', { class: 'note', text:
      `The design has ${d.rows} rows: the charts show every ${d.stride}th.` }));
  }
  function sweepReport() {
    const { params, units, outputs, hz } = sweepMeta();
    if (!has('/design/values') || !has('/outputs')) return;
    sweepNote('/design/values');
    const vals = ds('/design/values'), outs = ds('/outputs');
    const n = vals.shape[0], k = vals.shape[1];
    const no = outs.shape[1], nh = outs.shape[2];
    const outAt = (i, o, h) => outs.data[(i * no + o) * nh + h];
    for (let h = 0; h < nh; h++) {
      const g = section(`chaque sortie selon chaque paramètre (each output ` +
        `against each parameter), horizon ${hz[h]} mois (months)`,
        'Each point is one row of the design.');
      g.classList.add('small');
      for (let o = 0; o < no; o++) for (let j = 0; j < k; j++) {
        const pts = [];
        for (let i = 0; i < n; i++) pts.push({ x: vals.data[i * k + j], y: outAt(i, o, h) });
        const opts = baseOptions(`${outputs[o]} / ${params[j]}`,
          withUnit(params[j], units[j]), outputs[o]);
        opts.interaction = { mode: 'nearest', intersect: true };
        opts.plugins.legend.display = false;
        opts.scales.x.type = 'linear';
        opts.plugins.tooltip.callbacks.label = (c) =>
          `${outputs[o]}: ${fmtNumber(yOf(c))} (${params[j]} = ` +
          `${fmt(xOf(c), units[j])})`;
        chartFigure(g, `scatter-${h}-${o}-${j}`, { type: 'scatter', data: {
          datasets: [{ label: outputs[o], data: pts, pointRadius: 2,
                       backgroundColor: rgba(PALETTE[o % 8], 0.55) }] },
          options: opts }, 'Read: how the output moves with this parameter ' +
          'when all the others vary too.');
      }
    }
    parallelCoordinates(vals, outs, params, outputs, hz);
  }
  function parallelCoordinates(vals, outs, params, outputs, hz) {
    const n = vals.shape[0], k = vals.shape[1], no = outs.shape[1], nh = outs.shape[2];
    const axes = params.concat(outputs.map((o) => `${o} @${hz[0]}`));
    const cols = [];
    for (let j = 0; j < k; j++) cols.push((i) => vals.data[i * k + j]);
    for (let o = 0; o < no; o++) cols.push((i) => outs.data[(i * no + o) * nh]);
    const lo = cols.map(() => Infinity), hi = cols.map(() => -Infinity);
    for (let i = 0; i < n; i++) cols.forEach((f, c) => {
      const x = f(i); if (Number.isFinite(x)) { lo[c] = Math.min(lo[c], x); hi[c] = Math.max(hi[c], x); } });
    const shown = Math.min(n, 300), step = n / shown;
    const last = cols.length - 1;
    const datasets = [];
    for (let s = 0; s < shown; s++) {
      const i = Math.floor(s * step);
      const y = cols[last](i), t = hi[last] > lo[last] ? (y - lo[last]) / (hi[last] - lo[last]) : 0.5;
      datasets.push({ label: 'row ' + i, data: cols.map((f, c) =>
          hi[c] > lo[c] ? (f(i) - lo[c]) / (hi[c] - lo[c]) : 0.5),
        raw: cols.map((f) => f(i)),
        borderColor: `rgba(${Math.round(40 + 200 * t)},80,${Math.round(220 - 180 * t)},0.35)`,
        borderWidth: 1, pointRadius: 0, fill: false });
    }
    const g = section('coordonnées parallèles (parallel coordinates)',
      'Each line is one row of the design, each axis scaled from its minimum ' +
      '(0) to its maximum (1); the colour follows the last output (red: high).');
    const opts = baseOptions('coordonnées parallèles (parallel coordinates)',
      'paramètres puis sorties (parameters, then outputs)', 'position (0 = min, 1 = max)');
    opts.plugins.legend.display = false;
    opts.interaction = { mode: 'nearest', intersect: false };
    opts.plugins.tooltip.callbacks.label = (c) =>
      `${c.dataset.label}: ${fmtNumber(c.dataset.raw[c.dataIndex])}`;
    chartFigure(g, 'parallel', { type: 'line', data: { labels: axes, datasets },
      options: opts }, `Read: lines that cross to the top of the last axis ` +
      `show which parameter values give high outputs (${shown} of ${n} rows shown).`);
  }

  /* ---- a sensitivity analysis ---- */
  function sobolReport() {
    const { params, outputs, hz } = sweepMeta();
    const S1 = ds('/sobol/S1'), ST = ds('/sobol/ST');
    const k = params.length, nh = hz.length;
    const at = (p, o, h) => { const d = data(p); const b = (o * nh + h) * k;
      return d ? d.slice(b, b + k) : null; };
    /* The file says how its intervals were computed (docs/sweeps.md). */
    const level = attr('/sobol/S1_low', 'confidence');
    const method = attr('/sobol/S1_low', 'intervals');
    const resamples = attr('/sobol/S1_low', 'bootstrap_resamples');
    const whiskers = level === null ? 'Whiskers: confidence intervals.'
      : `Whiskers: ${pct(level)} confidence intervals` +
        (method === 'bootstrap' ? ` (bootstrap, ${resamples} resamples of the rows).`
          : method === 'asymptotic' ? ' (asymptotic: the estimate ± z standard errors, ' +
            'delta method).' : '.');
    const g = section('indices de Sobol (Sobol indices)',
      'S1: the share of the output\'s variance due to the parameter alone; ' +
      'ST: with all its interactions. ' + whiskers);
    for (let o = 0; o < S1.shape[0]; o++) for (let h = 0; h < nh; h++) {
      const s1 = at('/sobol/S1', o, h), st = at('/sobol/ST', o, h);
      const l1 = at('/sobol/S1_low', o, h), h1 = at('/sobol/S1_high', o, h);
      const lt = at('/sobol/ST_low', o, h), ht = at('/sobol/ST_high', o, h);
      const opts = baseOptions(`${outputs[o]}, horizon ${hz[h]} mois (months)`,
                               'paramètre (parameter)', 'indice, de 0 à 1 (index, 0 to 1)');
      opts.scales.y.suggestedMin = 0; opts.scales.y.suggestedMax = 1;
      opts.plugins.tooltip.callbacks.label = (c) => {
        const lo = c.datasetIndex === 0 ? l1 : lt, hi = c.datasetIndex === 0 ? h1 : ht;
        return `${c.dataset.label}: ${fmtNumber(yOf(c))} ` +
               interval(lo && lo[c.dataIndex], hi && hi[c.dataIndex], fmtNumber);
      };
      chartFigure(g, `sobol-${o}-${h}`, { type: 'bar', data: { labels: params,
        datasets: [
          { label: 'S1 (premier ordre, first order)', data: s1,
            whiskers: l1 && h1 ? s1.map((x, j) => [l1[j], h1[j]]) : null,
            backgroundColor: rgba(PALETTE[0], 0.7) },
          { label: 'ST (total)', data: st,
            whiskers: lt && ht ? st.map((x, j) => [lt[j], ht[j]]) : null,
            backgroundColor: rgba(PALETTE[1], 0.7) }] }, options: opts },
        'Read: a parameter with a small ST can be fixed anywhere in its range ' +
        'without changing this output.');
    }
  }
  function morrisReport() {
    const { params, outputs, hz } = sweepMeta();
    const k = params.length, nh = hz.length, MU = ds('/morris/mu_star');
    const g = section('criblage de Morris (Morris screening)',
      'mu*: the mean absolute effect of moving the parameter; sigma: how much ' +
      'that effect changes with the other parameters (interactions, ' +
      'non-linearity).');
    for (let o = 0; o < MU.shape[0]; o++) for (let h = 0; h < nh; h++) {
      const b = (o * nh + h) * k;
      const mu = data('/morris/mu_star').slice(b, b + k);
      const sg = data('/morris/sigma').slice(b, b + k);
      const datasets = params.map((p, j) => ({ label: p,
        data: [{ x: mu[j], y: sg[j] }], pointRadius: 5,
        backgroundColor: PALETTE[j % 8] }));
      const opts = baseOptions(`${outputs[o]}, horizon ${hz[h]} mois (months)`,
                               'mu* (effet moyen absolu, mean |effect|)',
                               'sigma (écart type, std. dev. of effects)');
      opts.interaction = { mode: 'nearest', intersect: true };
      opts.scales.x.type = 'linear'; opts.scales.x.min = 0; opts.scales.y.min = 0;
      opts.plugins.tooltip.callbacks.label = (c) =>
        `${c.dataset.label}: mu* ${fmtNumber(xOf(c))} ; sigma ${fmtNumber(yOf(c))}`;
      chartFigure(g, `morris-${o}-${h}`, { type: 'scatter', data: { datasets },
        options: opts }, 'Read: parameters far from the origin matter; those ' +
        'near it can be fixed.');
    }
  }

  /* ---- calibration ensembles (docs/calibration.md, « The ensemble ») ---- */
  /* A table of text cells, the first of each row a heading. */
  function textTable(id, head, rows) {
    const t = el('table', { id });
    t.appendChild(el('thead', {}, [el('tr', {},
      head.map((h) => el('th', { text: h })))]));
    t.appendChild(el('tbody', {}, rows.map((r) => el('tr', {},
      r.map((c, j) => el(j ? 'td' : 'th', { text: c }))))));
    return el('div', { class: 'table-box wide' }, [t]);
  }
  /* The fits of calibrate --ensemble under group (/fits: those that meet
   * the targets, best first; /starts: every start, in start order). */
  function fitsTable(group, id, all) {
    const p = group + '/';
    const params = asList(data(p + 'parameter'));
    const punits = asList(data(p + 'parameter_unit'));
    const metrics = asList(data(p + 'metric'));
    const munits = asList(data(p + 'metric_unit'));
    const values = ds(p + 'values'), achieved = ds(p + 'achieved');
    const n = values.shape[0], lo = data(p + 'min'), hi = data(p + 'max');
    const head = ['ajustement (fit)', 'départ (start)', 'objectif (objective)']
      .concat(all ? ['cibles atteintes (targets met)'] : [])
      .concat(params.map((x, j) => withUnit(x, punits[j])))
      .concat(metrics.map((m, j) => `${metricName(m)}, atteint (achieved)` +
        (munits[j] && munits[j] !== '1' ? ` (${munits[j]})` : '')));
    const pad = all ? 4 : 3, blank = new Array(pad - 1).fill('');
    const rows = [['bornes (bounds)'].concat(blank,
      params.map((x, j) => interval(lo[j], hi[j], (v) => num(v, punits[j]))))];
    if (!all && n > 0) {
      /* How far apart the fits are, as a share of the bounds: a setting
       * the targets fix barely moves. */
      rows.push(['étendue (spread, share of the bounds)']
        .concat(blank, params.map((x, j) => {
          const c = col2(p + 'values', j);
          return hi[j] > lo[j]
            ? pct((Math.max(...c) - Math.min(...c)) / (hi[j] - lo[j])) : 'n/a';
        })));
    }
    for (let f = 0; f < n; f++) {
      rows.push([String(f + 1), fmtCount(data(p + 'start')[f]),
                 fmtNumber(data(p + 'objective')[f])]
        .concat(all ? [data(p + 'met')[f] ? 'oui (yes)' : 'non (no)'] : [])
        .concat(row2(p + 'values', f).map((x, j) => num(x, punits[j])))
        .concat(achieved.shape[1] ? row2(p + 'achieved', f)
          .map((x, j) => num(x, munits[j])) : []));
    }
    return textTable(id, head, rows);
  }
  /* A compare metric's name ("frugalité (frugality)"), or its key. */
  function metricName(key) {
    const m = ENSEMBLE_METRICS.find((x) => x.key === key);
    return m ? m.name : key;
  }
  function calibrationReport() {
    const h = rootAttr('horizon');
    const g = section('les ajustements qui atteignent les cibles (the fits ' +
      'that meet the targets)', 'Each row is a fit that meets every target ' +
      'within its tolerance, best (lowest objective: the sum of weighted ' +
      'squared relative residuals) first: the start it came from, the value ' +
      'of each setting, and each target metric' +
      (h === null ? '' : ` at ${durationText(h)}`) + '. The spread is each ' +
      'setting\'s range across these fits as a share of its bounds: a ' +
      'setting the targets fix barely moves, one they leave free spreads ' +
      '(a lower bound on what they leave open, not a confidence interval).');
    g.appendChild(fitsTable('/fits', 'fits', false));
    if (has('/starts/values')) {
      const s2 = section('tous les départs (every start)', 'Every start of the ' +
        'simplex, in start order, whether or not it met the targets.');
      s2.appendChild(fitsTable('/starts', 'starts', true));
    }
  }
  /* compare --ensemble: each metric at each horizon, the best fit's and
   * across the fits. */
  const ENSEMBLE_METRICS = METRICS.concat([
    { key: 'invested_eur', name: 'investi (invested)' }]);
  function ensembleCompareReport() {
    const hz = asList(data('/ensemble/horizon'));
    const g = section('les indicateurs sur l\'ensemble (the metrics over the ' +
      'calibration ensemble)', 'At each horizon, each metric of the ' +
      'comparison with and without the investment: the best fit\'s estimate ' +
      'with its 90 % bootstrap interval over the replicates (the Monte ' +
      'Carlo noise), beside the minimum, median and maximum of the fits\' ' +
      'estimates (the parameters\' uncertainty: the range of what the ' +
      'targets allow, not a probability).');
    hz.forEach((m, h) => {
      const rows = [];
      ENSEMBLE_METRICS.forEach(({ key, name, share, infinite: gloss }) => {
        const p = '/ensemble/' + key;
        if (!has(p) || !has(p + '_mc')) return;
        const u = attr(p, 'units') || '1';
        /* The unit once, after the best fit's estimate. */
        const f = share ? pct : (x) => num(x, u);
        const best = share ? pct : (x) => fmt(x, u);
        const mc = row2(p + '_mc', h), fits = col2(p, h);
        /* The median as the command prints it: the mean of the middle two
         * of an even count. */
        const sorted = fits.slice().sort((a, b) => a - b), k = sorted.length;
        const spread = fits.some(missing) || !k ? ['n/a', 'n/a', 'n/a']
          : [sorted[0], k % 2 ? sorted[(k - 1) / 2]
            : 0.5 * (sorted[k / 2 - 1] + sorted[k / 2]), sorted[k - 1]].map(f);
        rows.push([name, glossed(best(mc[0]), mc[0], gloss),
                   interval(mc[1], mc[2], f)].concat(spread));
      });
      g.appendChild(el('h3', { text: `horizon ${durationText(m)}` }));
      g.appendChild(textTable('ensemble-' + h, ['indicateur (metric)',
        'meilleur ajustement (best fit)', 'intervalle à 90 % (Monte Carlo)',
        'min (fits)', 'médiane (median of the fits)', 'max (fits)'], rows));
    });
    if (has('/ensemble/values')) {
      const params = asList(data('/ensemble/parameter'));
      const units = asList(data('/ensemble/parameter_unit'));
      const v = ds('/ensemble/values');
      const rows = [];
      for (let f = 0; f < v.shape[0]; f++)
        rows.push([String(f + 1)].concat(row2('/ensemble/values', f)
          .map((x, j) => num(x, units[j]))));
      section('les ajustements (the fits run)', 'The settings of each fit, ' +
        'best first.').appendChild(textTable('ensemble-fits',
        ['ajustement (fit)'].concat(params.map((x, j) => withUnit(x, units[j]))),
        rows));
    }
  }

  /* ---- which kind of file ---- */
  let kind;
  if (rootAttr('kind') === 'sensitivity') kind = 'sensitivity';
  else if (rootAttr('kind') === 'sweep') kind = 'sweep';
  else if (has('/compare/difference')) kind = 'compare-with';
  else if (has('/compare/frugality') || has('/compare/durability')) kind = 'compare';
  else if (has('/summary/horizon')) kind = 'run';
  else if (has('/fits/values')) kind = 'calibration-ensemble';
  else if (has('/ensemble/fit')) kind = 'compare-ensemble';
  else kind = 'unknown';
  const KIND_NAMES = { run: 'simulation (run)', compare: 'comparaison (compare)',
    'compare-with': 'comparaison de deux choix (compare --with)',
    sweep: 'balayage (sweep)', sensitivity: 'sensibilité (sensitivity)',
    'calibration-ensemble': 'ensemble de calibration (calibrate --ensemble)',
    'compare-ensemble': 'comparaison sur un ensemble de calibration ' +
      '(compare --ensemble)',
    unknown: 'inconnu (unknown)' };
  header(KIND_NAMES[kind]);
  if (kind === 'run') runReport();
  else if (kind === 'compare') compareReport();
  else if (kind === 'compare-with') compareWithReport();
  else if (kind === 'sweep') sweepReport();
  else if (kind === 'sensitivity') {
    if (has('/sobol/S1')) sobolReport();
    if (has('/morris/mu_star')) morrisReport();
    sweepReport();
  } else if (kind === 'calibration-ensemble') calibrationReport();
  else if (kind === 'compare-ensemble') ensembleCompareReport();
  else root.appendChild(el('p', { class: 'miss', text:
    'This HDF5 file was not written by alliance-sim run, compare, sweep, ' +
    'sensitivity, calibrate --ensemble or compare --ensemble: there is ' +
    'nothing to draw.' }));
  window.allianceReport.kind = kind;
  window.allianceReport.ready = true;
})();
