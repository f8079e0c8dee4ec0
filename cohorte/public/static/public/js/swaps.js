// After an htmx swap, keep the keyboard where the person acted and say what happened once
// (RGAA 7.1, 7.5): without this, focus fell to the top of the page when a row was replaced.
(function () {
  "use strict";
  var FOCUSABLE = "a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]";
  var remembered = null;

  function focusables(root) {
    return Array.prototype.slice.call(root.querySelectorAll(FOCUSABLE));
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    var active = document.activeElement;
    remembered = null;
    if (!target || !target.id || !active || !target.contains(active)) {
      return;
    }
    remembered = {
      targetId: target.id,
      id: active.id,
      index: focusables(target).indexOf(active),
    };
  });

  document.addEventListener("htmx:afterSettle", function () {
    if (!remembered) {
      return;
    }
    var wanted = remembered;
    remembered = null;
    if (document.activeElement && document.activeElement !== document.body) {
      return; // focus survived the swap
    }
    var target = document.getElementById(wanted.targetId);
    if (!target) {
      return;
    }
    var next = (wanted.id && document.getElementById(wanted.id)) || focusables(target)[wanted.index];
    if (!next) {
      target.setAttribute("tabindex", "-1");
      next = target;
    }
    next.focus();
  });

  // The server names the outcome in an "announce" event (HX-Trigger): one short sentence.
  document.addEventListener("announce", function (event) {
    var region = document.getElementById("annonce");
    if (!region) {
      return;
    }
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = event.detail.value;
    }, 50);
  });
})();
