// The console's ACL page: every ACL from /api/acls in a table filtered by principal and resource,
// a form that adds one (Kafka's names for every choice), and remove per row after confirming.
// Errors from the API (403 when the signed-in user may not alter ACLs) are shown in the page.
// Uses app.js's helpers, defined before any page renders (app.js loads next and renders last).
/* global view, api, esc, confirmDialog */
'use strict';

const ACL_CHOICES = {
  resourceType: ['TOPIC', 'GROUP', 'CLUSTER', 'TRANSACTIONAL_ID'],
  patternType: ['LITERAL', 'PREFIXED'],
  operation: [
    'ALL',
    'READ',
    'WRITE',
    'CREATE',
    'DELETE',
    'ALTER',
    'DESCRIBE',
    'CLUSTER_ACTION',
    'DESCRIBE_CONFIGS',
    'ALTER_CONFIGS',
    'IDEMPOTENT_WRITE',
  ],
  permissionType: ['ALLOW', 'DENY'],
};
/** The cluster's one resource name, as Kafka's; the API refuses any other for CLUSTER. */
const CLUSTER_RESOURCE = 'kafka-cluster';
const ACL_FIELDS = ['principal', 'host', 'resourceType', 'patternType', 'resourceName', 'operation', 'permissionType'];

/** What the table shows now, so a poll redraws it only when the ACLs or the filters changed. */
const aclPage = { acls: [], shown: [], drawn: null };

const CHOICE_TITLES = {
  resourceType: 'resource type',
  patternType: 'pattern type',
  operation: 'operation',
  permissionType: 'permission',
};
const choice = (name) =>
  `<select name="${name}" title="${CHOICE_TITLES[name]}" data-testid="acl-${name}">${ACL_CHOICES[name].map((c) => `<option>${c}</option>`).join('')}</select>`;

function aclPageSkeleton() {
  aclPage.drawn = null;
  view.innerHTML = `
    <h1>ACLs</h1>
    <p id="acl-enforced" data-testid="acl-enforced"></p>
    <section class="card"><h2>Add an ACL</h2>
      <form class="inline" id="acl-add-form">
        <input name="principal" value="User:" size="18" required data-testid="acl-principal" title="principal (User:name, User:* for everyone)">
        <input name="host" value="*" size="10" required data-testid="acl-host" title="host (* for any)">
        ${choice('resourceType')} ${choice('patternType')}
        <input name="resourceName" placeholder="resource name" size="20" required data-testid="acl-resourceName">
        ${choice('operation')} ${choice('permissionType')}
        <button type="submit" class="primary" data-testid="acl-add-submit">Add ACL</button>
      </form>
      <p id="acl-add-msg" data-testid="acl-add-msg"></p>
    </section>
    <section class="card"><h2>ACLs</h2>
      <form class="inline" id="acl-filter-form">
        <input name="principal" placeholder="principal contains" size="20" data-testid="acl-filter-principal">
        <input name="resource" placeholder="resource name contains" size="20" data-testid="acl-filter-resource">
      </form>
      <p id="acl-list-msg" data-testid="acl-list-msg"></p>
      <div id="acl-table"></div>
    </section>`;
  const form = document.getElementById('acl-add-form');
  // The cluster has one resource, LITERAL "kafka-cluster": fill it in rather than let the API refuse.
  form.elements.resourceType.addEventListener('change', () => {
    if (form.elements.resourceType.value !== 'CLUSTER') return;
    form.elements.resourceName.value = CLUSTER_RESOURCE;
    form.elements.patternType.value = 'LITERAL';
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    addAcl(form);
  });
  document.getElementById('acl-filter-form').addEventListener('input', drawAclTable);
  document.getElementById('acl-filter-form').addEventListener('submit', (e) => e.preventDefault());
  document.getElementById('acl-table').addEventListener('click', (e) => {
    const button = e.target.closest('button[data-acl]');
    const acl = button && aclPage.shown[Number(button.dataset.acl)];
    if (acl) removeAcl(acl);
  });
}

