// The page of `interstice serve`: reads location.pathname, fetches the view's .json twin and draws
// it. Every view's state is in its URL (filters, record index, zoom), so any view is a link.
// No library: DOM, canvas. Served under a strict CSP (no inline script or style attributes).
"use strict";

const view = document.getElementById("view");
const tooltip = document.getElementById("tooltip");

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : String(c));
  return el;
}

// Integers past 2^53 (U64/I64 keys) keep their exact digits: parsed as raw JSON text, which
// JSON.stringify writes back unchanged.
function exactIntegers(key, value, context) {
  if (typeof value === "number" && !Number.isSafeInteger(value) && context && /^-?\d+$/.test(context.source) && JSON.rawJSON)
    return JSON.rawJSON(context.source);
  return value;
}

async function getJson(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  const data = JSON.parse(await response.text(), exactIntegers);
  if (!response.ok) throw new Error(data.error || response.statusText);
  return { data, link: response.headers.get("Link") };
}

function showError(error) {
  view.append(h("p", { class: "error", id: "error" }, String(error.message || error)));
}

function compact(value) { return typeof value === "string" ? value : JSON.stringify(value); }

/// A table of objects: one column per key (or the given keys), values as compact JSON.
function table(rows, keys, rowAttrs) {
  keys = keys || [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return h("table", {}, h("tr", {}, keys.map((k) => h("th", {}, k))),
    rows.map((r, i) => h("tr", rowAttrs ? rowAttrs(r, i) : {},
      keys.map((k) => h("td", { class: typeof r[k] === "object" ? "json" : null }, r[k] === undefined ? "" : compact(r[k]))))));
}

function kv(object) {
  return h("table", { class: "kv" }, Object.entries(object).map(([k, v]) => h("tr", {}, h("td", {}, k), h("td", { class: "json" }, compact(v)))));
}

function crumbs(...links) {
  const nav = document.getElementById("crumbs");
  nav.replaceChildren(...links.map(([text, href]) => h("a", { href }, text)));
}

function ms(t) { return t === null || t === undefined ? "" : new Date(Number(t)).toISOString(); }

// --- index -----------------------------------------------------------------------------------

async function indexView() {
  const { data } = await getJson("/index.json");
  view.append(h("h1", {}, "Files"));
  const list = (title, files, base) => files.length ? [h("h2", {}, title),
    h("ul", {}, files.map((f) => h("li", {}, h("a", { href: `/${base}/${f.id}` }, f.path), ` (${f.size} bytes)`)))] : [];
  view.append(...list("Logs", data.logs, "log"), ...list("Schemas", data.schemas, "schema"), ...list("Traces", data.traces, "trace"));
  if (data.schemas.length >= 2) view.append(h("p", {}, h("a", { href: "/schema-diff?old=0&new=1" }, "schema-diff of the first two schemas")));
}

// --- log overview + histogram ------------------------------------------------------------------

function logCrumbs(id) {
  crumbs(["overview", `/log/${id}`], ["records", `/log/${id}/records`], ["state", `/log/${id}/state?at=0`]);
}

async function overviewView(id) {
  logCrumbs(id);
  const { data } = await getJson(`/log/${id}.json`);
  view.append(h("h1", {}, `Log ${data.file_path}`));
  const damage = data.first_error;
  view.append(kv({ format: `${data.format.variant} (${data.format.generation})`, size_bytes: data.log_size_bytes,
    records: data.transaction_count, valid: data.valid_transactions, invalid: data.invalid_transactions,
    time_span: data.first_timestamp === null ? "no timestamps" : `${ms(data.first_timestamp)} — ${ms(data.last_timestamp)}`,
    first_damage: damage ? `record ${damage.index} at byte ${damage.offset}: ${damage.reason}` : "none" }));
  if (damage) view.lastChild.id = "overview-damaged";
  view.append(h("h2", {}, "Records over time"), h("p", {}, "Drag to zoom, click a bar to see its records. ",
    h("a", { href: `/log/${id}`, id: "zoom-reset" }, "reset zoom")));
  const canvas = h("canvas", { id: "histogram", width: 1000, height: 220 });
  view.append(canvas, h("p", { id: "histogram-range" }));
  const params = new URLSearchParams(location.search);
  await drawHistogram(id, canvas, params.get("from"), params.get("to"));
  view.append(h("h2", {}, "By operation"), kv(data.by_type || {}));
  view.append(h("h2", {}, "By module"), kv(data.by_module || {}));
  view.append(h("h2", {}, "By table"), table(data.tables || []));
  view.append(h("p", { class: "links" }, h("a", { href: `/log/${id}.json` }, "JSON")));
}

async function drawHistogram(id, canvas, from, to) {
  const query = new URLSearchParams();
  if (from) query.set("from", from);
  if (to) query.set("to", to);
  const { data } = await getJson(`/log/${id}/histogram.json?${query}`);
  const ctx = canvas.getContext("2d");
  const W = canvas.width, H = canvas.height, pad = 20;
  const buckets = data.buckets, max = Math.max(1, ...buckets.map((b) => b.records));
  const barW = (W - 2 * pad) / buckets.length;
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = "#3b6fb6";
  buckets.forEach((b, i) => {
    const bh = (H - 2 * pad) * b.records / max;
    ctx.fillRect(pad + i * barW + 1, H - pad - bh, Math.max(1, barW - 2), bh);
  });
  ctx.fillStyle = "#333";
  ctx.font = "11px sans-serif";
  ctx.fillText(`${max} records`, pad, 12);
  document.getElementById("histogram-range").textContent = `${ms(data.from)} — ${ms(data.to)} (${data.bucket_ms} ms per bar)`;
  const bucketAt = (x) => Math.max(0, Math.min(buckets.length - 1, Math.floor((x - pad) / barW)));
  let down = null;
  canvas.onmousedown = (e) => { down = e.offsetX; };
  canvas.onmousemove = (e) => {
    const b = buckets[bucketAt(e.offsetX)];
    tooltip.hidden = false;
    tooltip.textContent = `${ms(b.start)}: ${b.records} records`;
    tooltip.style.left = `${e.clientX + 12}px`;
    tooltip.style.top = `${e.clientY + 12}px`;
  };
  canvas.onmouseleave = () => { tooltip.hidden = true; };
  canvas.onmouseup = (e) => {
    const a = bucketAt(Math.min(down, e.offsetX)), z = bucketAt(Math.max(down, e.offsetX));
    if (Math.abs(e.offsetX - down) > 5 && z > a) {  // a drag: zoom
      location.href = `/log/${id}?from=${buckets[a].start}&to=${buckets[z].end}`;
    } else {  // a click: the bar's records
      location.href = `/log/${id}/records?since=${buckets[a].start}&until=${buckets[a].end}`;
    }
  };
}

// --- records ---------------------------------------------------------------------------------

const FILTERS = ["module", "table", "op", "since", "until", "start", "end", "pk", "limit"];

async function recordsView(id) {
  logCrumbs(id);
  const params = new URLSearchParams(location.search);
  view.append(h("h1", {}, "Records"));
  const form = h("form", { class: "filters", id: "filters" },
    FILTERS.map((name) => h("label", {}, name, name === "op"
      ? h("select", { name }, ["", "insert", "update", "delete"].map((op) => h("option", { value: op, selected: params.get("op") === op }, op || "any")))
      : h("input", { name, value: params.get(name) || "" }))),
    h("button", { type: "submit", id: "apply" }, "Apply"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const name of FILTERS) { const v = form.elements[name].value.trim(); if (v) next.set(name, v); }
    history.pushState(null, "", `/log/${id}/records?${next}`);
    route();
  });
  view.append(form);
  const exportQuery = new URLSearchParams(params);
  ["after", "limit"].forEach((k) => exportQuery.delete(k));
  view.append(h("p", { class: "links" },
    h("a", { href: `/log/${id}/records.json?${params}`, id: "json-link" }, "JSON"),
    h("a", { href: `/log/${id}/export.csv?${exportQuery}`, download: true }, "CSV"),
    h("a", { href: `/log/${id}/export.ndjson?${exportQuery}`, download: true }, "NDJSON")));
  const { data, link } = await getJson(`/log/${id}/records.json?${params}`);
  const rows = data.transactions.map((t) => ({ index: t.index, time: ms(t.timestamp), module: t.module_id, table: t.table_name,
    op: t.operation, primary_key: t.primary_key, row: t.row ? t.row.entries : null }));
  const list = table(rows, null, (r) => ({ "data-index": r.index }));
  list.id = "records";
  list.querySelectorAll("tr[data-index]").forEach((tr) => {
    const cell = tr.firstChild;
    cell.replaceChildren(h("a", { href: `/log/${id}/record/${tr.dataset.index}` }, tr.dataset.index));
  });
  view.append(h("p", { id: "record-count" }, `${rows.length} records`), list);
  if (link) {
    const after = new URL(link.slice(1, link.indexOf(">")), location.origin).searchParams.get("after");
    const next = new URLSearchParams(params);
    next.set("after", after);
    view.append(h("p", {}, h("a", { href: `/log/${id}/records?${next}`, id: "next-page" }, "next page →")));
  }
}

