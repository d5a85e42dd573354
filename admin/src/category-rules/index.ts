import RuleIcon from '@mui/icons-material/Rule';
import type { ResourceProps } from 'react-admin';
import { CategoryRuleCreate, CategoryRuleEdit } from './CategoryRuleEdit.tsx';
import { CategoryRuleList } from './CategoryRuleList.tsx';

export const categoryRules: ResourceProps = {
  name: 'category-rules',
  list: CategoryRuleList,
  create: CategoryRuleCreate,
  edit: CategoryRuleEdit,
  icon: RuleIcon,
  options: { label: 'Category rules' },
};
