import LightbulbIcon from '@mui/icons-material/Lightbulb';
import type { ResourceProps } from 'react-admin';
import { InsightsPage } from './InsightsPage.tsx';

export const insights: ResourceProps = {
  name: 'insights',
  list: InsightsPage,
  icon: LightbulbIcon,
  options: { label: 'Insights' },
};
