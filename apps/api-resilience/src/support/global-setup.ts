// Loaded as a Jasmine helper: the afterAll here runs once, after every spec file.
import { dropSharedCluster } from './postgres-cluster';
import { removeScratch } from './scratch';

// Real processes and databases, started and stopped many times over, on two loaded cores.
jasmine.DEFAULT_TIMEOUT_INTERVAL = 300_000;

afterAll(async () => {
  try {
    await dropSharedCluster();
  } finally {
    removeScratch();
  }
}, 60_000);
