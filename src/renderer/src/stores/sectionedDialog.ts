/**
 * What a store behind a `SectionedDialog` (Settings, Records) holds for the dialog itself: whether
 * it is open and which section shows. `open` is the store's own (each loads what it needs).
 */
export interface SectionedDialogState<Section extends string> {
  isOpen: boolean;
  section: Section;
  open(section?: Section): void;
  close(): void;
  setSection(section: Section): void;
}

/** `close` and `setSection`, the same in every such store. */
export function dialogNavigation<Section extends string>(
  set: (partial: Partial<SectionedDialogState<Section>>) => void,
): Pick<SectionedDialogState<Section>, 'close' | 'setSection'> {
  return {
    close: () => set({ isOpen: false }),
    setSection: (section) => set({ section }),
  };
}
