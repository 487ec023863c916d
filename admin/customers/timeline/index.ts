/** The customer page's History tab: the support timeline, notes and pending Connect links. */
export { TimelineTab } from './TimelineTab.tsx';
export { describeEntry, type Described } from './describe.ts';
