export { DateTimeField } from './DateTimeField.tsx';
export { KEEP_WHAT_WAS_TYPED } from './keepWhatWasTyped.ts';
