import type { ReactNode } from 'react';
import { Layout as RaLayout } from 'react-admin';
import { ApiUnreachableGate } from './ApiUnreachable.tsx';
import { AppBar } from './AppBar.tsx';
import { Menu } from './Menu.tsx';

/**
 * react-admin's "Skip to content" link is `position: fixed` at `top: -80px` while unfocused: out of the window
 * only while the page is not scrolled, so a full-page capture of a scrolled page (and any window taller than
 * its offset) draws it mid-page, in the theme's page colour with white text — an empty white box. Visually
 * hidden (the usual clip pattern, still in the tab order for keyboards and screen readers) until it has focus;
 * focused, it sits at the window's top left in the primary colour, readable.
 */
const skipLink = {
  '& .skip-nav-button:not(:focus)': {
    top: 0,
    width: '1px',
    height: '1px',
    minWidth: 0,
    padding: 0,
    margin: '-1px',
    overflow: 'hidden',
    clipPath: 'inset(50%)',
    whiteSpace: 'nowrap',
    border: 0,
  },
  '& .skip-nav-button:focus': {
    backgroundColor: 'primary.main',
    color: 'primary.contrastText',
    outline: '3px solid',
    outlineColor: 'primary.dark',
    outlineOffset: '2px',
  },
} as const;

export function Layout({ children }: { children: ReactNode }) {
  return (
    // Without the roles (the API out of reach) there is no menu or screen to show: the gate says so instead.
    <ApiUnreachableGate>
      {/* The frame and content may not grow past the window (flex items default to their content's width): a
          wide table scrolls inside its card, and the menu stays in view instead of being covered. */}
      <RaLayout
        appBar={AppBar}
        menu={Menu}
        sx={{
          // react-admin's root is `min-width: fit-content`, which lets one wide table widen the whole page.
          minWidth: 0,
          '& .RaLayout-appFrame, & .RaLayout-contentWithSidebar, & .RaLayout-content': { minWidth: 0 },
          // A list's table likewise: react-admin's list column grows to the table's width and its card lets the
          // table spill out, so a table wider than the window (ids, dates on a phone) widened the page.
          '& .RaList-main': { minWidth: 0 },
          '& .RaDataTable-tableWrapper': { overflowX: 'auto' },
          // A list the API refuses shows only the refusal (QueryError's `data-refused`): no filters or "New …".
          '& .RaList-main:has([data-refused]) > .RaList-actions': { display: 'none' },
          ...skipLink,
        }}
      >
        {children}
      </RaLayout>
    </ApiUnreachableGate>
  );
}
