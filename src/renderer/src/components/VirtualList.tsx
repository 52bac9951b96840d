import styles from './VirtualList.module.css';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type Key, type ReactNode } from 'react';

export interface VirtualListProps<T> {
  items: readonly T[];
  getKey: (item: T, index: number) => Key;
  /** The content of one row; VirtualList wraps it in the <li>. */
  renderItem: (item: T, index: number) => ReactNode;
  /** A first guess of a row's height in px; rows are measured once rendered. */
  estimateSize?: number;
  /** Rows rendered beyond each edge of the view, so fast scrolling shows no gaps. */
  overscan?: number;
  /** The row to keep in view (the selection, moved by j / k); -1 or undefined for none. */
  activeIndex?: number | undefined;
  /** On the scrolling container, which must get a bounded height from its parent. */
  className?: string;
  /** On the <ul>. */
  listClassName?: string;
  /** On each <li> (gutters go here: the rows are positioned absolutely). */
  itemClassName?: string;
  /** Called when the rows near the end come into view (load the next page); may repeat. */
  onNearEnd?: () => void;
  'aria-label'?: string;
  'data-testid'?: string;
}

/**
 * A list that renders only the rows in view (plus a margin), so 50,000 conversations scroll like
 * 50. Rows may differ in height: each is measured after it renders. Screen readers still hear the
 * list's true size through aria-setsize / aria-posinset.
 */
export function VirtualList<T>({
  items,
  getKey,
  renderItem,
  estimateSize = 60,
  overscan = 8,
  activeIndex,
  className,
  listClassName,
  itemClassName,
  onNearEnd,
  ...aria
}: VirtualListProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  // The virtualizer hands out fresh measurements on every render; nothing here is memoized on it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => estimateSize,
    overscan,
    getItemKey: (index) => getKey(items[index]!, index),
  });

  useEffect(() => {
    if (activeIndex !== undefined && activeIndex >= 0 && activeIndex < items.length) {
      virtualizer.scrollToIndex(activeIndex, { align: 'auto' });
    }
  }, [activeIndex, items.length, virtualizer]);

  const rows = virtualizer.getVirtualItems();
  const lastShown = rows.at(-1)?.index ?? -1;
  const nearEnd = items.length > 0 && lastShown >= items.length - 1 - overscan;
  useEffect(() => {
    if (nearEnd) onNearEnd?.();
  }, [nearEnd, items.length, onNearEnd]);

  return (
    <div
      ref={scroller}
      className={className ? `${styles.virtualList} ${className}` : styles.virtualList}
      data-testid={aria['data-testid']}
    >
      <ul
        className={listClassName}
        aria-label={aria['aria-label']}
        style={{ height: virtualizer.getTotalSize(), position: 'relative' }}
      >
        {rows.map((row) => (
          <li
            key={row.key}
            ref={virtualizer.measureElement}
            data-index={row.index}
            className={itemClassName}
            aria-setsize={items.length}
            aria-posinset={row.index + 1}
            style={{
              position: 'absolute',
              top: 0,
              left: 0,
              width: '100%',
              transform: `translateY(${row.start}px)`,
            }}
          >
            {renderItem(items[row.index]!, row.index)}
          </li>
        ))}
      </ul>
    </div>
  );
}
