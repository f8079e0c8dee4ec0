// Character counters of long answers (the application's and the proposal's forms):
// "1 612 / 1 500 caractères" under the field, for every field marked data-limit.
//
// The limit is never enforced by the browser (a maxlength would silently cut a pasted
// text): the server refuses an answer over its limit and the text stays on the page, so
// the counter says how far over it is. The counter is read with the field (it describes
// it); screen readers hear it on their own only near the limit (from 90 %) and over it,
// once per change of state when typing pauses, in the page's status region (#annonce):
// a count spoken at every pause would drown the typing.
(function () {
  "use strict";
  var format = new Intl.NumberFormat("fr-FR");
  var NEAR = 0.9;

  function state(length, limit) {
    if (length > limit) {
      return "over";
    }
    return length >= Math.ceil(limit * NEAR) ? "near" : "under";
  }

  function visible(length, limit) {
    var words = format.format(length) + " / " + format.format(limit) + " caractères";
    if (length > limit) {
      words += " : " + format.format(length - limit) + " de trop, raccourcissez ce texte.";
    }
    return words;
  }

  function spoken(now, before, length, limit) {
    if (now === "over") {
      return format.format(length - limit) + " caractères de trop sur " + format.format(limit) +
        " : raccourcissez ce texte.";
    }
    if (now === "near") {
      var left = limit - length;
      return (left === 0 ? "Limite atteinte : " : "Plus que " + format.format(left) +
        (left === 1 ? " caractère" : " caractères") + " : ") + "limite de " +
        format.format(limit) + " caractères.";
    }
    return before === "over" ? "Texte revenu dans la limite de " + format.format(limit) +
      " caractères." : "";
  }

  function announce(text) {
    if (text) {
      document.dispatchEvent(new CustomEvent("announce", { detail: { value: text } }));
    }
  }

  document.querySelectorAll("[data-limit]").forEach(function (field) {
    var counter = document.getElementById(field.id + "-compteur");
    var limit = parseInt(field.getAttribute("data-limit"), 10);
    if (!counter || !limit) {
      return;
    }
    var heard = state(field.value.length, limit); // what the page said when it loaded
    var pause = null;
    function update() {
      var length = field.value.length;
      counter.textContent = visible(length, limit);
      counter.classList.toggle("fr-error-text", length > limit);
      return length;
    }
    field.addEventListener("input", function () {
      update();
      window.clearTimeout(pause);
      pause = window.setTimeout(function () {
        var length = update();
        var now = state(length, limit);
        if (now !== heard) {
          announce(spoken(now, heard, length, limit));
          heard = now;
        }
      }, 1500);
    });
    update();
  });
})();
