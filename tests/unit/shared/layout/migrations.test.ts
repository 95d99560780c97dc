import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createLayoutReader,
  defaultWindows,
  LAYOUT_MIGRATIONS,
  LAYOUT_SCHEMA_VERSION,
  type LayoutMigration,
  NamedLayout,
  readNamedLayout,
} from '../../../../src/shared/layout';

const v1 = {
  schemaVersion: 1,
  id: 'l-1',
  name: 'Office',
  createdAt: 1,
  updatedAt: 2,
  variants: [{ monitorSet: 'none', displays: [], windows: defaultWindows(), savedAt: 2 }],
};

/**
 * A worked example of the next version: v2 renames a layout's `name` to `title` and adds a
 * `locked` flag (TWS Mosaic's lock). This is how a real step will look: plain JSON in, plain
 * JSON out, the input left alone.
 */
const v1ToV2: LayoutMigration = {
  from: 1,
  migrate: (doc) => {
    const { name, ...rest } = doc;
    return { ...rest, title: name, locked: false };
  },
};
const NamedLayoutV2 = NamedLayout.omit({ schemaVersion: true, name: true }).extend({
  schemaVersion: z.literal(2),
  title: z.string().min(1),
  locked: z.boolean(),
});
const readV2 = createLayoutReader({ currentVersion: 2, migrations: [v1ToV2], schema: NamedLayoutV2 });

describe('layout migrations', () => {
  it('this build is version 2: the chart, depth and alerts kinds, one step that changes nothing else', () => {
    expect(LAYOUT_SCHEMA_VERSION).toBe(2);
    expect(LAYOUT_MIGRATIONS.map((m) => m.from)).toEqual([1]);
  });

  it('reads a v1 record (no chart, depth or alerts panels) as version 2, the stored text untouched', () => {
    const stored = JSON.stringify(v1);
    const read = readNamedLayout(stored);
    expect(read).toEqual({ ok: true, value: NamedLayout.parse({ ...v1, schemaVersion: 2 }), migratedFrom: 1 });
    expect(JSON.parse(stored)).toEqual(v1);
  });

  it('reads a current record as it is', () => {
    const current = { ...v1, schemaVersion: LAYOUT_SCHEMA_VERSION };
    const read = readNamedLayout(JSON.stringify(current));
    expect(read).toEqual({ ok: true, value: NamedLayout.parse(current), migratedFrom: null });
  });

  it('migrates a v1 record to v2 (example step) and validates the result', () => {
    const stored = JSON.stringify(v1);
    const read = readV2(stored);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.migratedFrom).toBe(1);
    expect(read.value.schemaVersion).toBe(2);
    expect(read.value.title).toBe('Office');
    expect(read.value.locked).toBe(false);
    expect('name' in read.value).toBe(false);
    expect(read.value.variants).toEqual(NamedLayout.parse({ ...v1, schemaVersion: LAYOUT_SCHEMA_VERSION }).variants);
    // The stored text is untouched (the store writes the new version only when it saves).
    expect(JSON.parse(stored)).toEqual(v1);
  });

  it('reads a v2 record with the v2 reader without migrating', () => {
    const { name, ...rest } = v1;
    const read = readV2(JSON.stringify({ ...rest, schemaVersion: 2, title: name, locked: true }));
    expect(read.ok && read.migratedFrom === null && read.value.locked).toBe(true);
  });

  it('refuses a record from a newer build as future_version, with its version', () => {
    const read = readNamedLayout(JSON.stringify({ ...v1, schemaVersion: LAYOUT_SCHEMA_VERSION + 1 }));
    expect(read).toMatchObject({ ok: false, problem: 'future_version', schemaVersion: LAYOUT_SCHEMA_VERSION + 1 });
  });

  it('reports a missing step, a failing step, and a result that fails the schema as invalid', () => {
    const noStep = createLayoutReader({ currentVersion: 2, migrations: [], schema: NamedLayoutV2 });
    expect(noStep(JSON.stringify(v1))).toMatchObject({
      ok: false,
      problem: 'invalid',
      message: 'no migration from layout version 1',
    });
    const throwing = createLayoutReader({
      currentVersion: 2,
      migrations: [
        {
          from: 1,
          migrate: () => {
            throw new Error('boom');
          },
        },
      ],
      schema: NamedLayoutV2,
    });
    expect(throwing(JSON.stringify(v1))).toMatchObject({ ok: false, problem: 'invalid' });
    const wrong = createLayoutReader({
      currentVersion: 2,
      migrations: [{ from: 1, migrate: (d) => d }],
      schema: NamedLayoutV2,
    });
    const read = wrong(JSON.stringify(v1));
    expect(read.ok).toBe(false);
    expect(!read.ok && read.message).toMatch(/fails its schema/);
  });

  it('reports garbage as invalid, never throws', () => {
    for (const text of ['', '{', 'null', '[]', '42', '{"schemaVersion":"1"}', '{"schemaVersion":0}', '{"name":"x"}']) {
      const read = readNamedLayout(text);
      expect(read.ok, text).toBe(false);
      expect(!read.ok && read.problem, text).toBe('invalid');
    }
  });
});
