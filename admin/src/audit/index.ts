import ReceiptLongIcon from '@mui/icons-material/ReceiptLong';
import type { ResourceProps } from 'react-admin';
import { AuditTrailPage } from './AuditTrailPage.tsx';

export const auditTrail: ResourceProps = {
  name: 'audit-trail',
  list: AuditTrailPage,
  icon: ReceiptLongIcon,
  options: { label: 'Audit trail' },
};
