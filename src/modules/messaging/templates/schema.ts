import { sql } from 'drizzle-orm';
import { check, foreignKey, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { createdAt, studioId, updatedAt } from '../../../platform/db/columns.ts';
import { studios } from '../../studios/schema.ts';
import type { Block } from '../blocks.ts';

/**
 * A studio's own version of a catalogue template in one locale (Settings › Message templates).
 * No row = the catalogue default. `blocks` is the block editor's body (JSON, round-tripped);
 * `body_text` is its plain-text version (text email part, SMS, in-app), derived on save.
 */
export const messagingTemplateOverrides = pgTable(
  'messaging_template_overrides',
  {
    studioId: studioId(),
    templateKey: text().notNull(),
    locale: text().notNull(),
    subject: text().notNull(),
    blocks: jsonb().$type<Block[]>().notNull(),
    bodyText: text().notNull(),
    /** The SMS version, edited apart (short, plain text); null = derived from the body. */
    smsText: text(),
    updatedBy: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.studioId, t.templateKey, t.locale] }),
    foreignKey({ columns: [t.studioId], foreignColumns: [studios.id] }),
    check('messaging_template_overrides_locale', sql`locale in ('en', 'fr')`),
  ],
);
