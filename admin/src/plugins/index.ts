import ExtensionIcon from '@mui/icons-material/Extension';
import type { ResourceProps } from 'react-admin';
import { PluginsPage } from './PluginsPage.tsx';

export const plugins: ResourceProps = {
  name: 'plugins',
  list: PluginsPage,
  icon: ExtensionIcon,
  options: { label: 'Plugins' },
};
