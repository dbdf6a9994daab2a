// A table wider than its card scrolls inside it (a phone): its scroll area takes the keyboard
// focus too, so arrow keys can scroll a table that holds no link or button (WCAG 2.1.1; axe's
// scrollable-region-focusable). It is named after the table's heading when one precedes it.
(function () {
  function label(viewport) {
    // The nearest heading before the table: "Pending Review", "Audit log", …
    for (var el = viewport.closest(".rt-TableRoot"); el; el = el.parentElement) {
      for (var s = el.previousElementSibling; s; s = s.previousElementSibling) {
        var heading = s.matches("h1, h2, h3") ? s : s.querySelector("h1, h2, h3");
        if (heading) return heading.textContent.trim();
      }
    }
    return "Table";
  }

  function mark() {
    document.querySelectorAll(".rt-TableRoot .rt-ScrollAreaViewport:not([tabindex])").forEach(function (viewport) {
      viewport.setAttribute("tabindex", "0");
      viewport.setAttribute("role", "region");
      viewport.setAttribute("aria-label", label(viewport));
    });
  }

  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () {
      pending = false;
      mark();
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();
