// saidwhat web UI: small progressive enhancements; every page works without it.
// No innerHTML anywhere: stored strings are untrusted.
(function () {
  "use strict";

  // Article page: hovering a statement highlights its spans in the text, and back.
  function linkQuotes() {
    var text = document.getElementById("article-text");
    if (!text) return;
    function spansOf(q) {
      return text.querySelectorAll("[data-q]");
    }
    function setActive(q, on) {
      if (!q) return;
      spansOf(q).forEach(function (el) {
        if ((" " + el.getAttribute("data-q") + " ").indexOf(" " + q + " ") >= 0) {
          el.classList.toggle("active", on);
        }
      });
      var item = document.getElementById(q);
      if (item) item.classList.toggle("active", on);
    }
    document.querySelectorAll(".quotes li[data-q]").forEach(function (li) {
      var q = li.getAttribute("data-q");
      li.addEventListener("mouseenter", function () { setActive(q, true); });
      li.addEventListener("mouseleave", function () { setActive(q, false); });
    });
    text.addEventListener("click", function (ev) {
      var el = ev.target.closest ? ev.target.closest("span[data-q]") : null;
      if (!el) return;
      var q = (el.getAttribute("data-q") || "").split(" ")[0];
      var item = q && document.getElementById(q);
      if (item) item.scrollIntoView({ behavior: "smooth", block: "center" });
    });
  }

  // Network page: hovering a node dims everything it is not connected to.
  function linkNetwork() {
    var svg = document.getElementById("network");
    if (!svg) return;
    var edges = svg.querySelectorAll(".edge");
    svg.querySelectorAll(".node").forEach(function (node) {
      var id = node.getAttribute("data-node");
      node.addEventListener("mouseenter", function () {
        var near = {};
        near[id] = true;
        edges.forEach(function (e) {
          var s = e.getAttribute("data-source"), t = e.getAttribute("data-target");
          var on = s === id || t === id;
          e.classList.toggle("active", on);
          if (on) { near[s] = true; near[t] = true; }
        });
        svg.querySelectorAll(".node").forEach(function (n) {
          n.classList.toggle("dim", !near[n.getAttribute("data-node")]);
        });
      });
      node.addEventListener("mouseleave", function () {
        edges.forEach(function (e) { e.classList.remove("active"); });
        svg.querySelectorAll(".node").forEach(function (n) { n.classList.remove("dim"); });
      });
    });
  }

  // Speaker fields: names of speakers as one types (a <datalist> filled from /api/speakers).
  function suggestSpeakers() {
    document.querySelectorAll("input[data-suggest=speakers]").forEach(function (input) {
      var list = document.getElementById(input.getAttribute("list"));
      if (!list || !window.fetch) return;
      var timer = null, last = "";
      input.addEventListener("input", function () {
        var q = input.value.trim();
        clearTimeout(timer);
        if (q.length < 2 || q === last) return;
        timer = setTimeout(function () {
          last = q;
          fetch("/api/speakers?per_page=8&q=" + encodeURIComponent(q))
            .then(function (r) { return r.ok ? r.json() : { speakers: [] }; })
            .then(function (data) {
              while (list.firstChild) list.removeChild(list.firstChild);
              (data.speakers || []).forEach(function (sp) {
                var opt = document.createElement("option");
                opt.value = sp.name;  // text only: never parsed as HTML
                list.appendChild(opt);
              });
            })
            .catch(function () {});
        }, 150);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    linkQuotes();
    linkNetwork();
    suggestSpeakers();
  });
})();
