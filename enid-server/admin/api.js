// Talking to Enid: the session's tokens, the chosen store, and errors as values with the API's
// `{code, detail, fields}`. Tokens travel only in headers and bodies, never in a URL.

const BASE = document.querySelector('meta[name="enid-api"]').content;
const SESSION_KEY = "enid.admin.session";
const STORE_KEY = "enid.admin.store";

export class ApiError extends Error {
  constructor(status, body) {
    super(body.detail || `HTTP ${status}`);
    this.status = status;
    this.code = body.code || "error";
    this.detail = body.detail || this.message;
    this.fields = body.fields || null;
  }
}

// The session is kept in localStorage so that a reload or a second tab stays signed in; the
// content policy allows no script but the back office's own, which is what keeps it there.
function loadSession() {
  try {
    return JSON.parse(localStorage.getItem(SESSION_KEY));
  } catch {
    return null;
  }
}

let session = loadSession();
const signedOutListeners = [];

export function onSignedOut(listener) {
  signedOutListeners.push(listener);
}

function saveSession(tokens) {
  session = tokens ? { access: tokens.access_token, refresh: tokens.refresh_token } : null;
  if (session) localStorage.setItem(SESSION_KEY, JSON.stringify(session));
  else localStorage.removeItem(SESSION_KEY);
}

export function signedIn() {
  return Boolean(session);
}

export function storeId() {
  return localStorage.getItem(STORE_KEY);
}

export function setStoreId(id) {
  localStorage.setItem(STORE_KEY, String(id));
}

function url(path, query) {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== "") search.set(name, String(value));
  }
  const text = search.toString();
  return `${BASE}${path}${text ? `?${text}` : ""}`;
}

async function send(method, path, { query, body, headers = {}, auth = true } = {}) {
  const sent = { ...headers };
  if (body !== undefined) sent["Content-Type"] = "application/json";
  if (auth && session) sent.Authorization = `Bearer ${session.access}`;
  const store = storeId();
  if (store) sent["X-Store-Id"] = store;
  const response = await fetch(url(path, query), {
    method,
    headers: sent,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "omit",
    cache: "no-store",
  });
  if (response.status === 204) return { status: 204, data: null };
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = { detail: text };
  }
  return { status: response.status, data };
}

/**
 * Exchanges the refresh token for a new pair. A refresh token works once (using it again ends the
 * session), so calls that fail together share one refresh, and tabs, which share the session,
 * take turns: a tab that finds the session already renewed by another just adopts it.
 */
let refreshing = null;

function refresh(staleAccess) {
  const renew = async () => {
    const current = loadSession();
    if (current && current.access !== staleAccess) {
      session = current;
      return true;
    }
    if (!current) return false;
    const answer = await send("POST", "/login/refresh-token/", {
      body: { refresh_token: current.refresh },
      auth: false,
    });
    if (answer.status !== 200) {
      saveSession(null);
      return false;
    }
    saveSession(answer.data);
    return true;
  };
  if (!refreshing) {
    // Web Locks exist only on secure origins (https, localhost); elsewhere tabs do not take turns.
    const turn = navigator.locks ? navigator.locks.request("enid-admin-refresh", renew) : renew();
    refreshing = turn.finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

/** One API call; an expired access token is refreshed once, a failed refresh signs out. */
export async function api(method, path, options = {}) {
  const sentAccess = session && session.access;
  let answer = await send(method, path, options);
  if (answer.status === 401 && sentAccess && options.auth !== false) {
    if (await refresh(sentAccess)) answer = await send(method, path, options);
    else {
      signedOutListeners.forEach((listener) => listener());
      throw new ApiError(401, answer.data || {});
    }
  }
  if (answer.status >= 400) throw new ApiError(answer.status, answer.data || {});
  return answer.data;
}

export const get = (path, query) => api("GET", path, { query });
export const post = (path, body, headers) => api("POST", path, { body, headers });
export const patch = (path, body) => api("PATCH", path, { body });
export const put = (path, body) => api("PUT", path, { body });
export const del = (path) => api("DELETE", path);

export async function signIn(email, password) {
  const tokens = await api("POST", "/login/", { body: { email, password }, auth: false });
  saveSession(tokens);
  return tokens.user;
}

/** Revokes the session on the server (both tokens stop working), then forgets it. */
export async function signOut() {
  if (session) {
    try {
      await api("POST", "/logout/", { body: { refresh_token: session.refresh } });
    } catch {
      // Expired, revoked or unreachable: this browser forgets the session all the same.
    }
  }
  saveSession(null);
}
