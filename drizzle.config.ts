import { defineConfig } from 'drizzle-kit';

// One migration stream for every module: drizzle-kit reads each `schema.ts` under src/.
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/**/schema.ts',
  out: './migrations',
  casing: 'snake_case',
});
