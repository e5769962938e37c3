// Highlight the passage a link points at (#span-B-E): the text is cut into pieces, so the
// pieces carrying the span's class are marked. Pages work without it.
(function () {
  function mark() {
    document.querySelectorAll(".mark.current").forEach(function (el) { el.classList.remove("current"); });
    var id = decodeURIComponent(location.hash.slice(1));
    if (!/^span-\d+-\d+$/.test(id)) { return; }
    document.querySelectorAll(".mark." + id).forEach(function (el) { el.classList.add("current"); });
  }
  window.addEventListener("hashchange", mark);
  mark();
})();
