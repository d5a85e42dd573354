import AccountBalanceIcon from '@mui/icons-material/AccountBalance';
import type { ResourceProps } from 'react-admin';
import { TenantEdit } from './TenantEdit.tsx';
import { TenantList } from './TenantList.tsx';
import { TenantShow } from './TenantShow.tsx';

/** Banks (tenants), for platform operators. */
export const tenants: ResourceProps = {
  name: 'tenants',
  list: TenantList,
  show: TenantShow,
  edit: TenantEdit,
  icon: AccountBalanceIcon,
  options: { label: 'Banks' },
  recordRepresentation: 'name',
};
