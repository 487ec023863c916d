import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Chip,
  Link,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { useQuery } from '@tanstack/react-query';
import { Loading, Title, useDataProvider } from 'react-admin';
import type { SubdeskDataProvider } from '../dataProvider.ts';
import { NO_VALUE } from '../../server/vocabulary/index.ts';
import { RichMessage, useT } from '../i18n/index.ts';

type Schema = Record<string, unknown>;
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema };
type Operation = {
  tags?: string[];
  'x-subdesk-access'?: string | string[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
};
type OpenApiDocument = { info: { title: string; description?: string }; tags?: { name: string }[]; paths: Record<string, Record<string, Operation>> };

const METHOD_COLOR: Record<string, 'success' | 'info' | 'warning' | 'error' | 'default'> = { get: 'success', post: 'info', put: 'warning', delete: 'error' };

function access(op: Operation) {
  const a = op['x-subdesk-access'];
  return Array.isArray(a) ? a.join(', ') : (a ?? NO_VALUE);
}

/** A JSON schema, compactly; the full one is in the document. */
function SchemaBlock({ schema, label }: { schema: Schema; label: string }) {
  return (
    <Box
      component="pre"
      aria-label={label}
      sx={{
        m: 0,
        p: 1,
        maxWidth: '100%',
        whiteSpace: 'pre-wrap',
        wordBreak: 'break-word',
        bgcolor: 'action.hover',
        borderRadius: 1,
        fontSize: 12,
        overflowX: 'auto',
        maxHeight: 320,
      }}
    >
      {JSON.stringify(schema, (k, v) => (k === '$schema' ? undefined : v), 2)}
    </Box>
  );
}

function OperationDetails({ method, path, op }: { method: string; path: string; op: Operation }) {
  const body = op.requestBody?.content?.['application/json']?.schema;
  const t = useT();
  const operation = `${method.toUpperCase()} ${path}`;
  return (
    <Accordion disableGutters variant="outlined">
      <AccordionSummary expandIcon={<ExpandMoreIcon />} aria-label={`${method.toUpperCase()} /api${path}`}>
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: 'wrap', alignItems: 'center' }}>
          <Chip size="small" label={method.toUpperCase()} color={METHOD_COLOR[method] ?? 'default'} sx={{ minWidth: 64 }} />
          <Typography component="code" sx={{ fontFamily: 'monospace' }}>
            /api{path}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {access(op)}
          </Typography>
        </Stack>
      </AccordionSummary>
      <AccordionDetails>
        <Stack spacing={2}>
          {op.parameters?.length ? (
            <Table size="small" aria-label={t('apiReference.parametersOf', { operation })}>
              <TableHead>
                <TableRow>
                  <TableCell>{t('apiReference.parameter')}</TableCell>
                  <TableCell>{t('apiReference.in')}</TableCell>
                  <TableCell>{t('apiReference.what')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {op.parameters.map((p) => (
                  <TableRow key={`${p.in}-${p.name}`}>
                    <TableCell>
                      {p.required ? <RichMessage id="apiReference.required" values={{ name: <code>{p.name}</code> }} /> : <code>{p.name}</code>}
                    </TableCell>
                    <TableCell>{p.in}</TableCell>
                    <TableCell>
                      {p.description ?? ''}
                      {p.schema?.contentSchema ? (
                        <SchemaBlock label={t('apiReference.schemaOf', { name: p.name })} schema={p.schema.contentSchema as Schema} />
                      ) : null}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ) : null}
          {body ? (
            <div>
              <Typography variant="subtitle2" component="h4">
                {t('apiReference.jsonBody')}
              </Typography>
              <SchemaBlock label={t('apiReference.bodyOf', { operation })} schema={body} />
            </div>
          ) : null}
          {!op.parameters?.length && !body ? <Typography variant="body2">{t('apiReference.noParameters')}</Typography> : null}
        </Stack>
      </AccordionDetails>
    </Accordion>
  );
}

/** The API reference for scripts: GET /api/openapi.json, generated from the routes, shown by resource. */
export function ApiReferencePage() {
  const dataProvider = useDataProvider<SubdeskDataProvider>();
  const { data: doc, error } = useQuery({ queryKey: ['openapi'], queryFn: () => dataProvider.get<OpenApiDocument>('openapi.json'), staleTime: Infinity });
  const t = useT();
  if (error) return <Typography color="error">{t('apiReference.unreadable', { message: (error as Error).message })}</Typography>;
  if (!doc) return <Loading />;
  const byTag = new Map<string, [string, string, Operation][]>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = op.tags?.[0] ?? 'api';
      byTag.set(tag, [...(byTag.get(tag) ?? []), [path, method, op]]);
    }
  }
  return (
    <Stack spacing={2} sx={{ mt: 2, mb: 4, minWidth: 0, maxWidth: 1100 }}>
      <Title title="apiReference.title" />
      <Typography variant="h5" component="h1">
        {doc.info.title}
      </Typography>
      <Typography variant="body2">{doc.info.description}</Typography>
      <Typography variant="body2">
        <RichMessage
          id="apiReference.machineReadable"
          values={{
            link: (
              <Link href="/api/openapi.json" target="_blank" rel="noopener">
                /api/openapi.json
              </Link>
            ),
          }}
        />
      </Typography>
      {[...byTag.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([tag, ops]) => (
          <section key={tag} aria-label={tag}>
            <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
              {tag}
            </Typography>
            {ops.map(([path, method, op]) => (
              <OperationDetails key={`${method} ${path}`} method={method} path={path} op={op} />
            ))}
          </section>
        ))}
    </Stack>
  );
}
