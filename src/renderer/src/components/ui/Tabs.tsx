/**
 * Tabs over React Aria's (roles, arrow keys, focus and `aria-controls` handled there), with the
 * console's look kept in the class names given. `Tabs` holds the selection; `TabList`, `Tab` and
 * `TabPanel` go inside it, in any layout.
 */
import type { ReactNode } from 'react';
import {
  Tab as AriaTab,
  TabList as AriaTabList,
  TabPanel as AriaTabPanel,
  Tabs as AriaTabs,
  type Key,
} from 'react-aria-components';

export function Tabs<K extends string>({
  selected,
  onSelect,
  children,
}: {
  selected: K;
  /** Called with one of the tabs' ids. */
  onSelect: (key: K) => void;
  children: ReactNode;
}) {
  return (
    // `display: contents`: the tabs take no box of their own, so the pane's layout stays as it was.
    <AriaTabs
      selectedKey={selected}
      onSelectionChange={(key: Key) => onSelect(String(key) as K)}
      style={{ display: 'contents' }}
    >
      {children}
    </AriaTabs>
  );
}

export function TabList({
  label,
  className,
  children,
}: {
  label: string;
  className: string;
  children: ReactNode;
}) {
  return (
    <AriaTabList aria-label={label} className={className}>
      {children}
    </AriaTabList>
  );
}

export function Tab({
  id,
  className,
  testId,
  children,
}: {
  id: string;
  className: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <AriaTab id={id} className={className} data-testid={testId}>
      {children}
    </AriaTab>
  );
}

export function TabPanel({
  id,
  className,
  children,
}: {
  id: string;
  className: string;
  children: ReactNode;
}) {
  return (
    <AriaTabPanel id={id} className={className}>
      {children}
    </AriaTabPanel>
  );
}
