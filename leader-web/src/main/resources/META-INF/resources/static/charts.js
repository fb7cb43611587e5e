// Draws every element marked data-chart with ECharts (served from the application's own jar). The data comes in the
// element's data-series attribute, written by the server; nothing here calls an API.
(function () {
  var STATUS_COLOURS = { HEALTHY: '#1a6b35', WATCH: '#8a5300', AT_RISK: '#b3261e', CHURNED: '#4a5560', UNKNOWN: '#8c959f' };
  var CAUSE_SYMBOLS = { NEWS: 'circle', ELAPSED_TIME: 'rect', MODEL_CHANGE: 'diamond', BACKFILL: 'triangle', RESCORE: 'pin' };

  function statusOverTime(el, points) {
    var statuses = ['HEALTHY', 'WATCH', 'AT_RISK', 'CHURNED', 'UNKNOWN'];
    return {
      tooltip: { trigger: 'axis' }, legend: { top: 0 },
      xAxis: { type: 'category', data: points.map(function (p) { return p.at.substring(0, 10); }) },
      yAxis: { type: 'value', name: 'accounts' },
      series: statuses.map(function (s) {
        return { name: s, type: 'bar', stack: 'all', itemStyle: { color: STATUS_COLOURS[s] },
                 data: points.map(function (p) { return p.accounts[s] || 0; }) };
      })
    };
  }

  function scoreHistory(el, data) {
    var bands = data.bands || { healthyFrom: 70, watchFrom: 50 };
    var points = data.points.filter(function (c) { return c.score !== null; })
      .sort(function (a, b) { return a.evaluatedAt < b.evaluatedAt ? -1 : a.evaluatedAt > b.evaluatedAt ? 1 : 0; });
    return {
      tooltip: { trigger: 'item', formatter: function (p) {
        var c = points[p.dataIndex];
        return c.evaluatedAt.substring(0, 10) + ': ' + c.score + ' (' + c.status + ')<br>cause: ' + ((c.cause || {}).kind || 'unknown');
      } },
      xAxis: { type: 'time' }, yAxis: { type: 'value', min: 0, max: 100, name: 'score' },
      series: [{
        type: 'line', step: 'end', name: 'score', color: '#0b5cad',
        data: points.map(function (c) {
          var kind = (c.cause || {}).kind || 'NEWS';
          return { value: [c.evaluatedAt, c.score], symbol: CAUSE_SYMBOLS[kind] || 'circle', symbolSize: 9 };
        }),
        markArea: { silent: true, data: [
          [{ yAxis: bands.healthyFrom, itemStyle: { color: 'rgba(26,107,53,0.08)' } }, { yAxis: 100 }],
          [{ yAxis: bands.watchFrom, itemStyle: { color: 'rgba(138,83,0,0.08)' } }, { yAxis: bands.healthyFrom }],
          [{ yAxis: 0, itemStyle: { color: 'rgba(179,38,30,0.08)' } }, { yAxis: bands.watchFrom }]
        ] }
      }]
    };
  }

  function winRates(el, rates) {
    return {
      tooltip: {}, xAxis: { type: 'category', data: rates.map(function (r) { return r.competitor; }) },
      yAxis: { type: 'value', min: 0, max: 1, name: 'win rate' },
      series: [{ type: 'bar', color: '#0b5cad', data: rates.map(function (r) { return r.winRate; }) }]
    };
  }

  var KINDS = { 'status-over-time': statusOverTime, 'score-history': scoreHistory, 'win-rates': winRates };

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-chart]').forEach(function (el) {
      var draw = KINDS[el.dataset.chart];
      if (!draw || typeof echarts === 'undefined') { return; }
      var chart = echarts.init(el);
      chart.setOption(draw(el, JSON.parse(el.dataset.series)));
      el.dataset.drawn = 'true';
      window.addEventListener('resize', function () { chart.resize(); });
    });
  });
})();
