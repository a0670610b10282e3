/* The dashboard: conversations per day and language, outcomes, handoffs, time to first contact, drop-off by step. */
(function () {
  'use strict';

  var S = window.CaminoStaff;
  var $ = function (id) { return document.getElementById(id); };
  var LANGUAGES = ['en', 'es', 'zh', 'unknown'];
  var range = { from: '', to: '' };

  /** A readable name for a step key such as `screening:q.fear.prompt` or `card:mexico-returns`. */
  function stepLabel(step) {
    var match;
    if (step === 'unknown' || step === 'other') return S.t('dashboard.step.' + step);
    if (step === 'menu.prompt') return S.t('dashboard.step.menu');
    if ((match = /^screening:q\.([A-Za-z]+)\.prompt$/.exec(step))) return S.t('dashboard.step.question', { question: match[1] });
    if ((match = /^card:(.+)$/.exec(step))) return S.t('dashboard.step.card', { card: match[1] });
    if (/^greeting\./.test(step)) return S.t('dashboard.step.greeting');
    if (/^screening:consent/.test(step)) return S.t('dashboard.step.consent');
    if (/^screening:(office|outcome|reason)/.test(step)) return S.t('dashboard.step.office');
    if (/^screening:contact/.test(step)) return S.t('dashboard.step.contact');
    return step;
  }

  function table(captionText, headers, rows) {
    var node = S.el('table', null, 'figures');
    node.appendChild(S.el('caption', captionText));
    var head = S.el('tr');
    headers.forEach(function (text, i) {
      var th = S.el('th', text);
      th.scope = 'col';
      if (i > 0) th.className = 'number';
      head.appendChild(th);
    });
    var thead = S.el('thead');
    thead.appendChild(head);
    node.appendChild(thead);
    var body = S.el('tbody');
    rows.forEach(function (cells) {
      var tr = S.el('tr');
      cells.forEach(function (value, i) {
        if (i === 0) {
          var th = S.el('th', value);
          th.scope = 'row';
          tr.appendChild(th);
        } else if (value instanceof Node) {
          var td = S.el('td');
          td.appendChild(value);
          tr.appendChild(td);
        } else {
          S.cell(tr, value, 'number');
        }
      });
      body.appendChild(tr);
    });
    if (rows.length === 0) {
      var empty = S.el('td', S.t('dashboard.none'), 'meta');
      empty.colSpan = headers.length;
      var line = S.el('tr');
      line.appendChild(empty);
      body.appendChild(line);
    }
    node.appendChild(body);
    return node;
  }

  /** A bar whose width shows a count against the largest; decorative, the number is in the next cell. */
  function bar(value, max) {
    var outer = S.el('span', null, 'bar');
    outer.setAttribute('aria-hidden', 'true');
    var inner = S.el('span', null, 'bar-fill');
    inner.style.width = (max > 0 ? Math.round((value / max) * 100) : 0) + '%';
    outer.appendChild(inner);
    return outer;
  }

  function counts(captionText, record, labelOf) {
    return table(captionText, [S.t('dashboard.col.what'), S.t('dashboard.col.count')], Object.keys(record).map(function (key) { return [labelOf(key), String(record[key])]; }));
  }

  function render(data) {
    range = { from: data.from, to: data.to };
    var box = $('dashboard-figures');
    box.textContent = '';
    var summary = S.el('dl', null, 'summary');
    var fact = function (term, value) { S.fact(summary, term, value); };
    fact(S.t('dashboard.range'), S.t('dashboard.rangeValue', { from: data.from, to: data.to, zone: data.timeZone }));
    fact(S.t('dashboard.conversations'), String(data.conversations.total));
    fact(S.t('dashboard.leads'), String(data.leads.total));
    fact(S.t('dashboard.firstContact'), data.firstContact.medianMinutes === null
      ? S.t('dashboard.firstContact.none')
      : S.t('dashboard.firstContact.value', { minutes: data.firstContact.medianMinutes, count: data.firstContact.contacted }));
    box.appendChild(summary);

    var max = data.conversations.perDay.reduce(function (m, d) { return Math.max(m, d.total); }, 0);
    box.appendChild(table(
      S.t('dashboard.perDay'),
      [S.t('dashboard.col.day'), S.t('dashboard.col.total')].concat(LANGUAGES.map(function (l) { return S.t('dashboard.language.' + l); })).concat(['']),
      data.conversations.perDay.map(function (d) {
        return [d.day, String(d.total)].concat(LANGUAGES.map(function (l) { return String(d.byLanguage[l]); })).concat([bar(d.total, max)]);
      })
    ));
    var grid = S.el('div', null, 'figure-grid');
    grid.appendChild(counts(S.t('dashboard.byLanguage'), data.conversations.byLanguage, function (l) { return S.t('dashboard.language.' + l); }));
    grid.appendChild(counts(S.t('dashboard.byChannel'), data.conversations.byChannel, S.channelLabel));
    grid.appendChild(counts(S.t('dashboard.byOutcome'), data.leads.byOutcome, function (o) { return S.t('outcome.' + o); }));
    grid.appendChild(counts(S.t('dashboard.byStatus'), data.leads.byStatus, function (s) { return S.t('status.' + s); }));
    grid.appendChild(counts(S.t('dashboard.byEndReason'), data.leads.byEndReason, function (r) { return S.t('endReason.' + r); }));
    grid.appendChild(counts(S.t('dashboard.handoffs'), data.handoffs, function (h) { return S.t('handoff.' + h); }));
    box.appendChild(grid);
    var most = data.dropOff.reduce(function (m, d) { return Math.max(m, d.conversations); }, 0);
    box.appendChild(table(
      S.t('dashboard.dropOff'),
      [S.t('dashboard.col.step'), S.t('dashboard.col.key'), S.t('dashboard.col.count'), ''],
      data.dropOff.map(function (d) { return [stepLabel(d.step), d.step, String(d.conversations), bar(d.conversations, most)]; })
    ));
  }

  function load() {
    var params = new URLSearchParams();
    var form = $('dashboard-form');
    if (form.elements.from.value) params.set('from', form.elements.from.value);
    if (form.elements.to.value) params.set('to', form.elements.to.value);
    S.say(S.t('list.loading'));
    S.api('GET', '/staff/api/dashboard?' + params.toString()).then(function (answer) {
      if (answer.status === 401) return;
      if (answer.status !== 200) { S.say(answer.data.message || S.t('error.generic'), true); return; }
      form.elements.from.value = answer.data.from;
      form.elements.to.value = answer.data.to;
      render(answer.data);
      S.say('');
    });
  }

  function build() {
    var box = $('dashboard');
    box.textContent = '';
    var form = S.el('form');
    form.id = 'dashboard-form';
    ['from', 'to'].forEach(function (name) {
      var label = S.el('label');
      label.appendChild(S.el('span', S.t('filter.' + name)));
      var input = S.el('input');
      input.type = 'date';
      input.name = name;
      input.value = range[name];
      label.appendChild(input);
      form.appendChild(label);
    });
    var submit = S.el('button', S.t('filter.apply'));
    submit.type = 'submit';
    form.appendChild(submit);
    form.addEventListener('submit', function (event) { event.preventDefault(); load(); });
    box.appendChild(form);
    var figures = S.el('div');
    figures.id = 'dashboard-figures';
    box.appendChild(figures);
  }

  S.view('dashboard-view', { show: function () { build(); load(); }, refresh: function () { build(); load(); } });
})();
