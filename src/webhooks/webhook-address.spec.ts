import { isPrivateAddress, urlProblem, urlShapeProblem } from './webhook-address.js';

describe('webhook addresses', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '10.0.0.1',
    '10.255.255.255',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '100.127.255.255',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '198.18.0.1',
    '::',
    '::1',
    'fe80::1',
    'fe80::1%eth0',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '0:0:0:0:0:ffff:a00:1',
    '64:ff9b::a00:1',
    '2002:a00:1::',
    '2001:db8::1',
    'not an address',
  ])('refuse %s', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '172.15.255.255',
    '172.32.0.1',
    '100.63.255.255',
    '100.128.0.1',
    '169.253.255.255',
    '211.234.10.1',
    '2001:4860:4860::8888',
    '2404:6800:4004::200e',
    '::ffff:8.8.8.8',
  ])('allow %s', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });

  it.each([
    ['not a URL', 'field.webhookUrl'],
    ['/relative/path', 'field.webhookUrl'],
    ['http://example.com/hook', 'field.webhookUrlHttps'],
    ['ftp://example.com/hook', 'field.webhookUrlHttps'],
    ['javascript:alert(1)', 'field.webhookUrlHttps'],
    ['https://user:pass@example.com/hook', 'field.webhookUrlCredentials'],
    ['https://user@example.com/hook', 'field.webhookUrlCredentials'],
  ])('refuse the shape of %s', (url, problem) => {
    expect(urlShapeProblem(url, false).problem).toBe(problem);
  });

  it('take http only when private URLs are allowed', () => {
    expect(urlShapeProblem('http://127.0.0.1:8080/hook', true).problem).toBeNull();
    expect(urlShapeProblem('https://example.com/hook', false).problem).toBeNull();
  });

  it.each([
    'https://127.0.0.1/hook',
    'https://10.1.2.3/hook',
    'https://169.254.169.254/latest/meta-data',
    'https://[::1]/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://localhost/hook',
    'https://2130706433/hook',
    'https://0x7f.1/hook',
  ])('refuse %s as private', async (url) => {
    expect(await urlProblem(url, false)).toBe('field.webhookUrlPrivate');
  });

  it('take private addresses when allowed', async () => {
    expect(await urlProblem('http://127.0.0.1:9/hook', true)).toBeNull();
  });

  it('refuse a name that does not resolve', async () => {
    expect(await urlProblem('https://no-such-host.invalid/hook', false)).toBe(
      'field.webhookUrlUnresolvable',
    );
  });
});
