// What `sphinx-gh-reveal pdf` runs in the deck's page (see pdf.py).
// Installed before the deck's own scripts, as `window.__ghRevealPdf`.
(() => {
  const pdf = {
    // Set by a capturing listener, so reveal.js's `pdf-ready` is seen even
    // though it is dispatched on `.reveal` before the command could ask.
    printReady: false,

    // `Reveal` is a function (the constructor, with the default deck's API on it).
    hasReveal() {
      return Boolean(window.Reveal) && typeof window.Reveal.isReady === "function";
    },

    mediaLoaded() {
      return Array.from(document.images).every((image) => image.complete);
    },

    // MathJax 3 (course math, see offline_math.py) typesets after load: wait
    // for it, so that formulas are drawn and the slides measured with them.
    mathTypeset() {
      const startup = window.MathJax && window.MathJax.startup;
      return startup && startup.promise ? startup.promise.then(() => null) : null;
    },

    // Scale each slide taller than its page down to fit, keeping reveal.js's
    // margin; say what was scaled, and how many slides and notes pages there are.
    fitAndCount() {
      const size = Reveal.getComputedSlideSize(window.innerWidth, window.innerHeight);
      const pages = Array.from(document.querySelectorAll(".reveal .slides .pdf-page"));
      const scaled = [];
      pages.forEach((page, index) => {
        const slide = page.querySelector(":scope > section");
        if (!slide || slide.scrollHeight <= page.clientHeight) return;
        const margin = Math.max((page.clientHeight - size.height) / 2, 0);
        const scale = (page.clientHeight - 2 * margin) / slide.scrollHeight;
        const width = slide.offsetWidth;
        // zoom scales the slide's own left and top too: give them unscaled.
        slide.style.zoom = String(scale);
        slide.style.top = margin / scale + "px";
        slide.style.left = (page.clientWidth - width * scale) / 2 / scale + "px";
        const heading = slide.querySelector("h1, h2, h3, h4, h5, h6");
        scaled.push({
          slide: index + 1,
          percent: Math.floor(scale * 100),
          title: heading ? heading.textContent.trim() : "",
        });
      });
      const notes = document.querySelectorAll(
        '.reveal .slides .speaker-notes-pdf[data-layout="separate-page"]'
      ).length;
      return { slides: pages.length, notes, scaled };
    },
  };
  document.addEventListener("pdf-ready", () => { pdf.printReady = true; }, true);
  window.__ghRevealPdf = pdf;
})();
