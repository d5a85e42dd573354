import BadgeIcon from '@mui/icons-material/Badge';
import type { ResourceProps } from 'react-admin';
import { StaffPage } from './StaffPage.tsx';

export const staff: ResourceProps = {
  name: 'staff',
  list: StaffPage,
  icon: BadgeIcon,
  options: { label: 'Staff' },
};
