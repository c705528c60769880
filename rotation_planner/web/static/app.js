// planner serve: the little the page does in the browser. Served by the application;
// nothing is loaded from outside. Every text shown comes from the server.
"use strict";

function $(sel, root) { return (root || document).querySelector(sel); }
function $all(sel, root) { return Array.from((root || document).querySelectorAll(sel)); }

// Drag and drop onto the upload zone; a chosen file submits the form.
function setupUpload() {
  const drop = $("#drop"), input = $("#roster-input"), form = $("#upload-form");
  if (!drop || !input) return;
  ["dragenter", "dragover"].forEach(e => drop.addEventListener(e, ev => {
    ev.preventDefault(); drop.classList.add("over");
  }));
  ["dragleave", "drop"].forEach(e => drop.addEventListener(e, ev => {
    ev.preventDefault(); drop.classList.remove("over");
  }));
  drop.addEventListener("drop", ev => {
    if (ev.dataTransfer && ev.dataTransfer.files.length) {
      input.files = ev.dataTransfer.files;
      form.submit();
    }
  });
}

// Search and filters over a table's rows, in the browser (the rows are all there).
function setupFilters() {
  $all("input.filter, select.colfilter").forEach(el => {
    el.addEventListener("input", () => applyFilter(el.dataset.table));
  });
  $all("span.count").forEach(el => applyFilter(el.dataset.table));
}
function applyFilter(id) {
  const table = document.getElementById(id);
  if (!table) return;
  const search = $(`input.filter[data-table="${id}"]`);
  const words = search ? search.value.trim().toLowerCase() : "";
  const cols = $all(`select.colfilter[data-table="${id}"]`).filter(s => s.value);
  let shown = 0, total = 0;
  $all("tbody tr", table).forEach(tr => {
    total += 1;
    const cells = tr.children;
    let ok = !words || tr.textContent.toLowerCase().includes(words);
    cols.forEach(s => { if (ok && cells[+s.dataset.col].textContent.trim() !== s.value) ok = false; });
    tr.hidden = !ok;
    if (ok) shown += 1;
  });
  const count = $(`span.count[data-table="${id}"]`);
  if (count) count.textContent = `${shown} / ${total}`;
}

// What-if form: show the fields of the chosen kind of scenario.
function setupScenarioForm() {
  const kind = $("#scenario-kind");
  if (!kind) return;
  const show = () => $all("[data-kind]").forEach(el => {
    el.hidden = !el.dataset.kind.split(" ").includes(kind.value);
  });
  kind.addEventListener("change", show);
  show();
}

// The job of this roster (a solve or a what-if run): poll its progress while it runs.
// Polling is also how the server knows a page still waits: a job no page asks about
// (every tab closed) is stopped.
function setupJob() {
  const key = document.body.dataset.key;
  if (!key) return;
  const badge = $("#job-badge"), card = $("#progress-card");
  let timer = null, wasRunning = false, stopped = false;
  // The page's own name, sent with each poll and with the word that it closes: a poll
  // still on its way when the page closed then cannot keep the job alive. A page the
  // browser brings back (Back) is a new page.
  const newName = () => (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2));
  let page = newName();
  window.addEventListener("pageshow", (e) => { if (e.persisted) page = newName(); });
  async function poll() {
    let data;
    try {
      const r = await fetch(`/r/${key}/progress?page=${page}`,
                            { headers: { accept: "application/json" } });
      data = await r.json();
    } catch (e) { return; }
    if (data.state === "none") { stop(); return; }
    const running = data.state === "running";
    if (badge) { badge.hidden = !running; badge.textContent = `${data.text} ${data.elapsed}s`; }
    if (card) {
      if (running) card.hidden = false;
      $("#job-state").textContent = data.text;
      $("#job-elapsed").textContent = `${data.elapsed}s`;
      $("#spinner").hidden = !running;
      $("#cancel-button").hidden = !running;
      const tiers = $("#tiers tbody");
      if (tiers) {
        tiers.replaceChildren(...data.steps.filter(s => s.tier).map(s => {
          const tr = document.createElement("tr");
          [s.t, s.tier, s.status, s.value, s.bound].forEach(v => {
            const td = document.createElement("td"); td.textContent = v; tr.appendChild(td);
          });
          return tr;
        }));
      }
      const steps = $("#steps");
      if (steps) {
        steps.replaceChildren(...data.steps.filter(s => !s.tier).map(s => {
          const li = document.createElement("li"); li.textContent = `${s.t}s  ${s.text}`; return li;
        }));
      }
      const next = $("#job-next");
      if (next) next.hidden = !(data.state === "done" && data.kind === "plan");
    }
    if (running) { wasRunning = true; return; }
    stop();
    const waiting = card && card.dataset.waiting === "1";
    if ((wasRunning || waiting) && data.state === "done") {
      // The result is ready: show it.
      if (data.kind === "plan" && location.pathname.endsWith("/solve")) location.href = data.next;
      else if (data.kind === "whatif" && location.pathname.endsWith("/whatif")) location.href = data.next;
    }
  }
  function stop() { if (timer) { clearTimeout(timer); timer = null; } stopped = true; }
  const cancel = $("#cancel-button");
  if (cancel) cancel.addEventListener("click", async () => {
    await fetch(`/r/${key}/cancel`, { method: "POST", headers: { accept: "application/json" } });
    poll();
  });
  // A page that goes away while the job runs says so: with no other page of this
  // roster asking within a few seconds, the server stops the job.
  window.addEventListener("pagehide", () => {
    if (wasRunning) navigator.sendBeacon(`/r/${key}/leave?page=${page}`);
  });
  // Quick at first, so that a small roster's result shows as soon as it is ready, then
  // slower, to once a second, for a long solve.
  let delay = 100;
  async function tick() {
    await poll();
    if (stopped) return;
    delay = Math.min(1000, delay * 1.3);
    timer = setTimeout(tick, delay);
  }
  tick();
}

document.addEventListener("DOMContentLoaded", () => {
  setupUpload(); setupFilters(); setupScenarioForm(); setupJob();
});
