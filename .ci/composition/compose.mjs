#!/usr/bin/env node
// Federation composition check (CI only).
//
// Composes the Yi Wuxian subgraph SDL (the repo's schema.graphql, exported by the code)
// with a small partner subgraph (partner.graphql beside this file) that extends one of our
// entities, using Apollo's own composition library (@apollo/composition) - the same
// algorithm the router / rover use to build a supergraph.
//
// Usage:
//   node compose.mjs [--schema PATH] [--partner PATH] [SUPERGRAPH_OUT]
//
//   --schema PATH    our subgraph SDL          (default: <repo>/schema.graphql)
//   --partner PATH   the partner subgraph SDL  (default: partner.graphql beside this file)
//   SUPERGRAPH_OUT   optional file to write the composed supergraph SDL to
//
// Exit codes: 0 composed; 1 composition (or SDL parse) failed; 2 usage / unreadable file.

import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { composeServices } from "@apollo/composition";
import { GraphQLError, parse } from "graphql";

const here = dirname(fileURLToPath(import.meta.url));

function usage(message) {
  if (message) console.error(`compose: ${message}`);
  console.error("usage: node compose.mjs [--schema PATH] [--partner PATH] [SUPERGRAPH_OUT]");
  process.exit(2);
}

function parseArgs(argv) {
  const opts = {
    schema: resolve(here, "..", "..", "schema.graphql"),
    partner: resolve(here, "partner.graphql"),
    out: null,
  };
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--schema" || arg === "--partner") {
      if (i + 1 >= argv.length) usage(`${arg} needs a path`);
      opts[arg.slice(2)] = resolve(argv[++i]);
    } else if (arg === "-h" || arg === "--help") {
      usage();
    } else if (arg.startsWith("-")) {
      usage(`unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length > 1) usage("at most one SUPERGRAPH_OUT path");
  if (positional.length === 1) opts.out = resolve(positional[0]);
  return opts;
}

function readSdl(path, what) {
  let text;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    console.error(`compose: cannot read ${what} SDL at ${path}: ${err.message}`);
    process.exit(2);
  }
  if (!text.trim()) {
    console.error(`compose: ${what} SDL at ${path} is empty`);
    process.exit(1);
  }
  return text;
}

function parseSdl(text, path, what) {
  try {
    return parse(text);
  } catch (err) {
    const where = err instanceof GraphQLError && err.locations?.length
      ? `:${err.locations[0].line}:${err.locations[0].column}`
      : "";
    console.error(`compose: ${what} SDL ${path}${where} does not parse: ${err.message}`);
    process.exit(1);
  }
}

function formatError(err) {
  const code = err.extensions?.code ? `[${err.extensions.code}] ` : "";
  const locs = (err.locations ?? []).map((l) => `${l.line}:${l.column}`).join(", ");
  return `${code}${err.message}${locs ? ` (at ${locs})` : ""}`;
}

const opts = parseArgs(process.argv.slice(2));

// Subgraph names end up as join__Graph enum values (upper-cased), so keep them simple.
const services = [
  { name: "yiwuxian", path: opts.schema, url: "http://127.0.0.1:8000/graphql" },
  { name: "partner", path: opts.partner, url: "http://127.0.0.1:4002/graphql" },
].map(({ name, path, url }) => ({
  name,
  url,
  typeDefs: parseSdl(readSdl(path, name), path, name),
}));

// Guard: the point of this check is that the partner *extends* our entities. If an entity the
// partner keys on were renamed/removed in our SDL (or lost its @key), composition would still
// succeed with the partner owning that type alone, so check it explicitly. Also insist that our
// subgraph opts into Federation v2 via @link (a v1-style SDL would be silently upgraded).
const KEY_NAMES = new Set(["key", "federation__key"]);
function keyedTypes(doc) {
  const names = new Set();
  for (const def of doc.definitions) {
    if (
      (def.kind === "ObjectTypeDefinition" || def.kind === "ObjectTypeExtension" ||
        def.kind === "InterfaceTypeDefinition" || def.kind === "InterfaceTypeExtension") &&
      (def.directives ?? []).some((d) => KEY_NAMES.has(d.name.value))
    ) {
      names.add(def.name.value);
    }
  }
  return names;
}
function linksFederationV2(doc) {
  return doc.definitions.some(
    (def) =>
      (def.kind === "SchemaDefinition" || def.kind === "SchemaExtension") &&
      (def.directives ?? []).some(
        (d) =>
          d.name.value === "link" &&
          (d.arguments ?? []).some(
            (a) =>
              a.name.value === "url" &&
              a.value.kind === "StringValue" &&
              /^https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+$/.test(a.value.value),
          ),
      ),
  );
}
const [ours, partner] = services;
const guardErrors = [];
if (!linksFederationV2(ours.typeDefs)) {
  guardErrors.push(
    `${ours.name}: SDL has no schema @link(url: "https://specs.apollo.dev/federation/v2.x") - ` +
      "not a Federation v2 subgraph",
  );
}
const ourEntities = keyedTypes(ours.typeDefs);
for (const name of keyedTypes(partner.typeDefs)) {
  if (!ourEntities.has(name)) {
    guardErrors.push(
      `${partner.name} extends entity ${name}, but ${ours.name} defines no type ${name} with @key`,
    );
  }
}
if (guardErrors.length > 0) {
  console.error(`composition check FAILED (${opts.schema} + ${opts.partner}):`);
  for (const msg of guardErrors) console.error(`  - ${msg}`);
  process.exit(1);
}

const result = composeServices(services);

if (result.errors && result.errors.length > 0) {
  console.error(
    `composition FAILED (${opts.schema} + ${opts.partner}): ${result.errors.length} error(s)`,
  );
  for (const err of result.errors) console.error(`  - ${formatError(err)}`);
  process.exit(1);
}

const supergraph = result.supergraphSdl;
if (opts.out) writeFileSync(opts.out, supergraph.endsWith("\n") ? supergraph : `${supergraph}\n`);

// Count the named types of the supergraph that clients see (the API schema: no join__/link__
// machinery, no built-in scalars or introspection types) and of the full supergraph.
const isUserType = (t) => !t.isBuiltIn && !t.name.startsWith("__");
const apiTypes = result.schema.toAPISchema().types().filter(isUserType).length;
const allTypes = result.schema.types().filter(isUserType).length;
const hints = result.hints?.length ?? 0;

console.log(
  `composition OK: ${services.length} subgraphs (${services.map((s) => s.name).join(", ")}) -> ` +
    `supergraph with ${apiTypes} API types (${allTypes} incl. federation types), ` +
    `${hints} hint(s)${opts.out ? `, written to ${opts.out}` : ""}`,
);
