import { hash, verify } from '@node-rs/argon2';

/** `Algorithm.Argon2id` in @node-rs/argon2 (a const enum, which our module settings can't import). */
const argon2id = 2;

/** argon2id at OWASP's minimum cost (19 MiB, 2 passes, 1 lane): ~15 ms a hash on our machines. */
const options = { algorithm: argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verified when no account matches, so that a wrong email costs the same time as a wrong password. */
let decoy: Promise<string> | undefined;
export async function burnVerification(password: string): Promise<void> {
  decoy ??= hashPassword('decoy password for timing');
  await verifyPassword(await decoy, password);
}
