// govgrid report: draws the charts of the embedded data blob with vega-embed (inlined above).
// Sets <html data-charts-ready="true"> when every chart has rendered or failed, and
// data-chart-errors="N" when N charts failed (tests and print-to-PDF wait for it).
(function () {
  'use strict';
  var root = document.documentElement;
  var blob = JSON.parse(document.getElementById('govgrid-data').textContent);
  var failed = 0;
  var jobs = blob.charts.map(function (chart) {
    var box = document.querySelector('[data-chart="' + chart.id + '"]');
    var spec = Object.assign({}, chart.spec, { datasets: {} });
    chart.datasets.forEach(function (name) { spec.datasets[name] = blob.datasets[name]; });
    return vegaEmbed(box, spec, { renderer: 'svg', actions: false }).then(function () {
      box.setAttribute('data-rendered', 'true');
    }, function (err) {
      failed += 1;
      box.classList.add('chart-error');
      box.textContent = blob.strings.chart_failed + ': ' + (err && err.message ? err.message : String(err));
      console.error('govgrid report: chart "' + chart.id + '" failed', err);
    });
  });
  Promise.all(jobs).then(function () {
    if (failed) root.setAttribute('data-chart-errors', String(failed));
    root.setAttribute('data-charts-ready', 'true');
  });
})();
