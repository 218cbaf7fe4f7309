#!/usr/bin/env node
// Queries sent through the federation gateway, with their answers checked (CI only).
//
// Usage: node gateway-check.mjs --gateway URL --partner-stats URL
//   --gateway        the gateway's GraphQL endpoint (gateway.mjs)
//   --partner-stats  the partner subgraph's GET /stats (partner-server.mjs), to confirm that
//                    the gateway sent it the representations of our organizations
//
// Prints every query and its response; exits 1 at the first error or mismatch.
//   1. organizations(first: 3) { nodes { id name partnerProjects } }: starts at Yi Wuxian,
//      partnerProjects comes from the partner's _entities.
//   2. { partnerHealth }: a root field of the partner only.
//   3. node(id:) for one of those organizations: Yi Wuxian's Relay node, then the partner.
//   4. partnerOrganization(id:): starts at the partner, which returns only a reference, so the
//      gateway must get the name from Yi Wuxian's _entities.

import { assertLoopback, loopbackFetch, parseFlags, partnerProjectsFor, postGraphQL } from "./loopback.mjs";

const flags = parseFlags(process.argv.slice(2));
const gatewayUrl = assertLoopback(flags.gateway ?? "");
const statsUrl = assertLoopback(flags["partner-stats"] ?? "");

let checked = 0;
function fail(message) {
  console.error(`gateway-check FAILED: ${message}`);
  process.exit(1);
}
function expect(condition, message) {
  if (!condition) fail(message);
}

// Send a query through the gateway; print it and its response; insist on data and no errors.
async function run(title, query, variables) {
  console.log(`\n-- ${title}\n   query: ${query.replace(/\s+/g, " ").trim()}`);
  if (variables) console.log(`   variables: ${JSON.stringify(variables)}`);
  const { status, body } = await postGraphQL(gatewayUrl, query, variables);
  console.log(`   HTTP ${status}: ${JSON.stringify(body)}`);
  expect(status === 200, `${title}: HTTP ${status}`);
  expect(!body.errors?.length, `${title}: errors ${JSON.stringify(body.errors)}`);
  expect(body.data, `${title}: no data`);
  checked += 1;
  return body.data;
}

async function partnerStats() {
  const res = await loopbackFetch(statsUrl);
  expect(res.ok, `partner /stats answered HTTP ${res.status}`);
  return res.json();
}

function checkOrganization(org, where) {
  expect(typeof org?.id === "string" && org.id, `${where}: no id in ${JSON.stringify(org)}`);
  expect(typeof org.name === "string" && org.name.trim(), `${where}: no name for ${org.id}`);
  const want = partnerProjectsFor(org.id);
  expect(
    org.partnerProjects === want,
    `${where}: partnerProjects of ${org.id} is ${org.partnerProjects}, expected ${want}`,
  );
}

// 1. Yi Wuxian first, then the partner's _entities for partnerProjects.
const before = await partnerStats();
const data1 = await run(
  "organizations through the gateway (Yi Wuxian, then partner _entities)",
  "query GatewayOrganizations { organizations(first: 3) { nodes { id name partnerProjects } } }",
);
const orgs = data1.organizations?.nodes;
expect(Array.isArray(orgs) && orgs.length === 3, `expected 3 organizations, got ${JSON.stringify(orgs)}`);
orgs.forEach((org, i) => checkOrganization(org, `organizations.nodes[${i}]`));
expect(new Set(orgs.map((o) => o.id)).size === 3, "organization ids are not distinct");
const after = await partnerStats();
expect(after.entitiesRequests > before.entitiesRequests, "the partner got no _entities request");
const received = after.representations.slice(before.representations.length);
for (const org of orgs) {
  expect(received.includes(org.id), `the partner got no representation for ${org.id}: ${received}`);
}
console.log(`   partner _entities received: ${JSON.stringify(received)}`);

// 2. The partner alone.
const data2 = await run("partnerHealth (partner only)", "query GatewayPartnerHealth { partnerHealth }");
expect(data2.partnerHealth === "ok", `partnerHealth is ${JSON.stringify(data2.partnerHealth)}`);

// 3. Relay node(id:) on Yi Wuxian, then the partner.
const [first, second] = orgs;
const data3 = await run(
  "node(id:) (Yi Wuxian node, then partner _entities)",
  `query GatewayNode($id: ID!) {
     node(id: $id) { __typename id ... on Organization { name partnerProjects } }
   }`,
  { id: first.id },
);
expect(data3.node?.__typename === "Organization", `node is ${JSON.stringify(data3.node)}`);
expect(data3.node.id === first.id, `node(id:) returned id ${data3.node.id}, expected ${first.id}`);
expect(data3.node.name === first.name, `node(id:) name ${data3.node.name} != ${first.name}`);
checkOrganization(data3.node, "node");

// 4. The partner first, then Yi Wuxian's _entities (our __resolve_reference) for the name.
const data4 = await run(
  "partnerOrganization(id:) (partner, then Yi Wuxian _entities)",
  "query GatewayPartnerOrganization($id: ID!) { partnerOrganization(id: $id) { id name partnerProjects } }",
  { id: second.id },
);
const ref = data4.partnerOrganization;
expect(ref?.id === second.id, `partnerOrganization returned ${JSON.stringify(ref)}`);
expect(ref.name === second.name, `partnerOrganization name ${ref.name} != ${second.name}`);
checkOrganization(ref, "partnerOrganization");

console.log(`\ngateway-check OK: ${checked} queries through the gateway, every answer as expected`);
