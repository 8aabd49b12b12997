import { EnvironmentError, validateEnvironment } from '../core/config/environment.js';

/** The clock's two settings: the reminder window and where the job queue runs. */
describe('REMINDER_DAYS_BEFORE_DUE and WORKER', () => {
  it('default to 3 days and the queue inside the API', () => {
    const env = validateEnvironment({});
    expect([env.REMINDER_DAYS_BEFORE_DUE, env.WORKER]).toEqual([3, 'inline']);
    expect(validateEnvironment({ WORKER: '' }).WORKER).toBe('inline');
  });

  it('take 1-60 days and inline or separate', () => {
    const env = validateEnvironment({ REMINDER_DAYS_BEFORE_DUE: '7', WORKER: 'separate' });
    expect([env.REMINDER_DAYS_BEFORE_DUE, env.WORKER]).toEqual([7, 'separate']);
  });

  it.each([
    ['REMINDER_DAYS_BEFORE_DUE', '0'],
    ['REMINDER_DAYS_BEFORE_DUE', '61'],
    ['REMINDER_DAYS_BEFORE_DUE', '2.5'],
    ['REMINDER_DAYS_BEFORE_DUE', 'three'],
    ['WORKER', 'both'],
    ['WORKER', 'SEPARATE'],
  ])('refuse %s=%s, naming it', (name, value) => {
    expect(() => validateEnvironment({ [name]: value })).toThrow(EnvironmentError);
    expect(() => validateEnvironment({ [name]: value })).toThrow(new RegExp(name));
  });
});
