// Preloaded (`node -r`) into the API only while the bench captures what SQL each measured
// operation sends; never into the API being measured. A request carrying `x-bench-capture: LABEL`
// has every statement it causes appended to BENCH_CAPTURE_FILE as one JSON line: the connection
// it ran on, its text, its parameters exactly as pg puts them on the wire, the rows it gave
// and how long it took.
const { AsyncLocalStorage } = require('node:async_hooks');
const { appendFileSync } = require('node:fs');
const http = require('node:http');

const file = process.env.BENCH_CAPTURE_FILE;
if (!file) throw new Error('capture-hook.cjs needs BENCH_CAPTURE_FILE');

const fromApp = { paths: [process.cwd()] };
const { Client } = require(require.resolve('pg', fromApp));
const { prepareValue } = require(require.resolve('pg/lib/utils', fromApp));

const requestContext = new AsyncLocalStorage();
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, request, ...rest) {
  const label = event === 'request' ? request.headers['x-bench-capture'] : undefined;
  if (typeof label !== 'string') return emit.call(this, event, request, ...rest);
  return requestContext.run({ label, inFlight: 0, started: 0 }, () =>
    emit.call(this, event, request, ...rest),
  );
};

const connectionIds = new WeakMap();
let lastConnectionId = 0;
const query = Client.prototype.query;
Client.prototype.query = function (config, values, callback) {
  const context = requestContext.getStore();
  const text = typeof config === 'string' ? config : config && config.text;
  if (!context || typeof text !== 'string' || typeof callback === 'function')
    return query.call(this, config, values, callback);
  if (!connectionIds.has(this)) connectionIds.set(this, ++lastConnectionId);
  const record = {
    label: context.label,
    order: context.started++,
    connection: connectionIds.get(this),
    concurrent: context.inFlight > 0,
    sql: text,
    params: (Array.isArray(values) ? values : (config.values ?? [])).map((value) => wire(value)),
  };
  context.inFlight++;
  const started = performance.now();
  const done = (outcome) => {
    context.inFlight--;
    const ms = performance.now() - started;
    appendFileSync(file, JSON.stringify({ ...record, ms, ...outcome }) + '\n');
  };
  const pending = query.call(this, config, values);
  pending.then(
    (result) =>
      done({
        command: result.command,
        rows: (result.rows ?? []).map((row) =>
          Object.fromEntries(Object.entries(row).map(([key, value]) => [key, wire(value)])),
        ),
      }),
    (error) => done({ error: String(error && error.message) }),
  );
  return pending;
};

/** A value as pg sends it: strings (or null), so captured and replayed values compare as text. */
function wire(value) {
  const prepared = prepareValue(value);
  return Buffer.isBuffer(prepared) ? { base64: prepared.toString('base64') } : prepared;
}
