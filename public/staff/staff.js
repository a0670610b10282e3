/* The staff app: plain DOM, no inline scripts, every text a person wrote set with textContent (never as HTML). */
(function () {
  'use strict';

  var state = { me: null, strings: {}, cursor: null, filters: '', current: null };
  var $ = function (id) { return document.getElementById(id); };

  function t(key, vars) {
    var text = state.strings[key] || key;
    Object.keys(vars || {}).forEach(function (name) { text = text.split('{{' + name + '}}').join(String(vars[name])); });
    return text;
  }

  function say(text, isError) {
    var status = $('status');
    status.textContent = text || '';
    status.className = isError ? 'error' : '';
  }

  function api(method, path, body) {
    var headers = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && state.me) headers['x-csrf-token'] = state.me.csrfToken;
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' })
      .then(function (response) {
        return response.text().then(function (text) {
          var data = {};
          try { data = text ? JSON.parse(text) : {}; } catch (e) { data = {}; }
          return { status: response.status, data: data };
        });
      });
  }

  function loadStrings(lang) {
    return fetch('/staff/static/i18n-' + lang + '.json').then(function (r) { return r.json(); }).then(function (strings) {
      state.strings = strings;
      document.documentElement.lang = lang;
      document.querySelectorAll('[data-i18n]').forEach(function (node) {
        var key = node.getAttribute('data-i18n');
        if (strings[key]) node.textContent = strings[key];
      });
      document.title = t('title');
    });
  }

  function show(view) {
    ['login-view', 'password-view', 'list-view', 'conversation-view'].forEach(function (id) { $(id).hidden = id !== view; });
    $('who').hidden = !state.me;
    var admin = !!state.me && state.me.role === 'admin';
    document.querySelectorAll('.admin-only').forEach(function (node) { node.hidden = !admin; });
    var heading = $(view).querySelector('h2');
    if (heading) { heading.tabIndex = -1; heading.focus(); }
  }

  function signedIn(me) {
    state.me = me;
    $('who-email').textContent = me.email + ' (' + me.role + ')';
    if (me.mustChangePassword) { show('password-view'); return; }
    show('list-view');
    list(false);
  }

  function formatTime(iso, zone) {
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone || undefined }).format(new Date(iso));
    } catch (e) {
      return iso;
    }
  }

  function cell(row, text, className) {
    var td = document.createElement('td');
    td.textContent = text;
    if (className) td.className = className;
    row.appendChild(td);
    return td;
  }

  function filterQuery() {
    var params = new URLSearchParams();
    new FormData($('filters')).forEach(function (value, name) { if (value) params.set(name, String(value)); });
    return params;
  }

  function list(more) {
    var params = filterQuery();
    if (more && state.cursor) params.set('cursor', state.cursor);
    say(t('list.loading'));
    api('GET', '/staff/api/conversations?' + params.toString()).then(function (answer) {
      if (answer.status === 401) { state.me = null; show('login-view'); say(t('session.ended'), true); return; }
      if (answer.status !== 200) { say(answer.data.message || t('error.generic'), true); return; }
      var rows = $('rows');
      if (!more) rows.textContent = '';
      answer.data.items.forEach(function (item) {
        var tr = document.createElement('tr');
        cell(tr, formatTime(item.createdAt));
        cell(tr, item.channelId);
        cell(tr, item.locale || '');
        cell(tr, item.outcome ? t('outcome.' + item.outcome) : '', item.outcome === 'urgent' ? 'urgent' : '');
        cell(tr, item.handoffState ? t('handoff.' + item.handoffState) : '');
        var open = document.createElement('button');
        open.type = 'button';
        open.textContent = t('list.open');
        open.addEventListener('click', function () { openConversation(item.channelId, item.conversationId); });
        cell(tr, '').appendChild(open);
        rows.appendChild(tr);
      });
      state.cursor = answer.data.next || null;
      $('more').hidden = !state.cursor;
      say(rows.children.length === 0 ? t('list.empty') : t('list.count', { count: rows.children.length }));
    });
  }

  function fact(dl, term, value) {
    var dt = document.createElement('dt');
    dt.textContent = term;
    var dd = document.createElement('dd');
    dd.textContent = value;
    dl.appendChild(dt);
    dl.appendChild(dd);
  }

  function openConversation(channelId, conversationId) {
    say(t('list.loading'));
    api('GET', '/staff/api/conversations/' + encodeURIComponent(channelId) + '/' + encodeURIComponent(conversationId)).then(function (answer) {
      if (answer.status !== 200) { say(answer.data.message || t('error.generic'), true); return; }
      var record = answer.data;
      state.current = record;
      var facts = $('conversation-facts');
      facts.textContent = '';
      fact(facts, t('col.channel'), record.channelId);
      fact(facts, t('col.language'), record.locale || '');
      fact(facts, t('col.started'), formatTime(record.createdAt, record.timeZone));
      fact(facts, t('col.handoff'), record.handoffState ? t('handoff.' + record.handoffState) : t('handoff.none'));
      var leads = $('leads');
      leads.textContent = '';
      record.leads.forEach(function (lead) {
        var box = document.createElement('div');
        box.className = 'lead' + (lead.outcome === 'urgent' ? ' urgent' : '');
        box.textContent = t('lead.line', { outcome: t('outcome.' + lead.outcome), status: lead.status }) + '\n' + (lead.summary || '');
        leads.appendChild(box);
      });
      var transcript = $('transcript');
      transcript.textContent = '';
      record.entries.forEach(function (entry) {
        var li = document.createElement('li');
        li.className = entry.staff ? 'staff' : entry.side;
        var meta = document.createElement('span');
        meta.className = 'meta';
        meta.textContent = (entry.side === 'user' ? t('side.user') : entry.staff ? t('side.staff') : t('side.bot')) + ' · ' + formatTime(entry.at, record.timeZone);
        li.appendChild(meta);
        var body = document.createElement('span');
        body.textContent = [entry.text, entry.chosen ? t('entry.chosen', { value: entry.chosen }) : ''].concat(entry.cards || []).filter(Boolean).join('\n');
        li.appendChild(body);
        if (entry.buttons && entry.buttons.length) {
          var buttons = document.createElement('span');
          buttons.className = 'buttons';
          buttons.textContent = t('entry.buttons', { buttons: entry.buttons.join(' | ') });
          li.appendChild(buttons);
        }
        transcript.appendChild(li);
      });
      show('conversation-view');
      say('');
    });
  }

  function download(params) {
    window.location.assign('/staff/api/export?' + params.toString());
  }

  function wire() {
    $('login-form').addEventListener('submit', function (event) {
      event.preventDefault();
      var form = new FormData(event.target);
      api('POST', '/staff/api/login', { email: form.get('email'), password: form.get('password') }).then(function (answer) {
        if (answer.status === 200) { event.target.reset(); say(''); signedIn(answer.data); return; }
        say(answer.status === 429 ? t('login.locked') : answer.status === 401 ? t('login.wrong') : answer.data.message || t('error.generic'), true);
      });
    });
    $('password-form').addEventListener('submit', function (event) {
      event.preventDefault();
      var form = new FormData(event.target);
      api('POST', '/staff/api/password', { current: form.get('current'), next: form.get('next') }).then(function (answer) {
        if (answer.status !== 200) { say(answer.data.message || t('error.generic'), true); return; }
        event.target.reset();
        say(t('password.saved'));
        api('GET', '/staff/api/me').then(function (me) { if (me.status === 200) signedIn(me.data); else show('login-view'); });
      });
    });
    $('filters').addEventListener('submit', function (event) { event.preventDefault(); list(false); });
    $('more').addEventListener('click', function () { list(true); });
    $('back').addEventListener('click', function () { show('list-view'); });
    $('logout').addEventListener('click', function () {
      api('POST', '/staff/api/logout', {}).then(function () { state.me = null; show('login-view'); say(t('logout.done')); });
    });
    $('export-json').addEventListener('click', function () { var p = filterQuery(); p.set('format', 'json'); download(p); });
    $('export-csv').addEventListener('click', function () { var p = filterQuery(); p.set('format', 'csv'); download(p); });
    $('export-one').addEventListener('click', function () {
      var p = new URLSearchParams({ format: 'json', channelId: state.current.channelId, conversationId: state.current.conversationId });
      download(p);
    });
    $('delete-one').addEventListener('click', function () {
      var record = state.current;
      var typed = window.prompt(t('delete.confirm', { id: record.conversationId }));
      if (typed === null) return;
      api('DELETE', '/staff/api/conversations/' + encodeURIComponent(record.channelId) + '/' + encodeURIComponent(record.conversationId), { confirm: typed }).then(function (answer) {
        if (answer.status !== 200) { say(answer.data.message || t('error.generic'), true); return; }
        show('list-view');
        list(false);
        say(t('delete.done'));
      });
    });
    $('ui-language').addEventListener('change', function (event) {
      try { window.localStorage.setItem('camino.staff.lang', event.target.value); } catch (e) { /* storage refused: the choice lasts this page */ }
      loadStrings(event.target.value).then(function () { if (!$('list-view').hidden) list(false); });
    });
  }

  function start() {
    var lang = 'en';
    try { lang = window.localStorage.getItem('camino.staff.lang') || ((navigator.language || 'en').slice(0, 2) === 'es' ? 'es' : 'en'); } catch (e) { /* default */ }
    $('ui-language').value = lang;
    wire();
    loadStrings(lang).then(function () { return api('GET', '/staff/api/me'); }).then(function (answer) {
      if (answer.status === 200) signedIn(answer.data);
      else show('login-view');
    });
  }

  document.addEventListener('DOMContentLoaded', start);
})();
