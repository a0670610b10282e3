/* The dashboard view: filled in by its own change. */
(function () {
  'use strict';
  window.CaminoStaff.view('dashboard-view', { show: function () { document.getElementById('dashboard').textContent = ''; } });
})();