async function recordView(id, index) {
  logCrumbs(id);
  const { data } = await getJson(`/log/${id}/record/${index}.json`);
  const t = data.transactions[0];
  view.append(h("h1", {}, `Record ${t.index}`), kv({ byte_offset: t.offset, checksum: t.data_hash, time: ms(t.timestamp),
    module: t.module_id, table: t.table_name, operation: t.operation, primary_key: t.primary_key }));
  view.append(h("h2", {}, "Row"), h("pre", { class: "json", id: "row" }, JSON.stringify(t.row, null, 1)));
  view.append(h("h2", {}, "Old row"), h("pre", { class: "json" }, JSON.stringify(t.old_row, null, 1)));
  view.append(h("p", { class: "links" }, h("a", { href: `/log/${id}/record/${index}.json` }, "JSON"),
    h("a", { href: `/log/${id}/state?at=${index}&table=${encodeURIComponent(t.module_id + "." + t.table_name)}` }, "table state here"),
    index > 0 ? h("a", { href: `/log/${id}/record/${index - 1}` }, "← previous") : null,
    h("a", { href: `/log/${id}/record/${index + 1}` }, "next →")));
}

// --- table state at record N ------------------------------------------------------------------

const stateOverviews = {};

async function stateView(id) {
  logCrumbs(id);
  const params = new URLSearchParams(location.search);
  const at = Number(params.get("at") || 0), tableName = params.get("table") || "", from = params.get("from");
  // The record count and tables, read once per page load: stepping through records must not
  // scan the whole log each time (a reload, or the overview, shows a log that grew).
  const overview = stateOverviews[id] || (stateOverviews[id] = (await getJson(`/log/${id}.json`)).data);
  const last = Math.max(0, overview.transaction_count - 1);
  const go = (n, keepFrom) => {
    n = Math.max(0, Math.min(last, n));
    const next = new URLSearchParams();
    next.set("at", n);
    if (tableName) next.set("table", tableName);
    if (keepFrom !== undefined && keepFrom !== n) next.set("from", keepFrom);
    history.pushState(null, "", `/log/${id}/state?${next}`);
    route();
  };
  const tables = (overview.tables || []).map((t) => `${t.module_id}.${t.table_name}`);
  const picker = h("select", { id: "state-table", onchange: (e) => {
    const next = new URLSearchParams({ at });
    if (e.target.value) next.set("table", e.target.value);
    history.pushState(null, "", `/log/${id}/state?${next}`);
    route();
  } }, h("option", { value: "" }, "all tables"), tables.map((t) => h("option", { value: t, selected: t === tableName }, t)));
  const number = h("input", { id: "state-at", type: "number", min: 0, max: last, value: at,
    onchange: (e) => go(Number(e.target.value), at) });
  const slider = h("input", { id: "state-slider", type: "range", min: 0, max: last, value: at,
    onchange: (e) => go(Number(e.target.value), at) });
  const compare = h("input", { id: "state-from", type: "number", min: 0, max: last, value: from === null ? "" : from,
    placeholder: "none", onchange: (e) => {
      const next = new URLSearchParams({ at });
      if (tableName) next.set("table", tableName);
      if (e.target.value !== "" && Number(e.target.value) !== at) next.set("from", Math.max(0, Math.min(last, Number(e.target.value))));
      history.pushState(null, "", `/log/${id}/state?${next}`);
      route();
    } });
  view.append(h("h1", {}, `Table state after record ${at}`),
    h("p", {}, "table ", picker, " record ", number, " ",
      h("button", { id: "state-prev", onclick: () => go(at - 1, at) }, "◀ −1"), h("button", { id: "state-next", onclick: () => go(at + 1, at) }, "+1 ▶"),
      " compared with record ", compare),
    h("p", {}, slider), h("p", {}, "Arrow keys step ±1; rows changed since the record compared with (the previous index after a step) are highlighted: inserted green, updated yellow, deleted listed below."));
  document.onkeydown = (e) => {
    if (e.target.tagName === "INPUT" && e.target.type !== "range") return;
    if (e.key === "ArrowLeft") { e.preventDefault(); go(at - 1, at); }
    if (e.key === "ArrowRight") { e.preventDefault(); go(at + 1, at); }
  };
  const query = new URLSearchParams({ at });
  if (tableName) query.set("table", tableName);
  const { data } = await getJson(`/log/${id}/state.json?${query}`);
  const changed = new Map(), gone = [];
  if (from !== null && Number(from) !== at) {
    const [a, b] = [Math.min(Number(from), at), Math.max(Number(from), at)];
    const diffQuery = new URLSearchParams({ from: a, to: b });
    if (tableName) diffQuery.set("table", tableName);
    const diff = (await getJson(`/log/${id}/diff.json?${diffQuery}`)).data;
    // Going back in time, what the diff calls inserted is what is gone at `at`, and the reverse.
    const backwards = Number(from) > at;
    for (const c of diff.changes) {
      const change = backwards && c.change !== "updated" ? (c.change === "inserted" ? "deleted" : "inserted") : c.change;
      const key = `${c.module_id}.${c.table_name} ${JSON.stringify(c.primary_key)}`;
      changed.set(key, change);
      if (change === "deleted") gone.push({ table: `${c.module_id}.${c.table_name}`, primary_key: c.primary_key,
        row: (backwards ? c.after : c.before).entries });
    }
  }
  const rows = data.rows.map((r) => ({ table: `${r.module_id}.${r.table_name}`, primary_key: r.primary_key, row: r.row.entries }));
  const list = table(rows, ["table", "primary_key", "row"], (r) => {
    const change = changed.get(`${r.table} ${JSON.stringify(r.primary_key)}`);
    return { class: change === "inserted" ? "inserted" : change ? "changed" : null };
  });
  list.id = "state-rows";
  view.append(h("p", { id: "state-summary" }, `${data.live_rows_total} live rows, state hash ${data.state_hash}` +
    (changed.size ? `; ${changed.size} rows changed between ${Math.min(from, at)} and ${Math.max(from, at)}` : "")), list);
  if (gone.length) {
    const deleted = table(gone, ["table", "primary_key", "row"], () => ({ class: "deleted" }));
    deleted.id = "state-deleted";
    view.append(h("h2", {}, `Deleted since record ${from} (${gone.length})`), deleted);
  }
  view.append(h("p", { class: "links" }, h("a", { href: `/log/${id}/state.json?${query}` }, "JSON")));
}

