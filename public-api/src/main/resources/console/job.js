// One job: its spec and state, its instances, an instance's output (followed while it runs),
// the trace of its submission, and a stop button.

import * as api from './api.js';
import { ago, badge, clock, errorBox, h, poll, table, traceLink } from './dom.js';

const REFRESH_MS = 1000;
const ENDED_JOB_STATES = ['complete', 'failed', 'stopped'];
/** Characters of output kept on the page; older text is dropped first. */
const MAX_OUTPUT_CHARS = 512 * 1024;

export function renderJob(view, [jobId], signal) {
  const path = `/v1/jobs/${encodeURIComponent(jobId)}`;
  const title = h('h2', {}, 'Job ', h('span', { class: 'mono', id: 'job-id' }, jobId));
  const state = h('span', { id: 'job-state' });
  const stop = h('button', { id: 'job-stop', type: 'button', class: 'danger', hidden: true },
    'Stop');
  const errors = h('div');
  const facts = h('dl', { class: 'facts', id: 'job-facts' });
  const instances = h('div', { id: 'job-instances' });
  const output = outputPanel(path, signal);
  let job = null;

  view.append(
    h('div', { class: 'view-head' }, title, state, h('span', { class: 'spacer' }), stop),
    errors,
    h('section', { class: 'card' }, facts),
    h('section', { class: 'card' }, h('h3', {}, 'Instances'), instances),
    output.element);

  const show = (answer) => {
    job = answer;
    state.replaceChildren(badge(job.state));
    stop.hidden = ENDED_JOB_STATES.includes(job.state);
    facts.replaceChildren(...describe(job));
    instances.replaceChildren(instanceTable(job, output.select));
    output.instances(job.instances.length);
  };
  confirmingButton(stop, 'Really stop?', async () => {
    try {
      show((await api.call('DELETE', path, undefined, signal)).job);
    } catch (error) {
      errors.replaceChildren(errorBox(error));
    }
  }, signal);
  poll(async () => {
    show((await api.call('GET', path, undefined, signal)).job);
    return !ENDED_JOB_STATES.includes(job.state);
  }, REFRESH_MS, signal, errors);
}

function describe(job) {
  const spec = job.spec || {};
  const rows = [
    ['name', job.name],
    ['namespace', job.namespace],
    ['command', h('code', {}, [spec.command, ...(spec.args || [])].map(quote).join(' '))],
    ['instances', spec.instances],
    ['restart', spec.restart ? spec.restart.policy : ''],
    ['submitted', job.submitted_at ? `${clock(job.submitted_at)} (${ago(job.submitted_at)})` : ''],
    ['ended', job.ended_at ? `${clock(job.ended_at)} (${ago(job.ended_at)})` : ''],
    ['reason', job.reason],
    ['submission', job.submitted_with_correlation_id
      ? h('a', { id: 'job-trace', href: `#/traces/${encodeURIComponent(
        job.submitted_with_correlation_id)}` }, 'trace of its submission')
      : ''],
  ];
  return rows.filter(([, value]) => value !== '' && value !== undefined && value !== null)
    .map(([name, value]) => [h('dt', {}, name), h('dd', {}, value)]).flat();
}

function quote(word) {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${String(word).replaceAll("'", "'\\''")}'`;
}

function instanceTable(job, select) {
  return table(['#', 'state', 'node', 'pid', 'run', 'restarts', 'started', 'ended', 'exit',
    'last error'], job.instances.map((instance) => h('tr', {
    'data-instance': instance.index, class: 'clickable', onclick: () => select(instance.index),
  },
  h('td', { class: 'num' }, instance.index),
  h('td', {}, badge(instance.state)),
  h('td', {}, instance.node),
  h('td', { class: 'num' }, instance.pid || ''),
  h('td', { class: 'mono' }, instance.run_id),
  h('td', { class: 'num' }, instance.restarts),
  h('td', {}, clock(instance.started_at)),
  h('td', {}, clock(instance.ended_at)),
  h('td', { class: 'num' }, instance.signal ? `signal ${instance.signal}`
    : instance.exit_code ?? ''),
  h('td', { class: 'reason' }, instance.last_error))));
}

/** The output of one instance, followed while it may grow; choosing another restarts it. */
function outputPanel(jobPath, viewSignal) {
  const instance = h('select', { id: 'output-instance', 'aria-label': 'instance' });
  const stream = h('select', { id: 'output-stream', 'aria-label': 'stream' },
    h('option', { value: 'stdout' }, 'stdout'), h('option', { value: 'stderr' }, 'stderr'));
  const follow = h('input', { id: 'output-follow', type: 'checkbox', checked: true });
  const status = h('span', { id: 'output-status', class: 'muted' });
  const text = document.createTextNode('');
  const pre = h('pre', { id: 'output', class: 'output' }, text);
  let reading = null;

  const read = async () => {
    reading?.abort();
    const controller = new AbortController();
    reading = controller;
    viewSignal.addEventListener('abort', () => controller.abort(), { once: true });
    text.data = '';
    delete pre.dataset.ended;
    status.replaceChildren(follow.checked ? 'following…' : 'reading…');
    const path = api.withQuery(`${jobPath}/logs`, {
      instance: instance.value || 0, stream: stream.value, follow: follow.checked,
    });
    const onText = (chunk) => {
      text.appendData(chunk);
      if (text.length > MAX_OUTPUT_CHARS) {
        text.deleteData(0, text.length - MAX_OUTPUT_CHARS);
      }
      pre.scrollTop = pre.scrollHeight;
    };
    try {
      await api.stream(path, { onText, signal: controller.signal });
      status.replaceChildren(follow.checked ? 'ended: the instance is done' : 'read');
      pre.dataset.ended = 'true';
    } catch (error) {
      if (!controller.signal.aborted) {
        status.replaceChildren(errorBox(error));
      }
    }
  };
  for (const control of [instance, stream, follow]) {
    control.addEventListener('change', read);
  }
  let count = 0;
  return {
    element: h('section', { class: 'card' },
      h('div', { class: 'toolbar' }, h('h3', {}, 'Output'),
        h('label', {}, 'instance ', instance), h('label', {}, 'stream ', stream),
        h('label', {}, follow, ' follow'), status),
      pre),
    /** Called with the job's instance count on every refresh; starts reading on the first. */
    instances(n) {
      if (n === count) {
        return;
      }
      const first = count === 0;
      count = n;
      const chosen = instance.value;
      instance.replaceChildren(...Array.from({ length: n }, (_, i) => h('option',
        { value: i }, String(i))));
      instance.value = chosen || '0';
      if (first) {
        read();
      }
    },
    select(index) {
      instance.value = String(index);
      read();
    },
  };
}

/** A button that asks to be clicked again (within 4 s) before it acts. */
function confirmingButton(button, question, action, signal) {
  const label = button.textContent;
  let armed = null;
  button.addEventListener('click', async () => {
    if (!armed) {
      button.textContent = question;
      button.classList.add('armed');
      armed = setTimeout(() => {
        armed = null;
        button.textContent = label;
        button.classList.remove('armed');
      }, 4000);
      return;
    }
    clearTimeout(armed);
    armed = null;
    button.textContent = label;
    button.classList.remove('armed');
    button.disabled = true;
    try {
      await action();
    } finally {
      button.disabled = false;
    }
  });
  signal.addEventListener('abort', () => clearTimeout(armed));
}
