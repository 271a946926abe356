// The minibroker console: a hash router over four views (overview, group, topic, ACLs — the topic
// page is topic-page.js, the ACL page acl-page.js), refreshed every second from the admin API.
// Plain DOM, no framework, nothing loaded from elsewhere.
'use strict';

const POLL_MS = 1000;
/** Live samples shown at least this far back; longer when the broker's own history reaches further. */
const MIN_CHART_MS = 120_000;
const MAX_CHART_POINTS = 2000;
const view = document.getElementById('view');
const statusEl = document.getElementById('status');
const lagHistory = new Map(); // groupId -> { windowMs, samples: [{ t, v }] }, seeded from the broker's history
let timer;

const esc = (s) =>
  String(s ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );
const fmt = (n) => (n === null || n === undefined ? '–' : Number(n).toLocaleString('en'));
const state = (s) => `<span class="state state-${esc(s)}" data-testid="group-state">${esc(s)}</span>`;

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = res.status === 204 ? null : await res.json();
  if (!res.ok) throw new Error(data && data.error ? `${data.error.code}: ${data.error.message}` : `HTTP ${res.status}`);
  return data;
}

/** A stable colour per member id, so a partition changing hands changes colour. */
function memberColour(memberId) {
  let h = 0;
  for (const c of memberId) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `hsl(${h % 360}, 62%, 45%)`;
}

function confirmDialog(text) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = text;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.showModal();
  });
}

// ------------------------------------------------------------ overview

function overviewSkeleton() {
  view.innerHTML = `
    <h1>Overview</h1>
    <section class="card"><h2>Consumer groups</h2><div id="o-groups"></div></section>
    <section class="card"><h2>Transactions</h2><div id="o-transactions"></div></section>
    <section class="card"><h2>Topics</h2><div id="o-create"></div><div id="o-topics"></div></section>`;
  document.getElementById('o-create').append(createTopicForm());
}

async function renderOverview() {
  const [{ topics }, { groups }, { transactions }] = await Promise.all([
    api('GET', '/api/topics'),
    api('GET', '/api/groups'),
    api('GET', '/api/transactions'),
  ]);
  // A topic deleted between the list and its details is left out, not an error.
  const details = (
    await Promise.all(topics.map((t) => api('GET', `/api/topics/${encodeURIComponent(t.name)}`).catch(() => null)))
  ).filter(Boolean);
  if (!document.getElementById('o-groups')) overviewSkeleton();
  document.getElementById('o-groups').innerHTML =
    groups.length === 0
      ? '<p class="muted">No consumer groups yet.</p>'
      : `<table data-testid="groups-table">
        <tr><th>Group</th><th>State</th><th>Protocol</th><th class="num">Members</th><th class="num">Total lag</th></tr>
        ${groups
          .map(
            (
              g,
            ) => `<tr><td><a href="#/groups/${encodeURIComponent(g.groupId)}">${esc(g.groupId)}</a></td><td>${state(g.state)}</td>
          <td>${esc(g.protocol ?? '–')}</td><td class="num">${g.members}</td><td class="num">${fmt(g.totalLag)}</td></tr>`,
          )
          .join('')}
      </table>`;
  document.getElementById('o-transactions').innerHTML =
    transactions.length === 0
      ? '<p class="muted">No transactional producers yet.</p>'
      : `<table data-testid="transactions-table">
        <tr><th>Transactional id</th><th>State</th><th class="num">Producer id</th><th class="num">Epoch</th><th>Partitions</th><th class="num">Age</th></tr>
        ${transactions
          .map(
            (t) => `<tr><td>${esc(t.transactionalId)}</td><td>${esc(t.state)}</td><td class="num">${t.producerId}</td>
          <td class="num">${t.producerEpoch}</td><td>${esc(t.partitions.map((p) => `${p.topic}-${p.partition}`).join(', ') || '–')}</td>
          <td class="num">${t.ageMs < 0 ? '–' : `${(t.ageMs / 1000).toFixed(1)} s`}</td></tr>`,
          )
          .join('')}
      </table>`;
  document.getElementById('o-topics').innerHTML =
    details.length === 0
      ? '<p class="muted">No topics yet.</p>'
      : `<table data-testid="topics-table">
        <tr><th>Topic</th><th class="num">Partitions</th><th class="num">Messages</th><th class="num">Size</th><th>Partition offsets (start → end)</th></tr>
        ${details
          .map(
            (
              t,
            ) => `<tr><td><a href="#/topics/${encodeURIComponent(t.name)}" data-testid="topic-link">${esc(t.name)}</a></td><td class="num">${t.partitions.length}</td><td class="num">${fmt(t.messages)}</td>
          <td class="num">${fmt(t.sizeBytes)} B</td>
          <td class="mono">${t.partitions.map((p) => `${p.partition}: ${p.logStartOffset} → ${p.logEndOffset}`).join(' · ')}</td></tr>`,
          )
          .join('')}
      </table>`;
}

