/* convtrace: one output cell at a time. Every text shown here is a string Python wrote
   (see page_data.py): the script finds them, puts them side by side and marks tables. It
   never computes or formats a number. */
(function () {
  "use strict";
  const D = JSON.parse(document.getElementById("ct-data").textContent);
  const body = document.body;
  const panels = Array.from(document.querySelectorAll("section.ct-cells"), (el) => ({
    el: el,
    blank: el.dataset.blank === "1",
    cells: JSON.parse(el.querySelector("script.ct-cells-data").textContent),
    now: el.querySelector(".ct-now"),
    all: el.querySelector(".ct-all"),
    built: 0,
  }));
  const cells = panels.length ? panels[0].cells : [];
  const count = cells.length;
  const at = document.querySelector(".ct-at");
  const showAll = document.querySelector(".ct-show-all");
  if (!count) {
    const bar = document.querySelector(".ct-controls");
    if (bar) bar.hidden = true;
    return;
  }

  const ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };
  const esc = (s) => (/[&<>"]/.test(s) ? s.replace(/[&<>"]/g, (c) => ESC[c]) : s);

  function tables(attr) {
    const found = {};
    document.querySelectorAll("table[" + attr + "]").forEach((t) => {
      const key = t.getAttribute(attr);
      (found[key] = found[key] || []).push(t);
    });
    return found;
  }
  const inputs = tables("data-x");
  const weights = tables("data-w");
  const outputs = tables("data-o");
  const td = (table, r, c) => table.tBodies[0].rows[r].cells[c + 1];

  const where = new Map();
  cells.forEach((cell, m) => where.set(cell[0] + " " + cell[1] + " " + cell[2], m));

  // -- a cell's work, as HTML --------------------------------------------------------------

  function windowTexts(x, rows, cols) {
    const values = D.pv[x];
    const texts = [];
    for (const r of rows) {
      const row = values[r];
      for (const c of cols) texts.push(D.pt[row[c]]);
    }
    return texts;
  }

  function formula(parts, values, spans) {
    let h = esc(parts[0]);
    for (let p = 0; p < values.length; p++) {
      const product = esc(values[p]) + esc(parts[1 + 2 * p]);
      h += spans
        ? '<span class="ct-pr" tabindex="0" data-p="' + p + '">' + product + "</span>"
        : product;
      h += esc(parts[2 + 2 * p]);
    }
    return h;
  }

  function blank(answer, open) {
    if (open) return '<span class="ct-answer">' + esc(answer) + "</span>";
    return (
      '<span class="ct-blank" data-answer="' + esc(answer) + '"><span class="ct-hole">' +
      esc(D.words.blank) + '</span><button type="button" class="ct-reveal">' +
      esc(D.words.reveal) + "</button></span>"
    );
  }

  function segments(text, open) {
    if (typeof text === "string") return esc(text);
    return text.map((s) => (typeof s === "string" ? esc(s) : blank(s[0], open))).join("");
  }

  function line(caption, lead, text, c) {
    return (
      "<li" + (c === undefined ? "" : ' data-c="' + c + '"') + '><span class="ct-cap">' +
      D.caps[caption] + "</span>: " +
      (lead ? '<span class="ct-lead">' + esc(lead) + "</span>" : "") +
      '<span class="ct-text">' + text + "</span></li>"
    );
  }

  function cellHTML(cell, isBlank, spans) {
    const [, i, j, t, label, sentence, sums, others] = cell;
    const rows = D.wr[i];
    const cols = D.wc[j];
    let h = '<h3 class="ct-label">' + esc(label) + '</h3><p class="ct-where">' +
      esc(sentence) + '</p><ul class="ct-work">';
    D.sets[t].forEach(([x, caption, lead, parts, joint], c) => {
      const sum = isBlank ? blank(sums[c], false) : esc(sums[c]);
      const text = formula(parts, windowTexts(x, rows, cols), spans) + esc(joint) + sum;
      h += line(caption, lead, text, c);
    });
    for (const [caption, lead, text] of others) h += line(caption, lead, segments(text, !isBlank));
    return h + "</ul>";
  }

  // -- marks in the tables -------------------------------------------------------------------

  let marks = [];
  let hovered = [];
  function mark(list, el, names) {
    if (!el) return;
    el.classList.add(...names);
    list.push([el, names]);
  }
  function unmark(list) {
    for (const [el, names] of list) {
      el.classList.remove(...names);
      el.removeAttribute("aria-current");
    }
    list.length = 0;
  }

  // A table's scroll box follows the marks while it is on the screen (measuring one that is
  // off the screen would lay it out: the page skips that, see content-visibility in the CSS).
  const shown = new Set();
  const follow = new Map();
  function intoView(box) {
    const els = follow.get(box);
    if (!els || box.scrollWidth <= box.clientWidth && box.scrollHeight <= box.clientHeight) return;
    const b = box.getBoundingClientRect();
    for (const el of els) {
      const e = el.getBoundingClientRect();
      if (e.left < b.left) box.scrollLeft -= b.left - e.left + 16;
      else if (e.right > b.right) box.scrollLeft += e.right - b.right + 16;
      if (e.top < b.top) box.scrollTop -= b.top - e.top + 16;
      else if (e.bottom > b.bottom) box.scrollTop += e.bottom - b.bottom + 16;
    }
  }
  function keepInView(el, other) {
    const box = el.closest(".ct-scroll");
    if (!box) return;
    follow.set(box, other ? [other, el] : [el]);
    if (shown.has(box)) intoView(box);
  }
  if (window.IntersectionObserver) {
    const seen = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (entry.isIntersecting) {
          shown.add(entry.target);
          intoView(entry.target);
        } else {
          shown.delete(entry.target);
        }
      }
    });
    document.querySelectorAll("table[data-x], table[data-o]").forEach((t) => {
      const box = t.closest(".ct-scroll");
      if (box) seen.observe(box);
    });
  }

  function markWindow(cell) {
    const [k, i, j, t] = cell;
    const rows = D.wr[i];
    const cols = D.wc[j];
    const r0 = rows[0], r1 = rows[rows.length - 1], c0 = cols[0], c1 = cols[cols.length - 1];
    for (const [x] of D.sets[t]) {
      for (const table of inputs[x] || []) {
        for (let r = r0; r <= r1; r++) {
          for (let c = c0; c <= c1; c++) {
            const names = ["ct-blk"];
            if (r === r0) names.push("ct-bt");
            if (r === r1) names.push("ct-bb");
            if (c === c0) names.push("ct-bl");
            if (c === c1) names.push("ct-br");
            mark(marks, td(table, r, c), names);
          }
        }
        for (const r of rows) for (const c of cols) mark(marks, td(table, r, c), ["ct-rd"]);
        keepInView(td(table, r0, c0), td(table, r1, c1));
      }
    }
    for (const table of outputs[k] || []) {
      const el = td(table, i, j);
      mark(marks, el, ["ct-cur"]);
      el.setAttribute("aria-current", "true");
      keepInView(el);
    }
  }

  // -- stepping ------------------------------------------------------------------------------

  let n = 0;
  const buttons = {};
  document.querySelectorAll(".ct-controls [data-go]").forEach((b) => (buttons[b.dataset.go] = b));

  function go(m) {
    n = Math.max(0, Math.min(count - 1, m));
    const cell = cells[n];
    unmark(hovered);
    unmark(marks);
    markWindow(cell);
    for (const panel of panels) {
      panel.now.innerHTML = cellHTML(panel.cells[n], panel.blank, true);
      if (body.classList.contains("ct-show")) here(panel);
    }
    if (at) at.textContent = cell[4];
    if (buttons.first) buttons.first.disabled = buttons.prev.disabled = n === 0;
    if (buttons.last) buttons.last.disabled = buttons.next.disabled = n === count - 1;
  }

  function here(panel) {
    const old = panel.all.querySelector("article.ct-here");
    if (old) old.classList.remove("ct-here");
    const article = panel.all.children[n];
    if (article) {
      article.classList.add("ct-here");
      article.scrollIntoView({ block: "nearest" });
    }
  }

  // -- every cell: for "show all" (a chunk at a time) and for printing (at once) ---------------

  function build(panel, upTo) {
    let h = "";
    for (; panel.built < upTo; panel.built++) {
      h += '<article class="ct-cell">' + cellHTML(panel.cells[panel.built], panel.blank, false) +
        "</article>";
    }
    if (h) panel.all.insertAdjacentHTML("beforeend", h);
  }
  function buildSoon(panel) {
    if (panel.built >= count || panel.soon) return;
    panel.soon = true;
    const step = () => {
      build(panel, Math.min(count, panel.built + 400));
      const article = panel.all.children[n];
      if (article && body.classList.contains("ct-show") && !article.classList.contains("ct-here")) {
        here(panel);
      }
      if (panel.built < count) setTimeout(step, 0);
      else panel.soon = false;
    };
    step();
  }
  function buildAll() {
    for (const panel of panels) build(panel, count);
  }
  window.addEventListener("beforeprint", buildAll);
  if (window.matchMedia) {
    const print = window.matchMedia("print");
    if (print.addEventListener) print.addEventListener("change", (e) => e.matches && buildAll());
  }

  if (showAll) {
    showAll.addEventListener("change", () => {
      body.classList.toggle("ct-show", showAll.checked);
      if (!showAll.checked) return go(n);
      for (const panel of panels) {
        buildSoon(panel);
        if (n < panel.built) here(panel);
      }
    });
  }

  // -- keys, clicks, hovering ----------------------------------------------------------------

  const KEYS = { ArrowRight: 1, n: 1, ArrowLeft: -1, p: -1 };
  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
    const target = e.target;
    if (target.isContentEditable || /^(TEXTAREA|SELECT)$/.test(target.tagName)) return;
    if (target.tagName === "INPUT" && target.type !== "checkbox") return;
    let m;
    if (e.key in KEYS) m = n + KEYS[e.key];
    else if (e.key === "Home") m = 0;
    else if (e.key === "End") m = count - 1;
    else return;
    e.preventDefault();
    go(m);
  });

  const GO = { first: () => 0, prev: () => n - 1, next: () => n + 1, last: () => count - 1 };
  for (const [name, button] of Object.entries(buttons)) {
    button.addEventListener("click", () => go(GO[name]()));
  }

  document.addEventListener("click", (e) => {
    const reveal = e.target.closest(".ct-reveal");
    if (reveal) {
      const span = reveal.parentElement;
      const answer = document.createElement("span");
      answer.className = "ct-answer";
      answer.textContent = span.dataset.answer;
      span.replaceWith(answer);
      return;
    }
    const cellEl = e.target.closest("table[data-o] td");
    if (!cellEl) return;
    const table = cellEl.closest("table");
    const key = table.dataset.o + " " + cellEl.parentElement.sectionRowIndex + " " +
      (cellEl.cellIndex - 1);
    if (where.has(key)) go(where.get(key));
  });

  function onProduct(e, on) {
    const product = e.target.closest && e.target.closest(".ct-pr");
    if (!product) return;
    unmark(hovered);
    if (!on) return;
    const item = product.closest("li");
    const c = Number(item.dataset.c);
    const p = Number(product.dataset.p);
    const [k, i, j, t] = cells[n];
    const cols = D.wc[j];
    const r = Math.floor(p / cols.length);
    const q = p % cols.length;
    mark(hovered, product, ["ct-hl"]);
    for (const table of inputs[D.sets[t][c][0]] || []) mark(hovered, td(table, D.wr[i][r], cols[q]), ["ct-hl"]);
    for (const table of weights[k + "," + c] || []) mark(hovered, td(table, r, q), ["ct-hl"]);
  }
  for (const panel of panels) {
    panel.now.addEventListener("mouseover", (e) => onProduct(e, true));
    panel.now.addEventListener("mouseout", (e) => onProduct(e, false));
    panel.now.addEventListener("focusin", (e) => onProduct(e, true));
    panel.now.addEventListener("focusout", (e) => onProduct(e, false));
  }

  const bar = document.querySelector(".ct-controls");
  const fit = () => document.documentElement.style.setProperty("--ct-bar", bar.offsetHeight + "px");
  if (bar) {
    fit();
    window.addEventListener("resize", fit);
  }
  go(0);
})();
