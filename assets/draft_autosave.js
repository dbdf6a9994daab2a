// The browser layer of autosave (SPEC §3): every keystroke in a form marked with
// data-autosave-key is copied to localStorage by the browser itself, so typed text survives
// even while the server connection is down. The server layer lives in the page's state.
(function () {
  var KEY = /^draft_autosave_[0-9a-f]+_[0-9a-z]+$/;

  function value(form, name) {
    var el = form.querySelector('[name="' + name + '"]');
    return el ? el.value : null;
  }

  function snapshot(form) {
    var visibility = form.querySelector('[name="visibility"]:checked');
    return {
      title: value(form, "title"),
      description: value(form, "description"),
      category: value(form, "category"),
      visibility: visibility ? visibility.value : null,
      timestamp: Date.now(),
    };
  }

  function remember(event) {
    var form = event.target && event.target.closest && event.target.closest("[data-autosave-key]");
    if (!form) return;
    var key = form.getAttribute("data-autosave-key");
    if (!KEY.test(key || "")) return;
    try {
      localStorage.setItem(key, JSON.stringify(snapshot(form)));
    } catch (e) {
      /* storage full or disabled: the server layer still saves */
    }
  }

  document.addEventListener("input", remember, true);
  document.addEventListener("change", remember, true);

  window.workflowDrafts = {
    read: function (key) {
      return localStorage.getItem(key);
    },
    clear: function (key) {
      localStorage.removeItem(key);
    },
    move: function (from, to) {
      var copy = localStorage.getItem(from);
      if (copy !== null) {
        localStorage.setItem(to, copy);
        localStorage.removeItem(from);
      }
    },
  };
})();
