import { maskUrl, refusedAddressReason, refusedUrlReason } from './outbound-address';

describe('refusedAddressReason', () => {
  it('refuses link-local and metadata addresses whatever the setting', () => {
    for (const address of [
      '169.254.169.254',
      '169.254.1.1',
      'fe80::1',
      'fd00:ec2::254',
      '100.100.100.200',
      '0.0.0.0',
      '::ffff:169.254.169.254',
    ]) {
      expect(refusedAddressReason(address, true)).toMatch(/link-local|metadata/);
    }
  });

  it('refuses loopback unless allowed', () => {
    for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
      expect(refusedAddressReason(address, false)).toMatch(/loopback/);
      expect(refusedAddressReason(address, true)).toBeNull();
    }
  });

  it('allows ordinary addresses', () => {
    for (const address of ['93.184.216.34', '10.0.0.5', '2606:4700::1111', '169.255.0.1'])
      expect(refusedAddressReason(address, false)).toBeNull();
  });
});

describe('refusedUrlReason', () => {
  it('allows http(s) only, without credentials', () => {
    expect(refusedUrlReason('https://hooks.example.com/a')).toBeNull();
    expect(refusedUrlReason('http://example.com:8080/')).toBeNull();
    expect(refusedUrlReason('file:///etc/passwd')).toMatch(/scheme file:/);
    expect(refusedUrlReason('gopher://example.com')).toMatch(/scheme/);
    expect(refusedUrlReason('https://user:pw@example.com')).toMatch(/user name/);
    expect(refusedUrlReason('not a url')).toMatch(/absolute/);
  });
});

describe('maskUrl', () => {
  it('hides tokens in paths and query strings', () => {
    expect(maskUrl('https://hooks.slack.com/services/T000/B000/XXXX', true)).toBe('https://hooks.slack.com/…');
    expect(maskUrl('https://example.com/hook?token=abc', false)).toBe('https://example.com/hook?…');
    expect(maskUrl('http://127.0.0.1:9000/hook', false)).toBe('http://127.0.0.1:9000/hook');
  });
});
