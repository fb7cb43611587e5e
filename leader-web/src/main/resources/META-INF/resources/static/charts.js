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

  // Instants come with up to nanoseconds; browsers parse milliseconds at most.
  function millis(instant) {
    return Date.parse(instant.replace(/(\.\d{3})\d+/, '$1'));
  }

  function scoreHistory(el, data) {
    var bands = data.bands || { healthyFrom: 70, watchFrom: 50 };
    var points = data.points.filter(function (c) { return c.score !== null; })
      .sort(function (a, b) { return millis(a.evaluatedAt) - millis(b.evaluatedAt); });
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
          return { value: [millis(c.evaluatedAt), c.score], symbol: CAUSE_SYMBOLS[kind] || 'circle', symbolSize: 9 };
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

  function winRatesOverTime(el, rows) {
    var months = Array.from(new Set(rows.map(function (r) { return r.month; }))).sort();
    var competitors = Array.from(new Set(rows.map(function (r) { return r.competitor; }))).sort();
    return {
      tooltip: { trigger: 'axis' }, legend: { top: 0 },
      xAxis: { type: 'category', data: months.map(function (m) { return m.substring(0, 7); }) },
      yAxis: { type: 'value', min: 0, max: 1, name: 'win rate' },
      series: competitors.map(function (c) {
        return { name: c, type: 'line', connectNulls: false, data: months.map(function (m) {
          var r = rows.find(function (x) { return x.month === m && x.competitor === c; });
          return r && (r.won + r.lost) > 0 ? r.won / (r.won + r.lost) : null;
        }) };
      })
    };
  }

  // Backtests: one series per model; each account comes as [lead days, lowest score, churned, calm, caught].
  function leadTimes(el, models) {
    var days = [];
    models.forEach(function (m) { m.accounts.forEach(function (a) { if (a[4] && a[0] !== null) { days.push(a[0]); } }); });
    var max = Math.max.apply(null, days.concat([30]));
    var buckets = []; for (var d = 0; d <= max; d += 15) { buckets.push(d); }
    return {
      tooltip: {}, legend: { top: 0 },
      xAxis: { type: 'category', name: 'days ahead', data: buckets.map(function (b) { return b + '–' + (b + 14); }) },
      yAxis: { type: 'value', name: 'accounts', minInterval: 1 },
      series: models.map(function (m) {
        var counts = buckets.map(function () { return 0; });
        m.accounts.forEach(function (a) {
          if (a[4] && a[0] !== null) { counts[Math.min(Math.floor(a[0] / 15), counts.length - 1)]++; }
        });
        return { name: m.modelVersion, type: 'bar', data: counts };
      })
    };
  }

  function roc(el, models) {
    return {
      tooltip: { trigger: 'item' }, legend: { top: 0 },
      xAxis: { type: 'value', min: 0, max: 1, name: 'calm accounts flagged' },
      yAxis: { type: 'value', min: 0, max: 1, name: 'churns caught' },
      series: models.map(function (m) {
        var points = [];
        for (var t = 0; t <= 101; t += 1) {
          var tp = 0, fp = 0;
          m.accounts.forEach(function (a) {
            if (a[1] !== null && a[1] < t) { if (a[2]) { tp++; } else if (a[3]) { fp++; } }
          });
          points.push([m.negatives ? fp / m.negatives : 0, m.positives ? tp / m.positives : 0]);
        }
        return { name: m.modelVersion + (m.rocAuc !== null ? ' (AUC ' + m.rocAuc.toFixed(2) + ')' : ''), type: 'line',
                 showSymbol: false, data: points };
      }).concat([{ name: 'chance', type: 'line', showSymbol: false, lineStyle: { type: 'dashed' }, data: [[0, 0], [1, 1]] }])
    };
  }

  function calibration(el, models) {
    var bands = models.length ? models[0].calibration : [];
    return {
      tooltip: { trigger: 'axis' }, legend: { top: 0 },
      xAxis: { type: 'category', name: 'lowest score', data: bands.map(function (b) { return b.from + '–' + b.to; }) },
      yAxis: { type: 'value', min: 0, max: 1, name: 'share churned' },
      series: models.map(function (m) {
        return { name: m.modelVersion, type: 'line', data: m.calibration.map(function (b) { return b.positiveRate; }) };
      })
    };
  }

  var KINDS = { 'status-over-time': statusOverTime, 'score-history': scoreHistory, 'win-rates': winRates,
                'win-rates-over-time': winRatesOverTime,
                'lead-times': leadTimes, 'roc': roc, 'calibration': calibration };

  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-chart]').forEach(function (el) {
      var draw = KINDS[el.dataset.chart];
      if (!draw || typeof echarts === 'undefined') { return; }
      var chart = echarts.init(el);
      chart.setOption(draw(el, JSON.parse(el.dataset.series)));
      el.dataset.drawn = 'true';
      // The box changes size when the window does, and when a scroll bar appears as the rest of the page loads.
      if (typeof ResizeObserver !== 'undefined') {
        new ResizeObserver(function () { chart.resize(); }).observe(el);
      } else {
        window.addEventListener('resize', function () { chart.resize(); });
      }
    });
  });
})();
