import ModelTrainingIcon from '@mui/icons-material/ModelTraining';
import type { ResourceProps } from 'react-admin';
import { ModelsPage } from './ModelsPage.tsx';

export const models: ResourceProps = {
  name: 'models',
  list: ModelsPage,
  icon: ModelTrainingIcon,
  options: { label: 'Models' },
};
