import { ANONYMOUS_OPERATION, OperationNameLabels, OTHER_OPERATIONS } from './operation-names.js';

describe('OperationNameLabels', () => {
  it('labels an operation by its name, and one without a name as anonymous', () => {
    const labels = new OperationNameLabels(3);
    expect(labels.labelFor('ProposalList')).toBe('ProposalList');
    expect(labels.labelFor(null)).toBe(ANONYMOUS_OPERATION);
    expect(labels.labelFor(undefined)).toBe(ANONYMOUS_OPERATION);
    expect(labels.labelFor('')).toBe(ANONYMOUS_OPERATION);
    expect(labels.size).toBe(1);
  });

  it('admits names up to its cap; later new names are "other", admitted ones keep their label', () => {
    const labels = new OperationNameLabels(2);
    expect(labels.labelFor('A')).toBe('A');
    expect(labels.labelFor('B')).toBe('B');
    expect(labels.labelFor('C')).toBe(OTHER_OPERATIONS);
    expect(labels.labelFor('A')).toBe('A');
    expect(labels.labelFor('B')).toBe('B');
    expect(labels.size).toBe(2);
  });

  it('does not grow past its cap, however many names arrive', () => {
    const labels = new OperationNameLabels(50);
    for (let i = 0; i < 10_000; i++) labels.labelFor(`Invented${i}`);
    expect(labels.size).toBe(50);
    expect(labels.labelFor('Invented49')).toBe('Invented49');
    expect(labels.labelFor('Invented50')).toBe(OTHER_OPERATIONS);
  });

  it('never keeps a very long name as a label, and does not spend a place on it', () => {
    const labels = new OperationNameLabels(2);
    expect(labels.labelFor('Q'.repeat(101))).toBe(OTHER_OPERATIONS);
    expect(labels.labelFor('Q'.repeat(100))).toBe('Q'.repeat(100));
    expect(labels.size).toBe(1);
  });
});
