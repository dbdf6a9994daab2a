// The browser layer of autosave (SPEC §3): every keystroke in a form marked with
// data-autosave-key is copied to localStorage by the browser itself, so typed text survives
// even while the server connection is down. The server layer lives in the page's state.
(function () {
  // draft_autosave_{userId}_{ideaId|new} and descriptor_autosave_{userId}_{descriptorId|new}
  var KEY = /^(draft|descriptor)_autosave_[0-9a-f]+_[0-9a-z]+$/;

  function snapshot(form) {
    var copy = {};
    for (var i = 0; i < form.elements.length; i++) {
      var el = form.elements[i];
      if (!el.name || ((el.type === "radio" || el.type === "checkbox") && !el.checked)) continue;
      copy[el.name] = el.value;
    }
    copy.timestamp = Date.now();
    return copy;
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
