// The static book's own script (added by _config.yml: html_js_files).
//
// pydata-sphinx-theme makes every code block or output that scrolls sideways a Tab stop, so that
// keyboard users can scroll it (axe-core: scrollable-region-focusable). It checks when the page
// loads, when the window is resized and when elements are added, but not when a reader opens a
// hidden cell (<details>) or a solution (sphinx-togglebutton), whose wide code was not
// scrollable while hidden. Ask the theme to check again then, as a resize would.
(function () {
  "use strict";
  function recheck() {
    window.dispatchEvent(new Event("resize"));
  }
  document.addEventListener("toggle", recheck, true);
  document.addEventListener("click", function (event) {
    if (event.target.closest(".toggle-button, .admonition.toggle > .admonition-title")) {
      setTimeout(recheck, 0);
    }
  });
})();
