/* The page's chat: Web Chat over Camino's own Direct Line endpoint. No inline scripts (the CSP forbids them). */
(function () {
  'use strict';
  var LOCALES = { en: 'en-US', es: 'es-ES', zh: 'zh-CN' };
  var SESSION_KEY = 'camino.session';
  var LANG_KEY = 'camino.lang';
  var params = new URLSearchParams(window.location.search);
  var storage = openStorage();
  var strings = {};
  var state = { lang: pickLanguage(), session: null, directLine: null };

  /**
   * Browsers that block third-party storage refuse sessionStorage inside a frame on another site (the
   * widget on the firm's site): the chat still works there, it just starts over on reload.
   */
  function openStorage() {
    try {
      var session = window.sessionStorage;
      session.getItem(SESSION_KEY);
      return session;
    } catch (e) {
      var kept = {};
      return {
        getItem: function (key) { return Object.prototype.hasOwnProperty.call(kept, key) ? kept[key] : null; },
        setItem: function (key, value) { kept[key] = String(value); }
      };
    }
  }

  function pickLanguage() {
    var asked = params.get('lang');
    if (asked && LOCALES[asked]) return asked;
    var saved = storage.getItem(LANG_KEY);
    if (saved && LOCALES[saved]) return saved;
    var browser = (window.navigator.language || 'en').slice(0, 2).toLowerCase();
    return LOCALES[browser] ? browser : 'en';
  }

  function text(key) {
    return (strings[state.lang] && strings[state.lang][key]) || '';
  }

  function applyStrings() {
    document.documentElement.lang = state.lang === 'zh' ? 'zh-CN' : state.lang;
    document.title = text('title');
    document.getElementById('title').textContent = params.get('title') || text('title');
    document.getElementById('intro').textContent = text('intro');
    document.getElementById('language-label').textContent = text('language');
    document.getElementById('webchat').setAttribute('aria-label', text('chatLabel'));
    document.getElementById('language').value = state.lang;
  }

  function postJson(url, token, body) {
    var headers = { 'content-type': 'application/json' };
    if (token) headers.authorization = 'Bearer ' + token;
    return window.fetch(url, { method: 'POST', headers: headers, body: JSON.stringify(body || {}) }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    });
  }

  function saveSession() {
    storage.setItem(SESSION_KEY, JSON.stringify(state.session));
  }

  /** A visitor who reloads keeps the conversation: refresh the stored token instead of starting over. */
  function openSession() {
    var saved = null;
    try {
      saved = JSON.parse(storage.getItem(SESSION_KEY) || 'null');
    } catch (e) {
      saved = null;
    }
    var fresh = function () {
      return postJson('/api/webchat/token', null, { locale: LOCALES[state.lang] }).then(function (s) {
        return { token: s.token, conversationId: s.conversationId, userId: s.userId, resumed: false };
      });
    };
    if (!saved || !saved.token) return fresh();
    return postJson('/v3/directline/tokens/refresh', saved.token).then(function (r) {
      return { token: r.token, conversationId: r.conversationId, userId: saved.userId, resumed: true };
    }, fresh);
  }

  /** The embedding site's colour (widget.js data-color) for the header and Web Chat's accent. */
  function pickAccent() {
    var asked = params.get('color');
    return asked && /^#[0-9a-fA-F]{6}$/.test(asked) ? asked : '#1d4f91';
  }

  function render() {
    window.WebChat.renderWebChat(
      {
        directLine: state.directLine,
        userID: state.session.userId,
        locale: LOCALES[state.lang],
        styleOptions: {
          accent: pickAccent(),
          suggestedActionLayout: 'flow',
          hideUploadButton: true,
          sendTypingIndicator: false
        }
      },
      document.getElementById('webchat')
    );
  }

  function switchLanguage(lang) {
    state.lang = lang;
    storage.setItem(LANG_KEY, lang);
    applyStrings();
    render();
    state.directLine
      .postActivity({ type: 'event', name: 'camino/locale', value: lang, from: { id: state.session.userId } })
      .subscribe({ error: function () {} });
  }

  function start() {
    if (params.get('embed') === '1') document.body.classList.add('embedded');
    document.documentElement.style.setProperty('--accent', pickAccent());
    window.fetch('/api/webchat/strings')
      .then(function (r) { return r.json(); })
      .then(function (loaded) {
        strings = loaded;
        applyStrings();
        return openSession();
      })
      .then(function (session) {
        state.session = session;
        saveSession();
        state.directLine = window.WebChat.createDirectLine({
          domain: window.location.origin + '/v3/directline',
          token: session.token,
          conversationId: session.resumed ? session.conversationId : undefined,
          webSocket: true
        });
        window.setInterval(function () {
          if (state.directLine.token && state.directLine.token !== state.session.token) {
            state.session.token = state.directLine.token;
            saveSession();
          }
        }, 30000);
        render();
        document.getElementById('language').addEventListener('change', function (e) {
          switchLanguage(e.target.value);
        });
      })
      .catch(function () {
        document.getElementById('status').textContent = text('unavailable') || 'The chat could not start.';
      });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
