// Every test worker runs as NODE_ENV=test with a fixed secret; nothing reads the developer's .env.
process.env.NODE_ENV = 'test';
process.env.JWT_SECRET ??= 'test-only-secret-0123456789abcdefghijklmnopqrstuvwxyz';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
