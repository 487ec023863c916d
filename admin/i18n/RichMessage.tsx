import { Fragment, type ReactNode } from 'react';
import { useT, type MessageKey } from './useT.ts';

/** Stands for a placeholder while polyglot fills the others: no message holds it. */
const MARK = '\u0000';

/**
 * A message whose placeholders are elements, not text ("Next order: <strong>19 Dec</strong>"):
 * the sentence stays whole in the message files, in each language's order.
 */
export function RichMessage({ id, values }: { id: MessageKey; values: Record<string, ReactNode> }) {
  const t = useT();
  const marks = Object.fromEntries(Object.keys(values).map((name) => [name, `${MARK}${name}${MARK}`]));
  const parts = t(id, marks).split(MARK);
  // Split on the marks, every odd part is a placeholder's name.
  return <>{parts.map((part, i) => (i % 2 ? <Fragment key={i}>{values[part]}</Fragment> : part))}</>;
}