// --- schemas ---------------------------------------------------------------------------------

async function schemaView(id) {
  crumbs(["schema", `/schema/${id}`], ["JSON", `/schema/${id}.json`], ["findings JSON", `/schema/${id}/validate.json`]);
  const [{ data }, findings] = await Promise.all([getJson(`/schema/${id}.json`), getJson(`/schema/${id}/validate.json`)]);
  view.append(h("h1", {}, `Module ${data.module_name} ${data.version}`));
  for (const t of data.tables || []) {
    view.append(h("h2", {}, `table ${t.name}`), h("p", {}, `${t.visibility || ""}; primary key ${compact(t.primary_key)}`), table(t.columns || []));
  }
  view.append(h("h2", {}, "Reducers"), table(data.reducers || []));
  view.append(h("h2", {}, "Subscriptions"), table(data.subscriptions || []));
  const list = findings.data.findings || [];
  view.append(h("h2", {}, `validate: ${list.length} findings`),
    h("ul", { id: "findings" }, list.map((f) => h("li", { class: `finding-${f.severity}` }, `${f.severity} ${f.rule} ${f.pointer || ""}: ${f.message}`))));
}

async function schemaDiffView() {
  const params = new URLSearchParams(location.search);
  const { data } = await getJson(`/schema-diff.json?${params}`);
  view.append(h("h1", {}, "schema-diff"), kv({ suggested_version: data.suggested_version, is_compatible: data.is_compatible }));
  view.append(table(data.findings || []));
}

