// Autosave of the application form and of the proposal form (htmx), and the care that
// nothing typed is lost. The form is the one marked data-autosave (or the application's).
//
// - The server's answer (even 401/403/409) is shown in the status line; the form itself
//   is never replaced, so the text stays on the page whatever happens.
// - The CSRF token is read from its cookie at each request: logging in again in another
//   tab renews it.
// - A native submit waits for an autosave in flight (whose answer updates the revision),
//   and no autosave starts once the form is being submitted.
// - Leaving the page with changes that were not saved asks for confirmation.
// - A save answers what it could not save (a section over its limit...): the server swaps
//   in the banner (#autosave-banner) and each faulty field's messages; the messages of the
//   fields fixed since are cleared here first, and each group in error gets its red style.
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]") ||
    document.getElementById("formulaire-candidature");
  if (!form) {
    return;
  }
  var status = document.getElementById("autosave-status");
  var inFlight = false;
  var submitting = false;
  var edits = 0; // changes made on the page
  var savedEdits = 0; // changes known to be saved on the server
  var sentEdits = 0; // changes carried by the autosave in flight
  var pendingSubmit = null;

  function cookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|; )" + name + "=([^;]*)"));
    return match ? decodeURIComponent(match[1]) : null;
  }

  // A refusal the server could not word: shown in the status line, and spoken once like
  // the server's (its summary, public/js/swaps.js).
  function say(text) {
    status.innerHTML = "";
    var p = document.createElement("p");
    p.className = "fr-message fr-message--error";
    p.textContent = text;
    p.setAttribute("data-summary", text);
    status.appendChild(p);
    status.dispatchEvent(new CustomEvent("live-summary", { bubbles: true }));
    keepFieldInSight();
  }

  var GROUPS = ["fr-input-group", "fr-select-group", "fr-fieldset", "fr-checkbox-group"];

  function groupOf(messages) {
    var node = messages.parentElement;
    while (node && node !== form) {
      for (var i = 0; i < GROUPS.length; i += 1) {
        if (node.classList.contains(GROUPS[i])) {
          return { node: node, base: GROUPS[i] };
        }
      }
      node = node.parentElement;
    }
    return null;
  }

  // Messages of file inputs are left alone: files are only sent by the buttons.
  function fieldMessages() {
    return Array.prototype.filter.call(
      form.querySelectorAll(".fr-messages-group"),
      function (group) { return !group.closest(".fr-upload-group"); }
    );
  }

  function clearFieldErrors() {
    fieldMessages().forEach(function (messages) {
      messages.querySelectorAll(".fr-message--error").forEach(function (p) { p.remove(); });
      var group = groupOf(messages);
      if (group) {
        group.node.classList.remove(group.base + "--error");
      }
    });
  }

  function markFieldErrors() {
    fieldMessages().forEach(function (messages) {
      var group = groupOf(messages);
      if (group && messages.querySelector(".fr-message--error")) {
        group.node.classList.add(group.base + "--error");
      }
    });
  }

  form.addEventListener("input", function () { edits += 1; });
  form.addEventListener("change", function () { edits += 1; });

  // Other htmx requests inside the form (the proposal's live estimate) are not saves.
  // The request's events carry the form as their element; the response's events (htmx 2:
  // beforeSwap, afterSwap) carry the target instead, the status line only a save fills.
  function mine(event) {
    var detail = event.detail || {};
    return detail.elt === form || (Boolean(status) && detail.target === status);
  }

  form.addEventListener("htmx:beforeRequest", function (event) {
    if (!mine(event)) {
      return;
    }
    if (submitting) {
      event.preventDefault();
      return;
    }
    inFlight = true;
    sentEdits = edits;
  });

  form.addEventListener("htmx:configRequest", function (event) {
    var token = cookie("csrftoken");
    if (token) {
      event.detail.parameters["csrfmiddlewaretoken"] = token;
      event.detail.headers["X-CSRFToken"] = token;
    }
  });

  form.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.getResponseHeader("X-Autosave") === "1") {
      // Refusals (expired session, stale page, closed call) are meant to be read.
      event.detail.shouldSwap = true;
      event.detail.isError = false;
      if (xhr.status === 200 && mine(event)) {
        savedEdits = sentEdits;
      }
      if (mine(event) && xhr.getResponseHeader("X-Autosave-Saved") === "1") {
        clearFieldErrors();
      }
    } else if (xhr.status >= 400 && mine(event)) {
      event.detail.shouldSwap = false;
      say("Brouillon non enregistré (erreur " + xhr.status + ") : votre texte reste dans cette page. Ne la fermez pas ; utilisez le bouton « Enregistrer le brouillon ».");
    }
  });

  // The status bar stays on screen at the bottom (public.css); when a longer status makes
  // it grow over the field being typed in, the page moves up so that the field shows.
  function keepFieldInSight() {
    var field = document.activeElement;
    var bar = status.closest(".autosave-bar");
    if (!bar || !field || field === document.body || !form.contains(field) || bar.contains(field)) {
      return;
    }
    var line = field.getBoundingClientRect().top + 48; // its first line, with a margin
    var top = bar.getBoundingClientRect().top;
    if (line > top) {
      window.scrollBy(0, line - top);
    }
  }

  form.addEventListener("htmx:afterSwap", function (event) {
    if (mine(event)) {
      markFieldErrors();
      keepFieldInSight();
    }
  });

  form.addEventListener("htmx:sendError", function (event) {
    if (!mine(event)) {
      return;
    }
    say("Connexion impossible : vos dernières modifications ne sont pas enregistrées. Ne fermez pas cette page ; l'enregistrement reprendra à la prochaine modification.");
  });

  form.addEventListener("htmx:afterRequest", function (event) {
    if (!mine(event)) {
      return;
    }
    inFlight = false;
    if (pendingSubmit !== null) {
      var submitter = pendingSubmit.submitter;
      pendingSubmit = null;
      // Let the answer's new revision settle into the form, then submit it.
      window.setTimeout(function () {
        if (submitter) {
          form.requestSubmit(submitter);
        } else {
          form.requestSubmit();
        }
      }, 50);
    }
  });

  form.addEventListener("submit", function (event) {
    if (inFlight) {
      event.preventDefault();
      pendingSubmit = { submitter: event.submitter || null };
      return;
    }
    var token = cookie("csrftoken");
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (token && field) {
      field.value = token;
    }
    submitting = true;
    var buttons = form.querySelectorAll("button[type=submit]");
    window.setTimeout(function () {
      buttons.forEach(function (button) { button.disabled = true; });
    }, 0);
  });

  window.addEventListener("beforeunload", function (event) {
    if (edits > savedEdits && !submitting) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
