/* One conversation: its facts, the leads as staff work them (assign, status, notes, reply), and the transcript as a chat with an optional translation. */
(function () {
  'use strict';

  var S = window.CaminoStaff;
  var $ = function (id) { return document.getElementById(id); };
  var END_REASONS = ['retained', 'referred', 'notReachable', 'declined', 'duplicate'];
  var CONTACT_FIELDS = ['name', 'phone', 'email', 'wechat', 'bestTime'];
  var current = null;
  var record = null;
  var features = null;
  var uid = 0;

  function leadPath(lead, action) {
    return '/staff/api/leads/' + encodeURIComponent(lead.id) + '/' + action;
  }

  /** Posts a lead action, says how it went, and reloads the conversation so every panel shows the new state. */
  function act(lead, action, body, doneKey) {
    return S.api('POST', leadPath(lead, action), body).then(function (answer) {
      if (answer.status === 401) return answer;
      if (answer.status >= 300) { S.say(answer.data.message || S.t('error.generic'), true); return answer; }
      open(null, S.t(doneKey));
      return answer;
    });
  }

  function field(labelText, control) {
    uid += 1;
    control.id = 'f' + uid;
    var label = S.el('label', labelText);
    label.htmlFor = control.id;
    var wrap = S.el('div', null, 'field');
    wrap.appendChild(label);
    wrap.appendChild(control);
    return wrap;
  }

  function textArea(name, maxLength, rows) {
    var area = S.el('textarea');
    area.name = name;
    area.maxLength = maxLength;
    area.rows = rows;
    area.required = true;
    return area;
  }

  function utf8Bytes(text) {
    return new TextEncoder().encode(text).length;
  }

  /** The channel's service window beside the reply box (WeChat: 48 hours and 5 sends; WhatsApp: 24 hours and its template). */
  function windowNotice(w) {
    var box = S.el('div', null, 'window-limits');
    box.setAttribute('role', 'note');
    var until = S.formatTime(w.closesAt, record.timeZone);
    var lines = w.channel === 'wechat'
      ? [S.t('wechat.limits', { sends: w.maxSends, bytes: w.maxText.max }), w.open ? S.t('wechat.open', { until: until, left: w.sendsLeft }) : S.t('wechat.closed')]
      : [S.t(w.channel + '.limits'), w.open ? S.t(w.channel + '.open', { until: until }) : S.t(w.channel + '.closed')];
    if (w.reopenTemplate) {
      var name = w.reopenTemplate.name;
      if (!name) lines.push(S.t(w.channel + '.noTemplate'));
      else if (w.reopenTemplate.sentAt) lines.push(S.t(w.channel + '.templateSent', { name: name, at: S.formatTime(w.reopenTemplate.sentAt, record.timeZone) }));
      else lines.push(S.t(w.channel + '.template', { name: name }));
    }
    if (w.pending > 0) lines.push(S.t(w.channel + '.pending', { count: w.pending }));
    box.textContent = lines.join('\n');
    if (!w.open || w.sendsLeft === 0) box.className += ' warning';
    return box;
  }

  function replyForm(lead) {
    var form = S.el('form', null, 'reply');
    var area = textArea('text', 2000, 3);
    form.appendChild(field(S.t('reply.label'), area));
    if (record.window) form.appendChild(windowNotice(record.window));
    if (record.window && record.window.maxText && record.window.maxText.unit === 'bytes') {
      var max = record.window.maxText.max;
      var counter = S.el('p', '', 'counter');
      counter.setAttribute('aria-live', 'polite');
      var update = function () {
        var bytes = utf8Bytes(area.value);
        counter.textContent = S.t('wechat.bytes', { bytes: bytes, max: max, parts: Math.max(1, Math.ceil(bytes / max)) });
      };
      area.addEventListener('input', update);
      update();
      form.appendChild(counter);
    }
    var send = S.el('button', S.t('reply.send'));
    send.type = 'submit';
    form.appendChild(send);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (!area.value.trim()) return;
      send.disabled = true;
      act(lead, 'reply', { text: area.value }, 'reply.sent').then(function (answer) {
        send.disabled = false;
        if (answer.status === 200) area.value = '';
      });
    });
    return form;
  }

  function notesBlock(lead) {
    var block = S.el('div', null, 'notes');
    block.appendChild(S.el('h4', S.t('notes.title')));
    var list = S.el('ol', null, 'note-list');
    lead.notes.forEach(function (note) {
      var item = S.el('li');
      item.appendChild(S.el('span', (note.author.email || note.author.id) + ' · ' + S.formatTime(note.at, record.timeZone), 'meta'));
      item.appendChild(S.el('span', note.text));
      list.appendChild(item);
    });
    if (lead.notes.length === 0) list.appendChild(S.el('li', S.t('notes.none'), 'meta'));
    block.appendChild(list);
    var form = S.el('form');
    var area = textArea('note', 4000, 2);
    form.appendChild(field(S.t('notes.add'), area));
    var save = S.el('button', S.t('notes.save'), 'secondary');
    save.type = 'submit';
    form.appendChild(save);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (area.value.trim()) act(lead, 'notes', { text: area.value }, 'notes.saved');
    });
    block.appendChild(form);
    return block;
  }

  function leadPanel(lead) {
    var panel = S.el('section', null, 'lead' + (lead.outcome === 'urgent' ? ' urgent-lead' : ''));
    panel.setAttribute('aria-label', S.t('lead.title'));
    panel.appendChild(S.el('h3', S.t('lead.line', { outcome: S.t('outcome.' + lead.outcome), status: S.t('status.' + lead.status) }) + (lead.endReason ? ' · ' + S.t('endReason.' + lead.endReason) : ''), lead.outcome === 'urgent' ? 'urgent' : ''));
    if (lead.summary) panel.appendChild(S.el('p', lead.summary, 'summary'));
    var answered = Object.keys(lead.answers || {});
    if (answered.length > 0) {
      var details = S.el('details', null, 'answers');
      details.appendChild(S.el('summary', S.t('lead.answers', { count: answered.length })));
      var list = S.el('dl');
      answered.forEach(function (question) {
        var label = S.t('question.' + question);
        S.fact(list, label === 'question.' + question ? question : label, lead.answers[question]);
      });
      details.appendChild(list);
      panel.appendChild(details);
    }
    var facts = S.el('dl');
    var contact = lead.contact || {};
    CONTACT_FIELDS.forEach(function (name) { if (contact[name]) S.fact(facts, S.t('contact.' + name), contact[name]); });
    S.fact(facts, S.t('lead.office'), lead.officeId);
    S.fact(facts, S.t('lead.created'), S.formatTime(lead.createdAt, record.timeZone) + (lead.status === 'closed' ? '' : ' (' + S.formatAge(lead.createdAt) + ')'));
    if (lead.firstContactAt) S.fact(facts, S.t('lead.firstContact'), S.formatTime(lead.firstContactAt, record.timeZone));
    S.fact(facts, S.t('queue.col.assignee'), lead.assignee ? lead.assignee.email : S.t('queue.unassigned'));
    panel.appendChild(facts);

    if (lead.status !== 'closed') {
      var actions = S.el('div', null, 'actions');
      var me = S.me();
      var mine = lead.assignee && me && lead.assignee.id === me.accountId;
      actions.appendChild(mine
        ? S.button(S.t('lead.release'), function () { act(lead, 'assign', { to: 'nobody' }, 'lead.released'); }, 'secondary')
        : S.button(S.t('lead.assignMe'), function () { act(lead, 'assign', { to: 'me' }, 'lead.assigned'); }, 'secondary'));
      if (lead.status === 'new') actions.appendChild(S.button(S.t('lead.markContacted'), function () { act(lead, 'status', { status: 'contacted' }, 'lead.statusSaved'); }, 'secondary'));
      var reason = S.el('select');
      reason.name = 'endReason';
      END_REASONS.forEach(function (value) {
        var option = S.el('option', S.t('endReason.' + value));
        option.value = value;
        reason.appendChild(option);
      });
      actions.appendChild(field(S.t('lead.endReason'), reason));
      actions.appendChild(S.button(S.t('lead.close'), function () { act(lead, 'status', { status: 'closed', endReason: reason.value }, 'lead.statusSaved'); }));
      if (record.handoffState === 'staff') actions.appendChild(S.button(S.t('reply.end'), function () { act(lead, 'end-chat', {}, 'reply.ended'); }, 'secondary'));
      panel.appendChild(actions);
      panel.appendChild(replyForm(lead));
    }
    panel.appendChild(notesBlock(lead));
    return panel;
  }

  function translationTarget() {
    var target = document.documentElement.lang === 'es' ? 'es' : 'en';
    return record.locale && record.locale !== target ? target : null;
  }

  function translationControls() {
    var box = $('translation');
    box.textContent = '';
    var target = translationTarget();
    if (!target || !features) return;
    var toggle = S.button(S.t('translate.button.' + target), function () { translate(target, toggle); }, 'secondary');
    toggle.id = 'translate';
    box.appendChild(toggle);
    if (!features.translation.available) {
      toggle.disabled = true;
      var why = S.el('p', S.t('translate.unavailable', { reason: features.translation.reason }), 'meta');
      why.id = 'translate-why';
      toggle.setAttribute('aria-describedby', why.id);
      box.appendChild(why);
    }
  }

  function translate(target, toggle) {
    toggle.disabled = true;
    S.say(S.t('translate.working'));
    S.api('POST', '/staff/api/conversations/' + encodeURIComponent(record.channelId) + '/' + encodeURIComponent(record.conversationId) + '/translate', { to: target }).then(function (answer) {
      toggle.disabled = false;
      if (answer.status === 401) return;
      if (answer.status !== 200) { S.say(answer.data.message || S.t('error.generic'), true); return; }
      answer.data.items.forEach(function (item) {
        var li = document.querySelector('#transcript li[data-seq="' + String(Number(item.seq)) + '"]');
        if (!li) return;
        var old = li.querySelector('.translation');
        if (old) old.remove();
        var span = S.el('span', item.text, 'translation');
        span.lang = target;
        span.setAttribute('data-label', S.t('translate.label.' + target));
        li.appendChild(span);
      });
      S.say(S.t('translate.done'));
    });
  }

  function render() {
    var facts = $('conversation-facts');
    facts.textContent = '';
    S.fact(facts, S.t('col.channel'), S.channelLabel(record.channelId));
    S.fact(facts, S.t('col.language'), record.locale || '');
    S.fact(facts, S.t('col.started'), S.formatTime(record.createdAt, record.timeZone));
    S.fact(facts, S.t('col.handoff'), record.handoffState ? S.t('handoff.' + record.handoffState) : S.t('handoff.none'));
    S.fact(facts, S.t('conversation.zone'), record.timeZone);
    var leads = $('leads');
    leads.textContent = '';
    record.leads.forEach(function (lead) { leads.appendChild(leadPanel(lead)); });
    translationControls();
    var transcript = $('transcript');
    transcript.textContent = '';
    record.entries.forEach(function (entry) {
      var li = S.el('li', null, entry.staff ? 'staff' : entry.side);
      li.setAttribute('data-seq', String(entry.seq));
      li.appendChild(S.el('span', (entry.side === 'user' ? S.t('side.user') : entry.staff ? S.t('side.staff') : S.t('side.bot')) + ' · ' + S.formatTime(entry.at, record.timeZone), 'meta'));
      var text = S.el('span', [entry.text, entry.chosen ? S.t('entry.chosen', { value: entry.chosen }) : ''].concat(entry.cards || []).filter(Boolean).join('\n'), 'text');
      if (record.locale) text.lang = record.locale === 'zh' ? 'zh' : record.locale;
      li.appendChild(text);
      if (entry.buttons && entry.buttons.length) li.appendChild(S.el('span', S.t('entry.buttons', { buttons: entry.buttons.join(' | ') }), 'buttons'));
      (entry.shownCards || []).forEach(function (card) { li.appendChild(S.el('span', S.t('entry.card', { id: card.id, version: card.version, asOf: card.asOf }), 'shown-card')); });
      transcript.appendChild(li);
    });
  }

  function loadFeatures() {
    if (features) return Promise.resolve(features);
    return S.api('GET', '/staff/api/features').then(function (answer) {
      if (answer.status === 200) features = answer.data;
      return features;
    });
  }

  /** Opens a conversation (or reloads the current one), then says `message` when given. */
  function open(key, message) {
    if (key) current = key;
    if (!current) return;
    if (!message) S.say(S.t('list.loading'));
    loadFeatures().then(function () {
      return S.api('GET', '/staff/api/conversations/' + encodeURIComponent(current.channelId) + '/' + encodeURIComponent(current.conversationId));
    }).then(function (answer) {
      if (answer.status === 401) return;
      if (answer.status !== 200) { S.say(answer.data.message || S.t('error.generic'), true); return; }
      record = answer.data;
      render();
      S.say(message || '');
    });
  }

  function wire() {
    $('back').addEventListener('click', function () { S.show('list-view'); });
    $('export-one').addEventListener('click', function () {
      S.download(new URLSearchParams({ format: 'json', channelId: current.channelId, conversationId: current.conversationId }));
    });
    $('export-one-csv').addEventListener('click', function () {
      S.download(new URLSearchParams({ format: 'csv', channelId: current.channelId, conversationId: current.conversationId }));
    });
    $('delete-one').addEventListener('click', function () {
      var typed = window.prompt(S.t('delete.confirm', { id: current.conversationId }));
      if (typed === null) return;
      S.api('DELETE', '/staff/api/conversations/' + encodeURIComponent(current.channelId) + '/' + encodeURIComponent(current.conversationId), { confirm: typed }).then(function (answer) {
        if (answer.status !== 200) { S.say(answer.data.message || S.t('error.generic'), true); return; }
        S.show('list-view', { message: S.t('delete.done') });
      });
    });
  }

  S.view('conversation-view', { show: function (key) { open(key); }, refresh: function () { open(); } });
  document.addEventListener('DOMContentLoaded', wire);
})();
