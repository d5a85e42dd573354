// The bank's categorisation rules (the API's categoryRules, by priority) and its categoriser. Bank
// administrators only (role matrix); anyone else reads "Not allowed" here.
import {
  BooleanField,
  CreateButton,
  DataTable,
  DateField,
  List,
  TopToolbar,
  useRecordContext,
} from 'react-admin';
import { Typography } from '@mui/material';
import type { CategoryRuleRecord } from '../data/index.ts';
import { ListEmpty, ListError, ListPagination, StaffName } from '../layout/index.ts';
import { CategoriserPanel } from './CategoriserPanel.tsx';
import { useCategories } from './CategoryRuleForm.tsx';
import { conditionsSummary } from './conditions.ts';

/** The rule's category by its name in the taxonomy ("Eating out"); its id while the taxonomy is not loaded. */
function RuleCategory() {
  const rule = useRecordContext<CategoryRuleRecord>();
  const categories = useCategories();
  if (!rule) return null;
  const label = categories.data?.find((category) => category.id === rule.category)?.label;
  return (
    <Typography variant="body2" data-testid="rule-category">
      {label ?? rule.category}
    </Typography>
  );
}

function Conditions() {
  const rule = useRecordContext<CategoryRuleRecord>();
  return rule ? (
    <Typography variant="body2" data-testid="rule-conditions">
      {conditionsSummary(rule.conditions)}
    </Typography>
  ) : null;
}

/** Who changed the rule last, under when (`updatedBy`, named by the staff directory). */
function ChangedBy() {
  const rule = useRecordContext<CategoryRuleRecord>();
  return rule ? (
    <Typography variant="caption" color="text.secondary" component="div">
      by <StaffName subject={rule.updatedBy} />
    </Typography>
  ) : null;
}

export function CategoryRuleList() {
  return (
    <List
      title="Category rules"
      actions={
        <TopToolbar>
          <CreateButton label="New rule" />
        </TopToolbar>
      }
      empty={
        <>
          <CategoriserPanel />
          <ListEmpty title="No category rules yet" testId="category-rules-empty">
            Your rules run before the MCC and the platform’s rules. <CreateButton label="New rule" />
          </ListEmpty>
        </>
      }
      error={<ListError what="Category rules" testId="category-rules-error" />}
      perPage={25}
      pagination={<ListPagination />}
      queryOptions={{ onError: () => undefined }}
      // The API lists rules by priority; it offers no other order.
      sort={{ field: 'priority', order: 'ASC' }}
      exporter={false}
    >
      <CategoriserPanel />
      <DataTable bulkActionButtons={false} rowClick="edit">
        <DataTable.Col source="priority" disableSort />
        <DataTable.Col source="name" disableSort />
        <DataTable.Col source="category" disableSort>
          <RuleCategory />
        </DataTable.Col>
        <DataTable.Col label="Conditions" disableSort>
          <Conditions />
        </DataTable.Col>
        <DataTable.Col source="enabled" disableSort field={BooleanField} />
        <DataTable.Col source="updatedAt" label="Changed" disableSort>
          <DateField source="updatedAt" showTime />
          <ChangedBy />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}
