// Fields for the API's enum values (shown by their label; an unknown value as the API names it) and ids.
import { TextField, useRecordContext } from 'react-admin';
import { Chip, type ChipProps } from '@mui/material';

interface EnumFieldProps {
  source: string;
  labels: Readonly<Record<string, string>>;
}

function useEnumValue(source: string): string | undefined {
  const record = useRecordContext<Record<string, unknown> & { id: string }>();
  const value = record?.[source];
  return typeof value === 'string' ? value : undefined;
}

export function EnumText({ source, labels }: EnumFieldProps) {
  const value = useEnumValue(source);
  return value === undefined ? null : <>{labels[value] ?? value}</>;
}

/** A coloured chip, e.g. for statuses; `testId` lets browser tests read the column. */
export function EnumChip({
  source,
  labels,
  colours,
  testId,
}: EnumFieldProps & { colours: Readonly<Record<string, ChipProps['color']>>; testId: string }) {
  const value = useEnumValue(source);
  if (value === undefined) return null;
  return (
    <Chip
      size="small"
      label={labels[value] ?? value}
      color={colours[value] ?? 'default'}
      data-testid={testId}
    />
  );
}

/** An opaque id (e.g. a customer's): monospace on one line, so ids line up and copy whole. */
export function OpaqueId({ source }: { source: string }) {
  return (
    <TextField source={source} sx={{ fontFamily: 'monospace', fontSize: '0.8rem', whiteSpace: 'nowrap' }} />
  );
}
