// Progressive help only: every page works without it.
// A form that comes back with problems: move the focus to their summary, so that a screen
// reader announces it and the keyboard starts there.
(function () {
  var summary = document.getElementById('error-summary');
  if (summary) {
    summary.focus();
  }
})();
