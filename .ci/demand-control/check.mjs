#!/usr/bin/env node
// Hive Gateway's demand control reads our @cost / @listSize (CI only).
//
// Runs Hive Gateway's runtime (@graphql-hive/gateway, the engine its CLI serves) in process
// on a composed supergraph whose subgraph URLs point at our running service (the one the
// gateway stage starts), with demand control on, and checks:
//   1. a cheap document passes, reaches our service and carries the gateway's estimate in
//      `extensions.cost` (includeExtensionMetadata);
//   2. the estimate follows our @listSize: the slicing argument `first` changes it, by the
//      sizes our sizedFields (`nodes`) say;
//   3. the estimate follows our @cost: suggestedResources weighs 50 per call;
//   4. a document our weights make expensive is refused with COST_ESTIMATED_TOO_EXPENSIVE,
//      before any subgraph is called.
//
// Usage: node check.mjs --supergraph PATH [--max-cost N]
// Exit codes: 0 all checks passed; 1 a check failed; 2 usage.

import { readFileSync } from "node:fs";

import { createGatewayRuntime } from "@graphql-hive/gateway";

import { assertLoopback, loopbackFetch, parseFlags } from "../composition/loopback.mjs";

const flags = parseFlags(process.argv.slice(2));
if (!flags.supergraph) {
  console.error("usage: node check.mjs --supergraph PATH [--max-cost N]");
  process.exit(2);
}
const maxCost = Number(flags["max-cost"] ?? 1000);

// Every subgraph call the gateway makes, counted (and kept on the loopback).
let subgraphCalls = 0;
const gateway = createGatewayRuntime({
  supergraph: readFileSync(flags.supergraph, "utf8"),
  demandControl: { maxCost, includeExtensionMetadata: true },
  fetchAPI: {
    fetch: (url, init) => {
      subgraphCalls += 1;
      return loopbackFetch(assertLoopback(url), init);
    },
  },
  logging: "error",
});

async function run(query) {
  const before = subgraphCalls;
  const response = await gateway.fetch("http://127.0.0.1/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query }),
  });
  return { body: await response.json(), calls: subgraphCalls - before };
}

let failures = 0;
function check(ok, what, detail) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}${detail ? `: ${detail}` : ""}`);
  if (!ok) failures += 1;
}

const estimateOf = (body) => body?.extensions?.cost?.estimated;

// 1. Cheap: passes, reaches our service, carries the estimate.
const small = await run("{ homes(first: 2) { nodes { id name } } }");
check(
  !small.body.errors && small.body.data?.homes?.nodes?.length === 2 && small.calls > 0,
  "a cheap document passes through the gateway to our service",
  JSON.stringify(small.body).slice(0, 300),
);
check(
  typeof estimateOf(small.body) === "number" && small.body.extensions.cost.max === maxCost,
  "the gateway's estimate is in extensions.cost",
  JSON.stringify(small.body.extensions),
);

// 2. @listSize(slicingArguments: ["first"], sizedFields: ["nodes"]): one more object per
// unit of `first` (a Home costs 1, its scalars 0).
const large = await run("{ homes(first: 7) { nodes { id name } } }");
check(
  estimateOf(large.body) - estimateOf(small.body) === 5,
  "`first: 7` instead of `first: 2` adds 5 to the estimate (our @listSize sizes `nodes`)",
  `${estimateOf(small.body)} -> ${estimateOf(large.body)}`,
);

// 3. @cost(weight: 50) on Demand.suggestedResources: counted for each of the 2 demands.
const plain = await run("{ demands(first: 2) { nodes { id } } }");
const suggested = await run(
  "{ demands(first: 2) { nodes { id suggestedResources(first: 1) { score } } } }",
);
const added = estimateOf(suggested.body) - estimateOf(plain.body);
check(
  !suggested.body.errors && added === 2 * (50 + 1),
  "suggestedResources adds our @cost weight (50), plus its one item, per demand",
  `${estimateOf(plain.body)} -> ${estimateOf(suggested.body)} (+${added})`,
);

// 4. Expensive by our weights: 100 demands x (50 + 50 suggestions). Refused, no subgraph call.
const costly = await run(
  "{ demands(first: 100) { nodes { id suggestedResources(first: 50) { score resource { id } } } } }",
);
const error = costly.body.errors?.[0];
check(
  costly.body.data == null &&
    error?.extensions?.code === "COST_ESTIMATED_TOO_EXPENSIVE" &&
    error.extensions.cost?.estimated > maxCost &&
    costly.calls === 0,
  `an expensive document is refused by the gateway (max ${maxCost}) before any subgraph call`,
  `${costly.calls} subgraph call(s); ${JSON.stringify(costly.body).slice(0, 300)}`,
);

await gateway.dispose();
console.log(failures === 0 ? "demand control: all checks passed" : `demand control: ${failures} check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
