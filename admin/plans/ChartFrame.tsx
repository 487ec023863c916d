import type { ReactNode } from 'react';
import { Box, Card, CardContent, Typography } from '@mui/material';

export type Series = { key: string; label: string; color: string };

/** A chart card: heading, legend, the SVG (role="img" with its summary), and the same numbers as a table. */
export function ChartFrame({ id, title, series, children, table }: { id: string; title: string; series: Series[]; children: ReactNode; table: { head: string[]; rows: (string | number)[][] } }) {
  return (
    <Card component="figure" sx={{ m: 0 }} aria-labelledby={`${id}-title`}>
      <CardContent>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap', mb: 1 }}>
          <Typography id={`${id}-title`} variant="subtitle1" component="h2">{title}</Typography>
          <Box sx={{ display: 'flex', gap: 1.5, flexWrap: 'wrap' }} aria-hidden>
            {series.map((s) => (
              <Box key={s.key} sx={{ display: 'flex', alignItems: 'center', gap: 0.5, fontSize: 12 }}>
                <Box sx={{ width: 10, height: 10, bgcolor: s.color }} />
                {s.label}
              </Box>
            ))}
          </Box>
        </Box>
        {children}
        <details>
          <summary>Show the numbers of “{title}” as a table</summary>
          <table style={{ borderCollapse: 'collapse', fontSize: 13, marginTop: 8 }}>
            <caption style={{ textAlign: 'left', fontWeight: 500 }}>{title}</caption>
            <thead>
              <tr>{table.head.map((h, i) => <th key={h} scope="col" style={{ textAlign: i ? 'right' : 'left', padding: '2px 8px' }}>{h}</th>)}</tr>
            </thead>
            <tbody>
              {table.rows.map((r) => (
                <tr key={String(r[0])}>
                  {r.map((c, i) => (i === 0
                    ? <th key={i} scope="row" style={{ textAlign: 'left', padding: '2px 8px', fontWeight: 400 }}>{c}</th>
                    : <td key={i} style={{ textAlign: 'right', padding: '2px 8px' }}>{typeof c === 'number' ? c.toLocaleString('en-US') : c}</td>))}
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </CardContent>
    </Card>
  );
}
