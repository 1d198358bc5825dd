import { CheckboxGroup } from "@/components/ui/checkbox-group";

type Props = { idPrefix: string; roles: { key: string; name: string }[]; selected?: string[]; error?: string };

/** The sign-off roles as a group of real checkboxes submitted as signoffRoles[] (a list once decoded, app/_lib/form-action.ts). */
export function RoleCheckboxes({ idPrefix, roles, selected = [], error }: Props) {
  return (
    <CheckboxGroup
      legend="Sign-off roles"
      name="signoffRoles[]"
      idPrefix={idPrefix}
      options={roles.map((role) => ({ value: role.key, label: role.name }))}
      isChecked={(key) => selected.includes(key)}
      error={error}
      columns={2}
    />
  );
}
