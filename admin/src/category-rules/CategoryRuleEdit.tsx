import { Create, Edit } from 'react-admin';
import { CategoryRuleForm } from './CategoryRuleForm.tsx';

// Pessimistic: the API's answer (and its field problems) comes before the page moves on.
export function CategoryRuleCreate() {
  return (
    <Create title="New category rule" redirect="list">
      <CategoryRuleForm />
    </Create>
  );
}

export function CategoryRuleEdit() {
  return (
    <Edit title="Category rule" mutationMode="pessimistic" redirect="list">
      <CategoryRuleForm />
    </Edit>
  );
}
