// Draws the report's charts with uPlot (vendored above) from the data the tool embedded: one block per scenario.
(function () {
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
  function chart(target, title, unit, xs, series) {
    if (series.length === 0) return;
    const el = document.createElement('div');
    el.className = 'chart';
    target.appendChild(el);
    const width = Math.min(960, target.clientWidth || 960);
    new uPlot({
      title: title, width: width, height: 260,
      scales: { x: { time: false } },
      axes: [{ label: 'second of the run' }, { label: unit, size: 70 }],
      series: [{ label: 's' }].concat(series.map((s, i) => ({ label: s.label, stroke: palette[i % palette.length], width: 1.5, spanGaps: false }))),
    }, [xs].concat(series.map(s => s.values)), el);
  }
  data.scenarios.forEach(function (scenario, index) {
    const target = document.getElementById('charts-' + index);
    const xs = scenario.seconds;
    scenario.steps.forEach(function (step) {
      chart(target, step.name + ': latency', 'ms', xs, [
        { label: 'p50', values: step.p50 }, { label: 'p90', values: step.p90 }, { label: 'p99', values: step.p99 },
        { label: 'p99.9', values: step.p999 }, { label: 'max', values: step.max }]);
    });
    chart(target, 'Throughput: successes per second', 'per second', xs, scenario.steps.map(s => ({ label: s.name, values: s.ok })));
    chart(target, 'Errors per second', 'per second', xs, scenario.steps.filter(s => s.failed.some(v => v > 0)).map(s => ({ label: s.name, values: s.failed })));
    chart(target, 'Queue depth and dialogs', 'count', xs, scenario.gauges.filter(g => g.count).map(g => ({ label: g.name, values: g.values })));
    chart(target, 'Longest wait in the queue', 's', xs, scenario.gauges.filter(g => g.name === 'longest wait (s)').map(g => ({ label: g.name, values: g.values })));
    chart(target, 'Engine metrics (scraped)', 'value', xs, scenario.gauges.filter(g => g.name.startsWith('engine ')).map(g => ({ label: g.name, values: g.values })));
    chart(target, 'Other gauges', 'value', xs, scenario.gauges.filter(g => !g.count && g.name !== 'longest wait (s)' && !g.name.startsWith('engine ')).map(g => ({ label: g.name, values: g.values })));
  });
})();
