// Jobs: the list, filtered by state (asked of the API) and by text (here), and a form that
// submits a job.

import * as api from './api.js';
import { ago, badge, errorBox, h, jobLink, poll } from './dom.js';

const REFRESH_MS = 3000;
const STATES = ['pending', 'running', 'complete', 'failed', 'stopped'];
const RESTART_POLICIES = ['never', 'on-failure', 'always'];

export function renderJobs(view, params, signal) {
  const state = h('select', { id: 'jobs-state', 'aria-label': 'state' },
    h('option', { value: '' }, 'every state'),
    STATES.map((name) => h('option', { value: name }, name)));
  const text = h('input', { id: 'jobs-filter', type: 'search', placeholder: 'id, name or namespace',
    'aria-label': 'filter' });
  const errors = h('div');
  const body = h('tbody', { id: 'jobs-rows' });
  let jobs = [];

  const more = h('p', { id: 'jobs-more', class: 'muted', hidden: true });
  const show = () => {
    const wanted = text.value.trim().toLowerCase();
    const shown = jobs.filter((job) => !wanted || [job.id, job.name, job.namespace]
      .some((value) => String(value).toLowerCase().includes(wanted)));
    body.replaceChildren(...shown.map(row));
    if (!shown.length) {
      body.append(h('tr', {}, h('td', { colspan: 6, class: 'muted' },
        jobs.length ? 'no job matches the filter' : 'no jobs')));
    }
  };
  // The newest page only: the API answers 1000 jobs at most at a time.
  const load = async () => {
    const answer = await api.call('GET', api.withQuery('/v1/jobs',
      { state: state.value, order: 'newest' }), undefined, signal);
    jobs = answer.jobs;
    more.hidden = !answer.next;
    more.textContent = answer.next
      ? `The newest ${jobs.length} jobs; older ones are not shown (snowfox job list shows every job).`
      : '';
    show();
  };
  text.addEventListener('input', show);
  state.addEventListener('change', () => load().catch((error) => errors.replaceChildren(
    errorBox(error))));

  view.append(
    h('div', { class: 'view-head' }, h('h2', {}, 'Jobs')),
    submitForm(signal),
    h('section', { class: 'card' },
      h('div', { class: 'toolbar' }, h('h3', {}, 'All jobs'), state, text),
      errors,
      h('table', { class: 'jobs' },
        h('thead', {}, h('tr', {}, ['id', 'name', 'namespace', 'state', 'instances',
          'submitted'].map((name) => h('th', {}, name)))),
        body),
      more));
  poll(load, REFRESH_MS, signal, errors);
}

function row(job) {
  const counts = {};
  for (const instance of job.instances) {
    counts[instance.state] = (counts[instance.state] || 0) + 1;
  }
  return h('tr', { 'data-job': job.id },
    h('td', {}, jobLink(job.id)),
    h('td', {}, job.name),
    h('td', {}, job.namespace),
    h('td', {}, badge(job.state)),
    h('td', {}, Object.entries(counts).map(([name, count]) => `${count} ${name}`).join(', ')),
    h('td', { title: job.submitted_at || '' }, ago(job.submitted_at)));
}

/** The form that submits a job: the fields of a spec most jobs need. */
function submitForm(signal) {
  const name = h('input', { id: 'job-name', required: true, placeholder: 'hello',
    pattern: '[A-Za-z0-9][A-Za-z0-9._\\-]*' });
  const command = h('input', { id: 'job-command', required: true, placeholder: '/bin/echo',
    class: 'mono' });
  const args = h('textarea', { id: 'job-args', rows: 3, class: 'mono',
    placeholder: 'one argument per line' });
  const instances = h('input', { id: 'job-instances', type: 'number', min: 1, value: 1 });
  const restart = h('select', { id: 'job-restart' },
    RESTART_POLICIES.map((policy) => h('option', { value: policy }, policy)));
  const namespace = h('input', { id: 'job-namespace', placeholder: "the token's" });
  const outcome = h('div', { id: 'job-submit-outcome' });
  const button = h('button', { id: 'job-submit', type: 'submit' }, 'Run');

  const form = h('form', { id: 'job-form', class: 'card submit', autocomplete: 'off' },
    h('h3', {}, 'Run a job'),
    h('div', { class: 'grid' },
      field('Name', name), field('Command', command),
      field('Arguments', args, 'wide'),
      field('Instances', instances), field('Restart', restart), field('Namespace', namespace)),
    h('div', { class: 'actions' }, button, outcome));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const spec = {
      name: name.value.trim(),
      command: command.value.trim(),
      args: args.value.split('\n').filter((line) => line.length > 0),
      instances: Number(instances.value || 1),
      restart: { policy: restart.value },
    };
    if (namespace.value.trim()) {
      spec.namespace = namespace.value.trim();
    }
    button.disabled = true;
    outcome.replaceChildren(h('span', { class: 'muted' }, 'submitting…'));
    try {
      const answer = await api.call('POST', '/v1/jobs', spec, signal);
      location.hash = `#/jobs/${encodeURIComponent(answer.id)}`;
    } catch (error) {
      if (!signal.aborted) {
        outcome.replaceChildren(errorBox(error));
      }
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

function field(label, input, extra) {
  return h('label', { class: `field ${extra || ''}` }, h('span', {}, label), input);
}
