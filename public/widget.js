/*
 * Embeds Camino's chat on another site with one tag:
 *   <script src="https://CAMINO-HOST/widget.js" data-language="auto" data-position="right"
 *           data-title="Immigration questions" data-color="#1d4f91" defer></script>
 * The chat runs in a frame served by Camino, so its token and conversation never touch the host page.
 * The host site's origin must be listed in WEBCHAT_ALLOWED_ORIGINS, or the browser refuses the frame.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script) return;
  var origin = new URL(script.src).origin;
  var language = script.getAttribute('data-language') || 'auto';
  var position = script.getAttribute('data-position') === 'left' ? 'left' : 'right';
  var title = script.getAttribute('data-title') || '';
  var color = script.getAttribute('data-color') || '#1d4f91';
  if (!/^#[0-9a-fA-F]{6}$/.test(color)) color = '#1d4f91';
  if (language === 'auto') language = (navigator.language || 'en').slice(0, 2).toLowerCase();
  if (['en', 'es', 'zh'].indexOf(language) < 0) language = 'en';
  var labels = { open: 'Chat', close: '×' };

  var button = document.createElement('button');
  button.type = 'button';
  button.textContent = labels.open;
  button.setAttribute('aria-expanded', 'false');
  button.style.cssText = 'position:fixed;bottom:16px;' + position + ':16px;z-index:2147483000;padding:12px 18px;border:0;border-radius:24px;font:16px system-ui,sans-serif;color:#fff;background:' + color + ';cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.3)';

  var frame = document.createElement('iframe');
  var query = new URLSearchParams({ embed: '1', lang: language, color: color });
  if (title) query.set('title', title);
  frame.title = title || 'Camino';
  frame.hidden = true;
  frame.style.cssText = 'position:fixed;bottom:72px;' + position + ':16px;z-index:2147483000;width:min(400px,calc(100vw - 32px));height:min(620px,calc(100vh - 96px));border:1px solid #ccc;border-radius:8px;background:#fff;box-shadow:0 4px 16px rgba(0,0,0,.3)';

  function showLabel() {
    button.textContent = frame.hidden ? labels.open : labels.close;
    button.setAttribute('aria-expanded', String(!frame.hidden));
  }

  // The button's words come from the service's own language files; the defaults only cover a slow answer.
  window.fetch(origin + '/api/webchat/strings')
    .then(function (r) { return r.json(); })
    .then(function (all) {
      var mine = all[language] || {};
      if (mine.open) labels.open = mine.open;
      if (mine.close) labels.close = mine.close;
      showLabel();
    })
    .catch(function () {});

  button.addEventListener('click', function () {
    // Loaded on first open: a visitor who never opens the chat starts no conversation.
    if (!frame.src) frame.src = origin + '/?' + query.toString();
    frame.hidden = !frame.hidden;
    showLabel();
    if (!frame.hidden) frame.focus();
  });
  document.body.appendChild(frame);
  document.body.appendChild(button);
})();
