import GavelIcon from '@mui/icons-material/Gavel';
import type { ResourceProps } from 'react-admin';
import { ReviewList } from './ReviewList.tsx';

export const recommendationReviews: ResourceProps = {
  name: 'recommendation-reviews',
  list: ReviewList,
  icon: GavelIcon,
  options: { label: 'Recommendation reviews' },
};
