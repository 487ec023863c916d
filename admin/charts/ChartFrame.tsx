import type { ReactNode } from 'react';
import { Box, Card, CardContent, Typography } from '@mui/material';
import { useFormat, useT } from '../i18n/index.ts';

export type ChartTable = { head: string[]; rows: (string | number)[][] };

/**
 * A chart card: heading, optional controls, the chart, and the same numbers as a table for screen
 * readers and for anyone who wants the figures (folded under a summary line).
 */
export function ChartFrame({
  id,
  title,
  actions,
  children,
  table,
}: {
  id: string;
  title: string;
  actions?: ReactNode;
  children: ReactNode;
  table: ChartTable;
}) {
  const t = useT();
  const format = useFormat();
  return (
    <Card component="figure" sx={{ m: 0 }} aria-labelledby={`${id}-title`}>
      <CardContent>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, flexWrap: 'wrap', mb: 1 }}>
          <Typography id={`${id}-title`} variant="subtitle1" component="h2">
            {title}
          </Typography>
          {actions}
        </Box>
        {children}
        <Box component="details" sx={{ fontSize: 14 }}>
          <summary>{t('charts.tableOf', { title })}</summary>
          <Box component="table" sx={{ borderCollapse: 'collapse', fontSize: 13, mt: 1, '& th, & td': { px: 1, py: 0.25 } }}>
            <Box component="caption" sx={{ textAlign: 'left', fontWeight: 500 }}>
              {title}
            </Box>
            <thead>
              <tr>
                {table.head.map((h, i) => (
                  <Box component="th" key={h} scope="col" sx={{ textAlign: i ? 'right' : 'left' }}>
                    {h}
                  </Box>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((r) => (
                <tr key={String(r[0])}>
                  {r.map((c, i) =>
                    i === 0 ? (
                      <Box component="th" key={i} scope="row" sx={{ textAlign: 'left', fontWeight: 400 }}>
                        {c}
                      </Box>
                    ) : (
                      <Box component="td" key={i} sx={{ textAlign: 'right' }}>
                        {typeof c === 'number' ? format.count(c) : c}
                      </Box>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </Box>
        </Box>
      </CardContent>
    </Card>
  );
}
