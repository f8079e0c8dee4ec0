// A page sent back with errors says so first (RGAA 11.10): its title starts with "Erreur : "
// and focus lands on the summary of errors, whose links lead to each field.
(function () {
  "use strict";
  function start() {
    var summary = document.getElementById("erreurs");
    if (!summary) {
      return;
    }
    if (document.title.indexOf("Erreur : ") !== 0) {
      document.title = "Erreur : " + document.title;
    }
    summary.focus();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
