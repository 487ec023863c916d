import { Alert, FormControl, FormControlLabel, FormLabel, Radio, RadioGroup, Stack, Typography } from '@mui/material';
import { useGetList } from 'react-admin';
import type { Allowances, Money } from '../customers/types.ts';
import { useFormat, useT } from '../i18n/index.ts';

export type CatalogueItem = {
  id: string;
  name: string;
  description?: string | null;
  price?: Money | null;
  allowances?: Allowances | null;
  validity?: { value?: number | null; unit?: string | null; type?: string | null } | null;
  coverage?: { name?: string | null; countries?: string[] } | null;
};

type Props = {
  /** `gigs-plans` or `gigs-addons` (read-only catalogue resources). */
  resource: 'gigs-plans' | 'gigs-addons';
  filter: Record<string, unknown>;
  label: string;
  value: string | null;
  onChange: (id: string) => void;
  /** Hide one item (the current plan). */
  exclude?: string;
  empty: string;
  /** A sentence under the label: what the list holds and in which order. */
  note?: string;
};

/** A labelled radio list of plans or add-ons: name, price, allowances in human units, validity. */
export function Chooser({ resource, filter, label, value, onChange, exclude, empty, note }: Props) {
  const { data, isPending, error } = useGetList<CatalogueItem>(resource, {
    filter,
    sort: { field: 'price', order: 'ASC' },
    pagination: { page: 1, perPage: 200 },
  });
  const t = useT();
  const format = useFormat();
  if (isPending) return <Typography>{t('gigsActions.loadingChoices', { what: label.toLowerCase() })}</Typography>;
  if (error) return <Alert severity="error">{(error as Error).message}</Alert>;
  const items = (data ?? []).filter((i) => i.id !== exclude);
  if (!items.length)
    return (
      <Alert severity="info" role="note">
        {empty}
      </Alert>
    );
  const labelId = `${resource}-chooser-label`;
  return (
    <FormControl>
      <FormLabel id={labelId}>{label}</FormLabel>
      {note && (
        <Typography variant="caption" color="text.secondary">
          {note}
        </Typography>
      )}
      <RadioGroup aria-labelledby={labelId} value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        {items.map((i) => (
          <FormControlLabel
            key={i.id}
            value={i.id}
            control={<Radio />}
            label={
              <Stack sx={{ py: 0.5 }}>
                <Typography variant="body1">
                  {i.name} · {format.money(i.price)}
                </Typography>
                <Typography variant="body2" color="text.secondary">
                  {[format.allowances(i.allowances).summary, format.validity(i.validity), i.coverage?.name].filter(Boolean).join(' · ')}
                </Typography>
              </Stack>
            }
          />
        ))}
      </RadioGroup>
    </FormControl>
  );
}
