// The form of a bank's categorisation rule: its own conditions (all given must hold, any entry of a list may
// match) and an and/or group nested to the API's 3 levels (ConditionEditor.tsx). The API checks it and
// answers per field by path; each problem shows at its node.
import {
  BooleanInput,
  NumberInput,
  required,
  SelectInput,
  SimpleForm,
  TextInput,
  useDataProvider,
} from 'react-admin';
import { ConditionFields, ConditionGroup } from './ConditionEditor.tsx';
import { useFormState } from 'react-hook-form';
import { useQuery } from '@tanstack/react-query';
import { Alert, Typography } from '@mui/material';
import type { FinPersonaDataProvider } from '../data/index.ts';
import { QueryError } from '../layout/index.ts';

/** The API's problem with the conditions as a whole (e.g. none given). */
function ConditionsProblem() {
  const { errors } = useFormState();
  const problem = (errors.conditions as { message?: string } | undefined)?.message;
  return problem ? (
    <Alert severity="error" data-testid="conditions-problem">
      Conditions {problem}
    </Alert>
  ) : null;
}

/** The bank's category taxonomy (one query, cached, shared by the rule form and the rules list). */
export function useCategories() {
  const dataProvider = useDataProvider<FinPersonaDataProvider>();
  return useQuery({ queryKey: ['categories'], queryFn: () => dataProvider.categories() });
}

/** The API's category kinds (CategoryKind) as staff read them beside a category's name. */
const kindLabels: Readonly<Record<string, string>> = {
  INCOME: 'income',
  SPENDING: 'spending',
  TRANSFER: 'transfer',
  CASH: 'cash',
};

export function CategoryRuleForm() {
  const categories = useCategories();
  const choices = (categories.data ?? []).map((category) => ({
    id: category.id,
    name: `${category.label} (${kindLabels[category.kind] ?? category.kind})`,
  }));
  return (
    <SimpleForm defaultValues={{ enabled: true, priority: 100, conditions: {} }}>
      {/* Required here: left empty, they would reach the API as nulls it cannot read at all (not a field problem). */}
      <TextInput source="name" validate={required()} helperText="1–100 characters, for staff." />
      <NumberInput
        source="priority"
        validate={required()}
        helperText="Lower runs first (0–100000); the first matching rule wins."
      />
      <SelectInput
        source="category"
        validate={required()}
        choices={choices}
        isPending={categories.isPending}
        helperText="What a matching transaction is categorised as."
      />
      {/* Without the taxonomy the select has nothing to offer: say why, with a way to load it again. */}
      {categories.isError && (
        <QueryError
          error={categories.error}
          what="The categories"
          testId="rule-categories-error"
          onRetry={() => void categories.refetch()}
        />
      )}
      <BooleanInput source="enabled" />
      <Typography variant="subtitle1" sx={{ mt: 1 }}>
        Conditions
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        All that are given must hold; within a list any entry may match (text at word boundaries, case and
        accents ignored). A group adds “all of” or “any of” further conditions, nested up to 3 levels.
      </Typography>
      <ConditionsProblem />
      <ConditionFields path="conditions" />
      <ConditionGroup path="conditions" depth={1} />
    </SimpleForm>
  );
}
