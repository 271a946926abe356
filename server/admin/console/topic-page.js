// The console's topic page: partitions (start, end, size) and configs refreshed with the poll, a
// message browser (newest / oldest / offset / timestamp, one partition or all, key and value
// filters, paged by the server's cursor), a form that produces a record, and topic delete.
// Uses app.js's helpers, defined before any page renders (app.js loads next and renders last).
/* global view, api, esc, fmt, confirmDialog */
'use strict';

/** 604800000 → "7 d": the largest unit that divides the duration. */
function duration(ms) {
  const units = [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['min', 60_000],
    ['s', 1000],
  ];
  for (const [unit, size] of units) if (ms >= size && ms % size === 0) return `${ms / size} ${unit}`;
  return `${fmt(ms)} ms`;
}

/** Text of a key, value or header as the API gives it: UTF-8 text, or base64 marked as such. */
function bytesText(view) {
  if (view === null || view === undefined) return null;
  return view.encoding === 'utf8' ? view.data : `base64:${view.data}`;
}

/** JSON objects and arrays indented; anything else as it is. */
function pretty(text) {
  if (text === null) return null;
  try {
    const parsed = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object') return JSON.stringify(parsed, null, 2);
  } catch {
    // not JSON
  }
  return text;
}

function valueCell(m) {
  if (m.schemaId !== undefined) {
    return `<span class="badge" data-testid="schema-id">schema id ${m.schemaId} (${esc(m.schemaType)})</span>
      <pre class="value">${esc(JSON.stringify(m.decodedValue, null, 2))}</pre>`;
  }
  const text = pretty(bytesText(m.value));
  return text === null ? '<span class="muted">null</span>' : `<pre class="value">${esc(text)}</pre>`;
}

function headersCell(headers) {
  const lines = Object.entries(headers).flatMap(([name, values]) =>
    values.map((v) => `${esc(name)}: ${esc(bytesText(v) ?? 'null')}`),
  );
  return lines.length ? lines.join('<br>') : '<span class="muted">–</span>';
}

function topicPageSkeleton(name) {
  view.innerHTML = `
    <h1>Topic <span class="mono">${esc(name)}</span></h1>
    <section class="card" id="t-facts"></section>
    <section class="card"><h2>Partitions</h2><div id="t-partitions"></div></section>
    <section class="card"><h2>Configs</h2><div id="t-configs"></div></section>
    <section class="card"><h2>Messages</h2>
      <form class="inline" id="browse-form">
        <select name="partition" data-testid="browse-partition"><option value="all">all partitions</option></select>
        <select name="from" data-testid="browse-from">
          <option value="newest">newest first</option><option value="oldest">oldest first</option>
          <option value="offset">from offset</option><option value="timestamp">from timestamp</option>
        </select>
        <input name="at" placeholder="offset, or ISO date / epoch ms" size="24" data-testid="browse-at">
        <input name="key" placeholder="key contains" size="14" data-testid="browse-key">
        <input name="value" placeholder="value contains" size="14" data-testid="browse-value">
        <select name="limit" data-testid="browse-limit">${[20, 50, 100].map((n) => `<option>${n}</option>`).join('')}</select>
        <button type="submit" class="primary" data-testid="browse-submit">Browse</button>
      </form>
      <div id="browse-out"></div>
    </section>
    <section class="card"><h2>Produce a record</h2>
      <form id="produce-form" class="stack">
        <label>Partition <select name="partition" data-testid="produce-partition"></select></label>
        <label>Key <input name="key" size="40" data-testid="produce-key"></label>
        <label>Value <textarea name="value" rows="4" cols="60" data-testid="produce-value"></textarea></label>
        <label>Headers <textarea name="headers" rows="2" cols="60" placeholder="name: value, one a line" data-testid="produce-headers"></textarea></label>
        <div><button type="submit" class="primary" data-testid="produce-submit">Produce</button> <span id="produce-result" data-testid="produce-result"></span></div>
      </form>
    </section>
    <section class="card"><h2>Danger zone</h2><button class="danger" data-testid="delete-topic" id="delete-topic">Delete topic</button> <span id="delete-topic-msg"></span></section>`;

  const browse = { name, cursor: null, page: 0 };
  document.getElementById('browse-form').addEventListener('submit', (e) => {
    e.preventDefault();
    browse.cursor = null;
    browse.page = 0;
    browseMessages(browse);
  });
  document.getElementById('produce-form').addEventListener('submit', (e) => {
    e.preventDefault();
    produceRecord(name);
  });
  document.getElementById('delete-topic').addEventListener('click', async () => {
    if (!(await confirmDialog(`Delete topic "${name}" and all its records? This cannot be undone.`))) return;
    try {
      await api('DELETE', `/api/topics/${encodeURIComponent(name)}`);
      location.hash = '#/';
    } catch (err) {
      document.getElementById('delete-topic-msg').innerHTML = `<span class="error">${esc(err.message)}</span>`;
    }
  });
}

/** The query string of the browse form (and the cursor, for a next page). */
function browseQuery(browse) {
  const form = document.getElementById('browse-form');
  const q = new URLSearchParams({ partition: form.elements.partition.value, limit: form.elements.limit.value });
  const from = form.elements.from.value;
  const at = form.elements.at.value.trim();
  q.set('from', from);
  if (from === 'offset') q.set('offset', at);
  if (from === 'timestamp') q.set('timestamp', at);
  for (const field of ['key', 'value']) {
    const text = form.elements[field].value;
    if (text !== '') q.set(field, text);
  }
  if (browse.cursor) q.set('cursor', browse.cursor);
  return q;
}

