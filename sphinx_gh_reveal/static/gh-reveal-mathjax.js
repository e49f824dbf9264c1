/* sphinx-gh-reveal: configuration of the bundled MathJax 3 (SVG output).
 * Loaded before tex-svg-full.js on course pages and decks that hold math.
 * Sphinx writes formulas between \( \) and \[ \]; the course's own
 * window.MathJax settings (mathjax3_config), if any, are kept and win. */
(function () {
  "use strict";
  var given = window.MathJax || {};
  var relayout = function () {
    // A deck lays out its slides (and its ?print-pdf pages) before the
    // formulas have their size: lay it out again once they are typeset.
    if (window.Reveal && typeof window.Reveal.isReady === "function" && window.Reveal.isReady()) {
      window.Reveal.layout();
    }
    document.documentElement.setAttribute("data-ghr-math", "typeset");
  };
  window.MathJax = Object.assign(
    {
      tex: { inlineMath: [["\\(", "\\)"]], displayMath: [["\\[", "\\]"]] },
      svg: { fontCache: "local" },
      startup: {
        pageReady: function () {
          return window.MathJax.startup.defaultPageReady().then(relayout);
        },
      },
    },
    given
  );
})();
