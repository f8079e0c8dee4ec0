// "Tout cocher" for the applications list: a convenience, the form works without it.
document.addEventListener("DOMContentLoaded", function () {
  var all = document.getElementById("tout-cocher");
  if (!all) return;
  var boxes = document.querySelectorAll("#actions-groupees input[name='ids']");
  all.closest("[hidden]") && all.closest("[hidden]").removeAttribute("hidden");
  all.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
  });
});
