// The live SMS segment counter under a text an admin overrides (/manage/texts/).
// It counts what is sent: the text as typed plus the fixed part added after it.
// The GSM-7 alphabet comes from the page (data-gsm7, data-gsm7-ext), written by
// amparo/texts/segments.py, so the two counts never disagree. The page shows
// the saved text's count without JavaScript; this only keeps it current.
(function () {
  "use strict";
  var out = document.querySelector("[data-segments-for]");
  if (!out) return;
  var box = document.getElementById(out.dataset.segmentsFor);
  if (!box) return;
  var basic = new Set(Array.from(out.dataset.gsm7 || ""));
  var ext = new Set(Array.from(out.dataset.gsm7Ext || ""));
  var fixed = out.dataset.fixed || "";

  function count(text) {
    var chars = Array.from(text);
    var gsm = chars.every(function (c) { return basic.has(c) || ext.has(c); });
    if (gsm) {
      var septets = chars.reduce(function (n, c) { return n + (ext.has(c) ? 2 : 1); }, 0);
      return {chars: chars.length, encoding: "gsm", units: septets,
              segments: septets <= 160 ? 1 : Math.ceil(septets / 153)};
    }
    var units = text.length; // UTF-16 code units: a character outside the BMP takes two
    return {chars: chars.length, encoding: "ucs2", units: units,
            segments: units <= 70 ? 1 : Math.ceil(units / 67)};
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_m, k) { return values[k] === undefined ? "" : values[k]; });
  }

  function update() {
    var typed = box.value.trim();
    var c = count(fixed ? typed + " " + fixed : typed);
    out.textContent = fill(out.dataset.template, {
      chars: c.chars,
      encoding: c.encoding === "gsm" ? out.dataset.gsmName : out.dataset.ucs2Name,
      segments: c.segments
    });
  }

  box.addEventListener("input", update);
  update();
})();
