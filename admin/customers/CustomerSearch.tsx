import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';

/** The app bar's search box, and the results list the arrow keys move into. */
export const SEARCH_INPUT_ID = 'customer-search';
export const SEARCH_RESULTS_ID = 'customer-results';

const RESULTS_PATH = '/customers';

/** How long typing may pause before the box asks the server. */
const SETTLE_MS = 250;

/**
 * Why the answer to `query` may open a customer: the agent typed it (an exact id or e-mail opens
 * that customer) or pressed Enter (the only result opens). Tied to one query: an answer to
 * anything else, e.g. the previous search still on screen while the next one loads, opens nothing.
 */
export type SearchIntent = { query: string; by: 'typing' | 'enter' };

type CustomerSearchValue = {
  /** What is in the box now. */
  text: string;
  /** What the results answer: the text once typing paused, trimmed. */
  query: string;
  intent: SearchIntent | null;
  type(text: string): void;
  /** Enter: ask now, and open the only result. */
  submit(): void;
  /** The answer to the intent's query arrived (and was acted on): nothing more to open for it. */
  settle(): void;
};

const CustomerSearchContext = createContext<CustomerSearchValue | null>(null);

export function useCustomerSearch(): CustomerSearchValue {
  const value = useContext(CustomerSearchContext);
  if (!value) throw new Error('useCustomerSearch needs a CustomerSearchProvider (admin/layout/SubdeskLayout.tsx).');
  return value;
}

/**
 * The one customer search of the app: the box in the app bar writes it, the customers list shows
 * its results. It lives in the layout, so it keeps the agent's query from page to page; a query
 * asked from another page brings the agent to the results.
 */
export function CustomerSearchProvider({ children }: { children: ReactNode }) {
  const [text, setText] = useState('');
  const [query, setQuery] = useState('');
  const [intent, setIntent] = useState<SearchIntent | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const navigate = useNavigate();
  const { pathname } = useLocation();
  // Read when typing settles, which may be after the agent moved on (clicked a result meanwhile).
  const currentPath = useRef(pathname);
  useEffect(() => {
    currentPath.current = pathname;
  }, [pathname]);
  const typedOn = useRef(pathname);

  const ask = useCallback(
    (next: string, by: SearchIntent['by']) => {
      clearTimeout(timer.current);
      // The results come to the agent, unless they went elsewhere since they typed (e.g. opened a
      // result of the previous query): then nothing moves and nothing opens by itself.
      const stayed = by === 'enter' || currentPath.current === typedOn.current;
      setQuery(next);
      setIntent(next && stayed ? { query: next, by } : null);
      if (next && stayed && currentPath.current !== RESULTS_PATH) navigate(RESULTS_PATH);
    },
    [navigate],
  );

  const type = useCallback(
    (next: string) => {
      setText(next);
      // The previous intent is void the moment the text changes, before any answer can act on it.
      setIntent(null);
      typedOn.current = currentPath.current;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => ask(next.trim(), 'typing'), SETTLE_MS);
    },
    [ask],
  );

  const submit = useCallback(() => ask(text.trim(), 'enter'), [ask, text]);
  const settle = useCallback(() => setIntent(null), []);
  useEffect(() => () => clearTimeout(timer.current), []);

  const value = useMemo(() => ({ text, query, intent, type, submit, settle }), [text, query, intent, type, submit, settle]);
  return <CustomerSearchContext.Provider value={value}>{children}</CustomerSearchContext.Provider>;
}

/** The result links, in order: what the arrow keys move through. */
export function resultLinks(): HTMLAnchorElement[] {
  return Array.from(document.querySelectorAll<HTMLAnchorElement>(`#${SEARCH_RESULTS_ID} a[href]`));
}

export function focusSearchBox() {
  const input = document.getElementById(SEARCH_INPUT_ID) as HTMLInputElement | null;
  input?.focus();
  input?.select();
}
