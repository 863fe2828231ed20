// conpool demo dashboard: polls GET api/stats every second and redraws the table and the charts;
// "Run load" and "clearEndpoint" are POST actions. Plain JavaScript, no build step.
(function () {
  'use strict';
  var ctx = document.body.getAttribute('data-context') || '';
  var HISTORY = 300;                      // samples kept per endpoint: 5 minutes at one per second
  var SERIES = [
    { key: 'Active', color: '#1f77b4' },
    { key: 'Idle', color: '#2ca02c' },
    { key: 'Waiting', color: '#ff7f0e' },
    { key: 'AcquireTimeouts', color: '#d62728', label: 'acquire timeouts / s', delta: true }
  ];
  var history = {};                       // "pool / endpoint" -> [{t, Active, Idle, Waiting, AcquireTimeouts(total)}]
  var charts = {};
  window.conpoolDashboard = { samples: 0, history: history };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  }

  function message(text, ok) {
    var box = document.getElementById('messages');
    box.textContent = '';
    box.appendChild(el('div', text, 'message ' + (ok ? 'ok' : 'error')));
  }

  function describeRun(run) {
    if (!run || run.state === 'none') { return 'none yet'; }
    if (run.state === 'running') { return 'running: ' + run.requests + ' requests from ' + run.threads + ' threads …'; }
    if (run.state === 'failed') { return 'failed: ' + run.error; }
    if (run.state === 'interrupted') { return 'interrupted (the application stopped)'; }
    function half(name, r) {
      var s = name + ': ' + r.ok + ' of ' + r.requests + ' answered 200 OK, ' + r.reused + ' over reused connections, '
        + r.failures + ' failed, ' + r.millis + ' ms';
      if (r.failures > 0) { s += '\n  first error: ' + r.firstError; }
      return s;
    }
    return 'done: ' + run.requests + ' requests from ' + run.threads + ' threads\n'
      + half('@Resource factory', run.resource) + '\n' + half('@Inject factory  ', run.cdi);
  }

  function renderTable(data) {
    var table = document.getElementById('pools');
    var head = table.tHead;
    if (!head.rows.length) {
      var hr = head.insertRow();
      hr.appendChild(el('th', 'pool / endpoint'));
      // camel-case names may wrap between words (a zero-width space), so the table fits 1280 px
      data.columns.forEach(function (c) { hr.appendChild(el('th', c.replace(/([a-z])([A-Z])/g, '$1\u200b$2'))); });
    }
    var body = table.tBodies[0];
    body.textContent = '';
    if (!data.endpoints.length) {
      var r = body.insertRow();
      var td = el('td', 'no endpoint pool yet: it appears with the first request (Run load)');
      td.colSpan = data.columns.length + 1;
      r.appendChild(td);
    }
    data.endpoints.forEach(function (e) {
      var row = body.insertRow();
      row.setAttribute('data-key', e.pool + ' / ' + e.endpoint);
      row.appendChild(el('td', e.pool + ' / ' + e.endpoint));
      data.columns.forEach(function (c) {
        var cell = el('td', e[c]);
        cell.setAttribute('data-col', c);
        row.appendChild(cell);
      });
    });
  }

  function record(data) {
    data.endpoints.forEach(function (e) {
      var key = e.pool + ' / ' + e.endpoint;
      var h = history[key] || (history[key] = []);
      h.push({ t: data.time, Active: e.Active, Idle: e.Idle, Waiting: e.Waiting, AcquireTimeouts: e.AcquireTimeouts });
      while (h.length > HISTORY) { h.shift(); }
    });
  }

  function chartFor(key) {
    if (charts[key]) { return charts[key]; }
    var box = el('div', null, 'chart');
    box.appendChild(el('div', key));
    var canvas = el('canvas');
    canvas.width = 600;
    canvas.height = 180;
    box.appendChild(canvas);
    var legend = el('div', null, 'legend');
    SERIES.forEach(function (s) {
      var span = el('span');
      var swatch = el('i');
      swatch.style.background = s.color;
      span.appendChild(swatch);
      span.appendChild(document.createTextNode(s.label || s.key));
      legend.appendChild(span);
    });
    box.appendChild(legend);
    document.getElementById('charts').appendChild(box);
    return (charts[key] = canvas);
  }

  function draw(key) {
    var canvas = chartFor(key);
    var g = canvas.getContext('2d');
    var h = history[key];
    var w = canvas.width, ht = canvas.height, left = 34, bottom = 16;
    g.clearRect(0, 0, w, ht);
    var values = h.map(function (p, i) {
      var prev = i > 0 ? h[i - 1].AcquireTimeouts : p.AcquireTimeouts;
      return { Active: p.Active, Idle: p.Idle, Waiting: p.Waiting, AcquireTimeouts: Math.max(0, p.AcquireTimeouts - prev) };
    });
    var max = 1;
    values.forEach(function (v) { SERIES.forEach(function (s) { max = Math.max(max, v[s.key]); }); });
    g.strokeStyle = '#ddd';
    g.fillStyle = '#555';
    g.font = '11px sans-serif';
    g.beginPath();
    g.moveTo(left, 4); g.lineTo(left, ht - bottom); g.lineTo(w - 4, ht - bottom);
    g.stroke();
    g.fillText(String(max), 2, 12);
    g.fillText('0', 2, ht - bottom);
    g.fillText('-5 min', left, ht - 3);
    g.fillText('now', w - 28, ht - 3);
    var x = function (i) { return left + (w - left - 6) * (HISTORY - values.length + i) / (HISTORY - 1); };
    var y = function (v) { return ht - bottom - (ht - bottom - 8) * v / max; };
    SERIES.forEach(function (s) {
      g.strokeStyle = s.color;
      g.lineWidth = 1.5;
      g.beginPath();
      values.forEach(function (v, i) { if (i === 0) { g.moveTo(x(i), y(v[s.key])); } else { g.lineTo(x(i), y(v[s.key])); } });
      g.stroke();
    });
  }

  function refresh() {
    fetch(ctx + '/api/stats', { cache: 'no-store' })
      .then(function (r) { return r.json().then(function (body) { return { status: r.status, body: body }; }); })
      .then(function (res) {
        if (res.status !== 200) { throw new Error(res.body.error || ('HTTP ' + res.status)); }
        var data = res.body;
        renderTable(data);
        record(data);
        Object.keys(history).forEach(draw);
        document.getElementById('run').textContent = describeRun(data.run);
        document.getElementById('updated').textContent = 'updated ' + new Date(data.time).toLocaleTimeString();
        window.conpoolDashboard.samples++;
        window.conpoolDashboard.last = data;
      })
      .catch(function (e) { message('Could not read the pool numbers: ' + e.message, false); })
      .then(function () { setTimeout(refresh, 1000); });
  }

  function post(action, form) {
    return fetch(ctx + '/api/' + action, { method: 'POST', body: new URLSearchParams(new FormData(form)) })
      .then(function (r) { return r.json().then(function (body) { return { status: r.status, body: body }; }); });
  }

  document.getElementById('load').addEventListener('submit', function (ev) {
    ev.preventDefault();
    post('load', ev.target).then(function (res) {
      if (res.body.error) { message('Load run refused: ' + res.body.error, false); return; }
      var s = res.body.started;
      message('Load run started: ' + s.requests + ' requests from ' + s.threads + ' threads, backend delay ' + s.delay + ' ms', true);
    }).catch(function (e) { message('Load run failed: ' + e.message, false); });
  });

  document.getElementById('clear').addEventListener('submit', function (ev) {
    ev.preventDefault();
    post('clear', ev.target).then(function (res) {
      if (res.body.error) { message('clearEndpoint refused: ' + res.body.error, false); return; }
      message(res.body.cleared.length
        ? 'Cleared the idle connections of pool ' + res.body.pool + ': ' + res.body.cleared.join(', ')
        : 'Pool ' + res.body.pool + ' has no endpoint yet: nothing to clear', true);
    }).catch(function (e) { message('clearEndpoint failed: ' + e.message, false); });
  });

  refresh();
}());
