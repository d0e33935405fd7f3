import { describe, expect, it } from 'vitest';
import {
  type FieldClassification,
  fieldsAboveClearance,
  isCleared,
  projectFields,
} from '../../platform/auth/field-projection.ts';
import { CLASSIFICATIONS } from '../../platform/tenancy/tenant-context.ts';
import { CLIENT_FIELD_CLASSIFICATION, ClientSchema } from './client.schema.ts';
import { PORTFOLIO_FIELD_CLASSIFICATION, PortfolioSchema } from './portfolio.schema.ts';
import { PRACTICE_FIELD_CLASSIFICATION, PracticeSchema } from './practice.schema.ts';
import { REGION_FIELD_CLASSIFICATION, RegionSchema } from './region.schema.ts';

interface Person {
  id: string;
  name: string;
  team: string;
  notes: string | null;
  salary: number;
}
const PERSON: FieldClassification<Person> = {
  id: 'public',
  name: 'public',
  team: 'internal',
  notes: 'confidential',
  salary: 'restricted',
};
const ada: Person = { id: 'p1', name: 'Ada', team: 'Data', notes: null, salary: 100 };

describe('projectFields', () => {
  it('keeps exactly the fields at or below the clearance', () => {
    expect(projectFields(ada, PERSON, 'public')).toEqual({ id: 'p1', name: 'Ada' });
    expect(projectFields(ada, PERSON, 'internal')).toEqual({ id: 'p1', name: 'Ada', team: 'Data' });
    expect(projectFields(ada, PERSON, 'confidential')).toEqual({
      id: 'p1',
      name: 'Ada',
      team: 'Data',
      notes: null,
    });
    expect(projectFields(ada, PERSON, 'restricted')).toEqual(ada);
  });

  it('removes a masked field altogether rather than nulling it, and leaves the record untouched', () => {
    const projected = projectFields(ada, PERSON, 'internal');
    expect('notes' in projected).toBe(false);
    expect(ada.salary).toBe(100);
  });

  it('treats a field the map does not classify as restricted', () => {
    const withExtra = { ...ada, bonus: 5 } as Person;
    expect('bonus' in projectFields(withExtra, PERSON, 'confidential')).toBe(false);
    expect(projectFields(withExtra, PERSON, 'restricted')).toMatchObject({ bonus: 5 });
  });
});

describe('isCleared and fieldsAboveClearance', () => {
  it('order clearances from public to restricted', () => {
    for (const [i, level] of CLASSIFICATIONS.entries()) {
      for (const [j, clearance] of CLASSIFICATIONS.entries())
        expect(isCleared(level, clearance)).toBe(i <= j);
    }
  });

  it('name the given fields a clearance may not write, ignoring those left out', () => {
    expect(
      fieldsAboveClearance<Person>({ name: 'A', notes: 'x', salary: undefined }, PERSON, 'internal'),
    ).toEqual(['notes']);
    expect(fieldsAboveClearance<Person>({ notes: 'x' }, PERSON, 'confidential')).toEqual([]);
  });
});

describe('the response schemas', () => {
  const resources = [
    ['practice', PracticeSchema, PRACTICE_FIELD_CLASSIFICATION],
    ['region', RegionSchema, REGION_FIELD_CLASSIFICATION],
    ['client', ClientSchema, CLIENT_FIELD_CLASSIFICATION],
    ['portfolio', PortfolioSchema, PORTFOLIO_FIELD_CLASSIFICATION],
  ] as const;

  it.each(resources)('classify every %s field, and require only the public ones', (_name, schema, map) => {
    const levels = map as Readonly<Record<string, string>>;
    expect(Object.keys(schema.properties).sort()).toEqual(Object.keys(levels).sort());
    const required = [...((schema as { required?: string[] }).required ?? [])].sort();
    expect(required).toEqual(
      Object.keys(levels)
        .filter((field) => levels[field] === 'public')
        .sort(),
    );
  });

  it('classify client internal notes as confidential', () => {
    expect(CLIENT_FIELD_CLASSIFICATION.internalNotes).toBe('confidential');
  });
});
