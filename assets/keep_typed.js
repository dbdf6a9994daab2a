// Text typed into a field marked data-keep-typed="<key>" is copied to this tab's sessionStorage
// (per page) until the page says it was sent. When a command finds the session ended, the page
// goes to sign-in and back; the same field on the same page then gets the text again, as if
// typed. Keys carry the person's id, so nobody else signing in on this tab gets it; Sign Out
// forgets all of them.
(function () {
  var PREFIX = "keep_typed:";
  var MAX_AGE_MS = 12 * 60 * 60 * 1000;
  var MAX_CHARS = 20000;

  function storageKey(key) {
    return PREFIX + location.pathname + ":" + key;
  }

  function keep(event) {
    var el = event.target;
    var key = el && el.getAttribute && el.getAttribute("data-keep-typed");
    if (!key) return;
    try {
      if (el.value && el.value.length <= MAX_CHARS) {
        sessionStorage.setItem(storageKey(key), JSON.stringify({ value: el.value, at: Date.now() }));
      } else {
        sessionStorage.removeItem(storageKey(key));
      }
    } catch (e) {
      /* storage full or disabled: the text stays in the page only */
    }
  }

  function kept(key) {
    try {
      var copy = JSON.parse(sessionStorage.getItem(storageKey(key)) || "null");
      if (copy && typeof copy.value === "string" && Date.now() - copy.at < MAX_AGE_MS) return copy.value;
    } catch (e) {
      /* unreadable: nothing kept */
    }
    return "";
  }

  function restore(el) {
    var key = el.getAttribute("data-keep-typed");
    if (!key || el.value || el.getAttribute("data-keep-restored") === key) return;
    var value = kept(key);
    if (!value) return;
    el.setAttribute("data-keep-restored", key);
    // As if typed: React's own value setter, then the input event its onChange listens to, then
    // leaving the field, which makes a debounced input send the value now rather than later.
    var setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), "value").set;
    setter.call(el, value);
    el.dispatchEvent(new Event("input", { bubbles: true }));
    el.dispatchEvent(new FocusEvent("focusout", { bubbles: true }));
  }

  function scan() {
    var fields = document.querySelectorAll("[data-keep-typed]");
    for (var i = 0; i < fields.length; i++) restore(fields[i]);
  }

  document.addEventListener("input", keep, true);
  new MutationObserver(scan).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["data-keep-typed"],
  });

  window.workflowKeepTyped = {
    forget: function (key) {
      sessionStorage.removeItem(storageKey(key));
    },
    forgetAll: function () {
      for (var i = sessionStorage.length - 1; i >= 0; i--) {
        var name = sessionStorage.key(i);
        if (name && name.indexOf(PREFIX) === 0) sessionStorage.removeItem(name);
      }
    },
  };
})();
