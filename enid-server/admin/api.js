// Talking to Enid: the session's tokens, the chosen store, and errors as values with the API's
// `{code, detail, fields}` (in the chosen language where the back office knows the code or the
// message). Tokens travel only in headers and bodies, never in a URL.
import { fieldMessage, serverMessage } from "./i18n.js";

const BASE = document.querySelector('meta[name="enid-api"]').content;
const SESSION_KEY = "enid.admin.session";
const STORE_KEY = "enid.admin.store";

export class ApiError extends Error {
  constructor(status, body) {
    const code = body.code || "error";
    const detail = serverMessage(code, body.detail || `HTTP ${status}`);
    super(detail);
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.fields = body.fields
      ? Object.fromEntries(Object.entries(body.fields).map(([name, messages]) => [name, messages.map(fieldMessage)]))
      : null;
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

function parsed(text) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return { detail: text };
  }
}

function headersFor(auth, extra) {
  const sent = { ...extra };
  if (auth && session) sent.Authorization = `Bearer ${session.access}`;
  const store = storeId();
  if (store) sent["X-Store-Id"] = store;
  return sent;
}

/**
 * One request. `form` (FormData) is sent with XMLHttpRequest, the one browser API that reports
 * upload progress (to `onProgress(fraction)`); `blob` answers with the body as a Blob.
 */
async function send(method, path, { query, body, form, onProgress, blob = false, headers = {}, auth = true } = {}) {
  const sent = headersFor(auth, headers);
  if (form) return sendForm(method, url(path, query), sent, form, onProgress);
  if (body !== undefined) sent["Content-Type"] = "application/json";
  const response = await fetch(url(path, query), {
    method,
    headers: sent,
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: "omit",
    cache: blob ? "default" : "no-store",
  });
  if (response.status === 204) return { status: 204, data: null };
  if (blob && response.ok) return { status: response.status, data: await response.blob() };
  return { status: response.status, data: parsed(await response.text()) };
}

function sendForm(method, target, headers, form, onProgress) {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open(method, target);
    for (const [name, value] of Object.entries(headers)) request.setRequestHeader(name, value);
    if (onProgress) {
      request.upload.addEventListener("progress", (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      });
    }
    request.addEventListener("load", () => resolve({ status: request.status, data: parsed(request.responseText) }));
    request.addEventListener("error", () => reject(new TypeError(`${method} ${target} failed`)));
    request.send(form);
  });
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
/** A file of the API as a Blob (for an object URL: an `<img>` cannot send the store header). */
export const getBlob = (path, query) => api("GET", path, { query, blob: true });
/** A multipart upload; `onProgress(fraction)` follows the bytes sent. */
export const upload = (path, form, onProgress) => api("POST", path, { form, onProgress });

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
