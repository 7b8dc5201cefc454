// The demo page: tabs, and the two modes.
import { startMockMode } from './mock_mode.js';
import { startOfflineMode } from './offline_mode.js';

const tabs = [
  ['tab-mock', 'mock'],
  ['tab-offline', 'offline'],
] as const;
for (const [tabId, panelId] of tabs) {
  document.getElementById(tabId)!.addEventListener('click', () => {
    for (const [t, p] of tabs) {
      document.getElementById(t)!.setAttribute('aria-selected', String(t === tabId));
      document.getElementById(p)!.hidden = p !== panelId;
    }
  });
}

startOfflineMode();
void startMockMode();
