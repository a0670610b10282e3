/*
 * The Content page: every card in English, Spanish and Chinese side by side, with its status, the day its facts
 * were checked, its version, the days left before its review, its sources and the questions it answers. Cards past
 * their review day come first. Admins land here after signing in while any card is overdue.
 */
(function () {
  'use strict';

  var S = window.CaminoStaff;
  var $ = function (id) { return document.getElementById(id); };
  var LANGUAGES = ['en', 'es', 'zh'];

  function reviewText(card) {
    if (card.overdue) return S.t('content.overdueBy', { days: -card.daysToReview, date: card.dueOn });
    return S.t('content.dueIn', { days: card.daysToReview, date: card.dueOn });
  }

  /** A source as a link when it has an address (opened apart from the staff app), else as plain text. */
  function sourceItem(source) {
    var item = S.el('li');
    var label = source.title + ' — ' + source.publisher + ', ' + source.date;
    if (source.url) {
      var link = S.el('a', label);
      link.href = source.url;
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      item.appendChild(link);
    } else {
      item.appendChild(S.el('span', label));
      item.appendChild(S.el('span', ' ' + S.t('content.noUrl'), 'meta'));
    }
    return item;
  }

  function languageColumn(lang, version) {
    var column = S.el('section', null, 'content-language');
    column.lang = lang === 'zh' ? 'zh-CN' : lang;
    column.setAttribute('aria-label', S.t('content.language.' + lang));
    column.appendChild(S.el('h4', S.t('content.language.' + lang) + ': ' + version.title));
    column.appendChild(S.el('p', S.t('content.versionLine', { version: version.version, date: version.asOf, status: S.t('content.status.' + version.status) }), 'meta'));
    column.appendChild(S.el('h5', S.t('content.sources')));
    var sources = S.el('ul', null, 'content-sources');
    version.sources.forEach(function (source) { sources.appendChild(sourceItem(source)); });
    column.appendChild(sources);
    column.appendChild(S.el('h5', S.t('content.questions')));
    var questions = S.el('ul', null, 'content-questions');
    version.questions.forEach(function (question) { questions.appendChild(S.el('li', question)); });
    column.appendChild(questions);
    return column;
  }

  function cardBlock(card) {
    var block = S.el('article', null, 'content-card' + (card.overdue ? ' overdue' : ''));
    block.setAttribute('data-card', card.id);
    block.appendChild(S.el('h3', card.id));
    var facts = S.el('dl');
    S.fact(facts, S.t('content.status'), S.t('content.status.' + card.status));
    S.fact(facts, S.t('content.checked'), card.asOf);
    S.fact(facts, S.t('content.version'), LANGUAGES.map(function (lang) { return lang + ' v' + card.locales[lang].version; }).join(' · '));
    var review = S.el('dd', reviewText(card), card.overdue ? 'urgent' : '');
    facts.appendChild(S.el('dt', S.t('content.review')));
    facts.appendChild(review);
    S.fact(facts, S.t('content.topics'), card.service ? S.t('content.service') : card.topics.length ? card.topics.join(', ') : S.t('content.noTopic'));
    block.appendChild(facts);
    var grid = S.el('div', null, 'content-grid');
    LANGUAGES.forEach(function (lang) { grid.appendChild(languageColumn(lang, card.locales[lang])); });
    block.appendChild(grid);
    return block;
  }

  function render(overview) {
    var root = $('content');
    root.textContent = '';
    root.appendChild(S.el('p', S.t('content.summary', { days: overview.reviewEveryDays, today: overview.today }), 'summary'));
    root.appendChild(S.el('p', overview.overdue > 0 ? S.t('content.overdueCount', { count: overview.overdue }) : S.t('content.noneOverdue'), overview.overdue > 0 ? 'urgent' : ''));
    overview.cards.forEach(function (card) { root.appendChild(cardBlock(card)); });
  }

  function load() {
    S.say(S.t('list.loading'));
    return S.api('GET', '/staff/api/content').then(function (answer) {
      if (answer.status === 401) return null;
      if (answer.status !== 200) { S.say(answer.data.message || S.t('error.generic'), true); return null; }
      render(answer.data);
      S.say('');
      return answer.data;
    });
  }

  S.view('content-view', {
    show: function () { load(); },
    refresh: function () { load(); },
    /** Admins start here after signing in while a card is past its review day. */
    landsFirst: function (me) {
      if (me.role !== 'admin') return Promise.resolve(false);
      return S.api('GET', '/staff/api/content').then(function (answer) { return answer.status === 200 && answer.data.overdue > 0; });
    },
  });
})();