/** The create-topic form sits outside the parts the poll redraws, so typing survives it. */
function createTopicForm() {
  const form = document.createElement('form');
  form.className = 'inline';
  form.id = 'create-topic';
  form.innerHTML = `<input name="topic" placeholder="new topic name" size="28" data-testid="create-topic-name" required>
    <input name="partitions" type="number" min="1" value="1" size="4" data-testid="create-topic-partitions" title="partitions">
    <input name="retention" placeholder="retention.ms (optional)" size="20" data-testid="create-topic-retention">
    <button type="submit" class="primary" data-testid="create-topic-submit">Create topic</button>
    <span id="create-topic-msg" data-testid="create-topic-msg"></span>`;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const msg = form.querySelector('#create-topic-msg');
    const body = { topic: form.elements.topic.value.trim(), numPartitions: Number(form.elements.partitions.value) };
    const retention = form.elements.retention.value.trim();
    if (retention !== '') body.configs = { 'retention.ms': retention };
    try {
      const created = await api('POST', '/api/topics', body);
      msg.innerHTML = `Created <a href="#/topics/${encodeURIComponent(created.name)}">${esc(created.name)}</a>.`;
      form.elements.topic.value = '';
      refresh();
    } catch (err) {
      msg.innerHTML = `<span class="error">${esc(err.message)}</span>`;
    }
  });
  return form;
}

// ------------------------------------------------------------ group page

function groupPageSkeleton(groupId) {
  view.innerHTML = `
    <h1>Group <span class="mono">${esc(groupId)}</span></h1>
    <section class="card" id="g-facts"></section>
    <section class="card"><h2>Assignment</h2><div id="g-grid" class="grid" data-testid="assignment-grid"></div></section>
    <section class="card"><h2>Members</h2><div id="g-members"></div></section>
    <section class="card"><h2>Lag over time <span class="muted" id="g-lag-now"></span></h2><div class="chart" id="g-chart" data-testid="lag-chart"></div></section>
    <section class="card"><h2>Partitions</h2><div id="g-partitions"></div></section>
    <section class="card"><h2>Reset offsets</h2>
      <form class="inline" id="reset-form">
        <select name="to" data-testid="reset-to">
          ${['earliest', 'latest', 'offset', 'shift', 'datetime', 'duration'].map((s) => `<option>${s}</option>`).join('')}
        </select>
        <input name="value" placeholder="value (offset, ±n, ISO date, PT15M)" size="32" data-testid="reset-value">
        <button type="submit" data-testid="reset-dry-run">Dry run</button>
      </form>
      <div id="reset-plan"></div>
    </section>
    <section class="card"><h2>Danger zone</h2><button class="danger" id="delete-group" data-testid="delete-group">Delete group</button> <span id="delete-msg"></span></section>`;
  document.getElementById('reset-form').addEventListener('submit', (e) => {
    e.preventDefault();
    resetOffsets(groupId, false);
  });
  document.getElementById('delete-group').addEventListener('click', async () => {
    const msg = document.getElementById('delete-msg');
    if (!(await confirmDialog(`Delete group "${groupId}" and its committed offsets? This cannot be undone.`))) return;
    try {
      await api('DELETE', `/api/groups/${encodeURIComponent(groupId)}`);
      location.hash = '#/';
    } catch (err) {
      msg.innerHTML = `<span class="error">${esc(err.message)}</span>`;
    }
  });
}

