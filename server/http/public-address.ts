import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.ts';
import type { Logger } from '../logger.ts';

/** Hosts only this machine can reach. */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1', '0.0.0.0']);
/** Enough to say "staff use another address"; a bounded set whatever Host headers arrive. */
const MAX_REMEMBERED = 10;

export type PublicAddressReport = {
  /** PUBLIC_URL: what every customer-facing link and QR code is built from. */
  url: string;
  /** PUBLIC_URL names this machine: a customer's phone cannot open what is built from it. */
  localOnly: boolean;
  /** Other addresses signed-in staff reached subdesk at since the start (origins). */
  otherAddresses: string[];
};

/**
 * PUBLIC_URL against the addresses staff really use. Customer-facing links (the sandbox's Connect
 * pages, the page customers return to) are built from PUBLIC_URL only, never from a request's
 * Host header: a forged or internal Host must not end up in a link handed to a customer. So when
 * staff reach subdesk at another address (127.0.0.1 while PUBLIC_URL says localhost), or PUBLIC_URL
 * is one no phone can reach, subdesk says so: at start, in the log, and on the Status page.
 */
export class PublicAddress {
  private readonly origin: string;
  private readonly localOnly: boolean;
  private readonly others = new Set<string>();

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {
    const parsed = new URL(url);
    this.origin = parsed.origin;
    this.localOnly = LOCAL_HOSTS.has(parsed.hostname);
  }

  /** A signed-in staff member's request arrived at `origin`. */
  noteStaffOrigin(origin: string) {
    if (origin === this.origin || this.others.has(origin) || this.others.size >= MAX_REMEMBERED) return;
    this.others.add(origin);
    this.logger.warn('staff reach subdesk at an address other than PUBLIC_URL; customer-facing links use PUBLIC_URL', { address: origin, publicUrl: this.url });
  }

  report(): PublicAddressReport {
    return { url: this.url, localOnly: this.localOnly, otherAddresses: [...this.others] };
  }

  /** Lines for the start-up banner. */
  startupWarnings(): string[] {
    if (!this.localOnly) return [];
    return [
      `  PUBLIC_URL is ${this.url}: only this machine can open it, so a customer's phone cannot follow the Connect links and QR codes built from it. Set PUBLIC_URL to the address customers reach subdesk at.`,
    ];
  }
}

/** Notes the address of every signed-in staff request (after loadPrincipal). */
export function noteStaffAddress(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.get('principal')) c.get('deps').publicAddress.noteStaffOrigin(new URL(c.req.url).origin);
    await next();
  };
}
