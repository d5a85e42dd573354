import { Edit, maxLength, required, SimpleForm, TextInput } from 'react-admin';
import { hexColour, logoUrl } from './lifecycle.ts';

/** Branding only: slug, realm and status are not edited here (status has its own confirmed actions). */
export function TenantEdit() {
  return (
    // Pessimistic: the API validates again, and its INVALID answer must be shown rather than undone later.
    <Edit mutationMode="pessimistic" redirect="show">
      <SimpleForm>
        <TextInput
          source="branding.displayName"
          label="Display name"
          validate={[required(), maxLength(80)]}
        />
        <TextInput source="branding.primaryColor" label="Primary colour" validate={[required(), hexColour]} />
        <TextInput source="branding.accentColor" label="Accent colour" validate={[required(), hexColour]} />
        <TextInput source="branding.logoUrl" label="Logo URL" validate={logoUrl} fullWidth />
      </SimpleForm>
    </Edit>
  );
}
