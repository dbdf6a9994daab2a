// A button marked data-once takes one press until the server has answered it. A second click,
// Enter or Space while the first is on its way is swallowed here, before React sends any event,
// and the button looks busy (styles.css). The hold ends when the button's own `disabled` (the
// state's busy flag) has come and gone, or after HOLD_MS for a command whose answer toggles
// nothing; the server still answers a repeat with the first result (SPEC §3, issue 12).
(function () {
  var HOLD_MS = 1500;

  function release(button, observer, timer) {
    observer.disconnect();
    clearTimeout(timer);
    delete button.dataset.pending;
    button.removeAttribute("aria-busy");
  }

  function hold(button) {
    button.dataset.pending = "1";
    button.setAttribute("aria-busy", "true");
    var sawBusy = false;
    var timer = null;
    var observer = new MutationObserver(function () {
      if (button.disabled) sawBusy = true;
      else if (sawBusy) release(button, observer, timer);
    });
    observer.observe(button, { attributes: true, attributeFilter: ["disabled"] });
    timer = setTimeout(function () {
      if (!button.disabled) release(button, observer, timer);
    }, HOLD_MS);
  }

  document.addEventListener(
    "click",
    function (event) {
      var button = event.target && event.target.closest ? event.target.closest("[data-once]") : null;
      if (!button) return;
      if (button.dataset.pending) {
        event.preventDefault();
        event.stopImmediatePropagation();
        return;
      }
      hold(button);
    },
    true
  );
})();
