// The live event stream: what the cluster reports (nodes, processes, instances, jobs), newest
// first, as it happens.

import * as api from './api.js';
import { clock, errorBox, h, jobLink, traceLink } from './dom.js';

const KEPT = 500;
const RECONNECT_MS = 3000;
const TYPES = ['node.joined', 'node.left', 'node.status', 'process.restarted',
  'instance.started', 'instance.exited', 'instance.killed', 'instance.lost', 'job.state',
  'job.removed'];

export function renderEvents(view, params, signal) {
  const type = h('select', { id: 'events-type', 'aria-label': 'type' },
    h('option', { value: '' }, 'every type'), TYPES.map((name) => h('option', { value: name },
      name)));
  const job = h('input', { id: 'events-job', placeholder: 'job id', 'aria-label': 'job',
    class: 'mono' });
  const paused = h('input', { id: 'events-paused', type: 'checkbox' });
  const status = h('span', { id: 'events-status', class: 'muted' });
  const rows = h('tbody', { id: 'events-rows' });
  let current = null;

  const add = (event) => {
    if (paused.checked) {
      return;
    }
    rows.prepend(row(event));
    while (rows.children.length > KEPT) {
      rows.lastChild.remove();
    }
  };
  const connect = async () => {
    current?.abort();
    const controller = new AbortController();
    current = controller;
    signal.addEventListener('abort', () => controller.abort(), { once: true });
    const filter = { type: type.value, job: job.value.trim() };
    rows.replaceChildren();
    for (;;) {
      try {
        status.replaceChildren('loading the recent events…');
        const recent = await api.call('GET', api.withQuery('/v1/events',
          { ...filter, follow: false }), undefined, controller.signal);
        recent.events.forEach(add);
        status.replaceChildren('connecting…');
        await api.lines(api.withQuery('/v1/events', filter), {
          onLine: add,
          onOpen: () => status.replaceChildren(h('span', { class: 'live' }, '● live')),
          signal: controller.signal,
        });
        status.replaceChildren('the stream ended; reconnecting…');
      } catch (error) {
        if (controller.signal.aborted) {
          return;
        }
        status.replaceChildren(errorBox(error));
      }
      await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
      if (controller.signal.aborted) {
        return;
      }
      rows.replaceChildren();
    }
  };
  type.addEventListener('change', connect);
  job.addEventListener('change', connect);
  const clear = h('button', { type: 'button', class: 'quiet',
    onclick: () => rows.replaceChildren() }, 'Clear');

  view.append(
    h('div', { class: 'view-head' }, h('h2', {}, 'Events'), status),
    h('section', { class: 'card' },
      h('div', { class: 'toolbar' }, type, job, h('label', {}, paused, ' pause'), clear),
      h('table', { class: 'events', id: 'events' },
        h('thead', {}, h('tr', {}, ['time', 'type', 'from', 'job', 'node', 'details',
          'correlation id'].map((name) => h('th', {}, name)))),
        rows)));
  connect();
}

function row(event) {
  const data = Object.entries(event.data || {}).filter(([, value]) => value !== '')
    .map(([name, value]) => h('span',
    { class: 'kv' }, h('span', { class: 'muted' }, `${name}=`), value));
  const source = event.source || {};
  return h('tr', { 'data-type': event.type, 'data-job': event.job_id || '' },
    h('td', { class: 'mono' }, clock(event.time)),
    h('td', {}, h('span', { class: 'tag' }, event.type)),
    h('td', { class: 'nowrap' }, [source.node, source.role].filter(Boolean).join(' / ')),
    h('td', { class: 'nowrap' }, jobLink(event.job_id)),
    h('td', {}, event.node_id),
    h('td', { class: 'details' }, data),
    h('td', {}, traceLink(event.correlation_id, String(event.correlation_id).slice(0, 8))));
}
