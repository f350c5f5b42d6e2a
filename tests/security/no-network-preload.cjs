// Preloaded (node --require) into isms processes by tests/security/no-network.test.ts: every way a Node
// process can reach the network is replaced by a function that records the attempt and throws, and every
// child process is recorded (isms may run only git). Records are JSON lines appended to the file named
// by ISMS_NO_NETWORK_LOG: {"kind":"loaded"} once per process, {"kind":"spawn"} per child process,
// {"kind":"violation"} per blocked attempt. A blocked call also throws, but code may catch that: the
// record is what the test reads.
//
// The LSP stdio transport is not touched: process.stdin and process.stdout wrap pipes (or files) that
// exist before the process starts; no socket is connected for them, so net.Socket.prototype.connect
// is never called. Child process pipes are likewise made without connect().
"use strict";
/* global require */
/* eslint-disable @typescript-eslint/no-require-imports -- a --require preload is CommonJS */
const fs = require("node:fs");
const path = require("node:path");

const LOG = process.env.ISMS_NO_NETWORK_LOG;
if (!LOG) throw new Error("no-network-preload: set ISMS_NO_NETWORK_LOG to the file for the records");

const record = (kind, what, detail) => {
  const line = JSON.stringify({ kind, what, detail, pid: process.pid, argv: process.argv.slice(1) });
  fs.appendFileSync(LOG, line + "\n");
};

const describe = (args) => {
  try {
    return JSON.stringify(args, (_k, v) => (typeof v === "function" ? "[function]" : v)).slice(0, 500);
  } catch {
    return String(args);
  }
};

/** Replaces obj[name] by a function that records the call and throws. */
const block = (obj, name, label) => {
  if (!obj || typeof obj[name] !== "function") return;
  const blocked = function (...args) {
    record("violation", label, describe(args));
    throw new Error(`no-network-preload: ${label} is not allowed`);
  };
  Object.defineProperty(obj, name, { value: blocked, writable: true, configurable: true });
};

// TCP, IPC sockets and TLS: every client connection goes through Socket.prototype.connect.
const net = require("node:net");
block(net.Socket.prototype, "connect", "net.Socket.prototype.connect");
block(net, "connect", "net.connect");
block(net, "createConnection", "net.createConnection");
const tls = require("node:tls");
block(tls, "connect", "tls.connect");
// Servers: the LSP stdio transport needs none (--socket and --node-ipc are not used here).
block(net.Server.prototype, "listen", "net.Server.prototype.listen");

// UDP.
const dgram = require("node:dgram");
block(dgram, "createSocket", "dgram.createSocket");
block(dgram.Socket.prototype, "send", "dgram.Socket.prototype.send");
block(dgram.Socket.prototype, "bind", "dgram.Socket.prototype.bind");

// DNS, callback and promise APIs, module functions and Resolver methods.
const dns = require("node:dns");
const DNS = [
  "lookup",
  "lookupService",
  "resolve",
  "resolve4",
  "resolve6",
  "resolveAny",
  "resolveCaa",
  "resolveCname",
  "resolveMx",
  "resolveNaptr",
  "resolveNs",
  "resolvePtr",
  "resolveSoa",
  "resolveSrv",
  "resolveTxt",
  "reverse",
];
for (const name of DNS) {
  block(dns, name, `dns.${name}`);
  block(dns.Resolver && dns.Resolver.prototype, name, `dns.Resolver.${name}`);
  block(dns.promises, name, `dns.promises.${name}`);
  block(dns.promises.Resolver && dns.promises.Resolver.prototype, name, `dns.promises.Resolver.${name}`);
}

// HTTP(S) and HTTP/2 clients, and the fetch/WebSocket globals (undici).
for (const [id, mod] of [
  ["http", require("node:http")],
  ["https", require("node:https")],
]) {
  block(mod, "request", `${id}.request`);
  block(mod, "get", `${id}.get`);
}
block(require("node:http2"), "connect", "http2.connect");
for (const name of ["fetch", "WebSocket", "EventSource"]) block(globalThis, name, `globalThis.${name}`);

// Child processes: record each; isms may run git only (the test checks the arguments of each).
const cp = require("node:child_process");
const programOf = (file) => path.basename(String(file)).replace(/\.(exe|cmd)$/i, "");
const wrap = (name, program, argsOf) => {
  const original = cp[name];
  const wrapped = function (...args) {
    const file = program(args);
    const argv = argsOf(args);
    // The PDF case only: the one browser the test names may run too (recorded, and checked there).
    const browser = process.env.ISMS_NO_NETWORK_ALLOW_BROWSER;
    if (browser && String(file) === browser) {
      const env = (args.find((x, i) => i > 0 && x && typeof x === "object" && !Array.isArray(x)) || {}).env;
      const networkEnv = Object.keys(env || process.env).filter((k) =>
        /^(https?_proxy|all_proxy|no_proxy)$/i.test(k),
      );
      record("browser", `child_process.${name}`, { file: String(file), argv, networkEnv, gitEnv: [] });
      return original.apply(this, args);
    }
    if (programOf(file) !== "git") {
      record("violation", `child_process.${name}`, describe([file, argv]));
      throw new Error(`no-network-preload: child_process.${name}(${file}) is not allowed`);
    }
    const opts = args.find((a, i) => i > 0 && a && typeof a === "object" && !Array.isArray(a)) || {};
    if (opts.shell) {
      record("violation", `child_process.${name}`, describe([file, argv, "shell"]));
      throw new Error(`no-network-preload: child_process.${name}(${file}) through a shell is not allowed`);
    }
    const env = opts.env || process.env;
    // What the child inherits: proxies (moot for git with protocol.allow=never) and GIT_* variables.
    const networkEnv = Object.keys(env).filter((k) => /^(https?_proxy|all_proxy|no_proxy)$/i.test(k));
    const gitEnv = Object.keys(env).filter((k) => /^GIT_/i.test(k));
    record("spawn", `child_process.${name}`, { file: String(file), argv, networkEnv, gitEnv });
    return original.apply(this, args);
  };
  Object.defineProperty(cp, name, { value: wrapped, writable: true, configurable: true });
};
const arr = (a) => (Array.isArray(a) ? a.map(String) : []);
wrap(
  "spawn",
  (a) => a[0],
  (a) => arr(a[1]),
);
wrap(
  "spawnSync",
  (a) => a[0],
  (a) => arr(a[1]),
);
wrap(
  "execFile",
  (a) => a[0],
  (a) => arr(a[1]),
);
wrap(
  "execFileSync",
  (a) => a[0],
  (a) => arr(a[1]),
);
// A shell command line is never git alone: exec, execSync and fork are refused outright.
wrap(
  "exec",
  () => "sh",
  (a) => [String(a[0])],
);
wrap(
  "execSync",
  () => "sh",
  (a) => [String(a[0])],
);
wrap(
  "fork",
  (a) => a[0],
  (a) => arr(a[1]),
);

// Worker threads could re-require the real modules; isms starts none.
block(require("node:worker_threads"), "Worker", "worker_threads.Worker");

record("loaded", "no-network-preload", { node: process.version });