async function browseMessages(browse) {
  const out = document.getElementById('browse-out');
  let res;
  try {
    res = await api('GET', `/api/topics/${encodeURIComponent(browse.name)}/messages?${browseQuery(browse)}`);
  } catch (err) {
    out.innerHTML = `<p class="error" data-testid="browse-error">${esc(err.message)}</p>`;
    return;
  }
  browse.page += 1;
  const more = res.next !== null;
  out.innerHTML = `
    <p class="muted" data-testid="browse-summary">Page ${browse.page}: ${res.messages.length} record${res.messages.length === 1 ? '' : 's'}${
      res.direction === 'backward' ? ', newest first' : ', oldest first'
    }${more ? '' : res.direction === 'backward' ? ' — reached the oldest record' : ' — reached the newest record'}.</p>
    ${
      res.messages.length === 0
        ? '<p class="muted">No records match.</p>'
        : `<table data-testid="messages-table"><tr><th class="num">Partition</th><th class="num">Offset</th><th>Timestamp</th><th>Key</th><th>Value</th><th>Headers</th></tr>
      ${res.messages
        .map(
          (
            m,
          ) => `<tr data-testid="message-row"><td class="num">${m.partition}</td><td class="num" data-testid="message-offset">${m.offset}</td>
        <td class="mono">${esc(new Date(m.timestamp).toISOString())}</td>
        <td class="mono" data-testid="message-key">${m.key === null ? '<span class="muted">null</span>' : esc(bytesText(m.key))}</td>
        <td data-testid="message-value">${valueCell(m)}</td><td class="mono">${headersCell(m.headers)}</td></tr>`,
        )
        .join('')}</table>`
    }
    ${more ? '<p><button data-testid="browse-next" id="browse-next">Next page</button></p>' : ''}`;
  document.getElementById('browse-next')?.addEventListener('click', () => {
    browse.cursor = res.next;
    browseMessages(browse);
  });
}

/** `name: value` lines to a headers object; a line without a colon is a header with an empty value. */
function parseHeaders(text) {
  const headers = {};
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const at = line.indexOf(':');
    const name = (at < 0 ? line : line.slice(0, at)).trim();
    headers[name] = at < 0 ? '' : line.slice(at + 1).trim();
  }
  return headers;
}

async function produceRecord(name) {
  const form = document.getElementById('produce-form');
  const out = document.getElementById('produce-result');
  const key = form.elements.key.value;
  const body = {
    partition: Number(form.elements.partition.value),
    key: key === '' ? null : key,
    value: form.elements.value.value,
    headers: parseHeaders(form.elements.headers.value),
  };
  try {
    const res = await api('POST', `/api/topics/${encodeURIComponent(name)}/messages`, body);
    out.innerHTML = `Produced to partition ${res.partition} at offset ${res.offset}.`;
  } catch (err) {
    out.innerHTML = `<span class="error">${esc(err.message)}</span>`;
  }
}

/** Fills a partition <select> once (or again when partitions were added), keeping the choice. */
function fillPartitions(select, count, keepFirst) {
  const options = select.querySelectorAll('option[data-partition]');
  if (options.length === count) return;
  for (const option of options) option.remove();
  for (let p = 0; p < count; p++) {
    const option = document.createElement('option');
    option.value = String(p);
    option.textContent = keepFirst ? `partition ${p}` : String(p);
    option.dataset.partition = String(p);
    select.append(option);
  }
}

window.renderTopic = async function renderTopic(name) {
  if (!document.getElementById('t-facts')) topicPageSkeleton(name);
  let t;
  try {
    t = await api('GET', `/api/topics/${encodeURIComponent(name)}`);
  } catch (err) {
    document.getElementById('t-facts').innerHTML = `<p class="error" data-testid="topic-error">${esc(err.message)}</p>`;
    return;
  }
  document.getElementById('t-facts').innerHTML = `<dl class="facts">
    <div><dt>Partitions</dt><dd data-testid="topic-partition-count">${t.partitions.length}</dd></div>
    <div><dt>Messages</dt><dd data-testid="topic-messages">${fmt(t.messages)}</dd></div>
    <div><dt>Size</dt><dd>${fmt(t.sizeBytes)} B</dd></div>
    <div><dt>Retention</dt><dd>${t.retention.ms < 0 ? 'forever' : duration(t.retention.ms)} · ${t.retention.bytes < 0 ? 'no size limit' : `${fmt(t.retention.bytes)} B`}</dd></div></dl>`;
  document.getElementById('t-partitions').innerHTML = `<table data-testid="topic-partitions-table">
    <tr><th class="num">Partition</th><th class="num">Start offset</th><th class="num">End offset</th><th class="num">Messages</th><th class="num">Size</th></tr>
    ${t.partitions
      .map(
        (
          p,
        ) => `<tr><td class="num">${p.partition}</td><td class="num">${fmt(p.logStartOffset)}</td><td class="num">${fmt(p.logEndOffset)}</td>
      <td class="num">${fmt(p.logEndOffset - p.logStartOffset)}</td><td class="num">${fmt(p.sizeBytes)} B</td></tr>`,
      )
      .join('')}</table>`;
  const configs = Object.entries(t.configs);
  document.getElementById('t-configs').innerHTML =
    configs.length === 0
      ? '<p class="muted" data-testid="topic-configs">No topic configs set; the broker defaults apply.</p>'
      : `<table data-testid="topic-configs"><tr><th>Name</th><th>Value</th></tr>
    ${configs.map(([k, v]) => `<tr><td class="mono">${esc(k)}</td><td class="mono">${esc(v)}</td></tr>`).join('')}</table>`;
  fillPartitions(document.querySelector('#browse-form select[name="partition"]'), t.partitions.length, true);
  fillPartitions(document.querySelector('#produce-form select[name="partition"]'), t.partitions.length, false);
};
