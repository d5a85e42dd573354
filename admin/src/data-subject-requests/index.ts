import PrivacyTipIcon from '@mui/icons-material/PrivacyTip';
import type { ResourceProps } from 'react-admin';
import { DataSubjectRequestList } from './DataSubjectRequestList.tsx';

export const dataSubjectRequests: ResourceProps = {
  name: 'data-subject-requests',
  list: DataSubjectRequestList,
  icon: PrivacyTipIcon,
  options: { label: 'Data-subject requests' },
};
