import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Three projects:
// - unit: pure tests beside the code, host TZ=UTC;
// - unit-other-tz: the kernel's time tests again under a host zone with DST and a non-hour offset,
//   so nothing in src/kernel can lean on the host's zone;
// - integration: *.int.test.ts and *.api.test.ts against a fresh database per file
//   (PGlite always; PostgreSQL as well when DATABASE_URL is set).
export default defineConfig({
  test: {
    // Vitest's default is one worker per core less one: a single worker on a 2-core CI machine. An
    // integration file spends much of its time waiting on PostgreSQL (another process) or on argon2,
    // so one worker per core keeps both cores busy.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'bench/**/*.test.ts', 'web/src/**/*.test.ts'],
          exclude: ['src/**/*.int.test.ts', 'src/**/*.api.test.ts', 'node_modules/**'],
          env: { TZ: 'UTC' },
        },
      },
      {
        test: {
          name: 'unit-other-tz',
          include: ['src/kernel/**/*.test.ts'],
          env: { TZ: 'America/St_Johns' },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['src/**/*.int.test.ts', 'src/**/*.api.test.ts'],
          env: { TZ: 'UTC' },
          globalSetup: ['src/platform/testing/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
