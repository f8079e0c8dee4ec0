// "Copier le lien": copies a tracked link and says so in the live region.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy]");
  if (!button || !navigator.clipboard) return;
  var field = document.getElementById(button.getAttribute("data-copy"));
  navigator.clipboard.writeText(field.value).then(function () {
    document.getElementById("copy-status").textContent = button.getAttribute("data-done");
  });
});
