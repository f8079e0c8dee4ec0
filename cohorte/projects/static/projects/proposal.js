// Live character counters of the proposal form's sections: "1 612 / 1 500 caractères".
//
// The limit is never enforced by the browser (a maxlength would silently cut a pasted
// text): the server refuses a section over its limit and the text stays on the page, so
// the counter says how far over it is. Screen readers hear it once typing pauses, through
// one polite live region (a counter announced at every keystroke would drown the typing).
(function () {
  "use strict";
  var format = new Intl.NumberFormat("fr-FR");
  var announcer = document.createElement("p");
  announcer.className = "fr-sr-only";
  announcer.setAttribute("aria-live", "polite");
  document.body.appendChild(announcer);

  function text(area) {
    var limit = parseInt(area.getAttribute("data-limit"), 10);
    var length = area.value.length;
    var over = length > limit;
    return {
      over: over,
      words: format.format(length) + " / " + format.format(limit) + " caractères" +
        (over ? " : " + format.format(length - limit) + " de trop, raccourcissez ce texte." : ""),
    };
  }

  document.querySelectorAll("textarea[data-limit]").forEach(function (area) {
    var counter = document.getElementById(area.id + "-compteur");
    if (!counter) {
      return;
    }
    var pause = null;
    function update() {
      var state = text(area);
      counter.textContent = state.words;
      counter.classList.toggle("fr-error-text", state.over);
      return state;
    }
    area.addEventListener("input", function () {
      update();
      window.clearTimeout(pause);
      pause = window.setTimeout(function () { announcer.textContent = update().words; }, 1500);
    });
    update();
  });
})();
