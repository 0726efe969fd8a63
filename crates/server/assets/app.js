// lagebild web UI. Article text is hostile input: nothing here builds HTML
// from data. Every string reaches the page through text nodes (el() below)
// and every link target is either an internal #/ route built with
// encodeURIComponent or an http(s) URL checked by safeUrl().
"use strict";

(function () {
  const main = document.getElementById("main");

  // --- small DOM helpers -------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "href") node.setAttribute("href", value);
      else if (key === "text") node.textContent = String(value);
      else node.setAttribute(key, String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
    }
    return node;
  }
  function route(path, params) {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v) query.set(k, v);
    const qs = query.toString();
    return "#/" + path + (qs ? "?" + qs : "");
  }
  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }
  function show(...nodes) {
    main.replaceChildren(...nodes);
  }
  function errorBox(message) {
    return el("p", { class: "error", role: "alert" }, message);
  }
  async function api(path, params) {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== "") query.set(k, v);
    const response = await fetch("/api/" + path + (query.toString() ? "?" + query : ""), { headers: { Accept: "application/json" } });
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error((body && body.error && body.error.message) || response.statusText);
    return body;
  }
  function meta(parts) {
    return el("div", { class: "meta" }, parts.filter(Boolean).join(" · "));
  }
  // Code-point slicing: the API's offsets count code points, JS strings
  // count UTF-16 units, so texts are sliced as arrays of code points.
  function codePoints(text) {
    return Array.from(text || "");
  }
  function highlighted(text, ranges) {
    const chars = codePoints(text);
    const out = [];
    let pos = 0;
    for (const [start, end] of (ranges || []).slice().sort((a, b) => a[0] - b[0])) {
      if (start < pos || end <= start) continue;
      out.push(chars.slice(pos, start).join(""));
      out.push(el("mark", {}, chars.slice(start, end).join("")));
      pos = end;
    }
    out.push(chars.slice(pos).join(""));
    return out;
  }

  // --- search ------------------------------------------------------------
  async function searchPage(params) {
    document.getElementById("q").value = params.get("q") || "";
    const query = Object.fromEntries(params.entries());
    const results = await api("search", query);
    const chips = ["entity", "type", "speaker", "source", "from", "to", "lang"]
      .filter((k) => query[k])
      .map((k) => el("a", { class: "chip", href: route("search", { ...query, [k]: "" }), title: "Remove this filter" }, k + ": " + query[k] + " ×"));
    const hits = results.items.map((hit) =>
      el("li", { class: "hit" },
        el("h2", {}, el("a", { href: route("article/" + encodeURIComponent(hit.id)) }, hit.title || hit.id)),
        meta([hit.published, hit.source, hit.language]),
        el("p", { class: "snippet" }, highlighted(hit.snippet.text, hit.snippet.highlights))));
    const facet = (title, items, toLink) =>
      el("section", {}, el("h3", {}, title),
        el("ul", {}, items.map((item) => el("li", {}, toLink(item), el("span", { class: "count" }, String(item.articles))))));
    const facets = el("aside", { class: "facets", "aria-label": "Facets" },
      // Over a large hit set the store counts entities on a sample.
      facet(results.facets_sampled ? "Entities (estimated counts)" : "Entities", results.facets.entities, (e) =>
        el("a", { href: route("search", { ...query, entity: e.name, type: e.type }), title: e.type }, e.name)),
      facet("Sources", results.facets.sources, (s) => el("a", { href: route("search", { ...query, source: s.value }) }, s.value)),
      facet("Months", results.facets.months, (m) => el("a", { href: route("search", { ...query, from: m.value, to: m.value }) }, m.value)),
      facet("Language", (results.facets.languages || []), (l) => el("a", { href: route("search", { ...query, lang: l.value }) }, l.value)));
    const body = el("section", { "aria-label": "Results" },
      el("p", { class: "summary" }, results.total + " articles" + (query.q ? " for “" + query.q + "”" : "")),
      chips.length ? el("div", { class: "filters" }, chips) : null,
      el("ol", { class: "hits" }, hits),
      results.total > results.offset + results.items.length
        ? el("a", { href: route("search", { ...query, offset: String(results.offset + results.limit) }) }, "Next page →")
        : null);
    show(el("div", { class: "layout" }, facets, body));
  }

  // --- article -----------------------------------------------------------
  function annotations(doc) {
    const list = [];
    const entityById = {};
    for (const entity of doc.entities || []) {
      entityById[entity.id] = entity;
      for (const m of entity.mentions || []) {
        list.push({ start: m.start, end: m.end, cls: "ent ent-" + entity.type, label: entity.type + ": " + entity.name + (entity.country ? " (" + entity.country + ")" : ""), entity });
      }
    }
    for (const q of doc.quotes || []) {
      const who = q.speaker ? q.speaker.name + (q.speaker.role ? ", " + q.speaker.role : "") : "unattributed";
      list.push({ start: q.start, end: q.end, cls: "quote", label: q.kind + " quote — " + who + (q.cue ? " (" + q.cue.text + ")" : "") });
    }
    for (const t of doc.times || []) list.push({ start: t.start, end: t.end, cls: "time", label: t.type + " " + t.value });
    for (const a of doc.amounts || []) {
      list.push({ start: a.start, end: a.end, cls: "amount", label: "amount " + a.value + (a.unit ? " " + a.unit : "") + (a.object ? " of " + a.object : "") });
    }
    return list.filter((a) => Number.isInteger(a.start) && Number.isInteger(a.end) && a.end > a.start);
  }

  // Splits a zone into pieces at every annotation boundary; each piece
  // carries the classes and hover labels of all annotations covering it,
  // so overlapping layers (an entity inside a quote) all stay visible.
  function renderZone(chars, zone, anns) {
    const inside = anns.filter((a) => a.start < zone.end && a.end > zone.start);
    const cuts = new Set([zone.start, zone.end]);
    for (const a of inside) {
      cuts.add(Math.max(a.start, zone.start));
      cuts.add(Math.min(a.end, zone.end));
    }
    const points = Array.from(cuts).sort((x, y) => x - y);
    const pieces = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const [s, e] = [points[i], points[i + 1]];
      const text = chars.slice(s, e).join("");
      const covering = inside.filter((a) => a.start <= s && a.end >= e);
      if (!covering.length) {
        pieces.push(text);
        continue;
      }
      pieces.push(el("span", {
        class: "ann " + covering.map((a) => a.cls).join(" "),
        title: covering.map((a) => a.label).join("\n"),
        "data-start": s,
      }, text));
    }
    return pieces;
  }

  async function articlePage(id) {
    const doc = await api("articles/" + encodeURIComponent(id));
    const chars = codePoints(doc.text);
    const anns = annotations(doc);
    const tags = { title: "h1", kicker: "p", teaser: "p", heading: "h2", paragraph: "p", caption: "figcaption" };
    const blocks = (doc.zones || []).map((zone) =>
      el(tags[zone.kind] || "p", { class: zone.kind === "kicker" || zone.kind === "teaser" ? zone.kind : null }, renderZone(chars, zone, anns)));
    const source = safeUrl(doc.url);
    const legend = el("div", { class: "legend", "aria-label": "Legend" },
      ["PER", "ORG", "LOC", "MISC"].map((t) => el("span", { class: "ent-" + t }, t)),
      el("span", { class: "quote" }, "quote"), el("span", { class: "time" }, "time"), el("span", { class: "amount" }, "amount"));
    const boilerplate = (doc.boilerplate || []).length
      ? el("details", { class: "boilerplate" }, el("summary", {}, "Set aside as boilerplate (" + doc.boilerplate.length + ")"),
        el("ul", {}, doc.boilerplate.map((b) => el("li", {}, el("strong", {}, b.reason + ": "), b.text))))
      : null;
    const quotes = el("section", { class: "panel" }, el("h3", {}, "Quotes"),
      el("ul", { class: "quotes-list" }, (doc.quotes || []).map((q) =>
        el("li", {}, el("blockquote", {}, q.text),
          el("div", { class: "meta" },
            q.speaker ? el("a", { href: route("quotes", { speaker: q.speaker.name }) }, q.speaker.name) : "unattributed",
            q.speaker && q.speaker.role ? " — " + q.speaker.role : "", " · " + q.kind)))));
    const people = el("section", { class: "panel" }, el("h3", {}, "Entities"),
      el("ul", {}, (doc.entities || []).map((e) =>
        el("li", {}, el("a", { href: route("entity/" + encodeURIComponent(e.name)) }, e.name), " ", el("span", { class: "meta" }, e.type + " ×" + e.mentions.length)))));
    const times = el("section", { class: "panel" }, el("h3", {}, "Times"),
      el("ul", {}, (doc.times || []).map((t) => el("li", {}, t.text + " → " + t.value))));
    const events = el("section", { class: "panel" }, el("h3", {}, "Events"),
      el("ul", { class: "article-events" }, (doc.events || []).map((e) =>
        el("li", {}, el("span", { class: "event-type" }, e.type + (e.mode ? " (" + e.mode + ")" : "")),
          " " + (e.source ? e.source.name : "—") + " → " + (e.target ? e.target.name : "—"),
          el("div", { class: "meta" }, [e.date || "undated", e.status, "“" + e.trigger.text + "”"].join(" · "))))));
    show(el("div", { class: "doc-grid" },
      el("article", { class: "doc" },
        meta([doc.published, doc.source, doc.language, (doc.authors || []).join(", ")]),
        source ? el("a", { href: source, rel: "noopener noreferrer nofollow", target: "_blank" }, "Source") : null,
        legend, blocks, boilerplate),
      el("div", { class: "side-panels" }, quotes, events, people, times)));
    document.title = (doc.title || doc.id) + " — lagebild";
  }

  // --- quotes ------------------------------------------------------------
  async function quotesPage(params) {
    const speaker = params.get("speaker") || "";
    const form = el("form", { class: "filters", action: "#/quotes" },
      el("label", { for: "speaker" }, "Speaker"),
      el("input", { id: "speaker", name: "speaker", value: speaker, list: "speakers", placeholder: "e.g. Dempsey" }),
      el("datalist", { id: "speakers" }),
      el("button", { type: "submit" }, "Show quotes"));
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      location.hash = route("quotes", { speaker: form.querySelector("#speaker").value.trim() });
    });
    api("entities", { type: "PER", top: 50 }).then((r) => {
      const list = form.querySelector("#speakers");
      for (const e of r.items) list.appendChild(el("option", { value: e.name }));
    }).catch(() => {});
    const results = await api("quotes", { speaker, limit: 100 });
    const sorted = results.items.slice().sort((a, b) => String(a.published || "").localeCompare(String(b.published || "")));
    const list = el("ol", { class: "quotes-list", "aria-label": "Quotes" }, sorted.map((q) =>
      el("li", {}, el("blockquote", {}, q.text),
        el("div", { class: "meta" },
          (q.speaker || "unattributed") + (q.role ? " — " + q.role : ""),
          " · " + [q.published || "undated", q.kind, q.cue].filter(Boolean).join(" · ") + " · ",
          el("a", { href: route("article/" + encodeURIComponent(q.article_id)) }, q.title || q.article_id)))));
    show(el("h1", {}, speaker ? "Quotes by " + speaker : "Quotes"), form,
      el("p", { class: "summary" }, results.total + " quotes, oldest first"), list);
  }

  // --- entities ------------------------------------------------------------
  async function entitiesPage(params) {
    const type = params.get("type") || "";
    const results = await api("entities", { type, top: 100 });
    const rows = results.items.map((e) => el("tr", {},
      el("td", {}, el("a", { href: route("entity/" + encodeURIComponent(e.name)) }, e.name)),
      el("td", {}, e.type), el("td", { class: "num" }, String(e.articles)), el("td", { class: "num" }, String(e.mentions))));
    show(el("h1", {}, "Most-mentioned entities"),
      el("div", { class: "filters" }, ["", "PER", "ORG", "LOC", "MISC"].map((t) =>
        el("a", { class: "chip", href: route("entities", { type: t }), "aria-current": t === type ? "true" : null }, t || "all"))),
      el("table", {}, el("thead", {}, el("tr", {}, el("th", {}, "Entity"), el("th", {}, "Type"), el("th", {}, "Articles"), el("th", {}, "Mentions"))),
        el("tbody", {}, rows)));
  }

  async function entityPage(name) {
    const chart = el("div", { class: "chart", id: "timeline", role: "img", "aria-label": "Articles mentioning " + name + " per month, with its events" });
    const eventsList = el("ol", { class: "events-list", id: "events", "aria-label": "Events involving " + name });
    const graph = el("div", { class: "network", id: "network", role: "img", "aria-label": "Entities appearing with " + name });
    const quotesBy = el("ol", { class: "quotes-list", id: "quotes-by" });
    const quotesAbout = el("ol", { class: "quotes-list", id: "quotes-about" });
    const undated = el("p", { class: "meta" });
    show(el("h1", {}, name),
      el("p", {}, el("a", { href: route("search", { entity: name }) }, "Articles mentioning " + name), " · ",
        el("a", { href: route("quotes", { speaker: name }) }, "Quote explorer")),
      el("div", { class: "entity-grid" },
        el("section", { class: "panel" }, el("h3", {}, "Mentions and events over time"), chart, undated,
          el("h3", {}, "Events"), eventsList),
        el("section", { class: "panel" }, el("h3", {}, "Appears with"), graph)),
      el("div", { class: "entity-grid" },
        el("section", { class: "panel" }, el("h3", {}, "Quotes by " + name), quotesBy),
        el("section", { class: "panel" }, el("h3", {}, "Quotes about " + name), quotesAbout)));
    const [timeline, network, by, about, events] = await Promise.all([
      api("entities/timeline", { name, by: "month" }),
      api("entities/network", { name, top: 20 }),
      api("quotes", { speaker: name, limit: 20 }),
      api("quotes", { about: name, limit: 20 }),
      api("events", { entity: name, limit: 100 }),
    ]);
    // Oldest first, as on the chart; undated events last.
    const eventItems = events.items.slice().sort((a, b) => (a.date ? 0 : 1) - (b.date ? 0 : 1) || String(a.date).localeCompare(String(b.date)));
    drawTimeline(chart, timeline, eventItems);
    const selfKeys = new Set((timeline.entities || []).map((e) => e.key));
    eventsList.replaceChildren(...eventItems.map((e) => eventItem(e, selfKeys)));
    eventsList.setAttribute("data-events", String(eventItems.length));
    if (!eventItems.length) eventsList.replaceChildren(el("li", { class: "meta" }, "No events found."));
    undated.textContent = timeline.undated + " undated articles not shown";
    drawNetwork(graph, name, network);
    const quoteItem = (q) => el("li", {}, el("blockquote", {}, q.text),
      el("div", { class: "meta" }, (q.speaker || "unattributed") + " · " + (q.published || "undated") + " · ",
        el("a", { href: route("article/" + encodeURIComponent(q.article_id)) }, q.title || q.article_id)));
    quotesBy.replaceChildren(...by.items.map(quoteItem));
    quotesAbout.replaceChildren(...about.items.map(quoteItem));
  }

  // One event: when, what (PLOVER type, mode, status), who to whom (the
  // side that is not this page's entity links to its own page), the
  // sentence it was read from and its article.
  function eventItem(e, selfKeys) {
    const actor = (a) => {
      if (!a) return el("span", { class: "meta" }, "—");
      if (a.key && selfKeys.has(a.key)) return el("strong", {}, a.name);
      return el("a", { href: route("entity/" + encodeURIComponent(a.name)) }, a.name);
    };
    const what = e.type + (e.mode ? " (" + e.mode + ")" : "");
    return el("li", { "data-type": e.type },
      el("div", { class: "event-head" },
        el("time", {}, e.date || "undated"), " ",
        el("span", { class: "event-type", title: "status: " + e.status + " · trigger: " + e.trigger }, what),
        e.status !== "asserted" ? el("span", { class: "meta" }, " " + e.status) : null),
      el("div", {}, actor(e.actor), " → ", actor(e.target)),
      el("p", { class: "event-sentence" }, e.sentence),
      el("div", { class: "meta" }, "“" + e.trigger + "” in ",
        el("a", { href: route("article/" + encodeURIComponent(e.article_id)) }, e.title || e.article_id),
        e.published ? " (" + e.published + ")" : ""));
  }

  // The entity page's chart, resized with the window (a phone turned
  // sideways, a narrowed desktop window) so the page never scrolls
  // sideways.
  let timelinePlot = null;
  window.addEventListener("resize", () => {
    if (!timelinePlot || !timelinePlot.root.isConnected) return;
    const container = timelinePlot.root.parentElement;
    timelinePlot.setSize({ width: Math.max(280, container.clientWidth), height: 240 });
  });

  // The start of the month a date or period label falls in (Unix
  // seconds), or null for labels without a month (2000, PRESENT_REF).
  function monthStart(label) {
    const match = /^(\d{4})-(\d{2})/.exec(String(label || ""));
    return match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, 1) / 1000 : null;
  }

  // Articles per month as bars, events per month as points on their own
  // scale; months with events but no articles are added to the x axis.
  function drawTimeline(container, timeline, events) {
    const articles = new Map();
    for (const p of timeline.periods || []) {
      const month = monthStart(p.value);
      if (month !== null) articles.set(month, p.articles);
    }
    const eventCounts = new Map();
    for (const e of events) {
      const month = monthStart(e.date);
      if (month !== null) eventCounts.set(month, (eventCounts.get(month) || 0) + 1);
    }
    const xs = Array.from(new Set([...articles.keys(), ...eventCounts.keys()])).sort((a, b) => a - b);
    container.setAttribute("data-event-months", String(eventCounts.size));
    if (!xs.length || typeof uPlot === "undefined") {
      container.textContent = "No dated articles or events.";
      return;
    }
    const width = Math.max(280, container.clientWidth || 480);
    timelinePlot = new uPlot({
      width, height: 240,
      scales: { x: { time: true }, events: { range: (u, min, max) => [0, Math.max(1, max) + 1] } },
      series: [{},
        { label: "articles", stroke: "#1f5fbf", fill: "rgba(31,95,191,.15)", paths: uPlot.paths.bars({ size: [0.6, 40] }) },
        { label: "events", scale: "events", stroke: "#c0392b", width: 0, paths: () => null, points: { show: true, size: 9, fill: "#c0392b" } }],
      axes: [{}, { label: "articles" }, { scale: "events", side: 1, label: "events", grid: { show: false } }],
      legend: { show: true },
    }, [xs, xs.map((x) => articles.get(x) ?? null), xs.map((x) => eventCounts.get(x) ?? null)], container);
  }

  function drawNetwork(container, name, network) {
    if (typeof cytoscape === "undefined" || !(network.partners || []).length) {
      container.textContent = "No co-occurring entities.";
      return;
    }
    const colours = { PER: "#e59a3b", ORG: "#3b82c4", LOC: "#3a9a58", MISC: "#9b6bc2" };
    const center = { data: { id: "center", label: name, colour: "#1d232b", size: 34 } };
    const nodes = network.partners.map((p, i) => ({ data: { id: "n" + i, label: p.name, colour: colours[p.type] || "#777", size: 14 + Math.min(20, p.articles * 2), name: p.name } }));
    const edges = network.partners.map((p, i) => ({ data: { id: "e" + i, source: "center", target: "n" + i, weight: p.articles } }));
    const cy = cytoscape({
      container,
      elements: [center, ...nodes, ...edges],
      style: [
        { selector: "node", style: { label: "data(label)", "background-color": "data(colour)", width: "data(size)", height: "data(size)", "font-size": 11, color: "#1d232b", "text-valign": "bottom", "text-margin-y": 3 } },
        { selector: "edge", style: { width: "mapData(weight, 1, 20, 1, 6)", "line-color": "#c3cad3" } },
      ],
      layout: { name: "concentric", concentric: (n) => (n.id() === "center" ? 2 : 1), levelWidth: () => 1, minNodeSpacing: 12 },
      wheelSensitivity: 0.2,
    });
    cy.on("tap", "node", (event) => {
      const target = event.target.data("name");
      if (target) location.hash = route("entity/" + encodeURIComponent(target));
    });
    container.setAttribute("data-nodes", String(cy.nodes().length));
  }

  // --- routing -------------------------------------------------------------
  async function render() {
    const hash = location.hash.replace(/^#\/?/, "") || "search";
    const [path, queryString] = hash.split("?");
    const params = new URLSearchParams(queryString || "");
    const [page, ...rest] = path.split("/");
    const arg = decodeURIComponent(rest.join("/"));
    for (const link of document.querySelectorAll("[data-nav]")) {
      link.toggleAttribute("aria-current", link.dataset.nav === page);
      if (link.dataset.nav === page) link.setAttribute("aria-current", "page");
    }
    document.title = "lagebild";
    main.removeAttribute("data-ready");
    try {
      if (page === "article" && arg) await articlePage(arg);
      else if (page === "quotes") await quotesPage(params);
      else if (page === "entities") await entitiesPage(params);
      else if (page === "entity" && arg) await entityPage(arg);
      else await searchPage(params);
    } catch (error) {
      show(errorBox(String(error.message || error)));
    }
    main.setAttribute("data-ready", page);
  }

  document.getElementById("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    location.hash = route("search", { q: document.getElementById("q").value.trim() });
  });
  window.addEventListener("hashchange", render);
  render();
})();
