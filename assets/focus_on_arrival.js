// After the app moves to another page (a command's redirect, a link), focus would be left on
// <body> or on a button that no longer exists, and a keyboard or screen-reader user would have to
// find their place again. Here it goes to the new page's heading (main h1), as a reader expects
// from a page load. A page that put focus somewhere itself (a form's first field) keeps it.
(function () {
  var WAIT_MS = 5000;

  function arrive() {
    // Called as the URL changes, while the old page is still on screen: wait for the new page's
    // heading (a new element, or after a second the same one re-used), then move the focus there
    // unless the new page has put it somewhere itself.
    var before = document.activeElement;
    var oldHeading = document.querySelector("main h1");
    var started = Date.now();
    (function look() {
      var now = document.activeElement;
      var placed = now && now !== before && now !== document.body && now.isConnected;
      if (placed) return;
      var heading = document.querySelector("main h1");
      var fresh = heading && (heading !== oldHeading || !oldHeading.isConnected || Date.now() - started > 1000);
      if (fresh && !document.querySelector("main [aria-busy=true]")) {
        if (!heading.hasAttribute("tabindex")) heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: true });
        return;
      }
      if (Date.now() - started < WAIT_MS) setTimeout(look, 50);
    })();
  }

  ["pushState", "replaceState"].forEach(function (name) {
    var original = history[name];
    history[name] = function () {
      var before = location.pathname;
      var result = original.apply(this, arguments);
      if (location.pathname !== before) arrive();
      return result;
    };
  });
  window.addEventListener("popstate", arrive);
})();
