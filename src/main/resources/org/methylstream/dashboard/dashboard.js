// The dashboard and the report: one page. A report carries its snapshot in #snapshot and is drawn once; the live
// page asks api/snapshot every REFRESH_MS and redraws in place (plots keep their zoom).
(function () {
  'use strict';
  var REFRESH_MS = 1500;
  var state = { updates: 0, plots: {}, snapshot: null, zoom: {} };
  window.methylstream = state;

  var number = new Intl.NumberFormat('en-US');
  function count(n) { return n === null || n === undefined ? '–' : number.format(n); }
  function percent(x) { return (100 * x).toFixed(2) + ' %'; }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function cell(field, text) { return el('td', { 'data-field': field }, text); }

  function renderPairs(selector, pairs, attribute) {
    var body = document.querySelector(selector + ' tbody');
    body.replaceChildren();
    Object.keys(pairs).forEach(function (name) {
      var row = el('tr');
      row.appendChild(el('td', {}, name));
      var attrs = {};
      attrs[attribute] = name;
      row.appendChild(el('td', attrs, pairs[name]));
      body.appendChild(row);
    });
  }

  function renderSamples(snap) {
    var body = document.querySelector('#samples tbody');
    body.replaceChildren();
    var anyFdr = false;
    snap.samples.forEach(function (s) {
      var row = el('tr', { 'data-sample': s.sample });
      row.appendChild(cell('sample', s.sample));
      row.appendChild(cell('sitesRead', count(s.sitesRead)));
      row.appendChild(cell('sitesTotal', s.sitesTotal === null ? '–' : count(s.sitesTotal)));
      var progress = cell('progress');
      if (s.sitesTotal) {
        var bar = el('span', { 'class': 'bar' });
        var fill = el('span');
        fill.style.width = Math.min(100, 100 * s.sitesRead / s.sitesTotal) + '%';
        bar.appendChild(fill);
        progress.appendChild(bar);
        progress.appendChild(document.createTextNode(' ' + (100 * s.sitesRead / s.sitesTotal).toFixed(1) + ' %'));
      }
      if (s.ended) progress.appendChild(el('span', { 'class': 'ended' }, ' ended'));
      row.appendChild(progress);
      row.appendChild(cell('sitesPerSecond', count(Math.round(s.sitesPerSecond))));
      row.appendChild(cell('tested', count(s.tested)));
      row.appendChild(cell('testedShare', percent(s.testedShare)));
      row.appendChild(cell('significant', count(s.significant)));
      row.appendChild(cell('significantShare', percent(s.significantShare)));
      row.appendChild(cell('errorRate', String(s.errorRate)));
      row.appendChild(cell('meanCoverage', s.meanCoverage.toFixed(2)));
      row.appendChild(cell('deadLettered', count(s.deadLettered)));
      row.appendChild(cell('fdrDiscoveries', s.fdr ? count(s.fdr.discoveries) : '–'));
      anyFdr = anyFdr || !!s.fdr;
      body.appendChild(row);
    });
    var fdrBody = document.querySelector('#fdr tbody');
    fdrBody.replaceChildren();
    snap.samples.filter(function (s) { return s.fdr; }).forEach(function (s) {
      var row = el('tr', { 'data-sample': s.sample });
      row.appendChild(cell('sample', s.sample));
      row.appendChild(cell('procedure', s.fdr.procedure));
      row.appendChild(cell('level', String(s.fdr.level)));
      row.appendChild(cell('tests', count(s.fdr.tests)));
      row.appendChild(cell('discoveries', count(s.fdr.discoveries)));
      fdrBody.appendChild(row);
    });
    document.getElementById('fdr-results').hidden = !anyFdr;
  }

  function width(container) { return Math.max(320, Math.min(1400, container.clientWidth || 900)); }

  function histogram(title, labels, color) {
    return {
      title: title, width: 420, height: 220,
      scales: { x: { time: false, range: function (u, min, max) { return [-0.5, labels.length - 0.5]; } } },
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      series: [{}, { label: 'sites', stroke: color, fill: color + '99', width: 1,
        paths: uPlot.paths.bars({ size: [0.9, 40] }), points: { show: false } }],
      axes: [{ space: 30, incrs: [1, 2, 5, 10, 20], rotate: -45, size: 60,
        values: function (u, splits) { return splits.map(function (i) { return labels[i] === undefined ? '' : labels[i]; }); } },
        { size: 60, values: function (u, splits) { return splits.map(function (v) { return number.format(v); }); } }]
    };
  }

  // The genome bins in the snapshot's order (karyotype), as x = 0..n-1; chromosome spans for ticks and zoom.
  function genomeData(sample) {
    var spans = [], xs = [], significant = [], odd = [], even = [];
    sample.bins.forEach(function (b, i) {
      var last = spans[spans.length - 1];
      if (!last || last.chromosome !== b.chromosome) spans.push(last = { chromosome: b.chromosome, from: i, to: i });
      last.to = i;
      xs.push(i);
      significant.push(b.significant);
      var strongest = b.tested > 0 ? b.maxMinusLog10P : null;
      odd.push(spans.length % 2 === 1 ? strongest : null);
      even.push(spans.length % 2 === 0 ? strongest : null);
    });
    return { spans: spans, data: [xs, significant, odd, even] };
  }

  function genomeOptions(sample, genome, w) {
    function spanOf(i) {
      return genome.current.spans.find(function (s) { return i >= s.from && i <= s.to; });
    }
    return {
      title: 'Significance along the genome (' + (state.snapshot.binSize / 1e6) + ' Mb bins)', width: w, height: 280,
      scales: { x: { time: false }, count: { auto: true }, mlp: { distr: 3, log: 10 } },
      cursor: { drag: { x: true, y: false } },
      series: [
        { label: 'bin', value: function (u, i) {
            if (i === null || !sample.current.bins[i]) return '';
            var b = sample.current.bins[i];
            return b.chromosome + (b.start ? ':' + count(b.start) + '-' + count(b.end) : ''); } },
        { label: 'significant sites', scale: 'count', stroke: '#f4a261', fill: '#f4a26155', width: 1,
          paths: uPlot.paths.bars({ size: [1, 8] }), points: { show: false } },
        { label: 'max -log10 p (odd chromosomes)', scale: 'mlp', stroke: '#1d3557', paths: function () { return null; },
          points: { show: true, size: 5, fill: '#1d3557' } },
        { label: 'max -log10 p (even chromosomes)', scale: 'mlp', stroke: '#457b9d', paths: function () { return null; },
          points: { show: true, size: 5, fill: '#457b9d' } }
      ],
      axes: [
        { size: 40, splits: function (u, axis, min, max) {
            var inView = genome.current.spans.filter(function (s) { return s.to >= min && s.from <= max; });
            if (inView.length > 1) return inView.map(function (s) { return (s.from + s.to) / 2; });
            var step = Math.max(1, Math.ceil((max - min) / 10)), ticks = [];
            for (var i = Math.ceil(min); i <= max; i += step) ticks.push(i);
            return ticks; },
          values: function (u, splits) {
            var inView = genome.current.spans.filter(function (s) { return s.to >= u.scales.x.min && s.from <= u.scales.x.max; });
            return splits.map(function (i) {
              var span = spanOf(Math.round(i));
              if (!span) return '';
              if (inView.length > 1) return span.chromosome;
              var b = sample.current.bins[Math.round(i)];
              return b && b.start ? span.chromosome + ':' + Math.round(b.start / 1e6) + ' Mb' : span.chromosome; }); } },
        { scale: 'count', label: 'significant sites', size: 60 },
        { scale: 'mlp', side: 1, label: 'max -log10 p (log scale)', grid: { show: false }, size: 60 }
      ]
    };
  }

  function zoomTo(plots, chromosome) {
    state.zoom[plots.sample] = chromosome;
    var span = plots.genome.current.spans.find(function (s) { return s.chromosome === chromosome; });
    if (span) plots.genome.plot.setScale('x', { min: span.from - 0.5, max: span.to + 0.5 });
    else plots.genome.plot.setScale('x', { min: -0.5, max: Math.max(0.5, plots.genome.current.data[0].length - 0.5) });
  }

  function renderCards(snap) {
    var cards = document.getElementById('cards');
    snap.samples.forEach(function (s) {
      var plots = state.plots[s.sample];
      var genome = genomeData(s);
      if (!plots) {
        var card = el('div', { 'class': 'card', 'data-sample': s.sample });
        card.appendChild(el('h3', {}, s.sample));
        var hist = el('div', { 'class': 'histograms' });
        var pBox = el('div', { 'class': 'p-values' }), cBox = el('div', { 'class': 'coverage' });
        hist.appendChild(pBox); hist.appendChild(cBox); card.appendChild(hist);
        var controls = el('div', { 'class': 'genome-controls' });
        controls.appendChild(el('label', {}, 'Zoom to '));
        var select = el('select', { 'class': 'chromosome' });
        controls.appendChild(select);
        controls.appendChild(el('span', {}, ' (or drag across the plot; double-click to zoom out)'));
        card.appendChild(controls);
        var gBox = el('div', { 'class': 'genome' });
        card.appendChild(gBox);
        cards.appendChild(card);
        plots = state.plots[s.sample] = { sample: s.sample, current: s, select: select, genome: { current: genome } };
        plots.pValues = new uPlot(histogram('p-values of tested sites', snap.pValueBins, '#457b9d'),
          [snap.pValueBins.map(function (l, i) { return i; }), s.pValueHistogram], pBox);
        plots.coverage = new uPlot(histogram('Coverage of valid sites', snap.coverageBins, '#2a9d8f'),
          [snap.coverageBins.map(function (l, i) { return i; }), s.coverageHistogram], cBox);
        plots.genome.plot = new uPlot(genomeOptions(plots, plots.genome, width(cards)), genome.data, gBox);
        select.addEventListener('change', function () { zoomTo(plots, select.value); });
      } else {
        plots.current = s;
        plots.genome.current = genome;
        plots.pValues.setData([snap.pValueBins.map(function (l, i) { return i; }), s.pValueHistogram]);
        plots.coverage.setData([snap.coverageBins.map(function (l, i) { return i; }), s.coverageHistogram]);
        plots.genome.plot.setData(genome.data, !state.zoom[s.sample]);
        if (state.zoom[s.sample]) zoomTo(plots, state.zoom[s.sample]);
      }
      var names = [''].concat(genome.spans.map(function (sp) { return sp.chromosome; }));
      if (plots.select.options.length !== names.length) {
        var chosen = plots.select.value;
        plots.select.replaceChildren();
        names.forEach(function (n) { plots.select.appendChild(el('option', { value: n }, n === '' ? 'whole genome' : n)); });
        plots.select.value = chosen;
      }
    });
  }

  function render(snap) {
    state.snapshot = snap;
    document.getElementById('source').textContent = snap.source + (snap.live ? ' (live)' : ' report');
    var taken = new Date(snap.takenAt).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
    document.getElementById('status').textContent = (snap.live ? 'updated ' : 'finished ') + taken
      + (snap.consumerLag === null || snap.consumerLag < 0 ? '' : ' · consumer lag ' + count(snap.consumerLag) + ' records')
      + (snap.problem ? ' · not newer because: ' + snap.problem : '');
    renderPairs('#parameters', snap.parameters, 'data-parameter');
    renderPairs('#totals', snap.totals, 'data-total');
    document.getElementById('totals-section').hidden = Object.keys(snap.totals).length === 0;
    renderSamples(snap);
    renderCards(snap);
    state.updates++;
  }

  var embedded = document.getElementById('snapshot');
  if (embedded) {
    render(JSON.parse(embedded.textContent));
    return;
  }
  function poll() {
    fetch('api/snapshot', { cache: 'no-store' })
      .then(function (r) { if (!r.ok) throw new Error(r.status + ' ' + r.statusText); return r.json(); })
      .then(render)
      .catch(function (e) { document.getElementById('status').textContent = 'no answer from the process: ' + e.message; })
      .finally(function () { setTimeout(poll, REFRESH_MS); });
  }
  poll();
})();
