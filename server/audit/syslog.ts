import { createSocket, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { hostname } from 'node:os';

/** Where AUDIT_WITNESS_SYSLOG sends the witness: a syslog collector on another host, over UDP. */
export type SyslogTarget = { host: string; port: number };

/** RFC 5424 PRI: facility 13 ("log audit") × 8 + severity 6 ("informational"). */
const PRI = 13 * 8 + 6;
const APP_NAME = 'subdesk';

/** RFC 5424 fields are printable US-ASCII without spaces; NILVALUE when there is nothing left. */
const field = (value: string, max: number) => value.replace(/[^\x21-\x7e]/g, '').slice(0, max) || '-';

/**
 * One RFC 5424 message: `<110>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - MSG`, no structured
 * data, the witness record as the JSON message (ASCII, so no BOM).
 */
export function syslogMessage(msgId: string, message: string, now: Date, host = hostname(), pid = process.pid): string {
  return `<${PRI}>1 ${now.toISOString()} ${field(host, 255)} ${APP_NAME} ${pid} ${field(msgId, 32)} - ${message}`;
}

/** `udp://host:port` (port 514 when left out; IPv6 in brackets) → the target; null when not that form. */
export function parseSyslogUrl(raw: string): SyslogTarget | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'udp:' || !url.hostname || url.pathname.replace(/^\/$/, '') || url.search || url.username) return null;
  return { host: url.hostname.replace(/^\[(.*)\]$/, '$1'), port: url.port ? Number(url.port) : 514 };
}

/**
 * Sends each message as one datagram, fire and forget (UDP: the collector's own record is the
 * point, subdesk cannot wait on it). `close()` waits for sends still under way, so the head
 * written at shutdown leaves before the process does.
 */
export class SyslogSender {
  private readonly socket: Socket;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    readonly target: SyslogTarget,
    private readonly onError: (err: Error) => void,
  ) {
    this.socket = createSocket(isIPv6(target.host) ? 'udp6' : 'udp4');
    this.socket.on('error', onError);
    this.socket.unref();
  }

  send(message: string) {
    const sent = new Promise<void>((resolve) => {
      this.socket.send(message, this.target.port, this.target.host, (err) => {
        if (err) this.onError(err);
        resolve();
      });
    });
    this.inFlight.add(sent);
    void sent.then(() => this.inFlight.delete(sent));
  }

  async close() {
    await Promise.all(this.inFlight);
    this.socket.close();
  }
}
