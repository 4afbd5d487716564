/* Suggestions under a search box while a citizen types: places (current
 * and pre-2025, a filter of the search) and titles of the datasets the
 * visitor may read, from the thanhhoa_suggest action. Text is set with
 * textContent only; nothing answered is parsed as HTML.
 *
 * CKAN's search form searches again on every "change" of its box (htmx):
 * while the list is open, leaving the box for the list is not a change
 * (the list keeps the focus with the keyboard, and a click on it does not
 * take it from the box). */
ckan.module("thanhhoa-suggest", function () {
  "use strict";
  return {
    options: { url: null, places: "Places", datasets: "Datasets" },

    initialize: function () {
      var input = this.el[0];
      var list = document.createElement("div");
      list.className = "thanhhoa-suggest";
      list.id = input.id + "-suggestions";
      list.hidden = true;
      input.setAttribute("aria-controls", list.id);
      input.setAttribute("aria-autocomplete", "list");
      input.parentNode.appendChild(list);
      this.input = input;
      this.list = list;
      this.timer = null;
      this.asked = "";
      input.addEventListener("input", this._changed.bind(this));
      input.addEventListener("keydown", this._keydown.bind(this));
      input.addEventListener("change", function (event) {
        if (!list.hidden) { event.stopPropagation(); }
      });
      list.addEventListener("mousedown", function (event) { event.preventDefault(); });
      list.addEventListener("keydown", this._move.bind(this));
      document.addEventListener("click", function (event) {
        if (!list.contains(event.target) && event.target !== input) { list.hidden = true; }
      });
      // CKAN starts its modules once its translations have loaded: what was
      // typed before then is answered too
      if (document.activeElement === input && input.value.trim()) { this._changed(); }
    },

    _changed: function () {
      var module = this;
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(function () { module._ask(module.input.value.trim()); }, 150);
    },

    _keydown: function (event) {
      var links = Array.prototype.slice.call(this.list.querySelectorAll("a"));
      if (event.key === "Escape") { this.list.hidden = true; return; }
      if (event.key !== "ArrowDown" || this.list.hidden || !links.length) { return; }
      event.preventDefault();
      links[0].focus();
    },

    _move: function (event) {
      var links = Array.prototype.slice.call(this.list.querySelectorAll("a"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "Escape") { this.list.hidden = true; this.input.focus(); return; }
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") { return; }
      event.preventDefault();
      at += event.key === "ArrowDown" ? 1 : -1;
      if (at < 0) { this.input.focus(); } else if (at < links.length) { links[at].focus(); }
    },

    _ask: function (typed) {
      var module = this;
      if (typed.length < 2) { this.list.hidden = true; return; }
      this.asked = typed;
      fetch(this.options.url + "?q=" + encodeURIComponent(typed), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (body) {
          if (body && body.success && module.asked === typed) { module._show(body.result); }
        })
        .catch(function () { module.list.hidden = true; });
    },

    _show: function (result) {
      var list = this.list;
      list.textContent = "";
      this._group(this.options.places, result.places, function (place) {
        return [place.name, place.note];
      });
      this._group(this.options.datasets, result.datasets, function (dataset) {
        return [dataset.title, ""];
      });
      list.hidden = !list.childNodes.length;
    },

    _group: function (heading, items, texts) {
      if (!items.length) { return; }
      var title = document.createElement("p");
      title.className = "thanhhoa-suggest-heading";
      title.textContent = heading;
      var ul = document.createElement("ul");
      items.forEach(function (item) {
        var li = document.createElement("li");
        var link = document.createElement("a");
        var parts = texts(item);
        link.href = item.url;
        link.textContent = parts[0];
        if (parts[1]) {
          var note = document.createElement("small");
          note.textContent = " · " + parts[1];
          link.appendChild(note);
        }
        li.appendChild(link);
        ul.appendChild(li);
      });
      this.list.appendChild(title);
      this.list.appendChild(ul);
    }
  };
});
