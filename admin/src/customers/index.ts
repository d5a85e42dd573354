import PeopleIcon from '@mui/icons-material/People';
import type { ResourceProps } from 'react-admin';
import { CustomerList } from './CustomerList.tsx';

export const customers: ResourceProps = {
  name: 'customers',
  list: CustomerList,
  icon: PeopleIcon,
  options: { label: 'Customers' },
};
