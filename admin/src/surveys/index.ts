import PollIcon from '@mui/icons-material/Poll';
import type { ResourceProps } from 'react-admin';
import { SurveyCreate, SurveyEdit } from './SurveyForm.tsx';
import { SurveyList } from './SurveyList.tsx';
import { SurveyShow } from './SurveyShow.tsx';

export const surveys: ResourceProps = {
  name: 'surveys',
  list: SurveyList,
  create: SurveyCreate,
  edit: SurveyEdit,
  show: SurveyShow,
  icon: PollIcon,
  options: { label: 'Surveys' },
};
