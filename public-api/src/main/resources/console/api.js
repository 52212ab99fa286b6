// Calls to the SnowFox API from the console: same origin, the token in the Authorization
// header of every call (never in a URL, never in a cookie), JSON bodies as application/json.

const TOKEN_KEY = 'snowfox.token';
const CORRELATION_HEADER = 'X-Correlation-Id';

/** An error answer of the API: its status, code, message, fields and correlation id. */
export class ApiError extends Error {
  constructor(status, code, message, correlationId, fields) {
    super(message);
    this.status = status;
    this.code = code;
    this.correlationId = correlationId;
    this.fields = fields || [];
  }
}

const listeners = { unauthorized: () => {}, answered: () => {} };

/**
 * unauthorized(error): the API refused the token (401).
 * answered({method, path, status, correlationId}): any answer arrived.
 */
export function configure(handlers) {
  Object.assign(listeners, handlers);
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  sessionStorage.setItem(TOKEN_KEY, value);
}

export function forgetToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

async function send(method, path, body, signal, accept) {
  const headers = { Authorization: `Bearer ${token()}`, Accept: accept };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
    credentials: 'omit',
    cache: 'no-store',
    redirect: 'error',
  });
  const correlationId = response.headers.get(CORRELATION_HEADER) || '';
  listeners.answered({ method, path, status: response.status, correlationId });
  if (!response.ok) {
    throw await failure(response, correlationId);
  }
  return { response, correlationId };
}

async function failure(response, correlationId) {
  let code = `HTTP ${response.status}`;
  let message = response.statusText;
  let fields = [];
  try {
    const body = await response.json();
    code = body.error || code;
    message = body.message || message;
    fields = body.fields || [];
  } catch (ignored) {
    // Not the API's JSON error (a proxy's page, a cut connection): keep the status.
  }
  const retry = response.headers.get('Retry-After');
  const error = new ApiError(response.status, code,
    retry ? `${message} (retry after ${retry} s)` : message, correlationId, fields);
  if (response.status === 401) {
    listeners.unauthorized(error);
  }
  return error;
}

/** One call answered with JSON; the answer, with its correlation id as `correlation_id`. */
export async function call(method, path, body, signal) {
  const { response, correlationId } = await send(method, path, body, signal, 'application/json');
  const answer = await response.json();
  if (answer && typeof answer === 'object' && !answer.correlation_id) {
    answer.correlation_id = correlationId;
  }
  return answer;
}

/**
 * A streamed answer (a followed output, the event stream): `onOpen()` is called once the API
 * has answered (the stream is open), `onText(text)` with its text as it arrives. Resolves when
 * the server ends the answer; rejects when the call fails or `signal` aborts it. fetch, not
 * EventSource: EventSource cannot send the Authorization header.
 */
export async function stream(path, { onText, onOpen = () => {}, signal, accept = '*/*' }) {
  const { response } = await send('GET', path, undefined, signal, accept);
  onOpen();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      onText(value);
    }
  } finally {
    reader.releaseLock();
  }
}

/** A streamed answer of JSON lines (`application/x-ndjson`): `onLine` gets each object. */
export async function lines(path, { onLine, onOpen, signal }) {
  let pending = '';
  const onText = (text) => {
    pending += text;
    let end;
    while ((end = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, end).trim();
      pending = pending.slice(end + 1);
      if (line) {
        onLine(JSON.parse(line));
      }
    }
  };
  await stream(path, { onText, onOpen, signal, accept: 'application/x-ndjson' });
}

/** `path` with the query parameters of `params` that are set. */
export function withQuery(path, params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') {
      query.set(name, String(value));
    }
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}
