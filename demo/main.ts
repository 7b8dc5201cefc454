// The demo page: the two modes behind WAI-ARIA tabs.
import { startMockMode } from './mock_mode.js';
import { startOfflineMode } from './offline_mode.js';
import { startTabs } from './tabs.js';
import { $ } from './ui.js';

startTabs($('modes'));
startOfflineMode();
void startMockMode();
