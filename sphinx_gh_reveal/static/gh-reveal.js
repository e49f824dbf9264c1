// sphinx-gh-reveal, course pages: "View as slides" opens the deck at the
// slide the reader is looking at, when the page address names one (#id).
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("a.ghr-view-slides").forEach(function (link) {
    link.addEventListener("click", function () {
      var id = decodeURIComponent(window.location.hash.slice(1));
      if (id && document.getElementById(id)) {
        link.href = link.href.split("#")[0] + "#/" + encodeURIComponent(id);
      }
    });
  });
});
