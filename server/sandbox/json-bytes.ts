import type { Context } from 'hono';

/**
 * A JSON answer already encoded as UTF-8: the server sends the buffer as it is, where a string
 * body would be measured for Content-Length and then encoded a second time on the way out.
 */
export const jsonBytes = (c: Context, body: Uint8Array<ArrayBuffer>) => c.body(body, 200, { 'content-type': 'application/json' });

/** `head` + `json` + `tail`, for an envelope around a part SQLite wrote. */
export const wrapJson = (head: string, json: Uint8Array, tail: string) => Buffer.concat([Buffer.from(head), json, Buffer.from(tail)]);

/** No bytes: an empty part of an envelope. */
export const NOTHING = new Uint8Array(0);
