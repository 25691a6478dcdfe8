/**
 * The load generator, in a process of its own so that driving the load never shares an event
 * loop with the runner. It takes one round at a time over IPC and answers autocannon's figures.
 *
 * autocannon walks a `requests` list from the start on every connection, so 32 connections
 * would send the first entry 32 times at once. Here the connections share one cursor instead:
 * each request sent is the next entry of the round's list, whichever connection sends it.
 */
import autocannon from 'autocannon';
import type { RoundRequest, RoundResult } from './load';

process.on('message', (message: RoundRequest) => {
  const variants = message.requests;
  let cursor = 0;
  autocannon(
    {
      url: message.url,
      connections: message.connections,
      pipelining: 1,
      ...(message.amount ? { amount: message.amount } : { duration: message.duration ?? 1 }),
      timeout: 120,
      ...(message.rate ? { overallRate: message.rate } : {}),
      requests: [
        {
          setupRequest: (request) => {
            const next = variants[cursor++ % variants.length];
            return { ...request, ...next };
          },
        },
      ],
    },
    (error, result) => {
      const answer: RoundResult = error
        ? { id: message.id, error: error.message }
        : {
            id: message.id,
            // autocannon's own `duration` is whole seconds; rounds of a fixed amount need better.
            seconds: (result.finish.getTime() - result.start.getTime()) / 1000,
            // latency.totalCount counts more than the answers when overallRate paces the round.
            responses: result.requests.total,
            ok: result['2xx'],
            non2xx: result.non2xx,
            errors: result.errors,
            timeouts: result.timeouts,
            statusCodes: Object.fromEntries(
              Object.entries(result.statusCodeStats).map(([code, stats]) => [code, stats.count]),
            ),
            latency: {
              mean: result.latency.mean,
              p50: result.latency.p50,
              p90: result.latency.p90,
              p99: result.latency.p99,
              max: result.latency.max,
            },
            bytesPerSecond: result.throughput.average,
          };
      process.send?.(answer);
    },
  );
});
