import type { ReactNode } from 'react';
import { Layout as RaLayout } from 'react-admin';
import { AppBar } from './AppBar.tsx';
import { Menu } from './Menu.tsx';

export function Layout({ children }: { children: ReactNode }) {
  return (
    // The frame and content may not grow past the window (flex items default to their content's width): a
    // wide table scrolls inside its card, and the menu stays in view instead of being covered.
    <RaLayout
      appBar={AppBar}
      menu={Menu}
      sx={{
        // react-admin's root is `min-width: fit-content`, which lets one wide table widen the whole page.
        minWidth: 0,
        '& .RaLayout-appFrame, & .RaLayout-contentWithSidebar, & .RaLayout-content': { minWidth: 0 },
      }}
    >
      {children}
    </RaLayout>
  );
}
