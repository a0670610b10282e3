/* The audit log for admins: who did what, when and from where, newest first. */
(function () {
  'use strict';

  var S = window.CaminoStaff;
  var $ = function (id) { return document.getElementById(id); };
  var next = null;

  function load(more) {
    var form = $('audit-form');
    var params = new URLSearchParams();
    if (form.elements.action.value.trim()) params.set('action', form.elements.action.value.trim());
    if (form.elements.actor.value.trim()) params.set('actor', form.elements.actor.value.trim());
    if (more && next) params.set('before', String(next));
    S.say(S.t('list.loading'));
    S.api('GET', '/staff/api/audit?' + params.toString()).then(function (answer) {
      if (answer.status === 401) return;
      if (answer.status !== 200) { S.say(answer.data.message || S.t('error.generic'), true); return; }
      var rows = $('audit-rows');
      if (!more) rows.textContent = '';
      answer.data.items.forEach(function (entry) {
        var tr = S.el('tr');
        S.cell(tr, S.formatTime(entry.at));
        S.cell(tr, entry.actorEmail || entry.actor);
        S.cell(tr, entry.action);
        S.cell(tr, entry.targetEmail || entry.target || '');
        S.cell(tr, entry.address || '');
        S.cell(tr, entry.detail ? JSON.stringify(entry.detail) : '', 'detail');
        rows.appendChild(tr);
      });
      next = answer.data.next || null;
      $('audit-older').hidden = !next;
      S.say(rows.children.length === 0 ? S.t('audit.empty') : S.t('audit.count', { count: rows.children.length }));
    });
  }

  function build() {
    var box = $('audit');
    box.textContent = '';
    var form = S.el('form');
    form.id = 'audit-form';
    [['action', 'audit.filter.action'], ['actor', 'audit.filter.actor']].forEach(function (pair) {
      var label = S.el('label');
      label.appendChild(S.el('span', S.t(pair[1])));
      var input = S.el('input');
      input.type = 'search';
      input.name = pair[0];
      input.maxLength = 254;
      label.appendChild(input);
      form.appendChild(label);
    });
    var submit = S.el('button', S.t('filter.apply'));
    submit.type = 'submit';
    form.appendChild(submit);
    form.addEventListener('submit', function (event) { event.preventDefault(); load(false); });
    box.appendChild(form);
    var table = S.dataTable('audit.caption', ['audit.col.at', 'audit.col.actor', 'audit.col.action', 'audit.col.target', 'audit.col.address', 'audit.col.detail'], 'audit-rows');
    box.appendChild(table);
    var older = S.button(S.t('audit.older'), function () { load(true); });
    older.id = 'audit-older';
    older.hidden = true;
    box.appendChild(older);
  }

  S.view('audit-view', { show: function () { build(); load(false); }, refresh: function () { build(); load(false); } });
})();
