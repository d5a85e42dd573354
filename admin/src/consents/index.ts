import FactCheckIcon from '@mui/icons-material/FactCheck';
import type { ResourceProps } from 'react-admin';
import { ConsentList } from './ConsentList.tsx';

export const consents: ResourceProps = {
  name: 'consents',
  list: ConsentList,
  icon: FactCheckIcon,
  options: { label: 'Consents' },
};
