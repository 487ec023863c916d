import { useEffect } from 'react';

export const SEARCH_INPUT_ID = 'customer-search';

function isTyping(target: EventTarget | null) {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable;
}

/**
 * Pressing `/` anywhere (outside a text field) focuses the customer search box, opening the
 * customers list first when another page is showing. Mounted once, outside the router: it only
 * changes the hash and waits for the box to appear.
 */
export function SearchShortcut() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return;
      // In a text field `/` is just a character, except in the empty search box itself (it is
      // focused on arrival, and agents press `/` out of habit): there it must not start the query.
      const target = e.target as HTMLInputElement | null;
      const emptySearchBox = target?.id === SEARCH_INPUT_ID && !target.value;
      if (isTyping(e.target) && !emptySearchBox) return;
      e.preventDefault();
      const focus = () => {
        const input = document.getElementById(SEARCH_INPUT_ID) as HTMLInputElement | null;
        if (input) {
          input.focus();
          input.select();
        }
        return Boolean(input);
      };
      if (focus()) return;
      window.location.hash = '#/customers';
      let tries = 0;
      const timer = setInterval(() => {
        if (focus() || ++tries > 40) clearInterval(timer);
      }, 50);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return null;
}
