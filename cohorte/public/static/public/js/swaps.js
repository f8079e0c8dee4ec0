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

  function announce(text) {
    var region = document.getElementById("annonce");
    if (!region || !text) {
      return;
    }
    region.textContent = "";
    window.setTimeout(function () {
      region.textContent = text;
    }, 50);
  }

  // The server names the outcome in an "announce" event (HX-Trigger): one short sentence.
  // Scripts of the page fire the same event for what they compute themselves.
  document.addEventListener("announce", function (event) {
    announce(event.detail && event.detail.value);
  });

  // A region marked data-live-summary is refreshed whole (an estimate, a cumulative table,
  // an autosave status) but only its one-sentence summary (data-summary inside it) is
  // spoken, and only when it differs from the last one: the rest is there to be read.
  var summaries = {};

  function summaryOf(region) {
    var holder = region.querySelector("[data-summary]");
    return holder ? holder.getAttribute("data-summary") : "";
  }

  function speakIfChanged(region) {
    if (!region || !region.id || !region.hasAttribute("data-live-summary")) {
      return;
    }
    var summary = summaryOf(region);
    if (summary && summary !== summaries[region.id]) {
      announce(summary);
    }
    summaries[region.id] = summary;
  }

  function remember() {
    document.querySelectorAll("[data-live-summary]").forEach(function (region) {
      summaries[region.id] = summaryOf(region);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", remember);
  } else {
    remember();
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    speakIfChanged(event.detail.target);
  });
  // For a region a script fills itself (an autosave that got no answer).
  document.addEventListener("live-summary", function (event) {
    speakIfChanged(event.target);
  });
})();
