import { Menu as RaMenu, usePermissions } from 'react-admin';
import { screensFor } from '../navigation.ts';

/** Menu entries only for the screens the signed-in roles may use (the role matrix, see navigation.ts). */
export function Menu() {
  const { permissions } = usePermissions<string[]>();
  return (
    <RaMenu>
      {screensFor(permissions).map((screen) => (
        <RaMenu.ResourceItem key={screen} name={screen} />
      ))}
    </RaMenu>
  );
}
