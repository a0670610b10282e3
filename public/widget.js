/*
 * Embeds Camino's chat on another site with one tag:
 *   <script src="https://CAMINO-HOST/widget.js" data-language="auto" data-position="right"
 *           data-title="Immigration questions" data-color="#1d4f91" defer></script>
 * The chat runs in a frame served by Camino, so its token and conversation never touch the host page.
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
  var labels = { en: 'Chat', es: 'Chat', zh: '聊天' };

  var button = document.createElement('button');
  button.type = 'button';
  button.textContent = labels[language];
  button.setAttribute('aria-expanded', 'false');
  button.style.cssText = 'position:fixed;bottom:16px;' + position + ':16px;z-index:2147483000;padding:12px 18px;border:0;border-radius:24px;font:16px system-ui,sans-serif;color:#fff;background:' + color + ';cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.3)';

  var frame = document.createElement('iframe');
  var query = new URLSearchParams({ embed: '1', lang: language, color: color });
  if (title) query.set('title', title);
  frame.src = origin + '/?' + query.toString();
  frame.title = title || 'Camino';
  frame.hidden = true;
  frame.style.cssText = 'position:fixed;bottom:72px;' + position + ':16px;z-index:2147483000;width:min(400px,calc(100vw - 32px));height:min(620px,calc(100vh - 96px));border:1px solid #ccc;border-radius:8px;background:#fff;box-shadow:0 4px 16px rgba(0,0,0,.3)';

  button.addEventListener('click', function () {
    frame.hidden = !frame.hidden;
    button.setAttribute('aria-expanded', String(!frame.hidden));
    if (!frame.hidden) frame.focus();
  });
  document.body.appendChild(frame);
  document.body.appendChild(button);
})();
