// A trace: the hops (spans) of one correlation id as a tree with their durations, drawn on
// one time axis, and every log line that carries the id, from every node, in time order.

import * as api from './api.js';
import { badge, clock, epochMicros, errorBox, h, micros, table } from './dom.js';

export function renderTrace(view, [correlationId], signal) {
  const input = h('input', { id: 'trace-id', class: 'mono', required: true,
    placeholder: 'a correlation id, such as 5659dae0-1ab0-4775-926a-824abf9dec4d',
    value: correlationId || '' });
  const form = h('form', { id: 'trace-form', class: 'toolbar', autocomplete: 'off' },
    input, h('button', { type: 'submit' }, 'Show'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/traces/${encodeURIComponent(input.value.trim())}`;
  });
  const result = h('div', { id: 'trace' });
  view.append(h('div', { class: 'view-head' }, h('h2', {}, 'Trace')), form, result);
  if (!correlationId) {
    result.append(h('p', { class: 'muted' }, 'Every answer of the API carries its correlation '
      + 'id (the X-Correlation-Id header; this page shows the last one at the top right). '
      + 'A trace gathers what every process of every node did for it.'));
    return;
  }
  result.append(h('p', { class: 'muted' }, 'searching every node’s logs…'));
  api.call('GET', `/v1/traces/${encodeURIComponent(correlationId)}`, undefined, signal)
    .then((trace) => result.replaceChildren(...show(trace)))
    .catch((error) => {
      if (!signal.aborted) {
        result.replaceChildren(errorBox(error));
      }
    });
}

function show(trace) {
  const notes = [`${trace.entries.length} log line(s), ${trace.spans.length} hop(s)`];
  const answered = trace.nodes.filter((node) => node.answered).map((node) => node.node_id);
  notes.push(`searched on ${answered.join(', ') || 'no node'}`);
  if (trace.partial) {
    notes.push('some nodes did not answer: ' + trace.nodes.filter((node) => !node.answered)
      .map((node) => `${node.node_id} (${node.error})`).join(', '));
  }
  if (trace.truncated) {
    notes.push('cut to the first lines');
  }
  return [
    h('p', { class: 'muted', id: 'trace-summary' }, notes.join(' · ')),
    h('section', { class: 'card' }, h('h3', {}, 'Hops'), spanTree(trace.spans)),
    h('section', { class: 'card' }, h('h3', {}, 'Timeline'), timeline(trace.entries)),
  ];
}

/** The spans as a tree (children under their parent, by start), each with a bar on one axis. */
function spanTree(spans) {
  if (!spans.length) {
    return h('p', { class: 'muted' }, 'no hop of this request logged a span');
  }
  const byId = new Map(spans.map((span) => [span.span_id, { span, children: [] }]));
  const roots = [];
  for (const node of byId.values()) {
    const parent = byId.get(node.span.parent_span_id);
    (parent ? parent.children : roots).push(node);
  }
  const start = (node) => epochMicros(node.span.start);
  const first = Math.min(...spans.map((span) => epochMicros(span.start)));
  const last = Math.max(...spans.map((span) => epochMicros(span.start) + span.duration_us));
  const total = Math.max(last - first, 1);
  const rows = [];
  const walk = (node, depth) => {
    const offset = start(node) - first;
    const bar = h('span', { class: `bar st-${String(node.span.status).toLowerCase()}` });
    bar.style.left = `${(100 * offset) / total}%`;
    bar.style.width = `${Math.max((100 * node.span.duration_us) / total, 0.3)}%`;
    const failed = node.span.status && !['OK', 'UNSPECIFIED'].includes(node.span.status);
    const name = h('td', { class: 'span-name' }, node.span.name, failed ? [' ',
      badge(node.span.status)] : '');
    name.style.paddingLeft = `${0.4 + depth * 1.2}em`;
    rows.push(h('tr', { 'data-span': node.span.span_id },
      name,
      h('td', {}, [node.span.node, node.span.role].filter(Boolean).join(' / ')),
      h('td', { class: 'num' }, `+${micros(offset)}`),
      h('td', { class: 'num' }, micros(node.span.duration_us)),
      h('td', { class: 'axis' }, h('span', { class: 'track' }, bar))));
    node.children.sort((a, b) => start(a) - start(b)).forEach((child) => walk(child, depth + 1));
  };
  roots.sort((a, b) => start(a) - start(b)).forEach((root) => walk(root, 0));
  return table(['hop', 'where', 'at', 'took', `0 – ${micros(total)}`], rows,
    { class: 'spans', id: 'trace-spans' });
}

function timeline(entries) {
  if (!entries.length) {
    return h('p', { class: 'muted' }, 'no log line');
  }
  const first = epochMicros(entries[0].time);
  return table(['time', '+', 'node', 'role', 'level', 'message'], entries.map((entry) => h('tr',
    { class: `level-${String(entry.level).toLowerCase()}` },
    h('td', { class: 'mono' }, clock(entry.time)),
    h('td', { class: 'num' }, micros(epochMicros(entry.time) - first)),
    h('td', {}, entry.node),
    h('td', {}, entry.role),
    h('td', {}, entry.level),
    h('td', { class: 'message', title: entry.logger }, entry.message))),
  { class: 'timeline', id: 'trace-timeline' });
}
