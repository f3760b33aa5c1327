import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('uses the embedded database when DATABASE_URL is empty', () => {
    const config = loadConfig({ DATABASE_URL: '', PORT: '4000' });

    expect(config.databaseUrl).toBeUndefined();
    expect(config.publicUrl).toBe('http://localhost:4000');
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });

  it('marks cookies secure when the public address is https', () => {
    const config = loadConfig({ PUBLIC_URL: 'https://studio.example/' });

    expect(config.secureCookies).toBe(true);
    expect(config.publicUrl).toBe('https://studio.example');
  });
});