function resetBody(groupId, execute) {
  const form = document.getElementById('reset-form');
  const to = form.elements.to.value;
  const raw = form.elements.value.value.trim();
  const body = { to, execute };
  if (raw !== '') body.value = /^[+-]?\d+$/.test(raw) ? Number(raw) : raw;
  return body;
}

async function resetOffsets(groupId, execute) {
  const out = document.getElementById('reset-plan');
  const body = resetBody(groupId, execute);
  if (
    execute &&
    !(await confirmDialog(`Commit these offsets for group "${groupId}"? Its consumers will resume from them.`))
  )
    return;
  try {
    const plan = await api('POST', `/api/groups/${encodeURIComponent(groupId)}/offsets/reset`, body);
    out.innerHTML = `<p>${plan.executed ? '<strong>Offsets committed.</strong>' : 'Dry run — nothing changed yet:'}</p>
      <table data-testid="reset-plan"><tr><th>Topic</th><th class="num">Partition</th><th class="num">Current</th><th class="num">New</th></tr>
      ${plan.offsets.map((o) => `<tr><td>${esc(o.topic)}</td><td class="num">${o.partition}</td><td class="num">${fmt(o.current)}</td><td class="num">${fmt(o.next)}</td></tr>`).join('')}</table>
      ${plan.executed ? '' : '<p><button class="primary" id="reset-execute" data-testid="reset-execute">Execute reset</button></p>'}`;
    document.getElementById('reset-execute')?.addEventListener('click', () => resetOffsets(groupId, true));
  } catch (err) {
    out.innerHTML = `<p class="error" data-testid="reset-error">${esc(err.message)}</p>`;
  }
}

/** The lag the broker sampled before the page opened, so the chart starts with the last minutes. */
async function loadLagHistory(groupId) {
  try {
    const { intervalMs, samples } = await api('GET', `/api/groups/${encodeURIComponent(groupId)}/lag-history`);
    lagHistory.set(groupId, {
      windowMs: Math.max(MIN_CHART_MS, intervalMs * samples.length),
      samples: samples.map((s) => ({ t: Date.parse(s.at), v: s.lag })),
    });
  } catch {
    // no history (an old broker, or the group is gone): the chart starts now
  }
}

