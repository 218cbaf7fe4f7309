#!/usr/bin/env node
// A tiny partner subgraph for the CI gateway end-to-end check (CI only).
//
// Serves partner.graphql (beside this file) with @apollo/subgraph's buildSubgraphSchema over
// Node's built-in http module, on the loopback:
//   POST /graphql   GraphQL over HTTP (JSON body {query, variables, operationName})
//   GET  /health    200 "ok"
//   GET  /stats     JSON: how many _entities requests came in and the representations received
//
// Usage: node partner-server.mjs [--port N] [--port-file PATH]
//   --port       port to listen on at 127.0.0.1 (default 0: any free port)
//   --port-file  write the port actually listened on to PATH once listening
//
// Organization.partnerProjects is computed from the id alone (partnerProjectsFor in
// loopback.mjs), so gateway-check.mjs can tell which value each organization must get.

import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { buildSubgraphSchema } from "@apollo/subgraph";
import { graphql, parse } from "graphql";

import { parseFlags, partnerProjectsFor, writePortFile } from "./loopback.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const flags = parseFlags(process.argv.slice(2));
const typeDefs = parse(readFileSync(resolve(here, "partner.graphql"), "utf8"));

// What the gateway sent us, for gateway-check.mjs to verify through GET /stats.
const stats = { graphqlRequests: 0, entitiesRequests: 0, representations: [] };

const resolvers = {
  Query: {
    partnerHealth: () => "ok",
    // A bare reference: the gateway must fetch everything else from Yi Wuxian's _entities.
    partnerOrganization: (_root, { id }) => ({ __typename: "Organization", id }),
  },
  Organization: {
    // Called by _entities once per representation ({__typename: "Organization", id}).
    __resolveReference(reference) {
      if (reference?.__typename !== "Organization" || typeof reference.id !== "string") {
        throw new Error(`unexpected representation ${JSON.stringify(reference)}`);
      }
      stats.representations.push(reference.id);
      return { id: reference.id };
    },
    partnerProjects: (org) => partnerProjectsFor(org.id),
  },
};

const schema = buildSubgraphSchema([{ typeDefs, resolvers }]);

function send(res, status, body, type = "application/json") {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(text) });
  res.end(text);
}

async function readBody(req, limit = 1 << 20) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new Error("request body too large");
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

const server = createServer(async (req, res) => {
  try {
    const path = new URL(req.url, "http://127.0.0.1").pathname;
    if (req.method === "GET" && path === "/health") return send(res, 200, "ok", "text/plain");
    if (req.method === "GET" && path === "/stats") return send(res, 200, stats);
    if (path !== "/graphql") return send(res, 404, { errors: [{ message: "not found" }] });
    if (req.method !== "POST") return send(res, 405, { errors: [{ message: "POST only" }] });

    const { query, variables, operationName } = JSON.parse(await readBody(req));
    stats.graphqlRequests += 1;
    if (typeof query === "string" && query.includes("_entities")) stats.entitiesRequests += 1;
    const result = await graphql({
      schema,
      source: query,
      variableValues: variables,
      operationName,
    });
    return send(res, 200, result);
  } catch (err) {
    return send(res, 400, { errors: [{ message: String(err?.message ?? err) }] });
  }
});

server.listen(Number(flags.port ?? 0), "127.0.0.1", () => {
  const { port } = server.address();
  writePortFile(flags["port-file"], port);
  console.log(`partner subgraph listening on http://127.0.0.1:${port}/graphql`);
});

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections(); // keep-alive connections would hold close() up
  });
}
