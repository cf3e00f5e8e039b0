/* Dispatcher console: keyboard shortcuts and relative times. No inline scripts
   anywhere (strict CSP); everything is read from the page's markup. */
(function () {
  "use strict";

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  // --- queue: j/k move, Enter/o open ------------------------------------------------
  var selectedId = null;

  function cards() {
    return Array.prototype.slice.call(document.querySelectorAll("#queue li.card"));
  }

  function select(card) {
    cards().forEach(function (c) { c.classList.remove("selected"); c.removeAttribute("aria-current"); });
    if (!card) { return; }
    card.classList.add("selected");
    card.setAttribute("aria-current", "true");
    selectedId = card.getAttribute("data-incident");
    var link = card.querySelector("a.card-ref");
    if (link) { link.focus({ preventScroll: true }); }
    card.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var list = cards();
    if (!list.length) { return; }
    var i = list.findIndex(function (c) { return c.getAttribute("data-incident") === selectedId; });
    i = i < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, i + step));
    select(list[i]);
  }

  function openSelected() {
    var card = document.querySelector("#queue li.card.selected");
    var link = card && card.querySelector("a.card-ref");
    if (link) { window.location.href = link.href; }
  }

  // The queue is swapped by polling; keep the dispatcher's place in it.
  document.body.addEventListener("htmx:afterSwap", function () {
    if (selectedId) {
      var card = document.querySelector('#queue li.card[data-incident="' + selectedId + '"]');
      if (card) { card.classList.add("selected"); card.setAttribute("aria-current", "true"); }
    }
    refreshTimes();
  });

  // --- incident page: the parts the live poll swaps in place (console/_live.html) ---------
  // A new report or a responder's step must not undo what the dispatcher ticked,
  // chose or typed in a part that is swapped: carry it into the new markup.
  function fieldKey(el) {
    if (el.type === "hidden" || el.type === "submit" || el.type === "button") { return null; }
    if (el.type === "checkbox" || el.type === "radio") { return el.name ? el.name + "=" + el.value : (el.id || null); }
    return el.id || el.name || null;
  }

  var refocus = null;
  document.body.addEventListener("htmx:oobBeforeSwap", function (e) {
    var old = e.detail.target, fresh = e.detail.fragment;
    if (!old || !fresh || !fresh.querySelectorAll) { return; }
    var kept = {};
    old.querySelectorAll("input, textarea, select").forEach(function (el) {
      var key = fieldKey(el);
      if (key) { kept[key] = (el.type === "checkbox" || el.type === "radio") ? el.checked : el.value; }
    });
    fresh.querySelectorAll("input, textarea, select").forEach(function (el) {
      var key = fieldKey(el);
      if (!key || !Object.prototype.hasOwnProperty.call(kept, key)) { return; }
      if (el.type === "checkbox" || el.type === "radio") { el.checked = kept[key]; } else { el.value = kept[key]; }
    });
    var focused = document.activeElement;
    if (focused && focused.id && old.contains(focused)) { refocus = focused.id; }
  });
  document.body.addEventListener("htmx:oobAfterSwap", function () {
    var el = refocus && document.getElementById(refocus);
    refocus = null;
    if (el) { el.focus({ preventScroll: true }); }
    refreshTimes();
  });

  // --- incident page: status buttons, note, reply ---------------------------------------
  function clickKey(key) {
    var button = document.querySelector('#status-form button[data-key="' + key + '"]');
    if (button) { button.click(); return true; }
    return false;
  }

  function focusFirst(selectors) {
    for (var i = 0; i < selectors.length; i++) {
      var el = document.querySelector(selectors[i]);
      if (el) { el.focus(); return true; }
    }
    return false;
  }

  function toggleHelp() {
    var help = document.getElementById("shortcuts");
    if (help) { help.open = !help.open; if (help.open) { help.scrollIntoView({ block: "nearest" }); } }
  }

  var pendingG = false;
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) { return; }
    var onQueue = !!document.getElementById("queue");
    var key = e.key;
    if (pendingG) {
      pendingG = false;
      if (key === "q") { e.preventDefault(); window.location.href = document.getElementById("back-to-queue").href; }
      return;
    }
    if (key === "?") { e.preventDefault(); toggleHelp(); return; }
    if (onQueue) {
      if (key === "j") { e.preventDefault(); move(1); }
      else if (key === "k") { e.preventDefault(); move(-1); }
      else if (key === "o" || (key === "Enter" && document.querySelector("#queue li.card.selected") &&
               (e.target === document.body || e.target.closest("#queue")))) {
        e.preventDefault(); openSelected();
      }
      return;
    }
    if (!document.getElementById("status-form") && !document.getElementById("note-form")) { return; }
    if (key === "g" && document.getElementById("back-to-queue")) { pendingG = true; setTimeout(function () { pendingG = false; }, 1500); return; }
    if ("vcfu".indexOf(key) >= 0 && key.length === 1) { if (clickKey(key)) { e.preventDefault(); } return; }
    if (key === "n") { if (focusFirst(["#note-text"])) { e.preventDefault(); } return; }
    if (key === "r") {
      if (focusFirst(["#reply-text", "#messaging textarea", "#messaging input[type=text]"])) { e.preventDefault(); }
    }
  });

  // --- relative times ("3 minutes ago") stay true between polls -------------------------
  var lang = document.documentElement.lang || "en";
  var rtf = window.Intl && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat(lang, { numeric: "auto" }) : null;

  function relative(date) {
    var seconds = Math.round((date.getTime() - Date.now()) / 1000);
    var abs = Math.abs(seconds);
    if (abs < 60) { return rtf.format(seconds, "second"); }
    if (abs < 3600) { return rtf.format(Math.round(seconds / 60), "minute"); }
    if (abs < 86400) { return rtf.format(Math.round(seconds / 3600), "hour"); }
    return rtf.format(Math.round(seconds / 86400), "day");
  }

  function refreshTimes() {
    if (!rtf) { return; }
    document.querySelectorAll("time[data-relative]").forEach(function (el) {
      var when = new Date(el.getAttribute("datetime"));
      if (!isNaN(when.getTime())) { el.textContent = relative(when); }
    });
  }

  setInterval(refreshTimes, 30000);
})();
