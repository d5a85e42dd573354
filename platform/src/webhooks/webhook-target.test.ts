import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './webhook-dispatcher';
import { addressAllowed, addressKind, webhookUrlProblems } from './webhook-target';

describe('webhook addresses', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['10.1.2.3', 'internal'],
    ['172.16.0.1', 'internal'],
    ['172.31.255.255', 'internal'],
    ['192.168.1.1', 'internal'],
    ['169.254.169.254', 'internal'],
    ['100.64.0.1', 'internal'],
    ['0.0.0.0', 'internal'],
    ['224.0.0.1', 'internal'],
    ['::', 'internal'],
    ['fd00::1', 'internal'],
    ['fe80::1', 'internal'],
    ['::ffff:10.0.0.1', 'internal'],
    ['not-an-ip', 'internal'],
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['2606:4700:4700::1111', 'public'],
  ])('%s is %s', (address, kind) => {
    expect(addressKind(address)).toBe(kind);
  });

  it('loopback is reachable only when configured; internal never', () => {
    expect(addressAllowed('127.0.0.1', false)).toBe(false);
    expect(addressAllowed('127.0.0.1', true)).toBe(true);
    expect(addressAllowed('10.0.0.1', true)).toBe(false);
    expect(addressAllowed('8.8.8.8', false)).toBe(true);
  });
});

describe('webhook URLs', () => {
  const problem = (url: string, allowLoopback = false) => webhookUrlProblems(url, allowLoopback)[0]?.problem;

  it('accept https on a public name or address', () => {
    expect(webhookUrlProblems('https://hooks.bank.example/finpersona?x=1', false)).toEqual([]);
    expect(webhookUrlProblems('https://8.8.8.8:8443/hook', false)).toEqual([]);
  });

  it('refuse other schemes, credentials, fragments, plain http and bare names', () => {
    expect(problem('ftp://hooks.bank.example/')).toMatch(/must be an https:\/\/ URL/);
    expect(problem('not a url')).toMatch(/is not a URL/);
    expect(problem('https://user:pw@hooks.bank.example/')).toMatch(/user name or password/);
    expect(problem('https://hooks.bank.example/#x')).toMatch(/fragment/);
    expect(problem('http://hooks.bank.example/')).toMatch(/must use https/);
    expect(problem('https://intranet/')).toMatch(/fully qualified/);
    expect(problem(`https://hooks.bank.example/${'a'.repeat(2100)}`)).toMatch(/at most 2048/);
  });

  it('refuse private and link-local addresses always, loopback unless configured', () => {
    expect(problem('https://10.0.0.5/hook', true)).toMatch(/private, link-local or reserved/);
    expect(problem('https://169.254.169.254/latest/meta-data', true)).toMatch(/private/);
    expect(problem('https://[fd00::1]/hook', true)).toMatch(/private/);
    expect(problem('http://127.0.0.1:8080/hook')).toMatch(/loopback/);
    expect(problem('https://localhost/hook')).toMatch(/loopback/);
    expect(problem('http://[::1]:9/hook')).toMatch(/loopback/);
    expect(webhookUrlProblems('http://127.0.0.1:8080/hook', true)).toEqual([]);
    expect(webhookUrlProblems('http://localhost:8080/hook', true)).toEqual([]);
  });
});

describe('retry delays', () => {
  const config = { retryBaseMs: 1000, retryMaxMs: 60_000 };

  it('double per failure from the base, capped, drawn from [half, all]', () => {
    expect(retryDelayMs(1, config, () => 0)).toBe(500);
    expect(retryDelayMs(1, config, (max) => max - 1)).toBe(1000);
    expect(retryDelayMs(3, config, (max) => max - 1)).toBe(4000);
    expect(retryDelayMs(3, config, () => 0)).toBe(2000);
    expect(retryDelayMs(10, config, (max) => max - 1)).toBe(60_000);
    expect(retryDelayMs(99, config, () => 0)).toBe(30_000);
  });

  it('stay within the bounds with real randomness', () => {
    for (let attempt = 1; attempt <= 12; attempt += 1) {
      const ceiling = Math.min(60_000, 1000 * 2 ** (attempt - 1));
      const delay = retryDelayMs(attempt, config);
      expect(delay).toBeGreaterThanOrEqual(Math.floor(ceiling / 2));
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
  });
});
