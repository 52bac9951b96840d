import type { StoreApi, UseBoundStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';

/**
 * Several fields of one store in one subscription: `const { a, b } = usePick(useXStore, 'a', 'b')`.
 * The component re-renders only when one of them changes (a shallow comparison), as with one
 * selector per field.
 */
export function usePick<S extends object, K extends keyof S>(
  useStore: UseBoundStore<StoreApi<S>>,
  ...keys: K[]
): Pick<S, K> {
  return useStore(
    useShallow((state: S) => {
      const picked = {} as Pick<S, K>;
      for (const key of keys) picked[key] = state[key];
      return picked;
    }),
  );
}
