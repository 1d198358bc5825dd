import { Checkbox } from "@/components/ui/checkbox";
import { Label } from "@/components/ui/label";

type Props = { idPrefix: string; roles: { key: string; name: string }[]; selected?: string[]; error?: string };

/** The sign-off roles as a group of real checkboxes submitted as signoffRoles[] (a list once decoded, app/_lib/form-action.ts). */
export function RoleCheckboxes({ idPrefix, roles, selected = [], error }: Props) {
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-1 text-sm font-medium">Sign-off roles</legend>
      <div className="grid gap-2 sm:grid-cols-2">
        {roles.map((role) => (
          <div key={role.key} className="flex items-center gap-2">
            <Checkbox id={`${idPrefix}-${role.key}`} name="signoffRoles[]" value={role.key} defaultChecked={selected.includes(role.key)} />
            <Label htmlFor={`${idPrefix}-${role.key}`} className="font-normal">
              {role.name}
            </Label>
          </div>
        ))}
      </div>
      {error ? (
        <p role="alert" className="text-sm font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}
