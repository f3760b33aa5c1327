import { z } from 'zod';

/**
 * The body of an email as the block editor builds it: a list of blocks, top to bottom. Text in
 * blocks is plain text (never HTML) that may hold `##{{variables}}`; the MJML renderer escapes it.
 * `id` is the editor's handle for a block (React key, drag and drop), unique within one body.
 */
const blockId = z.string().trim().min(1).max(40);

export const headingBlockSchema = z.object({ id: blockId, kind: z.literal('heading'), text: z.string().max(300) });
export const textBlockSchema = z.object({ id: blockId, kind: z.literal('text'), text: z.string().max(5000) });
/** A call to action: the link is one of the template's variables (`manage_url`, `url`…), never a typed address. */
export const buttonBlockSchema = z.object({
  id: blockId,
  kind: z.literal('button'),
  label: z.string().max(100),
  urlVariable: z.string().max(60),
});
export const imageBlockSchema = z.object({
  id: blockId,
  kind: z.literal('image'),
  url: z.string().trim().max(2000).regex(/^https?:\/\/\S+$/i, 'An image address starts with https:// or http://'),
  alt: z.string().max(300).default(''),
});
export const dividerBlockSchema = z.object({ id: blockId, kind: z.literal('divider') });
export const spacerBlockSchema = z.object({ id: blockId, kind: z.literal('spacer'), height: z.number().int().min(4).max(120).default(24) });

export const blockSchema = z.discriminatedUnion('kind', [
  headingBlockSchema,
  textBlockSchema,
  buttonBlockSchema,
  imageBlockSchema,
  dividerBlockSchema,
  spacerBlockSchema,
]);
export type Block = z.infer<typeof blockSchema>;
export type BlockKind = Block['kind'];
export const blockKinds = ['heading', 'text', 'button', 'image', 'divider', 'spacer'] as const satisfies readonly BlockKind[];

export const blocksSchema = z
  .array(blockSchema)
  .max(60)
  .refine((blocks) => new Set(blocks.map((b) => b.id)).size === blocks.length, { message: 'Two blocks share an id.' });

/** The texts of a body that may hold variables, with the path an editor error points at. */
export function textsOf(blocks: readonly Block[]): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  blocks.forEach((block, i) => {
    if (block.kind === 'heading' || block.kind === 'text') out.push({ path: `blocks.${i}.text`, text: block.text });
    else if (block.kind === 'button') out.push({ path: `blocks.${i}.label`, text: block.label });
    else if (block.kind === 'image') out.push({ path: `blocks.${i}.alt`, text: block.alt });
  });
  return out;
}

/**
 * The plain-text body (text email part, SMS, in-app) of a list of blocks, variables still in
 * place: headings and paragraphs separated by a blank line, a button as "Label: ##{{url}}",
 * a divider as a line of dashes; images and spacers have no text.
 */
export function blocksToText(blocks: readonly Block[]): string {
  const parts: string[] = [];
  for (const block of blocks) {
    switch (block.kind) {
      case 'heading':
      case 'text':
        if (block.text.trim() !== '') parts.push(block.text.trim());
        break;
      case 'button':
        parts.push(`${block.label.trim()}: ##{{${block.urlVariable}}}`);
        break;
      case 'divider':
        parts.push('----');
        break;
      case 'image':
      case 'spacer':
        break;
    }
  }
  return parts.join('\n\n');
}