async function renderGroup(groupId) {
  if (!document.getElementById('g-facts')) {
    groupPageSkeleton(groupId);
    await loadLagHistory(groupId);
  }
  let g;
  try {
    g = await api('GET', `/api/groups/${encodeURIComponent(groupId)}`);
  } catch (err) {
    document.getElementById('g-facts').innerHTML = `<p class="error">${esc(err.message)}</p>`;
    return;
  }
  document.getElementById('g-facts').innerHTML = `<dl class="facts">
    <div><dt>State</dt><dd>${state(g.state)}</dd></div>
    <div><dt>Generation</dt><dd data-testid="generation">${g.generationId}</dd></div>
    <div><dt>Protocol</dt><dd>${esc(g.protocol ?? '–')}</dd></div>
    <div><dt>Leader</dt><dd class="mono">${esc(g.leader ?? '–')}</dd></div>
    <div><dt>Coordinator shard</dt><dd>${g.coordinatorShard}</dd></div>
    <div><dt>Members</dt><dd data-testid="member-count">${g.members.length}</dd></div>
    <div><dt>Total lag</dt><dd data-testid="total-lag">${fmt(g.totalLag)}</dd></div></dl>`;

  const byTopic = new Map();
  for (const p of g.partitions) (byTopic.get(p.topic) ?? byTopic.set(p.topic, []).get(p.topic)).push(p);
  document.getElementById('g-grid').innerHTML =
    byTopic.size === 0
      ? '<p class="muted">No partitions assigned or committed yet.</p>'
      : [...byTopic]
          .map(
            ([
              topic,
              parts,
            ]) => `<div class="grid-row"><span class="topic" title="${esc(topic)}">${esc(topic)}</span><div class="cells">
      ${parts
        .map(
          (p) => `<div class="cell${p.owner ? '' : ' unowned'}" data-testid="cell" data-owner="${esc(p.owner ?? '')}"
        style="${p.owner ? `background:${memberColour(p.owner)}` : ''}" title="${esc(topic)}-${p.partition}: ${esc(p.owner ?? 'unassigned')}, lag ${fmt(p.lag)}">${p.partition}</div>`,
        )
        .join('')}
    </div></div>`,
          )
          .join('');

  document.getElementById('g-members').innerHTML =
    g.members.length === 0
      ? '<p class="muted">No active members.</p>'
      : `<table data-testid="members-table">
    <tr><th>Member</th><th>Client id</th><th>Instance id</th><th>Host</th><th>Last heartbeat</th><th>Assignment</th></tr>
    ${g.members
      .map(
        (
          m,
        ) => `<tr data-testid="member-row"><td class="mono"><span class="swatch" style="background:${memberColour(m.memberId)}"></span>${esc(m.memberId)}</td>
      <td>${esc(m.clientId)}</td><td>${esc(m.groupInstanceId ?? '–')}</td><td>${esc(m.host)}</td>
      <td>${m.lastHeartbeat ? new Date(m.lastHeartbeat).toLocaleTimeString() : '–'}</td>
      <td class="mono">${m.assignment.map((a) => `${esc(a.topic)}: ${a.partitions.join(', ')}`).join('<br>') || '–'}</td></tr>`,
      )
      .join('')}</table>`;

  document.getElementById('g-partitions').innerHTML = `<table data-testid="partitions-table">
    <tr><th>Topic</th><th class="num">Partition</th><th class="num">Committed</th><th class="num">Log end</th><th class="num">Lag</th><th>Owner</th></tr>
    ${g.partitions
      .map(
        (
          p,
        ) => `<tr><td>${esc(p.topic)}</td><td class="num">${p.partition}</td><td class="num">${fmt(p.committedOffset)}</td>
      <td class="num">${fmt(p.logEndOffset)}</td><td class="num" data-testid="partition-lag">${fmt(p.lag)}</td>
      <td class="mono">${p.owner ? `<span class="swatch" style="background:${memberColour(p.owner)}"></span>${esc(p.owner)}` : '–'}</td></tr>`,
      )
      .join('')}</table>`;

  const history = lagHistory.get(groupId) ?? { windowMs: MIN_CHART_MS, samples: [] };
  const now = Date.now();
  history.samples.push({ t: now, v: g.totalLag });
  while (history.samples.length > MAX_CHART_POINTS || history.samples[0].t < now - history.windowMs)
    history.samples.shift();
  lagHistory.set(groupId, history);
  document.getElementById('g-lag-now').textContent = `(now ${fmt(g.totalLag)})`;
  const chart = document.getElementById('g-chart');
  chart.innerHTML = window.lagChart(history.samples, 900, 180);
  chart.dataset.samples = String(history.samples.length);
}

// ------------------------------------------------------------ routing and polling

function route() {
  if (location.hash === '#/acls') return { name: 'acls' };
  const group = /^#\/groups\/(.+)$/.exec(location.hash);
  if (group) return { name: 'group', groupId: decodeURIComponent(group[1]) };
  const topic = /^#\/topics\/(.+)$/.exec(location.hash);
  if (topic) return { name: 'topic', topic: decodeURIComponent(topic[1]) };
  return { name: 'overview' };
}

async function refresh() {
  clearTimeout(timer);
  const r = route();
  try {
    if (r.name === 'group') await renderGroup(r.groupId);
    else if (r.name === 'topic') await window.renderTopic(r.topic);
    else if (r.name === 'acls') await window.renderAcls();
    else await renderOverview();
    statusEl.textContent = `updated ${new Date().toLocaleTimeString()}`;
    statusEl.dataset.updated = String(Date.now());
  } catch (err) {
    statusEl.textContent = `offline: ${err.message}`;
  }
  timer = setTimeout(refresh, POLL_MS);
}

window.addEventListener('hashchange', () => {
  view.innerHTML = '';
  refresh();
});
refresh();
