// Building the page node by node: text from the API always lands in text nodes. The page's
// policy (require-trusted-types-for 'script') makes innerHTML and its kin throw anyway.

/** An element: h('a', {href: '#/x', class: 'y', onclick: f}, 'text', child, [more]). */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      element.className = value;
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child !== undefined && child !== null && child !== false) {
      element.append(child instanceof Node ? child : String(child));
    }
  }
  return element;
}

/** A coloured label for a status or state: GREEN, RED, running, failed... */
export function badge(text) {
  const value = String(text || 'unknown');
  return h('span', { class: `badge st-${value.toLowerCase()}` }, value);
}

/** A link to the trace of a correlation id. */
export function traceLink(correlationId, text) {
  if (!correlationId) {
    return '';
  }
  return h('a', { class: 'mono', href: `#/traces/${encodeURIComponent(correlationId)}` },
    text || correlationId);
}

/** A link to a job. */
export function jobLink(jobId) {
  return jobId ? h('a', { class: 'mono', href: `#/jobs/${encodeURIComponent(jobId)}` }, jobId) : '';
}

/** An error for people: the API's message, its code and the correlation id to trace it. */
export function errorBox(error) {
  const box = h('div', { class: 'error', role: 'alert' },
    h('strong', {}, error.code || 'Error'), ' ', error.message || String(error));
  if (error.fields && error.fields.length) {
    box.append(h('ul', {}, error.fields.map((field) => h('li', {}, field))));
  }
  if (error.correlationId) {
    box.append(h('div', { class: 'muted' }, 'correlation id ',
      traceLink(error.correlationId)));
  }
  return box;
}

/** A table: head is a list of column names, rows a list of lists of cells. */
export function table(head, rows, attributes) {
  return h('table', attributes || {},
    h('thead', {}, h('tr', {}, head.map((name) => h('th', {}, name)))),
    h('tbody', {}, rows));
}

/** Local time of day of an ISO-8601 instant, to the millisecond. */
export function clock(iso) {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
    + `.${pad(date.getMilliseconds(), 3)}`;
}

/** "12 s ago", "3 min ago", or the date. */
export function ago(iso) {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  const seconds = Math.round((Date.now() - date.getTime()) / 1000);
  if (Number.isNaN(seconds)) {
    return iso;
  }
  if (seconds < 60) {
    return `${Math.max(seconds, 0)} s ago`;
  }
  if (seconds < 3600) {
    return `${Math.floor(seconds / 60)} min ago`;
  }
  if (seconds < 86400) {
    return `${Math.floor(seconds / 3600)} h ago`;
  }
  return date.toLocaleString();
}

/** A duration in microseconds for people: "850 µs", "12.3 ms", "2.05 s". */
export function micros(us) {
  if (us < 1000) {
    return `${us} µs`;
  }
  if (us < 1_000_000) {
    return `${(us / 1000).toFixed(us < 10_000 ? 2 : 1)} ms`;
  }
  return `${(us / 1_000_000).toFixed(2)} s`;
}

/** Microseconds since the epoch of an ISO-8601 instant with up to nine fraction digits. */
export function epochMicros(iso) {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:?\d\d)$/.exec(iso || '');
  if (!match) {
    return Date.parse(iso) * 1000;
  }
  const fraction = (match[2] || '').padEnd(6, '0').slice(0, 6);
  return Date.parse(match[1] + match[3]) * 1000 + Number(fraction);
}

/**
 * Runs `task` now and again `intervalMs` after each run ends, until `signal` aborts or `task`
 * answers false. A failed run shows its error in `errors` (cleared by the next good run) and
 * does not stop the loop.
 */
export function poll(task, intervalMs, signal, errors) {
  let timer = null;
  const run = async () => {
    let again = true;
    try {
      again = (await task()) !== false;
      errors?.replaceChildren();
    } catch (error) {
      if (signal.aborted) {
        return;
      }
      errors?.replaceChildren(errorBox(error));
    }
    if (again && !signal.aborted) {
      timer = setTimeout(run, intervalMs);
    }
  };
  signal.addEventListener('abort', () => clearTimeout(timer));
  run();
}
