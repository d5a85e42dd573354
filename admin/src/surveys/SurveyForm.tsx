// A survey draft's definition: title, questions (one or several choices, a rating, free text), the audience
// (customers with a live consent for a purpose, narrowed by feature thresholds) and an optional window.
// Choices and ratings may be linked to a product type: an answer then becomes a retraining label for the
// bank's recommendation models (a choice says interest or refusal; a rating of 4-5 interest, 1-2 refusal).
// The API checks it as a whole and answers per field; each problem shows under its input (data/surveys.ts).
import {
  ArrayInput,
  BooleanInput,
  Create,
  DateTimeInput,
  Edit,
  FormDataConsumer,
  NumberInput,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
} from 'react-admin';
import { Typography } from '@mui/material';
import type { SurveyQuestionKind } from '../data/index.ts';
import { kindChoices, productTypeChoices, purposeChoices, signalChoices } from './labels.ts';

const choiceKinds: readonly SurveyQuestionKind[] = ['SINGLE_CHOICE', 'MULTIPLE_CHOICE'];

function SurveyForm() {
  return (
    <SimpleForm
      defaultValues={{
        questions: [{ kind: 'SINGLE_CHOICE', required: true, choices: [{ label: '' }, { label: '' }] }],
        audience: { consentPurpose: 'ANALYTICS', featureThresholds: [] },
      }}
    >
      <TextInput source="title" helperText="1–120 characters, shown to customers." fullWidth />
      <Typography variant="subtitle1">Questions</Typography>
      <ArrayInput source="questions" label={false} helperText="1–20 questions, asked in this order.">
        {/* Wrapping rows (react-admin's inline rows do not wrap) of inputs as wide as their content (not react-admin's
            full width): a question's choices take a line of their own. */}
        <SimpleFormIterator
          inline
          disableReordering
          sx={{ '& .RaSimpleFormIterator-form': { flexWrap: 'wrap' } }}
        >
          <SelectInput fullWidth={false} source="kind" choices={kindChoices} label="Kind" />
          <TextInput
            fullWidth={false}
            source="text"
            label="Question"
            helperText="1–300 characters"
            sx={{ minWidth: 320 }}
          />
          <BooleanInput source="required" label="Required" />
          <FormDataConsumer<{ kind?: SurveyQuestionKind }>>
            {({ scopedFormData }) =>
              scopedFormData?.kind && choiceKinds.includes(scopedFormData.kind) ? (
                // A line of its own: each choice (label and product link) would not fit beside the question.
                <ArrayInput
                  source="choices"
                  label="Choices"
                  helperText="2–10 choices"
                  sx={{ flexBasis: '100%' }}
                >
                  <SimpleFormIterator inline disableReordering>
                    <TextInput
                      fullWidth={false}
                      source="label"
                      label="Choice"
                      helperText={false}
                      sx={{ minWidth: 220 }}
                    />
                    <SelectInput
                      fullWidth={false}
                      source="productType"
                      label="About product"
                      choices={productTypeChoices}
                      emptyText="No product"
                      helperText={false}
                      sx={{ minWidth: 180 }}
                    />
                    <SelectInput
                      fullWidth={false}
                      source="signal"
                      label="Choosing it says"
                      choices={signalChoices}
                      emptyText="—"
                      helperText={false}
                      sx={{ minWidth: 180 }}
                    />
                  </SimpleFormIterator>
                </ArrayInput>
              ) : scopedFormData?.kind === 'RATING' ? (
                <SelectInput
                  fullWidth={false}
                  source="productType"
                  label="Product rated"
                  choices={productTypeChoices}
                  emptyText="No product"
                  helperText="4–5 counts as interest, 1–2 as refusal"
                />
              ) : scopedFormData?.kind === 'FREE_TEXT' ? (
                <NumberInput
                  fullWidth={false}
                  source="maxLength"
                  label="Longest answer"
                  helperText="1–500 characters (280 if empty)"
                />
              ) : null
            }
          </FormDataConsumer>
        </SimpleFormIterator>
      </ArrayInput>
      <Typography variant="subtitle1" sx={{ mt: 1 }}>
        Audience
      </Typography>
      <SelectInput
        source="audience.consentPurpose"
        label="Customers who consented to"
        choices={purposeChoices}
        helperText="Only customers with a live consent for this purpose are asked."
      />
      <ArrayInput
        source="audience.featureThresholds"
        label="Narrowed by features"
        helperText="At most 5, e.g. income.monthly from 2000; each needs a minimum, a maximum or both."
      >
        <SimpleFormIterator inline disableReordering>
          <TextInput source="feature" label="Feature" helperText={false} />
          <NumberInput source="min" label="From" helperText={false} />
          <NumberInput source="max" label="To" helperText={false} />
        </SimpleFormIterator>
      </ArrayInput>
      <Typography variant="subtitle1" sx={{ mt: 1 }}>
        Window (optional)
      </Typography>
      <DateTimeInput source="opensAt" label="Opens" helperText="Empty: when published" />
      <DateTimeInput source="closesAt" label="Closes" helperText="Empty: until closed" />
    </SimpleForm>
  );
}

// Pessimistic: the API's answer (and its field problems) comes before the page moves on.
export function SurveyCreate() {
  return (
    <Create title="New survey" redirect="show">
      <SurveyForm />
    </Create>
  );
}

export function SurveyEdit() {
  return (
    <Edit title="Survey draft" mutationMode="pessimistic" redirect="show">
      <SurveyForm />
    </Edit>
  );
}
