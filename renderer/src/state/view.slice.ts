/** View choices that are not engine state: what is drawn over the graph. */
import { create } from 'zustand';

export interface ViewState {
  /**
   * Off by default: at 1360x820 the legend covers a quarter of the graph, and the node cards say
   * their status in words anyway. One click brings it back.
   */
  showLegend: boolean;
  /** Off by default for the same reason: the minimap sits on the pods in the bottom-right corner. */
  showMiniMap: boolean;
  toggleLegend(): void;
  toggleMiniMap(): void;
}

export const useView = create<ViewState>((set) => ({
  showLegend: false,
  showMiniMap: false,
  toggleLegend() {
    set((s) => ({ showLegend: !s.showLegend }));
  },
  toggleMiniMap() {
    set((s) => ({ showMiniMap: !s.showMiniMap }));
  },
}));
