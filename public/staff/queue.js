/* The handoff queue: open leads, urgent first, then whoever has waited longest. */
(function () {
  'use strict';

  var S = window.CaminoStaff;
  var $ = function (id) { return document.getElementById(id); };
  var built = false;

  function build() {
    var box = $('queue');
    var form = S.el('form');
    form.id = 'queue-filters';
    var label = S.el('label');
    label.appendChild(S.el('span', S.t('queue.show')));
    var select = S.el('select');
    select.name = 'filter';
    ['open', 'new', 'contacted', 'closed'].forEach(function (value) {
      var option = S.el('option', S.t('queue.filter.' + value));
      option.value = value;
      select.appendChild(option);
    });
    label.appendChild(select);
    form.appendChild(label);
    var mine = S.el('label', null, 'inline');
    var check = S.el('input');
    check.type = 'checkbox';
    check.name = 'mine';
    mine.appendChild(check);
    mine.appendChild(S.el('span', S.t('queue.mine')));
    form.appendChild(mine);
    var submit = S.el('button', S.t('filter.apply'));
    submit.type = 'submit';
    form.appendChild(submit);
    form.addEventListener('submit', function (event) { event.preventDefault(); load(); });
    box.appendChild(form);
    var table = S.dataTable('queue.caption', ['queue.col.outcome', 'queue.col.waiting', 'col.channel', 'col.language', 'queue.col.status', 'queue.col.assignee', 'queue.col.notes', ''], 'queue-rows');
    table.id = 'queue-table';
    box.appendChild(table);
    built = true;
  }

  /** Loads the queue; `message` replaces the count in the status line when given. */
  function load(message) {
    var form = $('queue-filters');
    var params = new URLSearchParams({ filter: form.elements.filter.value, mine: form.elements.mine.checked ? 'true' : 'false' });
    S.say(S.t('list.loading'));
    S.api('GET', '/staff/api/leads?' + params.toString()).then(function (answer) {
      if (answer.status === 401) return;
      if (answer.status !== 200) { S.say(answer.data.message || S.t('error.generic'), true); return; }
      var now = Date.parse(answer.data.now) || Date.now();
      var rows = $('queue-rows');
      rows.textContent = '';
      answer.data.items.forEach(function (item) {
        var tr = S.el('tr', null, item.outcome === 'urgent' ? 'urgent-row' : '');
        S.cell(tr, S.t('outcome.' + item.outcome), item.outcome === 'urgent' ? 'urgent' : '');
        S.cell(tr, item.status === 'closed' ? '' : S.formatAge(item.createdAt, now));
        S.cell(tr, item.channelId);
        S.cell(tr, item.locale);
        S.cell(tr, S.t('status.' + item.status) + (item.endReason ? ' · ' + S.t('endReason.' + item.endReason) : ''));
        S.cell(tr, item.assignee ? item.assignee.email : S.t('queue.unassigned'));
        S.cell(tr, String(item.notes));
        var actions = S.cell(tr, '');
        actions.appendChild(S.button(S.t('list.open'), function () { S.show('conversation-view', { channelId: item.channelId, conversationId: item.conversationId }); }));
        var me = S.me();
        if (item.status !== 'closed' && (!item.assignee || item.assignee.id !== (me && me.accountId))) {
          actions.appendChild(S.button(S.t('lead.assignMe'), function () {
            S.api('POST', '/staff/api/leads/' + encodeURIComponent(item.leadId) + '/assign', { to: 'me' }).then(function (done) {
              if (done.status !== 200) { S.say(done.data.message || S.t('error.generic'), true); return; }
              load(S.t('lead.assigned'));
            });
          }, 'secondary'));
        }
        rows.appendChild(tr);
      });
      S.say(message || (answer.data.items.length === 0 ? S.t('queue.empty') : S.t('queue.count', { count: answer.data.items.length })));
    });
  }

  S.view('queue-view', {
    show: function () {
      if (!built) build();
      load();
    },
    refresh: function () {
      $('queue').textContent = '';
      built = false;
      build();
      load();
    },
  });
})();
