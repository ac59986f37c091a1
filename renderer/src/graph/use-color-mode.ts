import { useSyncExternalStore } from 'react';
import type { ColorMode } from '@xyflow/react';

function subscribe(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => observer.disconnect();
}

function snapshot(): ColorMode {
  const theme = document.documentElement.dataset.theme;
  return theme === 'light' || theme === 'dark' ? theme : 'system';
}

/** The app's theme (`<html data-theme>`), passed to React Flow so its controls and minimap match. */
export function useColorMode(): ColorMode {
  return useSyncExternalStore(subscribe, snapshot, () => 'system');
}
