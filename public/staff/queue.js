/* The queue view: filled in by its own change. */
(function () {
  'use strict';
  window.CaminoStaff.view('queue-view', { show: function () { document.getElementById('queue').textContent = ''; } });
})();