// --- traces: flame graph (time order) + summary -------------------------------------------------

async function traceView(id) {
  crumbs(["trace", `/trace/${id}`], ["summary JSON", `/trace/${id}.json`], ["spans JSON", `/trace/${id}/spans.json`]);
  const [{ data: trace }, { data: summary }] = await Promise.all([getJson(`/trace/${id}/spans.json`), getJson(`/trace/${id}.json`)]);
  view.append(h("h1", {}, `Trace ${trace.root_name}`), h("p", {}, "Click a span to zoom, double-click to reset; search highlights matches. ",
    h("input", { id: "trace-search", placeholder: "search span names" })));
  const canvas = h("canvas", { id: "flame", width: 1200, height: 300 });
  view.append(canvas, h("p", { id: "trace-matched" }));
  flameGraph(trace, canvas, document.getElementById("trace-search"));
  view.append(h("h2", {}, "Summary"), table(summary.span_names || []));
}

function flameGraph(trace, canvas, search) {
  const byId = new Map(trace.spans.map((s) => [s.span_id, s]));
  const depth = (s) => { let d = 0; for (let p = s; p.parent_span_id && byId.has(p.parent_span_id) && d < 256; p = byId.get(p.parent_span_id)) d++; return d; };
  const spans = trace.spans.map((s) => ({ ...s, depth: depth(s) }));
  const rowH = 18, rows = Math.max(...spans.map((s) => s.depth), 0) + 1;
  canvas.height = rows * rowH + 4;
  let x0 = trace.start_time_us, x1 = Math.max(trace.end_time_us, x0 + 1), pattern = "";
  const ctx = canvas.getContext("2d");
  const place = (s) => ({ x: (s.start_time_us - x0) / (x1 - x0) * canvas.width, w: s.duration_us / (x1 - x0) * canvas.width, y: s.depth * rowH });
  function draw() {
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    let matched = 0;
    for (const s of spans) {
      const p = place(s);
      if (p.x + p.w < 0 || p.x > canvas.width || p.w < 0.5) continue;
      const hit = pattern && s.name.includes(pattern);
      if (hit) matched += s.duration_us;
      const hue = (s.name.length * 37 + s.name.charCodeAt(0) * 11) % 60;
      ctx.fillStyle = hit ? "#e600e6" : s.status === "Error" ? "#d33" : `hsl(${hue + 10}, 85%, 60%)`;
      ctx.fillRect(p.x, p.y, Math.max(1, p.w - 1), rowH - 2);
      if (p.w > 30) {
        ctx.fillStyle = "#000";
        ctx.font = "11px sans-serif";
        ctx.save();
        ctx.beginPath(); ctx.rect(p.x, p.y, p.w - 2, rowH); ctx.clip();
        ctx.fillText(s.name, p.x + 3, p.y + 12);
        ctx.restore();
      }
    }
    document.getElementById("trace-matched").textContent = pattern ? `Matched: ${(100 * matched / trace.total_duration_us).toFixed(1)}%` : "";
  }
  const at = (e) => spans.find((s) => { const p = place(s); return e.offsetY >= p.y && e.offsetY < p.y + rowH && e.offsetX >= p.x && e.offsetX <= p.x + p.w; });
  canvas.onclick = (e) => { const s = at(e); if (s) { x0 = s.start_time_us; x1 = s.start_time_us + Math.max(1, s.duration_us); draw(); } };
  canvas.ondblclick = () => { x0 = trace.start_time_us; x1 = Math.max(trace.end_time_us, x0 + 1); draw(); };
  canvas.onmousemove = (e) => {
    const s = at(e);
    tooltip.hidden = !s;
    if (!s) return;
    tooltip.textContent = `${s.name}: ${s.duration_us} µs ${s.module_id ? "module " + s.module_id : ""} ${s.reducer_name || ""}`;
    tooltip.style.left = `${e.clientX + 12}px`;
    tooltip.style.top = `${e.clientY + 12}px`;
  };
  canvas.onmouseleave = () => { tooltip.hidden = true; };
  search.addEventListener("input", () => { pattern = search.value; draw(); });
  draw();
}

// --- routing ---------------------------------------------------------------------------------

async function route() {
  view.replaceChildren();
  document.onkeydown = null;
  const parts = location.pathname.split("/").filter(Boolean);
  try {
    if (parts.length === 0) await indexView();
    else if (parts[0] === "log" && parts.length === 2) await overviewView(parts[1]);
    else if (parts[0] === "log" && parts[2] === "records") await recordsView(parts[1]);
    else if (parts[0] === "log" && parts[2] === "record") await recordView(parts[1], Number(parts[3]));
    else if (parts[0] === "log" && parts[2] === "state") await stateView(parts[1]);
    else if (parts[0] === "schema") await schemaView(parts[1]);
    else if (parts[0] === "schema-diff") await schemaDiffView();
    else if (parts[0] === "trace") await traceView(parts[1]);
    else throw new Error("no such view");
  } catch (error) {
    showError(error);
  }
  document.body.dataset.ready = "1";
}

window.addEventListener("popstate", route);
route();
