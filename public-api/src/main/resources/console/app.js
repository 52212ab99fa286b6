// The SnowFox console: asks for a token once per tab, then shows one view at a time, chosen
// by the URL's fragment (#/nodes, #/jobs, #/jobs/ID, #/traces/ID, #/events). The fragment
// holds ids only; the token stays in session storage and in Authorization headers.

import * as api from './api.js';
import { h, traceLink } from './dom.js';
import { renderEvents } from './events.js';
import { renderJob } from './job.js';
import { renderJobs } from './jobs.js';
import { renderNodes } from './nodes.js';
import { renderTrace } from './trace.js';

const ROUTES = [
  { pattern: /^#\/nodes$/, nav: 'nodes', render: renderNodes },
  { pattern: /^#\/jobs$/, nav: 'jobs', render: renderJobs },
  { pattern: /^#\/jobs\/([^/]+)$/, nav: 'jobs', render: renderJob },
  { pattern: /^#\/traces(?:\/([^/]*))?$/, nav: 'traces', render: renderTrace },
  { pattern: /^#\/events$/, nav: 'events', render: renderEvents },
];

const view = document.getElementById('view');
const login = document.getElementById('login');
const tokenForm = document.getElementById('token-form');
const tokenInput = document.getElementById('token-input');
const tokenError = document.getElementById('token-error');
const forget = document.getElementById('forget-token');
const lastCall = document.getElementById('last-call');
const nav = document.getElementById('nav');

/** Ends the shown view: its timers and streams stop. */
let leaveView = () => {};

function show() {
  leaveView();
  if (!api.token()) {
    askForToken('');
    return;
  }
  login.hidden = true;
  view.hidden = false;
  forget.hidden = false;
  nav.hidden = false;
  const hash = ROUTES.some((route) => route.pattern.test(location.hash)) ? location.hash
    : '#/nodes';
  const route = ROUTES.find((candidate) => candidate.pattern.test(hash));
  const params = hash.match(route.pattern).slice(1)
    .map((param) => (param ? decodeURIComponent(param) : param));
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.nav === route.nav) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
  const controller = new AbortController();
  leaveView = () => controller.abort();
  view.replaceChildren();
  view.dataset.view = route.nav;
  route.render(view, params, controller.signal);
}

function askForToken(why) {
  leaveView();
  leaveView = () => {};
  view.hidden = true;
  view.replaceChildren();
  forget.hidden = true;
  nav.hidden = true;
  lastCall.replaceChildren();
  login.hidden = false;
  tokenError.textContent = why;
  tokenInput.focus();
}

tokenForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = tokenInput.value.trim();
  if (!token) {
    return;
  }
  api.setToken(token);
  tokenInput.value = '';
  tokenError.textContent = 'checking the token…';
  try {
    // Any read call proves the token; every token may list its namespace's jobs.
    await api.call('GET', '/v1/jobs');
    tokenError.textContent = '';
    show();
  } catch (error) {
    api.forgetToken();
    tokenError.textContent = error.status === 401
      ? 'The API refused this token (unknown, revoked or malformed).'
      : `The API did not answer as expected: ${error.message}`;
  }
});

forget.addEventListener('click', () => {
  api.forgetToken();
  askForToken('');
});

api.configure({
  unauthorized: (error) => {
    api.forgetToken();
    askForToken(`The API refused the token: ${error.message}`);
  },
  answered: ({ method, path, status, correlationId }) => {
    lastCall.replaceChildren(h('span', { class: 'muted' },
      `${method} ${path.replace(/\?.*/, '')} → ${status} · `),
    traceLink(correlationId, correlationId.slice(0, 8)));
    lastCall.title = `correlation id ${correlationId}: click to see its trace`;
  },
});

window.addEventListener('hashchange', show);
show();
