// The WAI-ARIA Authoring Practices tabs pattern (automatic activation): one tab in the
// page's tab sequence (roving tabindex), Left/Right arrows move between tabs and wrap,
// Home/End go to the first/last, and the URL hash names the open tab so that a link,
// a reload or the back button opens the same one. Switching only hides panels: nothing
// in them is re-created, so nothing typed, generated or wrapped is lost.
export function startTabs(tablist: HTMLElement, onChange: (panelId: string) => void = () => {}): void {
  const tabs = [...tablist.querySelectorAll<HTMLElement>('[role="tab"]')];
  const panelOf = (tab: HTMLElement) => tab.getAttribute('aria-controls')!;

  const select = (tab: HTMLElement, focus: boolean) => {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      document.getElementById(panelOf(t))!.hidden = !selected;
    }
    // A person's choice goes into the URL (replaced, not pushed: tabs are not pages).
    if (focus) {
      tab.focus();
      if (location.hash !== `#${panelOf(tab)}`) history.replaceState(history.state, '', `#${panelOf(tab)}`);
    }
    onChange(panelOf(tab));
  };

  for (const tab of tabs) {
    tab.addEventListener('click', () => select(tab, true));
    tab.addEventListener('keydown', (ev) => {
      const i = tabs.indexOf(tab);
      const next = { ArrowRight: (i + 1) % tabs.length, ArrowLeft: (i - 1 + tabs.length) % tabs.length, Home: 0, End: tabs.length - 1 }[ev.key];
      if (next === undefined) return;
      ev.preventDefault();
      select(tabs[next]!, true);
    });
  }

  const fromHash = () => {
    const tab = tabs.find((t) => `#${panelOf(t)}` === location.hash);
    if (tab && tab.getAttribute('aria-selected') !== 'true') select(tab, false);
  };
  window.addEventListener('hashchange', fromHash);
  const initial = tabs.find((t) => `#${panelOf(t)}` === location.hash) ?? tabs.find((t) => t.getAttribute('aria-selected') === 'true') ?? tabs[0]!;
  select(initial, false);
}
