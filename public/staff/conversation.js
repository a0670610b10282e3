/* One conversation: its facts, leads and transcript as a chat. */
(function () {
  'use strict';

  var S = window.CaminoStaff;
  var $ = function (id) { return document.getElementById(id); };
  var current = null;

  function fact(dl, term, value) {
    dl.appendChild(S.el('dt', term));
    dl.appendChild(S.el('dd', value));
  }

  function render(record) {
    var facts = $('conversation-facts');
    facts.textContent = '';
    fact(facts, S.t('col.channel'), record.channelId);
    fact(facts, S.t('col.language'), record.locale || '');
    fact(facts, S.t('col.started'), S.formatTime(record.createdAt, record.timeZone));
    fact(facts, S.t('col.handoff'), record.handoffState ? S.t('handoff.' + record.handoffState) : S.t('handoff.none'));
    var leads = $('leads');
    leads.textContent = '';
    record.leads.forEach(function (lead) {
      var box = S.el('div', S.t('lead.line', { outcome: S.t('outcome.' + lead.outcome), status: lead.status }) + '\n' + (lead.summary || ''), 'lead' + (lead.outcome === 'urgent' ? ' urgent' : ''));
      leads.appendChild(box);
    });
    var transcript = $('transcript');
    transcript.textContent = '';
    record.entries.forEach(function (entry) {
      var li = S.el('li', null, entry.staff ? 'staff' : entry.side);
      li.appendChild(S.el('span', (entry.side === 'user' ? S.t('side.user') : entry.staff ? S.t('side.staff') : S.t('side.bot')) + ' · ' + S.formatTime(entry.at, record.timeZone), 'meta'));
      li.appendChild(S.el('span', [entry.text, entry.chosen ? S.t('entry.chosen', { value: entry.chosen }) : ''].concat(entry.cards || []).filter(Boolean).join('\n')));
      if (entry.buttons && entry.buttons.length) li.appendChild(S.el('span', S.t('entry.buttons', { buttons: entry.buttons.join(' | ') }), 'buttons'));
      transcript.appendChild(li);
    });
  }

  function open(key) {
    if (key) current = key;
    if (!current) return;
    S.say(S.t('list.loading'));
    S.api('GET', '/staff/api/conversations/' + encodeURIComponent(current.channelId) + '/' + encodeURIComponent(current.conversationId)).then(function (answer) {
      if (answer.status === 401) return;
      if (answer.status !== 200) { S.say(answer.data.message || S.t('error.generic'), true); return; }
      render(answer.data);
      S.say('');
    });
  }

  function wire() {
    $('back').addEventListener('click', function () { S.show('list-view'); });
    $('export-one').addEventListener('click', function () {
      S.download(new URLSearchParams({ format: 'json', channelId: current.channelId, conversationId: current.conversationId }));
    });
    $('delete-one').addEventListener('click', function () {
      var typed = window.prompt(S.t('delete.confirm', { id: current.conversationId }));
      if (typed === null) return;
      S.api('DELETE', '/staff/api/conversations/' + encodeURIComponent(current.channelId) + '/' + encodeURIComponent(current.conversationId), { confirm: typed }).then(function (answer) {
        if (answer.status !== 200) { S.say(answer.data.message || S.t('error.generic'), true); return; }
        S.show('list-view');
        S.say(S.t('delete.done'));
      });
    });
  }

  S.view('conversation-view', { show: open, refresh: function () { open(); } });
  document.addEventListener('DOMContentLoaded', wire);
})();
