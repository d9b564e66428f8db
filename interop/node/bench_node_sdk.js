#!/usr/bin/env node
/* SendMessage through the official Tencent Cloud Node.js SDK
 * (tencentcloud-sdk-nodejs-common, CommonClient) against a docbind mock
 * already running on loopback (bench/bench_vs_node.sh starts it), one
 * request in flight, the same payloads as `bench_mock --endpoint`:
 * 1 message, and 500 messages of 1 KB.
 *
 *   node interop/node/bench_node_sdk.js --port PORT [--requests N]
 *        [--batch-requests M] [--agent shipped|keepalive] [--in-flight K]
 *
 * --in-flight K (K > 1) adds a third case: SendMessage with 1 message from
 * K concurrent request loops on the same client (K requests in flight, as
 * `bench_mock --in-flight K` does with K threads); the keep-alive agent
 * then allows K sockets.
 *
 * --agent shipped (default): the SDK as shipped. It passes no agent to
 * node-fetch, so Node's global http agent carries the requests; that agent
 * keeps connections alive from Node 19 on (Node 18 and older open a
 * connection per request). --agent keepalive: an explicit
 * http.Agent({keepAlive: true, maxSockets: 1}) through the SDK's
 * httpProfile.agent option. Either way the number of TCP connections made
 * is counted and printed.
 *
 * Each answer must be a success with MessageId; anything else stops the run
 * with exit status 1. */
"use strict";

const http = require("http");
const { CommonClient } = require("tencentcloud-sdk-nodejs-common");

/* The SDK routes everything through a proxy agent when http_proxy is set
 * and ignores no_proxy: the mock is on loopback. */
for (const v of ["http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY"]) delete process.env[v];

function args() {
  const a = { port: 0, requests: 20000, batchRequests: 1000, agent: "shipped", inFlight: 1 };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const next = () => argv[++i];
    if (argv[i] === "--port") a.port = Number(next());
    else if (argv[i] === "--requests") a.requests = Number(next());
    else if (argv[i] === "--batch-requests") a.batchRequests = Number(next());
    else if (argv[i] === "--agent") a.agent = next();
    else if (argv[i] === "--in-flight") a.inFlight = Number(next());
    else a.bad = true;
  }
  if (a.bad || !(a.port > 0) || !(a.requests >= 10) || !(a.batchRequests >= 10) ||
      !["shipped", "keepalive"].includes(a.agent) ||
      !(Number.isInteger(a.inFlight) && a.inFlight >= 1 && a.inFlight <= 64)) {
    process.stderr.write("usage: bench_node_sdk.js --port PORT [--requests N] [--batch-requests M] " +
                         "[--agent shipped|keepalive] [--in-flight K]\n");
    process.exit(2);
  }
  return a;
}

/* Same payloads as bench/bench_mock.c (payloads_init). */
function payloads() {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const batch = [];
  for (let i = 0; i < 500; i++) {
    let body = "";
    for (let j = 0; j < 1024; j++) body += alphabet[(i + j) % 36];
    batch.push({ Key: `key-${i}`, Body: body });
  }
  return {
    one: { DataHubId: "datahub-meuh9nhn", Message: [{ Key: "key1", Body: "vvvvsdgsgshhh" }] },
    batch: { DataHubId: "datahub-meuh9nhn", Message: batch },
  };
}

/* Counts the TCP connections an agent opens. */
function countConnections(agent) {
  const counter = { n: 0 };
  const create = agent.createConnection;
  agent.createConnection = function (...a) {
    counter.n++;
    return create.apply(this, a);
  };
  return counter;
}

/* K loops on one client (K = 1: the sequential cases), each awaiting its
 * share of the requests one after another, after a warm-up of a tenth. */
async function runCase(label, client, params, requests, counter, k = 1) {
  const per = Math.floor(requests / k);
  requests = per * k;
  const lat = new Float64Array(requests);
  const before = counter.n;
  const warmup = Math.floor(per / 10) + 10;
  const one = async () => {
    const t0 = process.hrtime.bigint();
    let res;
    try {
      res = await client.request("SendMessage", params);
    } catch (e) {
      throw new Error(`${label}: ${e.code || "no code"}: ${e.message}`);
    }
    if (!res || !Array.isArray(res.MessageId) || res.MessageId.length === 0)
      throw new Error(`${label}: an answer without MessageId: ${JSON.stringify(res).slice(0, 200)}`);
    return Number(process.hrtime.bigint() - t0) / 1e3; /* microseconds */
  };
  await Promise.all(Array.from({ length: k }, async () => { for (let i = 0; i < warmup; i++) await one(); }));
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: k }, async (_, t) => {
    for (let i = 0; i < per; i++) lat[t * per + i] = await one();
  }));
  const total = Number(process.hrtime.bigint() - start) / 1e9;
  lat.sort();
  const made = counter.n - before;
  console.log(`${label.padEnd(34)} ${(requests / total).toFixed(0).padStart(8)} req/s   ` +
              `p50 ${lat[Math.floor(requests / 2)].toFixed(1).padStart(6)} us   ` +
              `p99 ${lat[Math.floor(requests * 0.99)].toFixed(1).padStart(6)} us   ` +
              `(${requests} requests, ${made} new connection${made === 1 ? "" : "s"})`);
}

async function main() {
  const a = args();
  const agent = a.agent === "keepalive"
    ? new http.Agent({ keepAlive: true, maxSockets: a.inFlight }) : undefined;
  const counter = countConnections(agent || http.globalAgent);
  const client = new CommonClient("ckafka.tencentcloudapi.com", "2019-08-19", {
    credential: { secretId: "AKIDMOCKTESTID", secretKey: "mock-test-secret" }, /* docs/mock.md */
    region: "ap-guangzhou",
    profile: { httpProfile: { endpoint: `127.0.0.1:${a.port}`, protocol: "http://", agent } },
  });
  const p = payloads();
  const sdk = require("tencentcloud-sdk-nodejs-common/package.json").version;
  const name = a.agent === "keepalive" ? "node SDK keep-alive agent" : "node SDK as shipped";
  console.log(`SendMessage against the docbind mock at http://127.0.0.1:${a.port}, ` +
              `tencentcloud-sdk-nodejs-common ${sdk} on node ${process.version}, ${name} ` +
              `(global agent keepAlive: ${http.globalAgent.keepAlive})`);
  await runCase(`${name}, 1 message`, client, p.one, a.requests, counter);
  await runCase(`${name}, 500 x 1 KB`, client, p.batch, a.batchRequests, counter);
  if (a.inFlight > 1)
    await runCase(`${name}, 1 message, ${a.inFlight} in flight`, client, p.one, a.requests,
                  counter, a.inFlight);
  if (agent) agent.destroy();
}

main().catch((e) => {
  process.stderr.write(`bench_node_sdk: ${e.message}\n`);
  process.exit(1);
});
