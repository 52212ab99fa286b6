// Nodes: each node's colour and why, its processes (subsystems) with theirs, and how the
// leading manager schedules it.

import * as api from './api.js';
import { ago, badge, h, poll, table } from './dom.js';

const REFRESH_MS = 5000;

export function renderNodes(view, params, signal) {
  const summary = h('p', { class: 'muted', id: 'nodes-summary' });
  const errors = h('div');
  const cards = h('div', { class: 'cards', id: 'nodes' });
  view.append(h('div', { class: 'view-head' }, h('h2', {}, 'Nodes'), summary), errors, cards);
  poll(async () => {
    const answer = await api.call('GET', '/v1/nodes', undefined, signal);
    summary.replaceChildren(describe(answer));
    cards.replaceChildren(...answer.nodes.map(card));
  }, REFRESH_MS, signal, errors);
}

function describe(answer) {
  const scheduling = answer.scheduling || {};
  const parts = [`${answer.nodes.length} node(s)`];
  parts.push(scheduling.available
    ? `leading manager on ${scheduling.leader_node_id}, epoch ${scheduling.epoch}`
    : `no scheduling: ${scheduling.message || scheduling.error || 'no leading manager'}`);
  if (answer.partial) {
    parts.push('some nodes did not answer');
  }
  return parts.join(' · ');
}

function card(node) {
  const tags = [];
  if (node.leader) {
    tags.push(h('span', { class: 'tag' }, 'leader'));
  }
  if (node.draining) {
    tags.push(h('span', { class: 'tag warn' }, 'draining'));
  }
  if (node.schedulable === false) {
    tags.push(h('span', { class: 'tag warn' }, 'not schedulable'));
  }
  const facts = [
    ['version', node.version],
    ['up since', node.started_at ? `${ago(node.started_at)}` : ''],
    ['cluster members', node.cluster_members],
  ];
  if (node.capacity) {
    facts.push(['cpu', `${node.allocated.cpu} of ${node.capacity.cpu} allocated`]);
    facts.push(['memory', `${node.allocated.memory_mb} of ${node.capacity.memory_mb} MiB`]);
    facts.push(['instances', node.instances]);
  }
  return h('article', { class: `card node st-border-${String(node.status).toLowerCase()}`,
    'data-node': node.node_id },
  h('header', {}, h('h3', {}, node.node_id), badge(node.status), tags),
  node.reason ? h('p', { class: 'reason' }, node.reason) : null,
  h('dl', { class: 'facts' }, facts.map(([name, value]) => [h('dt', {}, name),
    h('dd', {}, value === undefined ? '' : value)])),
  table(['subsystem', 'status', 'state', 'pid', 'restarts', 'reason'],
    (node.subsystems || []).map((part) => h('tr', { 'data-subsystem': part.name },
      h('td', {}, part.name),
      h('td', {}, badge(part.status)),
      h('td', {}, part.state),
      h('td', { class: 'num' }, part.pid || ''),
      h('td', { class: 'num' }, part.restarts),
      h('td', { class: 'reason' }, part.reason))),
    { class: 'subsystems' }));
}
