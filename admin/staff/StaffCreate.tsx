import { useState } from 'react';
import { Create, email, required, SelectInput, SimpleForm, TextInput } from 'react-admin';
import { useNavigate } from 'react-router-dom';
import { ROLE_CHOICES } from './roles.ts';
import { OneTimePasswordDialog } from './OneTimePasswordDialog.tsx';

/** New member: e-mail and role. The answer's one-time password is shown once, then forgotten. */
export function StaffCreate() {
  const navigate = useNavigate();
  const [created, setCreated] = useState<{ email: string; oneTimePassword: string } | null>(null);
  return (
    <>
      <Create
        title="staff.newTitle"
        redirect={false}
        mutationOptions={{ onSuccess: (data) => setCreated({ email: String(data.email), oneTimePassword: String(data.oneTimePassword) }) }}
      >
        <SimpleForm>
          <TextInput source="email" label="staff.email" type="email" validate={[required(), email()]} fullWidth />
          <SelectInput source="role" label="staff.role" choices={ROLE_CHOICES} validate={required()} fullWidth />
        </SimpleForm>
      </Create>
      <OneTimePasswordDialog
        email={created?.email ?? ''}
        password={created?.oneTimePassword ?? null}
        onClose={() => {
          setCreated(null);
          navigate('/staff');
        }}
      />
    </>
  );
}
