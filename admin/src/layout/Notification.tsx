import { type Theme, useMediaQuery } from '@mui/material';
import { DRAWER_WIDTH, Notification as RaNotification, useSidebarState } from 'react-admin';

const gap = 8;

/**
 * react-admin's notices (an outcome, the API's error, "The form is not valid") float by default at the window's
 * bottom centre, over whatever page content is there: a long form's last fields or toolbar. Here they sit at the
 * bottom of the menu column while the menu is docked open (its lower part is empty: the menu is short), wrapped to
 * its width, so they cover none of the page. With the menu closed or on a phone (where the form's toolbar is fixed
 * to the window's bottom) they show at the top centre instead.
 */
export function Notification() {
  const [menuOpen] = useSidebarState();
  const menuDocked = useMediaQuery<Theme>((theme) => theme.breakpoints.up('sm'));
  // One element whichever the place, so toggling the menu moves a notice that shows rather than dropping it.
  const inMenuColumn = menuOpen && menuDocked;
  return (
    <RaNotification
      anchorOrigin={
        inMenuColumn ? { vertical: 'bottom', horizontal: 'left' } : { vertical: 'top', horizontal: 'center' }
      }
      sx={
        inMenuColumn
          ? {
              // Breakpoint values, so they come after (and win over) MUI's own for this size.
              left: { sm: gap },
              bottom: { sm: gap },
              width: { sm: DRAWER_WIDTH - 2 * gap },
              '& .MuiSnackbarContent-root': { minWidth: { sm: 0 }, flexGrow: { sm: 1 } },
            }
          : undefined
      }
    />
  );
}
