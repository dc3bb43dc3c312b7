/** Put the caret back in the counter's entry field (after a dialog, a click, a scan). */
export function focusEntry(): void {
  requestAnimationFrame(() => {
    const el = document.querySelector<HTMLInputElement>('[data-entry="main"]');
    if (el && document.activeElement !== el && !document.querySelector('[role="dialog"]')) el.focus();
  });
}

export function isTextField(el: Element | null): boolean {
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;
}
