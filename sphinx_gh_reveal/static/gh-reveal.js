// sphinx-gh-reveal.
//
// Course pages: "View as slides" opens the deck at the slide the reader is
// looking at, when the page address names one of the course's (#id).
//
// Course decks: what is not shown cannot be reached or heard.
// * Every slide but the one shown is `inert`: Tab never lands on a link
//   nobody sees (reveal.js only dims them and sets aria-hidden).
// * A fragment not yet shown is `inert` and aria-hidden, so it is neither
//   read out (reveal.js's announcement skips aria-hidden text) nor reachable.
// * A code block that scrolls gets tabindex=0, a role and a label, so the
//   keyboard can reach and scroll it; Up/Down scroll it while it can scroll,
//   then move the slides again.
// The attributes follow the classes reveal.js sets (a MutationObserver, run
// before reveal.js announces a slide), the overview and the print view.
(function () {
  "use strict";

  function pageLinks() {
    document.querySelectorAll("a.ghr-view-slides").forEach(function (link) {
      link.addEventListener("click", function () {
        var id = decodeURIComponent(window.location.hash.slice(1));
        var target = id && document.getElementById(id);
        // singlehtml shows several courses on one page: only this course's slides.
        var course = link.closest("section");
        if (target && (!course || course.contains(target))) {
          link.href = link.href.split("#")[0] + "#/" + encodeURIComponent(id);
        }
      });
    });
  }

  var OURS = "data-ghr-inert"; // marks the attributes this script set

  function setHidden(element, hidden, withAria) {
    if (hidden) {
      if (!element.hasAttribute(OURS)) {
        element.setAttribute(OURS, "");
        element.inert = true;
        if (withAria) element.setAttribute("aria-hidden", "true");
      }
    } else if (element.hasAttribute(OURS)) {
      element.removeAttribute(OURS);
      element.inert = false;
      if (withAria) element.removeAttribute("aria-hidden");
    }
  }

  // The text a screen reader gets from an element (what is not hidden).
  function readable(node) {
    if (node.nodeType === 3) return node.textContent;
    if (node.nodeType !== 1 || node.getAttribute("aria-hidden") === "true" ||
        getComputedStyle(node).display === "none") return "";
    return Array.prototype.map.call(node.childNodes, readable).join("").replace(/\s+/g, " ");
  }

  function deck(Reveal) {
    var slides = document.querySelector(".reveal .slides");
    var main = document.querySelector("main.ghr-deck");
    var codeLabel = (main && main.getAttribute("data-ghr-code-label")) || "Code";

    function everyoneShown() {
      return Reveal.isOverview() || Reveal.isPrintView();
    }

    function syncSlide(section) {
      setHidden(section, !everyoneShown() && !section.classList.contains("present"), false);
    }

    function syncFragment(fragment) {
      var hidden = !everyoneShown() && !fragment.classList.contains("visible");
      setHidden(fragment, hidden, true);
    }

    function syncCode() {
      var current = Reveal.getCurrentSlide();
      if (!current) return;
      current.querySelectorAll("pre, pre > code").forEach(function (box) {
        var style = getComputedStyle(box);
        var scrolls = /(auto|scroll)/.test(style.overflowY + style.overflowX) &&
          (box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1);
        if (scrolls && !box.hasAttribute("tabindex")) {
          var pre = box.closest("pre");
          var code = pre.querySelector("code");
          var language = code && /(?:^|\s)language-([\w+#-]+)/.exec(code.className);
          box.setAttribute("tabindex", "0");
          box.setAttribute("role", "group");
          box.setAttribute("aria-label", language ? codeLabel + " (" + language[1] + ")" : codeLabel);
          box.setAttribute("data-ghr-scroll", "");
        }
      });
    }

    function syncAll() {
      slides.querySelectorAll("section").forEach(syncSlide);
      slides.querySelectorAll(".fragment").forEach(syncFragment);
      syncCode();
    }

    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        var target = change.target;
        if (target.tagName === "SECTION") syncSlide(target);
        if (target.classList.contains("fragment")) syncFragment(target);
      });
    }).observe(slides, { subtree: true, attributes: true, attributeFilter: ["class"] });

    ["overviewshown", "overviewhidden", "pdf-ready", "resize"].forEach(function (type) {
      Reveal.on(type, syncAll);
    });
    // reveal.js announces a fragment as it shows it, before the observer
    // has lifted its aria-hidden: say it again once it can be read.
    Reveal.on("fragmentshown", function (event) {
      var status = document.querySelector(".reveal .aria-status");
      var shown = event.fragments || [event.fragment];
      shown.forEach(syncFragment);
      if (status) status.textContent = shown.map(readable).join(" ").trim();
    });
    Reveal.on("slidechanged", syncCode);
    Reveal.on("slidetransitionend", syncCode);

    // Up/Down scroll a focused code block while it can scroll that way.
    document.addEventListener("keydown", function (event) {
      var box = event.target;
      if (!(box instanceof Element) || !box.hasAttribute("data-ghr-scroll")) return;
      var down = event.key === "ArrowDown", up = event.key === "ArrowUp";
      if ((down && box.scrollTop + box.clientHeight < box.scrollHeight - 1) ||
          (up && box.scrollTop > 0)) {
        event.stopImmediatePropagation();
      }
    }, true);

    syncAll();
  }

  document.addEventListener("DOMContentLoaded", pageLinks);
  var Reveal = window.Reveal;
  if (Reveal && document.querySelector(".reveal .slides")) {
    if (Reveal.isReady()) deck(Reveal);
    else Reveal.on("ready", function () { deck(Reveal); });
  }
})();
