/* The subscribe page without it works fully; with it: copy buttons, the German/English toggle of the static
   page, a feed list opened when a link points into it, and every list opened for printing. */
(function () {
  "use strict";
  var root = document.documentElement;

  function openTarget() {
    var id = window.location.hash.slice(1);
    var target = id && document.getElementById(id);
    var list = target && target.closest ? target.closest("details") : null;
    if (list) { list.open = true; target.scrollIntoView(); }
  }

  function copy(button) {
    var text = button.getAttribute("data-copy");
    var done = function () {
      button.classList.add("copied");
      var label = button.querySelector("[lang=" + root.lang + "]") || button;
      var before = label.textContent;
      label.textContent = button.getAttribute(root.lang === "en" ? "data-done-en" : "data-done") || "✓";
      window.setTimeout(function () { label.textContent = before; button.classList.remove("copied"); }, 2000);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { select(button); });
    } else {
      select(button);
    }
  }

  function select(button) {
    var code = button.parentNode.querySelector("code");
    if (!code || !window.getSelection) { return; }
    var range = document.createRange();
    range.selectNodeContents(code);
    window.getSelection().removeAllRanges();
    window.getSelection().addRange(range);
  }

  function showLanguage(language) {
    root.lang = language;
    document.title = language === "en"
      ? "Intercultural Calendar Heidelberg: subscribe"
      : "Interkultureller Kalender Heidelberg: Kalender abonnieren";
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("button.copy[data-copy]"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { copy(button); });
    });
    var toggle = document.getElementById("language-toggle");
    if (toggle && document.body.classList.contains("subscribe-page")) {
      toggle.hidden = false;
      if (window.location.hash === "#en") { showLanguage("en"); }
      toggle.addEventListener("click", function () {
        var next = root.lang === "en" ? "de" : "en";
        showLanguage(next);
        if (window.history && window.history.replaceState) {
          window.history.replaceState(null, "", next === "en" ? "#en" : window.location.pathname);
        }
      });
    }
    openTarget();
    window.addEventListener("hashchange", openTarget);
    window.addEventListener("beforeprint", function () {
      Array.prototype.forEach.call(document.querySelectorAll(".subscribe details.feed-list"), function (list) {
        list.open = true;
      });
    });
  });
}());
