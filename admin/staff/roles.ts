/** The choices for role inputs, with what each role is for (shown to the admin choosing). */
export const ROLE_CHOICES = [
  { id: 'support', name: 'Support: customers, subscriptions, Connect links' },
  { id: 'merchandiser', name: 'Merchandiser: plans and products (no personal data)' },
  { id: 'auditor', name: 'Auditor: reads and exports the audit log' },
  { id: 'admin', name: 'Admin: everything, plus staff accounts' },
];

export const ROLE_FILTER_CHOICES = ROLE_CHOICES.map((c) => ({ id: c.id, name: c.id }));

export type StaffRecord = {
  id: number;
  email: string;
  role: string;
  disabled: boolean;
  mustChangePassword: boolean;
  lastSeenAt: string | null;
  activeSessions: number;
  createdAt: string;
  updatedAt: string;
};