async function addAcl(form) {
  const msg = document.getElementById('acl-add-msg');
  const acl = Object.fromEntries(ACL_FIELDS.map((f) => [f, form.elements[f].value.trim()]));
  try {
    await api('POST', '/api/acls', acl);
    msg.innerHTML = `Added: ${esc(describeAcl(acl))}.`;
    form.elements.resourceName.value = '';
    await loadAcls();
  } catch (err) {
    msg.innerHTML = `<span class="error" data-testid="acl-add-error">${esc(err.message)}</span>`;
  }
}

async function removeAcl(acl) {
  const msg = document.getElementById('acl-list-msg');
  if (!(await confirmDialog(`Remove the ACL: ${describeAcl(acl)}?`))) return;
  try {
    const { removed } = await api('DELETE', '/api/acls', acl);
    msg.textContent = removed === 0 ? 'That ACL was already gone.' : `Removed: ${describeAcl(acl)}.`;
    await loadAcls();
  } catch (err) {
    msg.innerHTML = `<span class="error" data-testid="acl-remove-error">${esc(err.message)}</span>`;
  }
}

/** "ALLOW User:bob READ on TOPIC PREFIXED orders. from *", as Kafka's tools word it. */
function describeAcl(a) {
  return `${a.permissionType} ${a.principal} ${a.operation} on ${a.resourceType} ${a.patternType} "${a.resourceName}" from ${a.host}`;
}

function aclMatchesFilter(acl) {
  const form = document.getElementById('acl-filter-form');
  const principal = form.elements.principal.value.trim().toLowerCase();
  const resource = form.elements.resource.value.trim().toLowerCase();
  return acl.principal.toLowerCase().includes(principal) && acl.resourceName.toLowerCase().includes(resource);
}

function drawAclTable() {
  const table = document.getElementById('acl-table');
  if (!table) return;
  const shown = aclPage.acls.filter(aclMatchesFilter);
  const key = JSON.stringify(shown);
  if (key === aclPage.drawn) return;
  aclPage.drawn = key;
  aclPage.shown = shown;
  if (aclPage.acls.length === 0) {
    table.innerHTML = '<p class="muted" data-testid="acl-empty">No ACLs yet.</p>';
    return;
  }
  if (shown.length === 0) {
    table.innerHTML = '<p class="muted" data-testid="acl-empty">No ACL matches the filters.</p>';
    return;
  }
  table.innerHTML = `<table data-testid="acls-table">
    <tr><th>Principal</th><th>Host</th><th>Resource type</th><th>Pattern type</th><th>Resource name</th><th>Operation</th><th>Permission</th><th></th></tr>
    ${shown
      .map(
        (
          a,
          i,
        ) => `<tr data-testid="acl-row">${ACL_FIELDS.map((f) => `<td class="mono" data-testid="acl-cell-${f}">${esc(a[f])}</td>`).join('')}
      <td><button class="danger" data-acl="${i}" data-testid="acl-remove">Remove</button></td></tr>`,
      )
      .join('')}</table>`;
}

async function loadAcls() {
  let res;
  try {
    res = await api('GET', '/api/acls');
  } catch (err) {
    document.getElementById('acl-table').innerHTML =
      `<p class="error" data-testid="acl-list-error">${esc(err.message)}</p>`;
    aclPage.drawn = null;
    return;
  }
  document.getElementById('acl-enforced').innerHTML = res.enforced
    ? 'ACLs are enforced: users authenticate, and each may do only what these ACLs (or being a super user) allow.'
    : '<strong>ACLs are not enforced</strong>: no users are configured, so the broker is open to every client. ACLs added here take effect only when the broker runs with users.';
  aclPage.acls = res.acls;
  drawAclTable();
}

window.renderAcls = async function renderAcls() {
  if (!document.getElementById('acl-table')) aclPageSkeleton();
  await loadAcls();
};
