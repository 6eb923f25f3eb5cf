// Checks a published Functions app folder (dotnet publish src/TalentFunctions.Functions -o <dir>) deploys as it is:
// host.json, worker.config.json for the isolated worker, extensions.json naming the Durable extension, and a
// functions.metadata with one HTTP function per route of the standalone host (routes given as JSON lines on stdin,
// as `dotnet run --project src/TalentFunctions.Standalone -- routes` prints them).
// Usage: node tools/ci/check-functions-publish.mjs <publish-dir> < routes.jsonl
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
const problems = [];
const read = (name) => {
  const path = join(dir, name);
  if (!existsSync(path)) { problems.push(`${name} is missing`); return null; }
  return JSON.parse(readFileSync(path, 'utf8'));
};

const host = read('host.json');
if (host) {
  if (host.version !== '2.0') problems.push('host.json: version is not 2.0');
  if (host.customHandler) problems.push('host.json: still declares a custom handler');
  if (!host.extensions?.durableTask?.hubName) problems.push('host.json: no extensions.durableTask.hubName');
  if (host.extensions?.http?.routePrefix !== '') problems.push('host.json: extensions.http.routePrefix must be "" (routes carry their own /api)');
}

const worker = read('worker.config.json');
if (worker) {
  if (worker.description?.language !== 'dotnet-isolated') problems.push('worker.config.json: language is not dotnet-isolated');
  if (worker.description?.defaultWorkerPath !== 'TalentFunctions.Functions.dll') problems.push('worker.config.json: defaultWorkerPath is not TalentFunctions.Functions.dll');
  if (!existsSync(join(dir, 'TalentFunctions.Functions.dll'))) problems.push('TalentFunctions.Functions.dll is missing');
}

const extensions = read('extensions.json');
if (extensions && !extensions.extensions?.some((e) => e.name === 'DurableTask')) problems.push('extensions.json: the DurableTask extension is not named');

const metadata = read('functions.metadata');
const routes = readFileSync(0, 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
if (routes.length === 0) problems.push('no routes were given on stdin');
let http = 0;
let timers = 0;
if (metadata) {
  const functions = new Map();
  for (const f of metadata) {
    const trigger = f.bindings.find((b) => b.type === 'httpTrigger');
    if (trigger) {
      http++;
      functions.set(f.name, { methods: (trigger.methods ?? []).map((m) => m.toUpperCase()).sort().join(','), route: trigger.route, durable: f.bindings.some((b) => b.type === 'durableClient') });
    }
    if (f.bindings.some((b) => b.type === 'timerTrigger')) timers++;
  }
  for (const r of routes) {
    const f = functions.get(r.name);
    const methods = (r.methods ?? []).map((m) => m.toUpperCase()).sort().join(',');
    if (!r.name) problems.push(`the standalone route ${r.route} has no name, so no function can match it`);
    else if (!f) problems.push(`no function for the standalone route ${r.name} (${methods} ${r.route})`);
    else if (f.route !== r.route || f.methods !== methods) problems.push(`${r.name}: function ${f.methods} ${f.route} != standalone ${methods} ${r.route}`);
    functions.delete(r.name);
  }
  for (const [name, f] of functions) problems.push(`the function ${name} (${f.methods} ${f.route}) has no standalone route`);
}

if (problems.length > 0) {
  for (const p of problems) console.log(`publish check: ${p}`);
  process.exit(1);
}
console.log(`publish check: ok — ${http} HTTP and ${timers} timer function(s) in functions.metadata match the ${routes.length} standalone routes; worker.config.json, extensions.json (DurableTask) and host.json present`);
