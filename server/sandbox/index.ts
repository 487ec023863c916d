import { Hono } from 'hono';

export type SandboxOptions = {
  /** The sandbox's own SQLite file (not subdesk's database). */
  dbPath: string;
  /** How many customers to seed when the sandbox database is empty. */
  customers: number;
  /** Public base URL of the server the sandbox is mounted on, for hosted Connect page links. */
  publicUrl: string;
  clock?: () => Date;
};

export type Sandbox = {
  gigs: Hono;
  centra: Hono;
  credentials: { gigsProject: string; gigsApiKey: string; centraApiKey: string };
  close(): void;
};

/** The embedded emulators of Gigs and Centra. (Filled in by the sandbox work.) */
export function createSandbox(_opts: SandboxOptions): Sandbox {
  throw new Error('sandbox not built yet');
}
