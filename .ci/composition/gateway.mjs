#!/usr/bin/env node
// A real Apollo Federation gateway in front of running subgraphs (CI only).
//
// 1. asks each subgraph for its SDL ({ _service { sdl } }), as a gateway's own introspection
//    would, and composes the supergraph with @apollo/composition's composeServices, each
//    service carrying its loopback URL (which ends up in the supergraph's join__Graph);
// 2. runs @apollo/gateway's ApolloGateway on that supergraph (supergraphSdl: static, no
//    polling, no Apollo uplink) behind @apollo/server's standalone HTTP server;
// 3. prints the query plan of every operation it runs (experimental_didResolveQueryPlan).
//
// Usage:
//   node gateway.mjs --subgraph NAME=URL [--subgraph NAME=URL ...]
//                    [--port N] [--port-file PATH] [--supergraph-out PATH]
//   --subgraph        a subgraph's name (join__Graph value) and GraphQL endpoint; loopback only
//   --port            port to listen on at 127.0.0.1 (default 0: any free port)
//   --port-file       write the port actually listened on to PATH once serving
//   --supergraph-out  write the composed supergraph SDL to PATH
//
// Network: every subgraph request goes through loopbackFetch (loopback.mjs), which refuses any
// other address and ignores proxy settings. Apollo's own telemetry and reporting are turned off
// below: left on, the gateway would probe cloud metadata addresses and send metrics to Apollo.

// Must be set before ApolloGateway is constructed (its constructor reads it; the imports, which
// run first, do not): without it the gateway starts an OpenTelemetry exporter to Apollo with
// cloud resource detectors. .ci/run sets it in the environment too.
process.env.APOLLO_TELEMETRY_DISABLED = "true";
// Without a key, Apollo Server has nothing to report usage or schemas with; the *Disabled
// plugins below make sure of it even so.
for (const name of ["APOLLO_KEY", "APOLLO_GRAPH_REF", "APOLLO_GRAPH_ID", "APOLLO_GRAPH_VARIANT"]) {
  delete process.env[name];
}

import { writeFileSync } from "node:fs";

import { composeServices } from "@apollo/composition";
import { ApolloGateway, RemoteGraphQLDataSource } from "@apollo/gateway";
import { prettyFormatQueryPlan } from "@apollo/query-planner";
import { ApolloServer } from "@apollo/server";
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { parse } from "graphql";

import { assertLoopback, loopbackFetch, parseFlags, postGraphQL, writePortFile } from "./loopback.mjs";

function fail(message) {
  console.error(`gateway: ${message}`);
  process.exit(1);
}

const flags = parseFlags(process.argv.slice(2), { repeatable: ["subgraph"] });
const subgraphs = (flags.subgraph ?? []).map((spec) => {
  const eq = spec.indexOf("=");
  if (eq <= 0) fail(`--subgraph ${spec}: expected NAME=URL`);
  return { name: spec.slice(0, eq), url: assertLoopback(spec.slice(eq + 1)) };
});
if (subgraphs.length === 0) fail("no --subgraph given");

// 1. The SDL each subgraph serves now, composed into a supergraph.
const services = [];
for (const { name, url } of subgraphs) {
  const { status, body } = await postGraphQL(url, "{ _service { sdl } }");
  const sdl = body?.data?._service?.sdl;
  if (status !== 200 || typeof sdl !== "string" || body.errors) {
    fail(`${name} (${url}) did not serve its SDL: HTTP ${status} ${JSON.stringify(body).slice(0, 500)}`);
  }
  services.push({ name, url, typeDefs: parse(sdl) });
}
const composed = composeServices(services);
if (composed.errors?.length) {
  console.error(`gateway: composition FAILED: ${composed.errors.length} error(s)`);
  for (const err of composed.errors) console.error(`  - ${err.message}`);
  process.exit(1);
}
const supergraphSdl = composed.supergraphSdl;
if (flags["supergraph-out"]) writeFileSync(flags["supergraph-out"], supergraphSdl);
console.log(
  `gateway: composed ${services.map((s) => `${s.name} (${s.url})`).join(" + ")}`,
);

// 2. The gateway: static supergraph; subgraph calls over loopback-only fetch.
const gateway = new ApolloGateway({
  supergraphSdl,
  buildService: ({ url }) =>
    new RemoteGraphQLDataSource({
      url: assertLoopback(url),
      fetcher: (target, init) => loopbackFetch(target, init),
    }),
  // 3. Print how each operation was split across the subgraphs.
  experimental_didResolveQueryPlan: ({ queryPlan, requestContext }) => {
    const name = requestContext.operationName ?? "(anonymous)";
    console.log(`gateway: query plan for ${name}:\n${prettyFormatQueryPlan(queryPlan)}`);
  },
});

const server = new ApolloServer({
  gateway,
  plugins: [
    ApolloServerPluginLandingPageDisabled(),
    ApolloServerPluginSchemaReportingDisabled(),
    ApolloServerPluginUsageReportingDisabled(),
  ],
  includeStacktraceInErrorResponses: false,
});

const { url } = await startStandaloneServer(server, {
  listen: { host: "127.0.0.1", port: Number(flags.port ?? 0) },
});
const port = new URL(url).port;
writePortFile(flags["port-file"], port);
console.log(`gateway: listening on http://127.0.0.1:${port}/`);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await server.stop(); // stops the gateway and drains the HTTP server
    process.exit(0);
  });
}
