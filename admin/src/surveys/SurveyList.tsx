// Every version of the bank's surveys (the API's bankSurveys, newest first) and, above them, the minimum
// audience below which results are hidden. Bank staff read; bank administrators create drafts (role matrix).
import {
  CreateButton,
  DataTable,
  DateField,
  List,
  TopToolbar,
  usePermissions,
  useRecordContext,
} from 'react-admin';
import { Chip } from '@mui/material';
import type { SurveyRecord } from '../data/index.ts';
import { ListEmpty, ListError, ListPagination } from '../layout/index.ts';
import { purposeChoices, statusColours, statusLabels } from './labels.ts';
import { SurveySettingsPanel } from './SurveySettingsPanel.tsx';

function Status() {
  const survey = useRecordContext<SurveyRecord>();
  return survey ? (
    <Chip
      size="small"
      label={statusLabels[survey.status] ?? survey.status}
      color={statusColours[survey.status] ?? 'default'}
      data-testid="survey-status"
    />
  ) : null;
}

function Audience() {
  const survey = useRecordContext<SurveyRecord>();
  if (!survey) return null;
  const purpose = survey.audience.consentPurpose;
  const thresholds = survey.audience.featureThresholds.length;
  return (
    <>
      {purposeChoices.find((choice) => choice.id === purpose)?.name ?? purpose}
      {thresholds > 0 ? `, ${thresholds} feature bound${thresholds === 1 ? '' : 's'}` : ''}
    </>
  );
}

function Questions() {
  const survey = useRecordContext<SurveyRecord>();
  return survey ? <>{survey.questions.length}</> : null;
}

export function SurveyList() {
  const { permissions } = usePermissions<string[]>();
  const canCreate = permissions?.includes('bank-admin') ?? false;
  const create = canCreate ? <CreateButton label="New survey" /> : null;
  return (
    <List
      title="Surveys"
      actions={<TopToolbar>{create}</TopToolbar>}
      empty={
        <>
          <SurveySettingsPanel />
          <ListEmpty title="No surveys yet" testId="surveys-empty">
            A survey asks the customers of an audience a few questions in the app; its results show here as
            counts and averages only. {create}
          </ListEmpty>
        </>
      }
      error={<ListError what="Surveys" testId="surveys-error" />}
      perPage={25}
      pagination={<ListPagination />}
      queryOptions={{ onError: () => undefined }}
      exporter={false}
    >
      <SurveySettingsPanel />
      <DataTable bulkActionButtons={false} rowClick="show">
        <DataTable.Col source="title" disableSort />
        <DataTable.Col source="version" disableSort />
        <DataTable.Col label="Status" disableSort>
          <Status />
        </DataTable.Col>
        <DataTable.Col label="Questions" disableSort>
          <Questions />
        </DataTable.Col>
        <DataTable.Col label="Audience (consent)" disableSort>
          <Audience />
        </DataTable.Col>
        <DataTable.Col source="publishedAt" label="Published" disableSort>
          <DateField source="publishedAt" showTime emptyText="—" />
        </DataTable.Col>
        <DataTable.Col source="closedAt" label="Closed" disableSort>
          <DateField source="closedAt" showTime emptyText="—" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
}
