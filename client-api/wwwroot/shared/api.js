// REST calls to the engine's public API (/v1) with a bearer key or token. Errors are the API's problem details.

/** A refused request: `code` is the problem's stable code (README, "Use the API"), `status` the HTTP status. */
export class ApiError extends Error {
  constructor(status, code, detail) {
    super(detail || code);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

/**
 * Calls `path` (from `/v1`, e.g. `/v1/workspaces/acme/queues`) with `credential` as the bearer.
 * Returns the parsed JSON body (or null for an empty one); throws ApiError for any answer other than 2xx.
 */
export async function api(path, { method = 'GET', credential, body, idempotencyKey, signal } = {}) {
  const headers = { Accept: 'application/json' };
  if (credential) headers.Authorization = `Bearer ${credential}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'The engine could not be reached');
  }
  const text = await response.text();
  const json = text ? safeJson(text) : null;
  if (!response.ok) throw new ApiError(response.status, json?.code ?? `http-${response.status}`, json?.detail ?? json?.title ?? response.statusText);
  return json;
}

/** `/v1/workspaces/{ws}` + rest, with the workspace id escaped. */
export function workspacePath(workspace, rest = '') {
  return `/v1/workspaces/${encodeURIComponent(workspace)}${rest}`;
}

function safeJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
