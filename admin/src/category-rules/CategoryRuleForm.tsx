// The form of a bank's categorisation rule (simple conditions: all given must hold, any entry of a list may
// match). The API checks it and answers per field; react-admin shows each problem under its input.
import { BooleanInput, NumberInput, SelectInput, SimpleForm, TextInput, useDataProvider } from 'react-admin';
import { useFormState } from 'react-hook-form';
import { useQuery } from '@tanstack/react-query';
import { Alert, Box, Typography } from '@mui/material';
import type { FinPersonaDataProvider } from '../data/index.ts';

/** A list condition shown as comma-separated text (kept as text while typed; split when saved). */
const listFormat = (value: unknown) => (Array.isArray(value) ? value.join(', ') : ((value as string) ?? ''));

function ListInput({ source, label, helperText }: { source: string; label: string; helperText: string }) {
  return (
    <TextInput
      source={`conditions.${source}`}
      label={label}
      helperText={helperText}
      format={listFormat}
      parse={(value: string) => value}
    />
  );
}

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

export function CategoryRuleForm() {
  const dataProvider = useDataProvider<FinPersonaDataProvider>();
  const categories = useQuery({ queryKey: ['categories'], queryFn: () => dataProvider.categories() });
  const choices = (categories.data ?? []).map((category) => ({
    id: category.id,
    name: `${category.label} (${category.kind})`,
  }));
  return (
    <SimpleForm defaultValues={{ enabled: true, priority: 100, conditions: {} }}>
      <TextInput source="name" helperText="1–100 characters, for staff." />
      <NumberInput
        source="priority"
        helperText="Lower runs first (0–100000); the first matching rule wins."
      />
      <SelectInput
        source="category"
        choices={choices}
        isPending={categories.isPending}
        helperText="What a matching transaction is categorised as."
      />
      <BooleanInput source="enabled" />
      <Typography variant="subtitle1" sx={{ mt: 1 }}>
        Conditions
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        All that are given must hold; within a list any entry may match (text at word boundaries, case and
        accents ignored).
      </Typography>
      <ConditionsProblem />
      <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2 }}>
        <ListInput source="descriptionContains" label="Description contains" helperText="Comma-separated" />
        <ListInput source="counterpartyContains" label="Counterparty contains" helperText="Comma-separated" />
        <ListInput source="merchantContains" label="Merchant contains" helperText="Comma-separated" />
        <ListInput source="mcc" label="MCC" helperText="Four digits or a range, e.g. 5811-5814" />
        <ListInput source="sourceCodes" label="Source codes" helperText="The source's own codes" />
      </Box>
      <Box sx={{ display: 'flex', flexWrap: 'wrap', columnGap: 2 }}>
        <TextInput
          source="conditions.minAmountMinor"
          label="Minimum (minor units)"
          helperText="e.g. 1000 = 10.00"
        />
        <TextInput source="conditions.maxAmountMinor" label="Maximum (minor units)" helperText="Inclusive" />
        <TextInput
          source="conditions.currency"
          label="Currency"
          helperText="Needed with an amount, e.g. EUR"
        />
        <SelectInput
          source="conditions.direction"
          label="Direction"
          choices={[
            { id: 'debit', name: 'Money out (debit)' },
            { id: 'credit', name: 'Money in (credit)' },
          ]}
          emptyText="Either"
        />
      </Box>
    </SimpleForm>
  );
}
