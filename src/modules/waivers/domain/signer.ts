/**
 * Who must sign: a child waiver is signed by the child's parent, any other waiver by the
 * covered customer. Returns the signer's id, or why the proposed signer may not sign.
 */
export type SignerCheck = { ok: true; signerId: string } | { ok: false; reason: 'not_the_parent' | 'not_a_child' };

export function signerFor(
  kind: 'customer' | 'membership' | 'child' | 'custom',
  covered: { id: string; parentId: string | null },
  proposedSignerId?: string,
): SignerCheck {
  if (kind === 'child') {
    if (covered.parentId === null) return { ok: false, reason: 'not_a_child' };
    if (proposedSignerId !== undefined && proposedSignerId !== covered.parentId) return { ok: false, reason: 'not_the_parent' };
    return { ok: true, signerId: covered.parentId };
  }
  if (proposedSignerId !== undefined && proposedSignerId !== covered.id) {
    // Only a child's waiver is signed on someone else's behalf.
    return { ok: false, reason: 'not_the_parent' };
  }
  return { ok: true, signerId: covered.id };
}
