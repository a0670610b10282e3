/* The audit view: filled in by its own change. */
(function () {
  'use strict';
  window.CaminoStaff.view('audit-view', { show: function () { document.getElementById('audit').textContent = ''; } });
})();
