import { NativeSelect } from "@/components/ui/select";
import { FormField } from "@/components/ui/form-field";

export function AppRoleSelect({ id, defaultValue = "member", error }: { id: string; defaultValue?: string; error?: string }) {
  return (
    <FormField id={id} label="Application role" error={error} description="Admins manage users; auditors can only read.">
      <NativeSelect name="appRole" defaultValue={defaultValue}>
        <option value="member">Member</option>
        <option value="admin">Admin</option>
        <option value="auditor">Auditor</option>
      </NativeSelect>
    </FormField>
  );
}
