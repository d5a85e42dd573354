// The API's field problems a form has no field for (e.g. a whole-input problem, or a field the form does not
// show), as alerts above the form: the rest are shown under their fields.
import { Alert } from '@mui/material';

export function OtherProblems({
  problems,
  fields,
}: {
  problems: Record<string, string>;
  /** The fields the form shows its problems under. */
  fields: readonly string[];
}) {
  return (
    <>
      {Object.entries(problems)
        .filter(([field]) => !fields.includes(field))
        .map(([field, problem]) => (
          <Alert key={field} severity="error" sx={{ mt: 1 }}>
            {field} {problem}
          </Alert>
        ))}
    </>
  );
}
