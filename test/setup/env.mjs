// Every test worker runs as NODE_ENV=test with a fixed secret; nothing reads the developer's .env.
process.env.NODE_ENV = 'test';
process.env.JWT_SECRET ??= 'test-only-secret-0123456789abcdefghijklmnopqrstuvwxyz';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
// Live events stay in-process in every test app unless a test asks for Redis itself: the
// crossing test (test/live/redis-crossing) reads TEST_REDIS_URL, which REDIS_URL supplies.
// (Assigning undefined to process.env would store the string "undefined".)
if (process.env.REDIS_URL && !process.env.TEST_REDIS_URL)
  process.env.TEST_REDIS_URL = process.env.REDIS_URL;
delete process.env.REDIS_URL;
// The suites sign up and log in far more often than a person could: the rate limits are off
// unless a test turns them on (test/security/rate-limits).
process.env.RATE_LIMIT_ENABLED ??= 'false';
// The suites make accounts and report with them at once: the automatic hide counts those
// reports unless a test asks for the reporter-age defence (test/moderation runs with it on,
// at its production default).
process.env.MODERATION_REPORTER_MIN_ACCOUNT_AGE_HOURS ??= '0';
// The suites were written reading English: their apps speak it unless a test asks for the
// city's real default, Korean (test/i18n sets DEFAULT_LOCALE=ko before starting its app). Set
// again for every file, since one worker runs many files in one process.
process.env.DEFAULT_LOCALE = process.env.TEST_DEFAULT_LOCALE ?? 'en';
