/*
 * The staff app's core: strings, the API helper, sign-in and the views. Each view's own script (conversation.js,
 * queue.js, dashboard.js, audit.js) registers itself with CaminoStaff.view(). Plain DOM, no inline scripts; every
 * text a person wrote is set with textContent, never as HTML.
 */
(function () {
  'use strict';

  var VIEWS = ['login-view', 'password-view', 'list-view', 'conversation-view', 'queue-view', 'dashboard-view', 'audit-view', 'content-view'];
  var state = { me: null, cursor: null, views: {} };
  var $ = function (id) { return document.getElementById(id); };

  /** i18next with the `staff` namespace; keys are flat ("login.title"), and text is always set as textContent. */
  var i18n = window.i18next.createInstance();

  function t(key, vars) {
    return i18n.t(key, vars || {});
  }

  function say(text, isError) {
    var status = $('status');
    status.textContent = text || '';
    status.className = isError ? 'error' : '';
  }

  /** Resolves with { status, data }; a 401 (the session ended) sends the person back to the sign-in form. */
  function api(method, path, body) {
    var headers = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && state.me) headers['x-csrf-token'] = state.me.csrfToken;
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' })
      .then(function (response) {
        return response.text().then(function (text) {
          var data = {};
          try { data = text ? JSON.parse(text) : {}; } catch (e) { data = {}; }
          if (response.status === 401 && state.me && path !== '/staff/api/login') {
            state.me = null;
            show('login-view');
            say(t('session.ended'), true);
          }
          return { status: response.status, data: data };
        });
      }, function () {
        return { status: 0, data: { message: t('error.network') } };
      });
  }

  function loadStrings(lang) {
    return fetch('/staff/static/i18n-' + lang + '.json').then(function (r) { return r.json(); }).then(function (strings) {
      if (i18n.isInitialized) {
        i18n.addResourceBundle(lang, 'staff', strings, true, true);
        return i18n.changeLanguage(lang);
      }
      var resources = {};
      resources[lang] = { staff: strings };
      return i18n.init({ lng: lang, resources: resources, ns: ['staff'], defaultNS: 'staff', fallbackLng: false, keySeparator: false, nsSeparator: false, interpolation: { escapeValue: false }, initAsync: false });
    }).then(function () {
      document.documentElement.lang = lang;
      document.querySelectorAll('[data-i18n]').forEach(function (node) {
        var key = node.getAttribute('data-i18n');
        if (i18n.exists(key)) node.textContent = t(key);
      });
      document.querySelectorAll('[data-i18n-label]').forEach(function (node) {
        var key = node.getAttribute('data-i18n-label');
        if (i18n.exists(key)) node.setAttribute('aria-label', t(key));
      });
      document.title = t('title');
    });
  }

  function isAdmin() { return !!state.me && state.me.role === 'admin'; }

  /** Shows one view; a registered view's show(arg) fills it. */
  function show(view, arg) {
    VIEWS.forEach(function (id) { $(id).hidden = id !== view; });
    $('who').hidden = !state.me;
    $('nav').hidden = !state.me || state.me.mustChangePassword;
    document.querySelectorAll('.admin-only').forEach(function (node) { node.hidden = !isAdmin(); });
    document.querySelectorAll('#nav button').forEach(function (button) {
      if (button.getAttribute('data-view') === view) button.setAttribute('aria-current', 'page');
      else button.removeAttribute('aria-current');
    });
    var registered = state.views[view];
    if (registered && registered.show) registered.show(arg);
    var heading = $(view).querySelector('h2');
    if (heading) { heading.tabIndex = -1; heading.focus(); }
  }

  /** Offers single sign-on on the sign-in form when the service has it. */
  function offerSso() {
    api('GET', '/staff/api/sso').then(function (answer) {
      if (answer.status !== 200 || !answer.data.enabled) return;
      state.sso = answer.data;
      $('sso-link').textContent = t('sso.button', { label: answer.data.label });
      $('sso').hidden = false;
    });
  }

  /** A channel's name for staff: `channel.<id>` in staff.json, else the id itself. */
  function channelLabel(id) {
    var key = 'channel.' + id;
    return i18n.exists(key) ? t(key) : id;
  }

  /** The channel filter lists the channels the service registered (GET /staff/api/channels), keeping the choice. */
  function fillChannels() {
    api('GET', '/staff/api/channels').then(function (answer) {
      if (answer.status !== 200) return;
      var select = $('channel-filter');
      var chosen = select.value;
      while (select.options.length > 1) select.remove(1);
      answer.data.items.forEach(function (channel) {
        var option = el('option', channelLabel(channel.id));
        option.value = channel.id;
        select.appendChild(option);
      });
      select.value = chosen;
    });
  }

  function signedIn(me) {
    fillChannels();
    state.me = me;
    $('who-email').textContent = me.email + ' (' + me.role + ')';
    if (me.mustChangePassword) { show('password-view'); return; }
    var content = state.views['content-view'];
    if (!content || !content.landsFirst) { show('list-view'); return; }
    content.landsFirst(me).then(function (first) { show(first ? 'content-view' : 'list-view'); });
  }

  function formatTime(iso, zone) {
    if (!iso) return '';
    try {
      return new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone || undefined }).format(new Date(iso));
    } catch (e) {
      return iso;
    }
  }

  /** "3 h 20 min", "2 d 4 h": how long ago, for the queue. */
  function formatAge(iso, now) {
    var minutes = Math.max(0, Math.floor(((now || Date.now()) - Date.parse(iso)) / 60000));
    if (minutes < 60) return t('age.minutes', { m: minutes });
    var hours = Math.floor(minutes / 60);
    if (hours < 48) return t('age.hours', { h: hours, m: minutes % 60 });
    return t('age.days', { d: Math.floor(hours / 24), h: hours % 24 });
  }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  /** A term and its value in a <dl>. */
  function fact(dl, term, value) {
    dl.appendChild(el('dt', term));
    dl.appendChild(el('dd', value));
  }

  function cell(row, text, className) {
    var td = el('td', text, className);
    row.appendChild(td);
    return td;
  }

  function button(text, onClick, className) {
    var node = el('button', text, className);
    node.type = 'button';
    node.addEventListener('click', onClick);
    return node;
  }

  /** A table with a caption for screen readers, a header row of these string keys, and an empty body with this id. */
  function dataTable(captionKey, columnKeys, bodyId) {
    var table = el('table');
    table.appendChild(el('caption', t(captionKey), 'visually-hidden'));
    var head = el('tr');
    columnKeys.forEach(function (key) {
      var th = el('th', key ? t(key) : '');
      th.scope = 'col';
      head.appendChild(th);
    });
    var thead = el('thead');
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el('tbody');
    body.id = bodyId;
    table.appendChild(body);
    return table;
  }

  function filterQuery() {
    var params = new URLSearchParams();
    new FormData($('filters')).forEach(function (value, name) { if (value) params.set(name, String(value)); });
    return params;
  }

  /** Loads the list (or its next page); `message` replaces the count in the status line when given. */
  function list(more, message) {
    var params = filterQuery();
    if (more && state.cursor) params.set('cursor', state.cursor);
    say(t('list.loading'));
    api('GET', '/staff/api/conversations?' + params.toString()).then(function (answer) {
      if (answer.status === 401) return;
      if (answer.status !== 200) { say(answer.data.message || t('error.generic'), true); return; }
      var rows = $('rows');
      if (!more) rows.textContent = '';
      answer.data.items.forEach(function (item) {
        var tr = document.createElement('tr');
        cell(tr, formatTime(item.createdAt));
        cell(tr, channelLabel(item.channelId));
        cell(tr, item.locale || '');
        cell(tr, item.outcome ? t('outcome.' + item.outcome) : '', item.outcome === 'urgent' ? 'urgent' : '');
        cell(tr, item.handoffState ? t('handoff.' + item.handoffState) : '');
        cell(tr, '').appendChild(button(t('list.open'), function () { show('conversation-view', { channelId: item.channelId, conversationId: item.conversationId }); }));
        rows.appendChild(tr);
      });
      state.cursor = answer.data.next || null;
      $('more').hidden = !state.cursor;
      say(message || (rows.children.length === 0 ? t('list.empty') : t('list.count', { count: rows.children.length })));
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
    $('logout').addEventListener('click', function () {
      api('POST', '/staff/api/logout', {}).then(function () { state.me = null; show('login-view'); say(t('logout.done')); });
    });
    $('export-json').addEventListener('click', function () { var p = filterQuery(); p.set('format', 'json'); download(p); });
    $('export-csv').addEventListener('click', function () { var p = filterQuery(); p.set('format', 'csv'); download(p); });
    document.querySelectorAll('#nav button').forEach(function (navButton) {
      navButton.addEventListener('click', function () { say(''); show(navButton.getAttribute('data-view')); });
    });
    $('ui-language').addEventListener('change', function (event) {
      try { window.localStorage.setItem('camino.staff.lang', event.target.value); } catch (e) { /* storage refused: the choice lasts this page */ }
      loadStrings(event.target.value).then(function () {
        if (state.sso) $('sso-link').textContent = t('sso.button', { label: state.sso.label });
        if (state.me) fillChannels();
        var current = VIEWS.filter(function (id) { return !$(id).hidden; })[0];
        if (current && state.views[current] && state.views[current].refresh) state.views[current].refresh();
      });
    });
  }

  state.views['list-view'] = { show: function (arg) { list(false, arg && arg.message); }, refresh: function () { list(false); } };

  window.CaminoStaff = {
    api: api,
    t: t,
    say: say,
    show: show,
    el: el,
    cell: cell,
    fact: fact,
    button: button,
    dataTable: dataTable,
    formatTime: formatTime,
    formatAge: formatAge,
    channelLabel: channelLabel,
    download: download,
    isAdmin: isAdmin,
    me: function () { return state.me; },
    /** Registers a view: { show(arg), refresh() } for the section with that id. */
    view: function (id, handlers) { state.views[id] = handlers; },
  };

  function start() {
    var lang = 'en';
    try { lang = window.localStorage.getItem('camino.staff.lang') || ((navigator.language || 'en').slice(0, 2) === 'es' ? 'es' : 'en'); } catch (e) { /* default */ }
    $('ui-language').value = lang;
    wire();
    loadStrings(lang).then(function () { offerSso(); return api('GET', '/staff/api/me'); }).then(function (answer) {
      if (answer.status === 200) signedIn(answer.data);
      else show('login-view');
    });
  }

  document.addEventListener('DOMContentLoaded', start);
})();
