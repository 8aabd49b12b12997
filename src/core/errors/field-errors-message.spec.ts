import { AppError } from './app-error.js';
import { describeFieldErrors } from './field-errors-message.js';

describe('describeFieldErrors: the message of a BAD_USER_INPUT error', () => {
  it('is the problem of the only bad field, as the validator wrote it', () => {
    expect(
      describeFieldErrors([
        { field: 'title', message: 'title must be at least 3 characters long' },
      ]),
    ).toBe('title must be at least 3 characters long');
  });

  it('counts the other bad fields, each once, in the singular for one', () => {
    const title = { field: 'title', message: 'title must be at least 3 characters long' };
    expect(describeFieldErrors([title, { field: 'body', message: 'body must be text' }])).toBe(
      'title must be at least 3 characters long (and 1 more field)',
    );
    expect(
      describeFieldErrors([
        title,
        { field: 'body', message: 'body must be text' },
        { field: 'body', message: 'body must not contain control characters' },
        { field: 'topicIds', message: 'topicIds must name at most 10 topics' },
        { field: 'title', message: 'title must be text' },
      ]),
    ).toBe('title must be at least 3 characters long (and 2 more fields)');
  });

  it('names a nested field by its whole path, where the validator named the property alone', () => {
    expect(
      describeFieldErrors([
        { field: 'phases.1.title', message: 'title must be at least 2 characters long' },
        { field: 'phases.2.endsAt', message: 'endsAt must be after startsAt' },
      ]),
    ).toBe('phases.1.title must be at least 2 characters long (and 1 more field)');
    // Already the whole path: left as it is.
    expect(
      describeFieldErrors([
        { field: 'phases.0.title', message: 'phases.0.title must be valid Unicode text' },
      ]),
    ).toBe('phases.0.title must be valid Unicode text');
  });

  it('puts the field in front of a message that does not start with it', () => {
    expect(
      describeFieldErrors([{ field: 'organizerId', message: 'an admin must name the organizer' }]),
    ).toBe('organizerId: an admin must name the organizer');
    // A property name that is only the start of the message's first word is not the field.
    expect(describeFieldErrors([{ field: 'ids', message: 'idsx is wrong' }])).toBe(
      'ids: idsx is wrong',
    );
    expect(describeFieldErrors([{ field: '', message: 'the input must be an object' }])).toBe(
      'the input must be an object',
    );
  });

  it('falls back to a general message when no field is named', () => {
    expect(describeFieldErrors([])).toBe('The input is not valid.');
  });

  it('is what AppError.badInput says, with fieldErrors unchanged', () => {
    const fieldErrors = [
      { field: 'displayName', message: 'displayName must be at least 2 characters long' },
      { field: 'email', message: 'email must be an email' },
    ];
    const error = AppError.badInput(fieldErrors);
    expect(error.message).toBe('displayName must be at least 2 characters long (and 1 more field)');
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', fieldErrors });
    expect(AppError.badField('after', 'after is not a valid cursor for this list').message).toBe(
      'after is not a valid cursor for this list',
    );
  });
});
