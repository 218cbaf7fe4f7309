#!/usr/bin/env node
// The GraphQL-over-HTTP spec's own audit suite (graphql-http's auditServer) against a running
// Yi Wuxian service (CI only).
//
// Usage: node audit.mjs --url http://127.0.0.1:PORT/graphql
//
// Prints every audit with its result; exits 1 if any MUST audit failed (error) or any SHOULD
// audit failed (warn). MAY audits that the service chooses not to do (notice) are printed only.

import { auditServer } from "graphql-http";

const args = process.argv.slice(2);
const at = args.indexOf("--url");
const url = at >= 0 ? args[at + 1] : undefined;
if (!url || !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(url)) {
  console.error("usage: node audit.mjs --url http://127.0.0.1:PORT/graphql (loopback only)");
  process.exit(2);
}

const results = await auditServer({ url });
const counts = { ok: 0, notice: 0, warn: 0, error: 0 };
for (const result of results) {
  counts[result.status] += 1;
  const mark = { ok: "ok    ", notice: "notice", warn: "WARN  ", error: "ERROR " }[result.status];
  let line = `${mark} ${result.id} ${result.name}`;
  if (result.status !== "ok") {
    let body = "";
    try {
      body = (await result.response.text()).slice(0, 300);
    } catch {
      // the body was already read by the audit
    }
    line += `\n         ${result.reason} (status ${result.response.status}` +
      `, content-type ${result.response.headers.get("content-type")})${body ? `: ${body}` : ""}`;
  }
  console.log(line);
}
console.log(
  `\ngraphql-http audit: ${results.length} audits, ${counts.ok} ok, ${counts.notice} MAY not done, ` +
    `${counts.warn} SHOULD failed, ${counts.error} MUST failed`,
);
process.exit(counts.warn + counts.error > 0 ? 1 : 0);
