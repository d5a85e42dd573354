import { renderToStaticMarkup } from 'react-dom/server';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import type { StaffMemberNode } from '../data/index.ts';

// StaffName reads the data provider through react-admin; markup rendering never calls it (nothing fetches
// on the server), the tests seed react-query's cache instead, as a finished lookup leaves it.
vi.mock('react-admin', () => ({ useDataProvider: () => ({ staffMember: vi.fn() }) }));

const { StaffName, staffMemberKey } = await import('./StaffName.tsx');
const { shortSubject, staffNameOf } = await import('./staff-name.ts');

const adminSubject = '1d6a2c7e-3b1f-4c8a-9e2d-6f0b8a4c1a01';
const member = (changes: Partial<StaffMemberNode> = {}): StaffMemberNode => ({
  subject: adminSubject,
  displayName: 'Bank Admin',
  username: 'bank.admin',
  roles: ['bank-admin'],
  lastSeenAt: '2026-11-27T07:00:00.000Z',
  ...changes,
});

function render(element: React.ReactElement, known: StaffMemberNode[] = []) {
  const client = new QueryClient();
  for (const entry of known) client.setQueryData(staffMemberKey(entry.subject), entry);
  return renderToStaticMarkup(<QueryClientProvider client={client}>{element}</QueryClientProvider>);
}

describe('staffNameOf: how a subject is named', () => {
  it('`system` is the platform, whatever the directory says', () => {
    expect(staffNameOf('system', undefined, member({ subject: 'system' }))).toEqual({
      text: 'the platform',
      tooltip: null,
      known: 'platform',
    });
  });

  it('an actor of the platform realm is a platform operator (never looked up), the subject in the tooltip', () => {
    expect(staffNameOf(adminSubject, 'platform', member())).toEqual({
      text: 'a platform operator',
      tooltip: adminSubject,
      known: 'operator',
    });
  });

  it('a known staff member by display name, else username, with the subject in the tooltip', () => {
    expect(staffNameOf(adminSubject, 'demo-bank', member())).toEqual({
      text: 'Bank Admin',
      tooltip: adminSubject,
      known: 'staff',
    });
    expect(staffNameOf(adminSubject, undefined, member({ displayName: null })).text).toBe('bank.admin');
    expect(staffNameOf(adminSubject, undefined, member({ displayName: '  ' })).text).toBe('bank.admin');
  });

  it('unknown, not loaded yet, or a member without any name: the shortened subject', () => {
    for (const unknown of [null, undefined, member({ displayName: null, username: null })]) {
      expect(staffNameOf(adminSubject, undefined, unknown)).toEqual({
        text: `${adminSubject.slice(0, 8)}…${adminSubject.slice(-4)}`,
        tooltip: adminSubject,
        known: 'unknown',
      });
    }
    expect(shortSubject('short-id')).toBe('short-id');
    // Subjects issued together may share their start: the end tells them apart.
    expect(shortSubject('1d6a2c7e-3b1f-4c8a-9e2d-6f0b8a4c1a01')).toBe('1d6a2c7e…1a01');
    expect(shortSubject('1d6a2c7e-3b1f-4c8a-9e2d-6f0b8a4c1a02')).toBe('1d6a2c7e…1a02');
  });
});

describe('<StaffName> (markup rendered with react-dom/server)', () => {
  it('shows a known colleague by name, the subject as the native title until the tooltip opens', () => {
    const html = render(<StaffName subject={adminSubject} />, [member()]);
    expect(html).toContain('>Bank Admin</span>');
    expect(html).toContain(`title="${adminSubject}"`);
    expect(html).toContain('data-known="staff"');
  });

  it('shows an unknown subject shortened, and the platform and its operators by what they are', () => {
    expect(render(<StaffName subject={adminSubject} />)).toContain(
      `>${adminSubject.slice(0, 8)}…${adminSubject.slice(-4)}</span>`,
    );
    expect(render(<StaffName subject="anonymous" />)).toContain('>an anonymous caller</span>');
    expect(render(<StaffName subject="system" />)).toContain('>the platform</span>');
    expect(render(<StaffName subject={adminSubject} realm="platform" />, [member()])).toContain(
      '>a platform operator</span>',
    );
  });
});
