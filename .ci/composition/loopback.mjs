// Shared helpers for the CI gateway end-to-end check (partner-server.mjs, gateway.mjs,
// gateway-check.mjs). CI only: nothing here is part of the service.

import { renameSync, writeFileSync } from "node:fs";

// Every URL these scripts talk to must be on this machine's loopback: CI must never send
// traffic anywhere else. Throws on anything that is not http://127.x.x.x, localhost or [::1].
export function assertLoopback(url) {
  const { protocol, hostname } = new URL(String(url));
  const loopback =
    /^127(\.\d{1,3}){3}$/.test(hostname) || hostname === "localhost" || hostname === "[::1]";
  if (protocol !== "http:" || !loopback) {
    throw new Error(`refusing to talk to ${url}: only http:// on the loopback is allowed here`);
  }
  return String(url);
}

// fetch() restricted to the loopback, with a time limit. Node's built-in fetch ignores
// HTTP(S)_PROXY, so a proxy set in the environment cannot reroute these requests.
export function loopbackFetch(url, init = {}, timeoutMs = 15000) {
  assertLoopback(url);
  return fetch(url, { ...init, signal: init.signal ?? AbortSignal.timeout(timeoutMs) });
}

// POST a GraphQL request and return the parsed JSON body (throws on a non-JSON answer).
export async function postGraphQL(url, query, variables = undefined, timeoutMs = 15000) {
  const res = await loopbackFetch(
    url,
    {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query, variables }),
    },
    timeoutMs,
  );
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) };
  } catch {
    throw new Error(`${url} answered HTTP ${res.status} with a non-JSON body: ${text.slice(0, 500)}`);
  }
}

// The partner's deterministic partnerProjects for an Organization id: a small hash (0..996)
// of the decoded global id (ours are base64("Organization:<pk>")), so that every
// organization gets its own value and a result attached to the wrong entity is noticed.
export function partnerProjectsFor(id) {
  const decoded = Buffer.from(String(id), "base64").toString("utf8");
  let h = 7;
  for (const ch of decoded) h = (h * 31 + ch.codePointAt(0)) % 997;
  return h;
}

// Minimal argv parsing: --name value pairs (repeatable ones collect into arrays).
export function parseFlags(argv, { repeatable = [] } = {}) {
  const flags = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith("--") || i + 1 >= argv.length) {
      throw new Error(`bad argument ${arg}: expected --name value pairs`);
    }
    const name = arg.slice(2);
    const value = argv[++i];
    if (repeatable.includes(name)) (flags[name] ??= []).push(value);
    else flags[name] = value;
  }
  return flags;
}

// Write the port a server listens on, atomically, for the CI script to pick up.
export function writePortFile(path, port) {
  if (!path) return;
  writeFileSync(`${path}.tmp`, `${port}\n`);
  renameSync(`${path}.tmp`, path);
}
