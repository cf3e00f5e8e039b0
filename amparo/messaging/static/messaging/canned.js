// Choosing a canned reply fills the message box, where the dispatcher can edit
// it before sending. Without JavaScript, "Send canned reply" sends it as is.
(function () {
  "use strict";
  document.querySelectorAll("select[data-fills]").forEach(function (select) {
    var target = document.getElementById(select.dataset.fills);
    if (!target) return;
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      if (option && option.dataset.text !== undefined) {
        target.value = option.dataset.text;
        target.focus();
      }
    });
  });
})();
